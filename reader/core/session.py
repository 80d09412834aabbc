"""The reader's model: the cards, the user's marks and what loading said, without any UI.

The screens receive a Session and act on it; the app feeds it the loader's batches. Everything
that changes the state returns None when it was kept, or a sentence saying why it was not, so a
screen only has to show that sentence. A Session lives on the UI thread: the loader hands it
batches through the app, never directly.
"""

from __future__ import annotations

import json
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

from .baseline import Baseline
from .card import Card, Entry, Problem
from .dates import Clock, utc_now
from .db import Columns, Library
from .journal import Journal
from .load import Batch
from .parse import parse_file  # here: see test_import_hygiene (yaml-rs and threads)
from .query import Marks
from .search_counts import SearchCounts
from .session_arrivals import FOLDERS_SETTING, Arrivals, SeenHeats
from .session_marks import MarkActions, kept
from .session_searches import SavedSearchActions
from .state import State
from .urls import canonical_url
from .view_settings import ViewSettings
from .views import ALL, NEW, STARRED, SidebarRow, Source, Views

SESSION_SETTING = "session.started"
PREVIOUS_SETTING = "session.previous"
"""When the session before the latest began: stories that arrived after it are new."""
UNPUBLISHED_SETTING = "show_unpublished"
"""The state setting that keeps whether cards not published yet are shown ('true'/'false')."""
CountKey = tuple[str, str, int, bool, int]
"""What a saved search's count holds for: query, topic, library generation, unpublished shown,
and the marks' version when the query has is: terms."""
CARD_CACHE = 128
"""Whole cards kept in memory (the list holds slim entries; the story pane reads the file)."""


@dataclass(frozen=True, slots=True)
class Place:
    """Where the reader was before a jump to a related card: the view and the card."""

    source: Source
    query: str
    hide_read: bool
    entry: Entry | None


class Session(MarkActions, SavedSearchActions, Arrivals):
    """The library, the state, marks with their undo journal, problems and loading progress."""

    def __init__(self, state: State, *, include_unpublished: bool = False,
                 clock: Clock = utc_now) -> None:
        self.state = state
        self.clock = clock
        shown = include_unpublished or state.setting(UNPUBLISHED_SETTING) == "true"
        self.library = Library(Columns.empty(), include_unpublished=shown)
        """The cards, read from the index database as they are shown: none until the loader
        attaches a library (the first rows of the view, then every card, growing while a
        cold load stores them)."""
        self.new: set[str] = set()
        """Stories that arrived since the last session began (none on the very first run)."""
        self.marks = Marks(state.read, state.starred, self.new)
        """The state's live sets, for queries (is:read) and the list's markers."""
        previous = state.setting(SESSION_SETTING) or ""
        self.since: float | None = float(previous) if previous.replace(".", "", 1).isdigit() \
            else None
        """When the last session began: what arrived after it is new."""
        self.started = clock().timestamp()

        self.reading: Entry | None = None
        """The card the user is reading (the list's cursor), kept at quit (keep_reading)."""
        self.quiet: frozenset[str] = frozenset()
        """Folders (real paths) this state has never seen: their cards are not new (first)."""
        self._known_folders: set[str] = set()

        def begin() -> None:  # what `newsreader status` counts as new is what the reader shows
            state.set_setting(PREVIOUS_SETTING, previous)
            state.set_setting(SESSION_SETTING, repr(self.started))
            if self.quiet:
                state.set_setting(FOLDERS_SETTING,
                                  json.dumps(sorted(self._known_folders | self.quiet)))

        self._begin: Callable[[], None] | None = begin
        """Kept once the first load has noted what arrived: a session quit before that (a
        million cards take half a minute) does not count, or the next would find every story
        arrived since it began."""
        self.seen_heat = SeenHeats(state)
        """The heat of each story when the user last read it, else when it first arrived: what
        ▲/▼ in the list compare with (asked of the state for the rows drawn)."""
        self._known: set[str] | None = None
        """Stories whose arrival the state remembers (read once when a load did not say which
        are new: a library in memory)."""
        self.baseline = Baseline(state)
        """Each story's heat when the session began, for the rising sort."""
        self.library.baseline = self.baseline
        self.views = Views(self.library, self.marks, clock)
        self.problems: list[Problem] = []
        self.fetching: tuple[int, int] | None = None
        """(feeds answered, feeds asked) while the feeds are fetched (reader/fetching.py)."""
        self.progress: tuple[int, int] | None = (0, 0)
        """(files parsed, files to parse) while loading; total 0: scanning for changes."""
        self.journal = Journal()
        """Every mark and saved-search change, for undo and redo."""
        self._alerted: dict[str, float] = {}
        """When each saved search last alerted (clock seconds)."""
        self.counts = SearchCounts(self)
        """Each saved search's counts, made in place or on a worker (core/search_counts.py)."""
        self.history: list[Place] = []
        """Where to go back to after jumping to a related card."""
        self._cards: OrderedDict[str, Card | Problem] = OrderedDict()
        self.previewing = False
        """True while the library holds only a preview (the first rows of the view)."""
        self._retired: Library | None = None
        self.generation = 0
        """Counts changes of the library: what was counted for an older one is counted again."""

    # --- loading ------------------------------------------------------------------------------

    def preview(self, library: Library) -> None:
        """Show these cards (the first of the view, read from the index database in
        milliseconds) until the loader attaches every card."""
        self.attach(library)
        self.previewing = True

    def attach(self, library: Library) -> None:
        """Show the cards as this library holds them (the index read whole, or as far as a
        cold load has stored it)."""
        old = self.library
        library.include(old.include_unpublished)
        library.baseline, library.baseline_version = self.baseline, old.baseline_version + 1
        self.library = library
        self.views.library = library
        self.previewing = False
        self.generation += 1
        self._cards.clear()
        self.views.marks_changed()  # numbers are new: no cached result holds
        self._retire(old)

    def detach(self) -> None:
        """Let go of the library (its index was found damaged): none is shown until a load
        has stored the cards again."""
        self.attach(Library(Columns.empty()))
        self.progress = (0, 0)

    def release_retired(self) -> None:
        """Let go of the library shown before the last attach now (the list shows the new one:
        a first-rows library at a million cards holds 40 MB)."""
        if self._retired is not None:
            self._retired.close()
            self._retired = None

    def _retire(self, old: Library) -> None:
        """The list may still show the old library's rows until it is shown anew: that one
        is let go at the next change."""
        if self._retired is not None:
            self._retired.close()
        self._retired = old

    def apply(self, batch: Batch) -> None:
        """Take a batch from the loader: its problems and progress (the cards it stored come
        as a library: attach)."""
        if batch.reset:
            self.problems = list(batch.problems)
        else:
            self.problems.extend(batch.problems)
        self.progress = None if batch.finished else (batch.done, batch.total)

    def stopped(self) -> None:
        """The loader stopped early: what arrived is all there is."""
        self.progress = None

    def keep_view(self, settings: ViewSettings) -> str | None:
        """Keep how the user left the view (sort, hide-read, layout, split, sidebar)."""
        return kept(lambda: settings.save(self.state))

    def show_unpublished(self, shown: bool) -> str | None:
        """Show the cards not published yet, or hide them; kept for the next start."""
        self.generation += 1
        if self.library.include(shown):
            self.views.marks_changed()  # the library's indices are new: no cached result holds
        return kept(lambda: self.state.set_setting(UNPUBLISHED_SETTING, str(shown).lower()))

    # --- cards --------------------------------------------------------------------------------

    def card(self, entry: Entry) -> Card | Problem:
        """The whole card behind a list row (read when first shown, then kept for a while)."""
        card = self._cards.get(entry.path)
        if card is None:
            card = parse_file(entry.path)
            self._cards[entry.path] = card
            if len(self._cards) > CARD_CACHE:
                self._cards.popitem(last=False)
        else:
            self._cards.move_to_end(entry.path)
        return card

    def title_and_link(self, entry: Entry) -> tuple[str, str]:
        """What `o` and `c` act on: the title and link of the card as the story pane shows it
        (its file as read), else the list's; never one version on screen and another opened."""
        card = self.card(entry)
        return (card.title, card.url) if isinstance(card, Card) else (entry.title, entry.url)

    def known(self, url: str) -> str | None:
        """The story key of a URL when one of the cards is that story, else None."""
        story = canonical_url(url) if url else ""
        return story if story and self.library.find(story) is not None else None

    def copies(self, entry: Entry) -> list[Entry]:
        """The other files of this entry's story, hottest first."""
        index = self.library.find(entry.story)
        if index is None:
            return []
        return [self.library[i] for i in self.library.copies(index) if self.library[i] is not entry]

    def sidebar(self) -> list[SidebarRow]:
        """All, Starred, the saved searches, then every topic, with their counts."""
        library, state = self.library, self.state
        if self.previewing:  # the first rows only: no count would be true yet
            return [(ALL, None, None), (STARRED, None, None)]
        unread, per_topic = library.unread_counts(state.read)
        rows: list[SidebarRow] = [(ALL, unread, library.stories),
                                  (STARRED, None, library.count_stories(state.starred))]
        if self.new:
            rows.append((NEW, None, library.count_stories(self.new)))
        for saved in state.searches():
            problem = self.counts.problem(saved.query)
            total = None if problem else self.counts.total(saved)
            rows.append((Source("search", saved.name, saved.query, saved.topic, saved.alert,
                                problem), None if total is None else self.counts.unread(saved),
                         total))
        rows += [(Source("topic", name), per_topic[name.casefold()], count)
                 for name, count in library.topics()]
        return rows
