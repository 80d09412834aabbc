"""Undo and redo for every mark: read, unread, a view marked read, star, unstar, and saved
searches saved, changed or deleted.

A Change records, for each thing it touched, what it was before and after. Undo sets the before
back, redo the after, on the state, and only where nobody changed it since: a story another
reader marked in between is theirs, and undo leaves it as they left it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .state import SavedSearch, State

UNDO_DEPTH = 50


@dataclass(slots=True)
class Change:
    """One thing the user did, as before and after values."""

    kind: str
    """'read' (story -> read), 'star' (story -> starred) or 'search' (name -> search or None)."""
    words: str
    """What it was, for a sentence: 'marked 3 card(s) read', 'deleted the saved search x'."""
    before: dict[str, object] = field(default_factory=dict)
    after: dict[str, object] = field(default_factory=dict)


def now_of(state: State, kind: str, key: str) -> object:
    """The current value of one thing a change touches."""
    if kind == "read":
        return key in state.read
    if kind == "star":
        return key in state.starred
    return next((search for search in state.searches() if search.name == key), None)


def apply(state: State, change: Change, values: dict[str, object]) -> None:
    """Set these values (a change's before or after) on the state (may raise StateError)."""
    if change.kind == "read":
        for read in (True, False):
            state.set_read([story for story, value in values.items() if value is read], read)
    elif change.kind == "star":
        for story, value in values.items():
            state.set_starred(story, bool(value))
    else:
        for name, value in values.items():
            if value is None:
                state.delete_search(name)
            else:
                assert isinstance(value, SavedSearch)
                state.save_search(value.name, value.query, value.topic, value.alert)


class Journal:
    """The changes that can be undone, and those undone that can be redone."""

    def __init__(self) -> None:
        self.done: list[Change] = []
        self.undone: list[Change] = []

    def record(self, change: Change) -> None:
        """A new change: it can be undone, and what was undone can no longer be redone."""
        self.done.append(change)
        del self.done[:-UNDO_DEPTH]
        self.undone.clear()

    def step(self, state: State, back: bool) -> tuple[Change | None, int]:
        """Undo (back) or redo the last change: (the change or None, how many things it set).
        Things changed since by someone else are left as they are."""
        source, target = (self.done, self.undone) if back else (self.undone, self.done)
        if not source:
            return None, 0
        change = source.pop()
        wanted, expected = (change.before, change.after) if back else (change.after,
                                                                      change.before)
        values = {key: value for key, value in wanted.items()
                  if now_of(state, change.kind, key) == expected[key]}
        target.append(change)
        apply(state, change, values)
        return change, len(values)
