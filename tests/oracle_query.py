"""The reference evaluator of the search language, in Python: what SQL (Query.where()) must keep.
Tests only. It reads the terms the product parsed (Leaf.needle, Leaf.term) and tests each card
as the language's documentation says; the differential tests hold SQL equal to it."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

from reader.core.boolean import Group, Leaf, Node
from reader.core.card import Entry
from reader.core.dates import timestamp
from reader.core.folding import fold
from reader.core.query import (
    Query,
    age_of,
    number_of,
    period_start,
    score_bounds,
)

Test = Callable[[Entry], bool]


def python_filter(query: Query, entries: Sequence[Entry], indices: Sequence[int],
                  searches: Sequence[bytes] | None = None, *,
                  after: Query | None = None) -> list[int]:
    """The indices whose entries the query keeps, in the order given. `after`: the indices
    are that query's result and this query narrows it (only the new terms are tested)."""
    if searches is None:
        searches = [entry.search for entry in entries]
    if query.tree is not None:
        candidates = list(indices)
        chosen = _evaluate(query, query.tree, entries, candidates, searches)
        return [index for index in candidates if index in chosen]
    leaves = query.leaves
    if after is not None:
        same = sum(1 for old, new in zip(after.tokens, query.tokens, strict=False) if old == new)
        leaves = leaves[same:]
    result = list(indices)
    for leaf in sorted(leaves, key=lambda leaf: (leaf.needle is None, leaf.negate)):
        keep = _test(query, leaf)
        result = [index for index in result
                  if (keep(entries[index]) if leaf.needle is None
                      else (leaf.needle in searches[index]) != leaf.negate)]
    return result


def _evaluate(query: Query, node: Node, entries: Sequence[Entry], candidates: list[int],
              searches: Sequence[bytes]) -> set[int]:
    if isinstance(node, Leaf):
        if node.needle is not None:
            kept = {index for index in candidates if node.needle in searches[index]}
            kept = set(candidates) - kept if node.negate else kept
        else:
            test = _test(query, node)
            kept = {index for index in candidates if test(entries[index])}
        return kept
    assert isinstance(node, Group)
    if node.op == "and":
        narrowed = candidates
        for child in node.children:
            inside = _evaluate(query, child, entries, narrowed, searches)
            narrowed = [index for index in narrowed if index in inside]
        kept = set(narrowed)
    else:
        kept = set()
        for child in node.children:
            kept |= _evaluate(query, child, entries, candidates, searches)
    return set(candidates) - kept if node.negate else kept


def _test(query: Query, leaf: Leaf) -> Test:
    """The leaf's qualifier as a test on one card (negated when the leaf is -term)."""
    if leaf.term is None:  # a word that folds to nothing: every card
        return lambda entry: True
    key, operator, value = leaf.term
    test = _qualifier(query, key, operator, value)
    return (lambda entry: not test(entry)) if leaf.negate else test


def _qualifier(query: Query, key: str, operator: str, value: str) -> Test:
    marks, now = query.marks, query.now
    if key == "topic":
        return lambda entry: any(fold(topic) == fold(value) for topic in entry.topics)
    if key == "provider":
        return lambda entry: fold(value) in fold(entry.provider) or fold(value) in entry.domain
    if key in ("newer", "older"):
        limit = now - age_of(key, value)
        if key == "newer":
            return lambda entry: entry.when >= limit
        return lambda entry: -math.inf < entry.when < limit
    if key in ("after", "before"):
        edge = timestamp(period_start(key, value, now))
        if key == "after":
            return lambda entry: entry.when >= edge
        return lambda entry: -math.inf < entry.when < edge
    if key in ("heat", "quality"):
        if operator == ":" and ".." in value:
            low, high = score_bounds(key, value)
            check: Callable[[float], bool] = lambda got: low <= got <= high  # noqa: E731
        else:
            number = number_of(key, value)
            check = {":": lambda got: got == number, ">": lambda got: got > number,
                     ">=": lambda got: got >= number, "<": lambda got: got < number,
                     "<=": lambda got: got <= number}[operator]
        return lambda entry: (score := getattr(entry, key)) is not None and check(score)
    word = value.lower()
    if word == "unread":
        return lambda entry: entry.story not in marks.read
    if word == "read":
        return lambda entry: entry.story in marks.read
    if word == "starred":
        return lambda entry: entry.story in marks.starred
    return lambda entry: entry.story in marks.new
