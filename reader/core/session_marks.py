"""What the session does with marks: read and unread (one card, or every card of a view), stars,
undo and redo, and the marks another reader kept. Part of Session (session.py)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from .card import Entry
from .db import Library
from .journal import Change, Journal
from .state import State, StateError
from .views import Views


def kept(change: Callable[[], None]) -> str | None:
    """Run a change of the state: None when it was kept, else the sentence why not."""
    try:
        change()
    except StateError as error:
        return f"Not kept: {error}"
    return None


class MarkActions:
    """Marks read, unread and starred, with undo."""

    state: State
    views: Views
    journal: Journal
    library: Library

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
        error = kept(lambda: state.set_read(changed, read))
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
        error = kept(lambda: result.append(self.journal.step(self.state, back)))
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
        error = kept(lambda: self.state.set_starred(entry.story, starred))
        words = f"{'starred' if starred else 'unstarred'} “{entry.title}”"
        self.journal.record(Change("star", words, {entry.story: not starred},
                                   {entry.story: starred}))
        self.views.marks_changed()
        return error
