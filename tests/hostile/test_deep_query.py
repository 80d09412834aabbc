"""A query nested 10,000 deep (issue 23): a sentence in the search line, in `list --query`
(exit 2), in a stored saved search (the reader starts, the search shows ⚠ and counts nothing,
the others still count) and in `newsreader status` (issue 28: unreadable, counted as nothing)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from textual import events
from textual.widgets import Static

from reader.cli import run
from reader.core.boolean import DEEPEST
from reader.core.query import QueryError, parse
from reader.core.state import State
from reader.widgets.search import SearchBar, SearchLine
from reader.widgets.status import StatusLine
from tests.app.helpers import articles, make_app, settle, topics, wait_until

DEEP = "(" * 10_000 + "police" + ")" * 10_000
SENTENCE = f"parentheses nest at most {DEEPEST} deep"


def test_parentheses_nest_at_most_64_deep() -> None:
    assert parse("(" * DEEPEST + "police" + ")" * DEEPEST).where()
    with pytest.raises(QueryError, match=SENTENCE):
        parse("(" * (DEEPEST + 1) + "police" + ")" * (DEEPEST + 1))
    with pytest.raises(QueryError, match=SENTENCE):
        parse("-(" * 10_000 + "police" + ")" * 10_000)
    with pytest.raises(QueryError, match=SENTENCE):
        parse(DEEP)


def test_list_query_says_it_and_exits_2(seeds: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["list", "--query", DEEP, str(seeds)]) == 2
    err = capsys.readouterr().err
    assert SENTENCE in err and "Traceback" not in err and len(err) < 400


def store_searches() -> None:
    state, _ = State.open()
    state.save_search("deep", DEEP)
    state.save_search("police", "police")
    state.close()


def test_status_counts_an_unreadable_search_as_nothing(seeds: Path,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    store_searches()
    assert run(["status", str(seeds)]) == 0
    out = capsys.readouterr().out
    assert f"⌕ deep\tcannot be read: {SENTENCE}" in out
    assert "⌕ police\t1 unread · 0 new · 1 card\n" in out  # not "1 cards" (issue 27)
    assert run(["status", "--json", str(seeds)]) == 0
    searches = json.loads(capsys.readouterr().out)["searches"]
    assert searches["deep"]["total"] == 0 and SENTENCE in searches["deep"]["error"]
    assert searches["police"]["total"] == 1


async def test_the_reader_starts_with_an_unreadable_saved_search(seeds: Path) -> None:
    store_searches()
    app = make_app(seeds)
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(pilot)
        rows = {source.label: total for source, _, total in topics(app).rows}
        assert rows["⌕ deep ⚠"] is None and rows["⌕ police"] == 1
        topics(app).focus()
        await pilot.press("j", "j")
        await wait_until(pilot, lambda: topics(app).current.name == "deep")
        await wait_until(pilot, lambda: len(articles(app).view) == 0)
        status = str(app.main_screen.query_one(StatusLine).visual)
        assert f"cannot be read: {SENTENCE}" in status and len(status) < 400


async def test_the_search_line_says_it(seeds: Path) -> None:
    app = make_app(seeds)
    async with app.run_test(size=(120, 35)) as pilot:
        await settle(pilot)
        await pilot.press("slash")
        bar = app.main_screen.query_one(SearchBar)
        bar.query_one(SearchLine).post_message(events.Paste(DEEP))
        error = bar.query_one("#search-error", Static)
        await wait_until(pilot, lambda: SENTENCE in str(error.visual))
        assert len(articles(app).view) == 1  # the list keeps the last good result
