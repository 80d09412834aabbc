"""The sort orders of the list: their names, labels, and the keys that order entries.

Every key is a total order over any entries (unknown dates and missing scores sort last), so a
view is deterministic whatever a card folder holds. The config, `newsreader list --sort` and the
reader's `s` key all take their names from here.
"""

from __future__ import annotations

import locale
import math
from collections.abc import Callable, Mapping
from functools import partial
from typing import Any

from .card import Entry
from .folding import fold
from .scores import rank

SORTS: tuple[str, ...] = ("heat", "hot", "date", "quality", "title", "rising")
SORT_LABELS = {"heat": "heat", "hot": "hot", "rising": "rising", "date": "newest",
               "quality": "quality", "title": "title"}
SORT_NAMES = {**{sort: sort for sort in SORTS}, "newest": "date"}
"""What `newsreader list --sort` and the config accept: every sort, and 'newest' for date."""
HALF_LIFE = 24 * 3600.0
"""Hot sort: a story's heat halves every 24 hours of age, so yesterday's 99 sinks below today's 80."""


def hot_score(entry: Entry, now: float) -> float:
    """Heat decayed by age (half-life 24 h); an undated card scores 0, a future one its heat,
    a card without heat -inf (below every card with heat)."""
    return hot_of(entry.heat, entry.when, now)


def hot_of(heat: float | None, when: float, now: float) -> float:
    """hot_score of a heat (None: none) and a time."""
    if heat is None:
        return -math.inf
    if when == -math.inf:
        return 0.0
    return float(heat * 0.5 ** (max(0.0, now - when) / HALF_LIFE))


def copy_rank(entry: Entry) -> tuple[Any, ...]:
    """Which copy of a story the list shows: the hottest, then the newest, then by path."""
    return (-rank(entry.heat), -entry.when, entry.path)


def _heat_key(entry: Entry) -> tuple[Any, ...]:
    return (-rank(entry.heat), -entry.when, entry.title.casefold(), entry.path)


def _date_key(entry: Entry) -> tuple[Any, ...]:
    return (-entry.when, -rank(entry.heat), entry.title.casefold(), entry.path)


def _quality_key(entry: Entry) -> tuple[Any, ...]:
    return (-rank(entry.quality), -rank(entry.heat), -entry.when, entry.title.casefold(),
            entry.path)


def title_order(title: str) -> str:
    """How a title sorts: leading quotes and punctuation do not count ('"Quoted" story' sorts
    under Q), nor case and accents, and the user's locale collates the rest (LC_COLLATE; the
    code point order where the locale has no rules)."""
    start = next((position for position, ch in enumerate(title) if ch.isalnum()), 0)
    return locale.strxfrm(fold(title[start:]))


def _title_key(entry: Entry) -> tuple[Any, ...]:
    return (title_order(entry.title), entry.title.casefold(), -rank(entry.heat), -entry.when,
            entry.path)


def hot_key(entry: Entry, now: float) -> tuple[Any, ...]:
    return (-hot_score(entry, now), -rank(entry.heat), -entry.when, entry.title.casefold(),
            entry.path)


def hot_fast(entry: Entry, now: float) -> float:
    return -hot_score(entry, now)


Baseline = Mapping[str, float]
"""Each story's heat when the session began (or when it arrived since): what rising compares."""


def gain(entry: Entry, baseline: Baseline) -> float:
    """Heat gained since the baseline: a story with no baseline gained nothing yet, a card
    without heat ranks below every card with heat (-inf)."""
    if entry.heat is None:
        return -math.inf
    return float(entry.heat) - baseline.get(entry.story, float(entry.heat))


def rising_key(entry: Entry, baseline: Baseline) -> tuple[Any, ...]:
    return (-gain(entry, baseline), -rank(entry.heat), -entry.when, entry.title.casefold(),
            entry.path)


def rising_fast(entry: Entry, baseline: Baseline) -> float:
    return -gain(entry, baseline)


_SPAN = 1e12
"""Room per whole heat value in the heat sort's float key, above every date's place in it."""
_ABOVE_EVERY_DATE = 5e11 + 1


def heat_fast(entry: Entry) -> float:
    """One float that orders cards as the heat key does, or ties them (never the wrong way):
    a whole heat value times _SPAN plus the date (seconds since the epoch clamped to datetime's
    +-2e11 and shifted to 1e11..5e11; 0 when unknown). A heat with a fraction (12.5) takes the
    slot above every date of its whole part, so 12.5 and 12.3 tie and their full keys order
    them, while 12.5 still comes before every 12 and after every 13. No heat: last."""
    return heat_fast_of(entry.heat, entry.when)


def heat_fast_of(heat: float | None, when: float) -> float:
    """heat_fast of a heat (None: none) and a time."""
    if heat is None:
        return math.inf
    if isinstance(heat, int) or heat.is_integer():  # real cards: one call-free sum
        if when == -math.inf:
            return -heat * _SPAN
        return -(heat * _SPAN + (2e11 if when > 2e11 else -2e11 if when < -2e11 else when) + 3e11)
    return -(math.floor(heat) * _SPAN + _ABOVE_EVERY_DATE)


# A float per entry sorts 100,000 cards several times faster than the full key (no casefold, no
# tuples, one comparison); equal floats are then ordered by the full key (Library._break_ties),
# so the order is the same. A fast key only has to never put two cards the wrong way round.
FAST_KEYS: dict[str, Callable[[Entry], float]] = {
    "heat": heat_fast,
    "date": lambda entry: -entry.when,
    "quality": lambda entry: -rank(entry.quality),
}

SORT_KEYS: dict[str, Callable[[Entry], tuple[Any, ...]]] = {
    "heat": _heat_key,
    "date": _date_key,
    "quality": _quality_key,
    "title": _title_key,
}


def order_stamp(sort: str, now: float, baseline_version: int) -> int | None:
    """What a kept order of this sort holds for: hot's the hour (it decays heat to the time),
    rising's the baseline's version; None: it always holds."""
    if sort == "hot":
        return int(now // 3600)
    return baseline_version if sort == "rising" else None


def expired(sort: str, now: float, baseline_version: int, stamps: dict[str, int | None]) -> bool:
    """True when a library's kept order of this sort no longer holds (and note, in its
    `stamps`, what the next one is worked out for)."""
    stamp = order_stamp(sort, now, baseline_version)
    if stamps.get(sort) == stamp:
        return False
    stamps[sort] = stamp
    return True


def keys_for(sort: str, now: float, baseline: Baseline | None = None,
             ) -> tuple[Callable[[Entry], Any], Callable[[Entry], float] | None]:
    """(the full key, the fast float key or None) that order entries by `sort` at time `now`
    (rising: against the baseline heats, none meaning that nothing has risen)."""
    if sort == "hot":
        return partial(hot_key, now=now), partial(hot_fast, now=now)
    if sort == "rising":
        base = {} if baseline is None else baseline  # (a Baseline counts itself whole)
        return partial(rising_key, baseline=base), partial(rising_fast, baseline=base)
    return SORT_KEYS[sort], FAST_KEYS.get(sort)
