"""Feeds in the running reader (issue 24): R fetches and new stories show without moving the
cursor; the status line shows the fetch; F lists the feeds, fetches one, removes one."""

from __future__ import annotations

import threading
from typing import Any

import pytest

from reader.app import NewsReader
from reader.core.state import State
from reader.core.subscriptions import Subscriptions
from reader.feeds import run as fetching
from reader.screens.confirm import ConfirmScreen
from reader.screens.feeds import FeedList, FeedsScreen
from tests.app.helpers import articles, highlighted_title, settle, wait_until
from tests.conftest import frozen_clock
from tests.feeds.server import Server, body, status

TODAY = "Thu, 03 Dec 2026 09:00:00 GMT"


def feed(*titles: str, site: str = "local") -> str:
    return (f'<rss version="2.0"><channel><title>Local News</title><link>https://{site}.example/</link>'
            + "".join(f"<item><title>{t}</title><link>https://{site}.example/{n}</link>"
                      f"<pubDate>{TODAY}</pubDate></item>" for n, t in enumerate(titles))
            + "</channel></rss>")


def titles(app: NewsReader) -> list[str]:
    return [app.session.library[i].title for i in articles(app).view]


@pytest.fixture
def subscribed(server: Server, state: State) -> Server:
    server.routes["/news"] = body(feed("Harbour seals return", "Bridge reopens"))
    Subscriptions(state).add(server.url("/news"))
    assert fetching.run(state).failed == []
    return server


async def test_R_fetches_and_new_stories_show_without_moving_the_cursor(subscribed: Server) -> None:
    app = NewsReader([], clock=frozen_clock, jobs=1, feeds=True)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        assert sorted(titles(app)) == ["Bridge reopens", "Harbour seals return"]
        await pilot.press("j")
        reading = highlighted_title(app)
        subscribed.routes["/news"] = body(feed("Harbour seals return", "Bridge reopens",
                                               "Storm warning for the coast"))
        await pilot.press("R")
        await wait_until(pilot, lambda: "Storm warning for the coast" in titles(app), limit=20)
        assert highlighted_title(app) == reading
        assert app.session.fetching is None


async def test_F_lists_the_feeds_fetches_one_and_removes_one(subscribed: Server,
                                                            state: State) -> None:
    subscribed.routes["/down"] = status(500)
    Subscriptions(state).add(subscribed.url("/down"), name="Flaky")
    fetching.run(state, urls=[subscribed.url("/down")])
    app = NewsReader([], clock=frozen_clock, jobs=1, feeds=True)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        await pilot.press("F")
        assert isinstance(app.screen, FeedsScreen)
        screen = app.screen
        rows = ["".join(s.text for s in screen.query_one(FeedList).render_row(n, 100))
                for n in range(2)]
        assert rows[0].startswith("Local News") and "ok" in rows[0]
        assert rows[1].startswith("Flaky") and "failing" in rows[1]
        await pilot.press("j")
        detail = str(screen.query_one("#feed-detail").visual)  # type: ignore[attr-defined]
        assert "HTTP 500" in detail and "next try in" in detail
        subscribed.routes["/down"] = body(feed("Back up", site="flaky"))
        await pilot.press("r")
        await wait_until(pilot, lambda: "Back up" in titles(app), limit=20)
        await pilot.press("d")
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        await wait_until(pilot, lambda: "Back up" not in titles(app), limit=20)
        assert [f.label for f in Subscriptions(state).all()] == ["Local News"]


async def test_a_fetch_that_ends_during_a_load_does_not_cut_it_short(
        subscribed: Server, monkeypatch: pytest.MonkeyPatch) -> None:
    from reader.feeds.run import Report

    app = NewsReader([], clock=frozen_clock, jobs=1, feeds=True)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        asked: list[bool] = []
        monkeypatch.setattr(app, "recheck", lambda: asked.append(True))
        app._loader_done.clear()  # a load under way (a rebuild of a damaged index, say)
        app.fetcher.running = True
        app.fetcher._done(Report(written=3), "", quiet=True, then=None)
        await pilot.pause()
        assert asked == []  # the load reads the new cards; a re-check would cancel it
        app._loader_done.set()
        app.fetcher.running = True
        app.fetcher._done(Report(written=3), "", quiet=True, then=None)
        await pilot.pause()
        assert asked == [True]


async def test_cards_a_fetch_writes_while_the_folders_are_checked_show_when_the_check_ends(
        subscribed: Server, monkeypatch: pytest.MonkeyPatch) -> None:
    # R checks the folders and fetches at once. A fetch that wrote its cards after the check had
    # listed the folders left them unread until the folders were next checked: never, with
    # watching off (found when the suite ran on a busy machine).
    app = NewsReader([], clock=frozen_clock, jobs=1, feeds=True)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        listed, fetched = threading.Event(), threading.Event()
        load, work, done = app._load, app.fetcher._work, app.fetcher._done

        def check(**options: Any) -> Any:  # the folders are listed before the fetch writes
            result = load(**options)
            listed.set()
            fetched.wait(10)
            return result

        def fetch(*args: Any) -> None:
            listed.wait(10)
            work(*args)

        def heard(*args: Any) -> None:  # the fetch has written: the check is still under way
            done(*args)
            fetched.set()

        monkeypatch.setattr(app, "_load", check)
        monkeypatch.setattr(app.fetcher, "_work", fetch)
        monkeypatch.setattr(app.fetcher, "_done", heard)
        subscribed.routes["/news"] = body(feed("Harbour seals return", "Bridge reopens",
                                               "Storm warning for the coast"))
        await pilot.press("R")
        await wait_until(pilot, lambda: "Storm warning for the coast" in titles(app), limit=20)
