"""The index database's shape: where it lives, its tables, its one table of orders, its format,
and how a connection to it is made, checked and, once found damaged, removed.

The index is one SQLite database in the user's cache dir (WAL: one writer, many readers, so two
readers on the same folder at once stay correct). Each card file is a row of `cards`, with its
folder, size, mtime and identity and the Entry's fields as columns; `card_topics` holds each
card's topics as written, case-folded (the sidebar's key) and folded (what topic: matches).
A database that SQLite finds damaged, of another format, or with a value of the wrong type in
any row (a hand-edited file), is named in a note, removed and rebuilt, never a crash.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import shutil
import sqlite3
import stat
import tempfile
import zlib
from pathlib import Path

import platformdirs

from ..card import Entry
from ..files import file_kind

DATABASE = "index.sqlite"


def cache_dir() -> Path:
    """Where the index lives: $XDG_CACHE_HOME/newsreader (or the platform's equivalent)."""
    return Path(platformdirs.user_cache_dir("newsreader", appauthor=False)) / "index"


def temporary_index() -> Path:
    """A private folder (mode 0700) for an index that lives as long as this process: what
    --no-cache reads into, or a cache folder that cannot be written. Removed at exit; one
    left by a process that was killed is removed by the next that makes one."""
    _sweep_temporary()
    folder = Path(tempfile.mkdtemp(prefix=f"{TEMPORARY}{os.getpid()}-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    return folder


TEMPORARY = "newsreader-index-"


def _sweep_temporary() -> None:
    """Remove the temporary indexes of processes that are gone (killed: no atexit ran)."""
    with contextlib.suppress(OSError):
        for folder in Path(tempfile.gettempdir()).glob(f"{TEMPORARY}*-*"):
            pid = folder.name[len(TEMPORARY):].split("-", 1)[0]
            if not pid.isdigit() or folder.is_symlink() or folder.stat().st_uid != os.getuid():
                continue
            try:
                os.kill(int(pid), 0)
            except ProcessLookupError:
                shutil.rmtree(folder, ignore_errors=True)
            except OSError:
                pass


def index_file(folder: str | None = None, directory: Path | None = None) -> Path:
    """The index database (one for every folder; `folder` is kept for callers that name one)."""
    return (directory or cache_dir()) / DATABASE


ORDERS: dict[str, tuple[tuple[str, ...], bool]] = {
    "heat": (("heat IS NULL", "heat DESC", '"when" DESC'), True),
    "date": (('"when" DESC', "heat IS NULL", "heat DESC"), True),
    "quality": (("quality IS NULL", "quality DESC", "heat IS NULL", "heat DESC", '"when" DESC'),
                False),
}
"""The one table of the orders SQL can give (a prefix of the sort's key: title and path order
the ties in Python), and whether an index of the database serves it (CREATE INDEX below)."""


def order_by(sort: str, table: str = "") -> str:
    """The ORDER BY of a sort, its columns named through `table` when given ('c')."""
    prefix = f"{table}." if table else ""
    return ", ".join(prefix + term for term in ORDERS[sort][0])


def order_columns(sort: str) -> tuple[str, ...]:
    """The columns the ORDER BY of a sort reads, in order ('when' unquoted)."""
    names = (term.split()[0].strip('"') for term in ORDERS[sort][0])
    return tuple(dict.fromkeys(names))


SCHEMA = """
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE folders(id INTEGER PRIMARY KEY, path BLOB NOT NULL UNIQUE,
                     written_ns INTEGER NOT NULL DEFAULT 0,
                     files BLOB);  -- digest() of the files stored, in scan order
CREATE TABLE cards(
    id INTEGER PRIMARY KEY, folder INTEGER NOT NULL, position INTEGER NOT NULL,
    path BLOB NOT NULL, size, mtime, identity,
    problem,  -- why the file is not a card; NULL for a card
    title, url, heat, quality, "when", provider, domain, topics, public, video, search, story,
    provider_folded,  -- folding.fold(provider): what provider: matches
    copies INTEGER NOT NULL DEFAULT 0,  -- cards of the folder with this story (itself included)
    UNIQUE(folder, path));
CREATE INDEX cards_place ON cards(folder, position);
CREATE TABLE card_topics(card INTEGER NOT NULL, topic TEXT NOT NULL, key TEXT NOT NULL,
                         folded TEXT NOT NULL);
CREATE INDEX card_topics_card ON card_topics(card);
CREATE INDEX card_topics_key ON card_topics(key);
CREATE INDEX card_topics_folded ON card_topics(folded);
CREATE INDEX cards_story ON cards(story);
CREATE INDEX cards_copies ON cards(story) WHERE copies > 1;
CREATE INDEX cards_problems ON cards(folder) WHERE problem IS NOT NULL;
""" + "\n".join(f"CREATE INDEX cards_by_{sort} ON cards({order_by(sort)});"
              for sort, (_, indexed) in ORDERS.items() if indexed) + """
CREATE TRIGGER cards_gone AFTER DELETE ON cards BEGIN
    DELETE FROM card_topics WHERE card = old.id;
END;
"""
"""Columns without a declared type keep each value's own type: a heat of 12 stays an int, 12.5 a
float. `path` is the file's path as bytes (a name that is not UTF-8 survives); `topics` the
card's topics joined by TOPIC_JOIN (a control character: cleaned out of every topic)."""
TOPIC_JOIN = "\x1f"
FORMAT = f"newsreader-index 11 {zlib.crc32(' '.join((*Entry._fields, SCHEMA)).encode()):08x}"

DAMAGE_SIGNS = ("malformed", "not a database", "no such table", "no such column")
"""What SQLite says when the database is not one this reader wrote (as opposed to locked, out
of memory or an I/O error: a reason to parse the cards this once, not to remove the index)."""


class Damaged(Exception):
    """The database is not an index this reader wrote: it is removed and rebuilt."""


def connect(path: Path, *, readonly: bool = False, timeout: float = 10.0) -> sqlite3.Connection:
    """A connection to the index database (a FIFO or folder in its place raises OSError first:
    SQLite would wait on a FIFO) that waits up to `timeout` seconds for another's lock."""
    try:
        info: os.stat_result | None = os.stat(path)
    except FileNotFoundError:
        if readonly:
            raise
        info = None  # a writer creates it
    if info is not None and not stat.S_ISREG(info.st_mode):
        raise NotADatabase(f"not a regular file ({file_kind(info.st_mode)})")
    uri = f"{path.as_uri()}?mode=ro" if readonly else path.as_uri()
    db = sqlite3.connect(uri, uri=True, timeout=timeout, isolation_level=None,
                         check_same_thread=False)
    db.execute(f"PRAGMA busy_timeout = {int(timeout * 1000)}")
    if not readonly:
        db.execute("PRAGMA journal_mode = WAL")
        db.execute("PRAGMA synchronous = NORMAL")
    return db


UNREADABLE: tuple[type[Exception], ...] = (sqlite3.Error, Damaged)
"""What asking the index can raise: the caller then loads the cards (which names the damage and
rebuilds the index). Callers outside storage catch this, never sqlite3's errors."""


class NotADatabase(OSError):
    """Something other than a regular file where the database should be."""


def check_format(db: sqlite3.Connection) -> None:
    """Raise Damaged unless the database is an index of this format."""
    try:
        row = db.execute("SELECT value FROM meta WHERE key = 'format'").fetchone()
    except sqlite3.OperationalError as error:
        if "no such table" in str(error):
            raise Damaged("not an index of this reader") from error
        raise
    if row is None or row[0] != FORMAT:
        raise Damaged(f"another format ({row[0] if row else 'none'})")


def discard(directory: Path | None = None) -> None:
    """Remove the index database (found damaged while it was being read): the next load
    rebuilds it."""
    remove(index_file(None, directory))


def remove(path: Path) -> None:
    """Remove a damaged database and its WAL files (a folder in its place is left: named)."""
    for name in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        with contextlib.suppress(OSError):
            name.unlink()


def create(db: sqlite3.Connection) -> None:
    if db.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]:
        check_format(db)
        return
    db.executescript(f"BEGIN IMMEDIATE; {SCHEMA} COMMIT;")
    db.execute("INSERT INTO meta VALUES ('format', ?)", (FORMAT,))

