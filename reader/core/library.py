"""The cards a reader holds, their topics, and views of them: ordered index lists, never copies."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from .card import Entry

SORTS: tuple[str, ...] = ("heat", "date", "quality", "title")
SORT_LABELS = {"heat": "heat", "date": "newest", "quality": "quality", "title": "title"}


def _heat_key(entry: Entry) -> tuple[Any, ...]:
    return (-entry.heat, -entry.when, entry.title.casefold(), entry.path)


def _date_key(entry: Entry) -> tuple[Any, ...]:
    return (-entry.when, -entry.heat, entry.title.casefold(), entry.path)


def _quality_key(entry: Entry) -> tuple[Any, ...]:
    quality = -1 if entry.quality is None else entry.quality
    return (-quality, -entry.heat, -entry.when, entry.title.casefold(), entry.path)


def _title_key(entry: Entry) -> tuple[Any, ...]:
    return (entry.title.casefold(), -entry.heat, -entry.when, entry.path)


SORT_KEYS: dict[str, Callable[[Entry], tuple[Any, ...]]] = {
    "heat": _heat_key,
    "date": _date_key,
    "quality": _quality_key,
    "title": _title_key,
}


class Library:
    """Entries in load order, with cached orders per sort and topic membership.

    Every key is a total order over any entries (unknown dates sort last, scores are ints), so a
    view is deterministic whatever a card folder holds.
    """

    def __init__(self, entries: Iterable[Entry] = (), *, include_unpublished: bool = False) -> None:
        self.include_unpublished = include_unpublished
        self.entries: list[Entry] = []
        self.hidden_unpublished = 0
        self._topic_names: dict[str, str] = {}
        self._topic_counts: Counter[str] = Counter()
        self._members: dict[str, list[int]] = {}
        self._orders: dict[str, list[int]] = {}
        self._ranks: dict[str, list[int]] = {}
        self.extend(entries)

    def __len__(self) -> int:
        return len(self.entries)

    def __getitem__(self, index: int) -> Entry:
        return self.entries[index]

    def extend(self, entries: Iterable[Entry]) -> None:
        """Add entries (cards not public yet are counted and left out unless asked for)."""
        for entry in entries:
            if not entry.public and not self.include_unpublished:
                self.hidden_unpublished += 1
                continue
            index = len(self.entries)
            self.entries.append(entry)
            for topic in entry.topics:
                key = topic.casefold()
                self._topic_names.setdefault(key, topic)
                self._topic_counts[key] += 1
                self._members.setdefault(key, []).append(index)
        self._orders.clear()
        self._ranks.clear()

    def topics(self) -> list[tuple[str, int]]:
        """(name, card count) for each topic, alphabetical ignoring case."""
        return [
            (self._topic_names[key], self._topic_counts[key])
            for key in sorted(self._topic_counts)
        ]

    def order(self, sort: str = "heat") -> list[int]:
        """Every entry's index, in the given sort order (computed once per sort)."""
        if sort not in self._orders:
            key = SORT_KEYS[sort]
            keys = [key(entry) for entry in self.entries]
            order = sorted(range(len(keys)), key=keys.__getitem__)
            self._orders[sort] = order
        return self._orders[sort]

    def _rank(self, sort: str) -> list[int]:
        if sort not in self._ranks:
            rank = [0] * len(self.entries)
            for position, index in enumerate(self.order(sort)):
                rank[index] = position
            self._ranks[sort] = rank
        return self._ranks[sort]

    def view(self, topic: str | None = None, sort: str = "heat") -> Sequence[int]:
        """Entry indices for a topic (None: all), in sort order."""
        if topic is None:
            return self.order(sort)
        members = self._members.get(topic.casefold(), [])
        return sorted(members, key=self._rank(sort).__getitem__)
