"""Turn paths into entries and problems: the index first, a scan for changes, then parse what is new
(in parallel when there are many files) and write the index back."""

from __future__ import annotations

import gc
import os
import pickle
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import db
from .card import Entry, Problem
from .file_lock import FileLock
from .scan import scan

SETTLE_NS = 2_000_000_000
"""A file changed less than this long ago that is not a card yet is taken as still being written."""
SETTLING = "still being written (changed moments ago): read again once it settles"
PARALLEL_THRESHOLD = 400
CHUNK = 200
BUILD_ALONE_FROM = 2_000
"""From this many files to parse for the index, one process parses at a time (FileLock)."""


@dataclass(slots=True)
class Batch:
    """What loading has to tell the screen: new entries and problems, or (reset) the whole set."""

    entries: list[Entry]
    problems: list[Problem]
    done: int
    """Files parsed so far."""
    total: int
    """Files to parse; 0 while the folders are still being scanned for changes."""
    reset: bool = False
    """True: entries and problems replace everything sent before (files changed or went away)."""
    finished: bool = False


Progress = Callable[[Batch], None]


@dataclass(slots=True)
class LoadResult:
    """Everything that loading some paths produced."""

    entries: list[Entry] = field(default_factory=list)
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


def parse_chunk(paths: Sequence[str]) -> list[Entry | Problem]:
    """parse_entry over a chunk; what a worker process runs."""
    from .parse import parse_entry  # the YAML stack loads only when something is parsed

    return [parse_entry(path) for path in paths]


def _chunks(paths: Sequence[str], size: int) -> Iterator[Sequence[str]]:
    for start in range(0, len(paths), size):
        yield paths[start : start + size]


def default_jobs() -> int:
    """Worker processes for a cold parse: one per core."""
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 1)


def _start_resource_tracker() -> None:
    """Start multiprocessing's resource tracker with a real stderr.

    The first worker starts the tracker, handing it sys.stderr's file descriptor. Inside the app,
    Textual has replaced sys.stderr with a capture whose fileno() is -1, and the start fails
    ("bad value(s) in fds_to_keep"). The real stderr is put back for just that moment.
    """
    from multiprocessing import resource_tracker

    captured = sys.stderr
    if sys.__stderr__ is not None:
        sys.stderr = sys.__stderr__
    try:
        resource_tracker.ensure_running()
    finally:
        sys.stderr = captured


@contextmanager
def _ctrl_c_left_to_the_parent() -> Iterator[None]:
    """Spawn workers that ignore Ctrl-C: the terminal sends SIGINT to every process of its group,
    and a worker would print its own KeyboardInterrupt traceback, or die while starting. An
    ignored signal stays ignored across exec, so the workers start ignoring it; the parent takes
    it back at once and stops the load (the workers finish their chunk, ~40 ms). Only the main
    thread may change signal handling; the app loads in a thread, and its terminal sends no
    SIGINT (Ctrl-C is a key there)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


class _Interrupts:
    """Ctrl-C during a parallel parse, held until a moment of our choosing.

    Python raises KeyboardInterrupt wherever the main thread happens to be; inside the pool's
    start and shutdown that is often a finaliser or weakref callback, and there the exception
    is printed ("Exception ignored in ... Traceback") and swallowed. While the pool runs, a
    signal only sets a flag; it is raised after a chunk arrives or the pool is shut down."""

    def __init__(self) -> None:
        self.caught = False
        self.previous: object = None

    def __enter__(self) -> _Interrupts:
        if threading.current_thread() is threading.main_thread():
            self.previous = signal.signal(signal.SIGINT, self._catch)
        return self

    def _catch(self, number: int, frame: object) -> None:
        self.caught = True

    def check(self) -> None:
        if self.caught:
            raise KeyboardInterrupt

    def __exit__(self, *exc: object) -> None:
        if self.previous is not None:
            signal.signal(signal.SIGINT, self.previous)  # type: ignore[arg-type]


def _parsed(paths: Sequence[str], jobs: int) -> Iterator[list[Entry | Problem]]:
    if jobs <= 1 or len(paths) < PARALLEL_THRESHOLD:
        for chunk in _chunks(paths, CHUNK):
            yield parse_chunk(chunk)
        return
    import multiprocessing  # only for a parallel parse: a warm start never needs them
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    chunks = list(_chunks(paths, CHUNK))
    finished = 0
    interrupts = _Interrupts()
    with interrupts:
        try:
            _start_resource_tracker()
            # spawn, not fork: the app calls this from a thread; forking a threaded process is unsafe.
            context = multiprocessing.get_context("spawn")
            pool = ProcessPoolExecutor(max_workers=jobs, mp_context=context)
            try:
                with _ctrl_c_left_to_the_parent():
                    outcomes = pool.map(parse_chunk, chunks)  # submits every chunk: spawns workers
                interrupts.check()
                for outcome in outcomes:
                    finished += 1
                    interrupts.check()
                    yield outcome
            finally:
                # Stopped early (the reader quits): drop the chunks not started, do not parse them.
                pool.shutdown(wait=True, cancel_futures=True)
        except (BrokenProcessPool, OSError, RuntimeError, ValueError, pickle.PicklingError):
            # A worker died (out of memory, killed) or could not start: parse the rest here.
            interrupts.check()
            for chunk in chunks[finished:]:
                interrupts.check()
                yield parse_chunk(chunk)
    interrupts.check()


class _Shared:
    """One string object per provider, domain and topic set among the entries a load keeps: a
    few hundred strings instead of one per card."""

    def __init__(self) -> None:
        self.strings: dict[str, str] = {}
        self.topics: dict[tuple[str, ...], tuple[str, ...]] = {}

    def entry(self, entry: Entry) -> Entry:
        strings = self.strings
        provider = strings.setdefault(entry.provider, entry.provider)
        domain = strings.setdefault(entry.domain, entry.domain)
        topics = self.topics.setdefault(entry.topics, entry.topics)
        return entry._replace(provider=provider, domain=domain, topics=topics)


class _Emitter:
    """Sends batches no more often than `interval`, which doubles after each send (up to 1 s):
    the first rows come fast, and a 100k load does not re-sort the list many times."""

    def __init__(self, on_progress: Progress | None, interval: float) -> None:
        self.on_progress = on_progress
        self.interval = interval
        self.last = time.monotonic()
        self.entries: list[Entry] = []
        self.problems: list[Problem] = []

    def add(self, items: Iterable[Entry | Problem]) -> None:
        if self.on_progress is None:
            return
        for item in items:
            if isinstance(item, Entry):
                self.entries.append(item)
            else:
                self.problems.append(item)

    def send(self, done: int, total: int, *, force: bool = False, reset: bool = False,
             finished: bool = False) -> None:
        if self.on_progress is None:
            return
        if not force and time.monotonic() - self.last < self.interval:
            return
        batch = Batch(self.entries, self.problems, done, total, reset=reset, finished=finished)
        self.entries, self.problems = [], []
        self.last = time.monotonic()
        if not force:
            self.interval = min(1.0, self.interval * 2)
        self.on_progress(batch)


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Loading makes hundreds of thousands of tuples that hold no cycles; the cyclic collector
    would walk them again and again (a warm start took 1.5 s with it, 0.8 s without). What
    loading made then lives as long as the reader: gc.freeze moves it out of the collector's
    view, so later full collections do not walk 100,000 entries again."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.freeze()
            gc.enable()


def load(paths: Iterable[str], *, use_index: bool = True, index_dir: Path | None = None,
         stop: threading.Event | None = None, **options: Any) -> LoadResult:
    """Scan and parse, taking unchanged files from each folder's index (and updating it): see
    _load. A big parse for the index (a cold start) is one process's at a time: a `list`, a
    `status` or a second reader started meanwhile waits for it, then reads what it wrote,
    instead of parsing every card too (three at once took 10 s where one took 2)."""
    lock = FileLock(db.index_file(None, index_dir).with_suffix(".building")) if use_index else None
    try:
        return _load(list(paths), use_index=use_index, index_dir=index_dir, stop=stop, lock=lock,
                     **options)
    finally:
        if lock is not None:
            lock.release()


def _load(
    paths: list[str],
    *,
    jobs: int | None = None,
    on_progress: Progress | None = None,
    interval: float = 0.1,
    use_index: bool = True,
    index_dir: Path | None = None,
    stop: threading.Event | None = None,
    settle: bool = False,
    entries: bool = True,
    lock: FileLock | None = None,
) -> LoadResult:
    """Scan and parse, taking unchanged files from each folder's index (and updating it).

    on_progress gets, in order: what the indexes hold (at once, before any scan), a reset if the
    scan found files changed or gone, then parsed batches at most every `interval` seconds (the
    interval doubles each time), and a last batch with finished=True. When `stop` is set the
    parse ends after the current chunk and what was parsed so far is written to the index, so a
    reader that quits during a cold load does not start from nothing the next time. With
    `settle` (a watcher's re-check), a file that is not a card and changed in the last 2 s is
    taken as still being written: a transient problem, read again next time, not kept as broken.
    Without `entries` (a reader that asks the index database for its rows), the cards the
    index holds are not read: result.entries and the batches hold only the files parsed, and
    the first batch has every problem (reset).
    """
    with _collector_paused():
        roots = list(dict.fromkeys(paths))
        result = LoadResult()
        emit = _Emitter(on_progress, interval)
        indexes: dict[str, db.FolderIndex] = {}
        if use_index and entries:  # (without entries, each folder's after its scan)
            for root in roots:
                if os.path.isdir(root):
                    indexes[root], why = db.read_folder(root, index_dir)
                    if why:
                        result.notes.append(why)
        shown = sum(len(folder.items) for folder in indexes.values()) if entries else 0
        if shown:  # the first screen, before any scan
            for folder in indexes.values():
                emit.add(folder.items)
            emit.send(0, 0, force=True)

        fresh: dict[str, db.FolderIndex] = {}  # each folder's index as it will be, scan order
        to_parse: list[tuple[db.FolderIndex, int]] = []  # (folder, position) of a file to parse
        scan_problems: list[Problem] = []
        unchanged = 0  # files of folders whose index holds them as they are
        seen: set[str] = set()
        for root in roots:
            if use_index and not entries and len(roots) == 1 and os.path.isdir(root):
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
            found = scan([root])
            scan_problems += found.problems
            refs = found.files
            if len(roots) > 1:  # the same file under two given paths is read once
                refs = [ref for ref in refs if ref.path not in seen]
                seen.update(ref.path for ref in refs)
            if use_index and not entries and os.path.isdir(root):
                kept = db.unchanged(root, index_dir, refs)
                if kept is not None:  # the rows were made from exactly these files
                    result.problems += kept
                    unchanged += len(refs)
                    continue
                indexes[root], why = db.read_folder(root, index_dir, entries=False)
                if why:
                    result.notes.append(why)
            fresh[root], stale = db.refresh(indexes.get(root), root, refs)
            to_parse += [(fresh[root], position) for position in stale]
        if (lock is not None and not lock.held and not shown and len(to_parse) >= BUILD_ALONE_FROM
                and lock.acquire(stop=stop)):  # another process was building: it has written
            return _load(paths, jobs=jobs, on_progress=on_progress, interval=interval,
                         use_index=use_index, index_dir=index_dir, stop=stop, settle=settle,
                         entries=entries, lock=lock)
        for folder in fresh.values():
            for item in folder.items:
                if isinstance(item, Entry):
                    if item is not db.KEPT:
                        result.entries.append(item)
                elif item is not None:
                    result.problems.append(item)
        result.problems += scan_problems
        result.files = (sum(len(folder.paths) for folder in fresh.values()) + unchanged
                        + len(scan_problems))
        total = len(to_parse)
        if not entries:
            emit.add(result.problems)
            emit.send(0, total, force=True, reset=True)
        elif shown and len(result.entries) + len(result.problems) - len(scan_problems) < shown:
            emit.add([*result.entries, *result.problems])  # something changed or went away
            emit.send(0, total, force=True, reset=True)
        else:
            emit.add(scan_problems)
            emit.send(0, total, force=True)

        done = 0
        shared = _Shared()
        recent = time.time_ns() - SETTLE_NS if settle else sys.maxsize
        for outcome in _parsed([folder.paths[at] for folder, at in to_parse], jobs or default_jobs()):
            for number, item in enumerate(outcome):
                folder, position = to_parse[done + number]
                if isinstance(item, Entry):
                    item = outcome[number] = shared.entry(item)
                    result.entries.append(item)
                else:
                    if not item.transient and folder.mtimes[position] > recent:
                        item = outcome[number] = Problem(item.path, SETTLING, transient=True)
                        result.settling += 1
                    result.problems.append(item)
                folder.items[position] = item
            done += len(outcome)
            emit.add(outcome)
            if stop is not None and stop.is_set():
                break
            if done < total:
                emit.send(done, total)
        result.parsed = done

        if use_index:
            for root, folder in fresh.items():
                if os.path.isdir(root) and (folder is not indexes.get(root) or not folder.written_ns):
                    folder.drop_missing()  # a stopped load: what was not parsed is parsed next time
                    why = db.write_folder(folder, index_dir)
                    result.written = result.written or why is None
                    if why:
                        result.notes.append(why)
        emit.send(done, total, force=True, finished=True)
        return result
