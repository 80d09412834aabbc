"""What the article list asks of the library: its rows by card number, read ahead a page at a
time, found by story or file, and each card's rank in a sort. The widgets see this, never
storage (reader.core.db's Library is the one that answers; an import contract keeps widgets
out of storage)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Protocol

from .card import Entry


class Rows(Protocol):
    """The library as the article list sees it."""

    def __getitem__(self, number: int) -> Entry: ...

    def cached(self, number: int) -> bool: ...

    def prefetch(self, numbers: Iterable[int]) -> None: ...

    def find(self, story: str) -> int | None: ...

    def find_file(self, path: str) -> int | None: ...

    def ranks(self, sort: str) -> Sequence[int]: ...
