"""Marks and keys that do what the user meant (issue 13): a card is read only when looked at,
Starred shows every starred card, keys on a related item act on that item."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.app import NewsReader
from reader.core.state import SavedSearch
from reader.screens.links import LinksScreen
from reader.widgets import detail
from reader.widgets.detail import DetailPane, RelatedItem
from tests.app.helpers import (
    FakeBrowser,
    articles,
    configured_app,
    make_app,
    settle,
    topics,
    wait_until,
    write_config,
)


def pane(app: object) -> DetailPane:
    return app.main_screen.query_one(DetailPane)  # type: ignore[attr-defined, no-any-return]


async def test_walking_the_sidebar_and_typing_a_search_count_nothing(
        four_apart: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # long enough to see it count: the Enter below takes ~0.15 s to be processed, and with 0.2 s
    # the card was sometimes read (no longer counting) before the test could look
    monkeypatch.setattr(detail, "READ_AFTER", 2.0)
    app = make_app(four_apart)
    async with app.run_test(size=(160, 30)) as pilot:
        await settle(pilot)
        await pilot.press("shift+tab")
        assert topics(app).has_focus
        for _ in range(5):  # All, Starred, AI, Politics, Trade, Vision: each shows a card
            await pilot.press("j")
            await settle(pilot)
            assert not pane(app).counting
        await pilot.press("enter")  # into the list: now the user reads
        await wait_until(pilot, lambda: pane(app).counting)
        await pilot.press("slash", *"police")
        await settle(pilot)
        assert not pane(app).counting  # typing is not reading
        await pilot.press("question_mark")
        await settle(pilot)
        assert not pane(app).counting  # nor is reading help
        # Only the card looked at in the list may have become read; none of those the sidebar
        # walked past.
        assert app.session.state.read <= {"https://news.example/facial-recognition-at-the-café"}


async def test_read_after_0_means_only_opening_marks_read(seeds: Path,
                                                           browser: FakeBrowser) -> None:
    write_config("read_after = 0\n")
    app = configured_app(seeds)
    async with app.run_test(size=(120, 35)) as pilot:
        await settle(pilot)
        await pilot.press("j", "k")
        await settle(pilot)
        assert not pane(app).counting and app.session.state.read == set()
        await pilot.press("o")
        await settle(pilot)
        assert len(app.session.state.read) == 1


async def test_starred_shows_every_starred_card_whatever_hide_read_says(four_apart: Path) -> None:
    app = make_app(four_apart)
    async with app.run_test(size=(160, 30)) as pilot:
        await settle(pilot)
        await pilot.press("f", "m", "h")  # starred, read, read cards hidden
        assert len(articles(app).view) == 3
        await pilot.press("shift+tab", "j")
        assert topics(app).current.kind == "starred"
        assert [app.session.library[i].title for i in articles(app).view] == [
            "Police body cameras"]


async def test_C_and_l_on_a_focused_related_item_act_on_that_item(
        seeds: Path, clipboard: list[str]) -> None:
    app = make_app(seeds)
    async with app.run_test(size=(120, 35)) as pilot:
        await settle(pilot)
        await pilot.press("tab", "tab", "tab")  # the story, then the second related item
        focused = app.focused
        assert isinstance(focused, RelatedItem)
        related = focused.related
        await pilot.press("C")
        await settle(pilot)
        assert clipboard[-1] == f"[{related.title}]({related.url})"
        await pilot.press("l")
        assert isinstance(app.screen, LinksScreen)
        assert app.screen.links[0].url == related.url


def sidebar_rows(app: NewsReader) -> dict[str, tuple[int | None, int | None]]:
    return {source.label: (unread, total) for source, unread, total in topics(app).rows}


async def test_f_then_u_restores_the_star_and_ctrl_r_redoes(four_apart: Path) -> None:
    app = make_app(four_apart)
    async with app.run_test(size=(160, 30)) as pilot:
        await settle(pilot)
        await pilot.press("f")
        story = articles(app).current.story  # type: ignore[union-attr]
        await pilot.press("f")  # unstarred by accident
        assert story not in app.session.state.starred
        await pilot.press("u")
        assert story in app.session.state.starred
        assert any("Undone: unstarred" in n.message for n in app._notifications)
        await pilot.press("ctrl+r")
        assert story not in app.session.state.starred


async def test_a_saved_search_keeps_its_topic_count_and_query_and_comes_back_after_d_u(
        four_apart: Path) -> None:
    from reader.widgets.status import StatusLine

    app = make_app(four_apart)
    async with app.run_test(size=(160, 30)) as pilot:
        await settle(pilot)
        await pilot.press("shift+tab", "j", "j", "enter")  # the AI topic
        assert topics(app).current.name == "AI"
        await pilot.press("slash", *"police", "enter", "ctrl+s")
        await pilot.press(*"cops", "enter")
        await settle(pilot)
        assert sidebar_rows(app)["⌕ cops"] == (1, 1)  # police in AI: one card
        topics(app).focus()
        await pilot.press("home", *["j"] * [row[0].name for row in topics(app).rows].index("cops"))
        await settle(pilot)
        assert topics(app).current.name == "cops"
        status = str(app.main_screen.query_one(StatusLine).visual)
        assert "⌕ cops “police” in AI · 1 card(s)" in status
        await pilot.press("d")
        await settle(pilot)
        assert "⌕ cops" not in sidebar_rows(app)
        await pilot.press("u")
        await settle(pilot)
        assert sidebar_rows(app)["⌕ cops"] == (1, 1)
    again = make_app(four_apart)
    async with again.run_test(size=(160, 30)) as pilot:
        await settle(pilot)
        assert sidebar_rows(again)["⌕ cops"] == (1, 1)  # kept across a restart


async def test_saving_over_a_name_asks_and_an_unreadable_query_is_not_saved(four_apart: Path) -> None:
    from reader.screens.confirm import ConfirmScreen

    app = make_app(four_apart)
    async with app.run_test(size=(160, 30)) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"police", "ctrl+s", *"mine", "enter")
        await settle(pilot)
        await pilot.press("end", "ctrl+u", *"chip", "ctrl+s", *"mine", "enter")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")
        assert app.session.saved("mine") == SavedSearch("mine", "police", "")  # kept as it was
        await pilot.press("ctrl+s", *"mine", "enter", "y")
        await settle(pilot)
        assert app.session.saved("mine") == SavedSearch("mine", "chip", "")
        await pilot.press("end", "ctrl+u", *'"unclosed', "ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, ConfirmScreen)
        assert any("Not saved: a quote is not closed" in n.message for n in app._notifications)
        assert [s.name for s in app.session.state.searches()] == ["mine"]


async def test_e_and_r_change_and_rename_a_saved_search(four_apart: Path) -> None:
    app = make_app(four_apart)
    async with app.run_test(size=(160, 30)) as pilot:
        await settle(pilot)
        assert app.session.save_search("cops", "police") is None
        app.main_screen.refresh_views()
        await pilot.press("shift+tab", "j", "j")
        assert topics(app).current.name == "cops"
        await pilot.press("e", "end", "ctrl+u", *"chip", "enter")
        await settle(pilot)
        assert app.session.saved("cops") == SavedSearch("cops", "chip", "")
        await pilot.press("r", "end", "ctrl+u", *"chips", "enter")
        await settle(pilot)
        assert [s.name for s in app.session.state.searches()] == ["chips"]
        await pilot.press("u")
        assert [s.name for s in app.session.state.searches()] == ["cops"]
