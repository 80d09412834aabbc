"""The library read from the index database (rows on demand) against the one in memory: the
same views in the same order for every source, sort, query, topic and mark, the same counts,
the same copies, the same card kept under the cursor. The corpus is test_store's (300 generated
cards with copies, unpublished cards, accents, case variants, missing scores, tied dates)."""

from __future__ import annotations

import random
import shutil
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest

from reader.core import db
from reader.core.card import Entry
from reader.core.db import Columns, Library
from reader.core.load import load
from reader.core.query import Marks, parse
from reader.core.sorts import SORTS
from reader.core.views import NEW, STARRED, Source, ViewSpec, topic
from tests.core.corpus import NOW, QUERIES, marks_for
from tests.oracle import Reference, views_of

SOURCES = [Source("all"), STARRED, NEW, topic("ai"), topic("Economie"), topic("nothing"),
           Source("search", "cops", "police -court", "AI"), Source("search", "bad", "heat>")]


def _pair(corpus: tuple[str, list[Entry], Path], unpublished: bool,
          ) -> Iterator[tuple[Reference, Library]]:
    folder, entries, cache = corpus
    columns = Columns.read([folder], cache)
    assert columns is not None
    indexed = Library(columns, include_unpublished=unpublished)
    memory = Reference(entries, include_unpublished=unpublished)
    baseline = {entry.story: float(entry.heat) - 7 * (n % 3) for n, entry in enumerate(entries)
                if entry.heat is not None and n % 4}
    for library in (memory, indexed):
        library.now = NOW.timestamp()
        library.baseline = dict(baseline)
    try:
        yield memory, indexed
    finally:
        indexed.close()


def _same(memory: Reference, indexed: Library, a: Sequence[int], b: Sequence[int]) -> bool:
    return [memory[i] for i in a] == indexed.entries_of(b)


@pytest.mark.parametrize("unpublished", [False, True])
def test_every_view_is_the_libraries(corpus: tuple[str, list[Entry], Path],
                                     unpublished: bool) -> None:
    marks = marks_for(corpus[1], 21)
    for memory, indexed in _pair(corpus, unpublished):
        views = views_of(memory, marks, lambda: NOW), views_of(indexed, marks, lambda: NOW)
        checked = 0
        for sort in SORTS:
            for source in SOURCES:
                for hide_read in (False, True):
                    for text in QUERIES[:: 1 if source.kind == "all" else 5]:
                        spec = ViewSpec(source, sort, hide_read, parse(text, marks, NOW))
                        a, b = views[0].view(spec), views[1].view(spec)
                        assert _same(memory, indexed, a, b), (sort, source, hide_read, text)
                        assert views[0].warning == views[1].warning
                        checked += 1
        assert checked > 500


def test_typing_narrows_to_what_a_full_search_gives(corpus: tuple[str, list[Entry], Path]) -> None:
    marks = marks_for(corpus[1], 4)
    for memory, indexed in _pair(corpus, False):
        views = views_of(indexed, marks, lambda: NOW)
        for text in ["p", "po", "pol", "police", "police -court", "police -court topic:ai"]:
            narrowed = views.view(ViewSpec(query=parse(text, marks, NOW)))
            whole = views_of(memory, marks, lambda: NOW).view(ViewSpec(query=parse(text, marks, NOW)))
            assert _same(memory, indexed, whole, narrowed), text


@pytest.mark.parametrize("unpublished", [False, True])
def test_counts_copies_and_finding_are_the_libraries(corpus: tuple[str, list[Entry], Path],
                                                     unpublished: bool) -> None:
    marks = marks_for(corpus[1], 8)
    for memory, indexed in _pair(corpus, unpublished):
        assert len(indexed) == len(memory) and indexed.stories == memory.stories
        assert indexed.hidden_unpublished == memory.hidden_unpublished
        assert indexed.unpublished_shown == memory.unpublished_shown
        assert indexed.topics() == memory.topics()
        assert indexed.unread_counts(marks.read) == memory.unread_counts(marks.read)
        assert indexed.count_stories(marks.starred) == memory.count_stories(marks.starred)  # type: ignore[arg-type]
        many = {entry.story for entry in memory.entries[::2]} | {"https://nowhere.example/"}
        assert indexed.count_stories(many) == memory.count_stories(many) > 64  # one pass
        for number, entry in enumerate(memory.entries):
            found = indexed.find(entry.story)
            assert found is not None and indexed[found] == memory[memory.find(entry.story)]  # type: ignore[index]
            assert indexed.shown(found)
            mine = indexed.find_file(entry.path)
            assert mine is not None and indexed[mine] == entry
            assert indexed.shown(mine) == memory.shown(number)
            assert indexed.entries_of(indexed.copies(mine)) == [
                memory[i] for i in memory.copies(number)]
        assert indexed.find("https://nowhere.example/") is None
        for sort in SORTS:
            a, b = memory.order(sort), indexed.order(sort)
            assert _same(memory, indexed, a, b)
            ranks_a, ranks_b = memory.ranks(sort), indexed.ranks(sort)
            assert [ranks_a[i] for i in a] == [ranks_b[i] for i in b] == list(range(len(a)))


def test_unread_counts_follow_marks_one_story_at_a_time(
        corpus: tuple[str, list[Entry], Path]) -> None:
    entries = corpus[1]
    rng = random.Random(5)
    stories = sorted({entry.story for entry in entries})
    read: set[str] = set()
    for memory, indexed in _pair(corpus, False):
        for _ in range(40):  # marks, unmarks, a whole batch: counted again or step by step
            if rng.random() < 0.1:
                read.update(rng.sample(stories, 100))
            elif read and rng.random() < 0.4:
                read.discard(rng.choice(sorted(read)))
            else:
                read.add(rng.choice(stories))
            assert indexed.unread_counts(read) == memory.unread_counts(read)


def test_showing_unpublished_cards_switches_like_the_library(
        corpus: tuple[str, list[Entry], Path]) -> None:
    marks = Marks()
    for memory, indexed in _pair(corpus, False):
        for shown in (True, False, True):
            assert memory.include(shown) and indexed.include(shown)
            assert not indexed.include(shown)
            a = views_of(memory, marks, lambda: NOW).view(ViewSpec())
            b = views_of(indexed, marks, lambda: NOW).view(ViewSpec())
            assert _same(memory, indexed, a, b)


def test_next_unread_walks_like_the_library(corpus: tuple[str, list[Entry], Path]) -> None:
    marks = marks_for(corpus[1], 12)
    for memory, indexed in _pair(corpus, False):
        a_views, b_views = views_of(memory, marks, lambda: NOW), views_of(indexed, marks, lambda: NOW)
        a, b = a_views.view(ViewSpec()), b_views.view(ViewSpec())
        for position in range(-1, len(a), 7):
            for step in (1, -1):
                assert a_views.next_unread(a, position, step) == b_views.next_unread(
                    b, position, step)


def test_a_row_edited_by_hand_is_named_and_shown_as_unreadable(
        corpus: tuple[str, list[Entry], Path], tmp_path: Path) -> None:
    import sqlite3

    folder, _, shared = corpus
    cache = tmp_path / "index"
    shutil.copytree(shared, cache)
    database = sqlite3.connect(db.index_file(None, cache))
    with database:
        database.execute("UPDATE cards SET title = 7 WHERE id = (SELECT max(id) FROM cards "
                         "WHERE problem IS NULL)")
        hot = database.execute("SELECT max(id) FROM cards WHERE problem IS NULL").fetchone()[0]
    database.close()
    columns = Columns.read([folder], cache)
    assert columns is not None
    library = Library(columns, include_unpublished=True)
    said: list[str] = []
    library.on_damage = said.append
    assert "cannot be read" in library[hot].title
    assert library.damage is not None and said == [library.damage]
    library[hot]  # said once
    assert len(said) == 1
    library.close()


def test_what_a_recheck_wrote_is_new_only_when_the_card_changed(
        corpus: tuple[str, list[Entry], Path], tmp_path: Path) -> None:
    import os
    import time

    folder, _, _ = corpus
    cards = tmp_path / "cards"
    shutil.copytree(folder, cards)
    cache = tmp_path / "index"
    load([str(cards)], jobs=1, index_dir=cache)
    before = Columns.read([str(cards)], cache)
    assert before is not None
    old = Library(before)
    snapshot = old.snapshot()
    first = [Path(entry.path) for entry in old.entries_of(old.view()[:2])]  # shown ones
    text = first[0].read_text(encoding="utf-8").replace("title: ", "title: Changed ", 1)
    first[0].write_text(text, encoding="utf-8")
    now = time.time_ns()
    os.utime(first[1], ns=(now, now))  # touched, not changed: parsed again, the same card
    load([str(cards)], jobs=1, index_dir=cache)
    after = Columns.read([str(cards)], cache)
    assert after is not None
    new = Library(after)
    fresh = [new[number] for number in new.added_since(snapshot)]
    assert [entry.path for entry in fresh] == [str(first[0])]
    assert fresh[0].title.startswith("Changed ")
    old.close()
    new.close()


def test_the_stories_a_state_never_saw_are_noted_by_one_statement(
        corpus: tuple[str, list[Entry], Path], tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    from reader.core.db import arrivals as indexed_library
    from reader.core.state import State

    entries = corpus[1]
    stories = sorted({entry.story for entry in entries})
    known = stories[::3]
    for listed in (1000, 10):  # listed, and too many to list
        monkeypatch.setattr(indexed_library, "LISTED", listed)
        state, _ = State.open(tmp_path / f"state{listed}.sqlite")
        state.note_arrivals(dict.fromkeys(known, 5.0), 100.0)
        for _memory, indexed in _pair(corpus, False):
            recorded = indexed.record_arrivals(state.path, 200.0)
            expected = {entry.story for entry in entries if entry.story not in known}
            assert recorded is not None
            assert set(recorded) == (expected if listed == 1000 else set())
            assert state.arrived_since(150.0) == expected  # every one noted, at 200
            last = {entry.story: entry.heat for entry in entries}  # the last copy's heat
            assert all(state.seen_heat(story) == last[story] for story in expected)
            assert state.seen_heat(known[0]) == 5.0  # known ones keep theirs
            assert indexed.record_arrivals(state.path, 300.0) == {}  # nothing new now
            assert indexed.record_arrivals(tmp_path / "none.sqlite", 1.0) is None
        state.close()


def test_a_first_folders_stories_are_noted_as_there_before_and_not_listed(
        corpus: tuple[str, list[Entry], Path], tmp_path: Path) -> None:
    """A folder read for the first time: its stories arrived before any session (not new),
    and none is handed back to be held in memory (a first start of 100k cards held 20 MB)."""
    from reader.core.state import State

    folder, entries, _ = corpus
    state, _ = State.open(tmp_path / "state.sqlite")
    stories = {entry.story for entry in entries}
    for _memory, indexed in _pair(corpus, False):
        assert indexed.record_arrivals(state.path, 200.0, [folder]) == {}
        assert state.arrived_since(0.0) == set()  # noted at 0: there before
        assert state.arrived_since(-1.0) == set(state.seen()) == stories  # every one noted
        last = {entry.story: entry.heat for entry in entries}
        assert all(state.seen_heat(story) == last[story] for story in stories)
    state.close()


def test_rising_joins_the_states_heats_as_the_library_reads_them(
        corpus: tuple[str, list[Entry], Path], tmp_path: Path) -> None:
    from reader.core.baseline import Baseline
    from reader.core.state import State

    entries = corpus[1]
    state, _ = State.open(tmp_path / "state.sqlite")
    stories = sorted({entry.story for entry in entries})
    state.note_arrivals({story: float(n % 40) for n, story in enumerate(stories) if n % 5}, 1.0)
    baseline = Baseline(state)
    baseline.begun = True
    baseline.read(stories[7], 99.0)  # read during the session at 99: measured from there
    for memory, indexed in _pair(corpus, False):
        memory.baseline = indexed.baseline = baseline
        memory.baseline_version = indexed.baseline_version = 1
        assert _same(memory, indexed, memory.order("rising"), indexed.order("rising"))
    state.close()


def test_saved_searches_counted_apart_are_the_counts_made_in_place(
        corpus: tuple[str, list[Entry], Path]) -> None:
    """A big library's saved searches are counted on a worker's thread (the app's
    count_saved_searches does what _count_apart does here): the sidebar shows the last count
    until then, and the count that comes is the one the UI thread would have made."""
    from reader.core.load import Batch
    from reader.core.session import Session
    from reader.core.state import State

    folder, entries, cache = corpus
    state = State.memory()
    for name, query, topic_name in [("cops", "police -court", "AI"), ("unread", "is:unread", ""),
                                    ("hot unread", "heat>40 is:unread", "Economie"),
                                    ("bad", "heat>", "")]:
        state.save_search(name, query, topic_name)
    apart, here = Session(state, clock=lambda: NOW), Session(state, clock=lambda: NOW)
    for session in (apart, here):
        columns = Columns.read([folder], cache)
        assert columns is not None
        session.attach(Library(columns))
        session.stopped()
    apart.library.BIG = 0  # counted off the UI thread, as from 20,000 cards

    def counts(session: Session) -> dict[str, int | None]:
        return {row[0].name: row[2] for row in session.sidebar() if row[0].kind == "search"}

    def count_apart() -> None:
        library = apart.library
        assert isinstance(library, Library)
        for source, key in apart.counts.wanted():
            apart.counts.counted(source, key, apart.counts.count_apart(
                library, source, apart.marks.frozen(), apart.views.version))

    expected = counts(here)
    assert counts(apart) == dict.fromkeys(expected)  # none yet: the worker counts them
    count_apart()
    assert counts(apart) == expected and not apart.counts.wanted()
    apart.apply(Batch([], 0, 0, reset=True, finished=True))  # a re-check that wrote nothing
    assert counts(apart) == expected and not apart.counts.wanted()  # is not counted again
    assert expected["unread"] == here.sidebar()[0][1]  # All's unread
    assert expected["cops"] not in (None, 0)
    read = [entry for entry in entries[:40:3] if apart.library.find(entry.story) is not None]
    apart.mark(read, True)
    here.views.marks_changed()  # (one state: here sees the marks, and counts again)
    assert counts(apart) == expected  # the last counts, until the worker's come
    assert {source.name for source, _ in apart.counts._wanted.values()} == {"unread", "hot unread"}
    count_apart()
    assert counts(apart) == counts(here) != expected
    # the list of a saved search counted already shows at once; after a mark, its cards are
    # found off the UI thread first, then shown
    unread = Source("search", "unread", "is:unread")
    assert not apart.counts.wants_matching(unread)
    apart.mark(read[:1], False)
    here.views.marks_changed()
    assert apart.counts.wants_matching(unread)
    count_apart()
    assert not apart.counts.wants_matching(unread)
    shown, wanted = apart.views.view(ViewSpec(unread)), here.views.view(ViewSpec(unread))
    assert apart.library.entries_of(shown) == here.library.entries_of(wanted)
    before = expected["unread"]
    assert before is not None and len(shown) == counts(here)["unread"] == before - len(read) + 1


def test_is_terms_follow_marks_changed_a_few_at_a_time(
        corpus: tuple[str, list[Entry], Path]) -> None:
    """The mark tables `is:` reads are written whole once, then by what changed, and the last
    source view is kept until the marks change: after each of many changes (a story, a batch,
    back again) the views are the library's in memory."""
    entries = corpus[1]
    rng = random.Random(9)
    stories = sorted({entry.story for entry in entries})
    marks = Marks(set(), set(), set())
    for memory, indexed in _pair(corpus, False):
        views = views_of(memory, marks, lambda: NOW), views_of(indexed, marks, lambda: NOW)
        texts = ["is:read", "is:unread police", "is:starred OR is:new", "-is:read heat>40"]
        for step in range(30):
            for name in ("read", "starred", "new"):
                held: set[str] = getattr(marks, name)
                if rng.random() < 0.2:
                    held.update(rng.sample(stories, 40))
                elif held and rng.random() < 0.5:
                    held.difference_update(rng.sample(sorted(held), min(len(held), 3)))
                else:
                    held.add(rng.choice(stories))
            for each in views:
                each.marks_changed()
            # the source view is kept between asks: the first asked after the marks changed
            # is the last asked before
            for hide_read, text in [(True, ""), *((True, text) for text in texts),
                                    *((False, text) for text in texts), (True, "")]:
                spec = ViewSpec(Source("all"), "date", hide_read, parse(text, marks, NOW))
                a, b = views[0].view(spec), views[1].view(spec)
                assert _same(memory, indexed, a, b), (step, text, hide_read)
        assert marks.read and marks.starred and marks.new


def test_hot_and_rising_orders_are_worked_out_again_when_they_no_longer_hold(
        corpus: tuple[str, list[Entry], Path]) -> None:
    """Hot decays heat to the time: its kept order holds for the hour. Rising holds until the
    baseline changes. Both libraries keep that rule (sorts.expired)."""
    for memory, indexed in _pair(corpus, False):
        before = {sort: indexed.order(sort) for sort in ("hot", "rising")}
        assert indexed.has_order("hot") and indexed.has_order("rising")
        earliest = min(e.when for e in corpus[1] if e.when != float("-inf"))
        for library in (memory, indexed):  # another hour: back before every card (none has
            library.now = earliest  # cooled yet, where all had by the same factor)
        assert not indexed.has_order("hot") and indexed.has_order("rising")
        assert _same(memory, indexed, memory.order("hot"), indexed.order("hot"))
        assert list(indexed.order("hot")) != list(before["hot"]) and indexed.has_order("hot")
        for library in (memory, indexed):
            library.baseline = {story: heat + 1000 * (n % 2)
                                for n, (story, heat) in enumerate(library.baseline.items())}
            library.baseline_version += 1
        assert not indexed.has_order("rising")
        assert _same(memory, indexed, memory.order("rising"), indexed.order("rising"))
        assert list(indexed.order("rising")) != list(before["rising"])
