"""What the session does with saved searches: save (a query that cannot be read is not saved),
rename, alert, forget, and which alerting searches new or changed cards match. Part of Session
(session.py)."""

from __future__ import annotations

from .card import Entry
from .dates import Clock
from .db import Library
from .journal import Change, Journal, apply
from .query import Marks, QueryError, parse
from .scores import rank
from .session_marks import kept
from .state import SavedSearch, State
from .views import Views

ALERT_QUIET = 60.0
"""Seconds after an alert in which the same saved search does not alert again (nor ring)."""


class SavedSearchActions:
    """Saved searches and their alerts."""

    state: State
    views: Views
    journal: Journal
    library: Library
    marks: Marks
    clock: Clock
    _alerted: dict[str, float]

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
            current = self.saved(renamed_from or name)
            alert = current.alert if current is not None else False
        new = SavedSearch(name, query, topic, alert)
        before: dict[str, object] = {name: self.saved(name)}
        after: dict[str, object] = {name: new}
        if renamed_from is not None and renamed_from != name:
            before, after = {renamed_from: self.saved(renamed_from), **before}, {
                renamed_from: None, **after}
        words = (f"renamed the saved search '{renamed_from}' to '{name}'"
                 if renamed_from not in (None, name) else f"saved the search '{name}'")
        change = Change("search", words, before, after)
        error = kept(lambda: apply(self.state, change, after))
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
        error = kept(lambda: apply(self.state, change, change.after))
        if error is None:
            self.journal.record(change)
        return error
