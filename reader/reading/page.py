"""An article's page: from the cache when it was read before, else fetched with the feeds'
polite client (User-Agent newsreader/VERSION, timeouts, http(s) at every redirect) under a cap
of 5 MB, and its main text taken out. Each failure is one sentence."""

from __future__ import annotations

from dataclasses import dataclass

from ..core.read import body_of
from ..core.sanitize import clean_text
from ..core.urls import refusal
from . import cache
from .article import Article, Block, extract

MAX_BYTES = 5 * 1024 * 1024


@dataclass
class Outcome:
    article: Article | None
    why: str = ""
    """Why there is no article, in one sentence (the view then shows the card's excerpt)."""


def from_card(path: str, url: str, title: str) -> Article | None:
    """The whole text a card carries after its front matter (a feed's full content), or None."""
    try:
        with open(path, "rb") as file:
            text = file.read(2 * 1024 * 1024).decode("utf-8", "replace")
    except OSError:
        return None
    body = body_of(text)
    if not body:
        return None
    blocks = [Block("p", " ".join(clean_text(part, 20_000).split()))
              for part in body.split("\n\n") if part.strip()]
    return Article(url or "", title, blocks=blocks, whole=True) if blocks else None


def read(url: str | None, *, fresh: bool = False, card: str | None = None,
         title: str = "") -> Outcome:
    """On a worker thread: the article at this URL: the card's own whole text when it carries
    one, else from the cache unless `fresh`, else fetched."""
    if card is not None and (carried := from_card(card, url or "", title)) is not None:
        return Outcome(carried)
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
