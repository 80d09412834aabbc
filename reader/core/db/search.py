"""Search over the library: a query's cards found in SQL (Query.where()), on the UI thread or on
a connection of its own off it (interruptible), kept for the view to filter by; marks given to
`is:` terms through temporary tables."""

from __future__ import annotations

import sqlite3
from array import array
from collections.abc import Container, Iterable, Sequence
from itertools import compress
from operator import not_

from ..query import Marks, Query
from .cards import Cards
from .rows import READ_ROWS
from .schema import connect
from .store import Store

MATCHES_KEPT = 8
"""Queries whose cards match() keeps (a byte a card: 1 MB each at a million cards): the typed
search and its last few, and the saved searches counted for the sidebar."""


class Search(Cards):
    """The cards a query keeps."""

    def sync_marks(self, marks: Marks, version: int) -> None:
        """Give SQL's `is:` terms these marks (Views.version says when they changed): written
        once a query that has such terms asks, and then only what changed."""
        self._version = version
        self._wanted_marks = marks

    def _write_marks(self) -> None:
        marks = self._wanted_marks
        if marks is not None and self._marks != (id(marks), self._version):
            with self._db:
                self.store.set_marks(marks)
            self._marks = (id(marks), self._version)

    def filter(self, query: Query, numbers: Sequence[int], *,
               after: Query | None = None) -> Sequence[int]:
        """The cards of `numbers` that the query keeps, in their order (one SQL pass)."""
        key = self._match_key(query, self._version)
        done = self._filtered.get(key)
        if done is not None and done[0] is numbers:  # match() filtered these already
            return done[1]
        kept = self._matched.get(key)
        if kept is None:
            try:
                if query.uses_marks:
                    self._write_marks()
                with self._db:
                    kept = self._kept(self.store.db, query)
            except sqlite3.Error as error:
                self._damaged(str(error))
                return []
        return array("q", compress(numbers, map(kept.__getitem__, numbers)))

    def _kept(self, db: sqlite3.Connection, query: Query) -> bytearray:
        """1 for each card the query keeps, by number (a million cards: 1 MB, where a set of
        their numbers took 60)."""
        text, values = query.where()
        folders = tuple(self.store.folders.values())
        kept = bytearray(len(self.columns.public))
        size = len(kept)
        cursor = db.execute(
            f"SELECT c.id FROM cards c WHERE c.folder IN ({', '.join('?' * len(folders))}) "
            f"AND c.problem IS NULL AND ({text})", (*folders, *values))
        while block := cursor.fetchmany(READ_ROWS):
            for (number,) in block:
                if 0 <= number < size:
                    kept[number] = 1
        return kept

    @staticmethod
    def _match_key(query: Query, version: int) -> tuple[object, ...]:
        text, values = query.where()
        return text, values, version if query.uses_marks else 0

    def matched(self, query: Query, version: int) -> bool:
        """True when match() has found this query's cards (for marks of this version)."""
        return self._match_key(query, version) in self._matched

    def match(self, query: Query, marks: Marks, version: int,
              numbers: Sequence[int] | None = None, *, interruptible: bool = True) -> bool:
        """On any thread, on a connection of its own: find the cards the query keeps, for
        filter() to use (and keep those of `numbers`, the view it will filter: a million
        numbers take a tenth of a second). False when interrupted (a newer search; not when
        `interruptible` is False: a saved search's count) or the database cannot say
        (filter() then asks on the UI thread and names the reason)."""
        if self.store.database is None:
            return False
        try:
            db = connect(self.store.database, readonly=True)
        except (OSError, sqlite3.Error):
            return False
        with self._lock:
            if interruptible:
                self._searching.add(db)
        try:
            if query.uses_marks:
                Store(db, self.store.folders).set_marks(marks)
            kept = self._kept(db, query)
        except sqlite3.Error:
            return False
        finally:
            with self._lock:
                self._searching.discard(db)
            db.close()
        key = self._match_key(query, version)
        if numbers is not None:
            self._filtered[key] = (numbers, array("q", compress(numbers,
                                                               map(kept.__getitem__, numbers))))
        self._matched[key] = kept
        while len(self._matched) > MATCHES_KEPT:
            self._matched.popitem(last=False)
        while len(self._filtered) > 2:
            self._filtered.popitem(last=False)
        return True

    def count_matched(self, query: Query, version: int, numbers: Sequence[int]) -> int | None:
        """How many of `numbers` the query keeps, once match() has found its cards (None:
        not found, or let go since)."""
        kept = self._matched.get(self._match_key(query, version))
        return None if kept is None else sum(map(kept.__getitem__, numbers))

    def interrupt(self) -> None:
        """Stop the searches match() is running (a newer one is on its way)."""
        with self._lock:
            for db in self._searching:
                db.interrupt()

    def with_stories(self, numbers: Sequence[int], stories: Iterable[str] | Container[str],
                     keep: bool) -> Sequence[int]:
        """The cards whose story is among `stories` (keep), or is not (not keep)."""
        hashed = {hash(story) for story in stories} if isinstance(stories, Iterable) else set()
        column = self.columns.story
        marked = map(hashed.__contains__, map(column.__getitem__, numbers))
        return array("q", compress(numbers, marked if keep else map(not_, marked)))
