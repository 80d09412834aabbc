"""What the screens look like, pinned as SVG snapshots (update with --snapshot-update)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.pilot import Pilot

from tests.app.helpers import make_app, settle

SEEDS = Path(__file__).resolve().parents[2] / "seeds"


async def loaded(pilot: Pilot[None]) -> None:
    await settle(pilot)


async def help_open(pilot: Pilot[None]) -> None:
    await settle(pilot)
    await pilot.press("question_mark")
    await pilot.pause()


async def related_focused(pilot: Pilot[None]) -> None:
    await settle(pilot)
    await pilot.press("tab", "tab")
    await pilot.pause()


def test_main_screen_80x24(snap_compare: Any) -> None:
    assert snap_compare(make_app(SEEDS), terminal_size=(80, 24), run_before=loaded)


def test_main_screen_120x40(snap_compare: Any) -> None:
    assert snap_compare(make_app(SEEDS), terminal_size=(120, 40), run_before=loaded)


def test_related_item_focused_120x40(snap_compare: Any) -> None:
    assert snap_compare(make_app(SEEDS), terminal_size=(120, 40), run_before=related_focused)


def test_help_screen(snap_compare: Any) -> None:
    assert snap_compare(make_app(SEEDS), terminal_size=(100, 50), run_before=help_open)
