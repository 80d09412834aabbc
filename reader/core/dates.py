"""Publication dates: read any spelling a feed uses, show them local and relative, order them totally."""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta

Clock = Callable[[], datetime]


def utc_now() -> datetime:
    """The real clock; tests inject a frozen one instead."""
    return datetime.now(UTC)


def _parse_text(text: str) -> datetime:
    try:
        return datetime.fromisoformat(text)  # the common case, ~50x faster than dateutil
    except ValueError:
        from dateutil import parser as dateparser  # imported when first needed: 20 ms a start

        return dateparser.parse(text)


def parse_date(value: object) -> datetime | None:
    """An aware UTC datetime from a YAML value, or None when it is not a date we can trust."""
    try:
        if isinstance(value, bool):
            return None
        if isinstance(value, datetime):
            moment = value
        elif isinstance(value, date):
            moment = datetime.combine(value, time())
        elif isinstance(value, int | float):
            if not math.isfinite(value):
                return None
            moment = datetime.fromtimestamp(value, UTC)
        elif isinstance(value, str) and 0 < len(value.strip()) <= 100:
            moment = _parse_text(value.strip())
        else:
            return None
        if moment.tzinfo is None:
            return moment.replace(tzinfo=UTC)
        return moment.astimezone(UTC)
    except (ValueError, OverflowError, OSError, TypeError, ArithmeticError):
        return None


def timestamp(moment: datetime | None) -> float:
    """Seconds since the epoch, or -inf for an unknown date, so that unknown dates sort last."""
    if moment is None:
        return -math.inf
    try:
        return moment.timestamp()
    except (OverflowError, ValueError, OSError):
        return -math.inf


def from_timestamp(seconds: float) -> datetime | None:
    """The inverse of timestamp(): an aware UTC datetime, or None for -inf (unknown)."""
    if not math.isfinite(seconds):
        return None
    try:
        return datetime.fromtimestamp(seconds, UTC)
    except (OverflowError, ValueError, OSError):
        return None


def relative_age(moment: datetime | None, now: datetime) -> str:
    """A short age such as '5 m', '3 h', '2 d', '4 mo', '6 y'; 'in 2 h' for the future."""
    if moment is None:
        return "?"
    try:
        delta = now - moment
    except OverflowError:
        return "?"
    future = delta < timedelta(0)
    seconds = abs(delta.total_seconds())
    for size, unit in ((31_557_600, "y"), (2_629_800, "mo"), (86_400, "d"), (3_600, "h"), (60, "m")):
        if seconds >= size:
            text = f"{int(seconds // size)} {unit}"
            break
    else:
        return "now"
    return f"in {text}" if future else text


def age_text(moment: datetime | None, now: datetime) -> str:
    """'6 y ago', 'in 3 y' (a future date), 'now', or 'date unknown'."""
    if moment is None:
        return "date unknown"
    age = relative_age(moment, now)
    return age if age in ("now", "?") or age.startswith("in ") else f"{age} ago"


def short_age(moment: datetime | None, now: datetime, width: int = 6) -> str:
    """relative_age in at most `width` characters, for a list column: '5 m', '10 mo', 'in 3 y',
    '+10 mo' (a future date that does not fit 'in …')."""
    age = relative_age(moment, now)
    if len(age) > width and age.startswith("in "):
        age = "+" + age[3:]
    return age[:width]


def when_text(moment: datetime | None, now: datetime) -> str:
    """The date in local time and its age: '2020-02-12 04:00 UTC (6 y ago)', '… (in 3 y)'."""
    if moment is None:
        return "date unknown"
    return f"{local_text(moment)} ({age_text(moment, now)})"


def local_text(moment: datetime | None) -> str:
    """The date in the user's local time zone, e.g. '2020-02-12 04:00 UTC'; 'date unknown' when absent."""
    if moment is None:
        return "date unknown"
    try:
        local = moment.astimezone()
    except (OverflowError, ValueError, OSError):
        local = moment
    stamp = f"{local.year:04d}-{local.month:02d}-{local.day:02d} {local.hour:02d}:{local.minute:02d}"
    return f"{stamp} {local.tzname() or 'UTC'}"
