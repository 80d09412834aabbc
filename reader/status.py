"""`newsreader status`: unread, new and total cards for All, each topic and each saved search,
for status bars and scripts. Answered by SQL on the index the reader keeps (reader/core/db: no scan of
the folders, no parsing, no card loaded whole; a folder with no index yet is read once), and the
state, only ever read. Textual is never imported."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from .core.card import Entry
from .core.db import UNREADABLE, Store
from .core.library import Library
from .core.load import load
from .core.query import Marks, Query, QueryError, parse
from .core.session import PREVIOUS_SETTING
from .core.state import State
from .core.views import Source, Views, ViewSpec
from .progress import Progress


def from_index(paths: Sequence[str], state: State, *,
               include_unpublished: bool = False) -> dict[str, Any]:
    """counts() answered by SQL on the index database, only the stories of each count read;
    a folder with no index yet is loaded (and indexed) first. Without an index at all (the
    cache cannot be written), the cards are loaded and counted in memory."""
    store = Store.open(paths)
    if store is None:
        progress = Progress()  # a first count builds the index: on a terminal, how far it is
        try:
            loaded = load(paths, on_progress=progress)
        finally:
            progress.end()
        store = Store.open(paths)
        if store is None:
            return counts(loaded.entries, state, include_unpublished=include_unpublished)
    try:
        return _counted(store, state, include_unpublished)
    except UNREADABLE:  # a load names the damage and rebuilds the index
        return counts(load(paths).entries, state, include_unpublished=include_unpublished)
    finally:
        store.close()


def _counted(store: Store, state: State, include_unpublished: bool) -> dict[str, Any]:
    marks = _marks(state)
    store.set_marks(marks)
    everything, topics = store.sidebar_counts(include_unpublished)
    result: dict[str, Any] = {
        "all": everything._asdict(),
        "topics": {name: counted._asdict() for name, counted in topics.items()},
        "searches": {},
    }
    now = datetime.now(UTC)
    for saved in state.searches():
        try:
            query: Query = parse(saved.query, marks, now)
        except QueryError as error:  # as the sidebar: it counts nothing, and says why
            result["searches"][saved.name] = _unreadable(error)
            continue
        result["searches"][saved.name] = store.count(
            topic=saved.topic or None, query=query,
            include_unpublished=include_unpublished)._asdict()
    return result


def _unreadable(error: QueryError) -> dict[str, Any]:
    return {"unread": 0, "new": 0, "total": 0, "error": f"cannot be read: {error}"}


def _marks(state: State) -> Marks:
    previous = state.setting(PREVIOUS_SETTING) or ""
    since = float(previous) if previous.replace(".", "", 1).isdigit() else None
    new = state.arrived_since(since) if since is not None else set()
    return Marks(state.read, state.starred, new)


def _row(stories: Sequence[str], marks: Marks) -> dict[str, int]:
    read, new = marks.read, marks.new
    return {"total": len(stories), "unread": sum(1 for story in stories if story not in read),
            "new": sum(1 for story in stories if story in new)}


def counts(entries: Sequence[Entry], state: State, *,
           include_unpublished: bool = False) -> dict[str, Any]:
    """{"all": {...}, "topics": {name: {...}}, "searches": {name: {...}}}, each with unread,
    new and total, counted as the reader's sidebar counts them (a story's copies once)."""
    library = Library(entries, include_unpublished=include_unpublished)
    marks = _marks(state)
    shown = [entry.story for index, entry in enumerate(library.entries) if library.shown(index)]
    views = Views(library, marks, lambda: datetime.now(UTC))
    result: dict[str, Any] = {
        "all": _row(shown, marks),
        "topics": {name: _row([library[index].story for index in library.view(name)], marks)
                   for name, _ in library.topics()},
        "searches": {},
    }
    for saved in state.searches():
        try:
            parse(saved.query, marks, datetime.now(UTC))
        except QueryError as error:
            result["searches"][saved.name] = _unreadable(error)
            continue
        found = views.source_view(ViewSpec(Source("search", saved.name, saved.query,
                                                  saved.topic)))
        result["searches"][saved.name] = _row([library[index].story for index in found], marks)
    return result


def lines(result: dict[str, Any]) -> list[str]:
    """The counts as text, one line each: 'All  12 unread · 3 new · 240 cards'."""
    def line(name: str, row: dict[str, Any]) -> str:
        if "error" in row:
            return f"{name}\t{row['error']}"
        total = row["total"]
        return f"{name}\t{row['unread']} unread · {row['new']} new · {total} card{'' if total == 1 else 's'}"

    return [line("All", result["all"]),
            *(line(f"⌕ {name}", row) for name, row in result["searches"].items()),
            *(line(name, row) for name, row in result["topics"].items())]
