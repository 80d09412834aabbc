"""Copies of a story: files of the folders with the same story key (its canonical link). Views
show the hottest copy only (sorts.copy_rank), and a file read under two of the given folders
once."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..sorts import copy_rank
from .rows import ranked
from .schema import Damaged

if TYPE_CHECKING:
    from .store import Store


def hidden_copies(store: Store, include_unpublished: bool, all_copies: bool) -> set[int]:
    """Rows that views leave out: every copy of a story but its hottest, and a file read
    under two of the folders but once (only the latter with `all_copies`)."""
    folders = tuple(store.folders.values())
    where = (f"+c.folder IN ({', '.join('?' * len(folders))}) AND c.problem IS NULL"
             + ("" if include_unpublished else " AND c.public = 1"))
    if len(folders) == 1:  # the copies each row counts (a partial index holds them)
        candidates = "c.copies > 1"
    else:  # copies may be in two folders, or one file under two of the folders
        candidates = (f"c.story IN (SELECT c.story FROM cards c WHERE {where} "
                      "GROUP BY c.story HAVING count(*) > 1)")
    rows = store.db.execute(
        f"SELECT c.id, c.path, c.heat, c.\"when\", c.story FROM cards c WHERE {where} "
        f"AND {candidates}", folders + (folders if len(folders) > 1 else ())).fetchall()
    best: dict[str, tuple[Any, ...]] = {}
    paths: dict[bytes, int] = {}
    hidden: set[int] = set()
    for number, path, heat, when, story in rows:
        if type(path) is not bytes or type(when) is not float or not (
                heat is None or type(heat) in (int, float)):
            raise Damaged("a card row with values of the wrong type")
        if path in paths:  # one file under two of the given folders: read once
            hidden.add(number)
            continue
        paths[path] = number
        if all_copies:
            continue
        rank = (copy_rank(ranked(path, heat, when)), number)
        if story not in best or rank < best[story]:
            if story in best:
                hidden.add(best[story][1])
            best[story] = rank
        else:
            hidden.add(number)
    return hidden

