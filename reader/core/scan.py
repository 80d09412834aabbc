"""Find the card files under the paths a user gives, without ever opening anything but regular files."""

from __future__ import annotations

import gc
import os
import stat
import sys
from array import array
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import partial
from itertools import starmap
from operator import attrgetter
from typing import NamedTuple, Protocol, overload

from .card import Problem
from .files import os_reason


class FileRef(NamedTuple):
    """A card file found by the scan, with what tells whether it changed since it was last read."""

    path: str
    size: int
    mtime_ns: int
    identity: int
    """The file's change time and inode in one number (stamp()): `touch -r`, `cp -p`, `rsync -t`
    or an archive restore the mtime of a rewritten file, never its ctime nor its inode."""


LAST_NS = 2**63 - 1
"""The latest mtime kept (in 2262): a file dated later is taken as dated then, since the index
keeps 64-bit numbers (one dated 2300 ended `check` with a traceback)."""


def stamp(info: os.stat_result) -> int:
    """The change time and inode of a file as one number (tuples of ints hash the same in every
    run): half the memory of keeping both for 100,000 files."""
    return hash((info.st_ctime_ns, info.st_ino))


@dataclass(slots=True)
class ScanResult:
    """The files that may be cards, and the paths that cannot be."""

    files: list[FileRef] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def _kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a FIFO"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "not a regular file"


_new_ref: Callable[[tuple[str, int, int, int]], FileRef] = partial(tuple.__new__, FileRef)


_NAME = attrgetter("name")
"""A DirEntry's name, fetched in C: sorting a million entries by a Python function took 0.9 s."""


def _walk(top: str, result: ScanResult) -> None:
    stack = [top]
    new_ref = _new_ref
    while stack:
        folder = stack.pop()
        try:
            with os.scandir(folder) as entries:
                found = sorted(entries, key=_NAME)
        except OSError as error:
            result.problems.append(Problem(folder, f"folder cannot be read: {os_reason(error)}"))
            continue
        subfolders = []
        files = result.files
        for entry in found:
            if entry.name[:1] == ".":
                continue
            try:
                if entry.is_file(follow_symlinks=False):  # the common case, kept short: a
                    # million files pay each step here a million times (stamp() inlined)
                    info = entry.stat(follow_symlinks=False)
                    files.append(new_ref((entry.path, info.st_size, min(info.st_mtime_ns, LAST_NS),
                                          hash((info.st_ctime_ns, info.st_ino)))))
                elif entry.is_symlink():
                    _add_link(entry.path, result)
                elif entry.is_dir(follow_symlinks=False):
                    subfolders.append(entry.path)
                else:
                    _add_file(entry.path, entry.stat(follow_symlinks=False), result)
            except OSError as error:
                result.problems.append(Problem(entry.path, os_reason(error)))
        stack.extend(reversed(subfolders))


def _add_link(path: str, result: ScanResult) -> None:
    try:
        info = os.stat(path)
    except OSError as error:
        reason = os_reason(error)
        if reason == "no such file or folder":
            reason = "broken symbolic link"
        result.problems.append(Problem(path, reason))
        return
    if stat.S_ISDIR(info.st_mode):
        result.problems.append(Problem(path, "link to a folder, not followed"))
    else:
        _add_file(path, info, result)


def _add_file(path: str, info: os.stat_result, result: ScanResult) -> None:
    if stat.S_ISREG(info.st_mode):
        result.files.append(FileRef(path, info.st_size, min(info.st_mtime_ns, LAST_NS), stamp(info)))
    else:
        result.problems.append(Problem(path, f"not a regular file ({_kind(info.st_mode)})"))


class Files(Protocol):
    """Where a scan puts the files it finds: a list, or what keeps only a digest of them."""

    def append(self, ref: FileRef, /) -> None: ...

    def __len__(self) -> int: ...


def scan(paths: Iterable[str], files: Files | None = None) -> ScanResult:
    """Card files under the given files and folders: recursive, dotfiles and dot-folders skipped,
    links to files followed, links to folders not (no loops), FIFOs and devices never opened.
    `files`: where the files go instead of a list (index.FileDigest: a million paths are
    300 MB as FileRefs; one folder only, as a path found twice is not looked for)."""
    result = ScanResult()
    if files is not None:
        result.files = files  # type: ignore[assignment]
    paths = list(dict.fromkeys(paths))
    for path in paths:
        try:
            info = os.stat(path)
        except OSError as error:
            result.problems.append(Problem(path, os_reason(error)))
            continue
        if stat.S_ISDIR(info.st_mode):
            collecting = gc.isenabled()
            gc.disable()  # a FileRef per file holds no cycle: the collector would walk the
            try:  # growing list again and again (1.6 s of a 6 s scan of a million files)
                _walk(path, result)
            finally:
                if collecting:
                    gc.enable()
        else:
            _add_file(path, info, result)
    if len(result.files) < 2 or len(set(paths)) < 2:
        return result  # one folder walked once holds no path twice
    seen: set[str] = set()
    unique = []
    for ref in result.files:
        if ref.path not in seen:
            seen.add(ref.path)
            unique.append(ref)
    result.files = unique
    return result


def words(numbers: Iterable[int] = ()) -> array[int]:
    """Numbers as 64-bit machine words: 8 bytes each, where a list of ints takes 36-40."""
    return array("q", numbers)


def zeros(count: int) -> array[int]:
    return array("q", bytes(8 * count))


ENCODING, ERRORS = sys.getfilesystemencoding(), sys.getfilesystemencodeerrors()
"""How the file system's bytes are text here (os.fsencode, os.fsdecode)."""


class Paths(Sequence[str]):
    """Paths in one buffer, as the file system has them, each without the folder they all begin
    with (`under`): a million take ~20 MB, where a list of str took ~105 MB (most of a
    million-file cold build)."""

    __slots__ = ("_blob", "_ends", "_prefix")

    def __init__(self, paths: Iterable[str] = (), *, under: str = "") -> None:
        self._blob = bytearray()
        self._ends = words()
        self._prefix = os.path.join(under, "").encode(ENCODING, ERRORS) if under else b""
        for path in paths:
            self.append(path)

    def append(self, path: str, /) -> None:
        self.append_encoded(path.encode(ENCODING, ERRORS))

    def append_encoded(self, raw: bytes, /) -> None:
        prefix = self._prefix
        if not raw.startswith(prefix):  # not under the folder (a file given by itself): whole
            self._blob = bytearray().join(self.encoded(at) for at in range(len(self)))
            self._ends = words(end + len(prefix) * (at + 1) for at, end in enumerate(self._ends))
            self._prefix = prefix = b""
        self._blob += raw[len(prefix):]
        self._ends.append(len(self._blob))

    def __len__(self) -> int:
        return len(self._ends)

    def encoded(self, at: int) -> bytes:
        """The path at `at` as the file system has it (os.fsencode of it)."""
        if at < 0:
            at += len(self._ends)
        if not 0 <= at < len(self._ends):
            raise IndexError("path index out of range")
        return self._prefix + self._blob[self._ends[at - 1] if at else 0 : self._ends[at]]

    @overload
    def __getitem__(self, at: int) -> str: ...

    @overload
    def __getitem__(self, at: slice) -> list[str]: ...

    def __getitem__(self, at: int | slice) -> str | list[str]:
        if isinstance(at, slice):
            return [self[number] for number in range(*at.indices(len(self)))]
        return self.encoded(at).decode(ENCODING, ERRORS)

    def __iter__(self) -> Iterator[str]:
        blob, start, prefix = self._blob, 0, self._prefix
        for end in self._ends:
            yield (prefix + blob[start:end]).decode(ENCODING, ERRORS)
            start = end

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Paths) and other._prefix == self._prefix:
            return self._ends == other._ends and self._blob == other._blob  # in C
        if isinstance(other, Paths | list):
            return len(other) == len(self) and all(map(str.__eq__, self, other))
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]


class Scanned(Sequence[FileRef]):
    """A scan's files as four aligned lists, taken one at a time (scan's sink): no FileRef is
    kept per file, and a folder's first index takes the lists as they are (a million files as
    FileRefs and then as lists again were 500 MB at once)."""

    def __init__(self, under: str = "") -> None:
        self.paths = Paths(under=under)
        self.sizes, self.mtimes, self.identities = words(), words(), words()

    def append(self, ref: FileRef, /) -> None:
        self.paths.append(ref.path)
        self.sizes.append(ref.size)
        self.mtimes.append(ref.mtime_ns)
        self.identities.append(ref.identity)

    def __len__(self) -> int:
        return len(self.paths)

    def __iter__(self) -> Iterator[FileRef]:
        return starmap(FileRef, zip(self.paths, self.sizes, self.mtimes, self.identities,
                                    strict=True))

    @overload
    def __getitem__(self, at: int) -> FileRef: ...

    @overload
    def __getitem__(self, at: slice) -> Sequence[FileRef]: ...

    def __getitem__(self, at: int | slice) -> FileRef | Sequence[FileRef]:
        if isinstance(at, slice):
            return list(self)[at]
        return FileRef(self.paths[at], self.sizes[at], self.mtimes[at], self.identities[at])
