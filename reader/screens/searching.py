"""Search and sort on the reading screen: the query filters as it is typed, and in a big library
(Library.big) a search or a sort not worked out yet runs off the UI thread while the list keeps
answering keys. Part of MainScreen (main.py), which inherits it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from textual import on, work

from ..core.db import Library
from ..core.query import Marks, Query, parse
from ..core.sorts import SORT_LABELS, SORTS
from ..core.views import ViewSpec
from ..widgets.search import SearchBar
from ..widgets.topics import TopicList
from .card_actions import CardActionsScreen


class SearchingScreen(CardActionsScreen):
    """Search and sort (see module)."""

    search: Query | None
    query_text: str

    @property
    def sort(self) -> str:
        return self.settings.sort

    @property
    def hide_read(self) -> bool:
        return self.settings.hide_read

    # --- search -----------------------------------------------------------------------------

    def _parse(self, text: str) -> Query:
        return parse(text, self.session.marks, self.session.clock())

    def action_search(self) -> None:
        """Open the search line (the query filters as you type)."""
        self.query_one(SearchBar).open()

    @on(SearchBar.Applied)
    def _filter(self, message: SearchBar.Applied) -> None:
        self.search, self.query_text = message.query, message.query.text.strip()
        library, version = self.session.library, self.session.views.version
        query = message.query
        if (library.big and not query.empty and not library.matched(query, version)):
            # a search of 100,000 rows in SQL takes a few hundred ms: off the UI thread, so
            # typing never waits; the list shows the answer to the latest query once found
            library.interrupt()
            self.articles.border_subtitle = f"“{self.query_text}” · searching…"
            marks = self.session.marks
            if query.uses_marks:  # a copy: the UI thread changes the live sets
                marks = marks.frozen()
            spec = ViewSpec(self.query_one(TopicList).current, self.sort, self.hide_read, query)
            candidates, _ = self.session.views.candidates(spec)  # what the list will filter
            self._search_in_background(library, query, marks, version, candidates)
            return
        self._show_articles(keep=True)

    @work(thread=True, exclusive=True, group="search", description="search")  # (the view is
    # not to be described: repr of a million numbers took 0.2 s)
    def _search_in_background(self, library: Library, query: Query, marks: Marks,
                              version: int, source: Sequence[int]) -> None:
        try:
            found = library.match(query, marks, version, source)
        except Exception as error:  # never a traceback: filter() asks again and says why
            found = False
            self.app.call_from_thread(self.notify, f"The search stopped: {error}",
                                      severity="warning", markup=False)
        if found:
            self.app.call_from_thread(self._found, library, query)

    def _found(self, library: Library, query: Query) -> None:
        if library is self.session.library and query is self.search and self.app.is_running:
            self._show_articles(keep=True)

    @on(SearchBar.Done)
    def _search_done(self) -> None:
        self.articles.focus()

    def action_sort(self) -> None:
        """Next sort order; the highlighted card stays highlighted."""
        self._settle(replace(self.settings, sort=SORTS[(SORTS.index(self.sort) + 1) % len(SORTS)]))
        library = self.session.library
        if (library.big and not library.has_order(self.sort)):
            # a million cards take seconds to sort by title, hot or rising: the list keeps its
            # order, and the keys work, until the new one is ready
            library.now = self.session.clock().timestamp()
            self.articles.border_title = f"Articles · sorting by {SORT_LABELS[self.sort]}…"
            self._sort_in_background(library, self.sort)
            return
        self._show_articles(keep=True)
        self.notify(f"Sorted by {SORT_LABELS[self.sort]}", timeout=2)

    @work(thread=True, group="sort", description="sort")
    def _sort_in_background(self, library: Library, sort: str) -> None:
        try:
            library.order(sort)
        except Exception as error:  # never a traceback: the UI thread sorts, and says why
            self.app.call_from_thread(self.notify, f"Sorting stopped: {error}",
                                      severity="warning", markup=False)
        self.app.call_from_thread(self._sorted, library, sort)

    def _sorted(self, library: Library, sort: str) -> None:
        if library is self.session.library and sort == self.sort and self.app.is_running:
            self._show_articles(keep=True)
            self.notify(f"Sorted by {SORT_LABELS[self.sort]}", timeout=2)
