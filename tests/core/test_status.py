"""`newsreader status` (issue 15): unread, new and total for All, topics and saved searches, from
the index and the state, agreeing with the reader's own sidebar."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pytest

from reader.cli import run
from reader.core.load import load
from reader.core.session import Session
from reader.core.state import State
from tests.conftest import CardWriter, card_fields, frozen_clock
from tests.oracle import indexed


def test_status_agrees_with_the_readers_sidebar(write_card: CardWriter, tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "cards"
    write_card("a.txt", **card_fields("Police body cameras", 90, topics=["AI"]))
    write_card("b.txt", **card_fields("Facial recognition", 70, topics=["AI", "Vision"]))
    write_card("c.txt", **card_fields("Chip exports", 40, topics=["Trade"]))

    def session_at(hours: int) -> Session:
        state, _ = State.open()
        session = Session(state, clock=lambda: frozen_clock() + timedelta(hours=hours))
        session.attach(indexed([str(folder)]))
        session.stopped()
        session.note_arrivals(at_start=True)
        return session

    first = session_at(0)
    first.mark([first.library[first.library.ids[0]]], True)
    assert first.save_search("cops", "police") is None
    first.state.close()
    write_card("d.txt", **card_fields("Police drones", 80, topics=["AI"]))
    second = session_at(5)  # the reader, open now: d.txt arrived since the last session
    sidebar = {source.label: (unread, total) for source, unread, total in second.sidebar()}
    second.state.close()

    assert run(["status", str(folder), "--json"]) == 0
    status = json.loads(capsys.readouterr().out)
    assert status["all"] == {"unread": 3, "new": 1, "total": 4}
    assert (status["all"]["unread"], status["all"]["total"]) == sidebar["All"]
    assert status["topics"]["AI"] == {"unread": 2, "new": 1, "total": 3}
    assert (status["topics"]["AI"]["unread"], status["topics"]["AI"]["total"]) == sidebar["AI"]
    assert status["topics"]["Trade"] == {"unread": 1, "new": 0, "total": 1}
    assert status["searches"]["cops"] == {"unread": 1, "new": 1, "total": 2}
    assert sidebar["⌕ cops"] == (1, 2) and sidebar["✦ New"] == (None, 1)  # as status counts
    assert run(["status", str(folder)]) == 0
    assert capsys.readouterr().out.splitlines()[0] == "All\t3 unread · 1 new · 4 cards"


def test_status_reads_the_index_and_never_parses_again(write_card: CardWriter, tmp_path: Path,
                                                       capsys: pytest.CaptureFixture[str],
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    write_card("a.txt", **card_fields("Indexed", 10))
    folder = tmp_path / "cards"
    load([str(folder)])  # the reader has read the folder once: its index exists
    import reader.core.indexing

    def no_scan(*args: object, **kwargs: object) -> None:
        raise AssertionError("status scanned or parsed the folder")

    monkeypatch.setattr(reader.core.indexing, "load", no_scan)
    monkeypatch.setattr(reader.core.db.Store, "fresh", no_scan)
    assert run(["status", str(folder), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["all"]["total"] == 1
