"""Scanning finds card files and never opens what is not a regular file; loading keeps the good ones."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from reader.core.load import Batch, load
from reader.core.scan import scan
from tests.conftest import CardWriter, card_fields
from tests.oracle import loaded_entries


def reasons(folder: Path) -> dict[str, str]:
    return {os.path.basename(p.path): p.reason for p in load([str(folder)], jobs=1).problems}


def test_recursive_sorted_and_dotfiles_skipped(write_card: CardWriter, tmp_path: Path) -> None:
    write_card("b.txt", **card_fields("B"))
    write_card("a.txt", **card_fields("A"))
    write_card(".hidden.txt", **card_fields("Hidden"))
    (tmp_path / "cards" / "sub").mkdir()
    (tmp_path / "cards" / ".git").mkdir()
    (tmp_path / "cards" / ".git" / "c.txt").write_text("x")
    (tmp_path / "cards" / "sub" / "c.txt").write_text("---\ntitle: C\n---\n")
    found = scan([str(tmp_path / "cards")])
    assert [os.path.relpath(f.path, tmp_path / "cards") for f in found.files] == [
        "a.txt", "b.txt", os.path.join("sub", "c.txt")]
    assert found.problems == []


def test_fifo_is_never_opened(write_card: CardWriter, tmp_path: Path) -> None:
    write_card("good.txt", **card_fields("Good"))
    os.mkfifo(tmp_path / "cards" / "pipe.txt")
    # it would hang forever if the FIFO were opened
    _result, result_entries = loaded_entries([str(tmp_path / "cards")], jobs=1)
    assert [e.title for e in result_entries] == ["Good"]
    assert reasons(tmp_path / "cards") == {"pipe.txt": "not a regular file (a FIFO)"}


def test_links(write_card: CardWriter, tmp_path: Path) -> None:
    cards = tmp_path / "cards"
    target = write_card("real.txt", **card_fields("Real"))
    (cards / "link.txt").symlink_to(target)
    (cards / "loop").symlink_to(cards / "loop")
    (cards / "broken.txt").symlink_to(cards / "missing")
    (cards / "up").symlink_to(cards)
    assert reasons(cards) == {
        "loop": "symbolic link loop",
        "broken.txt": "broken symbolic link",
        "up": "link to a folder, not followed",
    }
    assert len(loaded_entries([str(cards)], jobs=1)[1]) == 2  # the file and the link to it


def test_unreadable_file(write_card: CardWriter, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    secret = write_card("secret.txt", **card_fields("Secret"))
    write_card("open.txt", **card_fields("Open"))
    real_open = os.open

    def deny(path: str, *args: int) -> int:  # as chmod 0 does for anyone but root (CI runs as root)
        if path == str(secret):
            raise PermissionError(13, "Permission denied", path)
        return real_open(path, *args)

    monkeypatch.setattr(os, "open", deny)
    assert reasons(tmp_path / "cards") == {"secret.txt": "permission denied"}
    assert [e.title for e in loaded_entries([str(tmp_path / "cards")], jobs=1)[1]] == ["Open"]


def test_missing_path_is_a_problem(tmp_path: Path) -> None:
    result = load([str(tmp_path / "nope")], jobs=1)
    assert [p.reason for p in result.problems] == ["no such file or folder"]


def test_one_bad_file_never_stops_the_rest(write_card: CardWriter, tmp_path: Path) -> None:
    for number in range(30):
        write_card(f"{number:02}.txt", **card_fields(f"Card {number}"))
    (tmp_path / "cards" / "15.txt").write_bytes(b"\xff\xfe garbage")
    result, result_entries = loaded_entries([str(tmp_path / "cards")], jobs=1)
    assert len(result_entries) == 29 and len(result.problems) == 1


def test_parallel_and_serial_loads_agree(write_card: CardWriter, tmp_path: Path) -> None:
    for number in range(450):
        write_card(f"{number:03}.txt", **card_fields(f"Card {number}", heat=number % 101))
    serial, serial_entries = loaded_entries([str(tmp_path / "cards")], tmp_path / "one", jobs=1)
    parallel, parallel_entries = loaded_entries([str(tmp_path / "cards")], tmp_path / "two",
                                                jobs=2)
    assert serial.parsed == parallel.parsed == 450
    assert serial_entries == parallel_entries and len(serial_entries) == 450


def test_a_failing_worker_pool_falls_back_to_parsing_here(
    write_card: CardWriter, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from concurrent.futures import Future
    from concurrent.futures.process import BrokenProcessPool

    from reader.core import pool as load_module

    for number in range(450):
        write_card(f"{number:03}.txt", **card_fields(f"Card {number}"))

    started: list[bool] = []
    sent: list[list[str]] = []

    class DyingPool:
        def __init__(self, *args: object, **kwargs: object) -> None:
            started.append(True)

        def __enter__(self) -> DyingPool:
            return self

        def __exit__(self, *args: object) -> None:
            return None

        def shutdown(self, wait: bool = True, cancel_futures: bool = False) -> None:
            return None

        def submit(self, function: object, chunk: list[str]) -> Future[list[object]]:
            future: Future[list[object]] = Future()  # the first chunk parsed, then it dies
            if not sent:
                future.set_result(list(load_module.parse_chunk(chunk)))
            else:
                future.set_exception(BrokenProcessPool("a worker was killed"))
            sent.append(chunk)
            return future

    import concurrent.futures  # load imports the pool from here when it parses in parallel

    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", DyingPool)
    _result, result_entries = loaded_entries([str(tmp_path / "cards")], jobs=2)
    assert started and len(sent) > 1  # the pool that dies is the one load used
    assert len(result_entries) == 450 and len({e.path for e in result_entries}) == 450


def test_progress_reports_everything(write_card: CardWriter, tmp_path: Path) -> None:
    for number in range(5):
        write_card(f"{number}.txt", **card_fields(f"Card {number}"))
    calls: list[Batch] = []
    (tmp_path / "cards" / "broken.txt").write_text("no front matter")
    load([str(tmp_path / "cards")], jobs=1, on_progress=calls.append)
    assert calls[0].reset and (calls[0].done, calls[0].total) == (0, 6)
    assert (calls[-1].done, calls[-1].total, calls[-1].finished) == (6, 6, True)
    assert not any(c.reset for c in calls[1:])
    assert [p.path for c in calls for p in c.problems] == [str(tmp_path / "cards" / "broken.txt")]


def test_a_file_dated_past_2262_is_indexed(write_card: CardWriter, tmp_path: Path) -> None:
    # Its mtime in ns passes 64 bits: the index could not store it, and `check` ended with a
    # traceback. It is taken as dated in 2262.
    path = write_card("future.txt", **card_fields("From the future"))
    write_card("now.txt", **card_fields("From now"))
    year_2300 = 10_413_792_000 * 10**9
    os.utime(path, ns=(year_2300, year_2300))
    if os.stat(path).st_mtime_ns != year_2300:
        pytest.skip("this file system cannot date a file in 2300")
    index = tmp_path / "index"
    result = load([str(tmp_path / "cards")], index_dir=index)
    assert result.unwritable is None and not result.problems
    result, entries = loaded_entries([str(tmp_path / "cards")], index)  # read again
    assert result.unwritable is None and not result.problems
    assert sorted(entry.title for entry in entries) == ["From now", "From the future"]


def test_the_paths_to_parse_are_made_as_the_pool_asks_for_them() -> None:
    from array import array

    from reader.core.pool import PathsAt

    places = [(["a", "b", "c"], array("q", [2, 0])), (["x"], array("q")),
              (["d", "e", "f"], array("q", [0, 1, 2]))]
    flat = ["c", "a", "d", "e", "f"]
    paths = PathsAt(places)
    assert len(paths) == 5 and list(paths) == flat and paths[4] == "f"
    for start in range(6):
        for stop in range(start, 7):
            assert paths[start:stop] == flat[start:stop]


def test_paths_kept_in_one_buffer_read_back_as_the_file_system_has_them() -> None:
    from reader.core.scan import Paths

    names = ["/cards/a.txt", "/cards/café.txt", os.fsdecode(b"/cards/\xff-not-utf8.txt"), ""]
    paths = Paths(names)
    assert list(paths) == names and paths == names and paths == Paths(names)
    assert paths[1] == "café.txt".join(["/cards/", ""]) and paths[-2] == names[2]
    assert paths[1:3] == names[1:3]
    assert [paths.encoded(at) for at in range(len(names))] == [os.fsencode(n) for n in names]
    assert paths != Paths(names[:3]) and paths != ["/cards/a.txt"]
    with pytest.raises(IndexError):
        paths[4]


def test_paths_under_a_folder_keep_only_what_follows_it_and_any_other_path_whole() -> None:
    from reader.core.scan import Paths

    names = ["/cards/a.txt", "/cards/sub/b.txt", "/elsewhere/c.txt", "/cards/d.txt"]
    paths = Paths(names[:2], under="/cards")
    assert list(paths) == names[:2] and paths.encoded(1) == b"/cards/sub/b.txt"
    for name in names[2:]:  # one not under the folder: every path is kept whole from then on
        paths.append(name)
    assert list(paths) == names and paths == Paths(names) and paths[1:3] == names[1:3]
    assert Paths(names[:2], under="/cards") == Paths(names[:2])


def test_a_changed_folder_parses_only_its_new_and_changed_files(
        write_card: CardWriter, tmp_path: Path) -> None:
    # The index and the scan are walked side by side in scan order (no dict of every path):
    # files added between others, in subfolders and after them, removed and changed.
    import time

    cards = tmp_path / "cards"

    def card(name: str, title: str) -> None:
        (cards / name).parent.mkdir(parents=True, exist_ok=True)
        path = write_card(name, **card_fields(title))
        hour_ago = time.time_ns() - 3600 * 10**9  # old enough to be trusted
        os.utime(path, ns=(hour_ago, hour_ago))

    for name in ("a/1.txt", "a/2.txt", "b.txt", "c/3.txt", "c/d/4.txt", "z.txt"):
        card(name, f"Card {name}")
    index = tmp_path / "index"
    assert load([str(cards)], index_dir=index).parsed == 6
    for name in ("a/15.txt", "c/d/0.txt", "y.txt", "c/e/5.txt"):
        card(name, f"Card {name}")
    (cards / "c" / "3.txt").unlink()
    card("b.txt", "Card b.txt, changed and longer")
    result, entries = loaded_entries([str(cards)], index)
    assert result.parsed == 5  # four new, one changed
    assert sorted(entry.title for entry in entries) == sorted([
        "Card a/1.txt", "Card a/15.txt", "Card a/2.txt", "Card b.txt, changed and longer",
        "Card c/d/0.txt", "Card c/d/4.txt", "Card c/e/5.txt", "Card y.txt", "Card z.txt"])
    assert load([str(cards)], index_dir=index).parsed == 0
