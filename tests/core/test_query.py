"""The search language: words, phrases, exclusions, qualifiers, and errors said in words."""

from __future__ import annotations

import atexit
import itertools
import re
import shutil
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from reader.core.card import Entry
from reader.core.dates import timestamp
from reader.core.db import Library
from reader.core.folding import fold
from reader.core.query import Marks, QueryError, parse
from tests.conftest import NOW
from tests.oracle import library_of
from tests.oracle_query import python_filter


def card(title: str, *, heat: int = 50, quality: int | None = 50, hours: float | None = 1,
         provider: str = "The Financial Times", domain: str = "ft.com",
         topics: tuple[str, ...] = ("AI",), excerpt: str = "") -> Entry:
    when = timestamp(NOW - timedelta(hours=hours)) if hours is not None else float("-inf")
    search = fold(" \n ".join((title, excerpt, provider, domain, *topics))).encode()
    return Entry(path=f"/{title}", title=title, url=f"https://x.test/{title}", heat=heat,
                 quality=quality, when=when, provider=provider, domain=domain, topics=topics,
                 public=True, video=False, search=search, story=f"https://x.test/{title}")


CARDS = [
    card("Met Police rolls out live facial recognition", heat=99, topics=("AI", "Computer Vision")),
    card("Police drop facial recognition app", heat=45, provider="News & Observer",
         domain="newsobserver.com", topics=("Privacy",)),
    card("Café owners back the scheme", heat=70, hours=30, topics=("AI",),
         excerpt="A live débat in London"),
    card("Uber police partnership", heat=80, quality=None, hours=None, topics=("AI",)),
]


def titles(text: str, marks: Marks | None = None) -> list[str]:
    """The cards the query keeps: in SQL (the product), held equal to the Python reference."""
    query = parse(text, marks, NOW)
    expected = [CARDS[i].title for i in python_filter(query, CARDS, range(len(CARDS)))]
    if not _LIBRARY:
        folder = Path(tempfile.mkdtemp())
        atexit.register(shutil.rmtree, folder, ignore_errors=True)
        _LIBRARY.append(library_of(CARDS, folder))
    library = _LIBRARY[0]
    library.sync_marks(query.marks, next(_VERSIONS))
    assert [library[n].title for n in library.filter(query, library.ids)] == expected, text
    return expected


_LIBRARY: list[Library] = []
_VERSIONS = itertools.count(1)


def test_all_words_must_match_ignoring_case_and_accents() -> None:
    assert titles("POLICE facial") == [CARDS[0].title, CARDS[1].title]
    assert titles("cafe") == [CARDS[2].title]
    assert titles("debat london") == [CARDS[2].title]  # the excerpt counts
    assert titles("financial") == [CARDS[0].title, CARDS[2].title, CARDS[3].title]


def test_phrases_and_exclusions() -> None:
    assert titles('"live facial"') == [CARDS[0].title]
    assert titles("police -uber") == [CARDS[0].title, CARDS[1].title]
    assert titles('police -"drop facial"') == [CARDS[0].title, CARDS[3].title]


def test_the_issue_example() -> None:
    assert titles("topic:ai heat>50 -police") == [CARDS[2].title]


def test_qualifiers() -> None:
    assert titles("topic:computer") == []
    assert titles('topic:"computer vision"') == [CARDS[0].title]
    assert titles("provider:ft.com") == [CARDS[0].title, CARDS[2].title, CARDS[3].title]
    assert titles("provider:observer") == [CARDS[1].title]
    assert titles("heat:40..80") == [CARDS[1].title, CARDS[2].title, CARDS[3].title]
    assert titles("heat>=80") == [CARDS[0].title, CARDS[3].title]
    assert titles("quality>=50") == [CARDS[0].title, CARDS[1].title, CARDS[2].title]
    assert titles("quality<60") == [CARDS[0].title, CARDS[1].title, CARDS[2].title]
    assert titles("newer:24h") == [CARDS[0].title, CARDS[1].title]
    assert titles("older:1d") == [CARDS[2].title]  # an undated card is neither newer nor older
    after = (NOW - timedelta(hours=2)).date().isoformat()
    assert titles(f"after:{after}") == [CARDS[0].title, CARDS[1].title]


def test_state_qualifiers() -> None:
    marks = Marks(read={CARDS[0].story}, starred={CARDS[3].story})
    assert titles("is:read", marks) == [CARDS[0].title]
    assert titles("is:unread police", marks) == [CARDS[1].title, CARDS[3].title]
    assert titles("is:starred", marks) == [CARDS[3].title]
    assert titles("-is:starred -is:read", marks) == [CARDS[1].title, CARDS[2].title]


@pytest.mark.parametrize(("text", "says"), [
    ('"open phrase', "quote is not closed"),
    ("colour:red", "unknown qualifier 'colour:'"),
    ("heat>hot", "needs a number"),
    ("heat:80..40", "low to high"),
    ("newer:soon", "an age like"),
    ("after:someday", "a date like"),
    ("is:fresh", "unread, read, starred or new"),
    ("topic:", "needs a value"),
    ("topic>ai", "takes ':'"),
])
def test_malformed_queries_say_what_is_wrong(text: str, says: str) -> None:
    with pytest.raises(QueryError, match=says):
        parse(text, None, NOW)


def test_empty_query_keeps_everything_and_words_are_folded_for_highlighting() -> None:
    assert titles("   ") == [c.title for c in CARDS]
    assert parse('Café "Live FACIAL" topic:ai', None, NOW).words == ["cafe", "live facial"]


def test_time_of_parse_is_the_clock_given() -> None:
    later = NOW + timedelta(days=2)
    assert python_filter(parse("newer:24h", None, later), CARDS, range(4)) == []
    assert datetime(2026, 11, 26, 12, tzinfo=UTC) == NOW


@pytest.mark.parametrize(("before", "after", "narrows"), [
    ("pol", "police", True),
    ("police", "police fa", True),
    ("police", "police -uber", True),
    ("police fa", "police facial topic:ai", True),
    ("-ub", "-uber", False),            # an exclusion typed further lets more cards in
    ("heat>4", "heat>40", False),       # a qualifier's value changed
    ('"live f', '"live fa"', False),
    ("police", "polic", False),
    ("police facial", "police", False),
    ("", "police", False),
])
def test_which_queries_narrow_the_last_one(before: str, after: str, narrows: bool) -> None:
    if before.count('"') % 2:
        return  # an open quote is an error, there is no last result to narrow
    assert parse(after, None, NOW).narrows(parse(before, None, NOW)) is narrows


def test_narrowing_gives_the_same_answer_as_filtering_everything() -> None:
    typed = 'police facial -uber topic:ai heat>40 "live fa"'
    CARDS.append(card("Live facial police", heat=60, topics=("AI",)))
    everything = list(range(len(CARDS)))
    last = parse("", None, NOW)
    result = everything
    try:
        for end in range(1, len(typed) + 1):
            try:
                query = parse(typed[:end], None, NOW)
            except QueryError:
                continue  # the reader keeps the last good result, and so does this loop
            if query.narrows(last):
                result = python_filter(query, CARDS, result, after=last)
            else:
                result = python_filter(query, CARDS, everything)
            assert result == python_filter(query, CARDS, everything), typed[:end]
            last = query
        assert [CARDS[i].title for i in result] == [CARDS[0].title, "Live facial police"]
    finally:
        CARDS.pop()


def test_any_text_is_a_query_or_a_sentence() -> None:
    from hypothesis import given, settings
    from hypothesis import strategies as st

    pieces = st.sampled_from(['"', "-", ":", ">", "<", "=", "..", " ", "heat", "topic", "is",
                              "newer", "after", "provider", "quality", "x", "5", "24h", "é",
                              "\u202e", "[b]", "\\", "'"])

    @settings(max_examples=500, deadline=None)
    @given(st.lists(pieces, max_size=12).map("".join) | st.text(max_size=30))
    def check(text: str) -> None:
        try:
            query = parse(text, None, NOW)
        except QueryError as error:
            assert str(error) and "\n" not in str(error)
            return
        python_filter(query, CARDS, range(len(CARDS)))

    check()


@pytest.mark.parametrize("text", ["newer:" + "9" * 400 + "y", "older:9999999d",
                                  "heat>" + "9" * 50, "heat>" + "9" * 16,
                                  "quality:1..9999999999999999"])
def test_huge_numbers_are_a_sentence_not_a_match(text: str) -> None:
    # newer:<400 nines>y once matched undated cards (issue 17.16)
    with pytest.raises(QueryError, match=r"takes|needs a number"):
        parse(text)


# --- issue 13: partial dates, letters without a decomposition, OR and parentheses ----------

def dated(title: str, when: str) -> Entry:
    from reader.core.dates import parse_date

    return card(title)._replace(when=timestamp(parse_date(when)), path=f"/{title}")


DATED = [dated("May 31", "2025-05-31T23:00:00Z"), dated("June 1", "2025-06-01T00:00:00Z"),
         dated("June 23", "2025-06-23T12:00:00Z"), dated("New year 2021", "2021-01-01T10:00:00Z"),
         dated("December 2020", "2020-12-31T12:00:00Z")]


@pytest.mark.parametrize(("text", "expected"), [
    ("after:2025-06", ["June 1", "June 23"]),  # from 1 June, not from the 28th
    ("before:2025-06", ["May 31", "New year 2021", "December 2020"]),
    ("after:2025-06-23", ["June 23"]),
    ("before:2021", ["December 2020"]),  # before 1 January 2021, not before 28 November
    ("after:2021 before:2021-02", ["New year 2021"]),
])
def test_a_partial_date_means_the_start_of_its_period(text: str, expected: list[str]) -> None:
    query = parse(text, None, NOW)
    assert [DATED[i].title for i in python_filter(query, DATED, range(len(DATED)))] == expected


def test_a_date_that_cannot_be_read_says_what_partial_dates_mean() -> None:
    with pytest.raises(QueryError, match="a month or a year means its first day"):
        parse("after:someday", None, NOW)


@pytest.mark.parametrize(("typed", "title"), [
    ("lodz", "Łódź tram strike"), ("orsted", "Ørsted wind farm"), ("aesir", "Æsir saga"),
    ("da nang", "Đà Nẵng floods"), ("strasse", "Straße closed"), ("thorn", "Þorn"),
    ("ŁÓDŹ", "Łódź tram strike"), ("東京", "東京 rollout"),
])
def test_letters_without_a_decomposition_fold_as_people_type_them(typed: str, title: str) -> None:
    cards = [card(name) for name in ("Łódź tram strike", "Ørsted wind farm", "Æsir saga",
                                     "Đà Nẵng floods", "Straße closed", "Þorn", "東京 rollout")]
    query = parse(typed, None, NOW)
    assert [cards[i].title for i in python_filter(query, cards, range(len(cards)))] == [title]


@pytest.mark.parametrize(("text", "expected"), [
    ("uber OR café", ["Café owners back the scheme", "Uber police partnership"]),
    ("police (drop OR uber)", ["Police drop facial recognition app", "Uber police partnership"]),
    ("police -(drop OR uber)", ["Met Police rolls out live facial recognition"]),
    ("topic:privacy OR heat>75", ["Met Police rolls out live facial recognition",
                                  "Police drop facial recognition app",
                                  "Uber police partnership"]),
    ("(facial OR café) (live OR débat) -topic:privacy",
     ["Met Police rolls out live facial recognition", "Café owners back the scheme"]),
    ("police or drop", []),  # lower-case 'or' is a word every card must hold
])
def test_or_and_parentheses(text: str, expected: list[str]) -> None:
    assert titles(text) == expected


@pytest.mark.parametrize(("text", "says"), [
    ("police OR", "OR needs a term on each side"), ("OR police", "OR needs a term on each side"),
    ("(police", "a '(' is not closed"), ("()", "a term inside"),
])
def test_a_broken_group_is_a_sentence(text: str, says: str) -> None:
    with pytest.raises(QueryError, match=re.escape(says)):
        parse(text, None, NOW)


def test_words_of_an_excluded_group_are_not_highlighted() -> None:
    assert parse("police -(drop OR uber) (live OR café)", None, NOW).words == [
        "police", "live", "cafe"]


DOCUMENTED = [
    'police facial', '"live facial"', "-word", '-"a phrase"', "-topic:ai", "topic:ai",
    "provider:ft.com", "heat>150", "heat:100..200", "heat:..0", "quality>=120", "heat>-1",
    "heat:12.5", "newer:24h", "older:7d", "newer:30m", "older:2w", "older:3mo", "newer:1y",
    "after:2020-02-01", "before:2021-01-01", "after:2025-06", "before:2021", "is:unread",
    "is:read", "is:starred", "is:new", "a OR b", "police (court OR ruling)", "-(topic:sport OR b)",
    "lodz", "東京",
]


@pytest.mark.parametrize("text", DOCUMENTED)
def test_every_documented_form_is_read(text: str) -> None:
    query = parse(text, None, NOW)
    assert not query.empty
    python_filter(query, CARDS, range(len(CARDS)))
