"""Issue 5 through the keys: read marks, stars, hiding, unread jumps, search, saved searches."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Static

from reader.app import NewsReader
from reader.screens.name import NameScreen
from reader.widgets import detail
from reader.widgets.search import SearchBar, SearchLine
from reader.widgets.status import StatusLine
from tests.app.helpers import (
    FakeBrowser,
    articles,
    highlighted_title,
    make_app,
    settle,
    topics,
    wait_until,
)


def titles(app: NewsReader) -> list[str]:
    return [app.session.library[i].title for i in articles(app).view]


def marker(app: NewsReader, position: int) -> str:
    """The unread dot and the star of a row, as drawn."""
    strip = articles(app).render_line(position - articles(app).scroll_offset.y)
    return strip.text[:2]


def sidebar(app: NewsReader) -> dict[str, tuple[int | None, int | None]]:
    return {source.label: (unread, total) for source, unread, total in topics(app).rows}


async def test_a_card_is_read_after_resting_in_the_pane(four: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(detail, "READ_AFTER", 0.3)
    app = make_app(four)
    async with app.run_test(size=(160, 30)) as pilot:
        await settle(pilot)
        pane = app.main_screen.query_one(detail.DetailPane)
        assert marker(app, 0) == "● " and sidebar(app)["All"] == (4, 4)
        assert not pane.counting  # nothing is read by itself at start-up
        await pilot.press("k")  # the first key: the user is here
        await wait_until(pilot, lambda: marker(app, 0) == "  ")
        assert sidebar(app)["All"] == (3, 4) and sidebar(app)["AI"] == (2, 3)
        assert "Marked read: Police body cameras" in str(
            app.main_screen.query_one(StatusLine).visual)
        await pilot.press("j", "j")  # passing over a card does not read it
        await settle(pilot)
        await pilot.press("k")
        await wait_until(pilot, lambda: marker(app, 1) == "  ")
        assert [marker(app, n) for n in range(4)] == ["  ", "  ", "● ", "● "]


async def test_m_toggles_M_marks_the_view_u_undoes(four: Path) -> None:
    app = make_app(four)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        await pilot.press("m")
        assert marker(app, 0) == "  "
        await pilot.press("m")
        assert marker(app, 0) == "● "
        await pilot.press("M")
        assert [marker(app, n) for n in range(4)] == ["  "] * 4
        assert sidebar(app)["All"] == (0, 4)
        await pilot.press("u")
        assert [marker(app, n) for n in range(4)] == ["● "] * 4
        assert sidebar(app)["All"] == (4, 4)


async def test_h_hides_read_cards_and_n_walks_unread(four: Path) -> None:
    app = make_app(four)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        await pilot.press("j", "m")  # second read
        await pilot.press("g", "m")  # first read
        await pilot.press("n")
        assert highlighted_title(app) == "Chip exports"
        await pilot.press("n")
        assert highlighted_title(app) == "Police budget vote"
        await pilot.press("N", "N")
        assert highlighted_title(app) == "Chip exports"  # nothing unread before it
        await pilot.press("h")
        assert titles(app) == ["Chip exports", "Police budget vote"]
        assert "read hidden" in str(app.main_screen.query_one("#status", Static).visual)
        await pilot.press("h")
        assert len(titles(app)) == 4


async def test_open_reads_and_stars_persist_across_restarts(four: Path,
                                                           browser: FakeBrowser) -> None:
    app = make_app(four)
    async with app.run_test(size=(160, 30)) as pilot:
        await settle(pilot)
        await pilot.press("o")
        await pilot.press("j", "j", "f")
        assert marker(app, 0) == "  " and marker(app, 2) == "●★"
        assert sidebar(app)["★ Starred"] == (None, 1)
    again = make_app(four)
    async with again.run_test(size=(160, 30)) as pilot:
        await settle(pilot)
        assert marker(again, 0) == "  " and marker(again, 2) == "●★"
        await pilot.press("shift+tab", "j", "enter")  # the Starred row
        assert titles(again) == ["Chip exports"]


async def test_search_filters_as_you_type_and_escape_clears(four: Path) -> None:
    app = make_app(four)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        await pilot.press("slash")
        assert isinstance(app.focused, SearchLine)
        await pilot.press(*"police")
        await settle(pilot)
        assert titles(app) == ["Police body cameras", "Police budget vote"]
        await pilot.press(*" -vote")
        await settle(pilot)
        assert titles(app) == ["Police body cameras"]
        await pilot.press("enter")
        assert articles(app).has_focus and titles(app) == ["Police body cameras"]
        await pilot.press("slash", "escape")
        assert len(titles(app)) == 4 and articles(app).has_focus
        assert not app.main_screen.query_one(SearchBar).display


async def test_the_issue_query_and_a_malformed_one(four: Path) -> None:
    app = make_app(four)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"topic:ai heat>50 -police")
        await settle(pilot)
        assert titles(app) == ["Facial recognition at the café"]
        line = app.main_screen.query_one(SearchLine)
        line.value = "topic:ai heat>50 -police heat>"  # as pasted
        await pilot.pause()
        error = str(app.main_screen.query_one("#search-error", Static).visual)
        assert "needs a value right after it, as in heat>60" in error
        assert titles(app) == ["Facial recognition at the café"]  # the last good result stays


async def test_accents_and_case_do_not_count_and_matches_are_highlighted(four: Path) -> None:
    app = make_app(four)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"CAFE")
        await settle(pilot)
        assert titles(app) == ["Facial recognition at the café"]
        strip = articles(app).render_line(0)
        styled = [seg.text for seg in strip if seg.style and seg.style.underline]
        assert styled == ["café"]


async def test_ctrl_s_saves_a_search_that_stays_in_the_sidebar(four: Path) -> None:
    app = make_app(four)
    async with app.run_test(size=(160, 30)) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"police", "enter", "ctrl+s")
        assert isinstance(app.screen, NameScreen)
        await pilot.press(*"cops", "enter")
        assert "⌕ cops" in sidebar(app)
    again = make_app(four)
    async with again.run_test(size=(160, 30)) as pilot:
        await settle(pilot)
        assert "⌕ cops" in sidebar(again)
        await pilot.press("shift+tab", "j", "j")
        await settle(pilot)
        assert titles(again) == ["Police body cameras", "Police budget vote"]
        await pilot.press("d")
        await settle(pilot)
        assert "⌕ cops" not in sidebar(again) and again.session.state.searches() == []


async def test_hot_sort_is_in_the_cycle(four: Path) -> None:
    app = make_app(four)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        await pilot.press("s")
        assert app.main_screen.sort == "hot"
        assert "by hot" in str(articles(app).border_title)


async def test_marks_made_by_another_reader_appear(four: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    from reader import app as app_module
    from reader.core.state import State, state_file

    monkeypatch.setattr(app_module, "OTHER_READERS_EVERY", 0.05)
    app = make_app(four)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        assert marker(app, 1) == "● "
        other, _ = State.open(state_file())  # a second reader on the same state file
        other.set_read([app.session.library[articles(app).view[1]].story], True)
        other.close()
        await wait_until(pilot, lambda: marker(app, 1) == "  ")
        assert sidebar(app)["All"] == (3, 4)
