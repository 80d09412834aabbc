"""One fetch of the feeds subscribed to, from requests to cards; what `newsreader fetch`, the
reader's `R` and its timer all run (on a worker thread in the reader: never the UI's).

Each feed's answer is kept in the state (status, error, ETag, Last-Modified, backoff); a feed
that changed has its entries merged (entries.py); when any did, every story is worked out again
and the cards rewritten where they changed (stories.py, cards.py).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ..core.state import State
from ..core.subscriptions import GONE, Feed, Subscriptions
from . import cards, entries, http
from .http import Answer, Request
from .parse import NotAFeed, host_of, parse
from .stories import Source, cluster

KEEP_DAYS = 30.0
FIRST_BACKOFF, LONGEST_BACKOFF = 600.0, 86_400.0


@dataclass
class Result:
    """One feed's fetch, as `fetch` and the Feeds screen say it."""

    url: str
    label: str
    status: str
    error: str = ""
    new: int = 0
    moved: str | None = None

    @property
    def failed(self) -> bool:
        return bool(self.error)


@dataclass
class Report:
    results: list[Result] = field(default_factory=list)
    written: int = 0
    removed: int = 0
    stories: int = 0

    @property
    def failed(self) -> list[Result]:
        return [result for result in self.results if result.failed]


def due(state: State, now: float, urls: list[str] | None = None) -> list[Feed]:
    feeds = Subscriptions(state).all()
    if urls is not None:
        return [feed for feed in feeds if feed.url in urls and feed.status != GONE]
    return [feed for feed in feeds if feed.due(now)]


def run(state: State, *, folder: Path | None = None, now: float | None = None,
        urls: list[str] | None = None, keep_days: float = KEEP_DAYS,
        heard: Callable[[Result, int, int], None] | None = None) -> Report:
    """Fetch the feeds that are due (or these urls), keep what they said, write the cards.
    `heard(result, done, total)` hears each feed as it answers (from the fetching thread)."""
    folder = folder or cards.feeds_folder()
    now = time.time() if now is None else now
    subscriptions = Subscriptions(state)
    feeds = due(state, now, urls)
    by_url = {feed.url: feed for feed in feeds}
    report, changed = Report(), False
    answers: list[Answer] = []

    def done(answer: Answer) -> None:
        answers.append(answer)
        if heard is not None:
            feed = by_url[answer.url]
            heard(Result(answer.url, feed.label, _status(answer), answer.error), len(answers),
                  len(feeds))

    for answer in http.fetch([Request(f.url, f.etag, f.modified) for f in feeds], done=done):
        feed = by_url[answer.url]
        result, new = _kept(feed, answer, folder, now, keep_days)
        changed = changed or new > 0
        report.results.append(result)
        subscriptions.save(feed, old_url=answer.url)
    if changed or (urls is None and not any(folder.glob(f"*{cards.SUFFIX}"))):
        report.written, report.removed, report.stories = rebuild(state, folder, now, keep_days)
    return report


def _kept(feed: Feed, answer: Answer, folder: Path, now: float,
          keep_days: float) -> tuple[Result, int]:
    """Keep what the feed answered on it (status, backoff, validators); its new entries."""
    feed.last_fetch, new, error = now, 0, answer.error
    status = _status(answer)
    if answer.status == 200 and answer.body is not None and not error:
        try:
            parsed = parse(answer.body, answer.final or feed.url, answer.content_type)
        except NotAFeed as problem:
            error = str(problem)
        else:
            new = entries.merge(folder, feed.url, parsed, now, keep_days)
            feed.title, feed.entries = parsed.title, len(parsed.entries)
            feed.etag, feed.modified = answer.etag, answer.modified
    elif answer.status == 410:
        error, status = "HTTP 410: gone, no longer fetched", GONE
    elif answer.status not in (0, 200, 304):
        waited = f": asked to wait {answer.retry_after:.0f} s" if answer.retry_after else ""
        error = f"HTTP {answer.status}{waited}"
    if answer.moved and not error:
        feed.url = answer.moved
    feed.status, feed.error = status, error
    if error and status != GONE:
        feed.failures += 1
        backoff = min(LONGEST_BACKOFF, FIRST_BACKOFF * 2 ** (feed.failures - 1))
        feed.next_try = now + max(backoff, answer.retry_after or 0.0)
    else:
        feed.failures, feed.next_try = 0, now
    return Result(feed.url, feed.label, status, error, new, answer.moved), new


def _status(answer: Answer) -> str:
    if answer.error:
        return "error"
    if answer.status == 304:
        return "not modified"
    if answer.status == 410:
        return GONE
    return "ok" if answer.status == 200 else f"HTTP {answer.status}"


def rebuild(state: State, folder: Path | None = None, now: float | None = None,
            keep_days: float = KEEP_DAYS) -> tuple[int, int, int]:
    """Work out every story from the kept entries and write the cards; (written, removed,
    stories)."""
    folder = folder or cards.feeds_folder()
    now = time.time() if now is None else now
    feeds = Subscriptions(state).all()
    topics = {feed.url: feed.topic for feed in feeds}
    names = {feed.url: feed.name for feed in feeds}
    sources = [Source(entry, url, names.get(url) or title or host_of(site or url),
                      host_of(entry.link or site or url), first_seen, host_of(site or url))
               for url, title, site, entry, first_seen in entries.every(folder, topics, now, keep_days)]
    stories = cluster(sources)
    written, removed = cards.write(folder, stories, topics, state.starred)
    return written, removed, len(stories)


def forget(state: State, url: str, folder: Path | None = None) -> bool:
    """Unsubscribe, drop the feed's entries, and rewrite the cards without them."""
    folder = folder or cards.feeds_folder()
    if not Subscriptions(state).remove(url):
        return False
    entries.forget(folder, url)
    rebuild(state, folder)
    return True
