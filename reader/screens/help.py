"""Every key, generated from the command table with the keys the config remapped."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.geometry import Size
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Static

from ..commands import SCOPES, Command, first_key, in_scope, key_text, live_keys
from ..widgets.bindings import bindings
from ..widgets.footer import Footer

NARROW = 60
"""Under this many cells, a key table's key column is 14 wide instead of 20 (a terminal under
about 70 columns)."""
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


class KeyTable(Widget):
    """A section's keys: the keys in one column, what they do in the other, wrapped within it
    at any width. One widget a section, not three a key: the screen took 0.6-1.1 s of CPU to
    open with a widget for each key, each styled on its own."""

    DEFAULT_CSS = "KeyTable { height: auto; }"

    def __init__(self, rows: list[tuple[str, str]]) -> None:
        super().__init__()
        self.rows = rows
        self._drawn: tuple[int, list[Content]] | None = None

    def lines(self, width: int) -> list[Content]:
        """The rows as lines `width` cells wide: keys bold, indented, in a column of 20 (14 when
        the table is under NARROW cells); what they do wrapped in the rest."""
        if self._drawn and self._drawn[0] == width:
            return self._drawn[1]
        column, indent = (14, 1) if width < NARROW else (20, 2)
        rest = max(8, width - column)
        lines: list[Content] = []
        for keys, what in self.rows:  # Content(text) is literal: a key may be "[" or "]"
            key_lines = Content.styled(keys, "bold").wrap(column - indent - 1)
            what_lines = Content(what).wrap(rest)
            for number in range(max(len(key_lines), len(what_lines))):
                key = key_lines[number] if number < len(key_lines) else Content("")
                said = what_lines[number] if number < len(what_lines) else Content("")
                lines.append(key.pad(indent, column - indent - key.cell_length) + said)
        self._drawn = (width, lines)
        return lines

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self.lines(width))

    def render(self) -> Content:
        return Content("\n").join(self.lines(self.content_size.width))


class HelpScreen(ModalScreen[None]):
    """The keys of the reader."""

    BINDINGS: ClassVar[list[BindingType]] = bindings("help")

    def __init__(self, keymap: dict[str, str] | None = None) -> None:
        super().__init__()
        self.keymap = keymap or {}

    def compose(self) -> ComposeResult:
        """A heading per section, then its keys."""
        with VerticalScroll(id="help-box"):
            yield Static(Content("newsreader — keys"), classes="help-title")
            for section, rows in help_sections(self.keymap):
                yield Static(Content(section), classes="help-section")
                yield KeyTable(rows)
        yield Footer()

    def rows(self) -> list[tuple[str, str]]:
        """(keys, what they do) as the screen's tables draw them, row by row."""
        return [row for table in self.query(KeyTable) for row in table.rows]

    def action_close(self) -> None:
        self.dismiss(None)
