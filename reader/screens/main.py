"""The reading screen: topics, articles sorted by heat, and the story in detail."""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Footer, Static

from ..core.card import Card, Problem
from ..core.library import SORT_LABELS, SORTS
from ..core.parse import parse_file
from ..widgets.articles import ArticleList
from ..widgets.detail import DetailPane, LinkRequest
from ..widgets.topics import TopicList
from ..widgets.virtual_list import VirtualList

if TYPE_CHECKING:
    from ..app import NewsReader


DETAIL_DELAY = 0.06
"""Seconds the cursor rests on a card before the detail pane reads and shows it."""


@lru_cache(maxsize=128)
def read_card(path: str) -> Card | Problem:
    """The whole card behind a list row, read when it is shown (the library keeps slim entries)."""
    return parse_file(path)


class MainScreen(Screen[None]):
    """Three panes; the sidebar folds away on narrow terminals (b brings it back)."""

    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-wide")]  # noqa: RUF012 - Textual API

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("o", "open", "Open", tooltip="Open the article in the browser"),
        Binding("c", "copy", "Copy URL", tooltip="Copy the article's URL"),
        Binding("s", "sort", "Sort", tooltip="Sort by heat, newest, quality, title"),
        Binding("b", "toggle_sidebar", "Sidebar", tooltip="Show or hide the topic sidebar"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.sort = "heat"
        self.moved = False  # has the user moved the cursor (then loading keeps their card)
        self._detail_timer: Timer | None = None

    @property
    def reader(self) -> NewsReader:
        from ..app import NewsReader

        assert isinstance(self.app, NewsReader)
        return self.app

    def compose(self) -> ComposeResult:
        with Horizontal(id="body"):
            yield TopicList(id="topics")
            with Vertical(id="reading"):
                yield ArticleList(self.reader.library, clock=self.reader.clock, id="articles")
                yield DetailPane(id="detail")
        yield Static(id="status")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(ArticleList).focus()
        self.refresh_views()

    # --- views ----------------------------------------------------------------------------

    def refresh_views(self) -> None:
        """Redraw the sidebar and list from the library (while loading, as cards arrive)."""
        library = self.reader.library
        self.query_one(TopicList).show(len(library), library.topics())
        self._show_articles(keep=self.moved)

    def _show_articles(self, keep: bool) -> None:
        articles = self.query_one(ArticleList)
        topic = self.query_one(TopicList).current
        articles.show(self.reader.library.view(topic, self.sort),
                      keep=articles.current if keep else None)
        self.update_status()

    def update_status(self) -> None:
        """Topic, count, sort, loading progress and skipped files, in one line."""
        reader = self.reader
        articles = self.query_one(ArticleList)
        topic = self.query_one(TopicList).current or "All"
        parts = [f"{topic} · {len(articles.view):,} card(s) · sorted by {SORT_LABELS[self.sort]}"]
        if reader.progress is not None:
            done, total = reader.progress
            parts.append(f"reading cards {done:,}/{total:,}…" if total else "checking for changes…")
        if reader.problems:
            parts.append(f"{len(reader.problems):,} file(s) skipped (p lists them)")
        if reader.library.hidden_unpublished:
            parts.append(f"{reader.library.hidden_unpublished:,} unpublished hidden")
        self.query_one("#status", Static).update(Content(" · ".join(parts)))
        articles.border_subtitle = f"by {SORT_LABELS[self.sort]}"

    @on(VirtualList.Highlighted, "#topics")
    def _topic_highlighted(self) -> None:
        self.moved = False
        self._show_articles(keep=False)

    @on(VirtualList.Selected, "#topics")
    def _topic_selected(self) -> None:
        self.query_one(ArticleList).focus()

    @on(VirtualList.Highlighted, "#articles")
    def _article_highlighted(self, event: VirtualList.Highlighted) -> None:
        # The list moves at once; the story follows when the cursor rests, so holding j over
        # 100,000 rows never waits for files to be read and related items to be laid out.
        if self._detail_timer is not None:
            self._detail_timer.stop()
        self._detail_timer = self.set_timer(DETAIL_DELAY, self.show_detail)

    def show_detail(self) -> None:
        """Show the highlighted card in the detail pane (reads its file)."""
        self._detail_timer = None
        entry = self.query_one(ArticleList).current
        pane = self.query_one(DetailPane)
        if entry is not None and pane.card is not None and pane.card.path == entry.path:
            return
        card = read_card(entry.path) if entry is not None else None
        pane.show(entry, card, self.reader.clock())

    @on(VirtualList.Selected, "#articles")
    def _article_selected(self) -> None:
        self.action_open()

    @on(LinkRequest)
    def _link_request(self, request: LinkRequest) -> None:
        if request.action == "open":
            self.reader.open_link(request.url)
        else:
            self.reader.copy_link(request.url)

    def on_key(self) -> None:
        self.moved = True

    # --- actions ----------------------------------------------------------------------------

    def action_open(self) -> None:
        """Open the highlighted article in the browser."""
        entry = self.query_one(ArticleList).current
        if entry is None:
            self.notify("No article to open.", severity="warning")
        else:
            self.reader.open_link(entry.url)

    def action_copy(self) -> None:
        """Copy the highlighted article's URL."""
        entry = self.query_one(ArticleList).current
        if entry is None:
            self.notify("No article to copy.", severity="warning")
        else:
            self.reader.copy_link(entry.url)

    def action_sort(self) -> None:
        """Next sort order; the highlighted card stays highlighted."""
        self.sort = SORTS[(SORTS.index(self.sort) + 1) % len(SORTS)]
        self._show_articles(keep=True)
        self.notify(f"Sorted by {SORT_LABELS[self.sort]}", timeout=2)

    def action_toggle_sidebar(self) -> None:
        """Show or hide the topic sidebar."""
        self.toggle_class("-sidebar-toggled")
        topics = self.query_one(TopicList)
        if topics.has_focus:
            self.query_one(ArticleList).focus()
