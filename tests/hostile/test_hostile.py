"""Hostile and broken cards: never crash, never obey the content, never lose the rest (issue 3)."""

from __future__ import annotations

import contextlib
import json
import math
import os
import pty
import select
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reader.cli import run
from reader.core.card import Card, Problem
from reader.core.parse import parse_text
from reader.core.urls import is_openable
from reader.widgets.detail import RelatedItem
from tests.app.helpers import FakeBrowser, articles, detail_text, make_app, settle
from tests.conftest import front_matter
from tests.hostile.builder import MARKUP_TITLES, build

CONTROL = {chr(c) for c in [*range(0x00, 0x20), *range(0x7F, 0xA0)]} | set("\u202a\u202b\u202c\u202d\u202e")


def has_control(text: str) -> bool:
    return any(ch in CONTROL for ch in text)


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    folder = tmp_path_factory.mktemp("hostile") / "cards"
    return folder, build(folder)


def test_check_names_every_bad_file(hostile: tuple[Path, dict[str, str]],
                                    capsys: pytest.CaptureFixture[str]) -> None:
    folder, expected = hostile
    assert run(["check", str(folder), "--json"]) == 1
    report = json.loads(capsys.readouterr().out)
    reasons = {os.path.basename(p["path"]): p["reason"] for p in report["problems"]}
    assert set(reasons) == set(expected)
    for name, reason in expected.items():
        assert reason in reasons[name], (name, reasons[name])
    assert report["cards"] == 30
    assert run(["check", str(folder)]) == 1
    out = capsys.readouterr()
    assert "Traceback" not in out.out + out.err and "19 file(s) skipped" in out.out


def test_list_json_is_clean_and_in_heat_order(hostile: tuple[Path, dict[str, str]],
                                              capsys: pytest.CaptureFixture[str]) -> None:
    folder, _ = hostile
    assert run(["list", str(folder), "--json"]) == 0
    cards = json.loads(capsys.readouterr().out)
    assert len(cards) == 30
    heats = [card["heat"] for card in cards]
    known = [heat for heat in heats if heat is not None]
    assert heats == known + [None] * (len(heats) - len(known))  # a card without heat goes last
    assert known == sorted(known, reverse=True)
    for card in cards:
        assert not has_control(card["title"]) and not has_control(card["provider"])
        assert card["url"] is None or is_openable(card["url"])
        assert all(not has_control(t) for t in card["topics"])
    titles = {card["title"] for card in cards}
    assert set(MARKUP_TITLES) <= titles  # markup is text, shown as written
    assert "Clipboard ]52;c;ZXZpbCBjbGlwYm9hcmQ= attack" in titles
    assert max(len(t) for t in titles) <= 1_000
    assert sum(card["url"] is not None for card in cards) == 30 - 8  # see the walking test
    bidi = next(card for card in cards if card["title"].startswith("Invoice"))
    # A topic with invisible characters is not "AI" and does not pass for it (issue 17.17)
    assert bidi["topics"] == ["A\ufffdI", "\ufffdAI", "Vision"]


@pytest.mark.parametrize("half", [0, 1])  # two halves: they run on two cores
async def test_walking_every_card_opens_and_copies_only_http(
    hostile: tuple[Path, dict[str, str]], browser: FakeBrowser, clipboard: list[str], half: int
) -> None:
    folder, _ = hostile
    app = make_app(folder)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        count = len(articles(app).view)
        assert count == 30
        articles(app).cursor = half * 15
        openable = 0
        for _ in range(15):
            entry = articles(app).current
            assert entry is not None
            openable += is_openable(app.session.title_and_link(entry)[1])
            await pilot.press("o", "c")
            await settle(pilot)
            lines = [strip.text for strip in app.screen._compositor.render_strips()]
            assert not any(has_control(line) for line in lines)
            app.clear_notifications()  # what this card said is checked; do not stack 30 toasts
            await pilot.press("j")
        assert app.is_running and app.return_code is None
        assert app.clipboard == ""  # nothing reached the terminal clipboard: pyperclip had it
    assert all(is_openable(url) for url in browser.opened + clipboard)
    # every card with an http(s) link opened and copied it; the 8 others (js, file, data, dash,
    # custom scheme, spaces, bad port, none) were refused, which list --json counts too
    assert len(browser.opened) == len(clipboard) == openable > 0


async def test_ten_thousand_related_items_stay_bounded(hostile: tuple[Path, dict[str, str]]) -> None:
    folder, _ = hostile
    app = make_app(folder / "manyrelated.txt")
    async with app.run_test() as pilot:
        await settle(pilot)
        assert len(app.main_screen.query(RelatedItem)) == 100


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text())
def test_any_text_is_a_card_or_a_problem(text: str) -> None:
    assert isinstance(parse_text("x.txt", "---\n" + text + "\n---\n"), Card | Problem)
    assert isinstance(parse_text("x.txt", text), Card | Problem)


yaml_scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=30))
yaml_values = st.recursive(
    yaml_scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4),
    max_leaves=20,
)
FIELDS = ["title", "excerpt", "heat", "quality", "topics", "provider", "related", "images",
          "webUrl", "publishedDateTime", "published"]


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(st.sampled_from(FIELDS), yaml_values, min_size=1))
def test_any_yaml_fields_are_a_card_or_a_problem(fields: dict[str, object]) -> None:
    import yaml

    try:
        document = front_matter(fields)
    except yaml.YAMLError:
        return
    result = parse_text("x.txt", "---\n" + document + "---\n")
    assert isinstance(result, Card | Problem)
    if isinstance(result, Card):
        for text in (result.title, result.provider.name, *result.topics):
            assert not has_control(text)
        assert result.heat is None or math.isfinite(result.heat)


@given(st.binary(max_size=2_000))
@settings(max_examples=200, deadline=None)
def test_any_bytes_are_a_card_or_a_problem(data: bytes) -> None:
    from reader.core.read import decode

    text = decode("x.txt", b"---\n" + data)
    if isinstance(text, str):
        assert isinstance(parse_text("x.txt", text), Card | Problem)


def _in_a_terminal(folder: Path, keys: list[bytes], tmp_path: Path,
                   shown: bytes = b"card(s)") -> bytes:
    """Run the reader in a pseudo-terminal on a folder, type keys, quit; every byte it wrote."""
    env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": "100", "LINES": "30",
           "BROWSER": str(tmp_path / "no-browser"), "XDG_STATE_HOME": str(tmp_path / "state")}
    pid, fd = pty.fork()
    if pid == 0:  # the child: the real reader, as a user starts it
        os.execve(sys.executable, [sys.executable, "-m", "reader", str(folder)], env)
    output = bytearray()

    def read_until(done: Callable[[], bool], limit: float) -> bool:
        """Read what the reader writes until done() holds or it closes; False after `limit`."""
        end = time.monotonic() + limit
        while not done():
            if time.monotonic() > end:
                return False
            ready, _, _ = select.select([fd], [], [], 0.05)
            if ready:
                try:
                    chunk = os.read(fd, 65536)
                except OSError:
                    return True  # the reader closed the terminal: it has quit
                if not chunk:
                    return True
                output.extend(chunk)
        return True

    assert read_until(lambda: shown in output, 30), f"the reader never showed {shown!r}"
    for key in keys:
        size = len(output)
        os.write(fd, key)
        read_until(lambda size=size: len(output) > size, 1)  # type: ignore[misc]
    os.write(fd, b"q")
    assert read_until(lambda: False, 30), "the reader did not quit"
    _, status = os.waitpid(pid, 0)
    os.close(fd)
    assert os.waitstatus_to_exitcode(status) == 0
    assert b"Traceback" not in output
    return bytes(output)


def test_real_terminal_never_receives_card_escape_sequences(
    hostile: tuple[Path, dict[str, str]], tmp_path: Path
) -> None:
    """Run the reader in a pseudo-terminal and read every byte it writes."""
    folder, _ = hostile
    output = _in_a_terminal(folder, [b"j"] * 12 + [b"G", b"k", b"k", b"g"], tmp_path,
                            shown=b"30 card(s)")  # every card loaded, so the list is drawn
    text = output.decode("utf-8", "replace")
    assert "Clipboard" in text or "markup" in text or "[bold red]x[/]" in text  # it drew cards
    assert b"\x1b]52" not in output  # no card reached the clipboard
    assert b"\x1b]8;" not in output  # no card made a hyperlink
    assert b"\x1b[2J\x1b[31mCleared" not in output and b"\x9b" not in output


def test_real_terminal_never_receives_escape_sequences_from_file_names(tmp_path: Path) -> None:
    """A file name that sets the window title and writes the clipboard, shown as 'Also in' and
    in the list of skipped files (p): no byte of it reaches the terminal raw (issue 17.1)."""
    folder = tmp_path / "cards"
    folder.mkdir()
    card = "---\ntitle: {}\nheat: {}\nwebUrl: https://same.test/story\n---\n"
    (folder / "a.txt").write_text(card.format("Story", 90), encoding="utf-8")
    (folder / HOSTILE_NAME).write_text(card.format("Story copy", 10), encoding="utf-8")
    (folder / ("x" + HOSTILE_NAME)).write_text("no front matter", encoding="utf-8")
    output = _in_a_terminal(folder, [b"p", b"p"], tmp_path, shown=b"PWNED")  # 'Also in' drawn
    assert b"skipped" in output and output.count(b"PWNED") >= 2  # and the skipped file
    assert b"PWNED" in output  # the name is shown, escaped ...
    assert b"\x1b]0;PWNED" not in output and b"\x1b]52;c;aWQK" not in output  # ... never raw


def _fingerprint(folder: Path) -> dict[str, tuple[int, int]]:
    return {
        entry.name: (entry.stat(follow_symlinks=False).st_mtime_ns, entry.stat(follow_symlinks=False).st_size)
        for entry in os.scandir(folder)
    }


async def test_card_files_are_never_written_and_real_hosts_are_shown(
    hostile: tuple[Path, dict[str, str]]
) -> None:
    folder, _ = hostile
    before = _fingerprint(folder)
    app = make_app(folder / "userinfo.txt", folder / "idn.txt")
    async with app.run_test(size=(120, 35)) as pilot:
        await settle(pilot)
        shown = detail_text(app)
        await pilot.press("j")
        await settle(pilot)
        shown += detail_text(app)
    assert "Article  evil.example" in shown and "www.ft.com" not in shown  # the real host
    assert "Article  xn--80ak6aa92e.com" in shown
    run(["check", str(folder)])
    assert _fingerprint(folder) == before


HOSTILE_NAME = "e\x1b]0;PWNED\x1b\\\x1b]52;c;aWQK\x1b\\.txt"


async def test_a_file_name_never_reaches_the_screen_raw(tmp_path: Path) -> None:
    """Two files of one story: the story pane names the other copy ('Also in'), escaped."""
    folder = tmp_path / "cards"
    folder.mkdir()
    card = "---\ntitle: {}\nheat: {}\nwebUrl: https://same.test/story\n---\n"
    (folder / "a.txt").write_text(card.format("Story", 90), encoding="utf-8")
    (folder / HOSTILE_NAME).write_text(card.format("Story copy", 10), encoding="utf-8")
    app = make_app(folder)
    async with app.run_test(size=(120, 35)) as pilot:
        await settle(pilot)
        shown = detail_text(app)
        lines = [strip.text for strip in app.screen._compositor.render_strips()]
    assert "Also in" in shown and "\\x1b]52;c;aWQK" in shown
    assert not any(has_control(line) for line in [*shown.splitlines(), *lines])
    assert app.clipboard == ""


def _children(pid: int) -> set[int]:
    found: set[int] = set()
    with contextlib.suppress(OSError):
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children") as listing:
                found.update(int(child) for child in listing.read().split())
    return found


@pytest.mark.skipif(not os.path.exists("/proc/self/task"), reason="needs Linux's /proc")
def test_ctrl_c_during_a_parallel_first_load_is_quiet(tmp_path: Path) -> None:
    # It hung once in 21 tries and printed a traceback once (issue 17.6): the workers got the
    # terminal's SIGINT too. Ctrl-C is sent as a terminal sends it, to the whole group.
    folder = tmp_path / "cards"
    folder.mkdir()
    card = "---\ntitle: Card {0}\nheat: {1}\nwebUrl: https://n.test/{0}\n---\n"
    for number in range(1200):
        (folder / f"{number}.txt").write_text(card.format(number, number % 100))
    # Ctrl-C while the tracker starts, while each worker imports, and while workers parse: the
    # moment is set by the processes that exist, then by a short offset into their start.
    for attempt, (workers, offset) in enumerate([(1, 0), (2, 0.01), (3, 0.03), (3, 0.06),
                                                 (3, 0.12)]):
        env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / f"cache{attempt}")}
        reader = subprocess.Popen([sys.executable, "-m", "reader", "check", str(folder)],
                                  stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env,
                                  start_new_session=True)
        deadline = time.monotonic() + 30
        while len(_children(reader.pid)) < workers and reader.poll() is None:
            assert time.monotonic() < deadline, "no worker ever started"
            time.sleep(0.005)  # polling for the workers, not waiting for a state
        time.sleep(offset)  # where in their start the signal lands: the point of the test
        os.killpg(reader.pid, signal.SIGINT)
        _, errors = reader.communicate(timeout=30)
        assert reader.returncode in (130, 0, 1), errors
        assert b"Traceback" not in errors and b"Error" not in errors, errors.decode()


async def test_a_lookalike_link_is_shown_opened_and_copied_as_punycode(
        tmp_path: Path, browser: FakeBrowser, clipboard: list[str]) -> None:
    # 'аpple.com' with a Cyrillic а went to the browser and clipboard as written (issue 17.2).
    folder = tmp_path / "cards"
    folder.mkdir()
    (folder / "lookalike.txt").write_text(
        "---\ntitle: Lookalike\nwebUrl: https://аpple.com/путь?q=ä\n---\n", encoding="utf-8")
    safe = "https://xn--pple-43d.com/%D0%BF%D1%83%D1%82%D1%8C?q=%C3%A4"
    app = make_app(folder)
    async with app.run_test(size=(120, 35)) as pilot:
        await settle(pilot)
        assert "Article  xn--pple-43d.com" in detail_text(app)
        await pilot.press("o", "c", "C")
        await settle(pilot)
        await pilot.press("l")
        await settle(pilot)
        rows = [strip.text for strip in app.screen._compositor.render_strips()]
    assert browser.opened == [safe]
    assert clipboard == [safe, f"[Lookalike]({safe})"]
    assert any("xn--pple-43d.com" in row and safe[:40] in row for row in rows)
