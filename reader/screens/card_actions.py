"""What the reading screen's keys do to the highlighted card and to the view: mark read or
unread (one card, or every card of the view), star, undo and redo, the next unread card, open,
copy and list links. Part of MainScreen (main.py), which inherits it."""

from __future__ import annotations

from ..core.card import Card, Entry
from ..core.card_links import card_links, markdown_link, own_links
from ..messages import CopyUrl, OpenUrl
from ..widgets.articles import ArticleList
from ..widgets.detail import DetailPane, RelatedItem
from .links import LinksScreen
from .saved import SavedSearchesScreen


class CardActionsScreen(SavedSearchesScreen):
    """The keys that act on cards (see module)."""

    @property
    def articles(self) -> ArticleList:
        return self.query_one(ArticleList)

    def marks_changed(self) -> None:
        """Read or starred marks changed: redraw what shows them (MainScreen)."""
        raise NotImplementedError

    def _show_articles(self, keep: bool) -> None:
        """Show the list of the current view (MainScreen)."""
        raise NotImplementedError

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

    def action_jump_unread(self, step: int) -> None:
        """Move to the next (1) or previous (-1) unread card in this order."""
        articles = self.articles
        position = self.session.views.next_unread(articles.view, articles.cursor, step)
        if position is None:
            self.notify("No more unread cards this way.", timeout=2)
        else:
            articles.cursor = position

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
