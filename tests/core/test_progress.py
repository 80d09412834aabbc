"""A long load's progress on the command line (issue 25, point 7): on a terminal only, files
parsed of the total, the rate and the time left; nothing extra when piped."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from reader import progress
from reader.cli import run
from reader.core.load import Batch
from tests.conftest import CardWriter, card_fields


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_says_how_far_the_parse_is() -> None:
    screen = Terminal()
    shown = progress.Progress(screen)
    shown.started -= 10  # ten seconds into the load
    shown(Batch([], 0, 0))
    assert screen.getvalue().endswith("scanning the card folders…\x1b[K")
    shown(Batch([], 2_500, 10_000))
    line = screen.getvalue().rsplit("\r", 1)[1]
    assert line.startswith("newsreader: reading cards 2,500/10,000 · 250 a second · 30 s left")
    shown.end()
    assert screen.getvalue().endswith("\r\x1b[K")


def test_nothing_extra_when_piped_or_quick() -> None:
    piped = io.StringIO()
    shown = progress.Progress(piped)
    shown.started -= 10
    shown(Batch([], 5, 10))
    shown.end()
    assert piped.getvalue() == ""
    screen = Terminal()
    quick = progress.Progress(screen)  # within its first second: nothing yet
    quick(Batch([], 5, 10))
    quick.end()
    assert screen.getvalue() == ""


def test_a_cold_check_on_a_terminal_shows_progress_before_its_summary(
        write_card: CardWriter, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    for number in range(30):
        write_card(f"{number}.txt", **card_fields(f"Story {number}", number))
    monkeypatch.setattr(progress, "AFTER", 0.0)
    screen = Terminal()
    monkeypatch.setattr("sys.stderr", screen)
    assert run(["check", str(tmp_path / "cards")]) == 0
    assert "newsreader: reading cards" in screen.getvalue() or "scanning" in screen.getvalue()
    assert screen.getvalue().endswith("\r\x1b[K")
    assert capsys.readouterr().out == "30 card(s) read, 0 file(s) skipped\n"  # stdout untouched
