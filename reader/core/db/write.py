"""Writing a folder's index. A load stores what it parses as it goes (store_parsed: a transaction
per batch, so a cold build holds no card in memory once stored, and the reader can show the rows
already stored), then completes the folder (write_folder: files gone are deleted, kept rows'
positions brought up to date, the digest of the files written). Until it is complete, a folder's
digest is NULL: a kill leaves the rows stored, and the next load trusts each by its file's size,
mtime and identity, and parses the rest."""

from __future__ import annotations

import os
import sqlite3
import time
from collections import Counter
from collections.abc import Callable, Sequence
from functools import lru_cache
from itertools import compress
from pathlib import Path

from ..card import Entry, Problem
from ..files import os_reason
from ..folding import fold
from ..scan import FileRef, zeros
from .digest import FileDigest
from .folders import FolderIndex
from .rows import KEPT
from .schema import DAMAGE_SIGNS, TOPIC_JOIN, Damaged, connect, create, index_file, remove


def write_folder(index: FolderIndex, directory: Path | None = None) -> str | None:
    """Complete the folder's index in one transaction; the reason it could not be, or None.

    Only rows that changed are written: files gone or parsed again are deleted, new items
    inserted, and the kept rows' positions (the scan order) brought up to date."""
    return _transaction(index, directory, _write)


def store_parsed(index: FolderIndex, positions: Sequence[int],
                 directory: Path | None = None) -> str | None:
    """Store the items parsed at these positions in a transaction of their own (a row that held
    the same file before is replaced); each card's item then becomes KEPT, its row in `rows`.
    The reason it could not be, or None."""
    return _transaction(index, directory, lambda db, index: _append(db, index, positions))


def _transaction(index: FolderIndex, directory: Path | None,
                 change: Callable[[sqlite3.Connection, FolderIndex], None]) -> str | None:
    path = index_file(index.folder, directory)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        for attempt in range(2):
            db = connect(path)
            try:
                create(db)
                db.execute("BEGIN IMMEDIATE")
                try:
                    change(db, index)
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


def _folder_number(db: sqlite3.Connection, index: FolderIndex) -> int:
    folder = os.fsencode(index.folder)
    db.execute("INSERT OR IGNORE INTO folders(path) VALUES (?)", (folder,))
    return int(db.execute("SELECT id FROM folders WHERE path = ?", (folder,)).fetchone()[0])


def _storable(item: Entry | Problem | None) -> bool:
    """A parsed item to store: not a transient problem (the file system's say, not the file's:
    asked again next time), and not KEPT (a card stored by this load whose row is gone: the
    database was found damaged and started again; the file is parsed next time)."""
    return item is not None and item is not KEPT and not (
        isinstance(item, Problem) and item.transient)


def _append(db: sqlite3.Connection, index: FolderIndex, positions: Sequence[int]) -> None:
    number = _folder_number(db, index)
    # The folder's rows are no longer the files its digest was made from (write_folder says
    # again once it is complete): a kill now leaves rows trusted one by one.
    db.execute("UPDATE folders SET files = NULL WHERE id = ?", (number,))
    new = [position for position in positions if _storable(index.items[position])]
    stories: set[str] = set()
    try:
        if index.held:  # a file parsed again: its row is replaced
            stories = _replaced(db, index, number, new)
        added = _insert(db, index, number, new)
    except sqlite3.IntegrityError:  # another reader stored some of these files meanwhile
        stories = _replaced(db, index, number, new)
        added = _insert(db, index, number, new)
    _recount(db, number, stories, added)
    items = index.items
    for position in new:
        if isinstance(items[position], Entry):
            items[position] = KEPT  # stored: the reader reads it from the database


def _replaced(db: sqlite3.Connection, index: FolderIndex, number: int,
              new: Sequence[int]) -> set[str]:
    """Delete the rows of these files, if any; the stories they had."""
    db.execute("CREATE TEMP TABLE IF NOT EXISTS parsed_paths(path BLOB PRIMARY KEY)")
    db.execute("DELETE FROM parsed_paths")
    db.executemany("INSERT OR IGNORE INTO parsed_paths VALUES (?)",
                   ((index.paths.encoded(position),) for position in new))
    replaced = "FROM cards WHERE folder = ? AND path IN (SELECT path FROM parsed_paths)"
    stories = {story for (story,) in db.execute(f"SELECT story {replaced}", (number,))}
    db.execute(f"DELETE {replaced}", (number,))
    return stories


def _write(db: sqlite3.Connection, index: FolderIndex) -> None:
    number = _folder_number(db, index)
    if len(index.rows) != len(index.paths):
        index.rows = zeros(len(index.paths))
    written = bytearray(len(index.paths))  # 1 for each file whose row is kept, then the new
    # Which stored rows the index keeps, and where, is asked of SQLite (a temporary table, on
    # disk past a few MB): a dict of a million rows was 100 MB at the end of a cold build.
    db.execute("CREATE TEMP TABLE IF NOT EXISTS wanted(row INTEGER PRIMARY KEY, position INTEGER)")
    db.execute("DELETE FROM wanted")
    db.executemany("INSERT OR IGNORE INTO wanted VALUES (?, ?)",
                   ((row, position) for position, row in enumerate(index.rows) if row))
    moved: list[tuple[int, int]] = []
    had = False
    for position, was in db.execute("SELECT w.position, c.position FROM wanted w JOIN cards c "
                                    "ON c.id = w.row WHERE c.folder = ?", (number,)):
        written[position], had = 1, True
        if was != position:
            moved.append((position, index.rows[position]))
    gone = [row for (row,) in db.execute("SELECT id FROM cards WHERE folder = ? AND id NOT IN "
                                         "(SELECT row FROM wanted)", (number,))]
    db.execute("DELETE FROM wanted")
    had = had or bool(gone)
    affected = {story for row in gone for (story,) in db.execute(  # stories whose copies are
        "SELECT story FROM cards WHERE id = ?", (row,))}  # counted again
    db.executemany("DELETE FROM cards WHERE id = ?", ((row,) for row in gone))
    db.executemany("UPDATE cards SET position = ? WHERE id = ?", moved)
    new = [position for position, (kept, item) in enumerate(zip(written, index.items, strict=True))
           if not kept and _storable(item)]
    if had:  # another reader may have stored the same file meanwhile
        db.executemany("DELETE FROM cards WHERE folder = ? AND path = ?",
                       [(number, index.paths.encoded(position)) for position in new])
    added = _insert(db, index, number, new)
    if had:  # copies among the rows kept, too
        _recount(db, number, affected, added)
    for position in new:
        written[position] = 1
    index.written_ns = time.time_ns()
    db.execute("UPDATE folders SET written_ns = ?, files = ? WHERE id = ?",
               (index.written_ns, _digest(index, written), number))


def _digest(index: FolderIndex, written: bytearray) -> bytes:
    """The digest of the files written, taken one at a time (no list of them: a million
    paths joined were 100 MB at once)."""
    found = FileDigest()
    for position in compress(range(len(written)), written):
        found.append(FileRef(index.paths[position], index.sizes[position],
                             index.mtimes[position], index.identities[position]))
    return found.digest()


def _insert(db: sqlite3.Connection, index: FolderIndex, number: int,
            new: Sequence[int]) -> Counter[str]:
    """Insert the items at these positions as new rows (their numbers in index.rows), each
    with the copies of its story among them; those counts."""
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
        index.rows[position] = row
        head = (row, number, position, index.paths.encoded(position), index.sizes[position],
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
    db.executemany(f"INSERT INTO cards VALUES ({', '.join('?' * 22)})", cards)
    db.execute("INSERT OR REPLACE INTO meta VALUES ('next', ?)", (str(start + len(new)),))
    db.executemany("INSERT INTO card_topics VALUES (?, ?, ?, ?)", topics)
    return copies


def _recount(db: sqlite3.Connection, number: int, gone: set[str], added: Counter[str]) -> None:
    """Count again the copies of the stories whose rows went (`gone`), and of those just
    added that have rows besides (their count so far is among the added ones only)."""
    db.execute("CREATE TEMP TABLE IF NOT EXISTS touched(story TEXT PRIMARY KEY)")
    db.execute("DELETE FROM touched")
    db.executemany("INSERT OR IGNORE INTO touched VALUES (?)", ((story,) for story in added))
    counted = db.execute("SELECT story, count(*) FROM cards WHERE folder = ? AND story IN "
                         "(SELECT story FROM touched) GROUP BY story", (number,))
    stories = gone | {story for story, count in counted if count != added[story]}
    db.execute("DELETE FROM touched")
    db.executemany("INSERT OR IGNORE INTO touched VALUES (?)", ((story,) for story in stories))
    db.execute("UPDATE cards SET copies = (SELECT count(*) FROM cards d WHERE d.story = "
               "cards.story AND d.folder = cards.folder) WHERE folder = ? AND story IN "
               "(SELECT story FROM touched)", (number,))


_NO_CARD = (*(None,) * 13, 0)
"""A problem's row has no card fields."""
