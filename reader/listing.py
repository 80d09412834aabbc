"""What `newsreader list` prints of a card: a tab-separated line, or a JSON object."""

from __future__ import annotations

from typing import Any

from .core.card import Entry
from .core.sanitize import printable_path
from .core.scores import score_text
from .core.urls import is_openable


def entry_json(entry: Entry) -> dict[str, Any]:
    """One card for `list --json`: scores as written (null when missing), a link only when it
    may be opened (http/https), every string as the reader shows it."""
    published = None
    if entry.published is not None:
        published = entry.published.isoformat().replace("+00:00", "Z")
    return {
        "title": entry.title,
        "url": entry.url if is_openable(entry.url) else None,
        "heat": entry.heat,
        "quality": entry.quality,
        "published": published,
        "provider": entry.provider,
        "domain": entry.domain,
        "topics": list(entry.topics),
        "video": entry.video,
        "public": entry.public,
        "path": printable_path(entry.path),
    }


def entry_line(entry: Entry) -> str:
    """One card for `list`: heat, date, provider, title and link, separated by tabs."""
    date = entry.published.date().isoformat() if entry.published else "----------"
    url = entry.url if is_openable(entry.url) else "-"
    heat = score_text(entry.heat, "-")
    return "\t".join((f"{heat:>3}", date, entry.provider or "-", entry.title, url))
