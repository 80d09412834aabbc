"""The key bar: Textual's Footer, showing only the keys that fit, Help and Quit first.

Textual's Footer draws every key in a row and lets the terminal cut the row wherever it ends,
halfway through a label ("h Unr"), after Quit and Help are long gone. This footer puts the
PINNED keys first and leaves out, whole, every key that does not fit; it draws again when the
terminal's width changes.

It draws its keys as one line of one widget, FooterKeys, where Textual's mounts a widget a key:
11 on the main screen were ~40 ms of the reader's start, again for every dialog, and each was
bound to the footer's `compact` setting by a watcher that Textual dropped only when `compact`
changed (~0.5 MB per dialog opened). A click on a key presses it, as on Textual's.
"""

from __future__ import annotations

from typing import ClassVar, NamedTuple

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.reactive import reactive
from textual.widget import Widget
from textual.widgets import Footer as TextualFooter

PINNED = ("help", "quit")
"""Binding ids drawn first, so they are the last to go on a narrow terminal."""
PALETTE_WIDTH = 13
"""What the command palette's key takes at the right: a border, '^p palette' and a space."""


class Key(NamedTuple):
    """One key as the footer draws it."""

    key: str
    display: str
    description: str
    action: str
    enabled: bool
    tooltip: str
    palette: bool


def key_width(key: Key, compact: bool) -> int:
    """The cells a key takes in the footer's line, with the space after it."""
    return cell_len(key.display) + 1 + cell_len(key.description) + (1 if compact else 2)


class FooterKeys(Widget):
    """The footer's keys as one line: those of `keys` from the left, the palette's at the
    right, each in Textual's footer colours (its CSS variables)."""

    ALLOW_SELECT = False
    COMPONENT_CLASSES: ClassVar[set[str]] = {"footer-key--key", "footer-key--description",
                                             "footer-key--item",
                                             "footer-key--hover", "footer-key--border"}
    DEFAULT_CSS = """
    FooterKeys {
        width: 1fr;
        height: 1;
        text-wrap: nowrap;
        .footer-key--item { background: $footer-item-background; }
        .footer-key--key {
            color: $footer-key-foreground;
            background: $footer-key-background;
            text-style: bold;
        }
        .footer-key--description {
            color: $footer-description-foreground;
            background: $footer-description-background;
        }
        .footer-key--hover { color: $footer-key-foreground; background: $block-hover-background; }
        .footer-key--border { color: $foreground 20%; }
    }
    """

    hovered: reactive[int | None] = reactive(None)
    """The index in `keys` of the key under the pointer."""

    def __init__(self, keys: tuple[Key, ...], *, compact: bool) -> None:
        super().__init__()
        self.keys = keys
        self.compact = compact
        self._places: list[tuple[int, int, int]] = []
        """(first cell, past its last cell, index in keys) of each key drawn."""

    def show(self, keys: tuple[Key, ...]) -> None:
        """Draw these keys instead."""
        self.keys = keys
        self.hovered = None
        self.refresh()

    def render(self) -> Text:
        # The key and description as declared (partial), over the item's or the hover's
        # background, as Textual's FooterKey draws them over its own (which :hover changes)
        key_style = self.get_component_rich_style("footer-key--key", partial=True)
        description_style = self.get_component_rich_style("footer-key--description",
                                                          partial=True)
        item = self.get_component_rich_style("footer-key--item")
        hover = self.get_component_rich_style("footer-key--hover")
        line = Text(no_wrap=True, end="")
        places: list[tuple[int, int, int]] = []
        width = self.size.width

        def part(index: int, key: Key, compact: bool) -> Text:
            pad = "" if compact else " "
            text = Text.assemble((f"{pad}{key.display}{pad}", key_style),
                                 (f"{' ' if compact else ''}{key.description}{pad}",
                                  description_style))
            text.stylize_before(hover if index == self.hovered else item)
            if not key.enabled:
                text.stylize(Style(dim=True))
            return text

        palette = [(index, key) for index, key in enumerate(self.keys) if key.palette]
        for index, key in enumerate(self.keys):
            if key.palette:
                continue
            drawn = part(index, key, self.compact)
            places.append((line.cell_len, line.cell_len + drawn.cell_len, index))
            line.append_text(drawn)
            if self.compact:
                line.append(" ")
        if palette:
            index, key = palette[0]
            # As Textual's draws it: compact whatever the footer, a border at its left and a
            # space at its right (padding, or in a compact footer a margin)
            drawn = Text.assemble(("▏", self.get_component_rich_style("footer-key--border")),
                                  part(index, key, True), (" ", Style() if self.compact else item))
            gap = width - line.cell_len - drawn.cell_len
            if gap >= 0:
                line.append(" " * gap)
                places.append((line.cell_len + 1, line.cell_len + drawn.cell_len - 1, index))
                line.append_text(drawn)
        self._places = places
        return line

    def _key_at(self, x: int) -> int | None:
        return next((index for first, past, index in self._places if first <= x < past), None)

    def on_mouse_move(self, event: events.MouseMove) -> None:
        self.hovered = self._key_at(event.x)

    def watch_hovered(self, hovered: int | None) -> None:
        """The tooltip is the hovered key's, set when the pointer moves to another key (not on
        every move: Textual shows a tooltip again each time it is set)."""
        self.tooltip = self.keys[hovered].tooltip if hovered is not None else None

    def on_leave(self, event: events.Leave) -> None:
        self.hovered = None

    def on_mouse_down(self, event: events.MouseDown) -> None:
        index = self._key_at(event.x)
        if index is None:
            return
        if self.keys[index].enabled:
            self.app.simulate_key(self.keys[index].key)
        else:
            self.app.bell()


class Footer(TextualFooter):
    """The keys of what has the focus and of the screen: those that fit, Help and Quit first."""

    def plan(self) -> tuple[Key, ...]:
        """The keys to draw, in order: those of the focus and the screen that fit, then the
        palette's key at the right."""
        if not self._bindings_ready:
            return ()
        active = self.screen.active_bindings
        palette = self.app.COMMAND_PALETTE_BINDING
        keys, actions = [], set()
        for _, binding, enabled, tooltip in active.values():
            if binding.show and binding.action not in actions and binding.key != palette:
                actions.add(binding.action)
                keys.append((binding, enabled, tooltip))
        keys.sort(key=lambda key: key[0].id not in PINNED)  # stable: the rest keep their order
        show_palette = self.show_command_palette and self.app.ENABLE_COMMAND_PALETTE \
            and palette in active
        room = self.app.size.width - (PALETTE_WIDTH if show_palette else 0)
        plan = []
        for binding, enabled, tooltip in keys:
            key = Key(binding.key, self.app.get_key_display(binding), binding.description,
                      binding.action, enabled, tooltip or binding.description, False)
            width = key_width(key, self.compact)
            if width > room:
                continue  # left out whole; a shorter key further on may still fit
            room -= width
            plan.append(key)
        if show_palette:
            _, binding, enabled, tooltip = active[palette]
            plan.append(Key(binding.key, self.app.get_key_display(binding), binding.description,
                            binding.action, enabled, binding.tooltip or binding.description,
                            True))
        return tuple(plan)

    def compose(self) -> ComposeResult:
        yield FooterKeys(self.plan(), compact=self.compact)

    def on_resize(self, event: events.Resize) -> None:
        if event.size.width != getattr(self, "_drawn_width", event.size.width):
            self.refresh(recompose=True)
        self._drawn_width = event.size.width

    async def recompose(self) -> None:
        """Draw the keys again if they changed: Textual asks on every change of focus or
        screen, about fifteen times while the reader starts."""
        if not self.is_attached or self._pruning:
            return  # a dialog's footer, asked after the dialog closed
        drawn = next(iter(self.query(FooterKeys)), None)
        if drawn is None:
            await super().recompose()
        elif (plan := self.plan()) != drawn.keys:
            drawn.show(plan)
