"""A cold load stores its cards batch by batch, and the library grows from the rows stored
(issue 25): after every batch the one library holds what the reference model holds of the
cards stored so far, and the WAL file stays bounded (a read transaction held across the load
kept every batch in it: 177 MB at 100k cards)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from reader.core import load as loading
from reader.core.db import Columns, Library, index_file
from reader.core.load import Batch, load
from reader.core.query import Marks
from reader.core.views import ViewSpec
from tests.conftest import CardWriter, card_fields
from tests.core.corpus import NOW
from tests.oracle import Reference, loaded_entries, views_of


def _write(write_card: CardWriter, count: int) -> None:
    for number in range(count):  # copies (one story in three is shared) and ties of heat
        write_card(f"{number:04}.txt", **card_fields(
            f"Story {number % 997}", heat=number % 50, topics=[f"T{number % 7}"],
            url=f"https://news.example/{number % (count * 2 // 3)}"))


def test_the_library_grows_with_every_batch_as_the_reference_says(
        write_card: CardWriter, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _write(write_card, 1000)
    monkeypatch.setattr(loading, "SLOWER", 0.0)  # a batch for every chunk, however slow
    folder = str(tmp_path / "cards")
    grown: list[Columns] = []
    checked: list[int] = []

    def arrived(batch: Batch) -> None:
        if not batch.stored or batch.finished:
            return
        columns = Columns.read([folder], since=grown[-1] if grown else None, snapshot=False)
        assert columns is not None
        grown[:] = [columns]
        library = Library(columns)
        stored = library.entries_of(list(columns.members))  # in load order
        oracle = Reference(stored)
        for sort in ("heat", "date", "title", "quality"):
            got = [library[number] for number in views_of(library, Marks(), lambda: NOW)
                   .source_view(_spec(sort))]
            expected = [oracle[index] for index in views_of(oracle, Marks(), lambda: NOW)
                        .source_view(_spec(sort))]
            assert got == expected, (batch.stored, sort)
        assert library.topics() == oracle.topics()
        checked.append(len(stored))

    result = load([folder], jobs=1, interval=0.0, on_progress=arrived)
    assert result.parsed == 1000 and len(checked) >= 4  # grown with every chunk but the last
    assert checked == sorted(checked) and checked[-1] < 1000
    _, everything = loaded_entries([folder])  # and the whole, once complete
    assert len(everything) == 1000


def _spec(sort: str) -> ViewSpec:
    return ViewSpec(sort=sort)


def test_the_wal_file_stays_bounded_through_a_cold_load(
        write_card: CardWriter, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _write(write_card, 5000)
    folder = str(tmp_path / "cards")
    monkeypatch.setattr(loading, "STORE_EVERY", 250)  # many batches, as a long load has
    wal = Path(f"{index_file()}-wal")
    grown: list[Library] = []
    sizes: list[int] = []

    def arrived(batch: Batch) -> None:  # what the reader does: shows the rows stored so far
        if batch.stored and not batch.finished:
            columns = Columns.read([folder], since=grown[-1].columns if grown else None,
                                   snapshot=False)
            assert columns is not None
            if grown:
                grown[-1].close()
            grown[:] = [Library(columns)]
            grown[-1].prefetch(list(columns.members)[:50])  # the rows on screen
        sizes.append(os.path.getsize(wal) if wal.exists() else 0)

    load([folder], jobs=1, interval=0.0, on_progress=arrived)
    assert len(sizes) >= 5
    # SQLite checkpoints at 1,000 pages (4 MB) and then writes the WAL from its start again,
    # unless a reader holds a snapshot in it: then every batch stays (11.6 MB here).
    assert max(sizes) < 7_000_000, sizes
