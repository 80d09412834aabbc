"""The reader shows the index database with rows on demand (issue 14): once the folder is
indexed, the list, the sidebar, marks and search read the database, and a search of a big
library runs off the UI thread so typing never waits for it."""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from reader.core.db import Library
from reader.core.load import load
from tests.app.helpers import articles, highlighted_title, make_app, settle, topics, wait_until
from tests.conftest import CardWriter, card_fields

TOPICS = ["Space", "Courts", "Energy"]


@pytest.fixture
def indexed(write_card: CardWriter, tmp_path: Path) -> Path:
    for number in range(40):
        words = "police court" if number % 4 == 0 else "climate market"
        write_card(f"{number:02}.txt", **card_fields(
            f"Story {number:02} {words}", heat=number * 2, topics=[TOPICS[number % 3]]))
    folder = tmp_path / "cards"
    old = time.time_ns() - 86_400 * 10**9  # written long ago: the index is trusted
    for path in folder.iterdir():
        os.utime(path, ns=(old, old))
    load([str(folder)], jobs=1)
    return folder


def titles(app: Any) -> list[str]:
    return [app.session.library[number].title for number in articles(app).view]


def _hold_matches(monkeypatch: pytest.MonkeyPatch, wait: Callable[[], object]) -> None:
    """Library.match (a big library's search or saved-search count, on a worker's
    thread) calls wait() first: the test holds it back."""
    match = Library.match

    def held(self: Library, *args: Any, **kwargs: Any) -> bool:
        wait()
        return match(self, *args, **kwargs)

    monkeypatch.setattr(Library, "match", held)


async def test_an_indexed_folder_is_read_as_rows_on_demand(indexed: Path) -> None:
    app = make_app(indexed)
    async with app.run_test(size=(160, 30)) as pilot:  # wide: the sidebar shows
        await settle(pilot)
        library = app.session.library
        assert isinstance(library, Library)
        assert len(titles(app)) == 40 and titles(app)[0].startswith("Story 39")
        counts = {row[0].label: row[1:] for row in topics(app).rows}
        assert counts["All"] == (40, 40) and counts["Space"] == (14, 14)
        await pilot.press("G")
        assert highlighted_title(app) == "Story 00 police court"
        await pilot.press("g", "m")  # read: the sidebar's unread count follows
        counts = {row[0].label: row[1:] for row in topics(app).rows}
        assert counts["All"] == (39, 40) and counts["Space"] == (13, 14)  # Story 39: Space
        await pilot.press("shift+tab", "j", "j")  # All, Starred, Courts (alphabetical)
        assert app.main_screen.query_one("#topics").current.name == "Courts"  # type: ignore[attr-defined]
        assert len(titles(app)) == 13 and all(t.startswith("Story") for t in titles(app))


async def test_a_big_librarys_search_runs_off_the_ui_thread(
        indexed: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(Library, "BIG", 0)  # as at 20,000 cards
    held = threading.Event()
    _hold_matches(monkeypatch, lambda: held.wait(timeout=10))
    app = make_app(indexed)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"police")
        # typing did not wait for the search: the keys are in, the list not filtered yet
        assert "searching…" in str(articles(app).border_subtitle)
        assert len(titles(app)) == 40
        held.set()
        await wait_until(pilot, lambda: len(titles(app)) == 10)
        assert all("police" in title for title in titles(app))
        assert "searching" not in str(articles(app).border_subtitle)
        await pilot.press(*' -"story 3"')  # narrower, typed while each search runs
        await wait_until(pilot, lambda: len(titles(app)) == 8)
        assert not any(title.startswith("Story 3") for title in titles(app))


async def test_a_big_librarys_new_sort_is_worked_out_off_the_ui_thread(
        indexed: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(Library, "BIG", 0)  # as at 20,000 cards
    held = threading.Event()
    order = Library.order

    def slow(self: Library, sort: str = "heat") -> Any:
        if sort == "hot" and threading.current_thread() is not threading.main_thread():
            held.wait(timeout=10)
        return order(self, sort)

    monkeypatch.setattr(Library, "order", slow)
    app = make_app(indexed)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        await pilot.press("j", "s")  # hot: not worked out yet
        assert "sorting by hot…" in str(articles(app).border_title)
        await pilot.press("j")  # the list still answers, in the order it had
        assert highlighted_title(app) == "Story 37 climate market"
        held.set()
        await wait_until(pilot, lambda: "sorting" not in str(articles(app).border_title))
        assert "by hot" in str(articles(app).border_title)
        library = app.session.library
        assert titles(app) == [library[n].title for n in library.view(None, "hot")]
        assert highlighted_title(app) == "Story 37 climate market"  # kept through the sort


async def test_a_big_librarys_saved_searches_are_counted_off_the_ui_thread(
        indexed: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An `is:unread` saved search of a million cards takes a second to count, at every mark:
    the sidebar keeps its last count until a worker has the new one, and the list of the
    saved search waits for its cards the same way."""
    from reader.core.state import State

    monkeypatch.setattr(Library, "BIG", 0)  # as at 20,000 cards
    state, _ = State.open()
    state.save_search("unread", "is:unread")
    state.close()
    gate, waiting = threading.Semaphore(0), threading.Event()  # one count let through at a time

    def wait() -> None:
        waiting.set()
        gate.acquire(timeout=10)

    _hold_matches(monkeypatch, wait)
    app = make_app(indexed)

    def count() -> int | None:
        return next(row[2] for row in topics(app).rows if row[0].kind == "search")

    def counted(value: int) -> bool:
        """Let counts through until the sidebar shows `value` and none is on its way (the
        load's end noted arrivals: is:new may have changed, so is: searches count again)."""
        if waiting.is_set():
            waiting.clear()
            gate.release()
        return count() == value and not app.main_screen._counting and not waiting.is_set()

    async with app.run_test(size=(160, 30)) as pilot:
        await wait_until(pilot, lambda: isinstance(app.session.library, Library)
                         and len(titles(app)) == 40 and waiting.is_set())
        assert count() is None  # being counted
        await wait_until(pilot, lambda: app.session.progress is None and counted(40))
        waiting.clear()
        await pilot.press("m")  # the mark is made and shown without waiting for the count
        assert app.session.is_read(app.session.library[articles(app).view[0]])
        assert count() == 40  # the last count, until the worker's comes
        await wait_until(pilot, lambda: counted(39))
        waiting.clear()
        await pilot.press("j", "m", "shift+tab", "j", "j")  # to the saved search
        assert topics(app).current.name == "unread"
        assert "searching…" in str(articles(app).border_subtitle)
        assert titles(app) == []  # the list keeps what it showed (Starred: none) meanwhile
        gate.release()
        await wait_until(pilot, lambda: len(titles(app)) == 38 and count() == 38)
        assert "searching…" not in str(articles(app).border_subtitle)
        gate.release()  # (nothing is held any more: the reader quits at once)
