"""The first cards of a view by SQL's ORDER BY ... LIMIT, reading only those rows: what
`newsreader list --limit` prints and the first screen shows while the library is read."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ..card import Entry
from ..query import Marks, Query
from ..sorts import keys_for
from .columns import Columns
from .library import Library
from .rows import ENTRY_COLUMNS, entry_of
from .schema import ORDERS, Damaged, order_by, order_columns
from .store import Store

SQL_SORTS = {sort: (order_by(sort, "c"), order_columns(sort)) for sort in ORDERS}
"""Sorts SQL can order by: the ORDER BY that is a prefix of the sort's key (the rest, title and
path, orders ties in Python), and the columns that make up that prefix (ORDERS)."""
PAGE = 500
"""Rows fetched at a time while looking for the first cards of a view."""


def top(store: Store, limit: int, *, sort: str = "heat", topic: str | None = None,
        query: Query | None = None, include_unpublished: bool = False,
        all_copies: bool = False, hide_read: bool = False, now: float = 0.0) -> list[Entry]:
    """The first `limit` cards of a view, as Views.top gives them."""
    chosen = first_numbers(store, limit, sort=sort, topic=topic, query=query,
                           include_unpublished=include_unpublished, all_copies=all_copies,
                           hide_read=hide_read)
    entries = _entries(store, chosen)
    full, _ = keys_for(sort, now)
    return sorted(entries, key=full)[:limit]


def first_numbers(store: Store, limit: int, *, sort: str, topic: str | None = None,
                  query: Query | None = None, include_unpublished: bool = False,
                  all_copies: bool = False, hide_read: bool = False) -> list[int]:
    """The numbers of the first `limit` cards of a view in SQL's order, and of the cards tied
    with the last of them there (the full key, title then path, orders those few)."""
    order, columns = SQL_SORTS[sort]
    where, parameters = store._where(topic=topic, query=query, hide_read=hide_read,
                                    include_unpublished=include_unpublished)
    hidden = store.hidden_copies(include_unpublished, all_copies)
    seen: set[bytes] = set()
    chosen: list[int] = []
    last: tuple[Any, ...] | None = None
    cursor = store.db.execute(
        f"SELECT c.id, c.path, {', '.join(f'c.{_quoted(c)}' for c in columns)} "
        f"FROM cards c WHERE {where} ORDER BY {order}", parameters)
    complete = limit == 0
    while not complete and (page := cursor.fetchmany(PAGE)):
        for row in page:
            if row[0] in hidden or (all_copies and row[1] in seen):
                continue
            seen.add(row[1])
            key = row[2:]
            if len(chosen) >= limit and key != last:
                complete = True
                break
            chosen.append(row[0])
            last = key
    cursor.close()
    return chosen


def _entries(store: Store, rows: Sequence[int]) -> list[Entry]:
    entries: list[Entry] = []
    for start in range(0, len(rows), PAGE):
        chunk = rows[start : start + PAGE]
        found = store.db.execute(
            f"SELECT {ENTRY_COLUMNS} FROM cards c WHERE c.id IN ({', '.join('?' * len(chunk))})",
            tuple(chunk)).fetchall()
        entries += [entry_of(row) for row in found]
    return entries


def _quoted(column: str) -> str:
    return '"when"' if column == "when" else column


def preview(paths: Sequence[str], *, sort: str, hide_read: bool, marks: Marks, count: int,
            include_unpublished: bool, directory: Path | None = None) -> Library | None:
    """A library of the first `count` cards of the All view as the index database holds them,
    for the first screen while the index is read whole (and the folders checked); None when
    the index cannot say at once (none yet, a sort SQL lacks, damage, a lock held for more
    than 0.2 s: the load then says why). A few milliseconds, so the reader asks on its UI
    thread."""
    if sort not in SQL_SORTS:
        return None
    try:
        store = Store.open(paths, directory, timeout=0.2)
        if store is None:
            return None
        try:
            store.db.execute("BEGIN")  # the snapshot the library reads its rows from
            if hide_read:
                store.set_marks(marks)
            chosen = first_numbers(store, count, sort=sort, hide_read=hide_read,
                                   include_unpublished=include_unpublished)
            return Library(Columns.of(store, only=chosen),
                                  include_unpublished=include_unpublished)
        except BaseException:
            store.close()
            raise
    except (sqlite3.Error, Damaged):
        return None
