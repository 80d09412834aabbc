"""Saved searches as things you can see and manage: save (asking before replacing one of the
same name), change the query, rename, delete; each keeps its query and the topic it was made in,
and undo (u) brings back what was changed or deleted."""

from __future__ import annotations

from collections.abc import Callable

from textual import on, work

from ..core.db import Library
from ..core.query import Marks
from ..core.session import CountKey, Session
from ..core.views import Source
from ..widgets.search import SearchBar
from ..widgets.topics import TopicList
from .confirm import ConfirmScreen
from .layout import PanesScreen
from .name import NameScreen


class SavedSearchesScreen(PanesScreen):
    """The reading screen's saved-search keys: Ctrl+S in the list; d, e and r in the sidebar."""

    session: Session
    _source: Source
    _counting = False
    """A worker is counting saved searches (one at a time: the next starts when it answers)."""

    def _say(self, error: str | None) -> None:
        if error:
            self.notify(error, severity="error", markup=False)

    def show_sidebar(self) -> None:
        """Show the sidebar's rows and counts. A big library's saved searches are counted off
        the UI thread (an `is:unread` search of a million cards takes a second, at every
        mark): each shows its last count until the new one comes."""
        self.query_one(TopicList).show(self.session.sidebar())
        self.count_saved_searches()

    def count_saved_searches(self) -> None:
        session = self.session
        if self._counting:
            return
        wanted = session.counts.wanted()
        if wanted:
            self._counting = True
            self._count_in_background(session.library, wanted, session.marks.frozen(),
                                      session.views.version)

    @work(thread=True, group="counts", description="count saved searches")
    def _count_in_background(self, library: Library, wanted: list[tuple[Source, CountKey]],
                             marks: Marks, version: int) -> None:
        counts: list[tuple[Source, CountKey, int | None]] = []
        for source, key in wanted:
            try:
                count = self.session.counts.count_apart(library, source, marks, version)
            except Exception:  # never a traceback: counted on the UI thread, which says why
                count = None
            counts.append((source, key, count))
        self.app.call_from_thread(self._counted, library, counts)

    def _counted(self, library: Library,
                 counts: list[tuple[Source, CountKey, int | None]]) -> None:
        self._counting = False
        if not self.app.is_running:
            return
        if library is self.session.library:
            for source, key, count in counts:
                self.session.counts.counted(source, key, count)
            self.searches_counted([source for source, _, _ in counts])
        self.show_sidebar()  # and counts what was wanted meanwhile

    def searches_counted(self, sources: list[Source]) -> None:
        """These saved searches' cards are found (the list may be waiting for one)."""

    def _sidebar_changed(self, done: str | None, error: str | None) -> None:
        self._say(error)
        self.show_sidebar()
        if done and error is None:
            self.notify(done, markup=False, timeout=3)

    def action_save_search(self) -> None:
        """Save the search being typed under a name, with the topic it is typed in."""
        text = " ".join(self.query_one(SearchBar).text.split())
        if not text:
            self.notify("Type a search first (/), then save it.", severity="warning")
            return
        topic = self._source.name if self._source.kind == "topic" else (
            self._source.topic if self._source.kind == "search" else "")
        where = f" (in {topic})" if topic else ""

        def named(name: str | None) -> None:
            if name:
                self._save(name, text, topic, f"Saved the search '{name}'{where}; u undoes it.")

        # A query that cannot be read is not saved: the sentence says why, and nothing is asked.
        problem = self.session.query_problem(text)
        if problem:
            self.notify(problem, severity="error", markup=False)
            return
        self.app.push_screen(NameScreen(f"Save “{text}”{where} as:"), named)

    def _save(self, name: str, query: str, topic: str, done: str,
              renamed_from: str | None = None) -> None:
        """Save, asking first when another saved search has the name."""
        existing = self.session.saved(name)

        def save() -> None:
            self._sidebar_changed(done, self.session.save_search(name, query, topic,
                                                                  renamed_from=renamed_from))

        if existing is None or name == renamed_from or existing[:3] == (name, query, topic):
            save()
            return
        self._confirm(f"There is a saved search '{name}' already (“{existing.query}”). "
                      "Replace it?", save)

    def _confirm(self, question: str, then: Callable[[], None]) -> None:
        def answered(yes: bool | None) -> None:
            if yes:
                then()

        self.app.push_screen(ConfirmScreen(question), answered)

    @on(TopicList.Forget)
    def _forget(self, request: TopicList.Forget) -> None:
        if isinstance(request, TopicList.Edit | TopicList.Rename | TopicList.Alert):
            return  # the handlers below
        name = request.source.name
        self._sidebar_changed(f"Deleted the saved search '{name}'; u brings it back.",
                              self.session.forget_search(name))

    @on(TopicList.Alert)
    def _alert(self, request: TopicList.Alert) -> None:
        source = request.source
        alert = not source.alert
        done = (f"'{source.name}' alerts when new or changed cards match it (⚑)." if alert
                else f"'{source.name}' no longer alerts.")
        self._sidebar_changed(done, self.session.set_alert(source.name, alert))

    @on(TopicList.Edit)
    def _edit(self, request: TopicList.Edit) -> None:
        source = request.source

        def edited(query: str | None) -> None:
            if query and query != source.query:
                self._sidebar_changed(f"Changed the saved search '{source.name}'; u undoes it.",
                                      self.session.save_search(source.name, query, source.topic))

        self.app.push_screen(NameScreen(f"The query of '{source.name}':", source.query), edited)

    @on(TopicList.Rename)
    def _rename(self, request: TopicList.Rename) -> None:
        source = request.source

        def renamed(name: str | None) -> None:
            if name and name != source.name:
                self._save(name, source.query, source.topic,
                           f"Renamed '{source.name}' to '{name}'; u undoes it.",
                           renamed_from=source.name)

        self.app.push_screen(NameScreen(f"Rename '{source.name}' to:", source.name), renamed)
