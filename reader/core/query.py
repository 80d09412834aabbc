"""The search language: words, phrases, exclusions and qualifiers, parsed into a filter.

    police "live facial" -uber topic:ai provider:ft.com heat>60 quality:40..80
    newer:24h older:7d after:2020-02 before:2021 is:unread is:starred
    police (court OR ruling) -(topic:sport OR topic:games)

Plain words and phrases match the title, the start of the excerpt, the provider and the topics,
ignoring case and accents; every one must match. `-word` (or `-"a phrase"`, `-topic:ai`)
excludes; `OR` (in capitals) between terms keeps a card that matches either side, and
parentheses group (boolean.py). A query that cannot be read raises QueryError with a sentence
saying what is wrong.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Container, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from operator import attrgetter
from typing import Any

from .boolean import Grammar, Leaf, Node, Sql, evaluate, lex, to_sql
from .boolean import QueryError as QueryError  # a query that cannot be read: said here too
from .card import Entry
from .dates import timestamp
from .folding import fold
from .scores import MAX_SCORE, Score

Test = Callable[[Entry], bool]


@dataclass(frozen=True, slots=True)
class Marks:
    """What the state store knows, by story key: read and starred stories."""

    read: Container[str] = frozenset()
    starred: Container[str] = frozenset()
    new: Container[str] = frozenset()
    """Stories that arrived since the last session."""

    def frozen(self) -> Marks:
        """A copy that another thread can read while the live sets change."""
        return Marks(*(frozenset(marks) if isinstance(marks, Iterable) else marks
                       for marks in (self.read, self.starred, self.new)))


@dataclass(slots=True)
class Query:
    """A parsed query: tests every entry must pass, and the words to highlight."""

    text: str
    words: list[str] = field(default_factory=list)
    """Folded words and phrases that must match (for highlighting)."""
    needles: list[tuple[bytes, bool]] = field(default_factory=list)
    """Folded UTF-8 words and phrases, and whether each excludes (-word)."""
    tests: list[Test] = field(default_factory=list)
    """Qualifier tests (topic:, heat>, is:...)."""
    tokens: list[tuple[str, str, str]] = field(default_factory=list)
    """(kind, sign, value) of each term as typed: to tell whether a query narrows another."""
    tree: Node | None = None
    """The query as a tree, when it has OR or parentheses (then needles and tests are empty)."""

    leaves: list[Leaf] = field(default_factory=list)
    """Each term of a plain AND query (no OR, no groups), for where()."""

    @property
    def empty(self) -> bool:
        return not self.tests and not self.needles and self.tree is None

    @property
    def uses_marks(self) -> bool:
        """True when the query has `is:` terms: what it keeps changes with the marks."""
        return "is:" in self.text.casefold()

    def where(self) -> Sql:
        """The query as an SQL condition on the index's `cards` table (named c), keeping exactly
        the cards filter() keeps. `is:` terms read the temporary tables read_marks,
        starred_marks and new_marks (db/store.py makes them from the state)."""
        if self.tree is not None:
            return to_sql(self.tree)
        parts = [to_sql(leaf) for leaf in self.leaves]
        if not parts:
            return "1", ()
        return (" AND ".join(text for text, _ in parts),
                tuple(value for _, values in parts for value in values))

    def filter(self, entries: Sequence[Entry], indices: Sequence[int],
               searches: Sequence[bytes] | None = None, *, after: Query | None = None) -> list[int]:
        """The indices whose entries pass every test, in the order given.

        `searches` (each entry's search text, aligned with entries) lets the words be matched in
        one comprehension with no call per card: ~4x faster on 100,000 cards. `after`: the
        indices are that query's result and this query narrows it, so only the terms that are
        new or were typed further are tested again.
        """
        if self.tree is not None:
            if searches is None:
                searches = [entry.search for entry in entries]
            candidates = list(indices)
            chosen = evaluate(self.tree, entries, candidates, searches)
            return [index for index in candidates if index in chosen]
        result = list(indices)
        needles, tests = self.needles, self.tests
        if after is not None:
            same = sum(1 for old, new in zip(after.tokens, self.tokens, strict=False) if old == new)
            kept = self.tokens[:same]
            needles = needles[sum(1 for kind, _, _ in kept if kind != "qualifier"):]
            tests = tests[sum(1 for kind, _, _ in kept if kind == "qualifier"):]
        if needles:
            if searches is None:
                searches = [entry.search for entry in entries]
            # One pass per term, each on what the last one kept: the longest words first (they
            # keep the fewest cards), exclusions last.
            for needle, excluded in sorted(needles, key=lambda n: (n[1], -len(n[0]))):
                if excluded:
                    result = [index for index in result if needle not in searches[index]]
                else:
                    result = [index for index in result if needle in searches[index]]
        for test in tests:
            result = [index for index in result if test(entries[index])]
        return result

    def narrows(self, previous: Query) -> bool:
        """True when every card this query keeps, `previous` kept too: it has the same terms and
        more, or its last plain word was extended (police -> police ca). Then filtering the
        previous result gives the same answer as filtering everything, only faster."""
        old, new = previous.tokens, self.tokens
        if self.tree is not None or previous.tree is not None:
            return False
        if not old or len(new) < len(old) or new[: len(old) - 1] != old[:-1]:
            return False
        (kind, sign, value), (new_kind, new_sign, new_value) = old[-1], new[len(old) - 1]
        if (kind, sign, value) == (new_kind, new_sign, new_value):
            return True
        return kind == new_kind == "word" and sign == new_sign == "" and value in new_value


_TOKEN = re.compile(r'(-?)(?:([a-z]+)(:|>=|<=|>|<))?(?:"([^"]*)"|(\S+))', re.IGNORECASE)
_AGE = re.compile(r"^(\d+(?:\.\d+)?)\s*(m|min|h|d|w|mo|y)$", re.IGNORECASE)
_AGE_SECONDS = {"m": 60, "min": 60, "h": 3600, "d": 86400, "w": 7 * 86400, "mo": 2_629_800,
                "y": 31_557_600}
EXAMPLES = {"topic": "topic:ai", "provider": "provider:ft.com", "heat": "heat>60",
            "quality": "quality:40..80", "newer": "newer:24h", "older": "older:7d",
            "after": "after:2020-02-01", "before": "before:2021-01-01", "is": "is:unread"}
QUALIFIERS = tuple(EXAMPLES)


def parse(text: str, marks: Marks | None = None, now: datetime | None = None) -> Query:
    """Parse a query; raises QueryError for anything it cannot read."""
    marks = marks or Marks()
    moment = timestamp(now or datetime.now(UTC))
    query = Query(text)
    if text.count('"') % 2:
        raise QueryError('a quote is not closed: add the closing "')
    items = lex(text.strip(), _TOKEN)
    terms = [_term(match, marks, moment) for kind, match in items if match is not None]
    if all(kind == "term" for kind, _ in items):
        for leaf, token, word in terms:  # a plain AND: Query filters it on its own, fast
            query.tokens.append(token)
            query.leaves.append(leaf)
            if leaf.needle is not None:
                query.needles.append((leaf.needle, leaf.negate))
            else:
                assert leaf.test is not None
                query.tests.append(_negated(leaf.test) if leaf.negate else leaf.test)
            if word:
                query.words.append(word)
        return query
    query.tree = Grammar(items, iter(terms)).parse()
    inside: list[bool] = []  # for each open group: is it excluded (-( ... ))?
    words = iter(word for _, _, word in terms)
    for kind, _ in items:
        if kind in ("(", "-("):
            inside.append(kind == "-(")
        elif kind == ")":
            inside.pop()
        elif kind == "term" and (word := next(words)) and not any(inside):
            query.words.append(word)  # words of an excluded group are not highlighted
    return query


def _term(match: re.Match[str], marks: Marks, now: float) -> tuple[Leaf, tuple[str, str, str], str]:
    """One term as a leaf, the token that tells whether a query narrows another, and the
    word to highlight ('' for none)."""
    negate, key, operator, phrase, word = match.groups()
    value = phrase if phrase is not None else word
    if key is None:
        bare = value.rstrip(":<>=").lower()
        if phrase is None and bare in QUALIFIERS and bare != value.lower():
            raise QueryError(f"'{value}' needs a value right after it, as in {EXAMPLES[bare]}")
        folded = fold(value).strip()
        token = ("word" if phrase is None else "phrase", negate, folded)
        if not folded:
            return Leaf(test=lambda entry: True), token, ""
        needle = folded.encode("utf-8", "surrogatepass")
        return (Leaf(needle=needle, negate=bool(negate), sql=("instr(c.search, ?) > 0", (needle,))),
                token, "" if negate else folded)
    test, sql = _qualifier(key.lower(), operator, value, marks, now)
    return (Leaf(test=test, negate=bool(negate), sql=sql),
            ("qualifier", negate, match.group(0).lstrip("-").lower()), "")


def _cached(part: Callable[[Entry], Any], check: Callable[[Any], bool]) -> Test:
    """A test on a part of the entry that few distinct values share (topics, providers):
    each value is checked once per query, not once per card."""
    seen: dict[Any, bool] = {}

    def test(entry: Entry) -> bool:
        key = part(entry)
        found = seen.get(key)
        if found is None:
            found = seen[key] = check(key)
        return found

    return test


def _negated(test: Test) -> Test:
    return lambda entry: not test(entry)


def _qualifier(key: str, operator: str, value: str, marks: Marks, now: float) -> tuple[Test, Sql]:
    """The qualifier's test on an entry, and the same test in SQL."""
    if key not in QUALIFIERS:
        raise QueryError(f"unknown qualifier '{key}{operator}': use one of "
                         + ", ".join(f"{name}:" for name in QUALIFIERS))
    if key in ("heat", "quality"):
        return _score(key, operator, value)
    if operator != ":":
        raise QueryError(f"'{key}' takes ':' ({key}:…), not '{operator}'")
    if not value:
        raise QueryError(f"'{key}:' needs a value right after it, as in {EXAMPLES[key]}")
    if key == "topic":
        wanted = fold(value)
        return (_cached(lambda entry: entry.topics,
                        lambda topics: any(fold(topic) == wanted for topic in topics)),
                ("EXISTS (SELECT 1 FROM card_topics t WHERE t.card = c.id AND t.folded = ?)",
                 (wanted,)))
    if key == "provider":
        wanted = fold(value)
        return (_cached(lambda entry: (entry.provider, entry.domain),
                        lambda who: wanted in fold(who[0]) or wanted in who[1]),
                ("(instr(c.provider_folded, ?) > 0 OR instr(c.domain, ?) > 0)", (wanted, wanted)))
    if key in ("newer", "older"):
        age = _age(key, value)
        limit = now - age
        if key == "newer":
            return (lambda entry: entry.when >= limit), ('c."when" >= ?', (limit,))
        return (lambda entry: -math.inf < entry.when < limit), (_BEFORE, (limit,))
    if key in ("after", "before"):
        edge = timestamp(_period_start(key, value, now))
        if key == "after":
            return (lambda entry: entry.when >= edge), ('c."when" >= ?', (edge,))
        return (lambda entry: -math.inf < entry.when < edge), (_BEFORE, (edge,))
    return _state(value, marks)


_BEFORE = "(c.\"when\" > -9e999 AND c.\"when\" < ?)"
"""Dated before the edge (an unknown date, -inf, is never before anything); -9e999 is -inf."""


def _period_start(key: str, value: str, now: float) -> datetime:
    """The start of the period a date names: 2025-06 is 1 June 2025, 2021 is 1 January 2021,
    2025-06-23 that day (a time without zone is UTC)."""
    from dateutil import parser  # loads only when a date qualifier is typed

    year = datetime.fromtimestamp(now, UTC).year
    try:
        moment = parser.parse(value, default=datetime(year, 1, 1, tzinfo=UTC))
    except (ValueError, OverflowError):
        raise QueryError(f"'{key}:' needs a date like 2020-02-01, 2020-02 or 2020 (a month or "
                         f"a year means its first day), not {value!r}") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _state(value: str, marks: Marks) -> tuple[Test, Sql]:
    word = value.lower()
    if word == "unread":
        return (lambda entry: entry.story not in marks.read), (_MARKED.format("NOT IN", "read"), ())
    if word == "read":
        return (lambda entry: entry.story in marks.read), (_MARKED.format("IN", "read"), ())
    if word == "starred":
        return ((lambda entry: entry.story in marks.starred),
                (_MARKED.format("IN", "starred"), ()))
    if word == "new":
        return (lambda entry: entry.story in marks.new), (_MARKED.format("IN", "new"), ())
    raise QueryError(f"'is:' takes unread, read, starred or new, not {value!r}")


_MARKED = "c.story {0} (SELECT story FROM {1}_marks WHERE story IS NOT NULL)"


MAX_NUMBER = MAX_SCORE
"""The largest number a qualifier takes (the largest score a card can hold); a bigger one is a
mistake, said as one."""
_NUMBER = re.compile(r"^-?\d{1,16}(?:\.\d{1,6})?$")


def _number(key: str, text: str) -> Score:
    if not _NUMBER.match(text):
        raise QueryError(f"'{key}' needs a number, as in {key}>60 or {key}:-1..2.5, "
                         f"not {text[:20]!r}")
    number: Score = float(text) if "." in text else int(text)
    if abs(number) > MAX_NUMBER:
        raise QueryError(f"'{key}' takes numbers up to {MAX_NUMBER:,}, not {text[:20]!r}")
    return number


def _score(key: str, operator: str, value: str) -> tuple[Test, Sql]:
    """A test on heat or quality as written; a card without the score passes none of them
    (and so every one of their negations: -heat>100 keeps the cards with no heat)."""
    score_of_entry = attrgetter(key)  # Entry.heat or Entry.quality
    if operator == ":" and ".." in value:
        low_text, high_text = value.split("..", 1)
        low = _number(key, low_text) if low_text else -math.inf
        high = _number(key, high_text) if high_text else math.inf
        if low > high:
            raise QueryError(f"'{key}:{value}': the range runs from low to high, as in {key}:40..80")
        check: Callable[[Score], bool] = lambda got: low <= got <= high  # noqa: E731
        sql: Sql = (f"(c.{key} IS NOT NULL AND c.{key} BETWEEN ? AND ?)", (low, high))
    else:
        number = _number(key, value)
        check = {
            ":": lambda got: got == number,
            ">": lambda got: got > number,
            ">=": lambda got: got >= number,
            "<": lambda got: got < number,
            "<=": lambda got: got <= number,
        }[operator]
        sql = (f"(c.{key} IS NOT NULL AND c.{key} {'=' if operator == ':' else operator} ?)",
               (number,))

    def test(entry: Entry) -> bool:
        got = score_of_entry(entry)
        return got is not None and check(got)

    return test, sql


def _age(key: str, value: str) -> float:
    match = _AGE.match(value.strip())
    if match is None:
        raise QueryError(f"'{key}:' needs an age like 30m, 24h, 7d, 2w, 3mo or 1y, not {value!r}")
    amount = match.group(1)
    if len(amount) > 6:  # 999,999 years is more than any card's age: a bigger one is a slip
        raise QueryError(f"'{key}:' takes ages up to 999999 of a unit, not {value[:20]!r}")
    return float(amount) * _AGE_SECONDS[match.group(2).lower()]
