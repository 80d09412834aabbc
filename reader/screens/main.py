"""The reading screen: sidebar, articles sorted by heat, and the story in detail."""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache, partial
from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Footer, Input, Static

from .. import links
from ..core.card import Card, Entry, Problem
from ..core.card_links import card_links, markdown_link
from ..core.sorts import SORT_LABELS, SORTS
from ..core.parse import parse_file
from ..core.query import Query, QueryError, parse
from ..core.state import StateError
from ..core.urls import canonical_url
from ..widgets.articles import ArticleList
from ..widgets.detail import DetailPane, JumpRequest, LinkRequest
from ..widgets.search import SearchBar, SearchLine
from ..widgets.topics import ALL, STARRED, Source, TopicList
from ..widgets.virtual_list import VirtualList
from .links import LinksScreen
from .name import NameScreen

if TYPE_CHECKING:
    from ..app import NewsReader

DETAIL_DELAY = 0.06
"""Seconds the cursor rests on a card before the detail pane reads and shows it."""
SEARCH_DELAY = 0.08
"""Seconds typing pauses before the list is filtered (a malformed query is said at once)."""
READ_AFTER = 2.0
"""Seconds a card stays in the detail pane before it counts as read."""


@lru_cache(maxsize=128)
def read_card(path: str) -> Card | Problem:
    """The whole card behind a list row, read when it is shown (the library keeps slim entries)."""
    return parse_file(path)


class MainScreen(Screen[None]):
    """Three panes; the sidebar folds away on narrow terminals (b brings it back)."""

    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-wide")]  # noqa: RUF012 - Textual API

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("o", "open", "Open", id="open", tooltip="Open the article in the browser"),
        Binding("c", "copy", "Copy", id="copy", tooltip="Copy the article's URL"),
        Binding("C", "copy_markdown", "Copy link", id="copy_markdown", show=False,
                tooltip="Copy the card as a Markdown link: [title](url)"),
        Binding("l", "links", "Links", id="links", tooltip="Every link of the card, numbered"),
        Binding("slash", "search", "Search", id="search", tooltip="Filter with words and qualifiers"),
        Binding("m", "toggle_read", "Read", id="toggle_read", tooltip="Mark the card read or unread"),
        Binding("f", "toggle_star", "Star", id="toggle_star", tooltip="Star or unstar the card"),
        Binding("n", "next_unread", "Next unread", id="next_unread", show=False,
                tooltip="Next unread card in this order"),
        Binding("N", "previous_unread", "Previous unread", id="previous_unread", show=False,
                tooltip="Previous unread card in this order"),
        Binding("M", "mark_view_read", "All read", id="mark_view_read", show=False,
                tooltip="Mark every card of this view read"),
        Binding("u", "undo", "Undo", id="undo", show=False,
                tooltip="Undo the last read mark"),
        Binding("h", "toggle_hide_read", "Unread", id="toggle_hide_read",
                tooltip="Hide or show read cards"),
        Binding("s", "sort", "Sort", id="sort", tooltip="Sort by heat, hot, newest, quality, title"),
        Binding("ctrl+s", "save_search", "Save search", id="save_search", show=False,
                tooltip="Save the current search in the sidebar"),
        Binding("b", "toggle_sidebar", "Sidebar", id="toggle_sidebar", show=False,
                tooltip="Show or hide the topic sidebar"),
        Binding("backspace,escape", "back", "Back", id="back", show=False,
                tooltip="Back to where you were before jumping to a related card"),
    ]

    def __init__(self, *, sort: str = "heat", hide_read: bool = False) -> None:
        super().__init__()
        self.sort = sort
        self.hide_read = hide_read
        self.query_text = ""
        self.search: Query | None = None
        self.moved = False  # has the user moved the cursor (then loading keeps their card)
        self.undo_stack: list[list[tuple[str, bool]]] = []
        self._detail_timer: Timer | None = None
        self._read_timer: Timer | None = None
        self._source: Source = ALL
        self._marks_version = 0
        self._search_timer: Timer | None = None
        self._searched: tuple[tuple[object, ...], Query, list[int]] | None = None
        self.history: list[tuple[Source, str, bool, Entry | None]] = []
        """Where to go back to after jumping to a related card: source, search, hide-read, card."""

    @property
    def reader(self) -> NewsReader:
        from ..app import NewsReader

        assert isinstance(self.app, NewsReader)
        return self.app

    def compose(self) -> ComposeResult:
        with Horizontal(id="body"):
            yield TopicList(id="topics")
            with Horizontal(id="reading"):
                with Vertical(id="list-pane"):
                    yield SearchBar(id="search-bar")
                    yield ArticleList(self.reader.library, clock=self.reader.clock,
                                      id="articles")
                yield DetailPane(id="detail")
        yield Static(id="status")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one(ArticleList).marks = self.reader.state_marks
        self.query_one(SearchBar).display = False
        self.query_one(SearchBar).show_error(None)
        self.query_one(ArticleList).focus()
        self.refresh_views()

    # --- views ----------------------------------------------------------------------------

    def refresh_views(self) -> None:
        """Redraw the sidebar and list from the library (while loading, as cards arrive)."""
        self._show_sidebar()
        self._show_articles(keep=self.moved)

    def _show_sidebar(self) -> None:
        library, state = self.reader.library, self.reader.state
        unread, per_topic = library.unread_counts(state.read)
        starred = library.count_stories(state.starred)
        rows: list[tuple[Source, int | None, int | None]] = [
            (ALL, unread, library.stories), (STARRED, None, starred)]
        rows += [(Source("search", name, query), None, None) for name, query in state.searches()]
        rows += [(Source("topic", name), per_topic[name.casefold()], count)
                 for name, count in library.topics()]
        self.query_one(TopicList).show(rows)

    def current_view(self) -> list[int]:
        """Entry indices the list shows: the sidebar's source, sorted, filtered, searched."""
        library = self.reader.library
        library.now = self.reader.clock().timestamp()
        source = self.query_one(TopicList).current
        if self.search is None or self.search.empty:
            self._searched = None
            return self._source_view(source)
        # Typing narrows the query: filter the last result, not all 100,000 cards again (nor
        # work out the source's view again).
        base = (source, self.sort, self.hide_read, len(library.entries), self._marks_version)
        last = self._searched
        if last is not None and last[0] == base and self.search.narrows(last[1]):
            result = self.search.filter(library.entries, last[2], library.searches, after=last[1])
        else:
            result = self.search.filter(library.entries, self._source_view(source),
                                        library.searches)
        self._searched = (base, self.search, result)
        return result

    def _source_view(self, source: Source) -> list[int]:
        """The sidebar source's cards, in the current sort, read ones left out if hidden."""
        library, state = self.reader.library, self.reader.state
        view: Sequence[int] = library.view(source.name if source.kind == "topic" else None,
                                           self.sort)
        entries = library.entries
        if source.kind == "starred":
            starred = state.starred
            view = [index for index in view if entries[index].story in starred]
        elif source.kind == "search":
            try:
                saved = parse(source.query, self.reader.state_marks, self.reader.clock())
                view = saved.filter(entries, view, library.searches)
            except QueryError as error:
                self.notify(f"Saved search '{source.name}': {error}", severity="warning",
                            markup=False)
        if self.hide_read:
            read = state.read
            view = [index for index in view if entries[index].story not in read]
        return list(view) if not isinstance(view, list) else view

    def _show_articles(self, keep: bool) -> None:
        articles = self.query_one(ArticleList)
        articles.words = self.search.words if self.search else []
        articles.show(self.current_view(), keep=articles.current if keep else None)
        self.update_status()

    def update_status(self) -> None:
        """Source, count, sort, search, loading progress and skipped files, in one line."""
        reader = self.reader
        articles = self.query_one(ArticleList)
        source = self.query_one(TopicList).current
        parts = [f"{source.label} · {len(articles.view):,} card(s)"]
        if self.hide_read:
            parts.append("read hidden")
        if reader.progress is not None:
            done, total = reader.progress
            parts.append(f"reading cards {done:,}/{total:,}…" if total else "checking for changes…")
        if reader.problems:
            parts.append(f"{len(reader.problems):,} file(s) skipped (p lists them)")
        if reader.library.hidden_unpublished:
            parts.append(f"{reader.library.hidden_unpublished:,} unpublished hidden")
        self.query_one("#status", Static).update(Content(" · ".join(parts)))
        articles.border_title = f"Articles · by {SORT_LABELS[self.sort]}"
        articles.border_subtitle = f"“{self.query_text}”" if self.query_text else ""

    @on(VirtualList.Highlighted, "#topics")
    def _topic_highlighted(self) -> None:
        source = self.query_one(TopicList).current
        if source == self._source:
            return  # the sidebar was redrawn (counts changed), not moved
        self._source = source
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
        if self._read_timer is not None:
            self._read_timer.stop()
            self._read_timer = None
        self._detail_timer = self.set_timer(DETAIL_DELAY, self.show_detail)

    def show_detail(self) -> None:
        """Show the highlighted card in the detail pane (reads its file); it counts as read
        after READ_AFTER seconds there."""
        self._detail_timer = None
        entry = self.query_one(ArticleList).current
        pane = self.query_one(DetailPane)
        if entry is not None and entry.story not in self.reader.state.read:
            self._read_timer = self.set_timer(READ_AFTER, partial(self._read_in_pane, entry))
        if entry is not None and pane.card is not None and pane.card.path == entry.path:
            return
        card = read_card(entry.path) if entry is not None else None
        pane.show(entry, card, self.reader.clock(), self._copies_of(entry), self._known)

    def _known(self, url: str) -> str | None:
        story = canonical_url(url) if url else ""
        return story if story and self.reader.library.find(story) is not None else None

    def _copies_of(self, entry: Entry | None) -> list[Entry]:
        articles = self.query_one(ArticleList)
        if entry is None or not 0 <= articles.cursor < len(articles.view):
            return []
        library = self.reader.library
        return [library[index] for index in library.copies(articles.view[articles.cursor])]

    def _read_in_pane(self, entry: Entry) -> None:
        self._read_timer = None
        if self.query_one(ArticleList).current is entry:
            self.mark([entry], True)

    @on(VirtualList.Selected, "#articles")
    def _article_selected(self) -> None:
        self.action_open()

    @on(JumpRequest)
    def _jump(self, request: JumpRequest) -> None:
        """Show the card of a related item; backspace or Esc comes back."""
        library = self.reader.library
        index = library.find(request.story)
        if index is None:
            return
        articles = self.query_one(ArticleList)
        self.history.append((self._source, self.query_text, self.hide_read, articles.current))
        if index not in articles.view:
            self._set_view(ALL, "", False)
        articles.show(articles.view, keep=library[index])
        articles.focus()
        self.notify("Backspace or Esc goes back.", timeout=2)

    def action_back(self) -> None:
        """Back to the card (and view) you jumped from."""
        if not self.history:
            return
        source, text, hide_read, entry = self.history.pop()
        self._set_view(source, text, hide_read)
        articles = self.query_one(ArticleList)
        articles.show(articles.view, keep=entry)
        articles.focus()

    def _set_view(self, source: Source, text: str, hide_read: bool) -> None:
        topics = self.query_one(TopicList)
        position = next((n for n, row in enumerate(topics.rows) if row[0].same(source)), 0)
        self._source = topics.rows[position][0] if topics.rows else ALL
        with topics.prevent(VirtualList.Highlighted):
            topics.cursor = position
        self.hide_read = hide_read
        line = self.query_one(SearchLine)
        with line.prevent(Input.Changed):
            line.value = text
        self.query_one(SearchBar).display = bool(text)
        self.search = parse(text, self.reader.state_marks, self.reader.clock()) if text else None
        self.query_text = text
        self._show_articles(keep=False)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "back":
            return bool(self.history)
        return True

    def action_links(self) -> None:
        """Every link of the card: 1-9 open, shift+1-9 copy."""
        entry = self.query_one(ArticleList).current
        card = read_card(entry.path) if entry is not None else None
        if entry is None or not isinstance(card, Card):
            self.notify("No card to list the links of.", severity="warning")
            return
        self.app.push_screen(LinksScreen(card.title, card_links(card)))

    def action_copy_markdown(self) -> None:
        """Copy the card as a Markdown link: [title](url)."""
        entry = self.query_one(ArticleList).current
        if entry is None:
            self.notify("No article to copy.", severity="warning")
            return
        refused = links.check(entry.url, "copied")
        if refused is not None:
            self.notify(refused.message, severity="warning", markup=False)
            return
        self.reader.copy_text(markdown_link(entry.title, entry.url))

    @on(LinkRequest)
    def _link_request(self, request: LinkRequest) -> None:
        if request.action == "open":
            self.reader.open_link(request.url)
        else:
            self.reader.copy_link(request.url)

    def on_key(self) -> None:
        self.moved = True

    # --- marks ----------------------------------------------------------------------------

    def mark(self, entries: Sequence[Entry], read: bool, *, undoable: bool = True) -> int:
        """Mark entries read or unread (kept at once); returns how many changed."""
        state = self.reader.state
        changed = list(dict.fromkeys(e.story for e in entries if (e.story in state.read) != read))
        if not changed:
            return 0
        try:
            state.set_read(changed, read)
        except StateError as error:
            self.notify(f"Not kept: {error}", severity="error", markup=False)
        if undoable:
            self.undo_stack.append([(story, not read) for story in changed])
            del self.undo_stack[:-50]
        self._marks_changed()
        return len(changed)

    def _marks_changed(self) -> None:
        self._marks_version += 1
        self.query_one(ArticleList).clear_cache()
        self._show_sidebar()
        self.update_status()

    def action_toggle_read(self) -> None:
        """Mark the highlighted card read, or unread again."""
        entry = self.query_one(ArticleList).current
        if entry is None:
            return
        if self._read_timer is not None:
            self._read_timer.stop()
            self._read_timer = None
        self.mark([entry], entry.story not in self.reader.state.read)

    def action_mark_view_read(self) -> None:
        """Mark every card of the current view read (u undoes it)."""
        articles = self.query_one(ArticleList)
        library = self.reader.library
        count = self.mark([library[index] for index in articles.view], True)
        self.notify(f"Marked {count:,} card(s) read; u undoes it.", timeout=3)

    def action_undo(self) -> None:
        """Undo the last read mark."""
        if not self.undo_stack:
            self.notify("Nothing to undo.", timeout=2)
            return
        last = self.undo_stack.pop()
        state = self.reader.state
        try:
            for read in (True, False):
                state.set_read([story for story, was in last if was is read], read)
        except StateError as error:
            self.notify(f"Not kept: {error}", severity="error", markup=False)
        self._marks_changed()
        self.notify(f"Undone: {len(last):,} card(s) as they were.", timeout=2)

    def action_toggle_star(self) -> None:
        """Star the highlighted card, or unstar it."""
        entry = self.query_one(ArticleList).current
        if entry is None:
            return
        state = self.reader.state
        starred = entry.story not in state.starred
        try:
            state.set_starred(entry.story, starred)
        except StateError as error:
            self.notify(f"Not kept: {error}", severity="error", markup=False)
        self._marks_changed()

    def action_toggle_hide_read(self) -> None:
        """Hide read cards, or show them again."""
        self.hide_read = not self.hide_read
        self._show_articles(keep=True)
        self.notify("Read cards hidden" if self.hide_read else "Read cards shown", timeout=2)

    def _jump_unread(self, step: int) -> None:
        articles = self.query_one(ArticleList)
        library, read = self.reader.library, self.reader.state.read
        position = articles.cursor + step
        while 0 <= position < len(articles.view):
            if library[articles.view[position]].story not in read:
                articles.cursor = position
                return
            position += step
        self.notify("No more unread cards this way.", timeout=2)

    def action_next_unread(self) -> None:
        """Move to the next unread card in this order."""
        self._jump_unread(1)

    def action_previous_unread(self) -> None:
        """Move to the previous unread card in this order."""
        self._jump_unread(-1)

    # --- search -----------------------------------------------------------------------------

    def action_search(self) -> None:
        """Open the search line (the query filters as you type)."""
        bar = self.query_one(SearchBar)
        bar.display = True
        self.query_one(SearchLine).focus()

    @on(Input.Changed, "#search-line")
    def _query_changed(self, event: Input.Changed) -> None:
        # Said at once if the query cannot be read; filtered when typing pauses (SEARCH_DELAY):
        # scanning the search text of 100,000 cards takes ~40 ms, too long for every key.
        if self._search_timer is not None:
            self._search_timer.stop()
        try:
            search = parse(event.value, self.reader.state_marks, self.reader.clock())
        except QueryError as error:
            self.query_one(SearchBar).show_error(str(error))
            return
        self.query_one(SearchBar).show_error(None)
        self._search_timer = self.set_timer(SEARCH_DELAY, partial(self._filter, search))

    def _filter(self, search: Query) -> None:
        self._search_timer = None
        self.search, self.query_text = search, search.text.strip()
        self._show_articles(keep=False)

    def apply_query(self, text: str) -> None:
        """Filter the list by a query now; a query that cannot be read keeps the last result."""
        bar = self.query_one(SearchBar)
        try:
            search = parse(text, self.reader.state_marks, self.reader.clock())
        except QueryError as error:
            bar.show_error(str(error))
            return
        bar.show_error(None)
        self._filter(search)

    @on(Input.Submitted, "#search-line")
    def _query_submitted(self) -> None:
        if self._search_timer is not None:  # Enter filters at once
            self._search_timer.stop()
            self.apply_query(self.query_one(SearchLine).value)
        self.query_one(ArticleList).focus()

    @on(SearchLine.Cleared)
    def _query_cleared(self) -> None:
        if self._search_timer is not None:
            self._search_timer.stop()
            self._search_timer = None
        line = self.query_one(SearchLine)
        line.value = ""
        self.apply_query("")
        self.query_one(SearchBar).display = False
        self.query_one(ArticleList).focus()

    @on(TopicList.Forget)
    def _forget_search(self, request: TopicList.Forget) -> None:
        try:
            self.reader.state.delete_search(request.source.name)
        except StateError as error:
            self.notify(f"Not kept: {error}", severity="error", markup=False)
        self._show_sidebar()
        self.notify(f"Deleted the saved search '{request.source.name}'.", markup=False, timeout=2)

    def action_save_search(self) -> None:
        """Save the current search under a name; it appears in the sidebar."""
        if not self.query_text:
            self.notify("Type a search first (/), then save it.", severity="warning")
            return

        def save(name: str | None) -> None:
            if name:
                try:
                    self.reader.state.save_search(name, self.query_text)
                except StateError as error:
                    self.notify(f"Not kept: {error}", severity="error", markup=False)
                self._show_sidebar()
                self.notify(f"Saved search '{name}'.", markup=False, timeout=2)

        self.app.push_screen(NameScreen(f"Save “{self.query_text}” as:"), save)

    # --- actions ----------------------------------------------------------------------------

    def action_open(self) -> None:
        """Open the highlighted article in the browser (it counts as read)."""
        entry = self.query_one(ArticleList).current
        if entry is None:
            self.notify("No article to open.", severity="warning")
        else:
            if self.reader.open_link(entry.url):
                self.mark([entry], True)

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
