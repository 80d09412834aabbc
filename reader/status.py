"""`newsreader status`: unread, new and total cards for All, each topic and each saved search,
for status bars and scripts. Answered from the index the reader keeps (no scan of the folders,
no parsing; a folder with no index yet is read once), and the state, only ever read. Textual
is never imported."""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from .core import index
from .core.card import Entry
from .core.library import Library
from .core.load import load
from .core.query import Marks
from .core.session import PREVIOUS_SETTING
from .core.state import State
from .core.views import Source, Views, ViewSpec


def indexed_entries(paths: Sequence[str]) -> list[Entry]:
    """The cards the indexes of these folders hold; what has no index is loaded (and indexed)."""
    entries: list[Entry] = []
    missing: list[str] = []
    for path in dict.fromkeys(paths):
        folder, why = index.read(path) if os.path.isdir(path) else (None, "not a folder")
        if folder is None or why is not None or not folder.items:
            missing.append(path)
        else:
            entries += [item for item in folder.items if isinstance(item, Entry)]
    if missing:
        entries += load(missing).entries
    return entries


def counts(entries: Sequence[Entry], state: State, *,
           include_unpublished: bool = False) -> dict[str, Any]:
    """{"all": {...}, "topics": {name: {...}}, "searches": {name: {...}}}, each with unread,
    new and total, counted as the reader's sidebar counts them (a story's copies once)."""
    library = Library(entries, include_unpublished=include_unpublished)
    previous = state.setting(PREVIOUS_SETTING) or ""
    since = float(previous) if previous.replace(".", "", 1).isdigit() else None
    new = state.arrived_since(since) if since is not None else set()
    unread, unread_topics = library.unread_counts(state.read)
    shown = [entry for index, entry in enumerate(library.entries) if library.shown(index)]
    new_topics: Counter[str] = Counter(
        topic.casefold() for entry in shown if entry.story in new for topic in entry.topics)

    def row(unread: int, fresh: int, total: int) -> dict[str, int]:
        return {"unread": unread, "new": fresh, "total": total}

    result: dict[str, Any] = {
        "all": row(unread, sum(1 for entry in shown if entry.story in new), library.stories),
        "topics": {name: row(unread_topics[name.casefold()], new_topics[name.casefold()], total)
                   for name, total in library.topics()},
        "searches": {},
    }
    views = Views(library, Marks(state.read, state.starred, new), lambda: datetime.now(UTC))
    for saved in state.searches():
        found = views.source_view(ViewSpec(Source("search", saved.name, saved.query,
                                                  saved.topic)))
        stories = [library[index].story for index in found]
        result["searches"][saved.name] = row(
            sum(1 for story in stories if story not in state.read),
            sum(1 for story in stories if story in new), len(stories))
    return result


def lines(result: dict[str, Any]) -> list[str]:
    """The counts as text, one line each: 'All  12 unread · 3 new · 240 cards'."""
    def line(name: str, row: dict[str, int]) -> str:
        return f"{name}\t{row['unread']} unread · {row['new']} new · {row['total']} cards"

    return [line("All", result["all"]),
            *(line(f"⌕ {name}", row) for name, row in result["searches"].items()),
            *(line(name, row) for name, row in result["topics"].items())]
