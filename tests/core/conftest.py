"""Fixtures of the core tests."""

from __future__ import annotations

import os
import random
import time
from pathlib import Path

import pytest

from reader.core.card import Entry
from tests.conftest import front_matter
from tests.core.corpus import card_fields_of
from tests.oracle import loaded_entries


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, list[Entry], Path]:
    rng = random.Random(14)
    root = tmp_path_factory.mktemp("store")
    folder = root / "cards"
    (folder / "sub").mkdir(parents=True)
    for number in range(300):
        place = folder / "sub" if number % 5 == 0 else folder
        front = front_matter(card_fields_of(rng, number))
        (place / f"{number:03}.txt").write_text(f"---\n{front}---\n", encoding="utf-8")
    (folder / "broken.txt").write_text("no front matter\n", encoding="utf-8")
    old = time.time_ns() - 86_400 * 10**9  # old enough for the index to be trusted
    for path in folder.rglob("*.txt"):
        os.utime(path, ns=(old, old))
    cache = root / "index"
    result, result_entries = loaded_entries([str(folder)], jobs=1, index_dir=cache)
    assert len(result_entries) == 300 and not result.notes
    return str(folder), result_entries, cache


