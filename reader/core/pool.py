"""Parsing many card files: in chunks, in worker processes (one per core) when there are many, with
Ctrl-C left to the parent and a pool that dies (out of memory, killed) finished here."""

from __future__ import annotations

import os
import pickle
import signal
import sys
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from itertools import islice
from typing import overload

from .card import Entry, Problem

PARALLEL_THRESHOLD = 400
CHUNK = 200
AHEAD = 4
"""Chunks sent to each worker ahead of the one being stored: the pool stays busy, and what is
parsed but not yet stored stays a few thousand cards."""


def parse_chunk(paths: Sequence[str]) -> list[Entry | Problem]:
    """parse_entry over a chunk; what a worker process runs."""
    from .parse import parse_entry  # the YAML stack loads only when something is parsed

    return [parse_entry(path) for path in paths]


class PathsAt(Sequence[str]):
    """The paths at these positions of these columns, in order, made as they are asked for (the
    pool's chunks are slices): a list of a million paths at once was 100 MB."""

    def __init__(self, places: Sequence[tuple[Sequence[str], Sequence[int]]]) -> None:
        self.places = places
        self.total = sum(len(positions) for _, positions in places)

    def __len__(self) -> int:
        return self.total

    @overload
    def __getitem__(self, at: int) -> str: ...

    @overload
    def __getitem__(self, at: slice) -> list[str]: ...

    def __getitem__(self, at: int | slice) -> str | list[str]:
        if isinstance(at, int):
            return self[at : at + 1 or None][0]
        start, stop, _ = at.indices(self.total)
        found: list[str] = []
        for paths, positions in self.places:
            if start < len(positions) and stop > 0:
                found += [paths[position] for position in positions[start:stop]]
            start, stop = max(0, start - len(positions)), stop - len(positions)
        return found


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


def parsed(paths: Sequence[str], jobs: int) -> Iterator[list[Entry | Problem]]:
    if jobs <= 1 or len(paths) < PARALLEL_THRESHOLD:
        for chunk in _chunks(paths, CHUNK):
            yield parse_chunk(chunk)
        return
    import multiprocessing  # only for a parallel parse: a warm start never needs them
    from collections import deque
    from concurrent.futures import Future, ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    chunks = _chunks(paths, CHUNK)  # made as they are sent: a million paths at once were 100 MB
    finished = 0
    interrupts = _Interrupts()
    with interrupts:
        try:
            _start_resource_tracker()
            # spawn, not fork: the app calls this from a thread; forking a threaded process is unsafe.
            context = multiprocessing.get_context("spawn")
            pool = ProcessPoolExecutor(max_workers=jobs, mp_context=context)
            try:
                sent: deque[Future[list[Entry | Problem]]] = deque()
                with _ctrl_c_left_to_the_parent():  # the first chunks spawn the workers
                    sent.extend(pool.submit(parse_chunk, chunk)
                                for chunk in islice(chunks, jobs * AHEAD))
                interrupts.check()
                while sent:
                    outcome = sent.popleft().result()
                    finished += 1
                    interrupts.check()
                    sent.extend(pool.submit(parse_chunk, chunk) for chunk in islice(chunks, 1))
                    yield outcome
            finally:
                # Stopped early (the reader quits): drop the chunks not started, do not parse them.
                pool.shutdown(wait=True, cancel_futures=True)
        except (BrokenProcessPool, OSError, RuntimeError, ValueError, pickle.PicklingError):
            # A worker died (out of memory, killed) or could not start: parse the rest here.
            interrupts.check()
            for chunk in islice(_chunks(paths, CHUNK), finished, None):
                interrupts.check()
                yield parse_chunk(chunk)
    interrupts.check()

