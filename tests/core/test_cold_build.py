"""One cold build at a time (issue 28, point 9): a load that finds another process building the
index waits for it, then reads what it wrote instead of parsing every card too."""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

import pytest

from reader.core import load as loading
from reader.core.db import Columns, index_file
from reader.core.file_lock import FileLock
from tests.conftest import CardWriter, card_fields


def test_a_second_cold_load_waits_for_the_builder_and_parses_nothing(
        write_card: CardWriter, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for number in range(60):  # written a minute ago: an index made of them is trusted
        card = write_card(f"{number:03}.txt", **card_fields(f"Story {number}", number))
        os.utime(card, (time.time() - 60, time.time() - 60))
    folder = str(tmp_path / "cards")
    monkeypatch.setattr(loading, "BUILD_ALONE_FROM", 50)
    waiting = threading.Event()
    take = FileLock.acquire

    def noted(self: FileLock, **options: object) -> bool | None:
        waiting.set()
        return take(self, **options)  # type: ignore[arg-type]

    monkeypatch.setattr(FileLock, "acquire", noted)
    builder = FileLock(index_file(None, None).with_suffix(".building"))
    assert take(builder) is False  # another process, building
    results: list[loading.LoadResult] = []
    second = threading.Thread(target=lambda: results.append(loading.load([folder], jobs=1)))
    second.start()
    assert waiting.wait(10)
    built = loading._load([folder], jobs=1)  # what the builder does while holding the lock
    assert built.parsed == 60
    builder.release()
    second.join(20)
    [result] = results
    columns = Columns.read([folder])
    assert result.parsed == 0 and columns is not None and len(columns.members) == 60


def test_a_small_parse_takes_no_lock(write_card: CardWriter, tmp_path: Path,
                                     monkeypatch: pytest.MonkeyPatch) -> None:
    write_card("a.txt", **card_fields("Alone", 10))
    monkeypatch.setattr(FileLock, "acquire", lambda *a, **k: pytest.fail("locked"))
    assert loading.load([str(tmp_path / "cards")], jobs=1).parsed == 1
