"""The rules for a card's fields: a wrong type counts as missing, never as an exception.

Full cards (parse.card_from_mapping) and slim entries (parse.entry_from_mapping) both read their
fields through these functions, so the list and the story pane can never disagree on a value.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from .card import Image, Provider, Related
from .dates import parse_date
from .sanitize import clean_line, clean_name, clean_text
from .urls import MAX_URL_LENGTH

MAX_TOPICS = 50
MAX_IMAGES = 20
MAX_RELATED = 100
TITLE_LIMIT = 1_000
EXCERPT_LIMIT = 20_000
SEARCH_EXCERPT_LIMIT = 500  # how much of the excerpt search looks at (the index keeps it, folded)
TOPIC_LIMIT = 80
LINK_FIELDS = ("webUrl", "ampWebUrl", "cdnAmpWebUrl")
"""Where a card keeps its links, in the order the reader falls back through them."""


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
    return clean_line(value, limit) if value else ""


def url_field(data: Mapping[Any, Any], key: str) -> str:
    """A link as written (checked when used); '' when it is not text."""
    value = data.get(key)
    if not isinstance(value, str):
        return ""
    # Never cut a link to fit (a cut link opens somewhere else): one over the limit is kept one
    # character too long, and urls.refusal refuses it by its length.
    return clean_line(value[: MAX_URL_LENGTH + 1], MAX_URL_LENGTH + 2)


def score_field(data: Mapping[Any, Any], key: str) -> int | None:
    """An integer score clamped to 0-100; None for anything that is not a finite number."""
    value = data.get(key)
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return max(0, min(100, round(value)))


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
    return Provider(clean_line(text, 200) if text else "", "")


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
        name = clean_name(text, TOPIC_LIMIT) if text else ""
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
        web, amp, cdn = (url_field(item, key) for key in LINK_FIELDS)
        if not (title or web or amp or cdn):
            continue
        excerpt = item.get("excerpt")
        related.append(
            Related(
                title=title or "(untitled)",
                excerpt=clean_text(excerpt, 2_000) if isinstance(excerpt, str) else "",
                published=parse_date(item.get("publishedDateTime")),
                web_url=web,
                amp_url=amp,
                cdn_amp_url=cdn,
                provider=provider_field(item.get("provider")),
                quality=score_field(item, "quality"),
            )
        )
    return tuple(related)
