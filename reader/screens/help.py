"""Every key, generated from the bindings themselves so that help cannot drift from them."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Footer, Static

KEY_NAMES = {
    "question_mark": "?", "pageup": "PgUp", "pagedown": "PgDn", "ctrl+p": "Ctrl+P",
    "shift+tab": "Shift+Tab", "enter": "Enter", "escape": "Esc", "tab": "Tab",
    "up": "↑", "down": "↓", "home": "Home", "end": "End", "slash": "/", "backspace": "Backspace",
    "ctrl+s": "Ctrl+S", "ctrl+f": "Ctrl+F",
}


def key_text(keys: str) -> str:
    """'up,k' → '↑ k'."""
    return " ".join(KEY_NAMES.get(key.strip(), key.strip()) for key in keys.split(","))


def help_sections(keymap: dict[str, str] | None = None) -> list[tuple[str, list[tuple[str, str]]]]:
    """(section, [(keys, what they do)]) for every part of the reader, with the keys remapped in
    the config's [keys] where they were."""
    keymap = keymap or {}
    from ..app import NewsReader
    from ..widgets.detail import RelatedItem
    from ..widgets.topics import TopicList
    from ..widgets.virtual_list import VirtualList
    from .main import MainScreen

    def rows(bindings: list[BindingType]) -> list[tuple[str, str]]:
        found = []
        for binding in bindings:
            if isinstance(binding, Binding):
                keys = keymap.get(binding.id or "", binding.key)
                found.append((key_text(keys), binding.tooltip or binding.description))
        return found

    moving = rows(VirtualList.BINDINGS)
    moving[-1] = ("Enter", "On a topic: show its articles. On an article: open it.")
    return [
        ("Reading", rows(MainScreen.BINDINGS)),
        ("Moving (article list, topics)", moving),
        ("Focus", [("Tab / Shift+Tab", "Next / previous pane: topics, articles, story, "
                    "related items")]),
        ("On a related item", rows(RelatedItem.BINDINGS)),
        ("In the sidebar", rows(TopicList.BINDINGS)),
        ("In the search line", [("Esc", "Clear the search and close the line"),
                                ("Enter", "Back to the list, keeping the search")]),
        ("In the link list (l)", [("1-9", "Open that link"),
                                  ("Shift+1-9, y 1-9", "Copy that link"),
                                  ("o / c / Enter", "Open / copy the highlighted link"),
                                  ("Esc", "Close")]),
        ("Everywhere", [*rows(NewsReader.BINDINGS), ("Ctrl+P", "Command palette: every action by name")]),
        ("Mouse", [("click", "Highlight a row or focus a pane"), ("double-click", "Open"),
                   ("wheel", "Scroll")]),
    ]


class HelpScreen(ModalScreen[None]):
    """The keys of the reader."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark", "dismiss", "Close"),
    ]

    def compose(self) -> ComposeResult:
        parts: list[Content | str | tuple[str, str]] = [("newsreader — keys", "bold"), "\n"]
        from ..app import NewsReader

        keymap = self.app.config.keys if isinstance(self.app, NewsReader) else {}
        for section, rows in help_sections(keymap):
            parts += ["\n", (section, "bold $accent"), "\n"]
            for keys, what in rows:
                parts += [(f"  {keys:<18}", "bold"), what, "\n"]
        with VerticalScroll(id="help-box"):
            yield Static(Content.assemble(*parts), id="help-text")
        yield Footer()

    def action_dismiss(self, result: None = None) -> None:  # type: ignore[override]
        self.dismiss(None)
