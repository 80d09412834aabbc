"""Each feed's entries, kept between fetches: a feed lists only its latest items, but a story
stays while any source of it is younger than keep_days. One JSON file per feed in the feeds
folder's `.entries/` (a dot-folder: the card scan skips it), written atomically."""

from __future__ import annotations

import contextlib
import hashlib
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..core.files import write_atomically
from .parse import Entry, Parsed


def _file(folder: Path, feed: str) -> Path:
    return folder / ".entries" / (hashlib.sha256(feed.encode()).hexdigest()[:24] + ".json")


def load(folder: Path, feed: str) -> dict[str, Any] | None:
    try:
        data = json.loads(_file(folder, feed).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def merge(folder: Path, feed: str, parsed: Parsed, now: float, keep_days: float) -> int:
    """Keep this fetch's entries with the earlier ones still young enough; how many entries
    are new or changed (0: nothing to write)."""
    old = load(folder, feed) or {}
    before: dict[str, dict[str, Any]] = {item["entry"]["id"]: item for item in old.get("items", [])
                                         if isinstance(item, dict) and isinstance(item.get("entry"), dict)
                                         and "id" in item["entry"]}
    changed = 0
    items: dict[str, dict[str, Any]] = {}
    for entry in parsed.entries:
        data = entry.as_json()
        earlier = before.get(entry.id)
        if earlier is None or earlier["entry"] != data:
            changed += 1
        items[entry.id] = {"entry": data,
                           "first_seen": earlier["first_seen"] if earlier else now}
    oldest = now - keep_days * 86_400
    for ident, item in before.items():
        if ident not in items and _age(item["entry"].get("published"), item.get("first_seen")) >= oldest:
            items[ident] = item
    dropped = len(before) - sum(1 for ident in before if ident in items)
    if changed or dropped or parsed.title != old.get("title"):
        _save(_file(folder, feed), {"feed": feed, "title": parsed.title, "site": parsed.site,
                                    "items": list(items.values())})
    return changed + dropped


def forget(folder: Path, feed: str) -> None:
    with contextlib.suppress(OSError):
        _file(folder, feed).unlink()


def every(folder: Path, feeds: dict[str, str], now: float,
          keep_days: float) -> Iterator[tuple[str, str, str, Entry, float]]:
    """(feed, its title, its site, entry, first seen) of every feed subscribed to, younger than
    keep_days."""
    oldest = now - keep_days * 86_400
    for feed in feeds:
        data = load(folder, feed)
        if data is None:
            continue
        for item in data.get("items", []):
            entry = Entry.from_json(item.get("entry", {})) if isinstance(item, dict) else None
            first_seen = item.get("first_seen") if isinstance(item, dict) else None
            if entry is None or not isinstance(first_seen, int | float):
                continue
            if _age(entry.published, first_seen) >= oldest:
                yield feed, str(data.get("title", "")), str(data.get("site", "")), entry, first_seen


def _age(published: object, first_seen: object) -> float:
    """When an entry counts from for keep_days: the later of its date and its first sighting,
    so a feed subscribed today shows its last items, even old ones, for keep_days."""
    times = [value for value in (published, first_seen) if isinstance(value, int | float)]
    return max(times) if times else 0.0


def _save(path: Path, data: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomically(path, json.dumps(data, ensure_ascii=False).encode("utf-8"))
