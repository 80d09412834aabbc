"""The story's lead picture in a pane: fetched off the UI thread (reader/reading/pictures.py)
and drawn by textual-image as the terminal can (reader/graphics.py); in the reading view, one
dim line says why when there is none to draw. Nothing is fetched while pictures are hidden (i,
or images = "off")."""

from __future__ import annotations

from collections.abc import Iterable

from textual import work
from textual.containers import Vertical
from textual.content import Content
from textual.dom import DOMNode
from textual.widgets import Static

from .. import graphics
from ..graphics import Pictures
from ..reading import pictures


class Picture(Vertical):
    """A lead picture, or nothing (see module)."""

    DEFAULT_CSS = """
    Picture { height: auto; display: none; }
    Picture > .drawn { width: auto; height: auto; max-height: 14; }
    Picture > .why { color: $text-muted; }
    """

    def __init__(self, setting: Pictures, *, quiet: bool = False, id: str | None = None) -> None:
        super().__init__(id=id)
        self.setting = setting
        self.quiet = quiet
        """Say nothing when there is no picture to draw (the story pane: a line on every card
        read offline would be noise; the reading view says why)."""
        self.url: str | None = None
        """The picture wanted now (None: none)."""
        self.why = ""
        """Why the picture wanted is not drawn ('' while it is, or is on its way)."""
        self.wanted: str | None = None
        """The card's picture, shown or not (i shows it again)."""

    def refresh_picture(self) -> None:
        """Pictures were shown or hidden (the i key): show the card's, or take it away."""
        self.show(self.wanted)

    def show(self, url: str | None) -> None:
        """Show the picture at this URL (None: none); the same one again changes nothing."""
        self.wanted = url
        url = url if self.setting.shown and graphics.drawn_with() is not None else None
        if url == self.url:
            return
        self.url, self.why = url, ""
        self.remove_children()
        self.display = False
        if url is not None:
            self._fetch(url)

    @work(thread=True, exclusive=True, group="picture", exit_on_error=False)
    def _fetch(self, url: str) -> None:
        found = pictures.picture(url)
        self.app.call_from_thread(self._fetched, found)

    def _fetched(self, found: pictures.Picture) -> None:
        if found.url != self.url or not self.is_attached:
            return  # another card's, or the pane is gone
        widget = graphics.drawn_with()
        if found.image is None or widget is None:
            self.why = found.why or "The picture cannot be drawn here."
            if self.quiet:
                return
            self.mount(Static(Content(self.why), classes="why"))
        else:
            self.mount(widget(found.image, classes="drawn"))
        self.display = True


def show_or_hide(setting: Pictures, screens: Iterable[DOMNode]) -> str:
    """Show pictures, or hide them, on every screen (the i key); the sentence to say."""
    setting.shown = not setting.shown
    for screen in screens:
        for picture in screen.query(Picture):
            picture.refresh_picture()
    if setting.shown and graphics.drawn_with() is None:
        return ("Pictures cannot be drawn here: the terminal was not asked what it draws as "
                "the reader started (a reader run with images = \"off\", or not from a shell).")
    return "Pictures shown" if setting.shown else "Pictures hidden"
