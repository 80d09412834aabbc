"""The library's cards: which are in it (published, or unpublished ones shown too; copies of a
story left out of views), each card's row read when it is shown (rows on demand), and the
questions about them the sidebar and the story pane ask: topics, unread counts, a story's copies.

A row that cannot be read (a hand-edited database) becomes a row that says so, and `damage`
says why: the reader then rebuilds the index, never a traceback.
"""

from __future__ import annotations

import math
import os
import sqlite3
import threading
import time
from array import array
from collections import Counter, OrderedDict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from itertools import compress
from operator import not_
from typing import Any

from ..card import Entry
from ..query import Marks
from ..sorts import copy_rank
from .columns import PUBLISHED, UNPUBLISHED, Columns
from .rows import ENTRY_COLUMNS, entry_of
from .schema import Damaged

ROWS_KEPT = 1024
"""Entries kept in memory (the rows on screen and around them: twenty screens of 50 rows; a
row is about a kilobyte, 4,096 held 4 MB after a walk through a list)."""
CHUNK = 500
"""Card numbers per SQL `IN (...)`."""


class Cards:
    """The cards of a library read from the index database (Columns), rows on demand."""

    BIG = 20_000
    """From this many cards, the reader sorts, searches and counts saved searches off its UI
    thread (the size policy lives with the data; screens ask `big`)."""

    def __init__(self, columns: Columns, *, include_unpublished: bool = False,
                 all_copies: bool = False) -> None:
        self.columns = columns
        self.store = columns.store
        self.include_unpublished = include_unpublished
        self.all_copies = all_copies
        """Every copy of a story is shown (`newsreader list --all`)."""
        self.now = time.time()
        """The time the hot sort decays heat to (the app sets it from its clock)."""
        self._stamps: dict[str, int | None] = {}
        """What the hot and rising orders kept were worked out for (sorts.expired)."""
        self.baseline: Mapping[str, float] = {}
        """Each story's heat when the session began, for the rising sort (Session sets it)."""
        self.baseline_version = 0
        self._rows: OrderedDict[int, Entry] = OrderedDict()
        self._marks: tuple[int, int] | None = None
        self._wanted_marks: Marks | None = None
        self._version = 0
        """Views.version of the marks in the temporary tables (what `is:` terms read)."""
        self._matched: OrderedDict[tuple[object, ...], bytearray] = OrderedDict()
        """What match() found, by query: filter() then reads no row."""
        self._filtered: OrderedDict[tuple[object, ...], tuple[Sequence[int], Sequence[int]]] = \
            OrderedDict()
        """The view match() was given, and its cards that the query keeps."""
        self._searching: set[sqlite3.Connection] = set()
        self._lock = threading.Lock()
        self._db = threading.RLock()
        """Held while the snapshot's connection is used (see _rows_of)."""
        self.damage: str | None = None
        """Why a row could not be read, once one could not (the index is then rebuilt)."""
        self.on_damage: Callable[[str], object] | None = None
        """Called once with that reason (the app rebuilds the index)."""
        self._setup()

    def _setup(self) -> None:
        columns = self.columns
        members, public = columns.members, columns.public
        self.ids = members if self.include_unpublished else array("q", compress(
            members, map(PUBLISHED.__eq__, map(public.__getitem__, members))))
        """The cards in the library (published ones, unless unpublished ones are shown)."""
        self._in = bytearray(len(columns.public))
        """1 for each card in the library, by number."""
        for number in self.ids:
            self._in[number] = 1
        self.hidden: set[int] = self.store.hidden_copies(self.include_unpublished,
                                                           self.all_copies)
        """Copies of a story the views leave out (all but its hottest)."""
        self._orders: dict[str, Sequence[int]] = {}
        self._views: dict[tuple[str | None, str], Sequence[int]] = {}
        self._ranks: dict[str, array[int]] = {}
        self._topic_rows: tuple[dict[str, str], Counter[int]] | None = None
        self._shown: Sequence[int] | None = None
        self._unread: tuple[set[str], Counter[int], Counter[str]] | None = None
        self._topic_list: list[tuple[str, int]] | None = None

    def close(self) -> None:
        """Let go of the database snapshot."""
        self.store.close()

    # --- what Library has -------------------------------------------------------------------

    @property
    def hidden_unpublished(self) -> int:
        """How many cards are left out because they are not published yet."""
        return 0 if self.include_unpublished else len(self.columns.members) - len(self.ids)

    @property
    def unpublished_shown(self) -> int:
        """Cards not published yet that are in the library (include_unpublished)."""
        if not self.include_unpublished:
            return 0
        public = self.columns.public
        return sum(1 for number in self.ids if public[number] == UNPUBLISHED)

    def include(self, unpublished: bool) -> bool:
        """Show the cards not published yet too, or hide them again; True when that changed."""
        if unpublished == self.include_unpublished:
            return False
        self.include_unpublished = unpublished
        self._setup()
        return True

    @property
    def stories(self) -> int:
        """How many cards the views show: copies of one story count once."""
        return len(self.ids) - len(self.hidden)

    @property
    def big(self) -> bool:
        """True when sorting, searching and counting are to be done off the UI thread."""
        return len(self.ids) >= self.BIG

    def __len__(self) -> int:
        return len(self.ids)

    def __getitem__(self, number: int) -> Entry:
        rows = self._rows
        entry = rows.get(number)
        if entry is not None:
            rows.move_to_end(number)
            return entry
        self.prefetch([number])
        return rows[number]

    def cached(self, number: int) -> bool:
        """True when the card's row is in memory."""
        return number in self._rows

    def prefetch(self, numbers: Iterable[int]) -> None:
        """Read the rows of these cards now (the ones about to be shown), a chunk per query."""
        missing = [number for number in dict.fromkeys(numbers) if number not in self._rows]
        rows = self._rows
        rows.update(self._fetch(missing))
        while len(rows) > max(ROWS_KEPT, len(missing)):
            rows.popitem(last=False)

    def _fetch(self, numbers: Sequence[int]) -> dict[int, Entry]:
        """The entries of these cards. A row that cannot be one (a hand-edited database)
        becomes a row that says so, and `damage` says why: the reader then rebuilds the index,
        never a traceback."""
        found: dict[int, Entry] = {}
        for start in range(0, len(numbers), CHUNK):
            chunk = list(numbers[start : start + CHUNK])
            try:
                for row in self._rows_of(f"SELECT {ENTRY_COLUMNS} FROM cards c WHERE c.id IN "
                                         f"({', '.join('?' * len(chunk))})", chunk):
                    found[row[0]] = entry_of(row)
            except (sqlite3.Error, Damaged) as error:
                self._damaged(str(error))
            for number in chunk:
                if number not in found:  # the snapshot holds every row its columns came from
                    if self.columns.snapshot:
                        self._damaged("a card row went missing or is of the wrong type")
                    found[number] = _unreadable(number)
        return found

    def _rows_of(self, sql: str, parameters: Sequence[object]) -> list[Any]:
        """Rows of the snapshot: one thread at a time (an order worked out off the UI thread
        reads rows too)."""
        with self._db:
            return self.store.db.execute(sql, parameters).fetchall()

    def _damaged(self, reason: str) -> None:
        if self.damage is None:
            self.damage = reason
            if self.on_damage is not None:
                self.on_damage(reason)

    def entries_of(self, numbers: Sequence[int]) -> list[Entry]:
        """The entries of these cards (a few hundred: copies, alerts, ties)."""
        found = self._fetch(numbers)
        return [found[number] for number in numbers]

    def stories_of(self, numbers: Sequence[int]) -> list[str]:
        """The story key of each of these cards (every card of a view: no Entry made)."""
        return self._column_of("story", numbers)

    def _column_iter(self, column: str, numbers: Sequence[int]) -> Iterator[str]:
        """A text column of these cards, in their order, a chunk at a time ('' for a value of
        the wrong type: named as damage)."""
        for start in range(0, len(numbers), CHUNK):
            yield from self._column_of(column, numbers[start : start + CHUNK])

    def _column_of(self, column: str, numbers: Sequence[int]) -> list[str]:
        found: dict[int, object] = {}
        for start in range(0, len(numbers), CHUNK):
            chunk = list(numbers[start : start + CHUNK])
            try:
                found.update(self._rows_of(
                    f"SELECT id, {column} FROM cards WHERE id IN ({', '.join('?' * len(chunk))})",
                    chunk))
            except sqlite3.Error as error:
                self._damaged(str(error))
        values = [found.get(number) for number in numbers]
        if not all(type(value) is str for value in values):
            self._damaged(f"a card row without a {column} or of the wrong type")
        return [value if type(value) is str else "" for value in values]

    def _numbers_of(self, story: str) -> list[int]:
        """The cards in the library with this story (copies each), in no order."""
        folders = tuple(self.store.folders.values())
        try:
            found = self._rows_of(
                f"SELECT id FROM cards WHERE story = ? AND problem IS NULL AND folder IN "
                f"({', '.join('?' * len(folders))})", (story, *folders))
        except sqlite3.Error as error:
            self._damaged(str(error))
            return []
        return [number for (number,) in found if type(number) is int and self._held(number)]

    def _held(self, number: int) -> bool:
        """True when the card is in the library (published, or unpublished ones are shown)."""
        public = self.columns.public
        kind = public[number] if 0 <= number < len(public) else 0
        return kind == PUBLISHED or (kind == UNPUBLISHED and self.include_unpublished)

    def find(self, story: str) -> int | None:
        """The number of the shown card of a story, or None when no card has it."""
        return next((number for number in self._numbers_of(story) if number not in self.hidden),
                    None)

    def find_file(self, path: str) -> int | None:
        """The number of the card of this file, or None when no card has it."""
        for folder in self.store.folders.values():
            try:
                rows = self._rows_of(
                    "SELECT id FROM cards WHERE folder = ? AND path = ? AND problem IS NULL",
                    (folder, os.fsencode(path)))
                row = rows[0] if rows else None
            except sqlite3.Error as error:
                self._damaged(str(error))
                return None
            if row is not None and type(row[0]) is int and self._held(row[0]):
                return int(row[0])
        return None

    def copies(self, number: int) -> list[int]:
        """The other files of this card's story, hottest first."""
        others = [other for other in self._numbers_of(self[number].story) if other != number]
        return sorted(others, key=lambda other: copy_rank(self[other]))

    def shown(self, number: int) -> bool:
        """True when views show this card (it is its story's hottest copy)."""
        return number not in self.hidden

    def _shown_ids(self) -> Sequence[int]:
        """The cards views show (copies left out), in load order."""
        if self._shown is None:
            self._shown = without(self.ids, self.hidden)
        return self._shown


def without(numbers: Sequence[int], left_out: set[int]) -> Sequence[int]:
    """The numbers not in `left_out`, in order (in C: no Python call per card)."""
    if not left_out:
        return numbers
    return array("q", compress(numbers, map(not_, map(left_out.__contains__, numbers))))


def _unreadable(number: int) -> Entry:
    """What the list shows for a row of the index that cannot be read."""
    return Entry(f"(row {number} of the index)", "(this card's row in the index cannot be read)",
                 "", None, None, -math.inf, "", "", (), True, False, b"", f"\0row {number}")
