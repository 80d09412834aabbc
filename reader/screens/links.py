"""The link list of a card: every link numbered, with the host it really goes to."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from ..core.card_links import Link
from ..core.urls import display_host, handed_over, refusal
from ..messages import CopyUrl, OpenUrl
from ..widgets.bindings import bindings
from ..widgets.footer import Footer


class LinkList(OptionList):
    """Numbered links: number, what it is, the host it really goes to, then the whole URL on
    the lines below, wrapped to the width: a link is never cut to fit. (A card has a few
    links, so the list measures each: an OptionList, where the article list cannot be.) The
    host is in the theme's accent; a link that is never opened says why in its error colour.
    """

    BINDINGS: ClassVar[list[BindingType]] = bindings("list")

    def __init__(self, links: list[Link], *, id: str | None = None) -> None:
        super().__init__(*(self._option(n, link) for n, link in enumerate(links)), id=id)
        self.links = links

    @staticmethod
    def _option(index: int, link: Link) -> Option:
        number = f"{index + 1:>2} " if index < 9 else "   "
        refused = refusal(link.url)
        host = (("  " + display_host(link.url), "$accent bold") if refused is None
                else (f"  never opened: {refused}", "$error"))
        return Option(Content.assemble(number, (link.label, "bold"), host, "\n   ",
                                       handed_over(link.url)))

    @property
    def cursor(self) -> int:
        return self.highlighted if self.highlighted is not None else -1


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

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self._act(event.option_index, copy=False)

    def action_open_highlighted(self) -> None:
        self._act(self.query_one(LinkList).cursor, copy=False)

    def action_copy_highlighted(self) -> None:
        self._act(self.query_one(LinkList).cursor, copy=True)

    def action_yank(self) -> None:
        self.yanking = True
        self.notify("Copy which link? Press its number.", timeout=2)

    def action_close(self) -> None:
        self.dismiss(None)
