"""The on-disk index: warm starts parse only what changed, and a damaged index is rebuilt."""

from __future__ import annotations

import json
import os
import sqlite3
import time
from pathlib import Path

import pytest

from reader.cli import run
from reader.core import db
from reader.core.card import Entry
from reader.core.load import Batch, load
from reader.core.scan import Paths, words
from tests.conftest import CardWriter, card_fields
from tests.oracle import loaded_entries

DAY_NS = 86_400 * 10**9


@pytest.fixture
def cards(write_card: CardWriter, tmp_path: Path) -> Path:
    for number in range(5):
        write_card(f"{number}.txt", **card_fields(f"Card {number}", heat=10 * number))
    write_card("bad.txt", text="no front matter here\n")
    folder = tmp_path / "cards"
    age(folder)
    return folder


def age(folder: Path) -> None:
    """Date every file a day back, as files long written are (a fresh mtime is not trusted)."""
    old = time.time_ns() - DAY_NS
    for path in folder.iterdir():
        os.utime(path, ns=(old, old))


def titles(entries: list[Entry]) -> list[str]:
    return sorted(entry.title for entry in entries)


def test_second_load_parses_nothing_and_gives_the_same_cards(cards: Path) -> None:
    cold, cold_entries = loaded_entries([str(cards)], jobs=1)
    warm, warm_entries = loaded_entries([str(cards)], jobs=1)
    assert (cold.parsed, warm.parsed) == (6, 0)
    assert sorted(cold_entries) == sorted(warm_entries)
    assert [p.reason for p in warm.problems] == [p.reason for p in cold.problems]
    assert db.index_file(str(cards)).exists()


def test_new_changed_and_removed_files_are_seen(cards: Path, write_card: CardWriter) -> None:
    load([str(cards)], jobs=1)
    write_card("new.txt", **card_fields("Brand new"))
    write_card("1.txt", **card_fields("Card 1 edited, longer"))
    (cards / "2.txt").unlink()
    batches: list[Batch] = []
    result, result_entries = loaded_entries([str(cards)], jobs=1, on_progress=batches.append)
    assert result.parsed == 2
    assert titles(result_entries) == ["Brand new", "Card 0", "Card 1 edited, longer", "Card 3",
                                      "Card 4"]
    # Once scanned, the problems known (reset), then the two parsed and stored.
    assert batches[0].reset and (batches[0].done, batches[0].total) == (0, 2)
    assert batches[-1].finished and batches[-1].done == 2
    assert load([str(cards)], jobs=1).parsed == 2  # just written: not trusted until they age
    age(cards)
    load([str(cards)], jobs=1)
    assert load([str(cards)], jobs=1).parsed == 0


def test_same_size_edit_is_seen_by_its_mtime(cards: Path) -> None:
    load([str(cards)], jobs=1)
    path = cards / "3.txt"
    path.write_text(path.read_text().replace("Card 3", "Card 8"))
    age(cards)
    os.utime(path, ns=(time.time_ns() - DAY_NS // 2,) * 2)
    assert "Card 8" in titles(loaded_entries([str(cards)], jobs=1)[1])


@pytest.mark.parametrize("how", ["touch -r", "cp -p"])
def test_a_rewrite_that_restores_the_mtime_is_seen(cards: Path, tmp_path: Path, how: str) -> None:
    # Same size, same mtime: `touch -r`, `cp -p`, `rsync -t` and archives restore the mtime; the
    # ctime (and, for a new file, the inode) still tell (issue 17.14).
    load([str(cards)], jobs=1)
    path = cards / "3.txt"
    before = path.stat()
    text = path.read_text().replace("Card 3", "Card 8").replace("card-3", "card-8")
    if how == "touch -r":
        path.write_text(text)
    else:
        copy = tmp_path / "elsewhere.txt"
        copy.write_text(text)
        os.replace(copy, path)
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert path.stat().st_size == before.st_size and path.stat().st_mtime_ns == before.st_mtime_ns
    entries = loaded_entries([str(cards)], jobs=1)[1]
    assert "Card 8" in titles(entries) and "Card 3" not in titles(entries)
    assert any(entry.url.endswith("card-8") for entry in entries)


def _sql(path: Path, statement: str) -> None:
    """Change the index database by hand, as a user or another program might."""
    db = sqlite3.connect(path)
    with db:
        db.execute(statement)
    db.close()


@pytest.mark.parametrize("damage", [
    lambda data: data[: len(data) // 2],                      # a write cut short
    lambda data: bytes(100) + data[100:],                     # the header zeroed
    lambda data: b"something else entirely",                  # not an index
    lambda data: b"",                                         # an empty file
    lambda data: data[:4096] + bytes(len(data) - 4096),       # every page but the first zeroed
])
def test_a_damaged_index_is_named_and_rebuilt(cards: Path, damage: object) -> None:
    load([str(cards)], jobs=1)
    path = db.index_file(str(cards))
    path.write_bytes(damage(path.read_bytes()))  # type: ignore[operator]
    result, result_entries = loaded_entries([str(cards)], jobs=1)
    assert result.parsed == 6 and len(result_entries) == 5
    assert any("damaged" in note and str(path) in note for note in result.notes)
    assert load([str(cards)], jobs=1).notes == []  # rebuilt


def test_an_index_of_another_format_is_named_and_rebuilt(cards: Path) -> None:
    load([str(cards)], jobs=1)
    path = db.index_file(str(cards))
    _sql(path, "UPDATE meta SET value = 'newsreader-index 8' WHERE key = 'format'")
    result = load([str(cards)], jobs=1)
    assert result.parsed == 6 and any("another format" in note for note in result.notes)
    assert load([str(cards)], jobs=1).notes == []


def test_no_cache_leaves_the_cache_alone(cards: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["check", "--no-cache", str(cards)]) == 1  # (one file is not a card)
    assert "5 card(s) read, 1 file(s) skipped" in capsys.readouterr().out
    assert not db.cache_dir().exists()


def test_an_unwritable_cache_is_a_note_not_a_failure(cards: Path, tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    result = load([str(cards)], jobs=1, index_dir=blocker / "index")
    assert result.unwritable is not None and "cannot be written" in result.unwritable
    db.cache_dir().parent.parent.mkdir(parents=True, exist_ok=True)
    db.cache_dir().parent.write_text("")  # the cache folder cannot be made
    assert run(["list", str(cards)]) == 0
    out, err = capsys.readouterr()
    assert len(out.splitlines()) == 5
    assert "cannot be written" in err and "temporary index" in err


def test_unreadable_files_are_tried_again_not_remembered(cards: Path) -> None:
    if os.geteuid() == 0:
        pytest.skip("root reads every file")
    locked = cards / "0.txt"
    locked.chmod(0)
    assert any("permission" in p.reason for p in load([str(cards)], jobs=1).problems)
    locked.chmod(0o644)
    assert "Card 0" in titles(loaded_entries([str(cards)], jobs=1)[1])


def test_the_index_is_never_inside_the_card_folder(cards: Path) -> None:
    before = sorted(p.name for p in cards.iterdir())
    load([str(cards)], jobs=1)
    assert sorted(p.name for p in cards.iterdir()) == before
    assert db.cache_dir() in db.index_file(str(cards)).parents


def test_file_system_problems_are_not_written(tmp_path: Path) -> None:
    from reader.core.card import Problem

    folder = db.FolderIndex(str(tmp_path), paths=Paths(["/a", "/b"]), sizes=words([1, 1]),
                            mtimes=words([1, 1]), identities=words([7, 8]), items=[
        Problem("/a", "permission denied", transient=True), Problem("/b", "no front matter")])
    assert db.write_folder(folder, tmp_path / "idx") is None
    read, why = db.read_folder(str(tmp_path), tmp_path / "idx")
    assert why is None and read.paths == ["/b"] and read.items == [Problem("/b", "no front matter")]


def test_a_change_writes_only_its_rows(cards: Path, write_card: CardWriter) -> None:
    load([str(cards)], jobs=1)
    path = db.index_file(str(cards))
    before = _rows(path)
    write_card("1.txt", **card_fields("Card 1 edited"))
    write_card("new.txt", **card_fields("Brand new"))
    (cards / "3.txt").unlink()
    old = time.time_ns() - DAY_NS  # the changed files old enough to be trusted next time
    for name in ("1.txt", "new.txt"):
        os.utime(cards / name, ns=(old, old))
    assert load([str(cards)], jobs=1).parsed == 2
    after = _rows(path)
    kept = {name: row for name, row in before.items() if name not in ("1.txt", "3.txt")}
    assert {name: after[name] for name in kept} == kept  # untouched rows keep their row id
    assert "3.txt" not in after and after["1.txt"] != before["1.txt"] and "new.txt" in after
    assert "Card 1 edited" in titles(loaded_entries([str(cards)], jobs=1)[1])
    assert load([str(cards)], jobs=1).parsed == 0


def _rows(path: Path) -> dict[str, int]:
    db = sqlite3.connect(path)
    try:
        return {os.fsdecode(name).rsplit("/", 1)[-1]: row
                for row, name in db.execute("SELECT id, path FROM cards")}
    finally:
        db.close()


def test_two_folders_share_the_database_and_keep_apart(cards: Path, tmp_path: Path) -> None:
    other = tmp_path / "other"
    other.mkdir()
    (other / "x.txt").write_text(
        "---\ntitle: Elsewhere\nwebUrl: https://o.test/x\n---\n", encoding="utf-8")
    age(other)
    load([str(cards)], jobs=1)
    load([str(other)], jobs=1)
    assert titles(loaded_entries([str(other)], jobs=1)[1]) == ["Elsewhere"]
    assert len(loaded_entries([str(cards)], jobs=1)[1]) == 5
    assert load([str(cards), str(other)], jobs=1).parsed == 0


def test_a_load_stopped_midway_keeps_what_it_parsed(write_card: CardWriter, tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    import threading

    from reader.core import pool as load_module

    monkeypatch.setattr(load_module, "CHUNK", 3)
    for number in range(12):
        write_card(f"{number:02}.txt", **card_fields(f"Card {number}"))
    folder = tmp_path / "cards"
    age(folder)
    stop = threading.Event()

    def quit_after_first(batch: Batch) -> None:
        if batch.done:
            stop.set()

    stopped = load([str(folder)], jobs=1, on_progress=quit_after_first, interval=0, stop=stop)
    assert 0 < stopped.parsed < 12
    kept, _ = db.read_folder(str(folder))
    assert len(kept.paths) == stopped.parsed and None not in kept.items
    assert load([str(folder)], jobs=1).parsed == 12 - stopped.parsed


@pytest.mark.parametrize("statement", [
    "UPDATE cards SET heat = '99' WHERE heat IS NOT NULL",     # heat as text: sorting would fail
    "UPDATE cards SET heat = 1e300 WHERE heat IS NOT NULL",    # a heat no card can hold
    "UPDATE cards SET topics = 7 WHERE problem IS NULL",       # topics that are not text
    "UPDATE cards SET search = 'text' WHERE problem IS NULL",  # search text as str, not bytes
    "UPDATE cards SET public = 2 WHERE problem IS NULL",       # a flag that is not one
    "UPDATE cards SET path = 'a' WHERE id = (SELECT min(id) FROM cards)",  # a path as text
    "UPDATE cards SET \"when\" = NULL",                        # a date of the wrong type
    "UPDATE folders SET written_ns = 'now'",                   # a folder of the wrong shape
    "DROP TABLE cards",                                        # a table gone
])
def test_a_hand_made_index_with_wrong_shapes_is_damage(cards: Path, statement: str,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    load([str(cards)], jobs=1)
    path = db.index_file(str(cards))
    _sql(path, statement)
    capsys.readouterr()
    assert run(["list", "--json", str(cards)]) == 0  # the load, or the library, finds it
    out, err = capsys.readouterr()
    assert "damaged" in err and str(path) in err
    listed = json.loads(out)
    assert sorted(card["title"] for card in listed) == [f"Card {n}" for n in range(5)]
    assert all(isinstance(card["heat"], int) for card in listed)
    assert run(["list", str(cards)]) == 0 and "damaged" not in capsys.readouterr().err  # rebuilt


def test_an_index_replaced_by_a_fifo_is_named_and_rebuilt(cards: Path) -> None:
    load([str(cards)], jobs=1)
    path = db.index_file(str(cards))
    path.unlink()
    os.mkfifo(path)
    result, result_entries = loaded_entries([str(cards)], jobs=1)  # returns: nothing waits on the FIFO
    assert any("a FIFO" in note and str(path) in note for note in result.notes)
    assert len(result_entries) == 5 and path.is_file()


def test_a_reader_killed_while_writing_the_index_leaves_it_whole(tmp_path: Path) -> None:
    # kill -9 at moments spread over a load that rewrites most of the index: the next load
    # finds no damage and every card (the write is one transaction; WAL keeps the last one).
    import signal
    import subprocess
    import sys

    folder = tmp_path / "cards"
    folder.mkdir()
    card = "---\ntitle: Card {0} {1}\nheat: {0}\nwebUrl: https://k.test/{0}\n---\n"
    for number in range(1000):
        (folder / f"{number:04}.txt").write_text(card.format(number, "a"))
    age(folder)
    cache = tmp_path / "index"
    load([str(folder)], jobs=1, index_dir=cache)
    code = ("import sys; from pathlib import Path; from reader.core.load import load; "
            "load([sys.argv[1]], jobs=1, index_dir=Path(sys.argv[2]))")
    for attempt, moment in enumerate((0.15, 0.3, 0.45, 0.6)):
        for number in range(0, 1000, 2):  # half the cards change: a big write
            (folder / f"{number:04}.txt").write_text(card.format(number, f"v{attempt}"))
        age(folder)
        writer = subprocess.Popen([sys.executable, "-c", code, str(folder), str(cache)])
        time.sleep(moment)  # where in the parse or the write the kill lands: the point
        writer.send_signal(signal.SIGKILL)
        writer.wait()
        result, result_entries = loaded_entries([str(folder)], jobs=1, index_dir=cache)
        assert result.notes == [] and len(result_entries) == 1000, (moment, result.notes)
        assert {e.title for e in result_entries} >= {f"Card 0 v{attempt}", "Card 1 a"}
