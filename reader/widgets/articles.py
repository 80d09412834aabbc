"""The article list: one row per card in the current view, drawn only when on screen."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.segment import Segment
from textual.binding import Binding, BindingType

from ..core.card import Entry
from ..core.dates import Clock, relative_age, utc_now
from ..core.library import Library
from .virtual_list import VirtualList, fit

PROVIDER_WIDTH = 18
AGE_WIDTH = 5


class ArticleList(VirtualList):
    """Cards of the current view: heat, title, provider and age; long titles end in an ellipsis.

    | Class | Description |
    | --- | --- |
    | `articles--hot` / `articles--warm` / `articles--cool` | Heat of 80+, 50+, below 50. |
    | `articles--meta` | Provider and age. |
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "select", "Open", show=False),
    ]

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "articles--hot",
        "articles--warm",
        "articles--cool",
        "articles--meta",
    }

    def __init__(self, library: Library, *, clock: Clock = utc_now, id: str | None = None) -> None:
        super().__init__(id=id)
        self.library = library
        self.clock = clock
        self.view: Sequence[int] = ()
        self.border_title = "Articles"

    def on_mount(self) -> None:
        self.set_interval(60, self.clear_cache)  # ages ("5 m") move on while the reader is open

    def show(self, view: Sequence[int], keep: Entry | None = None) -> None:
        """Show a view (entry indices in order); keep `keep` highlighted if it is still there."""
        cursor = 0
        if keep is not None:
            for position, index in enumerate(view):
                if self.library[index] is keep:
                    cursor = position
                    break
        self.view = view
        self.set_row_count(len(view), cursor)

    @property
    def current(self) -> Entry | None:
        """The highlighted card."""
        if 0 <= self.cursor < len(self.view):
            return self.library[self.view[self.cursor]]
        return None

    def render_row(self, index: int, width: int) -> list[Segment]:
        entry = self.library[self.view[index]]
        heat_class = (
            "articles--hot" if entry.heat >= 80
            else "articles--warm" if entry.heat >= 50
            else "articles--cool"
        )
        meta = self.part_style("articles--meta")
        provider_width = PROVIDER_WIDTH if width >= 60 else 0
        title_width = width - 4 - AGE_WIDTH - 1 - (provider_width + 1 if provider_width else 0)
        segments = [
            Segment(f"{entry.heat:>3} ", self.part_style(heat_class)),
            Segment(fit(entry.title, title_width) + " "),
        ]
        if provider_width:
            segments.append(Segment(fit(entry.provider or entry.domain, provider_width) + " ", meta))
        age = relative_age(entry.published, self.clock())
        segments.append(Segment(f"{age:>{AGE_WIDTH}}", meta))
        return segments
