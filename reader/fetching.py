"""The reader's side of feeds: `R`, the start and a timer fetch the feeds on a worker thread,
the status line shows how far it got, and a notice says what failed. The cards it writes reach
the list as any card folder's do: the watcher (or the re-check after a fetch) reads them.

Never on the UI thread: the network, the parse and the card writes all run in the worker, on a
state connection of its own.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from .core.state import State, StateError
from .core.subscriptions import Subscriptions

if TYPE_CHECKING:
    from .app import NewsReader
    from .feeds.run import Report, Result


class Fetcher:
    def __init__(self, app: NewsReader, every_minutes: float, keep_days: float) -> None:
        self.app = app
        self.every = every_minutes * 60
        self.keep_days = keep_days
        self.running = False

    def subscribed(self) -> bool:
        return bool(Subscriptions(self.app.session.state).all())

    def due_now(self) -> bool:
        """At the start: is any feed due and not fetched within fetch_every?"""
        now = time.time()
        return any(feed.due(now) and (feed.last_fetch is None or not self.every
                                      or now - feed.last_fetch >= self.every)
                   for feed in Subscriptions(self.app.session.state).all())

    def start(self) -> None:
        """At the start: fetch when due, and every fetch_every minutes from then on."""
        if not self.subscribed():
            return
        if self.due_now():
            self.fetch(quiet=True)
        if self.every:
            self.app.set_interval(self.every, lambda: self.fetch(quiet=True))

    def fetch(self, urls: list[str] | None = None, *, quiet: bool = False,
              then: Callable[[], None] | None = None) -> bool:
        """Fetch the feeds that are due (or these), off the UI thread; False when a fetch is
        under way already or nothing is subscribed."""
        if self.running:
            if not quiet:
                self.app.notify("The feeds are being fetched already.", timeout=2)
            return False
        if not self.subscribed():
            return False
        self.running = True
        self.app.session.fetching = (0, 0)
        self.app.main_screen.status_changed()
        self.app.run_worker(lambda: self._work(urls, quiet, then), thread=True, group="feeds",
                            exclusive=True, name="fetch feeds")
        return True

    def _work(self, urls: list[str] | None, quiet: bool, then: Callable[[], None] | None) -> None:
        from .feeds.run import run  # the feed libraries load here, on the worker's thread

        report: Report | None = None
        error = ""
        state, warning = State.open()
        try:
            if warning or not state.writable:
                error = warning or "the state file cannot be written"
            else:
                report = run(state, urls=urls, heard=self._heard, keep_days=self.keep_days)
        except (StateError, OSError) as problem:
            error = str(problem)
        except Exception as problem:  # never a traceback: say it
            error = f"{type(problem).__name__}: {problem}"
        finally:
            state.close()
        self.app.call_from_thread(self._done, report, error, quiet, then)

    def _heard(self, result: Result, done: int, total: int) -> None:
        self.app.call_from_thread(self._progress, done, total)

    def _progress(self, done: int, total: int) -> None:
        self.app.session.fetching = (done, total)
        self.app.main_screen.status_changed()

    def _done(self, report: Report | None, error: str, quiet: bool,
              then: Callable[[], None] | None) -> None:
        self.running = False
        self.app.session.fetching = None
        self.app.main_screen.status_changed()
        if report is None:
            self.app.notify(f"The feeds could not be fetched: {error}", severity="error",
                            markup=False, timeout=10)
            return
        failed = report.failed
        if failed:
            names = "; ".join(f"{r.label}: {r.error}" for r in failed[:3])
            more = f" and {len(failed) - 3} more (F lists them)" if len(failed) > 3 else ""
            self.app.notify(f"{len(failed)} of {len(report.results)} feed(s) failed: "
                            f"{names}{more}", severity="warning", markup=False, timeout=10)
        elif not quiet:
            self.app.notify(f"Fetched {len(report.results)} feed(s): {report.written} card(s) "
                            "new or changed.", markup=False, timeout=4)
        if report.written or report.removed:
            # shown now, watched or not; a load under way (a rebuild, R's own check of the
            # folders) is not cut short: they are read once it ends
            self.app.written()
        if then is not None:
            then()
