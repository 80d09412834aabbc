"""The reading screen: sidebar, articles sorted by heat, and the story in detail.

The screen shows a Session (reader/core/session.py) and turns keys into calls on it; links are
opened and copied by the app, which this screen asks with messages (reader/messages.py).
"""

from __future__ import annotations

from dataclasses import replace
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical

from ..core.card import Card, Entry
from ..core.query import Query
from ..core.session import Place, Session
from ..core.sorts import SORT_LABELS
from ..core.view_settings import ViewSettings
from ..core.views import ALL, Source, ViewSpec
from ..graphics import Pictures
from ..messages import JumpRequest, MainScreenReady
from ..widgets.articles import ArticleList
from ..widgets.bindings import bindings
from ..widgets.detail import DetailPane, RelatedItem
from ..widgets.footer import Footer
from ..widgets.search import SearchBar
from ..widgets.status import StatusLine
from ..widgets.topics import TopicList
from ..widgets.virtual_list import VirtualList
from .searching import SearchingScreen


class MainScreen(SearchingScreen):
    """The sidebar, the list and the story: beside the list on wide terminals, under it on
    narrow ones (v switches, [ and ] move the split, z zooms, b shows the sidebar)."""

    BINDINGS: ClassVar[list[BindingType]] = [*bindings("main"), *bindings("focus")]
    AUTO_FOCUS = "#articles"  # not the first focusable (the sidebar), restyled twice for nothing

    def __init__(self, session: Session, settings: ViewSettings | None = None, *,
                 read_after: float | None = None, pictures: Pictures | None = None) -> None:
        super().__init__(settings)
        self.session = session
        self.read_after = read_after
        self.pictures = pictures or Pictures(False)
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
                yield DetailPane(self.session, read_after=self.read_after,
                                 pictures=self.pictures, id="detail")
        yield StatusLine(id="status")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.articles.marks = self.session.marks  # the list has the focus: AUTO_FOCUS
        self.place_panes()
        self.refresh_views()
        self.post_message(MainScreenReady())

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
                                               title, url, pictures=self.pictures))

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
