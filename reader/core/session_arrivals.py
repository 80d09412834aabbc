"""What the session knows of arrivals: when each story first came (kept in the state), which
are new since the last session, the heat each had when last seen (for ▲/▼ and the rising sort),
the folders this state has read, and the card being read at the last quit. Part of Session
(session.py)."""

from __future__ import annotations

import json
import os
from collections import OrderedDict
from collections.abc import Callable, Sequence

from .baseline import Baseline
from .card import Entry
from .dates import Clock
from .db import Library
from .session_marks import kept
from .state import QUIET_ARRIVAL, State
from .views import Views

SEEN_KEPT = 20_000
"""Stories whose seen heat is kept in memory (those drawn lately)."""
READING_SETTING = "view.reading"
"""The story and file of the card being read at the last quit (JSON)."""
FOLDERS_SETTING = "folders.seen"
"""The folders (real paths) this state has read, as a JSON list."""


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

    def forget_unknown(self) -> None:
        """Stories were noted: those asked before and not known then (None) are asked again
        (a row drawn while the first load noted its folder's stories, unlisted: a first
        folder's are not handed back)."""
        for story in [story for story, heat in self._heats.items() if heat is None]:
            del self._heats[story]

    def arrived(self, story: str, heat: float | None, *, replace: bool = False) -> None:
        """The state now holds this heat for the story (the first, unless `replace`)."""
        if replace or self._heats.get(story) is None:
            self._heats[story] = heat
            if len(self._heats) > SEEN_KEPT:
                self._heats.popitem(last=False)


class Arrivals:
    """Arrivals, what is new, and the heats ▲/▼ compare with."""

    state: State
    views: Views
    library: Library
    clock: Clock
    new: set[str]
    since: float | None
    started: float
    reading: Entry | None
    quiet: frozenset[str]
    _known_folders: set[str]
    _begin: Callable[[], None] | None
    seen_heat: SeenHeats
    _known: set[str] | None
    baseline: Baseline

    def note_arrivals(self, *, at_start: bool = False,
                      recorded: dict[str, float | None] | None = None) -> None:
        """After a load or a re-check: remember when each story first came (kept in the state)
        and work out which are new since the last session. What the first load finds counts as
        there when the session began; what a re-check finds, as arrived now. `recorded`: the
        stories the loader has noted already (Library.record_arrivals: SQL, off the UI
        thread, at arrival_time()); else they are worked out and noted here."""
        now = self.arrival_time(at_start)
        if at_start and self._begin is not None:
            kept(self._begin)
            self._begin = None
        if recorded is not None:
            fresh = recorded
            self.seen_heat.forget_unknown()
        else:
            if self._known is None:  # once: every story the state knows
                self._known = set(self.state.seen())
            fresh = {story: heat for story, heat in self.library.story_heats()
                     if story not in self._known}
            if fresh:  # only what was never here before: a warm start writes nothing
                quiet = self.library.stories_in(self.quiet) if at_start and self.quiet else set()
                noted = {story: heat for story, heat in fresh.items() if story not in quiet}
                earlier = {story: heat for story, heat in fresh.items() if story in quiet}
                kept(lambda: self.state.note_arrivals(noted, now))
                if earlier:  # a folder's first time: there before, so not new
                    kept(lambda: self.state.note_arrivals(earlier, QUIET_ARRIVAL))
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
            kept(lambda: self.state.set_setting(
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
            kept(lambda: self.state.note_heat(entry.story, float(entry.heat or 0),
                                                    self.clock().timestamp()))

    def heat_move(self, entry: Entry) -> float | None:
        """How much the heat moved since the user last read the card, or since it arrived when
        they never did (None: no change)."""
        seen = self.seen_heat.get(entry.story)
        if seen is None or entry.heat is None or entry.heat == seen:
            return None
        return entry.heat - seen
