"""The search line above the list: a query filters the view as it is typed.

A query that cannot be read is said under the line at once; one that can is applied when typing
pauses (SEARCH_DELAY): scanning the search text of 100,000 cards takes ~40 ms, too long for
every key. The bar posts Applied with each query to filter by, and Done when the user goes back
to the list (Enter keeps the search, Escape clears it).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import Input, Static

from ..core.query import Query, QueryError
from .bindings import bindings
from .later import Later

SEARCH_DELAY = 0.08
"""Seconds typing pauses before the list is filtered (a malformed query is said at once)."""


class SearchLine(Input):
    """An Input whose Escape clears the search (Enter, as in any Input, submits it)."""

    BINDINGS: ClassVar[list[BindingType]] = bindings("search")

    class Cleared(Message):
        """Escape: the search is to be cleared and the line closed."""

    def action_clear_search(self) -> None:
        self.post_message(self.Cleared())


class SearchBar(Vertical):
    """The search line and, under it, what is wrong with the query when it cannot be read."""

    class Applied(Message):
        """Filter the list by this query now."""

        def __init__(self, query: Query) -> None:
            super().__init__()
            self.query = query

    class Done(Message):
        """Back to the list (the line was submitted or cleared)."""

    def __init__(self, parse: Callable[[str], Query], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.parse_query = parse
        self._later = Later(self)

    def compose(self) -> ComposeResult:
        yield SearchLine(placeholder="search: words \"a phrase\" -word topic:ai heat>60 is:unread",
                         id="search-line", select_on_focus=False)
        yield Static(id="search-error")

    def on_mount(self) -> None:
        self.display = False
        self.show_error(None)

    def open(self) -> None:
        self.display = True
        self.query_one(SearchLine).focus()

    @property
    def text(self) -> str:
        """What the search line holds now (it may not be a query that can be read)."""
        return self.query_one(SearchLine).value

    def set_text(self, text: str) -> None:
        """Show this text without filtering again (the caller shows its view)."""
        line = self.query_one(SearchLine)
        with line.prevent(Input.Changed):
            line.value = text
        self.display = bool(text)

    def show_error(self, message: str | None) -> None:
        error = self.query_one("#search-error", Static)
        error.update(Content(message or ""))
        error.display = bool(message)

    def checked(self, text: str) -> Query | None:
        """The query, or None after saying under the line why it cannot be read."""
        try:
            query = self.parse_query(text)
        except QueryError as error:
            self.show_error(str(error))
            return None
        self.show_error(None)
        return query

    def apply(self, text: str) -> None:
        """Filter by this text now; a query that cannot be read keeps the last result."""
        self._later.cancel("filter")
        query = self.checked(text)
        if query is not None:
            self.post_message(self.Applied(query))

    @on(Input.Changed, "#search-line")
    def _changed(self, event: Input.Changed) -> None:
        event.stop()
        self._later.cancel("filter")
        query = self.checked(event.value)
        if query is not None:
            self._later("filter", SEARCH_DELAY, lambda: self.post_message(self.Applied(query)))

    @on(Input.Submitted, "#search-line")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if self._later.cancel("filter"):  # Enter filters at once
            self.apply(event.value)
        self.post_message(self.Done())

    @on(SearchLine.Cleared)
    def _cleared(self, event: SearchLine.Cleared) -> None:
        event.stop()
        self.set_text("")
        self.apply("")
        self.post_message(self.Done())
