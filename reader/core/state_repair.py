"""A damaged state file: salvaged, not thrown away, and by one reader at a time.

A state file that fails its check was once moved aside whole, and a fresh one begun: a few bad
bytes in an index (which can be rebuilt) cost every mark, and two readers starting together
moved it aside under the same second-resolution name, so one overwrote the user's marks and the
other wrote its new mark into a file that had just been moved away.

Now, under an exclusive lock on `state.sqlite3.lock`:
1. the file is checked again: another reader may have repaired it while this one waited;
2. every row that can still be read (marks, settings, seen, saved searches) is copied into a
   fresh database, whose indexes are built anew (damage in an index alone costs nothing);
3. the damaged file is kept aside under a name that cannot collide, and the fresh one takes its
   place; the user is told in one sentence how much came back.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import sqlite3
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from .file_lock import FileLock

LOCK_SECONDS = 30.0
"""How long a reader waits for another one's repair before it gives up (and keeps nothing)."""
TABLES = ("marks", "settings", "seen", "searches")
_DAMAGE = frozenset({"SQLITE_CORRUPT", "SQLITE_NOTADB"})


def damaged(error: sqlite3.Error) -> bool:
    """Is the file itself broken? A lock, a full disk, a read-only file or folder is not."""
    name = getattr(error, "sqlite_errorname", "")
    if name:
        return any(name.startswith(damage) for damage in _DAMAGE)
    return isinstance(error, sqlite3.DatabaseError) and not isinstance(
        error, sqlite3.OperationalError)  # our own integrity-check failure


def first_line(error: BaseException, limit: int = 120) -> str:
    """An error in a few words: an integrity check's first finding, not its hundred lines."""
    text = str(error).replace("*** in database main ***", "").strip()
    line = text.splitlines()[0] if text else type(error).__name__
    return line if len(line) <= limit else line[: limit - 1] + "…"


@contextlib.contextmanager
def locked(path: Path) -> Iterator[bool]:
    """Hold the repair lock of this state file; yields False when it could not be had."""
    lock = FileLock(path.with_name(path.name + ".lock"))
    held = lock.acquire(limit=LOCK_SECONDS) is not None
    try:
        yield held
    finally:
        lock.release()


@dataclass
class Salvage:
    """What came back from a damaged file."""

    rows: dict[str, int] = field(default_factory=dict)
    """Rows copied, by table."""
    read: int = 0
    starred: int = 0
    unreadable: list[str] = field(default_factory=list)
    """Tables of which some rows could not be read."""

    def sentence(self, path: Path, aside: Path, why: str) -> str:
        if not self.rows:
            return (f"The state file {path} was damaged ({why}) and nothing in it could be "
                    f"read: it is kept as {aside.name}, and a fresh one was begun.")
        searches, settings = self.rows.get("searches", 0), self.rows.get("settings", 0)
        came_back = (f"{self.read:,} read mark(s), {self.starred:,} star(s), {searches:,} saved "
                     f"search(es) and {settings:,} setting(s)")
        lost = (f"; some rows of {', '.join(self.unreadable)} could not be read"
                if self.unreadable else "; nothing was lost")
        return (f"The state file {path} was damaged ({why}): {came_back} came back into a "
                f"fresh one{lost} (the damaged file is kept as {aside.name}).")


def salvage(damaged_path: Path, fresh: sqlite3.Connection) -> Salvage:
    """Copy every row of the damaged file that can be read into `fresh` (which has the
    tables already)."""
    result = Salvage()
    try:
        source = sqlite3.connect(f"{damaged_path.resolve().as_uri()}?mode=ro", uri=True,
                                 isolation_level=None)
    except (sqlite3.Error, OSError, ValueError):
        result.unreadable = list(TABLES)
        return result
    with contextlib.closing(source):
        for table in TABLES:
            try:
                theirs = [row[1] for row in source.execute(f"PRAGMA table_info({table})")]
            except sqlite3.Error:
                result.unreadable.append(table)
                continue
            ours = {row[1] for row in fresh.execute(f"PRAGMA table_info({table})")}
            columns = [name for name in theirs if name in ours]
            if not columns:
                continue
            rows, complete = _readable_rows(source, table, columns)
            if not complete:
                result.unreadable.append(table)
            with fresh:
                fresh.executemany(
                    f"INSERT OR IGNORE INTO {table} ({', '.join(columns)}) "
                    f"VALUES ({', '.join('?' * len(columns))})", rows)
            result.rows[table] = len(rows)
    result.read = fresh.execute("SELECT count(*) FROM marks WHERE read").fetchone()[0]
    result.starred = fresh.execute("SELECT count(*) FROM marks WHERE starred").fetchone()[0]
    return result


def _readable_rows(source: sqlite3.Connection, table: str,
                   columns: list[str]) -> tuple[list[tuple[object, ...]], bool]:
    """Every row that can be read, walking the table by rowid and stepping over the rowids
    of a page that cannot be; True when the walk met no damage."""
    select = f"SELECT rowid, {', '.join(columns)} FROM {table} WHERE rowid > ? ORDER BY rowid"
    rows: list[tuple[object, ...]] = []
    last, complete, step = -(2**63), True, 1
    while True:
        try:
            for row in source.execute(select, (last,)):
                rows.append(tuple(row[1:]))
                last, step = row[0], 1
            return rows, complete
        except sqlite3.Error:
            complete = False
            if step > 2**40 or last > 2**62:
                return rows, complete
            last, step = (last if last > -(2**63) else 0) + step, step * 2


def set_aside(path: Path) -> Path | None:
    """Move the damaged file (and its WAL) to a name no other reader can pick; None when it
    could not be moved."""
    stamp = time.strftime("%Y%m%d-%H%M%S")
    aside = path.with_name(f"{path.name}.damaged-{stamp}-{os.getpid()}-{secrets.token_hex(3)}")
    try:
        os.rename(path, aside)
    except OSError:
        return None
    for suffix in ("-wal", "-shm"):
        with contextlib.suppress(OSError):
            os.rename(f"{path}{suffix}", f"{aside}{suffix}")
    return aside


def repair(path: Path, connect: Callable[[Path], sqlite3.Connection],
           error: sqlite3.Error) -> tuple[sqlite3.Connection | None, str | None]:
    """Under the lock: the repaired file's connection and what to tell the user (None when
    another reader repaired it meanwhile); (None, sentence) when nothing could be kept."""
    with locked(path) as held:
        if not held:
            return None, (f"The state file {path} is damaged ({first_line(error)}) and another "
                          "reader is repairing it; marks are not kept this time.")
        try:
            return connect(path), None  # repaired by another reader while this one waited
        except sqlite3.Error as again:
            if not damaged(again):
                raise
        fresh_path = path.with_name(f"{path.name}.salvage-{os.getpid()}-{secrets.token_hex(3)}")
        try:
            fresh = connect(fresh_path)
            with contextlib.closing(fresh):
                found = salvage(path, fresh)
            aside = set_aside(path)
            if aside is None:
                raise OSError("the damaged file could not be moved aside")
            os.replace(fresh_path, path)
            for suffix in ("-wal", "-shm"):
                with contextlib.suppress(OSError):
                    os.replace(f"{fresh_path}{suffix}", f"{path}{suffix}")
            return connect(path), found.sentence(path, aside, first_line(error))
        except (sqlite3.Error, OSError) as failed:
            for leftover in (fresh_path, Path(f"{fresh_path}-wal"), Path(f"{fresh_path}-shm")):
                with contextlib.suppress(OSError):
                    leftover.unlink()
            return None, (f"The state file {path} is damaged ({first_line(error)}) and could "
                          f"not be repaired ({first_line(failed)}); marks are not kept this time.")
