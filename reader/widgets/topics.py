"""The sidebar: All, Starred, saved searches, then every topic, each with unread and total counts."""

from __future__ import annotations

from typing import ClassVar

from rich.segment import Segment
from textual.binding import BindingType
from textual.message import Message

from ..core.views import ALL, SidebarRow, Source
from .bindings import bindings
from .virtual_list import VirtualList, fit


class TopicList(VirtualList):
    """Where the article list takes its cards from; the first row is every card.

    | Class | Description |
    | --- | --- |
    | `topics--count` | Unread and total cards of a row. |
    | `topics--special` | All, Starred and saved searches. |
    """

    COMPONENT_CLASSES: ClassVar[set[str]] = {"topics--count", "topics--special"}

    BINDINGS: ClassVar[list[BindingType]] = bindings("topics")

    class Forget(Message):
        """Delete this saved search."""

        def __init__(self, source: Source) -> None:
            super().__init__()
            self.source = source

    class Edit(Forget):
        """Change this saved search's query."""

    class Rename(Forget):
        """Give this saved search another name."""

    class Alert(Forget):
        """Alert for this saved search, or stop."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.rows: list[SidebarRow] = [(ALL, None, None)]
        self.border_title = "Topics"

    def show(self, rows: list[SidebarRow]) -> None:
        """Show rows of (source, unread, total); the highlighted source stays highlighted."""
        current = self.current
        self.rows = rows
        cursor = next((n for n, (source, _, _) in enumerate(rows) if source.same(current)), 0)
        self.set_row_count(len(rows), cursor)

    def select(self, source: Source) -> Source:
        """Highlight the row of this source (All when it is gone) without announcing it;
        returns the source highlighted."""
        position = next((n for n, row in enumerate(self.rows) if row[0].same(source)), 0)
        with self.prevent(VirtualList.Highlighted):
            self.cursor = position
        return self.current

    def action_forget(self) -> None:
        self._ask(self.Forget, "deleted")

    def action_edit(self) -> None:
        self._ask(self.Edit, "edited")

    def action_rename(self) -> None:
        self._ask(self.Rename, "renamed")

    def action_alert(self) -> None:
        self._ask(self.Alert, "made to alert")

    def _ask(self, message: type[Forget], done: str) -> None:
        if self.current.kind == "search":
            self.post_message(message(self.current))
        else:
            self.notify(f"Only a saved search (⌕) can be {done}.", severity="warning", timeout=2)

    @property
    def current(self) -> Source:
        """The highlighted source (All when there is none)."""
        if 0 <= self.cursor < len(self.rows):
            return self.rows[self.cursor][0]
        return ALL

    def render_row(self, index: int, width: int) -> list[Segment]:
        source, unread, total = self.rows[index]
        if total is None:
            number = ""
        elif unread is None or unread == total:
            number = f" {total:,}"
        else:
            number = f" {unread:,}/{total:,}"
        style = self.part_style("topics--special") if source.kind != "topic" else None
        return [
            Segment(fit(source.label, width - len(number)), style),
            Segment(number, self.part_style("topics--count")),
        ]
