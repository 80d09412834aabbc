"""The key bar: Textual's Footer, showing only the keys that fit, Help and Quit first.

Textual's Footer draws every key in a row and lets the terminal cut the row wherever it ends,
halfway through a label ("h Unr"), after Quit and Help are long gone. This footer puts the
PINNED keys first and leaves out, whole, every key that does not fit; it draws again when the
terminal's width changes.

It also lets go of what Textual 8.2.8's Footer kept for every redraw: each key it draws is bound
to the footer's `compact` setting (data_bind), which registers a watcher that Textual drops only
when `compact` next changes, which in this reader it never does (~0.5 MB per dialog opened).
"""

from __future__ import annotations

from typing import NamedTuple

from rich.cells import cell_len
from textual import events
from textual.app import ComposeResult
from textual.widgets import Footer as TextualFooter
from textual.widgets._footer import FooterKey

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
    classes: str


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
            display = self.app.get_key_display(binding)
            width = cell_len(display) + 1 + cell_len(binding.description) + 1
            if width > room:
                continue  # left out whole; a shorter key further on may still fit
            room -= width
            plan.append(Key(binding.key, display, binding.description, binding.action, enabled,
                            tooltip or binding.description, ""))
        if show_palette:
            _, binding, enabled, tooltip = active[palette]
            plan.append(Key(binding.key, self.app.get_key_display(binding), binding.description,
                            binding.action, enabled, binding.tooltip or binding.description,
                            "-command-palette"))
        return tuple(plan)

    def compose(self) -> ComposeResult:
        self._drawn = self.plan()
        for key in self._drawn:
            footer_key = FooterKey(key.key, key.display, key.description, key.action,
                                   disabled=not key.enabled, tooltip=key.tooltip,
                                   classes=key.classes)
            yield footer_key if key.classes else footer_key.data_bind(compact=TextualFooter.compact)

    def on_resize(self, event: events.Resize) -> None:
        if event.size.width != getattr(self, "_drawn_width", event.size.width):
            self.refresh(recompose=True)
        self._drawn_width = event.size.width

    async def recompose(self) -> None:
        """Draw the keys again, unless they are the ones drawn: Textual asks on every change of
        focus or screen, about fifteen times while the reader starts, and each time mounted and
        styled every key anew (a quarter of the start's CPU)."""
        if not self.is_attached or self._pruning:
            return  # a dialog's footer, asked after the dialog closed
        if self.is_mounted and self.plan() == getattr(self, "_drawn", None):
            return
        await super().recompose()
        self.forget_removed_keys()

    def forget_removed_keys(self) -> None:
        """Drop the watchers of keys that are gone (Textual does it only on a change of
        `compact`)."""
        watchers = getattr(self, "__watchers", None) or {}
        for pairs in watchers.values():
            pairs[:] = [(node, callback) for node, callback in pairs
                        if not (node._closing or node._closed)]
