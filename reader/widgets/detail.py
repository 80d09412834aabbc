"""The detail pane: everything about the highlighted card, with its related items focusable."""

from __future__ import annotations

import os
from collections.abc import Sequence
from datetime import datetime
from functools import partial
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.widgets import Static

from ..core.card import Card, Entry, Problem, Related
from ..core.card_links import own_links
from ..core.dates import when_text
from ..core.sanitize import printable_path
from ..core.scores import score_text
from ..core.session import Session
from ..core.urls import canonical_url, display_host, is_openable
from ..graphics import Pictures
from ..messages import CopyUrl, JumpRequest, OpenUrl
from ..reading.pictures import lead
from .bindings import bindings
from .later import Later
from .picture import Picture

DETAIL_DELAY = 0.06
"""Seconds the cursor rests on a card before the pane reads and shows it."""
READ_AFTER = 2.0
"""Seconds a card stays in the pane before it counts as read."""
LABEL = "bold $text-muted"
TEXT_LIMIT = 2_000


def _host(url: str) -> tuple[str, str]:
    """The host a link goes to, or why it is never opened."""
    if is_openable(url):
        return display_host(url), "bold"
    return "not an http(s) link: never opened", "$error"


def same_story(card: Card, related: Related) -> bool:
    """A related item that links to the card itself is the same story, not other coverage."""
    return bool(card.url and related.url) and canonical_url(card.url) == canonical_url(related.url)


class RelatedItem(Static, can_focus=True):
    """One related item: Enter jumps to it when it is one of your cards, else opens it;
    o opens it, c copies its link."""

    BINDINGS: ClassVar[list[BindingType]] = bindings("related")

    def __init__(self, related: Related, same: bool, now: datetime,
                 card_story: str | None) -> None:
        super().__init__(classes="related")
        self.show(related, same, now, card_story)

    def show(self, related: Related, same: bool, now: datetime, card_story: str | None) -> None:
        """Show this related item (the pane reuses its items from card to card: mounting new
        widgets for every card cost a relayout of the whole screen)."""
        self.related = related
        self.card_story = card_story
        provider = related.provider.name or related.provider.domain or "unknown provider"
        url = related.url
        host = display_host(url) if is_openable(url) else "no http(s) link"
        if same:
            marker = ("same story", "bold $success")
        elif card_story is not None:
            marker = ("in your cards: Enter shows it", "bold $accent")
        else:
            marker = ("", "")
        self.set_class(same or card_story is not None, "-same")
        self.update(Content.assemble(
            (related.title, "bold"),
            "\n",
            (f"{provider} · {when_text(related.published, now)} · ", "$text-muted"),
            (host, "bold"),
            "  " if marker[0] else "",
            marker,
        ))

    def action_go(self) -> None:
        if self.card_story is not None:
            self.post_message(JumpRequest(self.card_story))
        else:
            self.action_open()

    def action_open(self) -> None:
        self.post_message(OpenUrl(self.related.url))

    def action_copy(self) -> None:
        self.post_message(CopyUrl(self.related.url))


class DetailPane(VerticalScroll, can_focus=True):
    """Title, one line of provider, date, scores and topics, the excerpt, the related items,
    then the links a line each; j/k, space and the page keys scroll it.

    The pane follows the list's cursor: it shows a card once the cursor rests on it
    (DETAIL_DELAY), so holding j over 100,000 rows never waits for files to be read and related
    items to be laid out, and posts Read when the card has been in view for READ_AFTER seconds.
    """

    BINDINGS: ClassVar[list[BindingType]] = bindings("story")

    class Read(Message):
        """A card stayed in the pane long enough to count as read."""

        def __init__(self, entry: Entry) -> None:
            super().__init__()
            self.entry = entry

    def __init__(self, session: Session, *, read_after: float | None = None,
                 pictures: Pictures | None = None, id: str | None = None) -> None:
        super().__init__(id=id)
        self.session = session
        self.pictures = pictures or Pictures(False)
        """Whether the card's lead picture shows (config images, the i key)."""
        self.read_after = read_after
        """Seconds in view before the card is read (config read_after); 0: never by resting;
        None: READ_AFTER."""
        self.card: Card | None = None
        self.border_title = "Story"
        self._later = Later(self)
        self._entry: Entry | None = None
        self._reading = False

    def follow(self, entry: Entry | None) -> None:
        """The cursor moved to this card: show it when the cursor rests there."""
        self.stop_reading()
        self._later("show", DETAIL_DELAY, partial(self.show_entry, entry))

    def stop_reading(self) -> None:
        """The card shown does not become read by resting here (it was marked by hand)."""
        self._later.cancel("read")

    def allow_reading(self, allowed: bool) -> None:
        """Count resting time towards read only while the user is looking here: the screen
        allows it while the list or this pane has the focus, after the user's first key, with
        no dialog open. Time spent elsewhere does not count: the count starts again."""
        if allowed != self._reading:
            self._reading = allowed
            self.stop_reading()
            if allowed:
                self._start_reading()

    @property
    def counting(self) -> bool:
        """True while the card shown is counting towards read."""
        return self._later.pending("read")

    def _start_reading(self, *, looked: bool = True) -> None:
        entry, seconds = self._entry, READ_AFTER if self.read_after is None else self.read_after
        if looked and self._reading and entry is not None:
            self.session.saw(entry)  # its heat now is what ▲/▼ compare with next time
        if self._reading and entry is not None and seconds > 0 and not self.session.is_read(entry):
            self._later("read", seconds, lambda: self.post_message(self.Read(entry)))

    def show_entry(self, entry: Entry | None) -> None:
        """Show this card now (reading its file), and start counting towards read."""
        self._later.cancel("show")
        changed = entry != self._entry  # the folder changed it (a re-check), or another card
        same_file = entry is not None and self._entry is not None \
            and entry.path == self._entry.path
        self._entry = entry
        self.stop_reading()
        # A card the folder changed while it is read keeps its ▲/▼ until the user comes to it
        # again: only moving onto a card counts as looking at it.
        self._start_reading(looked=not same_file)
        if not changed and entry is not None and self.card is not None \
                and self.card.path == entry.path:
            return  # the same card as it was: the pane stays where the reader scrolled it
        self._show(entry)

    def compose(self) -> ComposeResult:
        yield Static(id="detail-body")
        yield Picture(self.pictures, quiet=True, id="detail-picture")
        yield Static(id="related-heading")
        yield Vertical(id="related-items")
        yield Static(id="detail-links")

    def _show(self, entry: Entry | None) -> None:
        """Show a card (or say why its file cannot be read now), the other files of its story,
        and its related items, marking those that are also one of the user's cards."""
        session = self.session
        card = session.card(entry) if entry is not None else None
        now = session.clock()
        body = self.query_one("#detail-body", Static)
        heading = self.query_one("#related-heading", Static)
        items = self.query_one("#related-items", Vertical)
        links = self.query_one("#detail-links", Static)
        self.scroll_home(animate=False)
        self.card = card if isinstance(card, Card) else None
        self.query_one(Picture).show(
            lead([image.url for image in card.images]) if isinstance(card, Card) else None)
        if entry is None or not isinstance(card, Card):
            if entry is None:
                body.update(Content("No card to show."))
            else:
                reason = card.reason if isinstance(card, Problem) else "unknown"
                body.update(Content.assemble(
                    (entry.title, "bold"), "\n\n",
                    (f"This card's file cannot be read now: {reason}", "$warning")))
            heading.update("")
            items.remove_children()
            links.update("")
            return
        body.update(self._body(card, now, session.copies(entry)))
        links.update(self._links(card))
        if card.related:
            heading.update(Content.assemble((f"Related ({len(card.related)})", LABEL)))
            shown = list(items.query_children(RelatedItem))
            for widget in shown[len(card.related):]:
                widget.remove()
            new = []
            for position, item in enumerate(card.related):
                same = same_story(card, item)
                story = None if same else session.known(item.url)
                if position < len(shown):
                    shown[position].show(item, same, now, story)
                else:
                    new.append(RelatedItem(item, same, now, story))
            if new:
                items.mount_all(new)
        else:
            heading.update("")
            items.remove_children()

    def _body(self, card: Card, now: datetime, copies: Sequence[Entry] = ()) -> Content:
        """Title, one line of provider · date · scores · topics, then the excerpt."""
        provider = " · ".join(part for part in (card.provider.name, card.provider.domain)
                              if part) or "unknown provider"
        meta = [when_text(card.published, now), f"heat {score_text(card.heat)}",
                f"quality {score_text(card.quality)}"]
        if card.topics:
            meta.append(", ".join(card.topics))
        lines: list[Content | str | tuple[str, str]] = [
            (card.title, "bold"), "\n",
            (provider, "$accent"), (" · " + " · ".join(meta), "$text-muted"),
        ]
        if card.video:
            lines += ["  ", ("▶ video", "bold $accent")]
        if not card.public:
            lines += ["  ", ("not published yet", "$warning")]
        for copy in copies:
            name = copy.provider or copy.domain or "unknown provider"
            where = printable_path(os.path.basename(copy.path))
            lines += ["\n", ("Also in ", LABEL), name,
                      (f" · {where} · heat {score_text(copy.heat)}", "$text-muted")]
        lines += ["\n\n", card.excerpt or ("No excerpt.", "$text-muted")]
        return Content.assemble(*lines)

    def _links(self, card: Card) -> Content:
        """The card's links and pictures, a line each: what it is and the host it goes to (the
        whole URL is in the link list, l)."""
        lines: list[Content | str | tuple[str, str]] = [
            ("Links", LABEL), ("  l lists them whole, 1-9 open", "$text-muted")]
        for link in own_links(card):
            lines += ["\n", (f"{link.label:<8} ", LABEL), _host(link.url)]
            if link.url == card.url and card.link_note:
                lines += ["\n", (f"↳ o and c use this link: {card.link_note}", "$text-muted")]
        if not card.url:
            lines += ["\n", ("This card has no link.", "$warning")]
        for number, image in enumerate(card.images, 1):
            size = f"{image.width}×{image.height}" if image.width and image.height else "size ?"
            caption = f" · {image.title}" if image.title else ""
            lines += ["\n", (f"{'Image ' + str(number):<8} ", LABEL), _host(image.url),
                      (f" · {size}{caption}", "$text-muted")]
        return Content.assemble(*lines)
