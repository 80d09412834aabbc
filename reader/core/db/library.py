"""The library: the cards of some folders as the index database holds them, a few numbers per
card in memory (Columns), each card's row read when it is shown (Cards), in the orders of every
sort (Orders), searched in SQL (Search). Cards are numbered by their row id in the database, so
what SQL finds is a card's number."""

from __future__ import annotations

from collections.abc import Collection, Iterable
from pathlib import Path

from .arrivals import record_arrivals
from .orders import Orders
from .search import Search
from .tallies import Tallies


class Library(Orders, Search, Tallies):
    """Every question the reader asks of its cards (see module)."""

    def snapshot(self) -> object:
        """What the library holds now, for added_since: the numbers it has used, and itself to
        compare rows with (the session keeps it open until the next change)."""
        return max(self.columns.members, default=0), self

    def added_since(self, snapshot: object) -> list[int]:
        """The shown cards that are new or changed since the snapshot: rows written since
        (numbers are never used twice) whose file the old library did not hold as it is now
        (a file read again unchanged is not new)."""
        last, old = snapshot if isinstance(snapshot, tuple) else (0, None)
        fresh = [number for number in self.ids if number > last and number not in self.hidden]
        if not isinstance(old, Library) or old.store.closed:
            return fresh
        entries = self._fetch(fresh)
        kept = []
        for number in fresh:
            entry = entries[number]
            was = old.find_file(entry.path)
            if was is None or old[was] != entry:
                kept.append(number)
        return kept


    def record_arrivals(self, state_file: Path | None, when: float,
                        quiet: Collection[str] = ()) -> dict[str, float | None] | None:
        """On any thread: note the stories the state file has never seen (arrivals.py)."""
        return record_arrivals(self.store, state_file, when, quiet)

    def stories_in(self, folders: Collection[str]) -> set[str]:
        """The stories of cards under these folders (real paths)."""
        numbers = tuple(self.store.folders[folder] for folder in folders
                        if folder in self.store.folders)
        return {story for story, in self._rows_of(
            f"SELECT story FROM cards WHERE problem IS NULL AND folder IN "
            f"({', '.join('?' * len(numbers))})", numbers)} if numbers else set()

    def story_heats(self) -> Iterable[tuple[str, float | None]]:
        """Every card's story and heat, published or not (what note_arrivals records)."""
        folders = tuple(self.store.folders.values())
        for story, heat in self._rows_of(
                f"SELECT story, heat FROM cards WHERE problem IS NULL AND folder IN "
                f"({', '.join('?' * len(folders))})", folders):
            yield story, None if heat is None else float(heat)

