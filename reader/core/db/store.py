"""A read-only connection to the index database for some folders, and the answers SQL gives
without loading every card: whether the index holds every file as it is now (fresh), the files
that are not cards, the copies views leave out, and counts per view, topic and saved search.

`newsreader status` and the first screen ask here; the library (library.py) asks for its copies
and its marks. A view sorted by SQL's orders is answered by first.py.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from ..card import Problem
from ..query import Marks, Query
from ..scan import scan
from .copies import hidden_copies
from .digest import FileDigest
from .folders import scan_matches
from .schema import TOPIC_JOIN, Damaged, check_format, connect, create, index_file


@dataclass(slots=True)
class Fresh:
    """What a scan found next to what the index holds: whether the index can answer."""

    fresh: bool
    problems: int
    """Files the index holds as not cards, and paths the scan could not read."""
    scan_problems: list[Problem] = field(default_factory=list)
    """The paths the scan could not read (a folder without permission, a loop)."""


class Store:
    """A read-only connection to the index database, for some folders."""

    def __init__(self, db: sqlite3.Connection, folders: dict[str, int],
                 database: Path | None = None) -> None:
        self.db = db
        self.folders = folders
        """Each folder's real path and its number in the database."""
        self.database = database
        """The database's file (another connection to it searches off the UI thread)."""
        self.marks_set = False
        self._marks_held: dict[str, set[str]] = {}
        """The stories the mark tables hold now, by mark."""
        self.closed = False
        self._hidden: dict[tuple[bool, bool], set[int]] = {}
        self._hidden_table: bool | None = None

    @classmethod
    def open(cls, paths: Sequence[str], directory: Path | None = None, *,
             timeout: float = 10.0) -> Store | None:
        """The store for these folders, or None when the index cannot answer for all of them
        (no database, a folder never indexed, another format, damage: a load then does it)."""
        database = index_file(None, directory)
        if not all(os.path.exists(path) for path in paths) or not database.is_file():
            return None
        try:
            db = connect(database, readonly=True, timeout=timeout)
        except (OSError, sqlite3.Error):
            return None
        try:
            check_format(db)
            folders: dict[str, int] = {}
            for path in dict.fromkeys(os.path.realpath(path) for path in paths):
                row = db.execute("SELECT id FROM folders WHERE path = ?",
                                 (os.fsencode(path),)).fetchone()
                if row is None:
                    db.close()
                    return None
                folders[path] = row[0]
        except (sqlite3.Error, Damaged):
            db.close()
            return None
        return cls(db, folders, database)

    @classmethod
    def empty(cls) -> Store:
        """A store of no folders, on an empty database in memory (every answer is none)."""
        db = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
        create(db)
        return cls(db, {})

    def close(self) -> None:
        self.db.close()
        self.closed = True

    def fresh(self) -> Fresh:
        """Scan the folders (a stat of every file: the least work that proves nothing changed)
        and compare with what the index was made from. Not fresh: a file is new, changed or
        gone, or changed too recently to be trusted (folders.RACY_NS)."""
        problems = 0
        scan_problems: list[Problem] = []
        for folder, number in self.folders.items():
            files = FileDigest()  # a million files as a digest: no list of them
            found = scan([folder], files)
            problems += len(found.problems)
            scan_problems += found.problems
            written, stored = self.db.execute("SELECT written_ns, files FROM folders WHERE id = ?",
                                               (number,)).fetchone()
            if type(written) is not int:
                raise Damaged("a folder row of the wrong type")
            if not scan_matches(written, stored, files):
                return Fresh(False, problems, scan_problems)
            problems += self._count("SELECT count(*) FROM cards c WHERE c.folder = ? "
                                    "AND c.problem IS NOT NULL", (number,))
        return Fresh(True, problems, scan_problems)

    def cards(self) -> int:
        """How many files are cards (published or not, copies each), as `check` counts them."""
        folders = tuple(self.folders.values())
        return self._count(f"SELECT count(*) FROM cards c WHERE c.folder IN "
                           f"({', '.join('?' * len(folders))}) AND c.problem IS NULL", folders)

    def problems(self) -> list[Problem]:
        """The files that are not cards, and why, in the order a load lists them."""
        found: list[Problem] = []
        for number in self.folders.values():
            rows = self.db.execute(
                "SELECT path, problem FROM cards WHERE folder = ? AND problem IS NOT NULL "
                "ORDER BY position", (number,)).fetchall()
            if any(type(path) is not bytes or type(reason) is not str for path, reason in rows):
                raise Damaged("a problem row with values of the wrong type")
            found += [Problem(os.fsdecode(path), reason) for path, reason in rows]
        return found

    def _count(self, sql: str, parameters: tuple[object, ...]) -> int:
        return int(self.db.execute(sql, parameters).fetchone()[0])

    def set_marks(self, marks: Marks) -> None:
        """Give `is:` terms the marks (temporary tables; the state file is never touched).
        After the first time, only the stories whose marks changed are written (50,000 read
        stories take 0.13 s to write whole)."""
        for name in ("read", "starred", "new"):
            stories = getattr(marks, name)
            now = set(stories) if isinstance(stories, Iterable) else set()
            held = self._marks_held.get(name)
            if held is None:
                self.db.execute(
                    f"CREATE TEMP TABLE IF NOT EXISTS {name}_marks(story TEXT PRIMARY KEY)")
                self.db.execute(f"DELETE FROM {name}_marks")
                added, removed = now, set()
            else:
                added, removed = now - held, held - now
            self._marks_held.pop(name, None)  # (written whole next time, should this fail)
            self.db.executemany(f"DELETE FROM {name}_marks WHERE story = ?",
                                ((story,) for story in removed))
            self.db.executemany(f"INSERT OR IGNORE INTO {name}_marks VALUES (?)",
                                ((story,) for story in added))
            self._marks_held[name] = now
        self.marks_set = True

    def _where(self, *, topic: str | None, query: Query | None, include_unpublished: bool,
               hide_read: bool = False) -> tuple[str, tuple[object, ...]]:
        """The conditions of a view, before copies are left out."""
        folders = tuple(self.folders.values())
        # +: the folder test is not to pick the index; the sort's index orders the rows
        parts = [f"+c.folder IN ({', '.join('?' * len(folders))})", "c.problem IS NULL"]
        parameters: list[object] = list(folders)
        if not include_unpublished:
            parts.append("c.public = 1")
        if topic:
            parts.append("EXISTS (SELECT 1 FROM card_topics t WHERE t.card = c.id AND t.key = ?)")
            parameters.append(topic.casefold())
        if hide_read:
            parts.append(_UNREAD)
        if query is not None and not query.empty:
            text, values = query.where()
            parts.append(f"({text})")
            parameters += values
        return " AND ".join(parts), tuple(parameters)

    def hidden_copies(self, include_unpublished: bool, all_copies: bool = False) -> set[int]:
        """Rows that views leave out (copies.py), worked out once per kind of view."""
        key = (include_unpublished, all_copies)
        if key not in self._hidden:
            self._hidden[key] = hidden_copies(self, include_unpublished, all_copies)
        return self._hidden[key]

    def has_topic(self, name: str) -> bool:
        """True when a card has the topic (ignoring case); it may be a copy views leave out."""
        folders = tuple(self.folders.values())
        return self.db.execute(
            "SELECT 1 FROM card_topics t JOIN cards c ON c.id = t.card WHERE t.key = ? AND "
            f"c.folder IN ({', '.join('?' * len(folders))}) LIMIT 1",
            (name.casefold(), *folders)).fetchone() is not None

    def topic_names(self, include_unpublished: bool = False) -> list[str]:
        """Every topic's name, alphabetical ignoring case (as Library.topics names them)."""
        if not self.marks_set:
            self.set_marks(Marks())
        return list(self.topic_counts(include_unpublished))

    def count(self, *, topic: str | None = None, query: Query | None = None,
              include_unpublished: bool = False) -> Counts:
        """How many cards a view shows (copies once), and how many of them are unread and new
        (set_marks first)."""
        where, parameters = self._where(topic=topic, query=query,
                                        include_unpublished=include_unpublished)
        self._hide(include_unpublished)
        row = self.db.execute(
            f"SELECT {_COUNTS} FROM cards c WHERE {where} "
            "AND c.id NOT IN (SELECT id FROM hidden_rows)", parameters).fetchone()
        return Counts(row[0], row[1] or 0, row[2] or 0)

    def topic_counts(self, include_unpublished: bool = False) -> dict[str, Counts]:
        """Each topic's name (as the first card in load order writes it, as Library names it)
        and the counts of the cards the sidebar shows under it, alphabetical ignoring case."""
        return self.sidebar_counts(include_unpublished)[1]

    def sidebar_counts(self, include_unpublished: bool = False,
                       ) -> tuple[Counts, dict[str, Counts]]:
        """The counts of All and of each topic (topic_counts), in one pass over the cards."""
        where, parameters = self._where(topic=None, query=None,
                                        include_unpublished=include_unpublished)
        self._hide(include_unpublished)
        folders = tuple(self.folders.values())  # in the order given, as a load reads them
        given = "CASE c.folder " + " ".join(["WHEN ? THEN ?"] * len(folders)) + " END"
        order = tuple(value for pair in enumerate(folders) for value in pair[::-1])
        shown = "c.id NOT IN (SELECT id FROM hidden_rows)"
        # Grouped by the set of topics a card has (a few hundred), not topic by topic through
        # card_topics (a join of every card's topics: 6x slower), then spread to each topic.
        rows = self.db.execute(
            f"SELECT min({given} * 4294967296 + c.position), c.topics, "
            f"sum({shown}), sum({shown} AND {_UNREAD}), sum({shown} AND {_NEW}) "
            f"FROM cards c WHERE {where} GROUP BY c.topics", (*order, *parameters)).fetchall()
        names: dict[str, str] = {}
        counts: dict[str, list[int]] = {}
        everything = Counts(sum(row[2] for row in rows), sum(row[3] for row in rows),
                            sum(row[4] for row in rows))
        if any(type(row[0]) not in (int, float) or type(row[1]) is not str for row in rows):
            raise Damaged("a card row with values of the wrong type")
        for _, joined, total, unread, new in sorted(rows):  # the first card's names first
            for topic in joined.split(TOPIC_JOIN) if joined else ():
                key = topic.casefold()
                names.setdefault(key, topic)
                counted = counts.setdefault(key, [0, 0, 0])
                counted[0] += total
                counted[1] += unread
                counted[2] += new
        return everything, {names[key]: Counts(*counts[key])
                            for key in sorted(counts) if counts[key][0]}

    def _hide(self, include_unpublished: bool) -> None:
        """Put the rows views leave out in the temporary table hidden_rows."""
        hidden = self.hidden_copies(include_unpublished)
        if self._hidden_table == include_unpublished:
            return
        self.db.execute("CREATE TEMP TABLE IF NOT EXISTS hidden_rows(id INTEGER PRIMARY KEY)")
        self.db.execute("DELETE FROM hidden_rows")
        self.db.executemany("INSERT INTO hidden_rows VALUES (?)", ((row,) for row in hidden))
        self._hidden_table = include_unpublished


class Counts(NamedTuple):
    """Cards of a view, and how many of them are unread and new."""

    total: int
    unread: int
    new: int


_UNREAD = "c.story NOT IN (SELECT story FROM read_marks WHERE story IS NOT NULL)"
_NEW = "c.story IN (SELECT story FROM new_marks WHERE story IS NOT NULL)"
_COUNTS = f"count(*), sum({_UNREAD}), sum({_NEW})"

