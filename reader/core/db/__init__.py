"""Storage: the index database of the card folders, and the library read from it.

Only this package and the state file's modules use SQLite (ruff's TID251). Everything outside
asks through the names below, never a module of the package (an import-linter contract), and
catches UNREADABLE, never sqlite3's errors. Where each piece lives:

  schema.py   where the database is, its tables, the one table of orders, its format, connect
  rows.py     a card's row: its columns and how it becomes an Entry
  digest.py   a digest of a folder's files (a warm start proves nothing changed with it)
  folders.py  each folder's index: which files must be parsed again
  write.py    storing what a load parsed, batch by batch, and completing a folder
  store.py    a read-only connection for some folders: fresh?, problems, counts; copies.py,
              the copies of a story views leave out
  first.py    the first cards of a view by SQL's ORDER BY ... LIMIT
  columns.py  a few numbers per card in memory, read in one snapshot (grown by a load)
  sparse.py   columns of a few cards whose numbers run high (the first screen's)
  cards.py    the library's cards and rows on demand; tallies.py, the sidebar's counts
  orders.py   every sort's order and the views; search.py, a query's cards in SQL
  arrivals.py what the state file knows of the stories (arrivals, gains)
  library.py  the library: all of the above as one object
"""

from .columns import Columns
from .digest import FileDigest
from .first import SQL_SORTS, preview, top
from .folders import FolderIndex, read_folder, refresh, unchanged
from .library import Library
from .rows import KEPT
from .schema import UNREADABLE, Damaged, cache_dir, discard, index_file, temporary_index
from .store import Counts, Fresh, Store
from .write import store_parsed, write_folder

__all__ = [
    "KEPT", "SQL_SORTS", "UNREADABLE", "Columns", "Counts", "Damaged", "FileDigest",
    "FolderIndex", "Fresh", "Library", "Store", "cache_dir", "discard", "index_file",
    "preview", "read_folder", "refresh", "store_parsed", "temporary_index", "top", "unchanged",
    "write_folder",
]
