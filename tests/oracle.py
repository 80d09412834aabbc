"""The reference model of the library: entries in a plain list, their orders, copies and topics,
the answers the one library (reader.core.db) must give. Tests only: the spec, not a second
product (the differential tests hold the one library equal to it)."""

from __future__ import annotations

import heapq
import os
import time
from collections import Counter
from collections.abc import Callable, Collection, Container, Iterable, Mapping, Sequence
from datetime import UTC, datetime
from itertools import pairwise
from pathlib import Path
from typing import Any, cast

from reader.core import db
from reader.core.card import Entry
from reader.core.dates import Clock
from reader.core.db import Library
from reader.core.load import Batch, LoadResult, load
from reader.core.query import Marks, Query, QueryError, parse
from reader.core.scan import Paths, zeros
from reader.core.session import Session
from reader.core.sorts import copy_rank, expired, keys_for
from reader.core.state import State
from reader.core.views import Source, Views, ViewSpec
from tests.oracle_query import python_filter


class Reference:
    """Entries in load order, with cached orders per sort and topic membership.

    Every key is a total order over any entries (unknown dates and missing scores sort last), so a
    view is deterministic whatever a card folder holds. Files of the same story (same Entry.story,
    the canonical URL) are copies: views show the hottest one only, unless all_copies.
    """

    def __init__(self, entries: Iterable[Entry] = (), *, include_unpublished: bool = False,
                 all_copies: bool = False) -> None:
        self.include_unpublished = include_unpublished
        self.all_copies = all_copies
        self.now = time.time()
        """The time the hot sort decays heat to (the app sets it from its clock)."""
        self._stamps: dict[str, int | None] = {}
        """What the hot and rising orders kept were worked out for (sorts.expired)."""
        self.baseline: Mapping[str, float] = {}
        """Each story's heat when the session began, for the rising sort (Session sets it)."""
        self.baseline_version = 0
        """Changed by whoever changes the baseline: the rising order is worked out again."""
        self.replace(entries)

    def replace(self, entries: Iterable[Entry]) -> None:
        """Hold these entries instead (the folders changed under an index)."""
        self.entries: list[Entry] = []
        self.searches: list[bytes] = []
        """Each entry's search text, aligned with entries (Query.filter matches words in it)."""
        self.held: list[Entry] = []
        """Cards not published yet, kept aside while they are hidden."""
        self.unpublished_shown = 0
        """Cards not published yet that are in entries (include_unpublished)."""
        self._topic_names: dict[str, str] = {}
        self._topic_counts: Counter[str] = Counter()
        self._members: dict[str, list[int]] = {}
        self._topics_upto = 0
        self._keys: dict[str, list[tuple[Any, ...]]] = {}
        self._orders: dict[str, list[int]] = {}
        self._ranks: dict[str, list[int]] = {}
        self._shown: list[bool] = []
        self._primary: dict[str, int] = {}
        self._copies: dict[str, list[int]] = {}
        self.extend(entries)

    @property
    def hidden_unpublished(self) -> int:
        """How many cards are left out because they are not published yet."""
        return len(self.held)

    def include(self, unpublished: bool) -> bool:
        """Show the cards not published yet too, or hide them again; True when that changed
        the library (its indices are then new: views must be worked out again)."""
        if unpublished == self.include_unpublished:
            return False
        self.include_unpublished = unpublished
        if unpublished:
            held, self.held = self.held, []
            self.extend(held)
        else:
            self.replace(self.entries)
        return True

    @property
    def stories(self) -> int:
        """How many cards the views show: copies of one story count once."""
        return len(self.entries) if self.all_copies else len(self._primary)

    def copies(self, index: int) -> list[int]:
        """The other files of this entry's story, hottest first."""
        story = self.entries[index].story
        others = [i for i in self._copies.get(story, []) if i != index]
        return sorted(others, key=lambda i: copy_rank(self.entries[i]))

    def find(self, story: str) -> int | None:
        """The index of the shown card of a story, or None when no card has it."""
        return self._primary.get(story)

    def find_file(self, path: str) -> int | None:
        """The index of the card of this file, or None when no card has it."""
        return next((index for index, entry in enumerate(self.entries) if entry.path == path),
                    None)

    def shown(self, index: int) -> bool:
        """True when views show this entry (it is its story's hottest copy)."""
        return self.all_copies or self._shown[index]

    def __len__(self) -> int:
        return len(self.entries)

    def __getitem__(self, index: int) -> Entry:
        return self.entries[index]

    def extend(self, entries: Iterable[Entry]) -> None:
        """Add entries (cards not public yet are counted and left out unless asked for)."""
        before = len(self.entries)
        if self.include_unpublished:
            self.entries.extend(entries)
            self.unpublished_shown += sum(1 for entry in self.entries[before:] if not entry.public)
        else:
            for entry in entries:
                if entry.public:
                    self.entries.append(entry)
                else:
                    self.held.append(entry)
        if len(self.entries) != before:
            self._ranks.clear()
            self.searches.extend(entry.search for entry in self.entries[before:])
        self._note_copies(before)

    def _note_copies(self, start: int) -> None:
        entries, shown, primary = self.entries, self._shown, self._primary
        for index in range(start, len(entries)):
            story = entries[index].story
            first = primary.get(story)
            if first is None:
                primary[story] = index
                shown.append(True)
                continue
            self._copies.setdefault(story, [first]).append(index)
            if copy_rank(entries[index]) < copy_rank(entries[first]):
                shown[first] = False
                shown.append(True)
                primary[story] = index
            else:
                shown.append(False)

    def _visible(self, indices: Iterable[int]) -> list[int]:
        if self.all_copies or not self._copies:
            return indices if isinstance(indices, list) else list(indices)
        shown = self._shown
        return [index for index in indices if shown[index]]

    def _index_topics(self) -> None:
        """Bring topic membership up to date (lazily: `list` without --topic never needs it)."""
        for index in range(self._topics_upto, len(self.entries)):
            for topic in self.entries[index].topics:
                key = topic.casefold()
                self._topic_names.setdefault(key, topic)
                self._topic_counts[key] += 1
                self._members.setdefault(key, []).append(index)
        self._topics_upto = len(self.entries)

    def topics(self) -> list[tuple[str, int]]:
        """(name, card count) for each topic, alphabetical ignoring case."""
        self._index_topics()
        if self.all_copies or not self._copies:
            counts = self._topic_counts
        else:
            shown = self._shown
            counts = Counter({key: sum(1 for i in members if shown[i])
                              for key, members in self._members.items()})
        return [(self._topic_names[key], counts[key]) for key in sorted(counts) if counts[key]]

    def unread_counts(self, read: Container[str]) -> tuple[int, Counter[str]]:
        """Unread cards in all, and per topic (by case-folded name), for the sidebar."""
        shown = self._shown
        everything = self.all_copies or not self._copies
        # Count topic tuples (a few hundred distinct, shared objects) in C, then spread them:
        # 100,000 cards take ~20 ms instead of ~150 ms topic by topic.
        tuples = Counter(
            entry.topics for index, entry in enumerate(self.entries)
            if (everything or shown[index]) and entry.story not in read
        )
        per_topic: Counter[str] = Counter()
        for topics, count in tuples.items():
            for topic in topics:
                per_topic[topic.casefold()] += count
        return sum(tuples.values()), per_topic

    def count_stories(self, stories: Iterable[str]) -> int:
        """How many of these stories have a card here (starred ones, say)."""
        return sum(1 for story in stories if story in self._primary)

    def order(self, sort: str = "heat") -> list[int]:
        """Every entry's index, in the given sort order.

        Kept per sort and brought up to date when entries were added: the new ones are sorted
        alone, then merged (timsort finds the two runs), so a load that adds 100,000 cards in
        batches never sorts the whole list from scratch.
        """
        if expired(sort, self.now, self.baseline_version, self._stamps):
            self._keys.pop(sort, None)
            self._orders.pop(sort, None)
            self._ranks.pop(sort, None)
        keys = self._keys.setdefault(sort, [])
        order = self._orders.get(sort, [])
        if len(keys) < len(self.entries):
            start = len(keys)
            full, fast = keys_for(sort, self.now, self.baseline)
            key: Callable[[Entry], Any] = fast or full
            keys.extend(key(entry) for entry in self.entries[start:])
            new = sorted(range(start, len(keys)), key=keys.__getitem__)
            order = sorted(order + new, key=keys.__getitem__) if order else new
            if fast is not None:
                self._break_ties(order, keys, full)
            self._orders[sort] = order
        return order

    def _break_ties(self, order: list[int], keys: list[Any], full: Callable[[Entry], Any]) -> None:
        """Order runs of equal fast keys by the full key, so the order stays total."""
        ranked = [keys[index] for index in order]
        ties = [p for p, (a, b) in enumerate(pairwise(ranked)) if a == b]
        entries, position = self.entries, 0
        for tie in ties:
            if tie < position:
                continue
            end = tie + 1
            while end + 1 < len(order) and ranked[end + 1] == ranked[tie]:
                end += 1
            order[tie : end + 1] = sorted(order[tie : end + 1], key=lambda i: full(entries[i]))
            position = end + 1

    def ranks(self, sort: str) -> list[int]:
        """Each entry's position in the sort's order of every entry (views are in this order)."""
        return self._rank(sort)

    def _rank(self, sort: str) -> list[int]:
        if sort not in self._ranks:
            rank = [0] * len(self.entries)
            for position, index in enumerate(self.order(sort)):
                rank[index] = position
            self._ranks[sort] = rank
        return self._ranks[sort]

    def top(self, count: int, topic: str | None = None, sort: str = "heat") -> list[int]:
        """view(topic, sort)[:count], without sorting everything (`newsreader list --limit`)."""
        if sort in self._orders or count * 8 >= len(self.entries):
            return list(self.view(topic, sort)[:count])
        if topic is None:
            candidates: Iterable[int] = range(len(self.entries))
        else:
            self._index_topics()
            candidates = self._members.get(topic.casefold(), [])
        candidates = self._visible(candidates)
        full, fast = keys_for(sort, self.now, self.baseline)
        entries = self.entries
        if fast is None or count == 0:
            return heapq.nsmallest(count, candidates, key=lambda index: full(entries[index]))
        # The count smallest by the float key, plus every card tied with the last of them; the
        # full key then orders those few.
        keys = {index: fast(entries[index]) for index in candidates}
        best = heapq.nsmallest(count, keys, key=keys.__getitem__)
        if not best:
            return []
        edge = keys[best[-1]]
        chosen = [index for index, value in keys.items() if value <= edge]
        return sorted(chosen, key=lambda index: full(entries[index]))[:count]

    def view(self, topic: str | None = None, sort: str = "heat") -> Sequence[int]:
        """Entry indices for a topic (None: all), in sort order."""
        if topic is None:
            return self._visible(self.order(sort))
        self._index_topics()
        members = self._visible(self._members.get(topic.casefold(), []))
        return sorted(members, key=self._rank(sort).__getitem__)

    # --- what Views and Session ask (Library answers the same from the database) ------

    def close(self) -> None:
        """Nothing to let go of (Library holds a database snapshot)."""

    def prefetch(self, indices: Iterable[int]) -> None:
        """Every entry is in memory already."""

    def entries_of(self, indices: Sequence[int]) -> list[Entry]:
        return [self.entries[index] for index in indices]

    def stories_of(self, indices: Sequence[int]) -> list[str]:
        entries = self.entries
        return [entries[index].story for index in indices]

    def sync_marks(self, marks: Marks, version: int) -> None:
        """Queries test marks in Python here: nothing to bring up to date."""

    def filter(self, query: Query, indices: Sequence[int], *,
               after: Query | None = None) -> list[int]:
        """The entries of `indices` that the query keeps, in their order."""
        return python_filter(query, self.entries, indices, self.searches, after=after)

    def with_stories(self, indices: Sequence[int], stories: Container[str],
                     keep: bool) -> list[int]:
        """The entries whose story is among `stories` (keep), or is not (not keep)."""
        entries = self.entries
        return [index for index in indices if (entries[index].story in stories) == keep]

    def snapshot(self) -> object:
        """What the library holds now, for added_since."""
        return {*self.entries, *self.held}

    def added_since(self, snapshot: object) -> list[int]:
        """The shown entries that are new or changed since the snapshot."""
        known = snapshot if isinstance(snapshot, set) else set()
        return [index for index, entry in enumerate(self.entries)
                if entry not in known and self.shown(index)]

    def stories_in(self, folders: Collection[str]) -> set[str]:
        """The stories of cards under these folders (real paths)."""
        roots = tuple(folder.rstrip(os.sep) + os.sep for folder in folders)
        return {entry.story for entries in (self.entries, self.held) for entry in entries
                if os.path.realpath(entry.path).startswith(roots)}

    def story_heats(self) -> Iterable[tuple[str, float | None]]:
        """Every card's story and heat, published or not (what note_arrivals records)."""
        for entries in (self.entries, self.held):
            for entry in entries:
                yield entry.story, None if entry.heat is None else float(entry.heat)


def library_of(entries: Sequence[Entry], folder: Path, *, include_unpublished: bool = False,
               all_copies: bool = False) -> Library:
    """The one library holding these entries, in this order: written as one folder's index
    (the folder is made; the entries' paths need not be in it) in `folder`/index."""
    cards = folder / "cards"
    cards.mkdir(parents=True, exist_ok=True)
    count = len(entries)
    index = db.FolderIndex(os.path.realpath(cards), paths=Paths(entry.path for entry in entries),
                           sizes=zeros(count), mtimes=zeros(count), identities=zeros(count),
                           items=list(entries), rows=zeros(count))
    assert db.write_folder(index, folder / "index") is None
    columns = db.Columns.read([str(cards)], folder / "index")
    assert columns is not None
    return Library(columns, include_unpublished=include_unpublished,
                          all_copies=all_copies)


def loaded_entries(paths: Sequence[str], index_dir: Path | None = None,
                   **options: Any) -> tuple[LoadResult, list[Entry]]:
    """load(), and the cards the index then holds for these paths, in load order (folders as
    given, files in scan order; published or not)."""
    result = load(paths, index_dir=index_dir, **options)
    columns = db.Columns.read([path for path in paths if os.path.exists(path)], index_dir)
    if columns is None:
        return result, []
    library = Library(columns, include_unpublished=True)
    try:
        return result, library.entries_of(list(columns.members))
    finally:
        library.close()


def show(session: Session, entries: Sequence[Entry], folder: Path, *,
         reset: bool = False) -> None:
    """The session shows these cards (as a finished load of them would): the one library
    holding them, attached."""
    session.attach(library_of(entries, folder))
    session.apply(Batch([], len(entries), len(entries), reset=reset, finished=True))


def indexed(paths: Sequence[str], index_dir: Path | None = None, *,
            include_unpublished: bool = False, all_copies: bool = False) -> Library:
    """The one library of these paths, as the reader opens it after a load."""
    load(paths, index_dir=index_dir, jobs=1)
    columns = db.Columns.read(paths, index_dir)
    assert columns is not None
    return Library(columns, include_unpublished=include_unpublished,
                          all_copies=all_copies)


def views_of(library: Reference | Library, marks: Marks, clock: Clock) -> Views:
    """The product's Views over the oracle (which answers every question Views asks)."""
    return Views(cast(Library, library), marks, clock)


def _row(stories: Sequence[str], marks: Marks) -> dict[str, int]:
    read, new = marks.read, marks.new
    return {"total": len(stories), "unread": sum(1 for story in stories if story not in read),
            "new": sum(1 for story in stories if story in new)}


def status_counts(entries: Sequence[Entry], state: State, *,
                  include_unpublished: bool = False) -> dict[str, Any]:
    """What `newsreader status` must say of these cards: counted as the sidebar counts them
    (a story's copies once), on the oracle."""
    from reader.status import _marks, _unreadable

    library = Reference(entries, include_unpublished=include_unpublished)
    marks = _marks(state)
    shown = [entry.story for index, entry in enumerate(library.entries) if library.shown(index)]
    views = views_of(library, marks, lambda: datetime.now(UTC))
    result: dict[str, Any] = {
        "all": _row(shown, marks),
        "topics": {name: _row([library[index].story for index in library.view(name)], marks)
                   for name, _ in library.topics()},
        "searches": {},
    }
    for saved in state.searches():
        try:
            parse(saved.query, marks, datetime.now(UTC))
        except QueryError as error:
            result["searches"][saved.name] = _unreadable(error)
            continue
        found = views.source_view(ViewSpec(Source("search", saved.name, saved.query,
                                                  saved.topic)))
        result["searches"][saved.name] = _row([library[index].story for index in found], marks)
    return result
