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
from .schema import TOPIC_JOIN, Damaged
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
        except (sqlite3.Error, Damaged):
            store.close()
            return None

    def _read(self) -> None:
        db, folders = self.store.db, tuple(self.store.folders.values())
        top = db.execute(f"SELECT coalesce(max(id), 0) FROM cards WHERE folder IN "
                         f"({', '.join('?' * len(folders))})", folders).fetchone()[0]
        if type(top) is not int:
            raise Damaged("a card row with values of the wrong type")
        size = top + 1
        self.heat = array("d", [NONE]) * size
        self.quality = array("d", [NONE]) * size
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
                        public[row] = PUBLISHED if shown == 1 else UNPUBLISHED
            except (TypeError, OverflowError, IndexError) as error:
                raise Damaged(f"a card row with values of the wrong type ({error})") from error
        if not all(type(joined) is str for joined in sets):
            raise Damaged("a card row with topics of the wrong type")
        self.sets = [tuple(joined.split(TOPIC_JOIN)) if joined else () for joined in sets]
