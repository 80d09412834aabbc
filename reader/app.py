"""The newsreader App: builds the session, loads cards in a worker, opens and copies links.

Screens show the Session (reader/core/session.py) and post messages (reader/messages.py); the
app is the one place that talks to the browser, the clipboard and the loader.
"""

from __future__ import annotations

import contextlib
import os
import threading
from collections.abc import Callable, Iterable, Sequence
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from textual import on, work
from textual.app import App, SuspendNotSupported, SystemCommand
from textual.binding import BindingType
from textual.markup import escape
from textual.notifications import Notify, SeverityLevel
from textual.screen import Screen

from . import links
from .commands import COMMANDS, first_key, live_keys
from .core import db
from .core.config import Config
from .core.dates import Clock, utc_now
from .core.db import Columns, Library
from .core.load import Batch, LoadResult, load
from .core.sanitize import printable_path
from .core.session import Session
from .core.state import State, StateError
from .core.urls import handed_over
from .core.view_settings import ViewSettings
from .core.watch import watch
from .feeds.folder import feeds_folder
from .fetching import Fetcher
from .messages import CopyText, CopyUrl, OpenUrl
from .notices import Notice, same_as
from .resources import seeds_folder, styles_folder
from .screens.feeds import FeedsScreen
from .screens.help import HelpScreen
from .screens.main import MainScreen
from .screens.problems import ProblemsScreen
from .widgets.bindings import bindings

if TYPE_CHECKING:
    import webbrowser

SETTLE_SECONDS = 2.5
"""How long after a re-check found files still being written it looks again."""
PREVIEW_ROWS = 200
"""Rows of the first screen read straight from the index database (a tall terminal and a page
more) while the whole index is read."""
OTHER_READERS_EVERY = 2.0
"""Seconds between looks at the state file for marks made by another reader (a cheap query)."""


class NewsReader(App[None]):
    """A keyboard-driven reader for news cards."""

    CSS_PATH = str(styles_folder() / "reader.tcss")
    TITLE = "newsreader"
    BINDINGS: ClassVar[list[BindingType]] = bindings("app")

    def __init__(self, paths: Sequence[str], *, include_unpublished: bool = False,
                 clock: Clock = utc_now, jobs: int | None = None, use_index: bool = True,
                 index_dir: Path | None = None, state_path: Path | None = None,
                 config: Config | None = None, warnings: Sequence[str] = (),
                 feeds: bool = False) -> None:
        super().__init__()
        self.warnings = list(warnings)
        """Sentences about the paths (a config folder that does not exist), shown on start."""
        self.config = config or Config(Path("config.toml"))
        self.set_keymap(self.config.keys)
        self.paths = list(paths)
        self.jobs = jobs
        self.index_dir = index_dir if use_index else db.temporary_index()
        """Where the index database is: the cache folder, or a private temporary folder
        (--no-cache, or a cache folder that cannot be written)."""
        self._temporary = not use_index
        state, self.state_warning = State.open(state_path)
        self.session = Session(state, include_unpublished=include_unpublished, clock=clock)
        self.fetcher = Fetcher(self, self.config.fetch_every, self.config.keep_days)
        """The feeds: fetched at the start when due, every fetch_every minutes, and with R."""
        self.feeds = feeds and self.fetcher.subscribed()
        """Reading the default library (no PATH) with feeds subscribed: their folder is in it."""
        if self.feeds and str(feeds_folder()) not in self.paths:
            feeds_folder().mkdir(parents=True, exist_ok=True)
            self.paths = [path for path in self.paths if path != str(seeds_folder())]
            self.paths.append(str(feeds_folder()))
        self.session.first_folders(self.paths)
        self._quitting = threading.Event()
        self._loader_done = threading.Event()
        self._loader_done.set()  # cleared while a load runs
        self._watching = False
        self._rechecks = 0
        self._damage: str | None = None
        """Why a row of the index could not be read, while a load runs (rebuilt after it)."""
        self._folders_there = self._folders()
        self._fetching_started = False
        self._applied_theme: str | None = None
        """The theme set at the start (the config's or a saved choice), which is no choice."""
        self._said: set[str] = set()
        """What a re-check noted about the index, said once a session."""
        """The given folders that were there when the index was last read."""
        self._folders_read: set[str] = set()
        """Every folder the index was ever read for (one that comes back is said to)."""
        self._damage_lock = threading.Lock()
        """Held while a load ends or damage is put off until it does: none is lost between."""
        self.main_screen = MainScreen(self.session, ViewSettings.load(
            state, sort=self.config.sort, hide_read=self.config.hide_read),
            read_after=self.config.read_after)

    async def on_mount(self) -> None:
        self._apply_theme()
        # The first rows, from the index database, in milliseconds: asked here, so the
        # screen's first render shows them (the loader's thread would wait for that render to
        # get its turn).
        settings, session = self.main_screen, self.session
        first = db.preview(self.paths, sort=settings.sort, hide_read=settings.hide_read,
                           marks=session.marks, count=PREVIEW_ROWS, directory=self.index_dir,
                           include_unpublished=session.library.include_unpublished)
        if first is not None:
            first.now = session.clock().timestamp()
            session.preview(first)
        await self.push_screen(self.main_screen)  # mounted before the loader's cards arrive
        for warning in (self.state_warning, self.config.problem, *self.warnings):
            if warning:
                self.notify(warning, severity="warning", markup=False, timeout=15)
        self._loader_done.clear()
        self.load_cards()
        self.set_interval(OTHER_READERS_EVERY, self._other_readers)

    def _other_readers(self) -> None:
        """Show the marks another reader running on the same state file has made."""
        if self.session.refresh():
            self.main_screen.marks_changed()

    def on_unmount(self) -> None:
        # Quitting during a cold load: the loader stops after its current chunk and writes what
        # it parsed to the index, so the next start does not begin from nothing.
        self._quitting.set()
        self._loader_done.wait(timeout=5)
        self.session.keep_reading()
        self.session.state.close()

    def _apply_theme(self) -> None:
        """The theme last chosen in the palette, else the config's. Only a choice made in the
        palette is saved (and wins over the config from then on): the config's own theme, set
        here, is not a choice. A config theme that does not exist is named either way."""
        state, configured = self.session.state, self.config.theme
        chosen = state.setting("theme")
        if chosen is not None and chosen == configured:  # adds nothing to the config (and
            with contextlib.suppress(StateError):  # once came from it, by mistake): let the
                state.delete_setting("theme")  # config decide again
            chosen = None
        if configured and configured not in self.available_themes:
            self.notify(f"config.toml: there is no theme called {configured!r}; ctrl+p then "
                        "'theme' lists them.", severity="warning", markup=False)
        wanted = chosen or configured
        if wanted and wanted in self.available_themes:
            self.theme = wanted
        elif chosen:
            self.notify(f"There is no theme called {chosen!r}; ctrl+p then 'theme' lists them.",
                        severity="warning", markup=False)
        self._applied_theme = self.theme
        self.theme_changed_signal.subscribe(self, self._theme_chosen)

    def _theme_chosen(self, theme: object) -> None:
        name, state = getattr(theme, "name", None), self.session.state
        if name == self._applied_theme:  # the start's own (the signal may come after it)
            return
        self._applied_theme = None
        if isinstance(name, str) and name != state.setting("theme"):
            with contextlib.suppress(StateError):
                state.set_setting("theme", name)

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

    def _folders(self) -> tuple[str, ...]:
        return tuple(path for path in self.paths if os.path.isdir(path))

    def _folders_moved(self) -> bool:
        """True when a folder went away or came back since the index was last read (its
        cards then leave the list, or come back, with a notice)."""
        there = self._folders()
        if there == self._folders_there:
            return False
        for path in self._folders_there:
            if path not in there:
                self._to_ui(self.notify, printable_path(
                    f"The folder {path} is gone: its cards left the list. They come back with "
                    "it."), severity="warning", markup=False, timeout=10)
        for path in there:
            if path not in self._folders_there and path in self._folders_read:
                self._to_ui(self.notify, printable_path(f"The folder {path} is back."),
                            markup=False, timeout=5)
        return True

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
        """On the loader's thread, last: the load is over, and a row found damaged while it
        ran has the index rebuilt now."""
        with self._damage_lock:
            self._loader_done.set()
            damage, self._damage = self._damage, None
        if damage is not None:
            self._to_ui(self._rebuild_index, damage)

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

    def action_recheck(self) -> None:
        """Check the folders for new, changed and removed cards now."""
        if not self._loader_done.is_set():
            self.notify("The cards are still being read; the folders are checked after.",
                        timeout=2)
            return
        fetching = self.feeds and self.fetcher.fetch(quiet=False)
        self.notify("Checking the folders and fetching the feeds…" if fetching
                    else "Checking the folders…", timeout=2)
        self.recheck()

    def loaded(self) -> bool:
        """No load or re-check is under way (a new one would cut it short)."""
        return self._loader_done.is_set()

    def action_feeds(self) -> None:
        """The feeds subscribed to, each with its status; fetch one now or remove it."""
        if not isinstance(self.screen, FeedsScreen):
            self.push_screen(FeedsScreen(self.session.state, self.fetcher))

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

    # --- links ----------------------------------------------------------------------------------

    @on(OpenUrl)
    def _open_url(self, request: OpenUrl) -> None:
        if self.open_link(request.url) and request.read is not None:
            self.main_screen.mark([request.read], True)

    @on(CopyUrl)
    def _copy_url(self, request: CopyUrl) -> None:
        refused = links.check(request.url, "copied")
        if refused is not None:
            self.notify(refused.message, severity="warning", markup=False)
        else:
            self.copy_text(request.text.replace(request.url, handed_over(request.url)))

    @on(CopyText)
    def _copy_text(self, request: CopyText) -> None:
        self.copy_text(request.text)

    def open_link(self, url: str) -> bool:
        """Open an http(s) URL in the browser; anything else is refused with the reason.
        True when the URL was handed to a browser."""
        refused = links.check(url, "opened")
        if refused is None and self.is_web:  # served: the user's own browser opens a tab
            self.open_url(handed_over(url), new_tab=True)
            self.notify(f"Opened {handed_over(url)} in a new tab", markup=False)
            return True
        browser = links.find_browser() if refused is None else None
        if refused is not None or browser is None:
            self.notify(refused.message if refused else "No web browser found: set $BROWSER.",
                        severity="warning" if refused else "error", markup=False)
            return False
        url = handed_over(url)  # punycode host, percent-encoded: what the user was shown
        if not links.is_text_browser(browser):
            self.run_worker(partial(self._open_in_thread, browser, url), thread=True,
                            group="browser")
            return True
        try:
            with self.suspend():
                outcome = links.open_with(browser, url)
        except SuspendNotSupported:
            outcome = links.open_with(browser, url)
        self._report(outcome)
        return outcome.ok

    def _open_in_thread(self, browser: webbrowser.BaseBrowser, url: str) -> None:
        outcome = links.open_with(browser, url)
        self.call_from_thread(self._report, outcome)

    def _report(self, outcome: links.Outcome) -> None:
        self.notify(outcome.message, severity="information" if outcome.ok else "error",
                    markup=False)

    def copy_text(self, text: str) -> None:
        """Copy text (already checked): system clipboard, else the terminal's (OSC 52); when
        served, the browser's clipboard (the server's is not the user's)."""
        if self.is_web:
            self.copy_to_clipboard(text)
            self.notify(f"Copied {text}", markup=False)
        elif links.copy_text(text):
            self.notify(f"Copied {text}", markup=False)
        else:
            self.copy_to_clipboard(text)
            self.notify(f"Copied {text} through the terminal (OSC 52): no clipboard tool here "
                        "(xclip, xsel or wl-copy).", markup=False)

    def notify(self, message: str, *, title: str = "", severity: SeverityLevel = "information",
               timeout: float | None = None, markup: bool = True) -> None:
        """Textual's notify, with a Notice that cannot freeze the UI; the same message again
        replaces the one on screen instead of stacking (see reader/notices.py)."""
        for shown in same_as(self._notifications, message, severity):
            self._unnotify(shown, refresh=False)
        timeout = self.NOTIFICATION_TIMEOUT if timeout is None else timeout
        self.post_message(Notify(Notice(message, title, severity, timeout, markup=markup)))

    # --- screens and the palette ---------------------------------------------------------------

    def action_help(self) -> None:
        """Show every key."""
        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.config.keys))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # p stays out of the footer until a file is skipped (help lists it all the time)
        return action != "problems" or bool(self.session.problems)

    def action_problems(self) -> None:
        """List the files that were skipped, with reasons."""
        if not isinstance(self.screen, ProblemsScreen):
            self.push_screen(ProblemsScreen(list(self.session.problems)))

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        """Every command with a palette name, with the key it has now (after [keys])."""
        for command in COMMANDS:
            if command.palette:
                target = self if command.scope == "app" else self.main_screen
                key = first_key(live_keys(command, self.config.keys))
                # The palette reads help as markup: "[title](url)" lost its "[title]".
                yield SystemCommand(escape(command.palette), escape(f"{command.description} ({key})"),
                                    partial(target.run_action, command.action))
        yield from super().get_system_commands(screen)
