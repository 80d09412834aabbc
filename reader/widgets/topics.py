"""The topic sidebar: "All", then every topic with its card count."""

from __future__ import annotations

from typing import ClassVar

from rich.segment import Segment

from .virtual_list import VirtualList, fit

ALL = "All"


class TopicList(VirtualList):
    """Topics to filter the article list by; the first row is every card.

    | Class | Description |
    | --- | --- |
    | `topics--count` | The number of cards under a topic. |
    """

    COMPONENT_CLASSES: ClassVar[set[str]] = {"topics--count"}

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.rows: list[tuple[str | None, str, int]] = [(None, ALL, 0)]
        self.border_title = "Topics"

    def show(self, total: int, topics: list[tuple[str, int]]) -> None:
        """Show the topics; the highlighted topic stays highlighted."""
        current = self.current
        self.rows = [(None, ALL, total)] + [(name, name, count) for name, count in topics]
        cursor = 0
        for position, (key, _, _) in enumerate(self.rows):
            if key is not None and current is not None and key.casefold() == current.casefold():
                cursor = position
        self.set_row_count(len(self.rows), cursor)

    @property
    def current(self) -> str | None:
        """The highlighted topic; None for "All"."""
        if 0 <= self.cursor < len(self.rows):
            return self.rows[self.cursor][0]
        return None

    def render_row(self, index: int, width: int) -> list[Segment]:
        _, label, count = self.rows[index]
        number = f" {count:,}"
        return [
            Segment(fit(label, width - len(number))),
            Segment(number, self.part_style("topics--count")),
        ]
