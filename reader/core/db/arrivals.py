"""What the state file knows of the library's stories, asked in SQL with the state attached: which
stories arrived (record_arrivals: noted by one INSERT ... SELECT) and how much heat each card
gained since its story was last seen (gains, for the rising sort)."""

from __future__ import annotations

import sqlite3
from array import array
from collections.abc import Collection
from pathlib import Path
from typing import TYPE_CHECKING

from ..baseline import Baseline
from ..state_schema import QUIET_ARRIVAL
from .columns import NONE
from .schema import connect

if TYPE_CHECKING:
    from .cards import Cards
    from .store import Store

LISTED = 100_000
"""Stories record_arrivals returns at most (more: noted, not listed)."""


def gains(library: Cards) -> array[float]:
        """Heat gained since the baseline, by card number (0 for a story with none)."""
        heat = library.columns.heat
        size = len(heat)
        base = array("d", [NONE]) * size
        baseline = library.baseline
        state_file, before = baseline.stored() if isinstance(baseline, Baseline) else (None, {})
        joined = False
        if state_file is not None and library.store.database is not None:
            folders = tuple(library.store.folders.values())
            try:  # one join with the state's heats: not a million stories in a dict
                db = connect(library.store.database, readonly=True)
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
                base = array("d", [NONE]) * size
        if joined:
            for story, value in before.items():
                for number in library._numbers_of(story):
                    base[number] = value
        else:
            stories = library.columns.story
            hashed = {hash(story): value for story, value in baseline.items()}
            for number in library.ids:
                value = hashed.get(stories[number])
                if value is not None:
                    base[number] = value
        gains = array("d", [0.0]) * size
        for number in library.ids:
            if base[number] == base[number] and heat[number] == heat[number]:
                gains[number] = heat[number] - base[number]
        return gains


def record_arrivals(store: Store, state_file: Path | None, when: float,
                        quiet: Collection[str] = ()) -> dict[str, float | None] | None:
        """On any thread: note in the state file every story of these cards that it has
        never seen (`seen`), arrived at `when` with its heat, by one INSERT ... SELECT (a
        million first-seen stories never pass through Python), and return them, or {} when
        there are more than LISTED (noted, not listed). None when the state file cannot be
        written this way: Session then compares and writes in Python, and says why not.
        `quiet`: folders seen for the first time, whose stories arrived before (time 0): noted,
        never listed (nothing is new there; a first start of 100k cards listed every story,
        20 MB for nothing)."""
        if state_file is None or store.database is None or not state_file.is_file():
            return None
        folders = tuple(store.folders.values())
        hushed = tuple(store.folders[folder] for folder in quiet if folder in store.folders)
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
                           (f"{store.database.as_uri()}?mode=ro",))
                db.execute("BEGIN IMMEDIATE")
                listed = (f"{cards} AND c.folder NOT IN ({', '.join('?' * len(hushed))})"
                          if hushed else cards)
                found: dict[str, float | None] = {}
                cursor = db.execute(f"SELECT c.story, c.heat {listed} LIMIT {LISTED + 1}",
                                    (*folders, *hushed))
                rows = 0
                for story, heat in cursor:  # a row at a time: no list of them all
                    rows += 1
                    if type(story) is str:
                        found[story] = float(heat) if isinstance(heat, int | float) else None
                cursor.close()
                # copies of a story: the last in load order gives its heat, as in memory
                db.execute("INSERT OR IGNORE INTO main.seen (story, first_seen, heat) "
                           f"SELECT c.story, {arrived}, c.heat {cards} "
                           "ORDER BY c.folder DESC, c.position DESC", (*hushed, when, *folders))
                db.execute("COMMIT")
            finally:
                db.close()
        except (OSError, sqlite3.Error):
            return None
        return {} if rows > LISTED else found
