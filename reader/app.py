"""The newsreader App: loads cards in a worker, owns the library, opens and copies links."""

from __future__ import annotations

import contextlib
import threading
import webbrowser
from collections.abc import Callable, Iterable, Sequence
from functools import partial
from pathlib import Path
from typing import ClassVar

from textual import work
from textual.app import App, SuspendNotSupported, SystemCommand
from textual.binding import Binding, BindingType
from textual.screen import Screen

from . import links
from .core.card import Problem
from .core.config import Config
from .core.dates import Clock, utc_now
from .core.library import Library
from .core.load import Batch, load
from .core.query import Marks
from .core.state import State, StateError
from .resources import styles_folder
from .screens.help import HelpScreen
from .screens.main import MainScreen
from .screens.problems import ProblemsScreen


class NewsReader(App[None]):
    """A keyboard-driven reader for news cards."""

    CSS_PATH = str(styles_folder() / "reader.tcss")
    TITLE = "newsreader"

    BINDINGS: ClassVar[list[BindingType]] = [
        # Help first: on a narrow terminal the footer keeps what comes first.
        Binding("question_mark", "help", "Help", id="help", tooltip="Show every key"),
        Binding("q", "quit", "Quit", id="quit", tooltip="Quit the reader"),
        Binding("p", "problems", "Skipped", id="problems",
                tooltip="List the files that are not cards (in the footer once one is skipped)"),
    ]

    def __init__(
        self,
        paths: Sequence[str],
        *,
        include_unpublished: bool = False,
        clock: Clock = utc_now,
        jobs: int | None = None,
        use_index: bool = True,
        index_dir: Path | None = None,
        state_path: Path | None = None,
        config: Config | None = None,
    ) -> None:
        super().__init__()
        self.config = config or Config(Path("config.toml"))
        self.set_keymap(self.config.keys)
        self.paths = list(paths)
        self.clock = clock
        self.jobs = jobs
        self.use_index = use_index
        self.index_dir = index_dir
        self.library = Library(include_unpublished=include_unpublished)
        self.state, self.state_warning = State.open(state_path)
        self.state_marks = Marks(self.state.read, self.state.starred)
        """The state's live sets, for queries (is:read) and the list's markers."""
        self.problems: list[Problem] = []
        self._quitting = threading.Event()
        self._loader_done = threading.Event()
        self._loader_done.set()  # cleared while a load runs
        self.progress: tuple[int, int] | None = (0, 0)
        """(files parsed, files to parse) while loading; total 0: scanning for changes."""
        self.main_screen = MainScreen(sort=self.config.sort, hide_read=self.config.hide_read)

    async def on_mount(self) -> None:
        self._apply_theme()
        await self.push_screen(self.main_screen)  # mounted before any card arrives
        if self.state_warning:
            self.notify(self.state_warning, severity="warning", markup=False, timeout=15)
        if self.config.problem:
            self.notify(self.config.problem, severity="warning", markup=False, timeout=15)
        self._loader_done.clear()
        self.load_cards()

    def on_unmount(self) -> None:
        # Quitting during a cold load: the loader stops after its current chunk and writes what
        # it parsed to the index, so the next start does not begin from nothing.
        self._quitting.set()
        self._loader_done.wait(timeout=5)
        self.state.close()

    def _apply_theme(self) -> None:
        """The config's theme, else the one last chosen in the palette; a choice is saved."""
        wanted = self.config.theme or self.state.setting("theme")
        if wanted and wanted in self.available_themes:
            self.theme = wanted
        elif wanted:
            self.notify(f"There is no theme called {wanted!r}; ctrl+p then 'theme' lists them.",
                        severity="warning", markup=False)
        self.theme_changed_signal.subscribe(self, self._theme_chosen)

    def _theme_chosen(self, theme: object) -> None:
        name = getattr(theme, "name", None)
        if isinstance(name, str) and name != self.state.setting("theme"):
            with contextlib.suppress(StateError):
                self.state.set_setting("theme", name)

    # --- loading ------------------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="load")
    def load_cards(self) -> None:
        """Index, scan and parse off the UI thread; rows appear as they arrive."""
        try:
            result = load(self.paths, jobs=self.jobs, use_index=self.use_index,
                          index_dir=self.index_dir, stop=self._quitting,
                          on_progress=lambda batch: self._to_ui(self._arrived, batch))
        except Exception as error:  # never a traceback on screen: say it, keep what loaded
            self._to_ui(self.notify, f"Loading stopped early: {type(error).__name__}: {error}",
                        severity="error", markup=False, timeout=30)
            self._to_ui(self._stopped)
            return
        finally:
            self._loader_done.set()
        for note in result.notes:
            self._to_ui(self.notify, note, severity="warning", markup=False, timeout=10)

    def _to_ui(self, callback: Callable[..., object], *args: object, **kwargs: object) -> None:
        """call_from_thread, unless the reader is quitting (its loop is waiting for the loader)."""
        if not self._quitting.is_set():
            self.call_from_thread(callback, *args, **kwargs)

    def _stopped(self) -> None:
        self.progress = None
        if self.main_screen.is_mounted:
            self.main_screen.refresh_views()

    def _arrived(self, batch: Batch) -> None:
        if batch.reset:
            self.library.replace(batch.entries)
            self.problems = list(batch.problems)
        else:
            self.library.extend(batch.entries)
            self.problems.extend(batch.problems)
        self.progress = None if batch.finished else (batch.done, batch.total)
        if self.main_screen.is_mounted:
            self.main_screen.refresh_views()
        if batch.finished and self.problems:
            self.notify(
                f"{len(self.problems):,} file(s) are not cards and were skipped: press p to see "
                "which and why.",
                severity="warning",
                markup=False,
            )

    # --- links ----------------------------------------------------------------------------------

    def open_link(self, url: str) -> bool:
        """Open an http(s) URL in the browser; anything else is refused with the reason.
        True when the URL was handed to a browser."""
        refused = links.check(url, "opened")
        if refused is not None:
            self.notify(refused.message, severity="warning", markup=False)
            return False
        browser = links.find_browser()
        if browser is None:
            self.notify("No web browser found: set $BROWSER to one.", severity="error")
            return False
        if links.is_text_browser(browser):
            try:
                with self.suspend():
                    outcome = links.open_with(browser, url)
            except SuspendNotSupported:
                outcome = links.open_with(browser, url)
            self._report(outcome)
            return outcome.ok
        else:
            self.run_worker(partial(self._open_in_thread, browser, url), thread=True,
                            group="browser")
        return True

    def _open_in_thread(self, browser: webbrowser.BaseBrowser, url: str) -> None:
        outcome = links.open_with(browser, url)
        self.call_from_thread(self._report, outcome)

    def _report(self, outcome: links.Outcome) -> None:
        self.notify(outcome.message, severity="information" if outcome.ok else "error",
                    markup=False)

    def copy_link(self, url: str) -> None:
        """Copy an http(s) URL: system clipboard, else the terminal's (OSC 52)."""
        refused = links.check(url, "copied")
        if refused is not None:
            self.notify(refused.message, severity="warning", markup=False)
            return
        self.copy_text(url)

    def copy_text(self, text: str) -> None:
        """Copy text (already checked): system clipboard, else the terminal's (OSC 52)."""
        if links.copy_text(text):
            self.notify(f"Copied {text}", markup=False)
        else:
            self.copy_to_clipboard(text)
            self.notify(
                f"Copied {text} through the terminal (OSC 52): no clipboard tool here "
                "(xclip, xsel or wl-copy).",
                markup=False,
            )

    # --- screens and the palette ---------------------------------------------------------------

    def action_help(self) -> None:
        """Show every key."""
        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # p stays out of the footer until a file is skipped (help lists it all the time)
        return action != "problems" or bool(self.problems)

    def action_problems(self) -> None:
        """List the files that were skipped, with reasons."""
        if not isinstance(self.screen, ProblemsScreen):
            self.push_screen(ProblemsScreen(list(self.problems)))

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        main = self.main_screen
        yield SystemCommand("Open article", "Open the highlighted article in the browser (o)",
                            main.action_open)
        yield SystemCommand("Copy URL", "Copy the highlighted article's URL (c)",
                            main.action_copy)
        yield SystemCommand("Links", "Every link of the card, numbered (l)", main.action_links)
        yield SystemCommand("Copy Markdown link", "[title](url) of the card (C)",
                            main.action_copy_markdown)
        yield SystemCommand("Search", "Filter with words and qualifiers (/)", main.action_search)
        yield SystemCommand("Save search", "Save the current search in the sidebar (ctrl+s)",
                            main.action_save_search)
        yield SystemCommand("Toggle read", "Mark the card read or unread (m)",
                            main.action_toggle_read)
        yield SystemCommand("Mark all read", "Every card of this view (M)",
                            main.action_mark_view_read)
        yield SystemCommand("Undo mark", "Undo the last read mark (u)", main.action_undo)
        yield SystemCommand("Toggle star", "Star or unstar the card (f)", main.action_toggle_star)
        yield SystemCommand("Next unread", "The next unread card (n)", main.action_next_unread)
        yield SystemCommand("Previous unread", "The previous unread card (N)",
                            main.action_previous_unread)
        yield SystemCommand("Hide read cards", "Hide or show read cards (h)",
                            main.action_toggle_hide_read)
        yield SystemCommand("Next sort order", "Heat, hot, newest, quality, title (s)",
                            main.action_sort)
        yield SystemCommand("Toggle sidebar", "Show or hide the topics (b)",
                            main.action_toggle_sidebar)
        yield SystemCommand("Skipped files", "Files that are not cards, and why (p)",
                            self.action_problems)
        yield SystemCommand("Help", "Every key (?)", self.action_help)
        yield from super().get_system_commands(screen)
