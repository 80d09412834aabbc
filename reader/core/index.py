"""The on-disk index of a card folder: each file's Entry (or Problem) with the size and mtime it had.

A warm start reads the index instead of parsing: 100,000 entries load in a fraction of a second, and
only files that are new or whose size or mtime changed are parsed again; removed files drop out.

One index per folder, in the user's cache dir, named by a hash of the folder's real path. The file
is a header line, then blocks of 10,000 cards, each its length, a CRC-32 (damage, not tampering:
the cache is the user's own) and a marshal payload of plain tuples (marshal: no code runs on
load, unlike pickle). Any damage, a truncated write, another format or another Python: the index
is ignored and rebuilt, never a crash. It is written to a temporary file and renamed into place, so
a reader never sees half an index.
"""

from __future__ import annotations

import hashlib
import marshal
import os
import sys
import tempfile
import time
import zlib
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import partial
from itertools import chain
from pathlib import Path
from typing import Any, BinaryIO, NamedTuple

import platformdirs

from .card import Entry, Problem
from .files import open_regular, os_reason
from .scan import FileRef
from .scores import score_of

FORMAT = (
    # marshal's format follows the Python version; the rows follow Entry's fields.
    f"newsreader-index 8 py{sys.version_info[0]}.{sys.version_info[1]} "
    f"{zlib.crc32(' '.join(Entry._fields).encode()):08x}\n"
).encode()
BLOCK_ROWS = 10_000
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
        known = map(_new_known, zip(self.sizes, self.mtimes, self.identities, self.items,
                                    strict=True))
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
        item = cache.trusted(known.get(ref.path), ref) if cache else None
        if item is None:
            stale.append(len(fresh.paths))
        fresh.paths.append(ref.path)
        fresh.sizes.append(ref.size)
        fresh.mtimes.append(ref.mtime_ns)
        fresh.identities.append(ref.identity)
        fresh.items.append(item)  # type: ignore[arg-type]  # None until parsed
    return fresh, stale


_new_entry: Callable[[tuple[object, ...]], Entry] = partial(tuple.__new__, Entry)
_new_known: Callable[[tuple[object, ...]], Known] = partial(tuple.__new__, Known)


def cache_dir() -> Path:
    """Where indexes live: $XDG_CACHE_HOME/newsreader (or the platform's equivalent)."""
    return Path(platformdirs.user_cache_dir("newsreader", appauthor=False)) / "index"


def index_file(folder: str, directory: Path | None = None) -> Path:
    """The index file of a folder (by its real path, so two spellings share one index)."""
    real = os.path.realpath(folder)
    name = hashlib.blake2b(real.encode("utf-8", "surrogateescape"), digest_size=12).hexdigest()
    return (directory or cache_dir()) / f"{name}.idx"


def read(folder: str, directory: Path | None = None) -> tuple[FolderIndex, str | None]:
    """The folder's index, and why it was not usable (None when it was read, or did not exist)."""
    empty = FolderIndex(os.path.realpath(folder))
    path = index_file(folder, directory)
    try:
        with open_regular(path) as stream:  # a FIFO put in its place must not hang the load
            return _decode(empty.folder, stream), None
    except FileNotFoundError:
        return empty, None
    except OSError as error:
        return empty, f"the index {path} cannot be read ({os_reason(error)}); rebuilding it"
    except (ValueError, TypeError, EOFError, IndexError, KeyError) as error:
        return empty, f"the index {path} is damaged or from another version ({error}); rebuilding it"


def _blocks(stream: BinaryIO) -> Iterator[Any]:
    """Each block of the file, checked and unmarshalled; one block in memory at a time, so
    the peak is a block's bytes (~7 MB), not the whole file's (~70 MB for 100k cards)."""
    while header := stream.read(8):
        if len(header) < 8:
            raise ValueError("cut short")
        size, digest = int.from_bytes(header[:4], "big"), header[4:]
        block = stream.read(size)
        if len(block) < size:
            raise ValueError("cut short")
        if zlib.crc32(block).to_bytes(4, "big") != digest:
            raise ValueError("checksum mismatch")
        yield marshal.loads(block)


def _decode(folder: str, stream: BinaryIO) -> FolderIndex:
    if stream.read(len(FORMAT)) != FORMAT:
        raise ValueError("unknown format")
    blocks = _blocks(stream)
    meta = next(blocks, None)
    if meta is None:
        raise ValueError("cut short")
    if not (type(meta) is tuple and len(meta) == 3 and type(meta[0]) is str
            and type(meta[1]) is int and type(meta[2]) is int):
        raise ValueError("a header of the wrong shape")
    stored_folder, written_ns, count = meta
    if stored_folder != folder:
        raise ValueError("index of another folder")
    index = FolderIndex(folder, written_ns=int(written_ns))
    for block in blocks:
        paths, sizes, mtimes, identities, rows, problems = _checked(block)
        # tuple.__new__ through partial builds the named tuples in C: 3x faster than _make.
        # A problem's row is (reason,): it is replaced by its Problem just below.
        items: list[Item] = list(map(_new_entry, rows))
        for position in problems:
            items[position] = Problem(paths[position], rows[position][0])
        index.paths += paths
        index.sizes += sizes
        index.mtimes += mtimes
        index.identities += identities
        index.items += items
    if len(index.paths) != count:
        raise ValueError("cut short")
    return index


_SCORE_TYPES = {int, float, type(None)}
_ROW_TYPES: tuple[set[type], ...] = (
    {str}, {str}, {str}, _SCORE_TYPES, _SCORE_TYPES, {float}, {str}, {str}, {tuple}, {bool},
    {bool}, {bytes}, {str},
)
"""The types of an Entry row's fields, in order (Entry in card.py)."""


def _checked(block: Any) -> tuple[list[str], list[int], list[int], list[int], list[Any],
                                  list[int]]:
    """A block whose every value has the shape and type the reader relies on; anything else is
    damage (ValueError), never a crash later in sorting or search. A checksum only proves that
    the bytes are the ones written, not that what wrote them was this reader."""
    if not (type(block) is tuple and len(block) == 6 and all(type(part) is list for part in block)):
        raise ValueError("a block of the wrong shape")
    paths, sizes, mtimes, identities, rows, problems = block
    if not len(paths) == len(sizes) == len(mtimes) == len(identities) == len(rows):
        raise ValueError("lists of different lengths")
    if not (set(map(type, paths)) <= {str}
            and all(set(map(type, numbers)) <= {int}
                    for numbers in (sizes, mtimes, identities, problems))):
        raise ValueError("a path, size or time of the wrong type")
    if set(map(type, rows)) - {tuple}:
        raise ValueError("a row that is not a tuple")
    marked = set(problems)
    if marked and (min(marked) < 0 or max(marked) >= len(rows)
                   or any(len(rows[p]) != 1 or type(rows[p][0]) is not str for p in marked)):
        raise ValueError("a problem of the wrong shape")
    entries = [row for position, row in enumerate(rows) if position not in marked] if marked \
        else rows
    if entries:
        if set(map(len, entries)) != {len(_ROW_TYPES)}:
            raise ValueError("a card row of the wrong length")
        columns = list(zip(*entries, strict=True))
        for column, allowed in zip(columns, _ROW_TYPES, strict=True):
            if set(map(type, column)) - allowed:
                raise ValueError("a card field of the wrong type")
        if set(map(type, chain.from_iterable(set(columns[8])))) - {str}:
            raise ValueError("a topic that is not text")
        if any(score_of(value) != value for value in set(chain(columns[3], columns[4]))
               if value is not None):
            raise ValueError("a score that is not a finite number in range")
    return paths, sizes, mtimes, identities, rows, problems


def write(index: FolderIndex, directory: Path | None = None) -> str | None:
    """Write the index atomically; the reason it could not be written, or None."""
    path = index_file(index.folder, directory)
    kept = [position for position, item in enumerate(index.items)
            if not (isinstance(item, Problem) and item.transient)]  # the file system's say,
    # not the file's: asked again next time
    columns = [[values[position] for position in kept] for values in (
        index.paths, index.sizes, index.mtimes, index.identities)]
    items = [index.items[position] for position in kept]
    problems = [n for n, item in enumerate(items) if isinstance(item, Problem)]
    rows = [(item.reason,) if isinstance(item, Problem) else tuple(item)  # marshal: plain tuples
            for item in items]
    blocks = [marshal.dumps((index.folder, time.time_ns(), len(rows)))]
    for start in range(0, len(rows), BLOCK_ROWS):
        end = start + BLOCK_ROWS
        blocks.append(marshal.dumps((
            *(column[start:end] for column in columns), rows[start:end],
            [position - start for position in problems if start <= position < end],
        )))
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".idx")
        try:
            with os.fdopen(handle, "wb") as stream:
                stream.write(FORMAT)
                for block in blocks:
                    stream.write(len(block).to_bytes(4, "big") + zlib.crc32(block).to_bytes(4, "big"))
                    stream.write(block)
                stream.flush()
                os.fsync(stream.fileno())
            os.replace(temporary, path)
        except BaseException:
            os.unlink(temporary)
            raise
    except OSError as error:
        return f"the index {path} cannot be written ({error.strerror or error})"
    return None
