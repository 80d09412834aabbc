"""The feeds the user subscribes to, kept in the state database (schema 4, table `feeds`).

Each feed keeps what a polite fetcher needs: its ETag and Last-Modified for conditional requests,
its status and last error, how many entries it gave, when it was fetched, when it may be fetched
next (backoff after errors, Retry-After) and how many times in a row it failed.
"""

from __future__ import annotations

import sqlite3
import time
from dataclasses import dataclass, fields

from .state import State, StateError

GONE = "gone"
"""The status of a feed that answered 410: never fetched again, and said so."""


@dataclass
class Feed:
    url: str
    name: str = ""
    """What the user called it (--name), else ''."""
    topic: str = ""
    added: float = 0.0
    etag: str | None = None
    modified: str | None = None
    status: str = "new"
    """new, ok (fetched), not modified, an HTTP status, error, gone."""
    error: str = ""
    entries: int = 0
    last_fetch: float | None = None
    next_try: float = 0.0
    failures: int = 0
    title: str = ""
    """The feed's own title, as it last gave it."""

    @property
    def label(self) -> str:
        return self.name or self.title or self.url

    def due(self, now: float) -> bool:
        return self.status != GONE and self.next_try <= now


_COLUMNS = [f.name for f in fields(Feed)]


class Subscriptions:
    """The feeds table of a state file (memory-only state: nothing is kept, nothing listed)."""

    def __init__(self, state: State) -> None:
        self.state = state

    def all(self) -> list[Feed]:
        db = self.state.db
        if db is None:
            return []
        try:
            rows = db.execute(f"SELECT {', '.join(_COLUMNS)} FROM feeds ORDER BY added, url")
            return [Feed(*row) for row in rows]
        except sqlite3.Error:  # an older file opened read-only: no feeds table yet
            return []

    def get(self, url: str) -> Feed | None:
        return next((feed for feed in self.all() if feed.url == url), None)

    def add(self, url: str, *, name: str = "", topic: str = "") -> bool:
        """Subscribe; False when the feed is there already (its name and topic are updated)."""
        known = self.get(url)
        if known is not None:
            self._run("UPDATE feeds SET name = ?, topic = ? WHERE url = ?",
                      (name or known.name, topic or known.topic, url))
            return False
        self._run("INSERT INTO feeds (url, name, topic, added) VALUES (?, ?, ?, ?)",
                  (url, name, topic, time.time()))
        return True

    def remove(self, url: str) -> bool:
        if self.get(url) is None:
            return False
        self._run("DELETE FROM feeds WHERE url = ?", (url,))
        return True

    def save(self, feed: Feed, *, old_url: str | None = None) -> None:
        """Keep a feed as fetched (a permanent redirect moves it to its new URL)."""
        if old_url is not None and old_url != feed.url:
            if self.get(feed.url) is not None:  # two subscriptions that are one feed now
                self._run("DELETE FROM feeds WHERE url = ?", (old_url,))
            else:
                self._run("UPDATE feeds SET url = ? WHERE url = ?", (feed.url, old_url))
        values = [getattr(feed, column) for column in _COLUMNS[1:]]
        self._run(f"UPDATE feeds SET {', '.join(f'{c} = ?' for c in _COLUMNS[1:])} WHERE url = ?",
                  (*values, feed.url))

    def _run(self, sql: str, parameters: tuple[object, ...]) -> None:
        db = self.state.db
        if db is None:
            raise StateError("the state file cannot be used, so subscriptions are not kept")
        if not self.state.writable:
            raise StateError(f"the state file {self.state.path} is open read-only")
        try:
            with db:
                db.execute(sql, parameters)
        except sqlite3.Error as error:
            raise StateError(f"the state file {self.state.path} cannot be written ({error})") from error
