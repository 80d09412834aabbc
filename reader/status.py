"""`newsreader status`: unread, new and total cards for All, each topic and each saved search,
for status bars and scripts. Answered by SQL on the index the reader keeps (reader/core/db: no
scan of the folders, no parsing, no card loaded whole; a folder with no index yet is read once),
and the state, only ever read. Textual is never imported."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from .core.db import Store
from .core.query import Marks, Query, QueryError, parse
from .core.session import PREVIOUS_SETTING
from .core.state import State


def counted(store: Store, state: State, *, include_unpublished: bool) -> dict[str, Any]:
    """{"all": {...}, "topics": {name: {...}}, "searches": {name: {...}}}, each with unread,
    new and total, counted as the reader's sidebar counts them (a story's copies once), by SQL
    on the index (the state only ever read)."""
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
