"""The first screen comes from the index database (issue 14): the first rows of the view show
before the index is read whole, and the full list takes their place without moving the cursor."""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path
from typing import Any

import pytest

import reader.app
from reader.core.db import Columns
from reader.core.load import load
from reader.widgets.status import StatusLine
from tests.app.helpers import articles, highlighted_title, make_app, settle, topics, wait_until
from tests.conftest import CardWriter, card_fields


@pytest.fixture
def indexed(write_card: CardWriter, tmp_path: Path) -> Path:
    for number in range(30):
        write_card(f"{number:02}.txt", **card_fields(f"Story {number:02}", heat=number * 3))
    folder = tmp_path / "cards"
    old = time.time_ns() - 86_400 * 10**9  # written long ago: the index is trusted
    for path in folder.iterdir():
        os.utime(path, ns=(old, old))
    load([str(folder)], jobs=1)  # the reader has read the folder before: its index exists
    return folder


@pytest.fixture
def held_loader(monkeypatch: pytest.MonkeyPatch) -> threading.Event:
    """The loader waits for the event before it reads the index: the preview is alone."""
    release = threading.Event()
    read = Columns.read

    def held(*args: Any, **kwargs: Any) -> Columns | None:
        release.wait(timeout=20)
        return read(*args, **kwargs)

    monkeypatch.setattr(Columns, "read", held)
    return release


def titles(app: reader.app.NewsReader) -> list[str]:
    return [app.session.library[i].title for i in articles(app).view]


async def test_the_first_rows_show_before_the_index_is_read_whole(
        indexed: Path, held_loader: threading.Event, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(reader.app, "PREVIEW_ROWS", 5)
    app = make_app(indexed)
    async with app.run_test(size=(120, 30)) as pilot:
        await wait_until(pilot, lambda: bool(articles(app).view))
        assert titles(app) == ["Story 29", "Story 28", "Story 27", "Story 26", "Story 25"]
        status = str(app.main_screen.query_one(StatusLine).visual)
        assert "reading the index…" in status and "5 card(s)" not in status
        assert [row[1:] for row in topics(app).rows] == [(None, None), (None, None)]  # no counts
        await pilot.press("j", "j")
        assert highlighted_title(app) == "Story 27"
        held_loader.set()
        await settle(pilot)
        assert len(titles(app)) == 30 and titles(app)[:3] == ["Story 29", "Story 28", "Story 27"]
        assert highlighted_title(app) == "Story 27"  # the cursor kept its card
        assert "30 card(s)" in str(app.main_screen.query_one(StatusLine).visual)


async def test_a_sort_sql_has_not_waits_for_the_index(
        indexed: Path, held_loader: threading.Event) -> None:
    from reader.core.state import State
    from reader.core.view_settings import ViewSettings

    state, _ = State.open()
    ViewSettings(sort="title").save(state)
    state.close()
    app = make_app(indexed)
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause(0.2)  # the preview, were there one, comes in milliseconds
        assert not articles(app).view and not app.session.previewing
        held_loader.set()
        await settle(pilot)
        assert titles(app)[:2] == ["Story 00", "Story 01"]


@pytest.mark.parametrize("slow_to_end", [False, True])
async def test_a_hand_edited_index_gives_no_first_rows_and_no_traceback(
        indexed: Path, monkeypatch: pytest.MonkeyPatch, slow_to_end: bool) -> None:
    """The list names the damage, rebuilds the index, and shows every card. slow_to_end: the
    loader's thread is slow to say it is done (a busy machine, as in CI, where the rebuild
    was once lost): damage seen meanwhile is put off until the load ends, never dropped."""
    import sqlite3

    from reader.core import db

    database = sqlite3.connect(db.index_file())
    with database:
        database.execute("UPDATE cards SET title = 7 WHERE heat = (SELECT max(heat) FROM cards)")
    database.close()
    if slow_to_end:
        ended = reader.app.NewsReader._load_ended

        def slow(app: reader.app.NewsReader) -> None:
            time.sleep(0.5)  # not a wait for anything: the interleaving a busy machine gives
            ended(app)

        monkeypatch.setattr(reader.app.NewsReader, "_load_ended", slow)
    app = make_app(indexed)
    async with app.run_test(size=(120, 30), notifications=True) as pilot:
        await wait_until(pilot, lambda: titles(app)[:1] == ["Story 29"])
        await settle(pilot)
        assert len(titles(app)) == 30
        assert any("damaged" in n.message for n in app._notifications)
