"""The library as the index database holds it: a few numbers per card in memory, each card's
row read when it is shown (rows on demand).

A million cards as Entries take 2 GB and 19 s to read; as Columns (scores, date, topic set,
story and flags: ~45 bytes a card) 45 MB and a few seconds, and the list asks for the ~40 rows
it draws. IndexedLibrary answers every question Library answers, with the same results (a
differential test holds them equal): the same sorts and ties, the same copies left out, the
same topics and counts. Search runs in SQL (Query.where()), marks filter by story.

Cards are numbered by their row id in the database, so what SQL finds is a card's number.
Columns are read on the loader's thread inside one read transaction, and the connection then
goes to the UI thread, which keeps reading that same snapshot: the rows it fetches are the
rows the columns were made from, whatever another reader writes meanwhile.
"""

from __future__ import annotations

import math
import os
import sqlite3
import threading
import time
from array import array
from collections import Counter, OrderedDict
from collections.abc import Callable, Collection, Container, Iterable, Iterator, Mapping, Sequence
from itertools import compress, pairwise
from operator import not_
from pathlib import Path
from typing import Any

from . import index
from .baseline import Baseline
from .card import Entry
from .query import Marks, Query
from .sorts import copy_rank, expired, hot_of, keys_for, order_stamp, title_order
from .state import QUIET_ARRIVAL
from .store import ENTRY_COLUMNS, Store, entry_of

LISTED = 100_000
"""Stories record_arrivals returns at most (more: noted, not listed)."""
FEW = 64
"""Stories count_stories looks up one by one (more: one pass over the columns)."""
ROWS_KEPT = 4096
"""Entries kept in memory (the rows on screen and around them)."""
CHUNK = 500
"""Card numbers per SQL `IN (...)`."""
MATCHES_KEPT = 8
"""Queries whose cards match() keeps (a byte a card: 1 MB each at a million cards): the typed
search and its last few, and the saved searches counted for the sidebar."""
PUBLISHED, UNPUBLISHED = 2, 1
SQL_ORDERS = {sort: index.order_by(sort) for sort, (_, indexed) in index.ORDERS.items() if indexed}
"""Sorts whose key starts with columns an index of the database orders (index.ORDERS)."""
_NONE = math.nan
"""A missing score in a column (NaN never equals itself: `value != value`)."""


class Columns:
    """What the index holds of the cards of some folders, a few numbers per card, indexed by
    the card's number: enough to sort, filter by topic and mark, and count."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.members = array("q")
        """The numbers of the cards, in load order (folders as given, files in scan order)."""
        self.heat = array("d")
        self.quality = array("d")
        self.when = array("d")
        self.topics = array("i")
        """Each card's topic set: an index into `sets`."""
        self.story = array("q")
        """hash() of each card's story key (the same in this process only: never stored)."""
        self.public = bytearray()
        """PUBLISHED or UNPUBLISHED for each card of these folders, 0 for any other number."""
        self.sets: list[tuple[str, ...]] = []

    @classmethod
    def read(cls, paths: Sequence[str], directory: Path | None = None) -> Columns | None:
        """The columns of these folders' cards, or None when the index cannot answer for all
        of them (none yet, damage: a load then says why and rebuilds it)."""
        store = Store.open(paths, directory)
        if store is None:
            return None
        try:
            store.db.execute("BEGIN")  # one snapshot for the columns and every row read later
            columns = cls(store)
            columns._read()
            return columns
        except (sqlite3.Error, index.Damaged):
            store.close()
            return None

    def _read(self) -> None:
        db, folders = self.store.db, tuple(self.store.folders.values())
        top = db.execute(f"SELECT coalesce(max(id), 0) FROM cards WHERE folder IN "
                         f"({', '.join('?' * len(folders))})", folders).fetchone()[0]
        if type(top) is not int:
            raise index.Damaged("a card row with values of the wrong type")
        size = top + 1
        self.heat = array("d", [_NONE]) * size
        self.quality = array("d", [_NONE]) * size
        self.when = array("d", [-math.inf]) * size
        self.topics = array("i", [0]) * size
        self.story = array("q", [0]) * size
        self.public = bytearray(size)
        members, heats, qualities, whens = self.members, self.heat, self.quality, self.when
        topic_of, stories, public = self.topics, self.story, self.public
        sets: dict[str, int] = {}
        for folder in folders:
            cursor = db.execute('SELECT id, heat, quality, "when", topics, story, public FROM cards '
                                "WHERE folder = ? AND problem IS NULL ORDER BY position", (folder,))
            # A hand-edited database may hold anything: a value an array cannot hold raises
            # TypeError (checked per value in Python, the loop took twice as long).
            try:
                while block := cursor.fetchmany(index.READ_ROWS):
                    for row, heat, quality, when, joined, story, shown in block:
                        members.append(row)
                        if heat is not None:
                            heats[row] = heat
                        if quality is not None:
                            qualities[row] = quality
                        whens[row] = when
                        number = sets.get(joined)
                        if number is None:
                            number = sets[joined] = len(sets)
                        topic_of[row] = number
                        stories[row] = hash(story)
                        public[row] = PUBLISHED if shown == 1 else UNPUBLISHED
            except (TypeError, OverflowError, IndexError) as error:
                raise index.Damaged(f"a card row with values of the wrong type ({error})") from error
        if not all(type(joined) is str for joined in sets):
            raise index.Damaged("a card row with topics of the wrong type")
        self.sets = [tuple(joined.split(index.TOPIC_JOIN)) if joined else () for joined in sets]


def _score(value: float) -> float | None:
    return None if value != value else value


class IndexedLibrary:
    """Library's questions, answered from Columns and the index database (see module)."""

    def __init__(self, columns: Columns, *, include_unpublished: bool = False) -> None:
        self.columns = columns
        self.store = columns.store
        self.include_unpublished = include_unpublished
        self.all_copies = False
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
        self.hidden: set[int] = self.store.hidden_copies(self.include_unpublished)
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
            except (sqlite3.Error, index.Damaged) as error:
                self._damaged(str(error))
            for number in chunk:
                if number not in found:  # the snapshot holds every row its columns came from
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
            self._shown = _without(self.ids, self.hidden)
        return self._shown

    def _topic_index(self) -> tuple[dict[str, str], Counter[int]]:
        """Each topic's name (as the first card in load order writes it) by its case-folded
        key, and how many shown cards have each topic set."""
        if self._topic_rows is None:
            sets = self.columns.sets
            topics = self.columns.topics
            names: dict[str, str] = {}
            first = dict.fromkeys(map(topics.__getitem__, self.ids))  # in load order
            for number in first:
                for topic in sets[number]:
                    names.setdefault(topic.casefold(), topic)
            self._topic_rows = names, Counter(map(topics.__getitem__, self._shown_ids()))
        return self._topic_rows

    def topics(self) -> list[tuple[str, int]]:
        """(name, card count) for each topic, alphabetical ignoring case."""
        if self._topic_list is None:  # (the sidebar asks at every mark)
            names, per_set = self._topic_index()
            counts: Counter[str] = Counter()
            for number, count in per_set.items():
                for topic in self.columns.sets[number]:
                    counts[topic.casefold()] += count
            self._topic_list = [(names[key], counts[key]) for key in sorted(counts) if counts[key]]
        return list(self._topic_list)

    def unread_counts(self, read: Container[str]) -> tuple[int, Counter[str]]:
        """Unread cards in all, and per topic (by case-folded name), for the sidebar. After the
        first time, only the stories whose mark changed are looked at again."""
        marked = set(read) if isinstance(read, Iterable) else set()
        sets = self.columns.sets
        if self._unread is None:
            stories, topics = self.columns.story, self.columns.topics
            hashed = {hash(story) for story in marked}
            per_set = Counter(topics[number] for number in self._shown_ids()
                              if stories[number] not in hashed)
            per_topic: Counter[str] = Counter()
            for number, count in per_set.items():
                for topic in sets[number]:
                    per_topic[topic.casefold()] += count
            self._unread = marked, per_set, per_topic
        else:
            before, per_set, per_topic = self._unread
            changed = before ^ marked
            if len(changed) > CHUNK:  # a whole view marked: counting again is quicker
                self._unread = None
                return self.unread_counts(marked)
            for story in changed:
                step = -1 if story in marked else 1
                for number in self._numbers_of(story):
                    if number not in self.hidden:
                        per_set[self.columns.topics[number]] += step
                        for topic in sets[self.columns.topics[number]]:
                            per_topic[topic.casefold()] += step
            self._unread = marked, per_set, per_topic
        return sum(per_set.values()), Counter(per_topic)

    def count_stories(self, stories: Iterable[str]) -> int:
        """How many of these stories have a card here (starred ones, say): a query each for a
        few, else one pass over the shown cards' story hashes (the sidebar counts on every
        mark, and a re-check can make thousands of stories new)."""
        wanted = list(stories)
        if len(wanted) <= FEW:
            return sum(1 for story in wanted if self.find(story) is not None)
        hashed = {hash(story) for story in wanted}
        column = self.columns.story
        return sum(map(hashed.__contains__, map(column.__getitem__, self._shown_ids())))

    # --- orders and views -------------------------------------------------------------------

    def _key_columns(self, sort: str) -> list[array[float]]:
        """The sort's key as far as the columns hold it, a float per card by number, most
        significant first: the full key (sorts.py) without its title and path. Missing
        scores and dates count as +inf, last, as rank() makes them."""
        heat, when, quality = self.columns.heat, self.columns.when, self.columns.quality
        size = len(self.columns.public)
        later = array("d", [0.0]) * size  # -heat, -when and the sort's own measure
        newer = array("d", [0.0]) * size
        first = array("d", [0.0]) * size
        inf = math.inf
        gains = self._gains() if sort == "rising" else None
        now = self.now
        for n in self.ids:
            value = heat[n]
            later[n] = inf if value != value else -value
            newer[n] = -when[n]
            if sort == "quality":
                first[n] = inf if quality[n] != quality[n] else -quality[n]
            elif sort == "hot":
                first[n] = -hot_of(None if value != value else value, when[n], now)
            elif gains is not None:
                first[n] = inf if value != value else -gains[n]
        return [first, later, newer]

    def _gains(self) -> array[float]:
        """Heat gained since the baseline, by card number (0 for a story with none)."""
        heat = self.columns.heat
        size = len(heat)
        base = array("d", [_NONE]) * size
        baseline = self.baseline
        state_file, before = baseline.stored() if isinstance(baseline, Baseline) else (None, {})
        joined = False
        if state_file is not None and self.store.database is not None:
            folders = tuple(self.store.folders.values())
            try:  # one join with the state's heats: not a million stories in a dict
                db = index.connect(self.store.database, readonly=True)
                try:
                    db.execute("ATTACH DATABASE ? AS state", (f"{state_file.as_uri()}?mode=ro",))
                    for number, value in db.execute(
                            f"SELECT c.id, s.heat FROM cards c JOIN state.seen s ON s.story = "
                            f"c.story WHERE c.problem IS NULL AND c.folder IN "
                            f"({', '.join('?' * len(folders))})", folders):
                        if 0 <= number < size and isinstance(value, int | float):
                            base[number] = value
                    joined = True
                finally:
                    db.close()
            except (OSError, sqlite3.Error):
                base = array("d", [_NONE]) * size
        if joined:
            for story, value in before.items():
                for number in self._numbers_of(story):
                    base[number] = value
        else:
            stories = self.columns.story
            hashed = {hash(story): value for story, value in baseline.items()}
            for number in self.ids:
                value = hashed.get(stories[number])
                if value is not None:
                    base[number] = value
        gains = array("d", [0.0]) * size
        for number in self.ids:
            if base[number] == base[number] and heat[number] == heat[number]:
                gains[number] = heat[number] - base[number]
        return gains

    def has_order(self, sort: str) -> bool:
        """True when the sort's order is worked out (view() then takes milliseconds)."""
        return sort in self._orders and self._stamps.get(sort) == order_stamp(
            sort, self.now, self.baseline_version)

    def order(self, sort: str = "heat") -> Sequence[int]:
        """Every card's number in the sort's order (kept per sort)."""
        if expired(sort, self.now, self.baseline_version, self._stamps):
            self._orders.pop(sort, None)
            self._ranks.pop(sort, None)
        if sort not in self._orders:
            full, _ = keys_for(sort, self.now, self.baseline)
            if sort in SQL_ORDERS:
                self._orders[sort] = self._sql_order(sort)
            elif sort == "title":  # every title is read (a sort few pick at a million)
                ids = self.ids  # each title's sort key, by position in ids (no dict of them)
                titled = [title_order(title) for title in self._column_iter("title", ids)]
                positions = sorted(range(len(ids)), key=titled.__getitem__)
                order = array("q", map(ids.__getitem__, positions))
                ranked = list(map(titled.__getitem__, positions))
                del titled, positions
                self._orders[sort] = self._break_ties(order, ranked, full)
            else:  # stable sorts by each column, the least significant first: the order of
                # their tuple, at the speed of a float key (and 8 MB a column at a million)
                columns = self._key_columns(sort)
                order = self.ids
                for keys in reversed(columns):
                    order = array("q", sorted(order, key=keys.__getitem__))
                self._orders[sort] = self._break_runs(order, columns)
        return self._orders[sort]

    def _break_runs(self, order: array[int], columns: list[array[float]]) -> array[int]:
        """Runs of cards equal in every column, ordered by the rest of the full key (title
        ignoring case, path: _tie) on their rows."""
        first, second, third = columns
        runs: list[tuple[int, int]] = []
        start = 0
        previous = order[0] if order else 0
        for position in range(1, len(order)):
            number = order[position]
            if (first[number] != first[previous] or second[number] != second[previous]
                    or third[number] != third[previous]):
                if position - start > 1:
                    runs.append((start, position))
                start = position
            previous = number
        if len(order) - start > 1:
            runs.append((start, len(order)))
        return self._order_runs(order, runs, _tie)

    def _sql_order(self, sort: str) -> array[int]:
        """The order of a sort whose key starts with columns an index of the database orders
        (read through that index, every card of the database, those of this library kept),
        runs of equal columns then ordered by the rest of the full key (_tie)."""
        held = self._in
        size = len(held)
        order: array[int] = array("q")
        append = order.append
        runs: list[tuple[int, int]] = []
        last: tuple[object, object] | None = None
        start = 0
        with self._db:
            cursor = self.store.db.execute(f"SELECT id, heat, \"when\" FROM cards "
                                           f"ORDER BY {SQL_ORDERS[sort]}")
        while True:
            with self._db:  # a block at a time: the list's rows are read in between
                block = cursor.fetchmany(index.READ_ROWS)
            if not block:
                break
            for number, heat, when in block:
                if not (0 <= number < size and held[number]):
                    continue
                if (heat, when) != last:
                    if len(order) - start > 1:
                        runs.append((start, len(order)))
                    start, last = len(order), (heat, when)
                append(number)
        if len(order) - start > 1:
            runs.append((start, len(order)))
        return self._order_runs(order, runs, _tie)

    def _order_runs(self, order: array[int], runs: list[tuple[int, int]],
                    key: Callable[[Entry], Any]) -> array[int]:
        """Each run (start, end) of order, tied so far, ordered by `key` on its rows (read here:
        ties are a few cards)."""
        for begin, end in runs:
            run = order[begin:end]
            entries = self._fetch(run)
            order[begin:end] = array("q", sorted(run, key=lambda n: key(entries[n])))
        return order

    def _break_ties(self, order: array[int], ranked: Sequence[Any],
                    full: Callable[[Entry], Any]) -> array[int]:
        """Runs of equal keys (`ranked`, aligned with order) ordered by the full key (their
        rows are read: a few)."""
        runs: list[tuple[int, int]] = []
        for tie in (p for p, (a, b) in enumerate(pairwise(ranked)) if a == b):
            if runs and tie < runs[-1][1]:
                continue
            end = tie + 1
            while end + 1 < len(order) and ranked[end + 1] == ranked[tie]:
                end += 1
            runs.append((tie, end + 1))
        return self._order_runs(order, runs, full)

    def ranks(self, sort: str) -> array[int]:
        """Each card's position in the sort's order of every card (by card number)."""
        if sort not in self._ranks:
            order = self.order(sort)
            rank = array("q", [0]) * len(self.columns.heat)
            for position, number in enumerate(order):
                rank[number] = position
            self._ranks[sort] = rank
        return self._ranks[sort]

    def view(self, topic: str | None = None, sort: str = "heat") -> Sequence[int]:
        """Card numbers for a topic (None: all), in sort order, copies left out (arrays: a
        million numbers take 8 MB, not the 36 MB of a list of ints)."""
        key = (topic.casefold() if topic else None, sort)
        if sort not in ("hot", "rising") and key in self._views:
            return self._views[key]
        order, hidden = self.order(sort), self.hidden
        if topic is None:
            found = _without(order, hidden) if hidden else order
            self._views[key] = found
            return found
        folded = topic.casefold()
        wanted = {number for number, topics in enumerate(self.columns.sets)
                  if any(name.casefold() == folded for name in topics)}
        topics = self.columns.topics
        found = _without(array("q", compress(order, map(wanted.__contains__,
                                                        map(topics.__getitem__, order)))), hidden)
        self._views[key] = found
        return found

    def top(self, count: int, topic: str | None = None, sort: str = "heat") -> list[int]:
        return list(self.view(topic, sort)[:count])

    # --- filters (Views asks) ---------------------------------------------------------------

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
        while block := cursor.fetchmany(index.READ_ROWS):
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
            db = index.connect(self.store.database, readonly=True)
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

    def snapshot(self) -> object:
        """What the library holds now, for added_since: the numbers it has used, and itself to
        compare rows with (the session keeps it open until the next change)."""
        return max(self.columns.members, default=0), self

    def added_since(self, snapshot: object) -> list[int]:
        """The shown cards that are new or changed since the snapshot: rows written since
        (numbers are never used twice) whose file the old library did not hold as it is now
        (a file read again unchanged is not new)."""
        last, old = snapshot if isinstance(snapshot, tuple) else (0, None)
        fresh = [number for number in self.ids if number > last and number not in self.hidden]
        if not isinstance(old, IndexedLibrary) or old.store.closed:
            return fresh
        entries = self._fetch(fresh)
        kept = []
        for number in fresh:
            entry = entries[number]
            was = old.find_file(entry.path)
            if was is None or old[was] != entry:
                kept.append(number)
        return kept

    def record_arrivals(self, state_file: Path | None, when: float,
                        quiet: Collection[str] = ()) -> dict[str, float | None] | None:
        """On any thread: note in the state file every story of these cards that it has
        never seen (`seen`), arrived at `when` with its heat, by one INSERT ... SELECT (a
        million first-seen stories never pass through Python), and return them, or {} when
        there are more than LISTED (noted, not listed). None when the state file cannot be
        written this way: Session then compares and writes in Python, and says why not.
        `quiet`: folders seen for the first time, whose stories arrived before (time 0)."""
        if state_file is None or self.store.database is None or not state_file.is_file():
            return None
        folders = tuple(self.store.folders.values())
        hushed = tuple(self.store.folders[folder] for folder in quiet if folder in self.store.folders)
        arrived = (f"CASE WHEN c.folder IN ({', '.join('?' * len(hushed))}) THEN {QUIET_ARRIVAL} "
                   "ELSE ? END") if hushed else "?"
        cards = (f"FROM cards.cards c WHERE c.problem IS NULL AND c.folder IN "
                 f"({', '.join('?' * len(folders))}) AND NOT EXISTS (SELECT 1 FROM main.seen s "
                 "WHERE s.story = c.story)")
        try:
            db = sqlite3.connect(state_file.as_uri(), uri=True, timeout=10.0,
                                 isolation_level=None)
            try:
                db.execute("ATTACH DATABASE ? AS cards",
                           (f"{self.store.database.as_uri()}?mode=ro",))
                db.execute("BEGIN IMMEDIATE")
                rows = db.execute(f"SELECT c.story, c.heat {cards} LIMIT {LISTED + 1}",
                                  folders).fetchall()
                # copies of a story: the last in load order gives its heat, as in memory
                db.execute("INSERT OR IGNORE INTO main.seen (story, first_seen, heat) "
                           f"SELECT c.story, {arrived}, c.heat {cards} "
                           "ORDER BY c.folder DESC, c.position DESC", (*hushed, when, *folders))
                db.execute("COMMIT")
            finally:
                db.close()
        except (OSError, sqlite3.Error):
            return None
        if len(rows) > LISTED:
            return {}
        return {story: float(heat) if isinstance(heat, int | float) else None
                for story, heat in rows if type(story) is str}

    def stories_in(self, folders: Collection[str]) -> set[str]:
        """The stories of cards under these folders (real paths)."""
        numbers = tuple(self.store.folders[folder] for folder in folders
                        if folder in self.store.folders)
        return {story for story, in self._rows_of(
            f"SELECT story FROM cards WHERE problem IS NULL AND folder IN "
            f"({', '.join('?' * len(numbers))})", numbers)} if numbers else set()

    def story_heats(self) -> Iterable[tuple[str, float | None]]:
        """Every card's story and heat, published or not (what note_arrivals records)."""
        folders = tuple(self.store.folders.values())
        for story, heat in self._rows_of(
                f"SELECT story, heat FROM cards WHERE problem IS NULL AND folder IN "
                f"({', '.join('?' * len(folders))})", folders):
            yield story, None if heat is None else float(heat)


def _tie(entry: Entry) -> tuple[str, str]:
    """What orders cards whose scores and dates are all equal, in every sort but title (the
    end of each key in sorts.py)."""
    return entry.title.casefold(), entry.path


def _without(numbers: Sequence[int], left_out: set[int]) -> Sequence[int]:
    """The numbers not in `left_out`, in order (in C: no Python call per card)."""
    if not left_out:
        return numbers
    return array("q", compress(numbers, map(not_, map(left_out.__contains__, numbers))))


def _unreadable(number: int) -> Entry:
    """What the list shows for a row of the index that cannot be read."""
    return Entry(f"(row {number} of the index)", "(this card's row in the index cannot be read)",
                 "", None, None, -math.inf, "", "", (), True, False, b"", f"\0row {number}")
