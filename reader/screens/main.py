"""The reading screen: sidebar, articles sorted by heat, and the story in detail.

The screen shows a Session (reader/core/session.py) and turns keys into calls on it; links are
opened and copied by the app, which this screen asks with messages (reader/messages.py).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical

from ..core.card import Card, Entry
from ..core.card_links import card_links, markdown_link, own_links
from ..core.db import Library
from ..core.query import Marks, Query, parse
from ..core.session import Place, Session
from ..core.sorts import SORT_LABELS, SORTS
from ..core.view_settings import ViewSettings
from ..core.views import ALL, Source, ViewSpec
from ..messages import CopyUrl, JumpRequest, OpenUrl
from ..widgets.articles import ArticleList
from ..widgets.bindings import bindings
from ..widgets.detail import DetailPane, RelatedItem
from ..widgets.footer import Footer
from ..widgets.search import SearchBar
from ..widgets.status import StatusLine
from ..widgets.topics import TopicList
from ..widgets.virtual_list import VirtualList
from .links import LinksScreen
from .saved import SavedSearchesScreen


class MainScreen(SavedSearchesScreen):
    """The sidebar, the list and the story: beside the list on wide terminals, under it on
    narrow ones (v switches, [ and ] move the split, z zooms, b shows the sidebar)."""

    BINDINGS: ClassVar[list[BindingType]] = [*bindings("main"), *bindings("focus")]

    def __init__(self, session: Session, settings: ViewSettings | None = None, *,
                 read_after: float | None = None) -> None:
        super().__init__(settings)
        self.session = session
        self.read_after = read_after
        self.engaged = False
        """Has the user pressed a key yet (nothing becomes read by itself at start-up)."""
        self.query_text = ""
        self.search: Query | None = None
        self.moved = False  # has the user moved the cursor (then loading keeps their card)
        self._resume = session.was_reading()
        """The card being read at the last quit, until the cursor is back on it."""
        self._source: Source = ALL

    def compose(self) -> ComposeResult:
        with Horizontal(id="body"):
            yield TopicList(id="topics")
            with Horizontal(id="reading"):
                with Vertical(id="list-pane"):
                    yield SearchBar(self._parse, id="search-bar")
                    yield ArticleList(self.session, clock=self.session.clock, id="articles")
                yield DetailPane(self.session, read_after=self.read_after, id="detail")
        yield StatusLine(id="status")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.articles.marks = self.session.marks
        self.articles.focus()
        self.place_panes()
        self.refresh_views()

    @property
    def sort(self) -> str:
        return self.settings.sort

    @property
    def hide_read(self) -> bool:
        return self.settings.hide_read

    @property
    def articles(self) -> ArticleList:
        return self.query_one(ArticleList)

    def keep_view(self, settings: ViewSettings) -> None:
        self._say(self.session.keep_view(settings))

    # --- views ----------------------------------------------------------------------------

    def refresh_views(self, *, keep: bool | None = None) -> None:
        """Redraw the sidebar and list from the library (while loading, as cards arrive; after
        the folders changed, keeping the card being read)."""
        self.show_sidebar()
        self._show_articles(keep=self.moved if keep is None else keep)

    def _show_articles(self, keep: bool) -> None:
        views, articles = self.session.views, self.articles
        spec = ViewSpec(self.query_one(TopicList).current, self.sort, self.hide_read, self.search)
        if self.session.counts.wants_matching(spec.source):  # a big library: found off the UI
            # thread (searches_counted shows it); the list keeps what it shows until then
            articles.border_subtitle = f"{spec.source.label} · searching…"
            self.count_saved_searches()
            return
        view = views.view(spec)
        if views.warning:
            self.notify(views.warning, severity="warning", markup=False)
        articles.words = self.search.words if self.search else []
        articles.sort = self.sort
        articles.empty_text = self._empty_text(spec.source)
        articles.show(view, keep=articles.reading if keep else self._resumed())
        self.query_one(StatusLine).show(self.session, spec.source, len(view), self.hide_read)
        hidden = " · read hidden" if self.hide_read else ""
        articles.border_title = f"Articles · by {SORT_LABELS[self.sort]}{hidden}"
        articles.border_subtitle = f"“{self.query_text}”" if self.query_text else ""

    def _resumed(self) -> Entry | None:
        """At the start, the card that was being read at the last quit, once the library has
        it: the cursor comes back to it (and stays on it as loading goes on)."""
        if self._resume is None:
            return None
        library, (story, path) = self.session.library, self._resume
        index = library.find_file(path)
        if index is None:
            index = library.find(story)
        if index is None:
            if self.session.progress is None and not self.session.previewing:
                self._resume = None  # loaded, and it is gone
            return None
        self._resume, self.moved = None, True
        return library[index]

    def _empty_text(self, source: Source) -> str:
        """What the list says when the view has no card: never two blank panes."""
        if self.session.previewing or (self.session.progress is not None and not len(
                self.session.library)):
            return "Reading the cards…"
        where = "" if source.kind == "all" else f" in {source.label}"
        hidden = " (read ones are hidden: h shows them)" if self.hide_read else ""
        if self.query_text:
            return f"No cards match “{self.query_text}”{where}{hidden}"
        if source.kind == "search":
            return (f"{source.label} cannot be read: {source.problem}" if source.problem
                    else f"No cards match “{source.query}”{hidden}")
        return f"No cards{where}{hidden}"

    def searches_counted(self, sources: list[Source]) -> None:
        if any(source.same(self._source) for source in sources):
            self._show_articles(keep=self.moved)

    def status_changed(self) -> None:
        """Loading or fetching moved on: redraw the status line."""
        self.query_one(StatusLine).show(self.session, self._source, len(self.articles.view),
                                        self.hide_read)

    def marks_changed(self) -> None:
        """Read or starred marks changed: redraw the rows, counts and status."""
        self.articles.clear_cache()
        self.show_sidebar()
        self.query_one(StatusLine).show(self.session, self._source, len(self.articles.view),
                                        self.hide_read)

    @on(VirtualList.Highlighted, "#topics")
    def _topic_highlighted(self) -> None:
        source = self.query_one(TopicList).current
        if source != self._source:  # else the sidebar was redrawn (counts changed), not moved
            self._source = source
            self._show_articles(keep=self.moved)

    @on(VirtualList.Selected, "#topics")
    def _topic_selected(self) -> None:
        self.articles.focus()

    @on(VirtualList.Highlighted, "#articles")
    def _article_highlighted(self) -> None:
        self.query_one(DetailPane).follow(self.articles.current)

    @on(DetailPane.Read)
    def _read_in_pane(self, message: DetailPane.Read) -> None:
        if self.articles.current is message.entry and self.mark([message.entry], True):
            self.query_one(StatusLine).flash(f"Marked read: {message.entry.title} (u undoes)")

    @on(VirtualList.Selected, "#articles")
    def _article_selected(self) -> None:
        self.action_read()

    def action_read(self) -> None:
        """Read the highlighted article here, in the reading view (it counts as read)."""
        from .reading import ReadingScreen

        if (entry := self._current_or_say("read")) is not None:
            title, url = self.session.title_and_link(entry)
            card = self.session.card(entry)
            self.mark([entry], True)
            self.app.push_screen(ReadingScreen(entry, card if isinstance(card, Card) else None,
                                               title, url))

    @on(JumpRequest)
    def _jump(self, request: JumpRequest) -> None:
        """Show the card of a related item; backspace or Esc comes back."""
        index = self.session.library.find(request.story)
        if index is None:
            return
        articles = self.articles
        self.session.history.append(Place(self._source, self.query_text, self.hide_read,
                                          articles.current))
        if index not in articles.view:
            self._set_view(ALL, "", False)
        articles.show(articles.view, keep=self.session.library[index])
        articles.focus()
        self.notify("Backspace or Esc goes back.", timeout=2)

    def action_back(self) -> None:
        """Back to the card (and view) you jumped from."""
        if self.session.history:
            place = self.session.history.pop()
            self._set_view(place.source, place.query, place.hide_read)
            self.articles.show(self.articles.view, keep=place.entry)
            self.articles.focus()

    def _set_view(self, source: Source, text: str, hide_read: bool) -> None:
        self._source = self.query_one(TopicList).select(source)
        self.settings = replace(self.settings, hide_read=hide_read)  # for this jump, not kept
        self.query_one(SearchBar).set_text(text)
        self.search = self._parse(text) if text else None
        self.query_text = text
        self._show_articles(keep=False)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return action != "back" or bool(self.session.history)

    def on_key(self) -> None:
        self.moved = True
        self.engaged = True
        self.call_after_refresh(self._update_reading)  # after the key has moved the focus

    # --- what counts as reading -------------------------------------------------------------

    def _update_reading(self) -> None:
        """Let the story pane count towards read only while the user is reading: after a
        first key, on this screen (no dialog), with the list or the story focused."""
        focused = self.focused
        looking = isinstance(focused, ArticleList | DetailPane | RelatedItem)
        self.query_one(DetailPane).allow_reading(
            self.engaged and self.is_current and looking)

    def on_descendant_focus(self) -> None:
        self._update_reading()

    def on_descendant_blur(self) -> None:
        self.call_after_refresh(self._update_reading)

    def on_screen_suspend(self) -> None:
        self.query_one(DetailPane).allow_reading(False)

    def on_screen_resume(self) -> None:
        self.call_after_refresh(self._update_reading)

    # --- marks ----------------------------------------------------------------------------

    def mark(self, entries: list[Entry], read: bool) -> int:
        """Mark entries read or unread (kept at once); returns how many changed."""
        count, error = self.session.mark(entries, read)
        self._say(error)
        if count:
            self.marks_changed()
        return count

    def action_toggle_read(self) -> None:
        """Mark the highlighted card read, or unread again."""
        entry = self.articles.current
        if entry is not None:
            self.query_one(DetailPane).stop_reading()
            self.mark([entry], not self.session.is_read(entry))

    def action_mark_view_read(self) -> None:
        """Mark every card of the current view read (u undoes it)."""
        count, error = self.session.mark_view(self.articles.view, True)
        self._say(error)
        if count:
            self.marks_changed()
        self.notify(f"Marked {count:,} card(s) read; u undoes it.", timeout=3)

    def action_undo(self) -> None:
        """Undo the last change: a read mark, a star, a saved search."""
        self._stepped(*self.session.undo())

    def action_redo(self) -> None:
        """Do again the last change undone."""
        self._stepped(*self.session.redo())

    def _stepped(self, sentence: str, error: str | None) -> None:
        self._say(error)
        self.marks_changed()
        self._show_articles(keep=True)
        self.notify(sentence, markup=False, timeout=3)

    def action_toggle_star(self) -> None:
        """Star the highlighted card, or unstar it."""
        entry = self.articles.current
        if entry is not None:
            self._say(self.session.toggle_star(entry))
            self.marks_changed()

    def action_toggle_hide_read(self) -> None:
        """Hide read cards, or show them again."""
        self._settle(replace(self.settings, hide_read=not self.hide_read))
        self._show_articles(keep=True)
        self.notify("Read cards hidden" if self.hide_read else "Read cards shown", timeout=2)

    def action_toggle_unpublished(self) -> None:
        """Show the cards not published yet (marked in the list), or hide them again."""
        library = self.session.library
        shown = not library.include_unpublished
        self._say(self.session.show_unpublished(shown))
        self.show_sidebar()
        self._show_articles(keep=True)
        library = self.session.library  # another object once the index was read again
        self.notify(f"Unpublished cards shown ({library.unpublished_shown:,})" if shown
                    else f"Unpublished cards hidden ({library.hidden_unpublished:,})", timeout=2)

    def action_jump_unread(self, step: int) -> None:
        """Move to the next (1) or previous (-1) unread card in this order."""
        articles = self.articles
        position = self.session.views.next_unread(articles.view, articles.cursor, step)
        if position is None:
            self.notify("No more unread cards this way.", timeout=2)
        else:
            articles.cursor = position

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

    # --- links and the rest -----------------------------------------------------------------

    def _current_or_say(self, what: str) -> Entry | None:
        if (entry := self.articles.current) is None:
            self.notify(f"No article to {what}.", severity="warning")
        return entry

    def action_open(self) -> None:
        """Open the highlighted article in the browser (it counts as read)."""
        if (entry := self._current_or_say("open")) is not None:
            self.post_message(OpenUrl(self.session.title_and_link(entry)[1], read=entry))

    def action_copy(self) -> None:
        """Copy the highlighted article's URL."""
        if (entry := self._current_or_say("copy")) is not None:
            self.post_message(CopyUrl(self.session.title_and_link(entry)[1]))

    def action_copy_markdown(self) -> None:
        """Copy the card (or the focused related item) as a Markdown link: [title](url)."""
        if isinstance(related := self.focused, RelatedItem):
            item = related.related
            self.post_message(CopyUrl(item.url, markdown_link(item.title, item.url)))
        elif (entry := self._current_or_say("copy")) is not None:
            title, url = self.session.title_and_link(entry)
            self.post_message(CopyUrl(url, markdown_link(title, url)))

    def action_links(self) -> None:
        """Every link of the card (or of the focused related item): 1-9 open, shift+1-9 copy."""
        if isinstance(related := self.focused, RelatedItem):
            self.app.push_screen(LinksScreen(related.related.title, own_links(related.related)))
            return
        entry = self.articles.current
        card = self.session.card(entry) if entry is not None else None
        if not isinstance(card, Card):
            self.notify("No card to list the links of.", severity="warning")
            return
        self.app.push_screen(LinksScreen(card.title, card_links(card)))

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
