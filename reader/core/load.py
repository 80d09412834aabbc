"""Bring the index up to date with some paths: a scan for changes, then a parse of what is new or
changed (in parallel when there are many files, pool.py), stored batch by batch as it is parsed,
and each folder's index completed at the end (reader.core.db).

A load holds no card once it is stored: a cold build of any size streams, and the reader shows
the rows stored so far (Batch.stored) while the rest are parsed. The cards are then read from
the index, never from the load. Without a cache (--no-cache, or a cache folder that cannot be
written) the index is a temporary one (db.temporary_index).
"""

from __future__ import annotations

import gc
import os
import sys
import threading
import time
from array import array
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from . import db
from .card import Problem
from .file_lock import FileLock
from .pool import PathsAt, default_jobs, parsed
from .scan import FileRef, Scanned, scan

SETTLE_NS = 2_000_000_000
"""A file changed less than this long ago that is not a card yet is taken as still being written."""
SETTLING = "still being written (changed moments ago): read again once it settles"
BUILD_ALONE_FROM = 2_000
"""From this many files to parse for the index, one process parses at a time (FileLock)."""
STORE_EVERY = 5_000
"""Parsed files stored at a time when no one watches the load (the command line): at most
this many cards are held in memory."""
SLOWER = 3.0
"""A batch's handling (the reader reads the rows stored so far) may take this fraction of the
time between batches at most: the interval grows to keep it so."""


@dataclass(slots=True)
class Batch:
    """What loading has to tell the screen: problems, progress, and how many cards are stored."""

    problems: list[Problem]
    done: int
    """Files parsed so far."""
    total: int
    """Files to parse; 0 while the folders are still being scanned for changes."""
    reset: bool = False
    """True: problems replace every one sent before (files changed or went away)."""
    finished: bool = False
    stored: int = 0
    """Cards and problems this load has stored in the index so far: rows to show."""


Progress = Callable[[Batch], None]


@dataclass(slots=True)
class LoadResult:
    """What loading some paths did."""

    problems: list[Problem] = field(default_factory=list)
    files: int = 0
    parsed: int = 0
    """Files that were parsed (not taken from the index)."""
    notes: list[str] = field(default_factory=list)
    """Sentences about the index (damaged and rebuilt, cannot be written)."""
    settling: int = 0
    """Files that could not be read as cards but changed moments ago: still being written,
    most likely (a watcher reads them again; they are not kept in the index as broken)."""
    written: bool = False
    """True when the index database was written (files were new, changed or gone)."""
    stored: int = 0
    """Parsed files stored in the index."""
    unwritable: str | None = None
    """Why the index could not be written (then the load stopped: the caller loads again into
    a temporary index, db.temporary_index)."""


class _Emitter:
    """Sends batches no more often than `interval`, which doubles after each send (up to 1 s,
    and to SLOWER times what handling the last batch took): the first rows come fast, and a
    million cards are not read again every second."""

    def __init__(self, on_progress: Progress | None, interval: float) -> None:
        self.on_progress = on_progress
        self.interval = interval
        self.last = time.monotonic()
        self.problems: list[Problem] = []

    def add(self, problems: Iterable[Problem]) -> None:
        if self.on_progress is not None:
            self.problems.extend(problems)

    def due(self) -> bool:
        return self.on_progress is not None and time.monotonic() - self.last >= self.interval

    def send(self, done: int, total: int, stored: int, *, force: bool = False,
             reset: bool = False, finished: bool = False) -> None:
        if self.on_progress is None or not (force or self.due()):
            return
        batch = Batch(self.problems, done, total, reset=reset, finished=finished, stored=stored)
        self.problems = []
        began = time.monotonic()
        self.on_progress(batch)
        self.last = time.monotonic()
        if not force:
            self.interval = max(min(1.0, self.interval * 2), SLOWER * (self.last - began))


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Loading makes hundreds of thousands of short-lived tuples that hold no cycles; the
    cyclic collector would walk them again and again."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()


def load(paths: Iterable[str], *, index_dir: Path | None = None,
         stop: threading.Event | None = None, **options: object) -> LoadResult:
    """Scan and parse, taking unchanged files from each folder's index (and updating it): see
    _load. A big parse for the index (a cold start) is one process's at a time: a `list`, a
    `status` or a second reader started meanwhile waits for it, then reads what it wrote,
    instead of parsing every card too (three at once took 10 s where one took 2)."""
    lock = FileLock(db.index_file(None, index_dir).with_suffix(".building"))
    try:
        return _load(list(paths), index_dir=index_dir, stop=stop, lock=lock,
                     **options)  # type: ignore[arg-type]
    finally:
        lock.release()


def _load(
    paths: list[str],
    *,
    jobs: int | None = None,
    on_progress: Progress | None = None,
    interval: float = 0.1,
    index_dir: Path | None = None,
    stop: threading.Event | None = None,
    settle: bool = False,
    lock: FileLock | None = None,
) -> LoadResult:
    """Bring the index of these paths up to date.

    on_progress gets, in order: every problem known once the folders are scanned (reset), then
    batches at most every `interval` seconds (the interval grows), each after the cards parsed
    since the last were stored, and a last batch with finished=True. When `stop` is set the
    parse ends after the current chunk and what was parsed so far is stored, so a reader that
    quits during a cold load does not start from nothing the next time. With `settle` (a
    watcher's re-check), a file that is not a card and changed in the last 2 s is taken as
    still being written: a transient problem, read again next time, not kept as broken.
    """
    with _collector_paused():
        roots = list(dict.fromkeys(paths))
        result = LoadResult()
        emit = _Emitter(on_progress, interval)
        caches: dict[str, db.FolderIndex] = {}  # each folder's index as the database holds it
        fresh: dict[str, db.FolderIndex] = {}  # each folder's index as it will be, scan order
        to_parse: list[tuple[db.FolderIndex, Sequence[int]]] = []  # each folder's files to parse
        scan_problems: list[Problem] = []
        unchanged = 0  # files of folders whose index holds them as they are
        seen: set[str] = set()
        for root in roots:
            there = os.path.exists(root)
            if there and len(roots) == 1:
                # the common start: nothing changed. A digest of the scan, without a list of
                # every file (300 MB at a million), proves it; else the folder is scanned again
                files = db.FileDigest()
                walked = scan([root], files)
                kept = db.unchanged(root, index_dir, files)
                if kept is not None:
                    result.problems += kept
                    scan_problems += walked.problems
                    unchanged += len(files)
                    continue
            found = scan([root], Scanned(root) if len(roots) == 1 else None)
            scan_problems += found.problems
            refs: Sequence[FileRef] = found.files
            if len(roots) > 1:  # the same file under two given paths is read once
                refs = [ref for ref in refs if ref.path not in seen]
                seen.update(ref.path for ref in refs)
            if there:
                kept = db.unchanged(root, index_dir, refs)
                if kept is not None:  # the rows were made from exactly these files
                    result.problems += kept
                    unchanged += len(refs)
                    continue
                caches[root], why = db.read_folder(root, index_dir)
                if why:
                    result.notes.append(why)
            fresh[root], stale = db.refresh(caches.get(root), root, refs)
            # 8 bytes a file, not a tuple; a first index parses them all: a range, no bytes
            to_parse.append((fresh[root], stale if isinstance(stale, range) else array("q", stale)))
            del found, refs  # the scan's list of every file: the folder's index has it now
        total = sum(len(positions) for _, positions in to_parse)
        if (lock is not None and not lock.held and total >= BUILD_ALONE_FROM
                and lock.acquire(stop=stop)):  # another process was building: it has written
            return _load(paths, jobs=jobs, on_progress=on_progress, interval=interval,
                         index_dir=index_dir, stop=stop, settle=settle, lock=lock)
        for folder in fresh.values():
            result.problems += (item for item in folder.items if isinstance(item, Problem))
        result.problems += scan_problems
        result.files = (sum(len(folder.paths) for folder in fresh.values()) + unchanged
                        + len(scan_problems))
        emit.add(result.problems)
        emit.send(0, total, 0, force=True, reset=True)
        done = _parse(to_parse, result, emit, jobs=jobs, index_dir=index_dir, stop=stop,
                      settle=settle)
        result.parsed = done
        if result.unwritable is None:
            for root, folder in fresh.items():
                if os.path.exists(root) and (folder is not caches.get(root)
                                             or not folder.written_ns):
                    folder.drop_missing()  # a stopped load: what was not parsed is parsed next time
                    why = db.write_folder(folder, index_dir)
                    result.written = result.written or why is None
                    if why:
                        result.notes.append(why)
                        result.unwritable = why
        emit.send(done, total, result.stored, force=True, finished=True)
        return result


def _parse(to_parse: list[tuple[db.FolderIndex, Sequence[int]]], result: LoadResult, emit: _Emitter, *,
           jobs: int | None, index_dir: Path | None, stop: threading.Event | None,
           settle: bool) -> int:
    """Parse the files at these places, storing them as they come; how many were parsed."""
    done = 0
    total = sum(len(positions) for _, positions in to_parse)
    places = ((folder, at) for folder, positions in to_parse for at in positions)
    pending: list[tuple[db.FolderIndex, int]] = []
    recent = time.time_ns() - SETTLE_NS if settle else sys.maxsize
    paths = PathsAt([(folder.paths, positions) for folder, positions in to_parse])
    for outcome in parsed(paths, jobs or default_jobs()):
        for item in outcome:
            folder, position = next(places)
            if isinstance(item, Problem):
                if not item.transient and folder.mtimes[position] > recent:
                    item = Problem(item.path, SETTLING, transient=True)
                    result.settling += 1
                result.problems.append(item)
                emit.add([item])
            folder.items[position] = item
            pending.append((folder, position))
        done += len(outcome)
        if stop is not None and stop.is_set():
            break
        if done < total and (emit.due() or len(pending) >= STORE_EVERY):
            why = _store(pending, index_dir, result)
            if why is not None:
                result.notes.append(why)
                result.unwritable = why
                break
            emit.send(done, total, result.stored)
    return done


def _store(pending: list[tuple[db.FolderIndex, int]], index_dir: Path | None,
           result: LoadResult) -> str | None:
    """Store what was parsed since the last time, a transaction per folder; why it could not be."""
    folders: dict[int, tuple[db.FolderIndex, list[int]]] = {}
    for folder, position in pending:
        folders.setdefault(id(folder), (folder, []))[1].append(position)
    pending.clear()
    for folder, positions in folders.values():
        why = db.store_parsed(folder, positions, index_dir)
        if why is not None:
            return why
        result.stored += len(positions)
        result.written = True
    return None
