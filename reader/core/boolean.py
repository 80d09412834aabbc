"""OR and parentheses in a query: its terms as a tree, turned into one SQL condition.

    police (court OR ruling) -(topic:sport OR topic:games)

A query with neither is a plain AND of terms (query.py); this tree is used only when the query
has an OR or a group. Terms are leaves: a folded word or phrase matched in the card's search
text, or a qualifier (query.py makes them; lex and Grammar here find the structure around them).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

Sql = tuple[str, tuple[object, ...]]
"""A condition on a row of the index's `cards` table (named c), and its parameters."""


class QueryError(ValueError):
    """A query that cannot be read; the message says what is wrong, in words."""


@dataclass(slots=True)
class Leaf:
    """One term: a needle (folded UTF-8) to find in the search text, or a qualifier."""

    needle: bytes | None = None
    term: tuple[str, str, str] | None = None
    """A qualifier's key, operator and value as typed (topic, ':', 'ai')."""
    negate: bool = False
    sql: Sql = ("1", ())
    """The same test in SQL (db/schema.py's tables), for answers from the index."""


@dataclass(slots=True)
class Group:
    """Terms that must all hold (and), or of which one must (or)."""

    op: str
    children: list[Leaf | Group] = field(default_factory=list)
    negate: bool = False


Node = Leaf | Group


def to_sql(node: Node) -> Sql:
    """The node as one SQL condition on the index's cards."""
    if isinstance(node, Leaf):
        text, parameters = node.sql
    else:
        parts = [to_sql(child) for child in node.children]
        joiner = " AND " if node.op == "and" else " OR "
        text = "(" + joiner.join(part for part, _ in parts) + ")"
        parameters = tuple(value for _, values in parts for value in values)
    return (f"NOT ({text})", parameters) if node.negate else (text, parameters)


DEEPEST = 64
"""Parentheses nest at most this deep: checked while lexing, before the parser recurses (400
levels were a RecursionError)."""
_LEFT = re.compile(r"(-?)\(")
_OR = re.compile(r"OR(?=[\s()]|$)")
_WORD_IN_GROUP = re.compile(r'(-?)(?:([a-z]+)(:|>=|<=|>|<))?(?:"([^"]*)"|([^\s)]+))',
                            re.IGNORECASE)


def lex(text: str, token: re.Pattern[str]) -> list[tuple[str, re.Match[str] | None]]:
    """The query as items: ('term', match), ('(', None), ('-(', None), (')', None), ('OR', None).
    A ')' ends a word only inside a group (outside one, 'smile:)' is a word)."""
    items: list[tuple[str, re.Match[str] | None]] = []
    position, depth = 0, 0
    while position < len(text):
        if text[position].isspace():
            position += 1
            continue
        if left := _LEFT.match(text, position):
            items.append(("-(" if left.group(1) else "(", None))
            depth += 1
            if depth > DEEPEST:
                raise QueryError(f"parentheses nest at most {DEEPEST} deep")
            position = left.end()
        elif text[position] == ")" and depth:
            items.append((")", None))
            depth -= 1
            position += 1
        elif or_ := _OR.match(text, position):
            items.append(("OR", None))
            position = or_.end()
        else:
            match = (_WORD_IN_GROUP if depth else token).match(text, position)
            if match is None or match.end() == position:  # pragma: no cover - any run matches
                raise QueryError(f"cannot read {text[position:]!r}")
            items.append(("term", match))
            position = match.end()
    return items


class Grammar:
    """or := and (OR and)* ; and := unary+ ; unary := '(' or ')' | '-(' or ')' | term"""

    def __init__(self, items: list[tuple[str, re.Match[str] | None]],
                 terms: Iterator[tuple[Leaf, tuple[str, str, str], str]]) -> None:
        self.kinds = [kind for kind, _ in items] + ["end"]
        self.at = 0
        self.terms = terms

    def parse(self) -> Node:
        node = self._or()
        if self.kinds[self.at] != "end":  # pragma: no cover - _or stops only at ')' or the end
            raise QueryError("a ')' has no '(' before it")
        return node

    def _or(self) -> Node:
        branches = [self._and()]
        while self.kinds[self.at] == "OR":
            self.at += 1
            branches.append(self._and())
        return branches[0] if len(branches) == 1 else Group("or", branches)

    def _and(self) -> Node:
        children: list[Node] = []
        while self.kinds[self.at] not in ("OR", ")", "end"):
            children.append(self._unary())
        if not children:
            raise QueryError("OR needs a term on each side, and ( ) a term inside, as in "
                             "police (court OR ruling)")
        return children[0] if len(children) == 1 else Group("and", children)

    def _unary(self) -> Node:
        kind = self.kinds[self.at]
        self.at += 1
        if kind == "term":
            return next(self.terms)[0]
        node = self._or()
        if self.kinds[self.at] != ")":
            raise QueryError("a '(' is not closed: add ')'")
        self.at += 1
        if kind == "-(":
            node = Group("and", [node], negate=True)
        return node
