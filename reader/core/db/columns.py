"""What the index holds of the cards of some folders, a few numbers per card in memory, indexed
by the card's number (its row id): enough to sort, filter by topic and mark, and count.

A million cards as Entries take 2 GB and 19 s to read; as Columns (scores, date, topic set,
story and flags: ~45 bytes a card) 45 MB and a few seconds. Columns are read on the loader's
thread inside one read transaction, and the connection then goes to the UI thread, which keeps
reading that same snapshot: the rows it fetches are the rows the columns were made from,
whatever another reader writes meanwhile.
"""

from __future__ import annotations

import math
import sqlite3
from array import array
from collections.abc import Sequence
from pathlib import Path

from .rows import READ_ROWS
from .schema import DAMAGE_SIGNS, TOPIC_JOIN, Damaged
from .sparse import Column, column, extended, few
from .store import Store

PUBLISHED, UNPUBLISHED = 2, 1
NONE = math.nan
"""A missing score in a column (NaN never equals itself: `value != value`)."""


class Columns:
    """What the index holds of the cards of some folders, a few numbers per card, indexed by
    the card's number: enough to sort, filter by topic and mark, and count."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.members = array("q")
        """The numbers of the cards, in load order (folders as given, files in scan order)."""
        self.heat: Column[float] = array("d")
        self.quality: Column[float] = array("d")
        self.when: Column[float] = array("d")
        self.topics: Column[int] = array("i")
        """Each card's topic set: an index into `sets`."""
        self.story: Column[int] = array("q")
        """hash() of each card's story key (the same in this process only: never stored)."""
        self.public = bytearray()
        """PUBLISHED or UNPUBLISHED for each card of these folders, 0 for any other number."""
        self.sets: list[tuple[str, ...]] = []
        self.joined: dict[str, int] = {}
        """Each topic set as stored (joined by TOPIC_JOIN) and its index into `sets`."""
        self.top = 0
        """The highest number among the rows read (cards or not): rows stored later are above."""
        self.snapshot = True
        """True while the rows are read in the snapshot the columns were read in (else as
        they are now: one that has gone since is not damage)."""

    @classmethod
    def read(cls, paths: Sequence[str], directory: Path | None = None, *,
             since: Columns | None = None, only: Sequence[int] | None = None,
             timeout: float = 10.0, snapshot: bool = True) -> Columns | None:
        """The columns of these folders' cards, or None when the index cannot answer for all
        of them (none yet, damage: a load then says why and rebuilds it). `since`: the columns
        read before, grown by the rows stored after them (a load under way; read whole again
        if a row they hold has gone). `only`: these cards alone (the first rows of a view).
        Damaged when a row is not one this reader wrote (a hand-edited database): the caller
        names it and has the index rebuilt. Without `snapshot` (the library of a load under
        way), the read transaction ends once the columns are read: an open one would keep
        the load's commits in the WAL file (it could not start again: 177 MB at 100k cards),
        and rows, only ever added by that load, are read as they are."""
        store = Store.open(paths, directory, timeout=timeout)
        if store is None:
            return None
        try:
            store.db.execute("BEGIN")  # one snapshot for the columns and every row read later
            columns = cls(store)
            if since is not None and since.store.folders == store.folders \
                    and columns._holds(since):
                columns._grow(since)
            else:
                columns._read(only)
            if not snapshot:
                store.db.execute("COMMIT")
            columns.snapshot = snapshot
            return columns
        except sqlite3.DatabaseError as error:  # locked, I/O: not now; malformed: damage
            store.close()
            if any(sign in str(error) for sign in DAMAGE_SIGNS):
                raise Damaged(str(error)) from error
            return None
        except Damaged:
            store.close()
            raise

    @classmethod
    def of(cls, store: Store, *, only: Sequence[int] | None = None) -> Columns:
        """The columns of the store's cards (`only` these), in a transaction the caller
        began (Damaged or sqlite3.Error: UNREADABLE)."""
        columns = cls(store)
        columns._read(only)
        return columns

    @classmethod
    def empty(cls) -> Columns:
        """No cards: what the reader holds before anything is read."""
        return cls(Store.empty())

    def _folders(self) -> tuple[int, ...]:
        return tuple(self.store.folders.values())

    def _in(self) -> str:
        return f"folder IN ({', '.join('?' * len(self.store.folders))})"

    def _holds(self, old: Columns) -> bool:
        """True when every card of the old columns is still in this snapshot: rows are never
        changed, only deleted, and new ones take numbers above every number used."""
        count = self.store.db.execute(
            f"SELECT count(*) FROM cards WHERE {self._in()} AND problem IS NULL AND id <= ?",
            (*self._folders(), old.top)).fetchone()[0]
        return bool(count == len(old.members))

    def _grow(self, old: Columns) -> None:
        """The old columns (copied: the reader may be showing them), and the rows after them."""
        top = self._top()
        size = top + 1
        grown = size - len(old.public)
        self.heat = extended(old.heat, NONE, grown)
        self.quality = extended(old.quality, NONE, grown)
        self.when = extended(old.when, -math.inf, grown)
        self.topics = extended(old.topics, 0, grown)
        self.story = extended(old.story, 0, grown)
        self.public = old.public + bytearray(grown)
        self.members = array("q", old.members)
        self.joined = dict(old.joined)
        self._fill([(f"WHERE {self._in()} AND id > ? AND problem IS NULL ORDER BY id",
                     (*self._folders(), old.top))], top)

    def _top(self) -> int:
        top = self.store.db.execute(f"SELECT coalesce(max(id), 0) FROM cards WHERE {self._in()}",
                                    self._folders()).fetchone()[0]
        if type(top) is not int:
            raise Damaged("a card row with values of the wrong type")
        return top

    def _read(self, only: Sequence[int] | None = None) -> None:
        top = max(only, default=0) if only is not None else self._top()
        size = top + 1
        sparse = only is not None and few(len(only), size)  # the first rows of a view
        self.heat = column("d", NONE, size, sparse=sparse)
        self.quality = column("d", NONE, size, sparse=sparse)
        self.when = column("d", -math.inf, size, sparse=sparse)
        self.topics = column("i", 0, size, sparse=sparse)
        self.story = column("q", 0, size, sparse=sparse)
        self.public = bytearray(size)  # a byte a number, and indexed as bytes by the library
        if only is not None:
            wanted = tuple(only)
            queries = [(f"WHERE {self._in()} AND problem IS NULL AND id IN "
                        f"({', '.join('?' * len(wanted))})", (*self._folders(), *wanted))]
        else:
            queries = [("WHERE folder = ? AND problem IS NULL ORDER BY position", (folder,))
                       for folder in self._folders()]
        self._fill(queries, top)

    def _fill(self, queries: Sequence[tuple[str, Sequence[object]]], top: int) -> None:
        self.top = top
        db = self.store.db
        members, heats, qualities, whens = self.members, self.heat, self.quality, self.when
        topic_of, stories, public = self.topics, self.story, self.public
        sets = self.joined
        kinds = {1: PUBLISHED, 0: UNPUBLISHED}  # a flag that is neither: KeyError, damage
        for where, parameters in queries:
            cursor = db.execute('SELECT id, heat, quality, "when", topics, story, public FROM '
                                f"cards {where}", parameters)
            # A hand-edited database may hold anything: a value an array cannot hold raises
            # TypeError (checked per value in Python, the loop took twice as long).
            try:
                while block := cursor.fetchmany(READ_ROWS):
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
                        public[row] = kinds[shown]
            except (TypeError, OverflowError, IndexError, KeyError) as error:
                raise Damaged(f"a card row with values of the wrong type ({error})") from error
        if not all(type(joined) is str for joined in sets):
            raise Damaged("a card row with topics of the wrong type")
        names: dict[str, str] = {}  # each topic's name once, however many sets hold it
        self.sets = [tuple(names.setdefault(name, name) for name in joined.split(TOPIC_JOIN))
                     if joined else () for joined in sets]
