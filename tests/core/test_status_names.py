"""Saved-search names from a synced or hand-edited state file never reach a terminal raw
(issue 28, point 6): `status`, its JSON, and the reader's own changes by that name."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from reader.cli import run
from reader.core.state import State, state_file

HOSTILE = "\x1b]52;c;aGk=\x07evil\x1b[2J\x00\u202e"


def store_a_hostile_name() -> None:
    state, _ = State.open()
    state.save_search("placeholder", "police")
    state.close()
    with sqlite3.connect(state_file()) as db:
        db.execute("UPDATE searches SET name = ?, topic = ? WHERE name = 'placeholder'",
                   (HOSTILE, "AI\x1b[31m"))


def test_status_never_writes_a_control_character(seeds: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    store_a_hostile_name()
    assert run(["status", str(seeds)]) == 0
    out = capsys.readouterr().out
    assert "⌕ ]52;c;aGk=evil[2J\t" in out
    assert not any((ord(c) < 32 and c not in "\t\n") or 0x7f <= ord(c) < 0xa0 or c == "\u202e"
                   for c in out)
    assert run(["status", "--json", str(seeds)]) == 0
    searches = json.loads(capsys.readouterr().out)["searches"]
    assert list(searches) == ["]52;c;aGk=evil[2J"]


def test_a_cleaned_name_can_still_be_renamed_and_deleted() -> None:
    store_a_hostile_name()
    state, _ = State.open()
    [saved] = state.searches()
    assert saved.name == "]52;c;aGk=evil[2J" and saved.topic == "AI[31m"
    state.save_search(saved.name, "court", saved.topic)  # replaced in place, not doubled
    assert [(s.name, s.query) for s in state.searches()] == [(saved.name, "court")]
    state.delete_search(saved.name)
    assert state.searches() == []
