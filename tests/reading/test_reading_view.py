"""The reading view through the keys (issue 26): Enter reads the article here, Esc comes back to
the same card, scrolling, offline from the cache, and a fetch that never ends is left at once."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Static

from reader.app import NewsReader
from reader.reading.page import Outcome, read
from reader.screens import reading
from reader.screens.reading import ReadingScreen
from tests.app.helpers import FakeBrowser, articles, highlighted_title, settle, wait_until
from tests.conftest import CardWriter, card_fields, frozen_clock
from tests.feeds.server import Server, huge, never, status


def cards(write_card: CardWriter, tmp_path: Path, server: Server, path: str) -> Path:
    write_card("a.txt", **card_fields("First story", 90))
    write_card("b.txt", **card_fields("Access to Wikipedia restored", 50, webUrl=server.url(path),
                                      excerpt="The card's own excerpt."))
    write_card("c.txt", **card_fields("Third story", 10))
    return tmp_path / "cards"


def text(app: NewsReader) -> str:
    return str(app.screen.query_one("#reading-text", Static).visual)


def note(app: NewsReader) -> str:
    return str(app.screen.query_one("#reading-note", Static).visual)


async def test_enter_reads_the_article_and_esc_comes_back_to_the_card(
        server: Server, write_card: CardWriter, tmp_path: Path, browser: FakeBrowser) -> None:
    app = NewsReader([str(cards(write_card, tmp_path, server, "/wikimedia"))],
                     clock=frozen_clock, jobs=1)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("j")
        entry = articles(app).current
        assert entry is not None and entry.title == "Access to Wikipedia restored"
        await pilot.press("enter")
        assert isinstance(app.screen, ReadingScreen)
        await wait_until(pilot, lambda: "19th birthday" in text(app), limit=15)
        assert "Donate now" not in text(app)
        assert "Wikimedia Foundation · 2020-01-15" in note(app)
        assert entry.story in app.session.state.read  # reading counts as reading the card
        scroll = app.screen.query_one("#reading-scroll")
        await pilot.press("space")
        await wait_until(pilot, lambda: scroll.scroll_y > 0)
        await pilot.press("g")
        await wait_until(pilot, lambda: scroll.scroll_y == 0)
        await pilot.press("o")
        await settle(pilot)
        assert browser.opened == [server.url("/wikimedia")]
        await pilot.press("escape")
        assert not isinstance(app.screen, ReadingScreen)
        assert highlighted_title(app) == "Access to Wikipedia restored"


async def test_a_page_read_once_shows_offline(server: Server, write_card: CardWriter,
                                              tmp_path: Path) -> None:
    app = NewsReader([str(cards(write_card, tmp_path, server, "/wikimedia"))],
                     clock=frozen_clock, jobs=1)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("j", "enter")
        await wait_until(pilot, lambda: "19th birthday" in text(app), limit=15)
        await pilot.press("escape")
        server.routes["/wikimedia"] = status(503)
        await pilot.press("enter")
        await wait_until(pilot, lambda: "19th birthday" in text(app), limit=15)
        assert "a saved copy from" in note(app)


@pytest.mark.usefixtures("quick")
async def test_a_page_too_big_shows_the_excerpt_and_why(server: Server, write_card: CardWriter,
                                                        tmp_path: Path) -> None:
    server.routes["/huge"] = huge
    app = NewsReader([str(cards(write_card, tmp_path, server, "/huge"))], clock=frozen_clock,
                     jobs=1)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("j", "enter")
        await wait_until(pilot, lambda: "over 5 MB" in note(app), limit=15)
        assert "The card's own excerpt." in text(app)


def watch_the_read(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Note when the view's page read returns: a test can then prove the view did not wait."""
    ended: list[str] = []

    def noted(url: str | None, **options: object) -> Outcome:
        try:
            return read(url, **options)  # type: ignore[arg-type]
        finally:
            ended.append(url or "")

    monkeypatch.setattr(reading, "read", noted)
    return ended


async def test_a_fetch_that_never_ends_is_left_at_once(server: Server, write_card: CardWriter,
                                                      tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    server.routes["/never"] = never
    ended = watch_the_read(monkeypatch)
    app = NewsReader([str(cards(write_card, tmp_path, server, "/never"))], clock=frozen_clock,
                     jobs=1)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("j", "enter")
        assert isinstance(app.screen, ReadingScreen)
        assert "Fetching the page…" in note(app)
        await pilot.press("escape")
        assert not isinstance(app.screen, ReadingScreen)
        await pilot.press("j")
        assert highlighted_title(app) == "Third story"
        assert ended == []  # back at the list while the page was still being fetched
        server.stopping.set()  # let the server's thread go


async def test_quitting_while_a_page_is_fetched_does_not_wait_for_it(
        server: Server, write_card: CardWriter, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    server.routes["/never"] = never
    ended = watch_the_read(monkeypatch)
    app = NewsReader([str(cards(write_card, tmp_path, server, "/never"))], clock=frozen_clock,
                     jobs=1)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("j", "enter", "escape", "q")
    assert ended == []  # the reader had quit while the page was still being fetched
    server.stopping.set()


async def test_a_feed_entry_with_its_whole_text_is_read_without_a_fetch(
        server: Server, tmp_path: Path) -> None:
    """Issue 26: content:encoded (and Atom content, JSON Feed content_html) shows at once."""
    from reader.core.state import State
    from reader.core.subscriptions import Subscriptions
    from reader.feeds import run as fetching
    from reader.feeds.cards import feeds_folder

    server.routes["/podcast"] = lambda handler: handler.answer(
        200, (Path(__file__).parents[1] / "feeds" / "data" / "podcast.xml").read_bytes(),
        Content_Type="application/rss+xml")
    state, _ = State.open()
    Subscriptions(state).add(server.url("/podcast"))
    assert fetching.run(state).failed == []
    state.close()
    [card] = feeds_folder().glob("*.md")
    assert card.read_text().endswith("---\n\nFull show notes. We talk about it.\n")  # no script
    server.log.requests.clear()
    app = NewsReader([str(feeds_folder())], clock=frozen_clock, jobs=1)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await wait_until(pilot, lambda: "Full show notes. We talk about it." in text(app))
        assert "as the feed gave it" in note(app)
    assert server.log.requests == []  # nothing was fetched
