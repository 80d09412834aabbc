"""The feed tests' local server, and a state file to subscribe in."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from reader.core.state import State
from reader.feeds import http
from tests.feeds.server import Server, serving


@pytest.fixture
def server() -> Iterator[Server]:
    yield from serving()


@pytest.fixture
def state() -> Iterator[State]:
    opened, _ = State.open()
    yield opened
    opened.close()


@pytest.fixture
def quick(monkeypatch: pytest.MonkeyPatch) -> None:
    """Timeouts of 1 s and a deadline of 4 s, so a server that never answers costs seconds
    (and a busy machine still reads a 10 MB body within the deadline)."""
    monkeypatch.setattr(http, "TIMEOUT", 1.0)
    monkeypatch.setattr(http, "DEADLINE", 4.0)
