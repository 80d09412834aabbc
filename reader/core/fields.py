"""The rules for a card's fields: a wrong type counts as missing, never as an exception.

Full cards (parse.card_from_mapping) and slim entries (parse.entry_from_mapping) both read their
fields through these functions, so the list and the story pane can never disagree on a value.
"""

from __future__ import annotations

import html
import math
from collections.abc import Mapping
from html.parser import HTMLParser
from typing import Any

from .card import LINK_NAMES, Image, Provider, Related
from .dates import parse_date
from .sanitize import clean_line, clean_name, clean_text
from .scores import Score, score_of
from .urls import MAX_URL_LENGTH, is_openable

MAX_TOPICS = 50
MAX_IMAGES = 20
MAX_RELATED = 100
TITLE_LIMIT = 1_000
EXCERPT_LIMIT = 20_000
SEARCH_EXCERPT_LIMIT = 500  # how much of the excerpt search looks at (the index keeps it, folded)
TOPIC_LIMIT = 80
FEATURED_LIMIT = 20_000
"""How much of a featuredContent snippet is looked at for its iframe."""


def decoded(value: str) -> str:
    """Text with its HTML character references decoded, once (we&#8217;re -> we’re, &amp;amp;
    -> &amp;). Done before the cleaning, so &#27; cannot smuggle an ESC past it, and never
    markup: &lt;b&gt; shows as <b>, literally."""
    return html.unescape(value) if "&" in value else value


def _scalar_text(value: object) -> str | None:
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float) and math.isfinite(value):
        return repr(value)
    return None


def text_field(data: Mapping[Any, Any], key: str, limit: int = 500) -> str:
    """A one-line field: text (numbers shown as text), or '' when missing or not a scalar."""
    value = _scalar_text(data.get(key))
    return clean_line(decoded(value[: limit * 8]), limit) if value else ""


def excerpt_field(data: Mapping[Any, Any], limit: int) -> str:
    """Wrapped text (paragraphs kept, runs of spaces as one), or ''."""
    value = data.get("excerpt")
    return clean_text(decoded(value[: limit * 8]), limit) if isinstance(value, str) else ""


def url_field(data: Mapping[Any, Any], key: str) -> str:
    """A link as written (checked when used); '' when it is not text."""
    value = data.get(key)
    if not isinstance(value, str):
        return ""
    # Never cut a link to fit (a cut link opens somewhere else): one over the limit is kept one
    # character too long, and urls.refusal refuses it by its length.
    return clean_line(value[: MAX_URL_LENGTH + 1], MAX_URL_LENGTH + 2)


def links_field(data: Mapping[Any, Any]) -> tuple[str, str, str, str]:
    """The links as written, in LINK_NAMES order."""
    web, original, amp, cdn = (url_field(data, key) for key in LINK_NAMES)
    return web, original, amp, cdn


def score_field(data: Mapping[Any, Any], key: str) -> Score | None:
    """A score as written (scores.py): never clamped; None when it is not a usable number."""
    return score_of(data.get(key))


class _Frames(HTMLParser):
    """The src of each iframe in a snippet of HTML (read, never rendered)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.sources: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "iframe":
            self.sources += [value for name, value in attrs if name == "src" and value]


def video_field(data: Mapping[Any, Any]) -> str:
    """The first http(s) iframe src of featuredContent (a protocol-relative //host/... is
    taken as https), or ''."""
    value = data.get("featuredContent")
    if not isinstance(value, str) or "iframe" not in value.lower():
        return ""
    frames = _Frames()
    try:
        frames.feed(value[:FEATURED_LIMIT])
        frames.close()
    except (ValueError, AssertionError):  # nothing in a card's HTML may stop the card loading
        pass
    for source in frames.sources:
        url = clean_line(source.strip()[: MAX_URL_LENGTH + 1], MAX_URL_LENGTH + 2)
        if url.startswith("//"):
            url = "https:" + url
        if is_openable(url):
            return url
    return ""


def flag_field(data: Mapping[Any, Any], key: str, default: bool) -> bool:
    """A yes/no field; YAML 1.1 spellings (yes, no, on, off) are understood too."""
    value = data.get(key)
    if isinstance(value, bool):
        return value
    if isinstance(value, str):
        word = value.strip().lower()
        if word in {"true", "yes", "on", "y"}:
            return True
        if word in {"false", "no", "off", "n"}:
            return False
    return default


def provider_field(value: object) -> Provider:
    """A provider mapping, or a bare name."""
    if isinstance(value, Mapping):
        return Provider(text_field(value, "name", 200), text_field(value, "domain", 253).lower())
    text = _scalar_text(value)
    return Provider(clean_line(decoded(text[:1600]), 200) if text else "", "")


def topics_field(value: object) -> tuple[str, ...]:
    """Topic names: a list, or one comma-separated string; cleaned, de-duplicated ignoring case."""
    if isinstance(value, str):
        items: list[object] = list(value.split(","))
    elif isinstance(value, list):
        items = value[: MAX_TOPICS * 2]
    else:
        return ()
    topics: list[str] = []
    seen: set[str] = set()
    for item in items:
        text = _scalar_text(item)
        name = clean_name(decoded(text[: TOPIC_LIMIT * 8]), TOPIC_LIMIT) if text else ""
        if name and name.casefold() not in seen:
            seen.add(name.casefold())
            topics.append(name)
            if len(topics) >= MAX_TOPICS:
                break
    return tuple(topics)


def _dimension(value: object) -> int | None:
    if isinstance(value, bool) or not isinstance(value, int):
        return None
    return value if 0 < value < 1_000_000 else None


def images_field(value: object) -> tuple[Image, ...]:
    """Pictures with a URL; anything else in the list is passed over."""
    if not isinstance(value, list):
        return ()
    images = []
    for item in value[:MAX_IMAGES]:
        if isinstance(item, Mapping) and (url := url_field(item, "url")):
            images.append(
                Image(url, _dimension(item.get("width")), _dimension(item.get("height")),
                      text_field(item, "title", 300))
            )
    return tuple(images)


def related_field(value: object) -> tuple[Related, ...]:
    """Other coverage: mappings with a title or a link; anything else is passed over."""
    if not isinstance(value, list):
        return ()
    related = []
    for item in value[:MAX_RELATED]:
        if not isinstance(item, Mapping):
            continue
        title = text_field(item, "title", TITLE_LIMIT)
        web, original, amp, cdn = links_field(item)
        if not (title or web or original or amp or cdn):
            continue
        related.append(
            Related(
                title=title or "(untitled)",
                excerpt=excerpt_field(item, 2_000),
                published=parse_date(item.get("publishedDateTime")),
                web_url=web,
                original_url=original,
                amp_url=amp,
                cdn_amp_url=cdn,
                provider=provider_field(item.get("provider")),
                quality=score_field(item, "quality"),
            )
        )
    return tuple(related)
