"""Each folder's index: the files its rows were made from, what the scan finds next to them, and
which files must be parsed again (new, or changed in size, mtime or identity; removed files drop
out). A warm start reads this instead of parsing."""

from __future__ import annotations

import os
import sqlite3
from array import array
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..card import Entry, Problem
from ..files import os_reason
from ..scan import ENCODING, ERRORS, FileRef, Paths, Scanned, words, zeros
from .digest import FileDigest
from .rows import KEPT, READ_ROWS
from .schema import DAMAGE_SIGNS, Damaged, NotADatabase, check_format, connect, index_file, remove

RACY_NS = 2_000_000_000
"""A file changed less than this long before the index was written may have changed again within
the same mtime tick without changing size: it is parsed again rather than trusted."""

Item = Entry | Problem


@dataclass(slots=True)
class FolderIndex:
    """The index of one folder: aligned columns, in the order the scan finds the files.

    Aligned columns (not a dict of records) because the common warm start is "nothing changed",
    and that is a few comparisons in C against what the scan found. The numbers are machine
    words (arrays): as lists of ints they were 130 MB of a million-file cold build.
    """

    folder: str
    paths: Paths = field(default_factory=Paths)
    sizes: array[int] = field(default_factory=words)
    mtimes: array[int] = field(default_factory=words)
    identities: array[int] = field(default_factory=words)
    """scan.stamp() of each file: its change time and inode."""
    items: list[Item] = field(default_factory=list)
    rows: array[int] = field(default_factory=words)
    """Each file's row in the database; 0 for a file whose item is not stored there."""
    written_ns: int = 0
    held: bool = False
    """True when the database held rows of this folder as it was read: a file parsed now may
    replace one (store_parsed then looks)."""

    def unchanged(self, found: Sequence[FileRef]) -> bool:
        """True when the scan found exactly these files, unchanged and old enough to trust."""
        if isinstance(found, Scanned):
            return (found.paths == self.paths and found.sizes == self.sizes
                    and found.mtimes == self.mtimes and found.identities == self.identities
                    and (not self.mtimes or max(self.mtimes) < self.written_ns - RACY_NS))
        return (
            len(found) == len(self.paths)
            and [ref.path for ref in found] == self.paths
            and words(ref.size for ref in found) == self.sizes
            and words(ref.mtime_ns for ref in found) == self.mtimes
            and words(ref.identity for ref in found) == self.identities
            and (not self.mtimes or max(self.mtimes) < self.written_ns - RACY_NS)
        )

    def trusted(self, at: int, ref: FileRef) -> Item | None:
        """The item the index holds at this position if it is this file, unchanged; else None."""
        if (at < 0 or at >= len(self.rows) or self.sizes[at] != ref.size
                or self.mtimes[at] != ref.mtime_ns or self.identities[at] != ref.identity):
            return None  # new, made by hand (no row), or changed in size, mtime, ctime or inode
        return self.items[at] if ref.mtime_ns < self.written_ns - RACY_NS else None

    def drop_missing(self) -> None:
        """Leave out files whose item is still missing (a load stopped before parsing them):
        the next load parses them."""
        keep = [position for position, item in enumerate(self.items) if item is not None]
        if len(keep) < len(self.items):
            self.paths = Paths(self.paths[position] for position in keep)
            self.sizes = words(self.sizes[position] for position in keep)
            self.mtimes = words(self.mtimes[position] for position in keep)
            self.identities = words(self.identities[position] for position in keep)
            self.items = [self.items[position] for position in keep]
            self.rows = words(self.rows[position] for position in keep)


def refresh(cache: FolderIndex | None, folder: str,
            found: Sequence[FileRef]) -> tuple[FolderIndex, Sequence[int]]:
    """What the folder's index should hold now that the scan found these files, and the
    positions whose item is missing (None) because the file is new or changed: to be parsed."""
    if cache is not None and cache.unchanged(found):
        return cache, []  # the common warm start: nothing to look up one by one
    if isinstance(found, Scanned) and (cache is None or not cache.paths):  # a first index
        count = len(found)
        return FolderIndex(cache.folder if cache else os.path.realpath(folder), found.paths,
                           found.sizes, found.mtimes, found.identities, [None] * count,  # type: ignore[list-item]
                           zeros(count)), range(count)
    where = os.path.realpath(folder) if cache is None else cache.folder
    if isinstance(found, Scanned):  # the scan's columns as they are: only items and rows are new
        fresh = FolderIndex(where, found.paths, found.sizes, found.mtimes, found.identities,
                            held=bool(cache and cache.paths))
    else:
        fresh = FolderIndex(where, held=bool(cache and cache.paths))
    stale: list[int] = []
    for position, (ref, at) in enumerate(_matched(cache, found)):
        item = cache.trusted(at, ref) if cache is not None else None
        if item is None:
            stale.append(position)
        fresh.rows.append(cache.rows[at] if item is not None and cache is not None else 0)
        if not isinstance(found, Scanned):
            fresh.paths.append(ref.path)
            fresh.sizes.append(ref.size)
            fresh.mtimes.append(ref.mtime_ns)
            fresh.identities.append(ref.identity)
        fresh.items.append(item)  # type: ignore[arg-type]  # None until parsed
    return fresh, stale


def _matched(cache: FolderIndex | None,
             found: Sequence[FileRef]) -> Iterator[tuple[FileRef, int]]:
    """Each file found, with its position in the folder's index (-1: not there), both walked in
    scan order: no dict of every path (a million were 450 MB when one file had changed). A file
    the walk misses (an index in another order) is only parsed again."""
    paths = cache.paths if cache is not None else Paths()
    at, count = 0, len(paths)
    for ref in found:
        raw = ref.path.encode(ENCODING, ERRORS)
        here = paths.encoded(at) if at < count else None
        if here is not None and here != raw:
            order = _scan_order(raw)
            while here is not None and _scan_order(here) < order:
                at += 1  # gone since
                here = paths.encoded(at) if at < count else None
        if here == raw:
            yield ref, at
            at += 1
        else:
            yield ref, -1  # new


def _scan_order(raw: bytes) -> tuple[tuple[int, bytes], ...]:
    """Where scan() finds a path: by name within a folder, a folder's files before its
    subfolders (UTF-8 bytes sort as their text does)."""
    *folders, name = raw.split(b"/")
    return (*((1, part) for part in folders), (0, name))



def read_folder(folder: str, directory: Path | None = None) -> tuple[FolderIndex, str | None]:
    """The folder's index, and why it was not usable (None when it was read, or did not exist):
    its files, each card's item KEPT (what a load needs to know which files changed; the reader
    reads the cards from the library: library.py).

    A damaged database is removed here, so that the write after the load starts a new one."""
    empty = FolderIndex(os.path.realpath(folder))
    path = index_file(folder, directory)
    if not path.exists() and not path.is_symlink():
        return empty, None
    try:
        db = connect(path, readonly=True)
        try:
            return _read(db, empty.folder), None
        finally:
            db.close()
    except NotADatabase as error:
        remove(path)
        return empty, f"the index {path} is damaged ({error}); rebuilding it"
    except OSError as error:
        return empty, f"the index {path} cannot be read ({os_reason(error)}); rebuilding it"
    except Damaged as error:
        remove(path)
        return empty, f"the index {path} is damaged or from another version ({error}); rebuilding it"
    except sqlite3.OperationalError as error:  # locked past the timeout, no memory, I/O
        if any(sign in str(error) for sign in DAMAGE_SIGNS):
            remove(path)
            return empty, f"the index {path} is damaged ({error}); rebuilding it"
        return empty, f"the index {path} cannot be read ({error}); parsing the cards"
    except sqlite3.DatabaseError as error:  # "file is not a database", "malformed"
        remove(path)
        return empty, f"the index {path} is damaged ({error}); rebuilding it"


def _read(db: sqlite3.Connection, folder: str) -> FolderIndex:
    check_format(db)
    found = db.execute("SELECT id, written_ns FROM folders WHERE path = ?",
                       (os.fsencode(folder),)).fetchone()
    if found is None:
        return FolderIndex(folder)
    number, written_ns = found
    if type(written_ns) is not int:
        raise Damaged("a folder row of the wrong type")
    index = FolderIndex(folder, Paths(under=folder), written_ns=written_ns)
    _read_files(db, number, index)
    return index


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
    """The files of a folder's rows, each card's item KEPT."""
    cursor = db.execute("SELECT id, path, size, mtime, identity, problem FROM cards "
                        "WHERE folder = ? ORDER BY position", (number,))
    ids, paths, sizes, mtimes = index.rows, index.paths, index.sizes, index.mtimes
    identities, items, fsdecode = index.identities, index.items, os.fsdecode
    while block := cursor.fetchmany(READ_ROWS):
        for row, raw, size, mtime, identity, problem in block:
            if (type(raw) is not bytes or type(size) is not int or type(mtime) is not int
                    or type(identity) is not int or (problem is not None and type(problem) is not str)):
                raise Damaged("a file row with values of the wrong type")
            ids.append(row)
            paths.append_encoded(raw)
            sizes.append(size)
            mtimes.append(mtime)
            identities.append(identity)
            items.append(KEPT if problem is None else Problem(fsdecode(raw), problem))
