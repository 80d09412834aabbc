"""Answers from the index database (store.py) against the in-memory Reference and Views: the same
cards in the same order, the same counts, for every sort SQL orders, query, topic and mark."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from reader.core.card import Entry
from reader.core.db import Store, schema, top
from reader.core.query import Marks, parse
from reader.core.views import ViewSpec, topic
from tests.core.corpus import NOW, QUERIES, marks_for
from tests.oracle import Reference, loaded_entries, status_counts, views_of


@pytest.mark.parametrize("sort", ["heat", "date", "quality"])
@pytest.mark.parametrize("unpublished", [False, True])
@pytest.mark.parametrize("all_copies", [False, True])
def test_the_first_cards_of_every_view_are_the_libraries(
        corpus: tuple[str, list[Entry], Path], sort: str, unpublished: bool,
        all_copies: bool) -> None:
    folder, entries, cache = corpus
    marks = marks_for(entries, hash((sort, unpublished, all_copies)) % 1000)
    library = Reference(entries, include_unpublished=unpublished, all_copies=all_copies)
    views = views_of(library, marks, lambda: NOW)
    store = Store.open([folder], cache)
    assert store is not None
    store.set_marks(marks)
    try:
        for text in QUERIES:
            for name in (None, "ai", "Economie", "Space"):
                for limit in (0, 7, 1000):
                    query = parse(text, marks, NOW)
                    spec = ViewSpec(topic(name), sort, query=query)
                    expected = [library[index] for index in views.top(spec, limit)]
                    got = top(store, limit, sort=sort, topic=name, query=query,
                                    include_unpublished=unpublished, all_copies=all_copies,
                                    now=NOW.timestamp())
                    assert got == expected, (text, name, limit)
    finally:
        store.close()


@pytest.mark.parametrize("sort", ["heat", "date", "quality"])
def test_the_first_screens_cards_are_the_libraries_and_held_for_them_alone(
        corpus: tuple[str, list[Entry], Path], sort: str) -> None:
    # The first screen's library holds a few cards of a big index: its columns hold values
    # for those cards only (arrays as long as the highest row id were 37 MB at a million).
    from reader.core.db import preview
    from reader.core.db.sparse import Sparse

    folder, entries, cache = corpus
    marks = marks_for(entries, 5)
    for unpublished in (False, True):
        library = Reference(entries, include_unpublished=unpublished)
        views = views_of(library, marks, lambda: NOW)
        for hide_read in (False, True):
            for count in (1, 7, 30):
                first = preview([folder], sort=sort, hide_read=hide_read, marks=marks,
                                count=count, include_unpublished=unpublished, directory=cache)
                assert first is not None
                try:
                    assert isinstance(first.columns.heat, Sparse)
                    assert len(dict(first.columns.heat)) <= len(first.ids) < 300 // 8
                    first.include(unpublished)
                    first.now = NOW.timestamp()
                    shown = [first[number] for number in first.view(None, sort)][:count]
                    spec = ViewSpec(sort=sort, hide_read=hide_read)
                    assert shown == [library[index] for index in views.top(spec, count)], \
                        (unpublished, hide_read, count)
                finally:
                    first.close()


def test_counts_per_topic_and_query_are_the_libraries(
        corpus: tuple[str, list[Entry], Path]) -> None:
    folder, entries, cache = corpus
    marks = marks_for(entries, 3)
    for unpublished in (False, True):
        library = Reference(entries, include_unpublished=unpublished)
        store = Store.open([folder], cache)
        assert store is not None
        store.set_marks(marks)
        try:
            topics = store.topic_counts(unpublished)
            assert [(name, counted.total) for name, counted in topics.items()] \
                == library.topics()
            views = views_of(library, marks, lambda: NOW)
            for text in QUERIES:
                query = parse(text, marks, NOW)
                stories = [library[index].story for index in views.view(ViewSpec(query=query))]
                expected = (len(stories), sum(1 for story in stories if story not in marks.read),
                            sum(1 for story in stories if story in marks.new))
                assert store.count(query=query, include_unpublished=unpublished) == expected, text
        finally:
            store.close()


def test_the_index_answers_only_while_nothing_changed(
        corpus: tuple[str, list[Entry], Path], tmp_path: Path) -> None:
    folder, _, cache = corpus
    store = Store.open([folder], cache)
    assert store is not None
    fresh = store.fresh()
    assert fresh.fresh and fresh.problems == 1  # broken.txt, as the index holds it
    store.close()
    assert Store.open([str(tmp_path)], cache) is None  # a folder never indexed
    assert Store.open([folder], tmp_path / "nothing") is None  # no index at all


def test_status_from_the_index_is_status_from_the_cards(
        corpus: tuple[str, list[Entry], Path], monkeypatch: pytest.MonkeyPatch,
        tmp_path: Path) -> None:
    from reader import status
    from reader.core.session import PREVIOUS_SETTING
    from reader.core.state import State

    folder, entries, cache = corpus
    monkeypatch.setattr(schema, "cache_dir", lambda: cache)
    state, _ = State.open(tmp_path / "state.sqlite")
    marks = marks_for(entries, 5)
    state.set_read(list(marks.read), True)  # type: ignore[call-overload]
    for number, story in enumerate(sorted(marks.starred)):  # type: ignore[call-overload]
        state.set_starred(story, number % 2 == 0)
    for name, text, where in [("cops", "police", ""), ("ai cafe", "cafe OR café", "AI"),
                              ("unread hot", "is:unread heat>50", ""), ("broken", "heat>", ""),
                              ("starred", "is:starred -topic:music", "Space")]:
        state.save_search(name, text, where)
    state.note_arrivals({story: None for story in marks.new}, 100.0)  # type: ignore[attr-defined]
    state.set_setting(PREVIOUS_SETTING, "50")  # these arrived since the last session
    store = Store.open([folder], cache)
    assert store is not None
    try:
        assert status.counted(store, state, include_unpublished=False)["all"]["new"] > 0
        for unpublished in (False, True):
            assert status.counted(store, state, include_unpublished=unpublished) \
                == status_counts(entries, state, include_unpublished=unpublished)
    finally:
        store.close()
    state.close()


def test_two_folders_one_inside_the_other_read_each_file_once(
        corpus: tuple[str, list[Entry], Path], tmp_path: Path) -> None:
    folder, _, shared = corpus
    cache = tmp_path / "index"  # the other tests' index stays as it is
    shutil.copytree(shared, cache)
    roots = [str(Path(folder) / "sub"), folder]  # sub's files are under both
    _result, result_entries = loaded_entries(roots, jobs=1, index_dir=cache)
    marks = marks_for(result_entries, 9)
    store = Store.open(roots, cache)
    assert store is not None and store.fresh().fresh is False  # the outer folder's own index
    # lacks the files the first folder gave (read once): a scan of it alone differs, so the
    # caller loads; the answer from the database is still the library's
    store.set_marks(marks)
    try:
        for all_copies in (False, True):
            library = Reference(result_entries, all_copies=all_copies)
            views = views_of(library, marks, lambda: NOW)
            for text in ("", "police", "-topic:ai", "heat>40 OR is:starred"):
                query = parse(text, marks, NOW)
                expected = [library[index] for index in views.top(ViewSpec(query=query), 50)]
                assert top(store, 50, query=query, all_copies=all_copies,
                                 now=NOW.timestamp()) == expected, text
    finally:
        store.close()


def test_check_and_list_answer_from_the_index_as_from_the_cards(
        corpus: tuple[str, list[Entry], Path], monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    import reader.core.indexing
    from reader.cli import run

    folder, _, cache = corpus
    commands = [["check", folder, "--json"], ["list", folder, "--limit", "15"],
                ["list", folder, "--limit", "9", "--query", "police OR -topic:ai", "--sort",
                 "date"], ["list", folder, "--limit", "5", "--topic", "AI"]]
    loaded = []
    monkeypatch.setattr(schema, "cache_dir", lambda: Path("/nonexistent/newsreader"))
    for command in commands:
        assert run(command) in (0, 1)  # no index: the cards are loaded
        loaded.append(capsys.readouterr().out)
    monkeypatch.setattr(schema, "cache_dir", lambda: cache)

    def no_load(*args: object, **kwargs: object) -> None:
        raise AssertionError("the index could answer")

    monkeypatch.setattr(reader.core.indexing, "load", no_load)
    for command, expected in zip(commands, loaded, strict=True):
        assert run(command) in (0, 1)
        assert capsys.readouterr().out == expected, command


@pytest.mark.parametrize("statement", [
    "UPDATE cards SET title = 7 WHERE heat = (SELECT max(heat) FROM cards)",
    "UPDATE cards SET heat = 'hot' WHERE id = (SELECT min(id) FROM cards WHERE problem IS NULL)",
    "UPDATE cards SET \"when\" = 'today' WHERE copies > 1",
])
def test_a_hand_edited_index_is_no_answer_and_never_a_traceback(
        corpus: tuple[str, list[Entry], Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str], statement: str) -> None:
    import sqlite3

    from reader.cli import run
    from reader.core import db
    from reader.core.db import preview

    folder, _, shared = corpus
    cache = tmp_path / "index"
    shutil.copytree(shared, cache)
    database = sqlite3.connect(db.index_file(None, cache))
    with database:
        database.execute(statement)
    database.close()
    first = preview([folder], sort="heat", hide_read=False, marks=Marks(), count=50,
                    include_unpublished=False, directory=cache)
    if first is not None:  # the rows it reads say so: the reader rebuilds the index
        first.prefetch(first.ids)
        assert first.damage is not None
    monkeypatch.setattr(schema, "cache_dir", lambda: cache)
    assert run(["list", folder, "--limit", "5", "--sort", "date"]) == 0  # a load answers
    out, errors = capsys.readouterr()
    assert len(out.splitlines()) == 5 and "damaged" in errors
    assert run(["list", folder, "--limit", "5", "--sort", "date"]) == 0  # rebuilt: no note
    assert capsys.readouterr().err.count("damaged") == 0


_COLUMNS = ["path", "size", "mtime", "identity", "problem", "title", "url", "heat", "quality",
            '"when"', "provider", "domain", "topics", "public", "video", "search", "story",
            "copies", "position", "provider_folded", "folders.written_ns", "folders.files"]


@pytest.mark.parametrize("value", ["text", 5, b"\x00"])
def test_any_value_of_the_wrong_type_anywhere_is_never_a_traceback(
        corpus: tuple[str, list[Entry], Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str], value: object) -> None:
    import sqlite3

    from reader.cli import run
    from reader.core import db
    from reader.core.db import preview

    folder, _, shared = corpus
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    for column in _COLUMNS:
        edited = tmp_path / "edited"
        shutil.rmtree(edited, ignore_errors=True)
        shutil.copytree(shared, edited)
        database = sqlite3.connect(db.index_file(None, edited))
        with database:  # in the hottest card's row, which every answer reads
            if column.startswith("folders."):
                database.execute(f"UPDATE folders SET {column[8:]} = ?", (value,))
            else:
                database.execute(f"UPDATE cards SET {column} = ? WHERE id = (SELECT id FROM "
                                 "cards ORDER BY heat DESC LIMIT 1)", (value,))
        database.close()
        for sort in ("heat", "date", "quality"):  # the reader's first rows
            first = preview([folder], sort=sort, hide_read=True, marks=Marks(), count=20,
                            include_unpublished=False, directory=edited)
            if first is not None:  # no traceback, ever: a row that cannot be read says so
                first.entries_of(list(first.ids))
        for command in (["list", folder, "--limit", "5"], ["check", folder], ["status", folder]):
            cache = tmp_path / "cache"
            shutil.rmtree(cache, ignore_errors=True)
            shutil.copytree(edited, cache)  # each command meets the edited index
            monkeypatch.setattr(schema, "cache_dir", lambda cache=cache: cache)
            assert run(command) in (0, 1), (column, command)
            capsys.readouterr()
