"""The link list of a card: every link numbered, with the host it really goes to."""

from __future__ import annotations

from typing import ClassVar

from rich.segment import Segment
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from ..core.card_links import Link
from ..core.urls import display_host, handed_over, refusal
from ..messages import CopyUrl, OpenUrl
from ..widgets.bindings import bindings
from ..widgets.footer import Footer
from ..widgets.virtual_list import ItemList, VirtualList, fit, fit_left


class LinkList(ItemList[Link]):
    """Numbered links: number, what it is, its real host, the URL.

    | Class | Description |
    | --- | --- |
    | `links--host` | The host a link goes to (punycode for IDN). |
    | `links--refused` | A link that is not http(s), which is never opened. |
    """

    COMPONENT_CLASSES: ClassVar[set[str]] = {"links--host", "links--refused"}

    def render_row(self, index: int, width: int) -> list[Segment]:
        link = self.items[index]
        number = f"{index + 1:>2} " if index < 9 else "   "
        refused = refusal(link.url)
        openable = refused is None
        host = display_host(link.url) if openable else f"never opened: {refused}"
        label_width = min(28, max(10, width // 4))
        host_width = min(32, max(10, width // 4))
        style = self.part_style("links--host" if openable else "links--refused")
        return [
            Segment(number),
            Segment(fit(link.label, label_width) + " "),
            # A long host loses its start, never its end: the end says where it really goes.
            Segment((fit_left(host, host_width) if openable else fit(host, host_width)) + " ",
                    style),
            Segment(fit(handed_over(link.url), max(0, width - 3 - label_width - host_width - 2))),
        ]


class LinksScreen(ModalScreen[None]):
    """1-9 open a link, shift+1-9 (or y then a number) copy it; o/c/Enter on the highlighted one."""

    BINDINGS: ClassVar[list[BindingType]] = bindings("links")

    def __init__(self, title: str, links: list[Link]) -> None:
        super().__init__()
        self.card_title = title
        self.links = links
        self.yanking = False

    def compose(self) -> ComposeResult:
        with Vertical(id="links-box"):
            yield Static(Content.assemble(("Links of ", "bold"), self.card_title), id="links-title")
            yield LinkList(self.links, id="link-list")
            yield Static(Content("1-9 open · shift+1-9 or y then 1-9 copy · o/c/Enter on the "
                                 "highlighted link · Esc closes"), id="links-hint")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(LinkList).focus()

    def _act(self, position: int, copy: bool) -> None:
        copy = copy or self.yanking
        self.yanking = False
        if not 0 <= position < len(self.links):
            self.notify(f"There is no link {position + 1}.", severity="warning", timeout=2)
        elif copy:
            self.post_message(CopyUrl(self.links[position].url))
        else:
            self.post_message(OpenUrl(self.links[position].url))

    def action_open_link(self, position: int) -> None:
        self._act(position, copy=False)

    def action_copy_link(self, position: int) -> None:
        self._act(position, copy=True)

    def on_virtual_list_selected(self, event: VirtualList.Selected) -> None:
        self._act(event.index, copy=False)

    def action_open_highlighted(self) -> None:
        self._act(self.query_one(LinkList).cursor, copy=False)

    def action_copy_highlighted(self) -> None:
        self._act(self.query_one(LinkList).cursor, copy=True)

    def action_yank(self) -> None:
        self.yanking = True
        self.notify("Copy which link? Press its number.", timeout=2)

    def action_close(self) -> None:
        self.dismiss(None)
