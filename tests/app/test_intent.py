"""Marks and keys that do what the user meant (issue 13): a card is read only when looked at,
Starred shows every starred card, keys on a related item act on that item."""

from __future__ import annotations

from pathlib import Path

import pytest

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
from tests.conftest import CardWriter, card_fields


@pytest.fixture
def four(write_card: CardWriter, tmp_path: Path) -> Path:
    write_card("a.txt", **card_fields("Police body cameras", 90, topics=["AI"]))
    write_card("b.txt", **card_fields("Facial recognition at the café", 70, topics=["Vision"]))
    write_card("c.txt", **card_fields("Chip exports", 40, topics=["Trade"]))
    write_card("d.txt", **card_fields("Police budget vote", 20, topics=["Politics"]))
    return tmp_path / "cards"


def pane(app: object) -> DetailPane:
    return app.main_screen.query_one(DetailPane)  # type: ignore[attr-defined, no-any-return]


async def test_walking_the_sidebar_and_typing_a_search_count_nothing(
        four: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(detail, "READ_AFTER", 0.2)
    app = make_app(four)
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


async def test_starred_shows_every_starred_card_whatever_hide_read_says(four: Path) -> None:
    app = make_app(four)
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
