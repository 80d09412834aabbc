"""Heat and quality: numbers as a card writes them, unbounded, and how they sort and show.

Published cards carry heat from -1 to 189 and more, as integers or floats; older cards carry
none. A score is kept as written (an int stays an int), NaN and infinities count as missing, and
so does a number beyond +-MAX_SCORE (no real score is that big, and it keeps every sum and
comparison in float range). A missing score sorts below every score.
"""

from __future__ import annotations

import math

Score = int | float
MAX_SCORE = 10**15
_SUFFIXES = (("k", 1e3), ("M", 1e6), ("G", 1e9), ("T", 1e12), ("P", 1e15))


def score_of(value: object) -> Score | None:
    """The score a field holds, or None for anything that is not a finite number in range."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if not -MAX_SCORE <= value <= MAX_SCORE:
        return None
    return value


def rank(score: Score | None) -> float:
    """A sort value: the score, or -inf when there is none (so missing sorts last)."""
    return -math.inf if score is None else score


def score_text(score: Score | None, missing: str = "–") -> str:
    """The score as a person reads it: 189, -1, 12.5 (a float that is whole shows without .0)."""
    if score is None:
        return missing
    if isinstance(score, float):
        if score.is_integer():
            return str(int(score))
        text = f"{score:.2f}".rstrip("0").rstrip(".")
        return "0" if text == "-0" else text
    return str(score)


def short_score(score: Score | None, width: int = 4) -> str:
    """The score in at most `width` characters, for a list column: 189, -1, 12.5, 13k, 1.2M."""
    text = score_text(score)
    if len(text) <= width:
        return text
    if isinstance(score, float) and abs(score) < 10 ** (width - 1):
        text = str(round(score))  # 123.45 -> 123
        if len(text) <= width:
            return text
    assert score is not None  # score_text("–") fits any width of 1 and more
    for suffix, scale in _SUFFIXES:
        for digits in (1, 0):
            short = f"{score / scale:.{digits}f}".rstrip("0").rstrip(".") if digits else \
                f"{score / scale:.0f}"
            if len(short) + 1 <= width and short not in ("0", "-0"):
                return short + suffix
    return text[:width]
