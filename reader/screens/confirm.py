"""Ask a yes-or-no question (replace a saved search of the same name?)."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from ..widgets.bindings import bindings
from ..widgets.footer import Footer


class ConfirmScreen(ModalScreen[bool]):
    """A question; y or Enter answers yes, n or Escape no."""

    BINDINGS: ClassVar[list[BindingType]] = bindings("confirm")

    def __init__(self, question: str) -> None:
        super().__init__()
        self.question = question

    def compose(self) -> ComposeResult:
        with Vertical(id="name-box"):
            yield Static(Content(self.question))
            yield Static(Content("y or Enter: yes · n or Escape: no"), classes="hint")
        yield Footer()

    def action_yes(self) -> None:
        self.dismiss(True)

    def action_no(self) -> None:
        self.dismiss(False)
