"""`newsreader feeds ...` and `newsreader fetch` (issue 24, point 1 and the exit codes)."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from reader.cli import run
from reader.core.state import SCHEMA, State, state_file
from reader.core.subscriptions import Subscriptions
from tests.feeds.server import Server, status


def opml(server: Server) -> str:
    return f"""<?xml version="1.0"?>
<opml version="2.0"><head><title>mine</title></head><body>
  <outline text="Tech">
    <outline type="rss" text="RSS sample" xmlUrl="{server.url('/data/rss2sample.xml')}"/>
    <outline type="rss" text="Sam Ruby" xmlUrl="{server.url('/data/intertwingly.atom')}"/>
  </outline>
  <outline text="News">
    <outline type="rss" text="JSON" xmlUrl="{server.url('/data/jsonfeed.json')}"/>
    <outline type="rss" text="Broken" xmlUrl="{server.url('/broken')}"/>
    <outline type="rss" text="Local file" xmlUrl="file:///etc/passwd"/>
  </outline>
  <outline type="rss" text="No topic" xmlUrl="{server.url('/data/rss10.rdf')}"/>
</body></opml>"""


def test_an_opml_with_broken_feeds_imports_fetches_and_round_trips(
        server: Server, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    server.routes["/broken"] = status(500)
    mine = tmp_path / "mine.opml"
    mine.write_text(opml(server))
    assert run(["feeds", "import", str(mine)]) == 1  # the file: link is skipped, and named
    out, err = capsys.readouterr()
    assert "5 feed(s) subscribed" in out and "file:///etc/passwd: not an http(s) link" in err
    assert run(["fetch"]) == 1  # one feed failed: named, with its reason
    out = capsys.readouterr().out
    assert f"{server.url('/broken')}: HTTP 500" in out and "5 feed(s) fetched, 1 failed" in out
    assert run(["feeds", "list", "--json"]) == 0
    listed = {row["url"]: row for row in json.loads(capsys.readouterr().out)}
    assert listed[server.url("/data/intertwingly.atom")]["topic"] == "Tech"
    assert listed[server.url("/broken")]["error"] == "HTTP 500"
    assert listed[server.url("/broken")]["next_try"] is not None
    assert listed[server.url("/data/rss10.rdf")]["status"] == "ok"
    assert run(["feeds", "export"]) == 0
    exported = capsys.readouterr().out
    state, _ = State.open()
    before = {(f.url, f.topic) for f in Subscriptions(state).all()}
    for feed in Subscriptions(state).all():
        Subscriptions(state).remove(feed.url)
    state.close()
    (tmp_path / "back.opml").write_text(exported)
    assert run(["feeds", "import", str(tmp_path / "back.opml")]) == 0
    state, _ = State.open()
    assert {(f.url, f.topic) for f in Subscriptions(state).all()} == before
    state.close()


def test_fetch_json_gives_one_object_per_feed(server: Server,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    server.routes["/gone"] = status(410)
    assert run(["feeds", "add", server.url("/data/rss2sample.xml")]) == 0
    assert run(["feeds", "add", server.url("/gone")]) == 2  # not subscribed: it answers 410
    assert "HTTP 410" in capsys.readouterr().err
    state, _ = State.open()
    Subscriptions(state).add(server.url("/gone"))  # as if it went away after subscribing
    state.close()
    assert run(["fetch", "--json"]) == 1
    rows = {row["url"]: row for row in json.loads(capsys.readouterr().out)}
    assert rows[server.url("/gone")]["error"] == "HTTP 410: gone, no longer fetched"
    assert rows[server.url("/data/rss2sample.xml")]["status"] == "ok"


def test_a_page_is_followed_to_its_feed(server: Server, capsys: pytest.CaptureFixture[str]) -> None:
    server.routes["/blog"] = lambda handler: handler.answer(
        200, b'<html><head><link rel="alternate" type="application/rss+xml" '
             b'href="/data/rss10.rdf"></head><body>A blog</body></html>', Content_Type="text/html")
    assert run(["feeds", "add", server.url("/blog"), "--topic", "Blogs"]) == 0
    assert f"subscribed to {server.url('/data/rss10.rdf')}" in capsys.readouterr().out
    state, _ = State.open()
    [feed] = Subscriptions(state).all()
    assert (feed.url, feed.topic) == (server.url("/data/rss10.rdf"), "Blogs")
    state.close()


@pytest.mark.parametrize("url", ["file:///etc/passwd", "javascript:alert(1)", "ftp://x.example/f",
                                 "not a url"])
def test_a_url_that_is_not_http_is_a_sentence_and_exit_2(
        url: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["feeds", "add", url]) == 2
    err = capsys.readouterr().err
    assert "is not a feed address" in err and "Traceback" not in err


def test_remove_takes_the_feeds_cards_with_it(server: Server,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["feeds", "add", server.url("/data/rss2sample.xml")]) == 0
    assert run(["fetch"]) == 0
    from reader.feeds.cards import feeds_folder

    assert len(list(feeds_folder().glob("*.md"))) == 4
    assert run(["feeds", "remove", server.url("/data/rss2sample.xml")]) == 0
    assert list(feeds_folder().glob("*.md")) == []
    assert run(["feeds", "remove", server.url("/data/rss2sample.xml")]) == 2


def test_a_schema_3_state_file_gains_the_feeds_table_and_keeps_its_marks() -> None:
    path = state_file()
    path.parent.mkdir(parents=True)
    with sqlite3.connect(path) as db:
        db.executescript("""
            CREATE TABLE marks (story TEXT PRIMARY KEY, read INTEGER NOT NULL DEFAULT 0,
                                starred INTEGER NOT NULL DEFAULT 0, changed REAL NOT NULL);
            CREATE TABLE settings (name TEXT PRIMARY KEY, value TEXT NOT NULL);
            CREATE TABLE searches (name TEXT PRIMARY KEY, query TEXT NOT NULL, created REAL NOT NULL,
                                   topic TEXT NOT NULL DEFAULT '', alert INTEGER NOT NULL DEFAULT 0);
            INSERT INTO marks VALUES ('https://a.example/1', 1, 1, 0);
            PRAGMA user_version = 3;""")
    state, warning = State.open()
    assert warning is None and state.read == {"https://a.example/1"}
    assert Subscriptions(state).add("https://feeds.example/rss", topic="T")
    assert [feed.url for feed in Subscriptions(state).all()] == ["https://feeds.example/rss"]
    state.close()
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA == 4
