"""What the article list shows: a source, in a sort, read cards hidden or not, searched.

The reader and `newsreader list` both take their lists from Views, so the two can never
disagree. A view is a list of entry indices into the library, never copies of entries.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from .db import Library
from .query import Marks, Query, QueryError, parse


@dataclass(frozen=True, slots=True)
class Source:
    """Where a view takes its cards from: every card, the starred ones, a saved search's
    matches, or a topic's cards."""

    kind: str  # "all", "starred", "new", "search" or "topic"
    name: str = ""
    query: str = ""
    topic: str = ""
    """A saved search's topic ('' for every card)."""
    alert: bool = False
    """A saved search that alerts when new or changed cards match it (⚑)."""
    problem: str = field(default="", compare=False)
    """Why a saved search's query cannot be read (it shows ⚠ and counts nothing), or ''."""

    @property
    def label(self) -> str:
        if self.kind == "all":
            return "All"
        if self.kind == "starred":
            return "★ Starred"
        if self.kind == "new":
            return "✦ New"
        if self.kind == "search":
            return f"⌕ {self.name}" + (" ⚑" if self.alert else "") + (" ⚠" if self.problem else "")
        return self.name

    def same(self, other: Source | None) -> bool:
        """The same row of the sidebar (topic names match ignoring case)."""
        return other is not None and (self.kind, self.name.casefold()) == (
            other.kind, other.name.casefold())


ALL = Source("all")
STARRED = Source("starred")
NEW = Source("new")
"""Stories that arrived since the last session."""

PAGE = 256
"""Cards read at a time while looking for the next unread one."""
SidebarRow = tuple[Source, int | None, int | None]
"""A sidebar row: its source, unread cards (None: not counted), cards (None: not counted)."""


def topic(name: str | None) -> Source:
    """The source of a topic's cards; every card when the name is None or empty."""
    return Source("topic", name) if name else ALL


@dataclass(frozen=True, slots=True)
class ViewSpec:
    """Everything that decides a view."""

    source: Source = ALL
    sort: str = "heat"
    hide_read: bool = False
    query: Query | None = field(default=None, compare=False)

    @property
    def searching(self) -> bool:
        return self.query is not None and not self.query.empty


class Views:
    """Views of one library, with the marks they filter by.

    Typing narrows a search: the last result is kept, and a query that narrows it filters that
    result rather than all 100,000 cards again (nor works out the source's view again).
    `version` counts changes of marks: a cached result is only reused for the same marks.
    """

    def __init__(self, library: Library, marks: Marks,
                 clock: Callable[[], datetime]) -> None:
        self.library = library
        self.marks = marks
        self.clock = clock
        self.version = 0
        self.warning: str | None = None
        """What was wrong with a saved search the last view used (None when nothing was)."""
        self._searched: tuple[tuple[object, ...], Query, Sequence[int]] | None = None
        self._last_source: tuple[tuple[object, ...], Sequence[int], str | None] | None = None

    def marks_changed(self) -> None:
        """Read or starred marks changed: cached results no longer hold."""
        self.version += 1

    def view(self, spec: ViewSpec) -> Sequence[int]:
        """The entry indices of a view, in order."""
        library = self.library
        library.now = self.clock().timestamp()
        self.warning = None
        query = spec.query
        if query is None or query.empty:
            self._searched = None
            return self.source_view(spec)
        library.sync_marks(self.marks, self.version)
        candidates, after = self.candidates(spec)
        result = library.filter(query, candidates, after=after)
        self._searched = (self._base(spec), query, result)
        return result

    def candidates(self, spec: ViewSpec) -> tuple[Sequence[int], Query | None]:
        """What view(spec) filters by the spec's query: the last result when the query narrows
        the last one (with that query), else the source's view."""
        last = self._searched
        query = spec.query
        if (query is not None and last is not None and last[0] == self._base(spec)
                and query.narrows(last[1])):
            return last[2], last[1]
        return self.source_view(spec), None

    def _base(self, spec: ViewSpec) -> tuple[object, ...]:
        library = self.library
        return spec.source, spec.sort, spec.hide_read, id(library), len(library), self.version

    def source_view(self, spec: ViewSpec) -> Sequence[int]:
        """The source's cards in the spec's sort, read ones left out if hidden (no search).
        The last one is kept while nothing it depends on changes (a search of a million
        cards asks twice a keystroke: leaving read cards out takes 50 ms there); not for
        the sorts that move with the clock (a library that grows is a new library)."""
        key = self._base(spec) if spec.sort not in ("hot", "rising") else None
        last = self._last_source
        if key is not None and last is not None and last[0] == key:
            self.warning = last[2] or self.warning
            return last[1]
        view = self._source_view(spec)
        self._last_source = None if key is None else (key, view, self.warning)
        return view

    def _source_view(self, spec: ViewSpec) -> Sequence[int]:
        library, source, marks = self.library, spec.source, self.marks
        topic_name = source.name if source.kind == "topic" else source.topic or None
        view: Sequence[int] = library.view(topic_name, spec.sort)
        if source.kind == "starred":
            view = library.with_stories(view, marks.starred, keep=True)
        elif source.kind == "new":
            view = library.with_stories(view, marks.new, keep=True)
        elif source.kind == "search":
            try:
                saved = parse(source.query, marks, self.clock())
                library.sync_marks(marks, self.version)
                view = library.filter(saved, view)
            except QueryError as error:  # shows nothing, and says why (the sidebar shows ⚠)
                self.warning = f"Saved search '{source.name}' cannot be read: {error}"
                view = ()
        if spec.hide_read and source.kind != "starred":  # starred cards are nearly all read
            view = library.with_stories(view, marks.read, keep=False)
        return view

    def top(self, spec: ViewSpec, limit: int | None) -> Sequence[int]:
        """view(spec)[:limit], without sorting every card when only the first few are wanted."""
        if limit is None:
            return self.view(spec)
        plain = not spec.searching and not spec.hide_read and spec.source.kind in ("all", "topic")
        if plain:
            self.library.now = self.clock().timestamp()
            name = spec.source.name if spec.source.kind == "topic" else None
            return self.library.top(limit, name, spec.sort)
        return self.view(spec)[:limit]

    def next_unread(self, view: Sequence[int], position: int, step: int) -> int | None:
        """The position of the next unread card after `position` (step 1) or before it (-1)."""
        library, read = self.library, self.marks.read
        position += step
        page = position  # rows on demand: read a page at a time, not a query a card
        while 0 <= position < len(view):
            if position == page:
                page = position + step * PAGE
                library.prefetch(view[max(0, min(position, page + 1)) : max(position + 1, page)])
            if library[view[position]].story not in read:
                return position
            position += step
        return None
