"""The library's orders and views: every card's number in a sort's order, worked out from the
columns (or read through an index of the database when the sort's key starts with its columns),
ties ordered by the rest of the full key (title, path) on their rows; views are orders with a
topic's cards kept and copies left out."""

from __future__ import annotations

import math
from array import array
from collections.abc import Callable, Sequence
from itertools import compress, pairwise
from typing import Any

from ..card import Entry
from ..sorts import expired, hot_of, keys_for, order_stamp, title_order
from .arrivals import gains
from .cards import Cards, without
from .rows import READ_ROWS
from .schema import ORDERS, order_by
from .sparse import Column, column, few

SQL_ORDERS = {sort: order_by(sort) for sort, (_, indexed) in ORDERS.items() if indexed}
"""Sorts whose key starts with columns an index of the database orders (schema.ORDERS)."""


class Orders(Cards):
    """Cards in the orders of each sort, and views of them."""

    def _key_columns(self, sort: str) -> list[Column[float]]:
        """The sort's key as far as the columns hold it, a float per card by number, most
        significant first: the full key (sorts.py) without its title and path. Missing
        scores and dates count as +inf, last, as rank() makes them."""
        heat, when, quality = self.columns.heat, self.columns.when, self.columns.quality
        size = len(self.columns.public)
        sparse = few(len(self.ids), size)  # the first rows of a view: a key for each of them
        later = column("d", 0.0, size, sparse=sparse)  # -heat, -when and the sort's own measure
        newer = column("d", 0.0, size, sparse=sparse)
        first = column("d", 0.0, size, sparse=sparse)
        inf = math.inf
        gained = gains(self) if sort == "rising" else None
        now = self.now
        for n in self.ids:
            value = heat[n]
            later[n] = inf if value != value else -value
            newer[n] = -when[n]
            if sort == "quality":
                first[n] = inf if quality[n] != quality[n] else -quality[n]
            elif sort == "date":
                first[n] = -when[n]
            elif sort == "hot":
                first[n] = -hot_of(None if value != value else value, when[n], now)
            elif gained is not None:
                first[n] = inf if value != value else -gained[n]
        return [first, later, newer]

    def has_order(self, sort: str) -> bool:
        """True when the sort's order is worked out (view() then takes milliseconds)."""
        return sort in self._orders and self._stamps.get(sort) == order_stamp(
            sort, self.now, self.baseline_version)

    def order(self, sort: str = "heat") -> Sequence[int]:
        """Every card's number in the sort's order (kept per sort)."""
        if expired(sort, self.now, self.baseline_version, self._stamps):
            self._orders.pop(sort, None)
            self._ranks.pop(sort, None)
        if sort not in self._orders:
            full, _ = keys_for(sort, self.now, self.baseline)
            if sort in SQL_ORDERS and not few(len(self.ids), self.columns.top):
                self._orders[sort] = self._sql_order(sort)
            elif sort == "title":  # every title is read (a sort few pick at a million)
                ids = self.ids  # each title's sort key, by position in ids (no dict of them)
                titled = [title_order(title) for title in self._column_iter("title", ids)]
                positions = sorted(range(len(ids)), key=titled.__getitem__)
                order = array("q", map(ids.__getitem__, positions))
                ranked = list(map(titled.__getitem__, positions))
                del titled, positions
                self._orders[sort] = self._break_ties(order, ranked, full)
            else:  # stable sorts by each column, the least significant first: the order of
                # their tuple, at the speed of a float key (and 8 MB a column at a million)
                columns = self._key_columns(sort)
                order = self.ids
                for keys in reversed(columns):
                    order = array("q", sorted(order, key=keys.__getitem__))
                self._orders[sort] = self._break_runs(order, columns)
        return self._orders[sort]

    def _break_runs(self, order: array[int], columns: list[Column[float]]) -> array[int]:
        """Runs of cards equal in every column, ordered by the rest of the full key (title
        ignoring case, path: _tie) on their rows."""
        first, second, third = columns
        runs: list[tuple[int, int]] = []
        start = 0
        previous = order[0] if order else 0
        for position in range(1, len(order)):
            number = order[position]
            if (first[number] != first[previous] or second[number] != second[previous]
                    or third[number] != third[previous]):
                if position - start > 1:
                    runs.append((start, position))
                start = position
            previous = number
        if len(order) - start > 1:
            runs.append((start, len(order)))
        return self._order_runs(order, runs, _tie)

    def _sql_order(self, sort: str) -> array[int]:
        """The order of a sort whose key starts with columns an index of the database orders
        (read through that index, every card of the database, those of this library kept),
        runs of equal columns then ordered by the rest of the full key (_tie)."""
        held = self._in
        size = len(held)
        order: array[int] = array("q")
        append = order.append
        runs: list[tuple[int, int]] = []
        last: tuple[object, object] | None = None
        start = 0
        with self._db:
            cursor = self.store.db.execute(f"SELECT id, heat, \"when\" FROM cards "
                                           f"ORDER BY {SQL_ORDERS[sort]}")
        while True:
            with self._db:  # a block at a time: the list's rows are read in between
                block = cursor.fetchmany(READ_ROWS)
            if not block:
                break
            for number, heat, when in block:
                if not (0 <= number < size and held[number]):
                    continue
                if (heat, when) != last:
                    if len(order) - start > 1:
                        runs.append((start, len(order)))
                    start, last = len(order), (heat, when)
                append(number)
        if len(order) - start > 1:
            runs.append((start, len(order)))
        return self._order_runs(order, runs, _tie)

    def _order_runs(self, order: array[int], runs: list[tuple[int, int]],
                    key: Callable[[Entry], Any]) -> array[int]:
        """Each run (start, end) of order, tied so far, ordered by `key` on its rows (read here:
        ties are a few cards)."""
        for begin, end in runs:
            run = order[begin:end]
            entries = self._fetch(run)
            order[begin:end] = array("q", sorted(run, key=lambda n: key(entries[n])))
        return order

    def _break_ties(self, order: array[int], ranked: Sequence[Any],
                    full: Callable[[Entry], Any]) -> array[int]:
        """Runs of equal keys (`ranked`, aligned with order) ordered by the full key (their
        rows are read: a few)."""
        runs: list[tuple[int, int]] = []
        for tie in (p for p, (a, b) in enumerate(pairwise(ranked)) if a == b):
            if runs and tie < runs[-1][1]:
                continue
            end = tie + 1
            while end + 1 < len(order) and ranked[end + 1] == ranked[tie]:
                end += 1
            runs.append((tie, end + 1))
        return self._order_runs(order, runs, full)

    def ranks(self, sort: str) -> array[int]:
        """Each card's position in the sort's order of every card (by card number)."""
        if sort not in self._ranks:
            order = self.order(sort)
            rank = array("q", [0]) * len(self.columns.heat)
            for position, number in enumerate(order):
                rank[number] = position
            self._ranks[sort] = rank
        return self._ranks[sort]

    def view(self, topic: str | None = None, sort: str = "heat") -> Sequence[int]:
        """Card numbers for a topic (None: all), in sort order, copies left out (arrays: a
        million numbers take 8 MB, not the 36 MB of a list of ints)."""
        key = (topic.casefold() if topic else None, sort)
        if sort not in ("hot", "rising") and key in self._views:
            return self._views[key]
        order, hidden = self.order(sort), self.hidden
        if topic is None:
            found = without(order, hidden) if hidden else order
            self._views[key] = found
            return found
        folded = topic.casefold()
        wanted = {number for number, topics in enumerate(self.columns.sets)
                  if any(name.casefold() == folded for name in topics)}
        topics = self.columns.topics
        found = without(array("q", compress(order, map(wanted.__contains__,
                                                        map(topics.__getitem__, order)))), hidden)
        self._views[key] = found
        return found

    def top(self, count: int, topic: str | None = None, sort: str = "heat") -> list[int]:
        return list(self.view(topic, sort)[:count])


def _tie(entry: Entry) -> tuple[str, str]:
    """What orders cards whose scores and dates are all equal, in every sort but title (the
    end of each key in sorts.py)."""
    return entry.title.casefold(), entry.path

