"""What the user has done, kept across runs: read and starred stories, saved searches.

SQLite in the user's state dir ($XDG_STATE_HOME/newsreader/state.sqlite3). Each change is one
transaction, in WAL mode with synchronous=NORMAL: a process killed at any moment (kill -9) loses
nothing committed, and the file is never half-written. A busy timeout lets two running readers
share the file. A damaged file is salvaged into a fresh one, every row that can be read, and kept
aside (state.sqlite3.damaged-…; state_repair.py); the reader never stops over its state.

Stories are keyed by Entry.story: the card's canonical URL (scheme and host lower-cased, default
port, fragment and utm_* parameters dropped), else its file path. Two files of the same story
share their read and starred marks.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any, NamedTuple

import platformdirs

from .sanitize import clean_line
from .state_repair import damaged, first_line, repair
from .state_schema import BUSY_SECONDS, QUIET_ARRIVAL, SCHEMA, _Newer, connect

__all__ = ["BUSY_SECONDS", "QUIET_ARRIVAL", "SCHEMA", "SavedSearch", "State", "StateError",
           "state_file"]


class SavedSearch(NamedTuple):
    """A search kept by name: its query, and the topic it was typed in ('' for All)."""

    name: str
    query: str
    topic: str = ""
    alert: bool = False
    """New and changed cards that match it raise a notification (and the terminal bell)."""


def state_file() -> Path:
    """Where the state lives: $XDG_STATE_HOME/newsreader/state.sqlite3 (or the platform's)."""
    return Path(platformdirs.user_state_dir("newsreader", appauthor=False)) / "state.sqlite3"


class StateError(Exception):
    """The state cannot be used at all (the folder cannot be written, say)."""


class State:
    """Read and starred stories (held in memory too, for the list), and saved searches."""

    def __init__(self, connection: sqlite3.Connection | None, path: Path | None, *,
                 writable: bool = True) -> None:
        self._db = connection
        self.path = path
        self.writable = writable and connection is not None
        self.read: set[str] = set()
        self.starred: set[str] = set()
        self._searches: dict[str, SavedSearch] = {}  # used when nothing is kept on disk
        self._stored_names: dict[str, str] = {}
        """A saved search's name as shown (cleaned) → as stored, for changes by that name."""
        self._version: object = None
        self.refresh()

    def refresh(self) -> bool:
        """Take in what another reader kept since this one last looked (the sets are updated in
        place: views hold them). True when anything was; cheap when nothing was (SQLite's
        data_version changes only when another connection commits)."""
        if self._db is None:
            return False
        try:
            version = self._db.execute("PRAGMA data_version").fetchone()[0]
            if version == self._version:
                return False
            rows = self._db.execute("SELECT story, read, starred FROM marks").fetchall()
        except sqlite3.Error:
            return False  # a read-only look at a file that has no marks table yet, or busy
        self._version = version
        read = {story for story, was_read, _ in rows if was_read}
        starred = {story for story, _, was_starred in rows if was_starred}
        changed = read != self.read or starred != self.starred
        if changed:
            self.read.clear()
            self.read.update(read)
            self.starred.clear()
            self.starred.update(starred)
        return changed

    @classmethod
    def memory(cls) -> State:
        """State that is not kept (--no-state, or when the file cannot be used at all)."""
        return cls(None, None)

    @classmethod
    def open(cls, path: Path | None = None, *, create: bool = True) -> tuple[State, str | None]:
        """Open (or create) the state file; the warning a user should see, or None.

        With create=False (`list`, `--print-config`) the file is only read: a missing file gives
        empty state, and nothing is ever written, moved or created. Only a file that is not a
        database, or fails its integrity check, is damage and moved aside; a lock held by
        another reader, a full disk or a read-only file is not: the marks are shown from a
        read-only connection and the warning says changes are not kept this time.
        """
        path = path or state_file()
        if path.exists() and not path.is_file():  # a FIFO would hang sqlite's first read
            return cls.memory(), (f"The state file {path} is not a regular file; it is left as "
                                  "it is, and marks are not kept this time.")
        if not create:
            return cls._read_only(path)
        try:
            return cls(connect(path), path), None
        except _Newer as error:
            return cls.memory(), (f"The state file {path} was {error}; it is left as it is, and "
                                  "marks are not kept this time.")
        except sqlite3.Error as error:
            if not damaged(error):
                state, trouble = cls._read_only(path)
                return state, trouble or (
                    f"The state file {path} cannot be written now ({error}); your marks are "
                    "shown, but changes are not kept this time.")
            return cls._set_aside(path, error)
        except OSError as error:
            return cls.memory(), (f"The state file {path} cannot be used ({error}); read and "
                                  "starred marks are not kept this time.")

    @classmethod
    def _read_only(cls, path: Path) -> tuple[State, str | None]:
        if not path.exists():
            return cls.memory(), None
        try:
            connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True,
                                         timeout=BUSY_SECONDS, isolation_level=None)
            return cls(connection, path, writable=False), None
        except (sqlite3.Error, OSError, ValueError) as error:
            return cls.memory(), (f"The state file {path} cannot be read ({error}); read and "
                                  "starred marks are not shown this time.")

    @classmethod
    def _set_aside(cls, path: Path, error: sqlite3.Error) -> tuple[State, str | None]:
        """Salvage a damaged file into a fresh one, one reader at a time (state_repair.py)."""
        try:
            connection, warning = repair(path, connect, error)
        except sqlite3.Error as again:  # not damage now: a lock or a full disk meanwhile
            return cls.memory(), (f"The state file {path} cannot be used ({first_line(again)}); "
                                  "marks are not kept this time.")
        if connection is None:
            return cls.memory(), warning
        return cls(connection, path), warning

    @property
    def kept(self) -> bool:
        return self._db is not None

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None

    # --- marks ----------------------------------------------------------------------------

    def set_read(self, stories: Iterable[str], read: bool) -> None:
        """Mark stories read or unread, in one transaction."""
        self._mark("read", self.read, list(stories), read)

    def set_starred(self, story: str, starred: bool) -> None:
        """Star or unstar a story."""
        self._mark("starred", self.starred, [story], starred)

    def _mark(self, column: str, marked: set[str], stories: list[str], on: bool) -> None:
        if on:
            marked.update(stories)
        else:
            marked.difference_update(stories)
        self._write(
            f"INSERT INTO marks (story, {column}, changed) VALUES (?, ?, ?) "
            f"ON CONFLICT(story) DO UPDATE SET {column} = excluded.{column}, "
            "changed = excluded.changed",
            [(story, int(on), time.time()) for story in stories],
        )

    # --- choices made in the reader (the theme) -----------------------------------------------

    def setting(self, name: str) -> str | None:
        """A choice saved with set_setting, or None."""
        if self._db is None:
            return None
        try:
            row = self._db.execute("SELECT value FROM settings WHERE name = ?", (name,)).fetchone()
        except sqlite3.Error:
            return None
        return None if row is None else str(row[0])

    def set_setting(self, name: str, value: str) -> None:
        self._write("INSERT INTO settings (name, value) VALUES (?, ?) "
                    "ON CONFLICT(name) DO UPDATE SET value = excluded.value", [(name, value)])

    @property
    def db(self) -> sqlite3.Connection | None:
        """The connection, for the tables kept beside the marks (core/subscriptions.py)."""
        return self._db

    def delete_setting(self, name: str) -> None:
        self._write("DELETE FROM settings WHERE name = ?", [(name,)])

    # --- what the reader has seen: when each story first arrived, the heat last looked at ----

    def note_arrivals(self, stories: dict[str, float | None], when: float) -> None:
        """Remember when these stories were first here, with the heat they came with (what ▲/▼
        compare with until the user reads them); stories already known keep theirs."""
        self._write("INSERT OR IGNORE INTO seen (story, first_seen, heat) VALUES (?, ?, ?)",
                    [(story, when, heat) for story, heat in stories.items()])

    def arrived_since(self, when: float) -> set[str]:
        """The stories first here after this time."""
        return {str(story) for story, in self._rows(
            "SELECT story FROM seen WHERE first_seen > ?", (when,))}

    def seen(self) -> dict[str, float | None]:
        """Every story whose arrival is remembered, with the heat it had when the user last
        read it (else when it arrived; None when it had none)."""
        return {str(story): None if heat is None else float(heat)
                for story, heat in self._rows("SELECT story, heat FROM seen", ())}

    def seen_heat(self, story: str) -> float | None:
        """The heat the story had when the user last read it, else when it arrived (None:
        never seen, or it had none)."""
        rows = self._rows("SELECT heat FROM seen WHERE story = ?", (story,))
        heat = rows[0][0] if rows else None
        return float(heat) if isinstance(heat, int | float) else None

    def note_heat(self, story: str, heat: float, when: float) -> None:
        """The user looked at this story with this heat."""
        self._write("INSERT INTO seen (story, first_seen, heat) VALUES (?, ?, ?) "
                    "ON CONFLICT(story) DO UPDATE SET heat = excluded.heat",
                    [(story, when, heat)])

    def _rows(self, sql: str, parameters: tuple[object, ...]) -> list[tuple[Any, ...]]:
        if self._db is None:
            return []
        try:
            return list(self._db.execute(sql, parameters))
        except sqlite3.Error:  # a read-only older file without the table, or busy
            return []

    # --- saved searches -----------------------------------------------------------------------

    def searches(self) -> list[SavedSearch]:
        """Each saved search, oldest first."""
        if self._db is None:
            return list(self._searches.values())
        for sql in ("SELECT name, query, topic, alert FROM searches ORDER BY created, name",
                    "SELECT name, query, topic, 0 FROM searches ORDER BY created, name",
                    "SELECT name, query, '', 0 FROM searches ORDER BY created, name"):
            try:  # the later forms read an older file opened read-only
                rows = list(self._db.execute(sql))
            except sqlite3.Error:
                continue
            found = []
            for name, query, topic, alert in rows:
                # A synced or hand-edited file may hold ESC, NUL or bidi characters: names are
                # cleaned as card text is, wherever they are shown (status, sidebar, notices).
                shown = clean_line(str(name), 200) or "?"
                self._stored_names[shown] = str(name)
                found.append(SavedSearch(shown, clean_line(str(query), 100_000),
                                         clean_line(str(topic), 200), bool(alert)))
            return found
        return []

    def save_search(self, name: str, query: str, topic: str = "", alert: bool = False) -> None:
        """Save (or replace) a search under a name; a replaced one keeps its place."""
        self._searches[name] = SavedSearch(name, query, topic, alert)
        stored = self._stored_names.get(name, name)
        if stored != name:  # a name stored with characters that are never shown: cleaned now
            self._write("UPDATE searches SET name = ? WHERE name = ?", [(name, stored)])
            self._stored_names[name] = name
        self._write("INSERT INTO searches (name, query, created, topic, alert) "
                    "VALUES (?, ?, ?, ?, ?) ON CONFLICT(name) DO UPDATE SET "
                    "query = excluded.query, topic = excluded.topic, alert = excluded.alert",
                    [(name, query, time.time(), topic, int(alert))])

    def delete_search(self, name: str) -> None:
        self._searches.pop(name, None)
        self._write("DELETE FROM searches WHERE name = ?", [(self._stored_names.get(name, name),)])

    def _write(self, sql: str, rows: list[tuple[object, ...]]) -> None:
        if self._db is None or not rows:
            return
        if not self.writable:
            raise StateError(f"the state file {self.path} is open read-only this time")
        try:
            with self._db:  # one transaction: all of it is kept, or none
                self._db.executemany(sql, rows)
        except sqlite3.Error as error:
            raise StateError(f"the state file {self.path} cannot be written ({error})") from error
