"""Ask for a name (to save a search under)."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from ..widgets.bindings import bindings


class NameScreen(ModalScreen[str | None]):
    """A one-line question; Enter answers with the text, Escape with None."""

    BINDINGS: ClassVar[list[BindingType]] = bindings("dialog")

    def __init__(self, question: str, value: str = "") -> None:
        super().__init__()
        self.question = question
        self.value = value

    def compose(self) -> ComposeResult:
        with Vertical(id="name-box"):
            yield Static(Content(self.question))
            yield Input(self.value, id="name-input")
            yield Static(Content("Enter saves, Escape cancels"), classes="hint")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        name = " ".join(event.value.split())
        self.dismiss(name or None)

    def action_close(self) -> None:
        self.dismiss(None)
