"""A fetched body as entries: RSS 0.9x/1.0/2.0 and Atom through feedparser 6, JSON Feed 1.0/1.1
through `json`, and an HTML page as the feeds it names (`<link rel="alternate">`).

Fetched bytes are as untrusted as any card. A DOCTYPE is cut out before any XML parser sees the
document, so no entity is ever declared: an external entity (XXE) cannot read a local file, and
a billion-laughs expansion has nothing to expand (feedparser's expat stops one only after ~1 s of
work). feedparser is always given bytes (given a str that looks like a URL, it would fetch it).
"""

from __future__ import annotations

import contextlib
import json
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urljoin, urlsplit

from ..core.urls import canonical_url, refusal
from .text import line, plain

_DOCTYPE = re.compile(rb"<!DOCTYPE(?:[^\[>]*\[.*?\]\s*>|[^>]*>)", re.IGNORECASE | re.DOTALL)
EXCERPT = 1_000
"""Characters of an entry's text kept as its card's excerpt."""
FULL_TEXT = 100_000
"""Characters of an entry's whole text kept as its card's body."""


class NotAFeed(ValueError):
    """The body is no feed: the sentence says what it is."""


@dataclass
class Entry:
    """One item of a feed, cleaned: every string plain text, every link http(s) or gone."""

    id: str
    title: str
    link: str
    story: str
    """The canonical URL (or the feed's id for it when there is no link)."""
    summary: str = ""
    published: float | None = None
    categories: list[str] = field(default_factory=list)
    images: list[str] = field(default_factory=list)
    video: bool = False
    full: bool = False
    """The entry carries the article's whole text (content:encoded, Atom content)."""
    content: str = ""
    """That whole text, as plain paragraphs (the card's body: read without a fetch)."""

    def as_json(self) -> dict[str, Any]:
        return dict(self.__dict__)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Entry | None:
        try:
            return cls(**{key: data[key] for key in cls.__dataclass_fields__ if key in data})
        except TypeError:
            return None


@dataclass
class Parsed:
    title: str
    entries: list[Entry]
    site: str = ""


def without_doctype(body: bytes) -> bytes:
    """The document with its DOCTYPE (and any entity it declares) cut out."""
    head = body[:65536]
    if b"<!" not in head.upper() and b"<!doctype" not in head.lower():
        return body
    return _DOCTYPE.sub(b"", head, count=1) + body[65536:]


def parse(body: bytes, base: str, content_type: str = "") -> Parsed:
    """The feed's title and entries; NotAFeed when the body is none (with what it is)."""
    start = body[:512].lstrip().lower()
    if "json" in content_type or start.startswith(b"{"):
        return _json_feed(body, base)
    if start.startswith((b"<!doctype html", b"<html")) or ("html" in content_type and not (
            b"<rss" in body[:4096] or b"<feed" in body[:4096] or b"<rdf" in body[:4096])):
        raise NotAFeed("not a feed: an HTML page")
    import feedparser  # type: ignore[import-untyped]  # loads only when a feed is read

    document = feedparser.parse(without_doctype(body), sanitize_html=True,
                                resolve_relative_uris=False)
    if not document.get("version") and not document.entries:
        raise NotAFeed("not a feed: neither RSS, Atom nor JSON Feed")
    feed = document.get("feed", {})
    site = _link(feed.get("link", ""), base)
    entries = [entry for item in document.entries if (entry := _entry(item, base, site))]
    return Parsed(line(feed.get("title", "")), _unique(entries), site)


def _entry(item: Any, base: str, site: str) -> Entry | None:
    link = _link(item.get("link", ""), base)
    title = line(item.get("title", ""))
    content = item.get("content") or []
    text = content[0].get("value", "") if content else ""
    summary = plain(item.get("summary", "") or text, EXCERPT)
    if not title:
        title = line(summary, 120)
    if not title and not link:
        return None
    ident = str(item.get("id") or link or title)[:2000]
    images = [_link(m.get("url", ""), base) for m in item.get("media_content", [])
              if "image" in str(m.get("type", "image")) or m.get("medium") == "image"]
    images += [_link(m.get("url", ""), base) for m in item.get("media_thumbnail", [])]
    enclosures = [e for e in item.get("enclosures", []) if isinstance(e, dict)]
    images += [_link(e.get("href", ""), base) for e in enclosures
               if str(e.get("type", "")).startswith("image/")]
    video = any(str(e.get("type", "")).startswith("video/") for e in enclosures) or any(
        m.get("medium") == "video" or str(m.get("type", "")).startswith("video/")
        for m in item.get("media_content", []))
    when = item.get("published_parsed") or item.get("updated_parsed")
    return Entry(ident, title or link, link, canonical_url(link) if link else f"{site}#{ident}",
                 summary, _timestamp(when), _categories(t.get("term", "") for t in item.get("tags", [])),
                 [image for image in dict.fromkeys(images) if image], video, bool(text),
                 plain(text, FULL_TEXT) if text else "")


def _json_feed(body: bytes, base: str) -> Parsed:
    try:
        data = json.loads(body)
    except (ValueError, RecursionError) as error:
        raise NotAFeed(f"not a feed: JSON that cannot be read ({str(error)[:80]})") from None
    if not isinstance(data, dict) or "jsonfeed.org/version" not in str(data.get("version", "")):
        raise NotAFeed("not a feed: JSON, but not a JSON Feed")
    site = _link(str(data.get("home_page_url", "")), base)
    entries = []
    for item in data.get("items", []) if isinstance(data.get("items"), list) else []:
        if not isinstance(item, dict):
            continue
        link = _link(str(item.get("url") or item.get("external_url") or ""), base)
        html_text, text = str(item.get("content_html") or ""), str(item.get("content_text") or "")
        summary = plain(str(item.get("summary") or "") or html_text or text, EXCERPT)
        title = line(str(item.get("title") or "")) or line(summary, 120)
        if not title and not link:
            continue
        ident = str(item.get("id") or link or title)[:2000]
        attachments = [a for a in item.get("attachments", []) if isinstance(a, dict)] if isinstance(
            item.get("attachments"), list) else []
        images = [_link(str(item.get(key) or ""), base) for key in ("image", "banner_image")]
        images += [_link(str(a.get("url", "")), base) for a in attachments
                   if str(a.get("mime_type", "")).startswith("image/")]
        tags = item.get("tags") if isinstance(item.get("tags"), list) else []
        entries.append(Entry(
            ident, title or link, link, canonical_url(link) if link else f"{site}#{ident}", summary,
            _iso(item.get("date_published") or item.get("date_modified")), _categories(tags),
            [image for image in dict.fromkeys(images) if image],
            any(str(a.get("mime_type", "")).startswith("video/") for a in attachments),
            bool(html_text or text), plain(html_text or text, FULL_TEXT) if html_text or text else ""))
    return Parsed(line(str(data.get("title") or "")), _unique(entries), site)


def _link(url: object, base: str) -> str:
    """An absolute http(s) link, or ''."""
    if not isinstance(url, str) or not url.strip():
        return ""
    absolute = urljoin(base, url.strip())
    return absolute if refusal(absolute) is None else ""


def _categories(terms: Any) -> list[str]:
    found = [line(str(term), 60) for term in terms if term]
    return [term for term in dict.fromkeys(found) if term][:5]


def _timestamp(parsed: Any) -> float | None:
    if not parsed:
        return None
    try:
        year, month, day, hour, minute, second = parsed[:6]
        return datetime(year, month, day, hour, minute, second, tzinfo=UTC).timestamp()
    except (TypeError, ValueError, OverflowError):
        return None


def _iso(value: object) -> float | None:
    if not isinstance(value, str):
        return None
    try:
        when = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return (when if when.tzinfo else when.replace(tzinfo=UTC)).timestamp()


def _unique(entries: list[Entry]) -> list[Entry]:
    """One entry per id (a feed that repeats a GUID keeps its first)."""
    return list({entry.id: entry for entry in reversed(entries)}.values())[::-1]


class _Alternates(HTMLParser):
    TYPES = ("application/rss+xml", "application/atom+xml", "application/feed+json",
             "application/json")

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if tag == "link" and "alternate" in values.get("rel", "").lower().split() and (
                values.get("type", "").lower() in self.TYPES):
            self.found.append(values.get("href", ""))


def alternates(page: bytes, base: str) -> list[str]:
    """The feeds an HTML page names with <link rel="alternate">, as absolute http(s) URLs."""
    finder = _Alternates()
    with contextlib.suppress(AssertionError, ValueError):  # html.parser is forgiving
        finder.feed(page[:2_000_000].decode("utf-8", "replace"))
    return [url for url in dict.fromkeys(_link(href, base) for href in finder.found) if url]


def host_of(url: str) -> str:
    return (urlsplit(url).hostname or "").removeprefix("www.")
