"""Writing a folder's index: one transaction that changes only the rows that changed (files gone
or parsed again are deleted, new items inserted, the kept rows' positions brought up to date), so
a kill at any moment leaves the previous index whole."""

from __future__ import annotations

import os
import sqlite3
import time
from collections import Counter
from functools import lru_cache
from pathlib import Path

from ..card import Entry, Problem
from ..files import os_reason
from ..folding import fold
from .digest import digest
from .folders import FolderIndex
from .schema import DAMAGE_SIGNS, TOPIC_JOIN, Damaged, connect, create, index_file, remove


def write_folder(index: FolderIndex, directory: Path | None = None) -> str | None:
    """Store the folder's index in one transaction; the reason it could not be, or None.

    Only rows that changed are written: files gone or parsed again are deleted, new items
    inserted, and the kept rows' positions (the scan order) brought up to date."""
    path = index_file(index.folder, directory)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        for attempt in range(2):
            db = connect(path)
            try:
                create(db)
                db.execute("BEGIN IMMEDIATE")
                try:
                    _write(db, index)
                    db.execute("COMMIT")
                except BaseException:
                    db.execute("ROLLBACK")
                    raise
                return None
            except sqlite3.DatabaseError as error:
                if attempt or (isinstance(error, sqlite3.OperationalError)
                               and not any(sign in str(error) for sign in DAMAGE_SIGNS)):
                    raise
            except Damaged:
                if attempt:
                    raise
            finally:
                db.close()
            remove(path)  # another format, or damaged since it was read: start again
    except (OSError, Damaged) as error:
        reason = os_reason(error) if isinstance(error, OSError) else str(error)
        return f"the index {path} cannot be written ({reason})"
    except sqlite3.Error as error:
        return f"the index {path} cannot be written ({error})"
    return None


def _write(db: sqlite3.Connection, index: FolderIndex) -> None:
    folder = os.fsencode(index.folder)
    db.execute("INSERT OR IGNORE INTO folders(path) VALUES (?)", (folder,))
    number = db.execute("SELECT id FROM folders WHERE path = ?", (folder,)).fetchone()[0]
    stored = {row: (position, story) for row, position, story in db.execute(
        "SELECT id, position, story FROM cards WHERE folder = ?", (number,))}
    if len(index.rows) != len(index.paths):
        index.rows = [0] * len(index.paths)
    kept = [(position, row) for position, row in enumerate(index.rows) if row in stored]
    keep = {row for _, row in kept}
    gone = [row for row in stored if row not in keep]
    affected = {stored[row][1] for row in gone}  # stories whose copies are counted again
    db.executemany("DELETE FROM cards WHERE id = ?", ((row,) for row in gone))
    moved = [(position, row) for position, row in kept if stored[row][0] != position]
    db.executemany("UPDATE cards SET position = ? WHERE id = ?", moved)
    new = [position for position, (row, item) in enumerate(zip(index.rows, index.items, strict=True))
           if row not in keep and item is not None
           and not (isinstance(item, Problem) and item.transient)]  # the file system's say,
    # not the file's: asked again next time
    if stored:  # another reader may have stored the same file meanwhile
        db.executemany("DELETE FROM cards WHERE folder = ? AND path = ?",
                       [(number, os.fsencode(index.paths[position])) for position in new])
    # New rows take numbers never used before (a card's number names it in the reader while
    # it runs: library.py), so the next is kept in meta.
    start = db.execute("SELECT max((SELECT coalesce(max(id), 0) + 1 FROM cards), (SELECT "
                       "coalesce(max(CAST(value AS INTEGER)), 0) FROM meta WHERE key = 'next'))"
                       ).fetchone()[0]
    copies = Counter(item.story for position in new
                     if isinstance(item := index.items[position], Entry))
    cards: list[tuple[object, ...]] = []
    topics: list[tuple[int, str, str, str]] = []
    folded = lru_cache(maxsize=4096)(fold)  # a few hundred providers and topics
    for row, position in enumerate(new, start):
        item = index.items[position]
        head = (row, number, position, os.fsencode(index.paths[position]), index.sizes[position],
                index.mtimes[position], index.identities[position])
        if isinstance(item, Problem):
            cards.append((*head, item.reason, *_NO_CARD))
            continue
        cards.append((*head, None, item.title, item.url, item.heat, item.quality, item.when,
                      item.provider, item.domain, TOPIC_JOIN.join(item.topics), int(item.public),
                      int(item.video), item.search, item.story, folded(item.provider),
                      copies[item.story]))
        topics += [(row, topic, topic.casefold(), folded(topic))
                   for topic in dict.fromkeys(item.topics)]
        index.rows[position] = row
    db.executemany(f"INSERT INTO cards VALUES ({', '.join('?' * 22)})", cards)
    db.execute("INSERT OR REPLACE INTO meta VALUES ('next', ?)", (str(start + len(new)),))
    db.executemany("INSERT INTO card_topics VALUES (?, ?, ?, ?)", topics)
    if stored:  # copies among the rows kept, too
        affected.update(copies)
        db.executemany("UPDATE cards SET copies = (SELECT count(*) FROM cards d WHERE "
                       "d.story = cards.story AND d.folder = cards.folder) "
                       "WHERE story = ? AND folder = ?", ((story, number) for story in affected))
    index.written_ns = time.time_ns()
    written = sorted([*(position for position, _ in kept), *new])
    db.execute("UPDATE folders SET written_ns = ?, files = ? WHERE id = ?", (
        index.written_ns, digest([index.paths[p] for p in written],
                                 [index.sizes[p] for p in written],
                                 [index.mtimes[p] for p in written],
                                 [index.identities[p] for p in written]), number))


_NO_CARD = (*(None,) * 13, 0)
"""A problem's row has no card fields."""
