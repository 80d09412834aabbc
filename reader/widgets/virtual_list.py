"""A keyboard-driven list that draws only the rows on screen (Textual's Line API).

OptionList and DataTable build or measure every row up front, which takes seconds at 100,000
rows; this list asks its subclass for a row only when that row is about to be drawn.
"""

from __future__ import annotations

from typing import ClassVar, Generic, TypeVar

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import BindingType
from textual.cache import LRUCache
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from .bindings import bindings

ELLIPSIS = "…"


def fit(text: str, width: int) -> str:
    """Exactly `width` cells: padded with spaces, or cut with an ellipsis (wide characters safe)."""
    if width <= 0:
        return ""
    if cell_len(text) <= width:
        return set_cell_size(text, width)
    return set_cell_size(text, width - 1) + ELLIPSIS


def fit_left(text: str, width: int) -> str:
    """Like fit, but a long text loses its start ('…/cards/story.txt'): for paths."""
    if width <= 0:
        return ""
    if cell_len(text) <= width:
        return set_cell_size(text, width)
    kept = text[-width:]
    while cell_len(kept) > width - 1:
        kept = kept[1:]
    return set_cell_size(ELLIPSIS + kept, width)


class VirtualList(ScrollView, can_focus=True):
    """A list of `row_count` rows with a cursor; subclasses implement `render_row`.

    | Key | Action |
    | --- | --- |
    | up, k / down, j | Move the cursor. |
    | home, g / end, G | First / last row. |
    | pageup / pagedown | Move by a screen. |
    | enter | Select the row under the cursor. |

    | Class | Description |
    | --- | --- |
    | `virtual-list--cursor` | The row under the cursor. |
    | `virtual-list--empty` | What the list says when it has no rows. |
    """

    BINDINGS: ClassVar[list[BindingType]] = bindings("list")

    COMPONENT_CLASSES: ClassVar[set[str]] = {"virtual-list--cursor", "virtual-list--empty"}
    empty_text = ""
    """Said on the first line when there are no rows (literal text, never markup)."""

    cursor: reactive[int] = reactive(-1, always_update=True, init=False, repaint=False)
    """Index of the highlighted row; -1 when the list is empty."""

    class RowMessage(Message):
        """About one row of a VirtualList."""

        def __init__(self, source: VirtualList, index: int) -> None:
            super().__init__()
            self.source = source
            self.index = index

        @property
        def control(self) -> VirtualList:
            return self.source

    class Highlighted(RowMessage):
        """The cursor moved to another row."""

    class Selected(RowMessage):
        """Enter was pressed (or a row clicked twice) on a row."""

    def __init__(self, *, name: str | None = None, id: str | None = None,
                 classes: str | None = None) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.row_count = 0
        # Drawn rows by (row, width, under the cursor, focused), and component styles by name:
        # a cursor move redraws two rows from cache instead of laying out the whole screen.
        # 256 lines are five screens of 50 rows (1,024 held 2 MB of strips after a walk).
        self._lines: LRUCache[tuple[int, int, bool, bool], Strip] = LRUCache(256)
        self._styles: dict[tuple[str, bool], Style] = {}

    def clear_cache(self) -> None:
        """Forget drawn rows (their content changed) and redraw."""
        self._lines.clear()
        self.refresh()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._styles.clear()
        self._lines.clear()

    # --- what subclasses provide ----------------------------------------------------------

    def render_row(self, index: int, width: int) -> list[Segment]:
        """The segments of one row (need not fill the width)."""
        raise NotImplementedError

    # --- rows -----------------------------------------------------------------------------

    def set_row_count(self, count: int, cursor: int | None = None) -> None:
        """Show `count` rows; keep the cursor where it was (or put it at `cursor`), within range."""
        self.row_count = count
        self.virtual_size = Size(self.scrollable_content_region.width, count)
        wanted = self.cursor if cursor is None else cursor
        self._lines.clear()
        self.cursor = -1 if count == 0 else min(max(wanted, 0), count - 1)
        self.refresh()

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        index = self.scroll_offset.y + y
        if index >= self.row_count or index < 0:
            if y == 0 and not self.row_count and self.empty_text:  # why there is nothing
                return Strip([Segment(fit(" " + self.empty_text, width),
                                      self._style("virtual-list--empty", partial=False))])
            return Strip.blank(width, self.rich_style)
        key = (index, width, index == self.cursor, self.has_focus)
        strip = self._lines.get(key)
        if strip is None:
            strip = Strip(self.render_row(index, width)).extend_cell_length(width).crop(0, width)
            if index == self.cursor:
                strip = strip.apply_style(self._style("virtual-list--cursor", partial=False))
            base = self.rich_style
            strip = strip.apply_style(base) if base else strip
            self._lines[key] = strip
        return strip

    def _style(self, name: str, partial: bool) -> Style:
        style = self._styles.get((name, partial))
        if style is None:
            style = self._styles[(name, partial)] = self.get_component_rich_style(
                name, partial=partial)
        return style

    def part_style(self, name: str) -> Style:
        """A component class's style, for render_row."""
        return self._style(name, partial=True)

    # --- cursor ---------------------------------------------------------------------------

    def watch_cursor(self, old: int, new: int) -> None:
        top = self.scroll_offset.y
        if top <= new < top + self.scrollable_content_region.height:
            # On screen already: redraw just the two rows that changed (from the line cache).
            for row in {old, new}:
                if row >= 0:
                    self.refresh_line(row)
        else:
            if new >= 0:
                self.scroll_to_region(Region(0, new, 1, 1), animate=False, force=True,
                                      immediate=True)
            self.refresh()
        self.post_message(self.Highlighted(self, new))

    def _move(self, index: int) -> None:
        if self.row_count:
            self.cursor = min(max(index, 0), self.row_count - 1)

    def action_cursor_up(self) -> None:
        self._move(self.cursor - 1)

    def action_cursor_down(self) -> None:
        self._move(self.cursor + 1)

    def action_first(self) -> None:
        self._move(0)

    def action_last(self) -> None:
        self._move(self.row_count - 1)

    def action_page_up(self) -> None:
        self._move(self.cursor - max(1, self.scrollable_content_region.height - 1))

    def action_page_down(self) -> None:
        self._move(self.cursor + max(1, self.scrollable_content_region.height - 1))

    def action_select(self) -> None:
        if 0 <= self.cursor < self.row_count:
            self.post_message(self.Selected(self, self.cursor))

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)  # inside the border, not on it
        if offset is None:
            return
        index = self.scroll_offset.y + offset.y
        if 0 <= index < self.row_count:
            self.cursor = index
            if event.chain >= 2:
                self.action_select()

    def on_resize(self) -> None:
        self.virtual_size = Size(self.scrollable_content_region.width, self.row_count)
        self.call_after_refresh(self.reveal_cursor)

    def reveal_cursor(self) -> None:
        """Scroll the cursor's row into view (after a resize left it off screen)."""
        if 0 <= self.cursor < self.row_count:
            self.scroll_to_region(Region(0, self.cursor, 1, 1), animate=False, force=True,
                                  immediate=True)

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()


Item = TypeVar("Item")


class ItemList(VirtualList, Generic[Item]):
    """A VirtualList over a list of items that does not change while it is shown."""

    def __init__(self, items: list[Item], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.items = items

    def on_mount(self) -> None:
        self.set_row_count(len(self.items), 0)
