"""The search line above the list: a query filters the view as it is typed."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import Input, Static


class SearchLine(Input):
    """An Input whose Escape clears the search (Enter, as in any Input, submits it)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "clear_search", "Clear search", tooltip="Clear the search and close it"),
    ]

    class Cleared(Message):
        """Escape: the search is to be cleared and the line closed."""

    def action_clear_search(self) -> None:
        self.post_message(self.Cleared())


class SearchBar(Vertical):
    """The search line and, under it, what is wrong with the query when it cannot be read."""

    def compose(self) -> ComposeResult:
        yield SearchLine(placeholder="search: words \"a phrase\" -word topic:ai heat>60 is:unread",
                         id="search-line", select_on_focus=False)
        yield Static(id="search-error")

    def show_error(self, message: str | None) -> None:
        error = self.query_one("#search-error", Static)
        error.update(Content(message or ""))
        error.display = bool(message)
