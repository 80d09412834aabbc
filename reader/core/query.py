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
from collections.abc import Container, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from .boolean import Grammar, Leaf, Node, Sql, lex, to_sql
from .boolean import QueryError as QueryError  # a query that cannot be read: said here too
from .dates import timestamp
from .folding import fold
from .scores import MAX_SCORE, Score


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
    """A parsed query: its terms as SQL (where()), and the words to highlight."""

    text: str
    now: float = 0.0
    """The moment relative dates (newer:, older:, a year) were read against."""
    marks: Marks = field(default_factory=Marks)
    """The marks `is:` terms were read against (SQL reads them from temporary tables)."""
    words: list[str] = field(default_factory=list)
    """Folded words and phrases that must match (for highlighting)."""
    tokens: list[tuple[str, str, str]] = field(default_factory=list)
    """(kind, sign, value) of each term as typed: to tell whether a query narrows another."""
    tree: Node | None = None
    """The query as a tree, when it has OR or parentheses (then needles and tests are empty)."""

    leaves: list[Leaf] = field(default_factory=list)
    """Each term of a plain AND query (no OR, no groups), for where()."""

    @property
    def empty(self) -> bool:
        return not self.leaves and self.tree is None

    @property
    def uses_marks(self) -> bool:
        """True when the query has `is:` terms: what it keeps changes with the marks."""
        return "is:" in self.text.casefold()

    def where(self) -> Sql:
        """The query as an SQL condition on the index's `cards` table (named c): the one
        evaluator of the language. `is:` terms read the temporary tables read_marks,
        starred_marks and new_marks (db/store.py makes them from the state)."""
        if self.tree is not None:
            return to_sql(self.tree)
        parts = [to_sql(leaf) for leaf in self.leaves]
        if not parts:
            return "1", ()
        return (" AND ".join(text for text, _ in parts),
                tuple(value for _, values in parts for value in values))

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
    query = Query(text, moment, marks)
    if text.count('"') % 2:
        raise QueryError('a quote is not closed: add the closing "')
    items = lex(text.strip(), _TOKEN)
    terms = [_term(match, marks, moment) for kind, match in items if match is not None]
    if all(kind == "term" for kind, _ in items):
        for leaf, token, word in terms:  # a plain AND
            query.tokens.append(token)
            query.leaves.append(leaf)
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
            return Leaf(), token, ""  # (matches every card)
        needle = folded.encode("utf-8", "surrogatepass")
        return (Leaf(needle=needle, negate=bool(negate), sql=("instr(c.search, ?) > 0", (needle,))),
                token, "" if negate else folded)
    sql = _qualifier(key.lower(), operator, value, marks, now)
    return (Leaf(term=(key.lower(), operator, value), negate=bool(negate), sql=sql),
            ("qualifier", negate, match.group(0).lstrip("-").lower()), "")


def _qualifier(key: str, operator: str, value: str, marks: Marks, now: float) -> Sql:
    """The qualifier as an SQL condition (QueryError when it cannot be read)."""
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
        return ("EXISTS (SELECT 1 FROM card_topics t WHERE t.card = c.id AND t.folded = ?)",
                (fold(value),))
    if key == "provider":
        wanted = fold(value)
        return "(instr(c.provider_folded, ?) > 0 OR instr(c.domain, ?) > 0)", (wanted, wanted)
    if key in ("newer", "older"):
        limit = now - age_of(key, value)
        return ('c."when" >= ?', (limit,)) if key == "newer" else (_BEFORE, (limit,))
    if key in ("after", "before"):
        edge = timestamp(period_start(key, value, now))
        return ('c."when" >= ?', (edge,)) if key == "after" else (_BEFORE, (edge,))
    return _state(value)


_BEFORE = "(c.\"when\" > -9e999 AND c.\"when\" < ?)"
"""Dated before the edge (an unknown date, -inf, is never before anything); -9e999 is -inf."""


def period_start(key: str, value: str, now: float) -> datetime:
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


def _state(value: str) -> Sql:
    word = value.lower()
    if word in STATES:
        return _MARKED.format("NOT IN" if word == "unread" else "IN",
                              "read" if word == "unread" else word), ()
    raise QueryError(f"'is:' takes unread, read, starred or new, not {value!r}")


_MARKED = "c.story {0} (SELECT story FROM {1}_marks WHERE story IS NOT NULL)"
STATES = ("unread", "read", "starred", "new")


MAX_NUMBER = MAX_SCORE
"""The largest number a qualifier takes (the largest score a card can hold); a bigger one is a
mistake, said as one."""
_NUMBER = re.compile(r"^-?\d{1,16}(?:\.\d{1,6})?$")


def number_of(key: str, text: str) -> Score:
    if not _NUMBER.match(text):
        raise QueryError(f"'{key}' needs a number, as in {key}>60 or {key}:-1..2.5, "
                         f"not {text[:20]!r}")
    number: Score = float(text) if "." in text else int(text)
    if abs(number) > MAX_NUMBER:
        raise QueryError(f"'{key}' takes numbers up to {MAX_NUMBER:,}, not {text[:20]!r}")
    return number


def score_bounds(key: str, value: str) -> tuple[Score | float, Score | float]:
    """The lowest and highest score of a range term (heat:40..80; an end left out is
    unbounded)."""
    low_text, high_text = value.split("..", 1)
    low = number_of(key, low_text) if low_text else -math.inf
    high = number_of(key, high_text) if high_text else math.inf
    if low > high:
        raise QueryError(f"'{key}:{value}': the range runs from low to high, as in {key}:40..80")
    return low, high


def _score(key: str, operator: str, value: str) -> Sql:
    """A test on heat or quality as written; a card without the score passes none of them
    (and so every one of their negations: -heat>100 keeps the cards with no heat)."""
    if operator == ":" and ".." in value:
        low, high = score_bounds(key, value)
        return f"(c.{key} IS NOT NULL AND c.{key} BETWEEN ? AND ?)", (low, high)
    number = number_of(key, value)
    return (f"(c.{key} IS NOT NULL AND c.{key} {'=' if operator == ':' else operator} ?)",
            (number,))


def age_of(key: str, value: str) -> float:
    match = _AGE.match(value.strip())
    if match is None:
        raise QueryError(f"'{key}:' needs an age like 30m, 24h, 7d, 2w, 3mo or 1y, not {value!r}")
    amount = match.group(1)
    if len(amount) > 6:  # 999,999 years is more than any card's age: a bigger one is a slip
        raise QueryError(f"'{key}:' takes ages up to 999999 of a unit, not {value[:20]!r}")
    return float(amount) * _AGE_SECONDS[match.group(2).lower()]
