"""The newsreader App: builds the session, loads cards in a worker, opens and copies links.

Screens show the Session (reader/core/session.py) and post messages (reader/messages.py); the
app is the one place that talks to the browser, the clipboard and the loader.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterable, Sequence
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import SuspendNotSupported, SystemCommand
from textual.binding import BindingType
from textual.markup import escape
from textual.notifications import Notify, SeverityLevel
from textual.screen import Screen

from . import links
from .commands import COMMANDS, first_key, live_keys
from .core import db
from .core.config import Config
from .core.dates import Clock, utc_now
from .core.session import Session
from .core.state import State, StateError
from .core.urls import handed_over
from .core.view_settings import ViewSettings
from .feeds.folder import feeds_folder
from .fetching import Fetcher
from .graphics import Pictures
from .loading import CardLoading
from .messages import CopyText, CopyUrl, MainScreenReady, OpenUrl
from .notices import Notice, same_as
from .resources import seeds_folder, styles_folder
from .screens.feeds import FeedsScreen
from .screens.help import HelpScreen
from .screens.main import MainScreen
from .screens.problems import ProblemsScreen
from .widgets.bindings import bindings
from .widgets.picture import show_or_hide

if TYPE_CHECKING:
    import webbrowser

PREVIEW_ROWS = 200
"""Rows of the first screen read straight from the index database (a tall terminal and a page
more) while the whole index is read."""
OTHER_READERS_EVERY = 2.0
"""Seconds between looks at the state file for marks made by another reader (a cheap query)."""


class NewsReader(CardLoading):
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
        self._watching, self._rechecks, self._written = False, 0, False
        self._damage: str | None = None  # a row found damaged while a load runs: rebuilt after
        self._folders_there = self._folders()  # the given folders there at the last read
        self._fetching_started = False
        self._applied_theme: str | None = None
        """The theme set at the start (the config's or a saved choice), which is no choice."""
        self._said: set[str] = set()
        """What a re-check noted about the index, said once a session."""
        self._folders_read: set[str] = set()
        """Every folder the index was ever read for (one that comes back is said to)."""
        self._damage_lock = threading.Lock()
        """Held while a load ends or damage is put off until it does: none is lost between."""
        self.pictures = Pictures(self.config.images == "auto")
        """Whether the story's lead picture shows (config images; i shows or hides it)."""
        self.main_screen = MainScreen(self.session, ViewSettings.load(
            state, sort=self.config.sort, hide_read=self.config.hide_read),
            read_after=self.config.read_after, pictures=self.pictures)

    def get_default_screen(self) -> Screen[None]:
        """The main screen, first on the stack (no empty screen under it to lay out), with the
        theme and the first rows, from the index database in milliseconds: there for its first
        render (the loader's thread would wait for that render to get its turn)."""
        self._apply_theme()
        settings, session = self.main_screen, self.session
        first = db.preview(self.paths, sort=settings.sort, hide_read=settings.hide_read,
                           marks=session.marks, count=PREVIEW_ROWS, directory=self.index_dir,
                           include_unpublished=session.library.include_unpublished)
        if first is not None:
            first.now = session.clock().timestamp()
            session.preview(first)
        return self.main_screen

    @on(MainScreenReady)
    def _start(self) -> None:
        """The main screen is there to show them: the warnings, then the cards."""
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

    def action_feeds(self) -> None:
        """The feeds subscribed to, each with its status; fetch one now or remove it."""
        if not isinstance(self.screen, FeedsScreen):
            self.push_screen(FeedsScreen(self.session.state, self.fetcher))

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

    def action_toggle_images(self) -> None:
        """Show the story's lead picture, or hide it (hidden: none is fetched)."""
        self.notify(show_or_hide(self.pictures, self.screen_stack), markup=False, timeout=3)

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
