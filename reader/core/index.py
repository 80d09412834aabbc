"""The on-disk index of the card folders: each file's Entry (or Problem) with the size and mtime it had.

A warm start reads the index instead of parsing, and only files that are new or whose size or
mtime changed are parsed again; removed files drop out.

The index is one SQLite database in the user's cache dir (WAL: one writer, many readers, so two
readers on the same folder at once stay correct). Each card file is a row of `cards`, with its
folder, size, mtime and identity and the Entry's fields as columns; `card_topics` holds each
card's topics as written, case-folded (the sidebar's key) and folded (what topic: matches).
SQL answers from it without loading every card (store.py). Writes are one transaction each
and change only the rows that changed: a kill at any moment leaves the previous index whole.
A database that SQLite finds damaged, of another format, or with a value of the wrong type in
any row (a hand-edited file), is named in a note, removed and rebuilt, never a crash.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import sqlite3
import stat
import time
import zlib
from array import array
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache, partial
from pathlib import Path
from typing import NamedTuple

import platformdirs

from .card import Entry, Problem
from .files import file_kind, os_reason
from .folding import fold
from .scan import FileRef
from .scores import MAX_SCORE

DATABASE = "index.sqlite"
RACY_NS = 2_000_000_000
"""A file changed less than this long before the index was written may have changed again within
the same mtime tick without changing size: it is parsed again rather than trusted."""

Item = Entry | Problem


class Known(NamedTuple):
    """What the index knows of one file."""

    size: int
    mtime_ns: int
    identity: int
    item: Item
    row: int


@dataclass(slots=True)
class FolderIndex:
    """The index of one folder: aligned lists, in the order the scan finds the files.

    Aligned lists (not a dict of records) because the common warm start is "nothing changed",
    and that is three list comparisons in C against what the scan found.
    """

    folder: str
    paths: list[str] = field(default_factory=list)
    sizes: list[int] = field(default_factory=list)
    mtimes: list[int] = field(default_factory=list)
    identities: list[int] = field(default_factory=list)
    """scan.stamp() of each file: its change time and inode."""
    items: list[Item] = field(default_factory=list)
    rows: list[int] = field(default_factory=list)
    """Each file's row in the database; 0 for a file whose item is not stored there."""
    written_ns: int = 0

    def unchanged(self, found: Sequence[FileRef]) -> bool:
        """True when the scan found exactly these files, unchanged and old enough to trust."""
        return (
            len(found) == len(self.paths)
            and [ref.path for ref in found] == self.paths
            and [ref.size for ref in found] == self.sizes
            and [ref.mtime_ns for ref in found] == self.mtimes
            and [ref.identity for ref in found] == self.identities
            and (not self.mtimes or max(self.mtimes) < self.written_ns - RACY_NS)
        )

    def known(self) -> dict[str, Known]:
        """Path to what is known of it, for looking files up one by one when some changed."""
        if len(self.rows) != len(self.paths):  # made by hand: nothing is stored
            self.rows = [0] * len(self.paths)
        known = map(_new_known, zip(self.sizes, self.mtimes, self.identities, self.items,
                                    self.rows, strict=True))
        return dict(zip(self.paths, known, strict=True))

    def trusted(self, known: Known | None, ref: FileRef) -> Item | None:
        """The item the index holds for this file if the file is unchanged, else None."""
        if known is None or known[:3] != ref[1:]:  # size, mtime, ctime and inode
            return None
        return known.item if ref.mtime_ns < self.written_ns - RACY_NS else None


    def drop_missing(self) -> None:
        """Leave out files whose item is still missing (a load stopped before parsing them):
        the next load parses them."""
        keep = [position for position, item in enumerate(self.items) if item is not None]
        if len(keep) < len(self.items):
            self.paths = [self.paths[position] for position in keep]
            self.sizes = [self.sizes[position] for position in keep]
            self.mtimes = [self.mtimes[position] for position in keep]
            self.identities = [self.identities[position] for position in keep]
            self.items = [self.items[position] for position in keep]
            self.rows = [self.rows[position] for position in keep]


def refresh(cache: FolderIndex | None, folder: str,
            found: Sequence[FileRef]) -> tuple[FolderIndex, list[int]]:
    """What the folder's index should hold now that the scan found these files, and the
    positions whose item is missing (None) because the file is new or changed: to be parsed."""
    if cache is not None and cache.unchanged(found):
        return cache, []  # the common warm start: nothing to look up one by one
    fresh = FolderIndex(cache.folder if cache else os.path.realpath(folder))
    known = cache.known() if cache else {}
    stale: list[int] = []
    for ref in found:
        was = known.get(ref.path)
        item = cache.trusted(was, ref) if cache else None
        if item is None:
            stale.append(len(fresh.paths))
        fresh.rows.append(was.row if item is not None and was is not None else 0)
        fresh.paths.append(ref.path)
        fresh.sizes.append(ref.size)
        fresh.mtimes.append(ref.mtime_ns)
        fresh.identities.append(ref.identity)
        fresh.items.append(item)  # type: ignore[arg-type]  # None until parsed
    return fresh, stale


_new_entry: Callable[[tuple[object, ...]], Entry] = partial(tuple.__new__, Entry)
_new_known: Callable[[tuple[object, ...]], Known] = partial(tuple.__new__, Known)


def cache_dir() -> Path:
    """Where the index lives: $XDG_CACHE_HOME/newsreader (or the platform's equivalent)."""
    return Path(platformdirs.user_cache_dir("newsreader", appauthor=False)) / "index"


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
"""Kept in the database: a change to Entry's fields, the tables or digest() is a new format."""

_CARD_COLUMNS = ('id, path, size, mtime, identity, problem, title, url, heat, quality, "when", '
                 "provider, domain, topics, public, video, search, story")

_DAMAGE_SIGNS = ("malformed", "not a database", "no such table", "no such column")
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


def read(folder: str, directory: Path | None = None, *,
         entries: bool = True) -> tuple[FolderIndex, str | None]:
    """The folder's index, and why it was not usable (None when it was read, or did not exist).
    Without `entries`, each card's item is KEPT: what a load needs to know which files changed
    (the reader asks the database for the cards it shows: indexed_library.py).

    A damaged database is removed here, so that the write after the load starts a new one."""
    empty = FolderIndex(os.path.realpath(folder))
    path = index_file(folder, directory)
    if not path.exists() and not path.is_symlink():
        return empty, None
    try:
        db = connect(path, readonly=True)
        try:
            return _read(db, empty.folder, entries), None
        finally:
            db.close()
    except NotADatabase as error:
        _remove(path)
        return empty, f"the index {path} is damaged ({error}); rebuilding it"
    except OSError as error:
        return empty, f"the index {path} cannot be read ({os_reason(error)}); rebuilding it"
    except Damaged as error:
        _remove(path)
        return empty, f"the index {path} is damaged or from another version ({error}); rebuilding it"
    except sqlite3.OperationalError as error:  # locked past the timeout, no memory, I/O
        if any(sign in str(error) for sign in _DAMAGE_SIGNS):
            _remove(path)
            return empty, f"the index {path} is damaged ({error}); rebuilding it"
        return empty, f"the index {path} cannot be read ({error}); parsing the cards"
    except sqlite3.DatabaseError as error:  # "file is not a database", "malformed"
        _remove(path)
        return empty, f"the index {path} is damaged ({error}); rebuilding it"


def _read(db: sqlite3.Connection, folder: str, entries: bool = True) -> FolderIndex:
    check_format(db)
    found = db.execute("SELECT id, written_ns FROM folders WHERE path = ?",
                       (os.fsencode(folder),)).fetchone()
    if found is None:
        return FolderIndex(folder)
    number, written_ns = found
    if type(written_ns) is not int:
        raise Damaged("a folder row of the wrong type")
    index = FolderIndex(folder, written_ns=written_ns)
    if not entries:
        _read_files(db, number, index)
        return index
    cursor = db.execute(f"SELECT {_CARD_COLUMNS} FROM cards WHERE folder = ? ORDER BY position",
                        (number,))
    ids, paths, sizes, mtimes = index.rows, index.paths, index.sizes, index.mtimes
    identities, items = index.identities, index.items
    topics: dict[str, tuple[str, ...]] = {"": ()}
    strings: dict[str, str] = {}  # one object per provider and domain, as a parse shares them
    new_entry, fsdecode, share = _new_entry, os.fsdecode, strings.setdefault
    # A block at a time: the rows and the entries made of them are never all in memory at once.
    while block := cursor.fetchmany(READ_ROWS):
        for (row, raw, size, mtime, identity, problem, title, url, heat, quality, when,
             provider, domain, joined, public, video, search, story) in block:
            # A hand-edited database may hold anything: every value's type is checked before
            # it becomes an Entry that sorting or search would trip on (in SQLite, typeof() on
            # every value cost a third of the read).
            if (type(raw) is not bytes or type(size) is not int or type(mtime) is not int
                    or type(identity) is not int):
                raise Damaged("a file row with values of the wrong type")
            if problem is None and not sound_card(title, url, heat, quality, when, provider,
                                                  domain, joined, public, video, search, story):
                raise Damaged("a card row with values of the wrong type")
            if problem is not None and type(problem) is not str:
                raise Damaged("a problem row with values of the wrong type")
            path = fsdecode(raw)
            ids.append(row)
            paths.append(path)
            sizes.append(size)
            mtimes.append(mtime)
            identities.append(identity)
            if problem is not None:
                items.append(Problem(path, problem))
                continue
            shared = topics.get(joined)
            if shared is None:
                shared = topics[joined] = tuple(joined.split(TOPIC_JOIN))
            items.append(new_entry((path, title, url, heat, quality, when, share(provider, provider),
                                    share(domain, domain), shared, public == 1, video == 1,
                                    search, story)))
    return index


class FileDigest:
    """A scan's files as digest() takes them, one at a time: the digest without a list of
    every file (scan.Files), in a few MB whatever the count."""

    BLOCK = 65_536
    """Numbers kept before they are hashed."""

    def __init__(self) -> None:
        self._paths = hashlib.blake2b(digest_size=16)
        self._numbers = tuple(hashlib.blake2b(digest_size=16) for _ in range(3))
        self._blocks: tuple[array[int], array[int], array[int]] = (
            array("q"), array("q"), array("q"))
        self.count = 0
        self.latest = -1
        """The newest mtime found (ns): a file changed after the index was written."""

    def append(self, ref: FileRef, /) -> None:
        if self.count:
            self._paths.update(b"\0")
        self._paths.update(ref.path.encode("utf-8", "surrogateescape"))
        sizes, mtimes, identities = self._blocks
        try:
            sizes.append(ref.size)
            mtimes.append(ref.mtime_ns)
            identities.append(ref.identity)
        except OverflowError:  # a date past 2262, say: its number wraps, as in C
            del sizes[len(identities):], mtimes[len(identities):]
            sizes.append(_word(ref.size))
            mtimes.append(_word(ref.mtime_ns))
            identities.append(_word(ref.identity))
        self.count += 1
        self.latest = max(self.latest, ref.mtime_ns)
        if len(sizes) >= self.BLOCK:
            self._flush()

    def add(self, paths: list[str], *columns: list[int]) -> None:
        """Every file at once (what a write stores), as append() would take them."""
        self._paths.update("\0".join(paths).encode("utf-8", "surrogateescape"))
        for numbers, hashed in zip(columns, self._numbers, strict=True):
            block: array[int] = array("q")
            try:
                block.extend(numbers)
            except OverflowError:
                block = array("q", map(_word, numbers))
            hashed.update(block.tobytes())
        self.count += len(paths)

    def _flush(self) -> None:
        for block, hashed in zip(self._blocks, self._numbers, strict=True):
            hashed.update(block.tobytes())
            del block[:]

    def __len__(self) -> int:
        return self.count

    def digest(self) -> bytes:
        self._flush()
        whole = hashlib.blake2b(digest_size=16)
        whole.update(self.count.to_bytes(8, "little"))
        for hashed in (self._paths, *self._numbers):
            whole.update(hashed.digest())
        return whole.digest()


def unchanged(folder: str, directory: Path | None,
              found: Sequence[FileRef] | FileDigest) -> list[Problem] | None:
    """The files that are not cards, as the index holds them, when the scan found exactly the
    files the folder's rows were made from (nothing to read, parse or write: a stat of every
    file and one digest); None when it did not, or the index cannot say (a load then reads it
    and says why)."""
    path = index_file(folder, directory)
    if not path.is_file():
        return None
    try:
        db = connect(path, readonly=True)
        try:
            check_format(db)
            row = db.execute("SELECT id, written_ns, files FROM folders WHERE path = ?",
                             (os.fsencode(os.path.realpath(folder)),)).fetchone()
            if row is None or not scan_matches(row[1], row[2], found):
                return None
            rows = db.execute("SELECT path, problem FROM cards WHERE folder = ? AND problem IS NOT "
                              "NULL ORDER BY position", (row[0],)).fetchall()
        finally:
            db.close()
    except (OSError, sqlite3.Error, Damaged):
        return None
    if any(type(raw) is not bytes or type(reason) is not str for raw, reason in rows):
        return None
    return [Problem(os.fsdecode(raw), reason) for raw, reason in rows]


def scan_matches(written_ns: object, files: object,
                 found: Sequence[FileRef] | FileDigest) -> bool:
    """True when the scan found exactly the files a folder's rows were made from (as digest()
    stored them when written), none changed too recently to be trusted (RACY_NS)."""
    if type(written_ns) is not int:
        return False
    if not isinstance(found, FileDigest):
        refs, found = found, FileDigest()
        for ref in refs:
            found.append(ref)
    if found.count and found.latest >= written_ns - RACY_NS:
        return False
    return files == found.digest()


def _read_files(db: sqlite3.Connection, number: int, index: FolderIndex) -> None:
    """The files of a folder's rows, each card's item KEPT (read._read without the cards)."""
    cursor = db.execute("SELECT id, path, size, mtime, identity, problem FROM cards "
                        "WHERE folder = ? ORDER BY position", (number,))
    ids, paths, sizes, mtimes = index.rows, index.paths, index.sizes, index.mtimes
    identities, items, fsdecode = index.identities, index.items, os.fsdecode
    while block := cursor.fetchmany(READ_ROWS):
        for row, raw, size, mtime, identity, problem in block:
            if (type(raw) is not bytes or type(size) is not int or type(mtime) is not int
                    or type(identity) is not int or (problem is not None and type(problem) is not str)):
                raise Damaged("a file row with values of the wrong type")
            path = fsdecode(raw)
            ids.append(row)
            paths.append(path)
            sizes.append(size)
            mtimes.append(mtime)
            identities.append(identity)
            items.append(KEPT if problem is None else Problem(path, problem))


KEPT = Entry("", "", "", None, None, float("-inf"), "", "", (), True, False, b"", "")
"""The item of a card whose row the database keeps (read without entries): never shown."""
READ_ROWS = 10_000
_NUMBERS = (int, float)
_FLAGS = (0, 1)


def sound_card(title: object, url: object, heat: object, quality: object, when: object,
               provider: object, domain: object, topics: object, public: object, video: object,
               search: object, story: object) -> bool:
    """True when a card row's values have the types an Entry needs (a hand-edited database may
    hold anything; sorting or search would trip on it). Scores: a number within MAX_SCORE."""
    return (type(title) is str and type(url) is str and type(provider) is str
            and type(domain) is str and type(topics) is str and type(story) is str
            and type(search) is bytes and type(when) is float
            and public in _FLAGS and video in _FLAGS
            and (heat is None or (type(heat) in _NUMBERS and abs(heat) <= MAX_SCORE))  # type: ignore[arg-type]
            and (quality is None
                 or (type(quality) in _NUMBERS and abs(quality) <= MAX_SCORE)))  # type: ignore[arg-type]


def discard(directory: Path | None = None) -> None:
    """Remove the index database (found damaged while it was being read): the next load
    rebuilds it."""
    _remove(index_file(None, directory))


def _remove(path: Path) -> None:
    """Remove a damaged database and its WAL files (a folder in its place is left: named)."""
    for name in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        with contextlib.suppress(OSError):
            name.unlink()


def _create(db: sqlite3.Connection) -> None:
    if db.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]:
        check_format(db)
        return
    db.executescript(f"BEGIN IMMEDIATE; {SCHEMA} COMMIT;")
    db.execute("INSERT INTO meta VALUES ('format', ?)", (FORMAT,))


def write(index: FolderIndex, directory: Path | None = None) -> str | None:
    """Store the folder's index in one transaction; the reason it could not be, or None.

    Only rows that changed are written: files gone or parsed again are deleted, new items
    inserted, and the kept rows' positions (the scan order) brought up to date."""
    path = index_file(index.folder, directory)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        for attempt in range(2):
            db = connect(path)
            try:
                _create(db)
                db.execute("BEGIN IMMEDIATE")
                try:
                    _write(db, index)
                    db.execute("COMMIT")
                except BaseException:
                    db.execute("ROLLBACK")
                    raise
                return None
            except sqlite3.DatabaseError as error:
                if attempt or (isinstance(error, sqlite3.OperationalError)
                               and not any(sign in str(error) for sign in _DAMAGE_SIGNS)):
                    raise
            except Damaged:
                if attempt:
                    raise
            finally:
                db.close()
            _remove(path)  # another format, or damaged since it was read: start again
    except (OSError, Damaged) as error:
        reason = os_reason(error) if isinstance(error, OSError) else str(error)
        return f"the index {path} cannot be written ({reason})"
    except sqlite3.Error as error:
        return f"the index {path} cannot be written ({error})"
    return None


def _write(db: sqlite3.Connection, index: FolderIndex) -> None:
    folder = os.fsencode(index.folder)
    db.execute("INSERT OR IGNORE INTO folders(path) VALUES (?)", (folder,))
    number = db.execute("SELECT id FROM folders WHERE path = ?", (folder,)).fetchone()[0]
    stored = {row: (position, story) for row, position, story in db.execute(
        "SELECT id, position, story FROM cards WHERE folder = ?", (number,))}
    if len(index.rows) != len(index.paths):
        index.rows = [0] * len(index.paths)
    kept = [(position, row) for position, row in enumerate(index.rows) if row in stored]
    keep = {row for _, row in kept}
    gone = [row for row in stored if row not in keep]
    affected = {stored[row][1] for row in gone}  # stories whose copies are counted again
    db.executemany("DELETE FROM cards WHERE id = ?", ((row,) for row in gone))
    moved = [(position, row) for position, row in kept if stored[row][0] != position]
    db.executemany("UPDATE cards SET position = ? WHERE id = ?", moved)
    new = [position for position, (row, item) in enumerate(zip(index.rows, index.items, strict=True))
           if row not in keep and item is not None
           and not (isinstance(item, Problem) and item.transient)]  # the file system's say,
    # not the file's: asked again next time
    if stored:  # another reader may have stored the same file meanwhile
        db.executemany("DELETE FROM cards WHERE folder = ? AND path = ?",
                       [(number, os.fsencode(index.paths[position])) for position in new])
    # New rows take numbers never used before (a card's number names it in the reader while
    # it runs: indexed_library.py), so the next is kept in meta.
    start = db.execute("SELECT max((SELECT coalesce(max(id), 0) + 1 FROM cards), (SELECT "
                       "coalesce(max(CAST(value AS INTEGER)), 0) FROM meta WHERE key = 'next'))"
                       ).fetchone()[0]
    copies = Counter(item.story for position in new
                     if isinstance(item := index.items[position], Entry))
    cards: list[tuple[object, ...]] = []
    topics: list[tuple[int, str, str, str]] = []
    folded = lru_cache(maxsize=4096)(fold)  # a few hundred providers and topics
    for row, position in enumerate(new, start):
        item = index.items[position]
        head = (row, number, position, os.fsencode(index.paths[position]), index.sizes[position],
                index.mtimes[position], index.identities[position])
        if isinstance(item, Problem):
            cards.append((*head, item.reason, *_NO_CARD))
            continue
        cards.append((*head, None, item.title, item.url, item.heat, item.quality, item.when,
                      item.provider, item.domain, TOPIC_JOIN.join(item.topics), int(item.public),
                      int(item.video), item.search, item.story, folded(item.provider),
                      copies[item.story]))
        topics += [(row, topic, topic.casefold(), folded(topic))
                   for topic in dict.fromkeys(item.topics)]
        index.rows[position] = row
    db.executemany(f"INSERT INTO cards VALUES ({', '.join('?' * 22)})", cards)
    db.execute("INSERT OR REPLACE INTO meta VALUES ('next', ?)", (str(start + len(new)),))
    db.executemany("INSERT INTO card_topics VALUES (?, ?, ?, ?)", topics)
    if stored:  # copies among the rows kept, too
        affected.update(copies)
        db.executemany("UPDATE cards SET copies = (SELECT count(*) FROM cards d WHERE "
                       "d.story = cards.story AND d.folder = cards.folder) "
                       "WHERE story = ? AND folder = ?", ((story, number) for story in affected))
    index.written_ns = time.time_ns()
    written = sorted([*(position for position, _ in kept), *new])
    db.execute("UPDATE folders SET written_ns = ?, files = ? WHERE id = ?", (
        index.written_ns, digest([index.paths[p] for p in written],
                                 [index.sizes[p] for p in written],
                                 [index.mtimes[p] for p in written],
                                 [index.identities[p] for p in written]), number))


def digest(paths: list[str], sizes: list[int], mtimes: list[int], identities: list[int]) -> bytes:
    """A digest of the files a folder's rows were made from, in scan order: a scan whose files
    give the same digest finds the index exactly as written (store.Store.fresh). The numbers go
    in as 64-bit machine words (an array's bytes: no text, no tuple of a million ints)."""
    found = FileDigest()
    found.add(paths, sizes, mtimes, identities)
    return found.digest()


def _word(number: int) -> int:
    """The number as a signed 64-bit word (wrapped)."""
    return (number + 2**63) % 2**64 - 2**63


_NO_CARD = (*(None,) * 13, 0)
"""A problem's row has no card fields."""
