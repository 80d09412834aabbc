"""The feeds subscribed to (F): each with its status, last fetch, next try and error; r fetches
the highlighted one now, d removes it (after asking: its cards go with it)."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, ClassVar

from rich.segment import Segment
from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from ..core.sanitize import clean_line
from ..core.state import State, StateError
from ..core.subscriptions import GONE, Feed, Subscriptions
from ..widgets.bindings import bindings
from ..widgets.footer import Footer
from ..widgets.virtual_list import ItemList, VirtualList, fit
from .confirm import ConfirmScreen

if TYPE_CHECKING:
    from ..fetching import Fetcher


def ago(when: float | None, now: float) -> str:
    if not when:
        return "never"
    seconds = max(0, now - when)
    for size, unit in ((86_400, "d"), (3600, "h"), (60, "m")):
        if seconds >= size:
            return f"{seconds // size:.0f}{unit} ago"
    return "just now"


def later(when: float, now: float) -> str:
    seconds = when - now
    if seconds <= 0:
        return "now"
    for size, unit in ((86_400, "d"), (3600, "h"), (60, "m")):
        if seconds >= size:
            return f"in {seconds // size:.0f}{unit}"
    return "in a moment"


class FeedList(ItemList[Feed]):
    """One row per feed: its name, status and when it was fetched; a failing one in the
    warning colour, never colour alone (its status says it).

    | Class | Description |
    | --- | --- |
    | `feeds--failing` | The status of a feed whose last fetch failed. |
    """

    COMPONENT_CLASSES: ClassVar[set[str]] = {"feeds--failing"}

    def render_row(self, index: int, width: int) -> list[Segment]:
        feed, now = self.items[index], time.time()
        status = "failing" if feed.error and feed.status != GONE else feed.status
        right = f"  {status} · {ago(feed.last_fetch, now)}"
        style = self.part_style("feeds--failing") if feed.error else None
        return [Segment(fit(clean_line(feed.label, 200), max(10, width - len(right)))),
                Segment(fit(right, len(right)), style)]


class FeedsScreen(ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = bindings("feeds")

    def __init__(self, state: State, fetcher: Fetcher) -> None:
        super().__init__()
        self.state, self.fetcher = state, fetcher
        self.feeds = Subscriptions(state).all()

    def compose(self) -> ComposeResult:
        with Vertical(id="feeds-box"):
            yield Static(id="feeds-title")
            yield FeedList(self.feeds, id="feed-list")
            yield Static(id="feed-detail")
        yield Footer()

    def on_mount(self) -> None:
        self._title()
        self.query_one(FeedList).focus()
        self.set_interval(2.0, self.reload)  # statuses change as a fetch goes on

    def _title(self) -> None:
        failing = sum(1 for feed in self.feeds if feed.error)
        count = len(self.feeds)
        text = (f"{count:,} feed(s)" + (f", {failing} failing" if failing else "")
                if count else "No feeds yet: newsreader feeds add URL (or feeds import FILE.opml)")
        self.query_one("#feeds-title", Static).update(Content(text))

    def reload(self) -> None:
        listing = self.query_one(FeedList)
        current = self.current
        self.feeds = Subscriptions(self.state).all()
        listing.items = self.feeds
        position = next((n for n, feed in enumerate(self.feeds)
                         if current is not None and feed.url == current.url), 0)
        listing.set_row_count(len(self.feeds), position)
        self._title()
        self._detail(listing.cursor)

    @property
    def current(self) -> Feed | None:
        cursor = self.query_one(FeedList).cursor
        return self.feeds[cursor] if 0 <= cursor < len(self.feeds) else None

    @on(VirtualList.Highlighted, "#feed-list")
    def _highlighted(self, message: VirtualList.Highlighted) -> None:
        self._detail(message.index)

    def _detail(self, index: int) -> None:
        detail = self.query_one("#feed-detail", Static)
        if not 0 <= index < len(self.feeds):
            detail.update("")
            return
        feed, now = self.feeds[index], time.time()
        lines: list[str | tuple[str, str]] = [
            (clean_line(feed.url, 2000), "bold"), "\n",
            f"{feed.status} · {feed.entries:,} entries · fetched {ago(feed.last_fetch, now)}"
            + (f" · topic {feed.topic}" if feed.topic else "")
            + ("" if feed.status == GONE else f" · next try {later(feed.next_try, now)}")]
        if feed.error:
            lines += ["\n", (clean_line(feed.error, 500), "$warning")]
        detail.update(Content.assemble(*lines))

    def action_fetch_one(self) -> None:
        feed = self.current
        if feed is not None and self.fetcher.fetch([feed.url], then=self.reload):
            self.notify(f"Fetching {clean_line(feed.label, 80)}…", markup=False, timeout=2)

    def action_remove(self) -> None:
        feed = self.current
        if feed is None:
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self._remove(feed)

        self.app.push_screen(ConfirmScreen(
            f"Remove the feed {clean_line(feed.label, 80)}? Its cards go with it."), answered)

    def _remove(self, feed: Feed) -> None:
        from ..feeds.run import forget

        try:
            forget(self.state, feed.url)
        except (StateError, OSError) as error:
            self.notify(f"Not removed: {error}", severity="error", markup=False)
            return
        self.notify(f"Removed {clean_line(feed.label, 80)}.", markup=False, timeout=3)
        self.reload()
        self.app.written()  # type: ignore[attr-defined]  # its cards leave, now or after a load

    def action_close(self) -> None:
        self.dismiss(None)
