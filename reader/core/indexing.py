"""The index of some paths as they are now, for the command line: asked as it is when a scan
proves nothing changed, else after a load that brings it up to date (parsing what changed,
naming any damage and rebuilding). `list`, `check` and `status` each take this one path, and
then ask the index (reader.core.db), never cards held in memory.

Under --no-cache, or when the cache folder cannot be written, the index is a temporary one,
removed at exit (db.temporary_index).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from . import db
from .card import Problem
from .load import Progress, load


@dataclass(slots=True)
class Index:
    """An index that holds every file of the paths as it is: a store to ask, and what it
    knows of the files that are not cards."""

    store: db.Store
    problems: list[Problem]
    """The files that are not cards, and the paths the scan could not read."""
    notes: list[str] = field(default_factory=list)
    """Sentences about the index (damaged and rebuilt, read into a temporary one)."""
    directory: Path | None = None
    """Where the database is (None: the cache folder)."""

    def close(self) -> None:
        self.store.close()


class NoIndex(Exception):
    """The cards could not be read into any index: the sentence says why."""


def open_index(paths: Sequence[str], *, temporary: bool = False, scan: bool = True,
               on_progress: Progress | None = None) -> Index:
    """The index of these paths, up to date (see module). Without `scan`, an index that holds
    every folder is asked as it is (`status`: no stat of every file); `temporary`: a private
    index for this process alone. NoIndex when no index can be had."""
    if not temporary:
        store = db.Store.open(paths)
        if store is not None:
            try:
                if not scan:
                    return Index(store, store.problems())
                fresh = store.fresh()
                if fresh.fresh:
                    return Index(store, store.problems() + fresh.scan_problems)
            except db.UNREADABLE:
                pass
            store.close()
    directory = db.temporary_index() if temporary else None
    result = load(paths, index_dir=directory, on_progress=on_progress)
    notes = list(result.notes)
    if result.unwritable is not None and not temporary:
        why = result.unwritable
        directory = db.temporary_index()
        result = load(paths, index_dir=directory, on_progress=on_progress)
        notes = [note for note in notes if note != why] + [
            f"{why}; the cards were read into a temporary index", *result.notes]
    if result.unwritable is not None:
        raise NoIndex(result.unwritable)
    store = db.Store.open(paths, directory)
    if store is None:
        raise NoIndex("the index of these paths cannot be opened")
    return Index(store, result.problems, notes, directory)
