"""Driving the reader in tests: start it on cards, wait for loading, read what is on screen."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import Static

from reader.app import NewsReader
from reader.screens.main import DETAIL_DELAY, SEARCH_DELAY
from reader.widgets.articles import ArticleList
from reader.widgets.detail import DetailPane
from reader.widgets.topics import TopicList
from tests.conftest import frozen_clock


def make_app(*paths: Path | str) -> NewsReader:
    return NewsReader([str(p) for p in paths], clock=frozen_clock, jobs=1)


async def settle(pilot: Pilot[None]) -> None:
    """Let loading, browser workers, the detail pane's short delay and their messages finish."""
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause(max(DETAIL_DELAY, SEARCH_DELAY) * 2)
    await pilot.pause()


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


@dataclass
class FakeBrowser:
    """Stands in for webbrowser's browser: records what it was asked to open."""

    name: str = "firefox"
    opened: list[str] = field(default_factory=list)

    def open(self, url: str, new: int = 0, autoraise: bool = True) -> bool:
        self.opened.append(url)
        return True
