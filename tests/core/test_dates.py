"""Dates in any spelling become aware UTC datetimes, or 'date unknown'."""

from datetime import UTC, date, datetime

import pytest

from reader.core.dates import local_text, parse_date, relative_age, timestamp

NOW = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2020-02-12T04:00:00Z", datetime(2020, 2, 12, 4, tzinfo=UTC)),
        ("2020-02-12T05:00:00+01:00", datetime(2020, 2, 12, 4, tzinfo=UTC)),
        ("2020-02-12 04:00", datetime(2020, 2, 12, 4, tzinfo=UTC)),
        ("Wed, 12 Feb 2020 04:00:00 GMT", datetime(2020, 2, 12, 4, tzinfo=UTC)),
        ("2020-02-12", datetime(2020, 2, 12, tzinfo=UTC)),
        (date(2020, 2, 12), datetime(2020, 2, 12, tzinfo=UTC)),
        (datetime(2020, 2, 12, 4), datetime(2020, 2, 12, 4, tzinfo=UTC)),
        (0, datetime(1970, 1, 1, tzinfo=UTC)),
    ],
)
def test_spellings_of_a_date(value: object, expected: datetime) -> None:
    assert parse_date(value) == expected


@pytest.mark.parametrize(
    "value", ["2020-02-30", "yesterday-ish", "", None, True, [2020], float("nan"), 1e300, "9" * 200]
)
def test_unreadable_dates_are_unknown(value: object) -> None:
    assert parse_date(value) is None


def test_unknown_dates_sort_last_and_read_as_unknown() -> None:
    assert timestamp(None) < timestamp(datetime(1, 1, 1, tzinfo=UTC))
    assert local_text(None) == "date unknown"
    assert relative_age(None, NOW) == "?"


def test_relative_ages() -> None:
    assert relative_age(datetime(2020, 2, 12, 4, tzinfo=UTC), NOW) == "6 y"
    assert relative_age(datetime(2026, 11, 26, 9, tzinfo=UTC), NOW) == "3 h"
    assert relative_age(datetime(2026, 11, 26, 11, 59, 30, tzinfo=UTC), NOW) == "now"
    assert relative_age(datetime(2026, 11, 26, 14, tzinfo=UTC), NOW) == "in 2 h"


def test_extreme_years_do_not_break_display() -> None:
    for year in (1, 9999):
        moment = datetime(year, 6, 1, tzinfo=UTC)
        assert str(year).zfill(4) in local_text(moment)
        relative_age(moment, NOW)
