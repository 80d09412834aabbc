"""Read and starred marks and saved searches survive restarts, kills, damage and a second reader."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from reader.core import state as state_module
from reader.core import state_schema
from reader.core.state import SavedSearch, State, StateError, state_file


def test_marks_and_searches_survive_a_restart(tmp_path: Path) -> None:
    path = tmp_path / "state.sqlite3"
    state, warning = State.open(path)
    assert warning is None and state.kept
    state.set_read(["https://a.test/1", "https://a.test/2"], True)
    state.set_read(["https://a.test/2"], False)
    state.set_starred("https://a.test/3", True)
    state.save_search("ai news", "topic:ai heat>50")
    state.close()
    again, _ = State.open(path)
    assert again.read == {"https://a.test/1"} and again.starred == {"https://a.test/3"}
    assert again.searches() == [SavedSearch("ai news", "topic:ai heat>50", "")]


def test_the_default_file_is_in_the_xdg_state_dir() -> None:
    assert str(state_file()).startswith(os.environ["XDG_STATE_HOME"])


def test_a_damaged_file_is_set_aside_with_a_warning(tmp_path: Path) -> None:
    path = tmp_path / "state.sqlite3"
    path.write_bytes(b"this is not a database" * 100)
    state, warning = State.open(path)
    assert warning is not None and "damaged" in warning and "kept as state.sqlite3.damaged-" in warning
    assert state.kept and state.read == set()
    aside = [p for p in tmp_path.iterdir() if ".damaged-" in p.name]
    assert len(aside) == 1 and aside[0].read_bytes().startswith(b"this is not")


def test_a_newer_file_is_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "state.sqlite3"
    with sqlite3.connect(path) as db:
        db.execute("PRAGMA user_version = 99")
    state, warning = State.open(path)
    assert warning is not None and "newer" in warning and not state.kept
    assert [p.name for p in tmp_path.iterdir()] == ["state.sqlite3"]


def test_an_unusable_folder_gives_memory_state_and_a_warning(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    state, warning = State.open(blocker / "state.sqlite3")
    assert warning is not None and not state.kept
    state.set_read(["x"], True)
    assert state.read == {"x"}


def test_list_does_not_create_the_file(tmp_path: Path) -> None:
    state, warning = State.open(tmp_path / "none.sqlite3", create=False)
    assert warning is None and not state.kept and not (tmp_path / "none.sqlite3").exists()


def test_two_readers_at_once_both_write(tmp_path: Path) -> None:
    path = tmp_path / "state.sqlite3"
    first, _ = State.open(path)
    second, _ = State.open(path)
    for number in range(20):
        (first if number % 2 else second).set_read([f"s{number}"], True)
    third, _ = State.open(path)
    assert third.read == {f"s{n}" for n in range(20)}


MARKER = """
import sys
from pathlib import Path
from reader.core.state import State
state, _ = State.open(Path(sys.argv[1]))
print("ready", flush=True)
number = 0
while True:
    state.set_read([f"s{number}"], True)
    number += 1
    if number % 20 == 0:
        print(number, flush=True)
"""


def test_kill_9_in_the_middle_of_marking_loses_nothing_committed(tmp_path: Path) -> None:
    path = tmp_path / "state.sqlite3"
    marker = subprocess.Popen([sys.executable, "-c", MARKER, str(path)], stdout=subprocess.PIPE)
    assert marker.stdout is not None and marker.stdout.readline().strip() == b"ready"
    while int(marker.stdout.readline()) < 100:  # killed while marking, after 100 are committed
        pass
    os.kill(marker.pid, signal.SIGKILL)
    marker.wait()
    state, warning = State.open(path)
    assert warning is None
    count = len(state.read)
    assert count > 5 and state.read == {f"s{n}" for n in range(count)}  # a prefix, no gaps


def _held(path: Path) -> sqlite3.Connection:
    """Another reader in the middle of a long write: the file is locked."""
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    return holder


def test_a_held_lock_is_not_damage(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(state_module, "BUSY_SECONDS", 0.2)  # (a read-only open's wait)
    monkeypatch.setattr(state_schema, "BUSY_SECONDS", 0.2)  # (a writer's wait)
    path = tmp_path / "state.sqlite3"
    first, _ = State.open(path)
    first.set_read(["kept"], True)
    first.close()
    holder = _held(path)
    state, warning = State.open(path)
    assert warning is not None and "not kept this time" in warning and "damaged" not in warning
    assert sorted(p.name for p in tmp_path.iterdir() if "damaged" in p.name) == []
    with pytest.raises(StateError):
        state.set_read(["new"], True)
    holder.rollback()
    holder.close()
    again, warning = State.open(path)
    assert warning is None and again.read == {"kept"}


def test_a_reading_command_never_writes_the_state(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(state_module, "BUSY_SECONDS", 0.2)  # (a read-only open's wait)
    monkeypatch.setattr(state_schema, "BUSY_SECONDS", 0.2)  # (a writer's wait)
    path = tmp_path / "state.sqlite3"
    first, _ = State.open(path)
    first.set_read(["kept"], True)
    first.close()
    before = path.read_bytes()
    holder = _held(path)
    state, _ = State.open(path, create=False)  # list --query, --print-config
    assert not state.writable and not any("damaged" in p.name for p in tmp_path.iterdir())
    holder.rollback()
    holder.close()
    assert path.read_bytes() == before


@pytest.mark.parametrize("error", ["attempt to write a readonly database",
                                   "database or disk is full", "disk I/O error"])
def test_read_only_full_or_failing_files_show_the_marks(tmp_path: Path, error: str,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "state.sqlite3"
    first, _ = State.open(path)
    first.set_read(["kept"], True)
    first.set_starred("star", True)
    first.close()

    def failing(path: Path) -> sqlite3.Connection:
        raise sqlite3.OperationalError(error)

    monkeypatch.setattr(state_module, "connect", failing)
    state, warning = State.open(path)
    assert warning is not None and error in warning and "moved" not in warning
    assert state.read == {"kept"} and state.starred == {"star"} and not state.writable
    assert [p.name for p in tmp_path.iterdir() if "damaged" in p.name] == []
    with pytest.raises(StateError):
        state.set_starred("other", True)


def test_a_state_file_that_is_a_fifo_is_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "state.sqlite3"
    os.mkfifo(path)
    state, warning = State.open(path)  # returns: nothing reads from the FIFO
    assert warning is not None and "not a regular file" in warning and not state.kept
    assert path.exists() and not path.is_file()  # not moved, not replaced


def test_a_schema_1_file_keeps_its_saved_searches_and_gains_topics(tmp_path: Path) -> None:
    import sqlite3

    path = tmp_path / "old.sqlite3"
    old = sqlite3.connect(path)
    old.executescript("""
        CREATE TABLE marks (story TEXT PRIMARY KEY, read INTEGER NOT NULL DEFAULT 0,
                            starred INTEGER NOT NULL DEFAULT 0, changed REAL NOT NULL);
        CREATE TABLE settings (name TEXT PRIMARY KEY, value TEXT NOT NULL);
        CREATE TABLE searches (name TEXT PRIMARY KEY, query TEXT NOT NULL, created REAL NOT NULL);
        INSERT INTO searches VALUES ('cops', 'police', 1.0);
        PRAGMA user_version = 1;
    """)
    old.commit()
    old.close()
    reading, _ = State.open(path, create=False)  # read-only: the old shape is read as it is
    assert reading.searches() == [SavedSearch("cops", "police", "")]
    reading.close()
    state, warning = State.open(path)
    assert warning is None and state.searches() == [SavedSearch("cops", "police", "")]
    state.save_search("ai cops", "police", "AI")
    assert state.searches()[1] == SavedSearch("ai cops", "police", "AI")
    state.close()
