"""The reading view (Enter on an article): the article's own text in the terminal.

It opens at once and fetches off the UI thread: keys answer meanwhile, and Esc comes back to the
list on the same card (the fetch's answer is then dropped). A page read before shows from the
cache, saying it is a saved copy and from when. When there is no article to show (offline, 404,
not HTML, over 5 MB, no main text), the card's excerpt shows with one sentence why."""

from __future__ import annotations

import time
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Static

from ..core.card import Card, Entry
from ..core.card_links import Link
from ..graphics import Pictures
from ..messages import CopyUrl, OpenUrl
from ..reading.article import Article
from ..reading.page import Outcome, read
from ..reading.pictures import lead
from ..widgets.bindings import bindings
from ..widgets.footer import Footer
from ..widgets.picture import Picture
from .links import LinksScreen


class ReadingScreen(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = bindings("reading")

    def __init__(self, entry: Entry, card: Card | None, title: str, url: str, *,
                 pictures: Pictures | None = None) -> None:
        super().__init__()
        self.entry, self.card, self.title_text, self.url = entry, card, title, url
        self.pictures = pictures or Pictures(False)
        self.article: Article | None = None
        self.closed = False

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="reading-scroll"):
            yield Static(Content(self.title_text), id="reading-title")
            yield Static(Content("Fetching the page…"), id="reading-note")
            yield Picture(self.pictures, id="reading-picture")
            yield Static(id="reading-text")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#reading-scroll").focus()
        card = self.entry.path
        self.run_worker(lambda: self._fetched(read(self.url, card=card, title=self.title_text)),
                        thread=True, group="reading", exclusive=True, name="read the page")

    def _fetched(self, outcome: Outcome) -> None:
        if not self.closed:
            self.app.call_from_thread(self._show, outcome)

    def _show(self, outcome: Outcome) -> None:
        if self.closed or not self.is_mounted:
            return
        note = self.query_one("#reading-note", Static)
        text = self.query_one("#reading-text", Static)
        article = self.article = outcome.article
        images = [image.url for image in self.card.images] if self.card is not None else []
        self.query_one(Picture).show(lead(images, article.image if article else ""))
        if article is None:
            note.update(Content.assemble((outcome.why, "$warning")))
            excerpt = self.card.excerpt if self.card is not None else ""
            text.update(Content(excerpt or "This card has no excerpt either."))
            return
        if article.title:
            self.query_one("#reading-title", Static).update(Content(article.title))
        said = [part for part in (article.byline, article.date) if part]
        if article.saved is not None:
            when = time.strftime("%Y-%m-%d %H:%M", time.localtime(article.saved))
            said.append(f"a saved copy from {when}")
        if article.whole:
            said.append("the whole text, as the feed gave it (o opens the page)")
        note.update(Content(" · ".join(said)))
        parts: list[str | tuple[str, str]] = []
        previous = ""
        for block in article.blocks:
            if previous == "li" and block.kind != "li":
                parts.append("\n")  # a list ends with a blank line, as a paragraph does
            previous = block.kind
            if block.kind == "h":
                parts += [(block.text, "bold"), "\n\n"]
            elif block.kind == "li":
                parts += ["  • ", block.text, "\n"]
            elif block.kind == "quote":
                parts += [("  │ " + block.text, "italic"), "\n\n"]
            else:
                parts += [block.text, "\n\n"]
        if article.links:
            parts += [("Links (l lists them; each opens in the browser)", "bold"), "\n"]
            parts += [f"[{n}] {link}\n" for n, link in enumerate(article.links, 1)]
        text.update(Content.assemble(*parts))

    # --- keys ----------------------------------------------------------------------------

    def _scroll(self) -> VerticalScroll:
        return self.query_one("#reading-scroll", VerticalScroll)

    def action_down(self) -> None:
        self._scroll().scroll_down(animate=False)

    def action_up(self) -> None:
        self._scroll().scroll_up(animate=False)

    def action_page_down(self) -> None:
        self._scroll().scroll_page_down(animate=False)

    def action_page_up(self) -> None:
        self._scroll().scroll_page_up(animate=False)

    def action_top(self) -> None:
        self._scroll().scroll_home(animate=False)

    def action_bottom(self) -> None:
        self._scroll().scroll_end(animate=False)

    def action_open_page(self) -> None:
        self.post_message(OpenUrl(self.url))

    def action_copy_page(self) -> None:
        self.post_message(CopyUrl(self.url))

    def action_page_links(self) -> None:
        links = self.article.links if self.article is not None else []
        if not links:
            self.notify("This article has no links.", timeout=2)
            return
        self.app.push_screen(LinksScreen(self.title_text, [
            Link(f"[{n}] {link}", link) for n, link in enumerate(links, 1)]))

    def action_back(self) -> None:
        self.closed = True
        self.dismiss(None)
