"""Turn paths into entries and problems: scan, then parse (in parallel when there are many files)."""

from __future__ import annotations

import multiprocessing
import os
import pickle
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field

from .card import Entry, Problem
from .parse import parse_entry
from .scan import scan

PARALLEL_THRESHOLD = 400
CHUNK = 200

Progress = Callable[[list[Entry], list[Problem], int, int], None]
"""on_progress(new_entries, new_problems, files_done, files_total)"""


@dataclass(slots=True)
class LoadResult:
    """Everything that loading some paths produced."""

    entries: list[Entry] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    files: int = 0


def parse_chunk(paths: Sequence[str]) -> list[Entry | Problem]:
    """parse_entry over a chunk; what a worker process runs."""
    return [parse_entry(path) for path in paths]


def _chunks(paths: Sequence[str], size: int) -> Iterator[Sequence[str]]:
    for start in range(0, len(paths), size):
        yield paths[start : start + size]


def default_jobs() -> int:
    """Worker processes for a cold parse: one per core."""
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 1)


def _parsed(paths: Sequence[str], jobs: int) -> Iterator[list[Entry | Problem]]:
    if jobs <= 1 or len(paths) < PARALLEL_THRESHOLD:
        for chunk in _chunks(paths, CHUNK):
            yield parse_chunk(chunk)
        return
    chunks = list(_chunks(paths, CHUNK))
    finished = 0
    try:
        # spawn, not fork: the app calls this from a thread, and forking a threaded process is unsafe.
        context = multiprocessing.get_context("spawn")
        with ProcessPoolExecutor(max_workers=jobs, mp_context=context) as pool:
            for outcome in pool.map(parse_chunk, chunks):
                finished += 1
                yield outcome
    except (BrokenProcessPool, OSError, RuntimeError, pickle.PicklingError):
        # A worker died (out of memory, killed) or could not start: parse the rest here.
        for chunk in chunks[finished:]:
            yield parse_chunk(chunk)


def load(
    paths: Iterable[str],
    *,
    jobs: int | None = None,
    on_progress: Progress | None = None,
    interval: float = 0.1,
) -> LoadResult:
    """Scan and parse; on_progress gets what is new at most every `interval` seconds, and at the end."""
    found = scan(paths)
    result = LoadResult(problems=list(found.problems), files=len(found.files) + len(found.problems))
    total = len(found.files)
    new_entries: list[Entry] = []
    new_problems: list[Problem] = list(found.problems)
    done = 0
    last = time.monotonic()
    for outcome in _parsed([ref.path for ref in found.files], jobs or default_jobs()):
        for item in outcome:
            if isinstance(item, Entry):
                result.entries.append(item)
                new_entries.append(item)
            else:
                result.problems.append(item)
                new_problems.append(item)
        done += len(outcome)
        if on_progress is not None and done < total and time.monotonic() - last >= interval:
            on_progress(new_entries, new_problems, done, total)
            new_entries, new_problems, last = [], [], time.monotonic()
    if on_progress is not None:
        on_progress(new_entries, new_problems, done, total)
    return result
