"""Driving the reader in tests: start it on cards, wait for loading, read what is on screen."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import Static

from reader.app import NewsReader
from reader.commands import clashes, ids
from reader.core.config import config_file, load_config
from reader.widgets.articles import ArticleList
from reader.widgets.detail import DetailPane
from reader.widgets.topics import TopicList
from tests.conftest import FakeBrowser, frozen_clock


def make_app(*paths: Path | str) -> NewsReader:
    return NewsReader([str(p) for p in paths], clock=frozen_clock, jobs=1)


def write_config(text: str) -> None:
    """Write the user's config.toml (in the test's own XDG_CONFIG_HOME)."""
    config_file().parent.mkdir(parents=True, exist_ok=True)
    config_file().write_text(text, encoding="utf-8")


def configured_app(*paths: Path | str) -> NewsReader:
    """The reader as the CLI starts it: with config.toml read and its [keys] checked."""
    return NewsReader([str(p) for p in paths], clock=frozen_clock, jobs=1,
                      config=load_config(known_actions=ids(), check_keys=clashes))


async def settle(pilot: Pilot[None]) -> None:
    """Let loading, browser workers, the story pane and their messages finish (the delays are
    zero in tests: tests/conftest.py)."""
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.pause()


async def wait_until(pilot: Pilot[None], condition: Callable[[], bool], *,
                     limit: float = 10.0) -> None:
    """Wait until condition() holds, letting the app run; fail after `limit` seconds."""
    deadline = time.monotonic() + limit
    while not condition():
        assert time.monotonic() < deadline, "the condition never held"
        await pilot.pause(0.01)


def articles(app: NewsReader) -> ArticleList:
    return app.main_screen.query_one(ArticleList)


def topics(app: NewsReader) -> TopicList:
    return app.main_screen.query_one(TopicList)


def highlighted_title(app: NewsReader) -> str | None:
    entry = articles(app).current
    return entry.title if entry else None


def detail_text(app: NewsReader) -> str:
    """Every piece of text in the detail pane, as plain text."""
    pane = app.main_screen.query_one(DetailPane)
    return "\n".join(str(static.visual) for static in pane.query(Static))


def notifications(app: NewsReader) -> list[str]:
    return [n.message for n in app._notifications]

__all__ = [
    "FakeBrowser",
    "articles",
    "configured_app",
    "detail_text",
    "highlighted_title",
    "make_app",
    "notifications",
    "settle",
    "topics",
    "wait_until",
    "write_config",
]
