"""The reading tests' local server (the feed tests' server, serving recorded article pages)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from reader.feeds import http
from tests.feeds.server import Handler, Server, serving

PAGES = Path(__file__).with_name("data")


def page(name: str) -> Callable[[Handler], None]:
    return lambda handler: handler.answer(200, (PAGES / name).read_bytes(),
                                          Content_Type="text/html; charset=utf-8")


@pytest.fixture
def server() -> Iterator[Server]:
    for served in serving():
        served.routes.update({"/boingboing": page("boingboing.net.millenials.html"),
                              "/wikimedia": page("wikimediafoundation.org.turkey.html"),
                              "/blog": page("gregoryszorc.com.python3.html")})
        yield served


@pytest.fixture
def quick(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(http, "TIMEOUT", 1.0)
    monkeypatch.setattr(http, "DEADLINE", 4.0)


__all__ = ["Handler"]
