"""The reader's loading: the cards read from the index in a worker thread (the first rows,
then every card, growing while a first load stores them), re-checks when the folders change,
a damaged index rebuilt, and what arrived noted. Part of the App (app.py), which inherits it.
"""

from __future__ import annotations

import contextlib
import os
import threading
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual import work

from .core import db
from .core.config import Config
from .core.db import Columns, Library
from .core.load import Batch, LoadResult, load
from .core.sanitize import printable_path
from .core.session import Session
from .core.watch import watch
from .fetching import Fetcher
from .folders_there import FoldersThere

if TYPE_CHECKING:
    from .screens.main import MainScreen

SETTLE_SECONDS = 2.5
"""How long after a re-check found files still being written it looks again."""


class CardLoading(FoldersThere):
    """Loading and re-checking the cards, off the UI thread."""

    session: Session
    main_screen: MainScreen
    config: Config
    fetcher: Fetcher
    paths: list[str]
    jobs: int | None
    index_dir: Path | None
    feeds: bool
    _temporary: bool
    _quitting: threading.Event
    _loader_done: threading.Event
    _watching: bool
    _rechecks: int
    _damage: str | None
    _written: bool
    _fetching_started: bool
    _said: set[str]
    _damage_lock: threading.Lock

    # --- loading ------------------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="load")
    def load_cards(self) -> None:
        """Off the UI thread: show the cards the index database holds, check the folders,
        parse what changed, and show the index again once written. Without an index yet
        (the first start), the rows appear as they are stored."""
        try:
            library = self._read_library()
            if library is not None:
                self._to_ui(self._show_index, library, False)
            grown: list[Library] = []  # what a cold load has shown so far

            def arrived(batch: Batch) -> None:  # on this thread: the rows stored so far
                if library is None and batch.stored and not batch.finished:
                    more = self._read_library(since=grown[-1].columns if grown else None,
                                              growing=True)
                    if more is not None:
                        grown[:] = [more]
                        self._to_ui(self._show_index, more, True)
                self._to_ui(self._arrived, batch)

            try:
                result = self._load(on_progress=arrived)
            except Exception as error:  # never a traceback on screen: say it, keep what loaded
                self._to_ui(self.notify, f"Loading stopped early: {type(error).__name__}: "
                            f"{error}", severity="error", markup=False, timeout=30)
                self._to_ui(self._stopped)
                return
            for note in result.notes:
                self._to_ui(self.notify, printable_path(note), severity="warning", markup=False,
                            timeout=10)
            if library is None or result.written:
                library = self._read_library()
                if library is not None:
                    self._to_ui(self._show_index, library, True)
            self._to_ui(self._loaded, self._record_arrivals(library, at_start=True))
        finally:
            self._load_ended()

    def _load(self, **options: Any) -> LoadResult:
        """load() into the index; when the cache folder cannot take it, again into a temporary
        index, for the rest of the session (the first sentence says so)."""
        result = load(self.paths, jobs=self.jobs, index_dir=self.index_dir,
                      stop=self._quitting, **options)
        if result.unwritable is not None and not self._temporary and not self._quitting.is_set():
            self.index_dir, self._temporary = db.temporary_index(), True
            why = result.unwritable
            options.pop("on_progress", None)
            result = load(self.paths, jobs=self.jobs, index_dir=self.index_dir,
                          stop=self._quitting, **options)
            result.notes[:0] = [f"{why}; the cards are read into a temporary index for now"]
            result.written = True
        return result

    def _read_library(self, since: Columns | None = None, *,
                      growing: bool = False) -> Library | None:
        """The cards as the index database holds them, for the folders there are (None: no
        index, or not now); `since`: the columns read before, grown by the rows stored since;
        `growing`: a load is storing more (no snapshot is kept: Columns.read)."""
        if self._quitting.is_set():
            return None
        there = self._folders()
        gone = any(not os.path.lexists(path) for path in self.paths)
        # A folder gone since the index was read: the cards of the others (or none) from it.
        # At the start, a missing folder is the load's to name.
        try:
            columns = Columns.read(list(there) if gone and self._folders_read else self.paths,
                                   self.index_dir, since=since, snapshot=not growing)
            if columns is None:
                return None
            self._folders_there = there
            self._folders_read.update(there)
            library = Library(columns,
                                     include_unpublished=self.session.library.include_unpublished)
            library.now = self.session.clock().timestamp()
            library.order(self.main_screen.sort)  # here, not on the UI thread: a million cards
            library.topics()  # take a second or two
            with contextlib.suppress(RuntimeError):  # marked meanwhile: counted on the UI thread
                library.unread_counts(frozenset(self.session.state.read))
        except db.UNREADABLE as error:  # a hand-edited index: named and rebuilt
            self._to_ui(self._rebuild_index, str(error))
            return None
        return library

    def _show_index(self, library: Library, keep: bool) -> None:
        library.on_damage = partial(self.call_later, self._rebuild_index)
        self.session.attach(library)
        self.main_screen.refresh_views(keep=keep or None)
        self.session.release_retired()  # (not compared with: no re-check's alerts here)

    def _rebuild_index(self, reason: str) -> None:
        """A row of the index database cannot be read (a hand-edited file): say so, and
        read the cards again into a new one."""
        with self._damage_lock:
            if not self._loader_done.is_set():  # a load is writing: after it (_load_ended)
                self._damage = reason
                return
        self._rechecks += 1  # a check under way reads the old index: its answer is dropped
        database = db.index_file(None, self.index_dir)
        self.notify(printable_path(f"the index {database} is damaged ({reason}); rebuilding it"),
                    severity="warning", markup=False, timeout=10)
        self.session.detach()
        db.discard(self.index_dir)
        self.main_screen.refresh_views()
        self._loader_done.clear()
        self.load_cards()

    def _load_ended(self) -> None:
        """On the loader's thread, last: the load is over; a row found damaged while it ran
        has the index rebuilt now, and cards a fetch wrote meanwhile are read."""
        with self._damage_lock:
            self._loader_done.set()
            damage, self._damage = self._damage, None
            again, self._written = self._written, False
        if damage is not None:
            self._to_ui(self._rebuild_index, damage)
        elif again:
            self._to_ui(self.recheck)

    def written(self) -> None:
        """A fetch wrote cards: read them now, or once the load under way ends (it may have
        listed the folders before they were written: R checks them and fetches at once)."""
        with self._damage_lock:
            self._written = not self._loader_done.is_set()
        if not self._written:
            self.recheck()

    def _record_arrivals(self, library: Library | None, *,
                         at_start: bool) -> dict[str, float | None] | None:
        """On the loader's thread: note the stories the state has never seen (None: the
        session does it, in Python)."""
        state = self.session.state
        if library is None or not state.writable or self._quitting.is_set():
            return None
        return library.record_arrivals(state.path, self.session.arrival_time(at_start),
                                       self.session.quiet if at_start else ())

    def _loaded(self, recorded: dict[str, float | None] | None = None) -> None:
        """The load has ended: what arrived is noted (`recorded`: by the loader already),
        the folders watched."""
        self.session.stopped()
        self.session.note_arrivals(at_start=True, recorded=recorded)
        self.main_screen.refresh_views()
        if self.session.problems:
            self.notify(f"{len(self.session.problems):,} file(s) are not cards and were skipped: "
                        "press p to see which and why.", severity="warning", markup=False)
        if self.feeds and not self._fetching_started:
            self._fetching_started = True
            self.fetcher.start()
        if self.config.watch != "off" and not self._watching:
            self._watching = True
            # A daemon thread, not a worker: the reader never waits for it to quit (it stops
            # within a second of _quitting, or with the process).
            threading.Thread(target=self._watch_folders, name="newsreader-watch",
                             daemon=True).start()

    def _to_ui(self, callback: Callable[..., object], *args: object, **kwargs: object) -> None:
        """call_from_thread, unless the reader is quitting (its loop is waiting for the loader).
        A call that arrives once the app has stopped running is dropped: its screens are being
        taken down, and a list redrawn then would be a traceback on the way out."""
        if not self._quitting.is_set():
            self.call_from_thread(self._while_running, partial(callback, *args, **kwargs))

    def _while_running(self, call: Callable[[], object]) -> None:
        if self.is_running:
            call()

    def _stopped(self) -> None:
        self.session.stopped()
        self.main_screen.refresh_views()

    def _arrived(self, batch: Batch) -> None:
        self.session.apply(batch)
        if not batch.finished:  # the last is shown once noted (_loaded)
            self.main_screen.refresh_views()

    # --- a living library: the folders are watched while the reader runs -----------------------

    def _watch_folders(self) -> None:
        """Check the folders again after each burst of changes (watch in config.toml)."""
        why = watch(self.paths, self._quitting, lambda: self._to_ui(self.recheck),
                    mode=self.config.watch, every=self.config.watch_every)
        if why:
            self._to_ui(self.notify, why, severity="warning", markup=False, timeout=10)

    @work(thread=True, exclusive=True, group="load")
    def recheck(self) -> None:
        """Read what changed (the index has the rest) and show it in place: new cards take
        their rows, removed ones leave, and the cursor stays on the card being read."""
        self._rechecks += 1
        number = self._rechecks
        self._loader_done.clear()
        try:
            result = self._load(settle=True)
            for note in dict.fromkeys(result.notes):
                if note not in self._said:  # once a session: every change would say it again
                    self._said.add(note)
                    self._to_ui(self.notify, printable_path(note), severity="warning",
                                markup=False, timeout=10)
            gone = self._folders_moved()
            library = self._read_library() if result.written or gone else None
            recorded = self._record_arrivals(library, at_start=False)
        except Exception as error:  # never a traceback: say it, keep what is shown
            self._to_ui(self.notify, f"Checking the folders stopped: {type(error).__name__}: "
                        f"{error}", severity="error", markup=False)
            return
        finally:
            self._load_ended()
        self._to_ui(self._rechecked, result, number, library, recorded)

    def _rechecked(self, result: LoadResult, number: int, library: Library | None,
                   recorded: dict[str, float | None] | None) -> None:
        if number != self._rechecks or (library is None and result.written):
            if library is not None:
                library.close()
            return  # a later check is on its way (it knows more), or the index is not there
        before = self.session.library.snapshot()
        if library is not None:
            self.session.attach(library)
        self.session.apply(Batch(result.problems, result.parsed, result.parsed, reset=True,
                                 finished=True))
        if library is not None:
            self.session.note_arrivals(recorded=recorded)
        self.main_screen.refresh_views(keep=True)
        for saved, cards in self.session.alerts(before):
            self.notify(f"⚑ {saved.name}: {len(cards):,} new or changed card(s) match, the "
                        f"hottest “{cards[0].title}”", title="Alert", markup=False, timeout=10)
            if self.config.alert_bell:
                self.bell()
        if result.settling:  # files still being written: look again once they have settled
            self.set_timer(SETTLE_SECONDS, self.recheck)
