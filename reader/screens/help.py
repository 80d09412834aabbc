"""Every key, generated from the command table with the keys the config remapped."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import HorizontalGroup, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from ..commands import SCOPES, Command, first_key, in_scope, key_text, live_keys
from ..widgets.bindings import bindings
from ..widgets.footer import Footer

MOUSE = [("click", "Highlight a row or focus a pane"), ("double-click", "Open"),
         ("wheel", "Scroll")]


def help_sections(keymap: dict[str, str] | None = None) -> list[tuple[str, list[tuple[str, str]]]]:
    """(section, [(keys, what they do)]) for every scope of the reader, with the keys the
    config's [keys] remapped where they were."""
    keymap = keymap or {}
    sections = [(heading, _rows(in_scope(scope), keymap)) for scope, heading in SCOPES.items()]
    sections.append(("Mouse", MOUSE))
    return sections


def _rows(commands: list[Command], keymap: dict[str, str]) -> list[tuple[str, str]]:
    """A row per command; a run that does the same thing by number (open link 1-9) is one row
    while none of it is remapped."""
    rows: list[tuple[str, str]] = []
    run: list[Command] = []
    for command in [*commands, None]:
        if run and (command is None or command.description != run[0].description
                    or command.id in keymap or any(c.id in keymap for c in run)):
            if len(run) > 2:
                rows.append((f"{first_key(run[0].keys)}…{first_key(run[-1].keys)}",
                             run[0].description))
            else:
                rows += [(key_text(live_keys(c, keymap)), c.description) for c in run]
            run = []
        if command is not None:
            run.append(command)
    return rows


class HelpScreen(ModalScreen[None]):
    """The keys of the reader."""

    BINDINGS: ClassVar[list[BindingType]] = bindings("help")
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (70, "-wide")]  # noqa: RUF012 - Textual API

    def __init__(self, keymap: dict[str, str] | None = None) -> None:
        super().__init__()
        self.keymap = keymap or {}

    def compose(self) -> ComposeResult:
        """A heading per section, then a row per key: the keys in one column, what they do in
        the other, wrapped within it at any width."""
        with VerticalScroll(id="help-box"):
            yield Static(Content("newsreader — keys"), classes="help-title")
            for section, rows in help_sections(self.keymap):
                yield Static(Content(section), classes="help-section")
                for keys, what in rows:
                    with HorizontalGroup(classes="help-row"):
                        yield Static(Content(keys), classes="help-keys")
                        yield Static(Content(what), classes="help-what")
        yield Footer()

    def rows(self) -> list[tuple[str, str]]:
        """(keys, what they do) as the screen shows them, row by row."""
        return [(str(row.query_one(".help-keys", Static).visual),
                 str(row.query_one(".help-what", Static).visual))
                for row in self.query(".help-row")]

    def action_close(self) -> None:
        self.dismiss(None)
