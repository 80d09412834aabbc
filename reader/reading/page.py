"""An article's page: from the cache when it was read before, else fetched with the feeds'
polite client (User-Agent newsreader/VERSION, timeouts, http(s) at every redirect) under a cap
of 5 MB, and its main text taken out. Each failure is one sentence."""

from __future__ import annotations

from dataclasses import dataclass

from ..core.urls import refusal
from . import cache
from .article import Article, extract

MAX_BYTES = 5 * 1024 * 1024


@dataclass
class Outcome:
    article: Article | None
    why: str = ""
    """Why there is no article, in one sentence (the view then shows the card's excerpt)."""


def read(url: str | None, *, fresh: bool = False) -> Outcome:
    """On a worker thread: the article at this URL, from the cache unless `fresh`."""
    if not url:
        return Outcome(None, "This card has no page to read.")
    refused = refusal(url)
    if refused is not None:
        return Outcome(None, f"This card's link is not read: {refused}.")
    if not fresh and (kept := cache.get(url)) is not None:
        return Outcome(kept)
    from ..feeds.http import Request, fetch  # the network loads here, on the worker

    [answer] = fetch([Request(url, limit=MAX_BYTES)])
    if answer.error:
        reason = "it is over 5 MB" if answer.error.startswith("over") else answer.error
        return _offline(url, f"The page could not be read: {reason}.")
    if answer.status != 200 or answer.body is None:
        return _offline(url, f"The page could not be read: HTTP {answer.status}.")
    if "html" not in answer.content_type and not answer.body[:512].lstrip().lower().startswith(
            (b"<!doctype html", b"<html")):
        kind = answer.content_type.split(";")[0] or "not HTML"
        return Outcome(None, f"The page is not an HTML page ({kind}).")
    article = extract(answer.body.decode("utf-8", "replace"), answer.final or url)
    if article is None:
        return Outcome(None, "The page has no article text to show.")
    cache.put(article)
    return Outcome(article)


def _offline(url: str, why: str) -> Outcome:
    kept = cache.get(url)
    return Outcome(kept) if kept is not None else Outcome(None, why)
