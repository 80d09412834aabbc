"""The files that were skipped, each with its reason."""

from __future__ import annotations

from typing import ClassVar

from rich.segment import Segment
from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from ..core.card import Problem
from ..core.sanitize import printable_path
from ..messages import CopyText
from ..widgets.bindings import bindings
from ..widgets.footer import Footer
from ..widgets.virtual_list import ItemList, VirtualList, fit, fit_left


class ProblemList(ItemList[Problem]):
    """One row per skipped file: its path, then the reason.

    | Class | Description |
    | --- | --- |
    | `problems--reason` | Why the file was skipped. |
    """

    COMPONENT_CLASSES: ClassVar[set[str]] = {"problems--reason"}

    def render_row(self, index: int, width: int) -> list[Segment]:
        problem = self.items[index]
        path = printable_path(problem.path)
        reason_width = min(len(problem.reason) + 2, width // 2)
        return [
            Segment(fit_left(path, width - reason_width)),
            Segment(fit("  " + problem.reason, reason_width), self.part_style("problems--reason")),
        ]


class ProblemsScreen(ModalScreen[None]):
    """Lists every file that is not a readable card; the highlighted one is shown whole under
    the list (path and reason, wrapped), and c copies its path."""

    BINDINGS: ClassVar[list[BindingType]] = bindings("problems")

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__()
        self.problems = problems

    def compose(self) -> ComposeResult:
        count = len(self.problems)
        with Vertical(id="problems-box"):
            yield Static(
                Content(f"{count:,} file(s) skipped" if count else "Every file was a card."),
                id="problems-title",
            )
            yield ProblemList(self.problems, id="problem-list")
            yield Static(id="problem-detail")
        yield Footer()

    @on(VirtualList.Highlighted, "#problem-list")
    def _highlighted(self, message: VirtualList.Highlighted) -> None:
        detail = self.query_one("#problem-detail", Static)
        if 0 <= message.index < len(self.problems):
            problem = self.problems[message.index]
            detail.update(Content.assemble((printable_path(problem.path), "bold"), "\n",
                                           (problem.reason, "$warning")))
        else:
            detail.update("")

    def action_copy_path(self) -> None:
        """Copy the highlighted file's path (as shown: control characters escaped)."""
        listing = self.query_one(ProblemList)
        if 0 <= listing.cursor < len(self.problems):
            self.post_message(CopyText(printable_path(self.problems[listing.cursor].path)))

    def action_close(self) -> None:
        self.dismiss(None)
