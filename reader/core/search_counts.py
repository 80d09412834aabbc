"""Saved searches' counts for the sidebar: made in place for a small library, on a worker for
a big one (the sidebar shows the last count meanwhile); how many are unread; and which stored
queries cannot be read (shown with ⚠, counting nothing).

A room of its own since issue 25: the session owns one (`session.counts`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .db import Library
from .query import Marks, QueryError, parse
from .state import SavedSearch
from .views import Source, ViewSpec

if TYPE_CHECKING:
    from .session import CountKey, Session


class SearchCounts:
    def __init__(self, session: Session) -> None:
        self.session = session
        self._counts: dict[str, tuple[CountKey, int]] = {}
        """Each saved search's last count, by name, with what it was counted for."""
        self._unread: dict[str, tuple[tuple[CountKey, int], int]] = {}
        """Each saved search's unread count, by name, with its count key and marks' version."""
        self._problems: dict[str, str] = {}
        """Why each stored saved search's query cannot be read ('': it can), by query."""
        self._wanted: dict[str, tuple[Source, CountKey]] = {}
        self._on_ui_thread: set[CountKey] = set()
        """Counts a worker could not make (interrupted, or the database could not say)."""

    def total(self, saved: SavedSearch) -> int | None:
        """How many cards a saved search shows (None while loading; or while a big library's
        count is made off the UI thread and there is none before). Not while the folders are
        checked either: at a million cards that slowed the check by 5 s, for counts that the
        load's end (arrivals: is:new) made count again."""
        if self.session.progress is not None:
            return None
        source = Source("search", saved.name, saved.query, saved.topic)
        key = self._count_key(source)
        known = self._counts.get(saved.name)
        if known is not None and known[0] == key:
            return known[1]
        if self._apart(key):
            self._wanted[saved.name] = (source, key)
            # the count it had for the same query (a mark or a re-check ago), else none yet
            return known[1] if known is not None and known[0][:2] == key[:2] else None
        view = self.session.views.source_view(ViewSpec(source))
        count = len(view)
        self.session.views.warning = None
        self._counts[saved.name] = (key, count)
        self._unread[saved.name] = ((key, self.session.views.version), len(
            self.session.library.with_stories(view, self.session.state.read, keep=False)))
        return count

    def unread(self, saved: SavedSearch) -> int | None:
        """How many of a saved search's cards are unread, as a topic's (None: not counted:
        a big library's worker counts only the total)."""
        source = Source("search", saved.name, saved.query, saved.topic)
        known = self._unread.get(saved.name)
        if known is None or known[0] != (self._count_key(source), self.session.views.version):
            if self.session.progress is not None or self._apart(self._count_key(source)):
                return None
            self._counts.pop(saved.name, None)
            self.total(saved)
            known = self._unread.get(saved.name)
        return known[1] if known is not None else None

    def _count_key(self, source: Source) -> CountKey:
        return (source.query, source.topic, self.session.generation, self.session.library.include_unpublished,
                self.session.views.version if "is:" in source.query.casefold() else 0)

    def _apart(self, key: CountKey) -> bool:
        library = self.session.library
        return library.big and key not in self._on_ui_thread

    def wants_matching(self, source: Source) -> bool:
        """True when a saved search's cards are to be found off the UI thread before the list
        shows them (a big library; wanted() then includes it)."""
        library, key = self.session.library, self._count_key(source)
        if source.kind != "search" or not self._apart(key):
            return False
        try:
            query = parse(source.query, self.session.marks, self.session.clock())
        except QueryError:
            return False  # the list says why, at once
        if library.matched(query, self.session.views.version):
            return False
        self._wanted[source.name] = (source, key)
        return True

    def wanted(self) -> list[tuple[Source, CountKey]]:
        """The saved searches to count off the UI thread (count_apart), each once."""
        wanted, self._wanted = list(self._wanted.values()), {}
        return wanted

    def count_apart(self, library: Library, source: Source, marks: Marks,
                     version: int) -> int | None:
        """On a worker's thread: how many cards a saved search shows, as the sidebar counts
        them on the UI thread (len of its source view), matched on a connection of its own;
        its cards are then found for the list too. None: interrupted, or the database could
        not say."""
        view = library.view(source.topic or None, "heat")
        try:
            query = parse(source.query, marks, self.session.clock())
        except QueryError:
            return 0  # unreadable: it shows nothing, and the sidebar shows ⚠
        if not library.match(query, marks, version, interruptible=False):  # (typing a
            return None  # search interrupts its own, not the sidebar's counts)
        return library.count_matched(query, version, view)

    def counted(self, source: Source, key: CountKey, count: int | None) -> None:
        """A worker's count (None: it could not: counted on the UI thread next time)."""
        if count is None:
            self._on_ui_thread.add(key)
        else:
            self._counts[source.name] = (key, count)

    def problem(self, query: str) -> str:
        """Why a stored saved search cannot be read (edited by hand, synced from a newer
        reader, or saved before a limit), or '': it then shows ⚠ and counts nothing."""
        if query not in self._problems:
            try:
                parse(query, self.session.marks, self.session.clock())
                self._problems[query] = ""
            except QueryError as error:
                self._problems[query] = str(error)
            if len(self._problems) > 256:
                self._problems.pop(next(iter(self._problems)))
        return self._problems[query]
