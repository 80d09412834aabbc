"""A damaged state file costs only what cannot be read, and two readers racing on it lose no
mark (issue 28, points 2 and 3)."""

from __future__ import annotations

import multiprocessing
import random
import sqlite3
from pathlib import Path

import pytest

from reader.core.state import State

READ = [f"https://news.example/{n}" for n in range(10)]
STARRED = [f"https://stars.example/{n}" for n in range(5)]


def a_state_with_marks(path: Path) -> None:
    state, warning = State.open(path)
    assert warning is None
    state.set_read(READ, True)
    for story in STARRED:
        state.set_starred(story, True)
    for n in range(3):
        state.save_search(f"search {n}", f"police {n}")
    state.note_arrivals({f"https://seen.example/{n}": float(n) for n in range(3000)}, 1000.0)
    state.close()
    with sqlite3.connect(path) as db:
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def spoil_a_leaf_page_of(path: Path, name: str, seed: int = 1) -> None:
    """2,000 random bytes in the middle of one leaf page of a table or an index."""
    with sqlite3.connect(path) as db:
        pages = [row[0] for row in db.execute(
            "SELECT pageno FROM dbstat WHERE name = ? AND pagetype = 'leaf'", (name,))]
        size = db.execute("PRAGMA page_size").fetchone()[0]
    data = bytearray(path.read_bytes())
    chance = random.Random(seed)
    start = (pages[len(pages) // 2] - 1) * size + 100
    data[start:start + 2000] = bytes(chance.getrandbits(8) for _ in range(2000))
    path.write_bytes(bytes(data))


def kept_aside(folder: Path) -> list[Path]:
    return [path for path in folder.glob("state.sqlite3.damaged-*")
            if not path.name.endswith(("-wal", "-shm"))]


def test_a_bad_page_of_an_index_costs_no_mark(tmp_path: Path) -> None:
    path = tmp_path / "state.sqlite3"
    a_state_with_marks(path)
    spoil_a_leaf_page_of(path, "seen_by_time")
    state, warning = State.open(path)
    assert warning is not None
    assert "10 read mark(s), 5 star(s), 3 saved search(es)" in warning and "nothing was lost" in warning
    assert warning.count("\n") == 0 and len(warning) < 400  # one sentence, no check output
    assert state.read == set(READ) and state.starred == set(STARRED)
    assert [saved.name for saved in state.searches()] == ["search 0", "search 1", "search 2"]
    assert len(state.seen()) == 3000
    state.close()
    assert len(kept_aside(tmp_path)) == 1
    again, warning = State.open(path)  # the fresh file is whole
    assert warning is None and again.read == set(READ)


def test_a_bad_page_of_a_table_costs_only_its_rows(tmp_path: Path) -> None:
    path = tmp_path / "state.sqlite3"
    a_state_with_marks(path)
    spoil_a_leaf_page_of(path, "seen")
    state, warning = State.open(path)
    assert warning is not None and "some rows of seen could not be read" in warning
    assert state.read == set(READ) and state.starred == set(STARRED)
    assert len(state.searches()) == 3
    assert 0 < len(state.seen()) < 3000


def open_and_mark(path: str, story: str, start: multiprocessing.synchronize.Barrier) -> None:
    start.wait()
    state, _ = State.open(Path(path))
    state.set_starred(story, True)
    state.close()


@pytest.mark.parametrize("trial", range(50))
def test_two_readers_racing_on_a_damaged_file_lose_no_mark(tmp_path: Path, trial: int) -> None:
    path = tmp_path / "state.sqlite3"
    a_state_with_marks(path)
    spoil_a_leaf_page_of(path, "seen_by_time", seed=trial)
    context = multiprocessing.get_context("fork")
    start = context.Barrier(2)
    readers = [context.Process(target=open_and_mark, args=(str(path), f"https://new/{n}", start))
               for n in range(2)]
    for reader in readers:
        reader.start()
    for reader in readers:
        reader.join(30)
        assert reader.exitcode == 0
    state, warning = State.open(path)
    assert warning is None
    assert state.starred == {*STARRED, "https://new/0", "https://new/1"}
    assert state.read == set(READ)
    assert len(kept_aside(tmp_path)) == 1  # the original, kept
