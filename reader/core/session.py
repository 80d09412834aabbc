"""The reader's model: the cards, the user's marks and what loading said, without any UI.

The screens receive a Session and act on it; the app feeds it the loader's batches. Everything
that changes the state returns None when it was kept, or a sentence saying why it was not, so a
screen only has to show that sentence. A Session lives on the UI thread: the loader hands it
batches through the app, never directly.
"""

from __future__ import annotations

import json
import os
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from .baseline import Baseline
from .card import Card, Entry, Problem
from .dates import Clock, utc_now
from .db import Columns, Library
from .journal import Change, Journal, apply
from .load import Batch
from .parse import parse_file  # here: see test_import_hygiene (yaml-rs and threads)
from .query import Marks, QueryError, parse
from .scores import rank
from .search_counts import SearchCounts
from .state import QUIET_ARRIVAL, SavedSearch, State, StateError
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
SEEN_KEPT = 20_000
"""Stories whose seen heat is kept in memory (those drawn lately)."""
CARD_CACHE = 128
"""Whole cards kept in memory (the list holds slim entries; the story pane reads the file)."""
READING_SETTING = "view.reading"
"""The story and file of the card being read at the last quit (JSON)."""
FOLDERS_SETTING = "folders.seen"
"""The folders (real paths) this state has read, as a JSON list."""
ALERT_QUIET = 60.0
"""Seconds after an alert in which the same saved search does not alert again (nor ring)."""


class SeenHeats:
    """The heat each story had when the user last read it, else when it arrived: asked of the
    state story by story (the rows on screen), the answers kept for a while (a million stories
    as a dict took 100 MB)."""

    def __init__(self, state: State) -> None:
        self.state = state
        self._heats: OrderedDict[str, float | None] = OrderedDict()

    def get(self, story: str) -> float | None:
        heats = self._heats
        if story in heats:
            heats.move_to_end(story)
            return heats[story]
        heat = heats[story] = self.state.seen_heat(story)
        if len(heats) > SEEN_KEPT:
            heats.popitem(last=False)
        return heat

    def arrived(self, story: str, heat: float | None, *, replace: bool = False) -> None:
        """The state now holds this heat for the story (the first, unless `replace`)."""
        if replace or self._heats.get(story) is None:
            self._heats[story] = heat
            if len(self._heats) > SEEN_KEPT:
                self._heats.popitem(last=False)


@dataclass(frozen=True, slots=True)
class Place:
    """Where the reader was before a jump to a related card: the view and the card."""

    source: Source
    query: str
    hide_read: bool
    entry: Entry | None


class Session:
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
        return self._kept(lambda: settings.save(self.state))

    def note_arrivals(self, *, at_start: bool = False,
                      recorded: dict[str, float | None] | None = None) -> None:
        """After a load or a re-check: remember when each story first came (kept in the state)
        and work out which are new since the last session. What the first load finds counts as
        there when the session began; what a re-check finds, as arrived now. `recorded`: the
        stories the loader has noted already (Library.record_arrivals: SQL, off the UI
        thread, at arrival_time()); else they are worked out and noted here."""
        now = self.arrival_time(at_start)
        if at_start and self._begin is not None:
            self._kept(self._begin)
            self._begin = None
        if recorded is not None:
            fresh = recorded
        else:
            if self._known is None:  # once: every story the state knows
                self._known = set(self.state.seen())
            fresh = {story: heat for story, heat in self.library.story_heats()
                     if story not in self._known}
            if fresh:  # only what was never here before: a warm start writes nothing
                quiet = self.library.stories_in(self.quiet) if at_start and self.quiet else set()
                noted = {story: heat for story, heat in fresh.items() if story not in quiet}
                earlier = {story: heat for story, heat in fresh.items() if story in quiet}
                self._kept(lambda: self.state.note_arrivals(noted, now))
                if earlier:  # a folder's first time: there before, so not new
                    self._kept(lambda: self.state.note_arrivals(earlier, QUIET_ARRIVAL))
                self._known.update(fresh)
        if fresh:
            for story, heat in fresh.items():
                self.seen_heat.arrived(story, heat)
        # rising: heat gained since the session began (the heats the state knows after the
        # first load), or since the story arrived in this session (a re-check's finds)
        if not self.baseline.begun:
            self.baseline.begun = True
            self.library.baseline_version += 1
        elif arrived := {story: heat for story, heat in fresh.items() if heat is not None}:
            self.baseline.arrived(arrived)
            self.library.baseline_version += 1
        self.new.clear()
        if self.since is not None:
            self.new.update(self.state.arrived_since(self.since))
        self.views.marks_changed()

    def keep_reading(self) -> None:
        """At quit: remember the card being read, so the next start comes back to it."""
        entry = self.reading
        if entry is not None and self.state.writable:
            self._kept(lambda: self.state.set_setting(
                READING_SETTING, json.dumps({"story": entry.story, "path": entry.path})))

    def was_reading(self) -> tuple[str, str] | None:
        """The (story, path) of the card being read at the last quit, or None."""
        try:
            kept = json.loads(self.state.setting(READING_SETTING) or "null")
        except ValueError:
            return None
        if isinstance(kept, dict) and isinstance(kept.get("story"), str) and isinstance(
                kept.get("path"), str):
            return kept["story"], kept["path"]
        return None

    def first_folders(self, paths: Sequence[str]) -> frozenset[str]:
        """Note the folders read this session; those never read before (as real paths) are
        quiet: what they hold arrived before, not since the last session, so a folder seen
        for the first time marks nothing new (the README's try-out, then the user's own
        folder, made its 423 cards new)."""
        try:
            known = json.loads(self.state.setting(FOLDERS_SETTING) or "[]")
        except ValueError:
            known = []
        self._known_folders = {folder for folder in known if isinstance(folder, str)}
        folders = {os.path.realpath(path) for path in paths if os.path.isdir(path)}
        self.quiet = frozenset(folders - self._known_folders)
        return self.quiet

    def arrival_time(self, at_start: bool) -> float:
        """When what a load finds arrived: the session's start for the first load, else now."""
        return self.started if at_start else self.clock().timestamp()

    def saw(self, entry: Entry) -> None:
        """The user looked at this card: its heat now is the one ▲/▼ compare with."""
        before = self.seen_heat.get(entry.story)
        if entry.heat is not None and before != entry.heat:
            self.baseline.read(entry.story, before)
            self.seen_heat.arrived(entry.story, float(entry.heat), replace=True)
            self._kept(lambda: self.state.note_heat(entry.story, float(entry.heat or 0),
                                                    self.clock().timestamp()))

    def heat_move(self, entry: Entry) -> float | None:
        """How much the heat moved since the user last read the card, or since it arrived when
        they never did (None: no change)."""
        seen = self.seen_heat.get(entry.story)
        if seen is None or entry.heat is None or entry.heat == seen:
            return None
        return entry.heat - seen

    def show_unpublished(self, shown: bool) -> str | None:
        """Show the cards not published yet, or hide them; kept for the next start."""
        self.generation += 1
        if self.library.include(shown):
            self.views.marks_changed()  # the library's indices are new: no cached result holds
        return self._kept(lambda: self.state.set_setting(UNPUBLISHED_SETTING, str(shown).lower()))

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

    # --- marks --------------------------------------------------------------------------------

    def refresh(self) -> bool:
        """Take in marks another reader kept; True when any changed (views are then stale)."""
        if self.state.refresh():
            self.views.marks_changed()
            return True
        return False

    def is_read(self, entry: Entry) -> bool:
        return entry.story in self.state.read

    def is_starred(self, entry: Entry) -> bool:
        return entry.story in self.state.starred

    def mark(self, entries: Sequence[Entry], read: bool, *,
             undoable: bool = True) -> tuple[int, str | None]:
        """Mark entries read or unread: (how many changed, why it was not kept or None).
        Only what this reader changes is journalled for undo: another reader's marks are taken
        in first."""
        return self._mark_stories([entry.story for entry in entries], read, undoable=undoable)

    def _mark_stories(self, stories: Sequence[str], read: bool, *,
                      undoable: bool) -> tuple[int, str | None]:
        state = self.state
        self.refresh()
        changed = list(dict.fromkeys(s for s in stories if (s in state.read) != read))
        if not changed:
            return 0, None
        error = self._kept(lambda: state.set_read(changed, read))
        if undoable:
            words = f"{len(changed):,} card(s) marked {'read' if read else 'unread'}"
            self.journal.record(Change("read", words, dict.fromkeys(changed, not read),
                                       dict.fromkeys(changed, read)))
        self.views.marks_changed()
        return len(changed), error

    def mark_view(self, view: Sequence[int], read: bool) -> tuple[int, str | None]:
        """Mark every card of a view read or unread (mark, by their stories: a view of a
        million cards makes no Entry)."""
        return self._mark_stories(self.library.stories_of(view), read, undoable=True)

    def undo(self) -> tuple[str, str | None]:
        """Undo the last change: (a sentence saying what, why it was not kept or None)."""
        return self._step(back=True)

    def redo(self) -> tuple[str, str | None]:
        """Do again the last change undone."""
        return self._step(back=False)

    def _step(self, back: bool) -> tuple[str, str | None]:
        self.refresh()
        result: list[tuple[Change | None, int]] = []
        error = self._kept(lambda: result.append(self.journal.step(self.state, back)))
        self.views.marks_changed()
        change, count = result[0] if result else (None, 0)
        if change is None:
            return ("Nothing to undo." if back else "Nothing to redo."), error
        verb = "Undone" if back else "Redone"
        if count == 0:
            return f"{verb}: {change.words}, but another reader has changed it since.", error
        left = len(change.before) - count
        if left:
            return f"{verb}: {change.words} ({left:,} left as another reader set it).", error
        return f"{verb}: {change.words}.", error

    def toggle_star(self, entry: Entry) -> str | None:
        """Star the card, or unstar it."""
        starred = entry.story not in self.state.starred
        error = self._kept(lambda: self.state.set_starred(entry.story, starred))
        words = f"{'starred' if starred else 'unstarred'} “{entry.title}”"
        self.journal.record(Change("star", words, {entry.story: not starred},
                                   {entry.story: starred}))
        self.views.marks_changed()
        return error

    # --- saved searches -----------------------------------------------------------------------

    def query_problem(self, query: str) -> str | None:
        """Why a query cannot be saved ('Not saved: …'), or None when it can be read."""
        try:
            parse(query, self.marks, self.clock())
        except QueryError as error:
            return f"Not saved: {error}."
        return None

    def saved(self, name: str) -> SavedSearch | None:
        return next((saved for saved in self.state.searches() if saved.name == name), None)

    def save_search(self, name: str, query: str, topic: str = "", *,
                    renamed_from: str | None = None, alert: bool | None = None) -> str | None:
        """Save a search (its query and topic) by name, replacing one of that name; with
        renamed_from, the search of that name moves to this one. A query that cannot be read
        is not saved: the sentence says why."""
        if problem := self.query_problem(query):
            return problem
        if alert is None:  # an edit or a rename keeps the alert of the search it changes
            kept = self.saved(renamed_from or name)
            alert = kept.alert if kept is not None else False
        new = SavedSearch(name, query, topic, alert)
        before: dict[str, object] = {name: self.saved(name)}
        after: dict[str, object] = {name: new}
        if renamed_from is not None and renamed_from != name:
            before, after = {renamed_from: self.saved(renamed_from), **before}, {
                renamed_from: None, **after}
        words = (f"renamed the saved search '{renamed_from}' to '{name}'"
                 if renamed_from not in (None, name) else f"saved the search '{name}'")
        change = Change("search", words, before, after)
        error = self._kept(lambda: apply(self.state, change, after))
        if error is None:
            self.journal.record(change)
        return error

    def set_alert(self, name: str, alert: bool) -> str | None:
        """Make a saved search raise alerts for new and changed cards that match it, or not."""
        saved = self.saved(name)
        if saved is None:
            return None
        return self.save_search(name, saved.query, saved.topic, alert=alert)

    def alerts(self, before: object) -> list[tuple[SavedSearch, list[Entry]]]:
        """The alerting saved searches that cards new or changed since `before` (what
        library.snapshot() said) match, with those cards, hottest first. A search alerts at
        most once in ALERT_QUIET seconds: a card rewritten 50 times a second rang the bell 95
        times in 10 s."""
        now = self.clock().timestamp()
        alerting = [saved for saved in self.state.searches() if saved.alert
                    and now - self._alerted.get(saved.name, -ALERT_QUIET) >= ALERT_QUIET]
        if not alerting:
            return []
        fresh = self.library.added_since(before)
        self.library.prefetch(fresh[:4096])
        found = []
        for saved in alerting:
            if not fresh:
                break
            candidates = fresh
            if saved.topic:
                wanted = saved.topic.casefold()
                candidates = [i for i in fresh
                              if wanted in (t.casefold() for t in self.library[i].topics)]
            try:
                query = parse(saved.query, self.marks, self.clock())
            except QueryError:
                continue
            self.library.sync_marks(self.marks, self.views.version)
            matched = self.library.filter(query, candidates)
            if matched:
                entries = sorted((self.library[i] for i in matched), key=lambda e: -rank(e.heat))
                found.append((saved, entries))
                self._alerted[saved.name] = now
        return found

    def forget_search(self, name: str) -> str | None:
        """Delete a saved search (u brings it back)."""
        change = Change("search", f"deleted the saved search '{name}'",
                        {name: self.saved(name)}, {name: None})
        error = self._kept(lambda: apply(self.state, change, change.after))
        if error is None:
            self.journal.record(change)
        return error

    @staticmethod
    def _kept(change: Callable[[], None]) -> str | None:
        try:
            change()
        except StateError as error:
            return f"Not kept: {error}"
        return None
