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

from rich.cells import cell_len
from textual import events
from textual.app import ComposeResult
from textual.widgets import Footer as TextualFooter
from textual.widgets._footer import FooterKey

PINNED = ("help", "quit")
"""Binding ids drawn first, so they are the last to go on a narrow terminal."""
PALETTE_WIDTH = 13
"""What the command palette's key takes at the right: a border, '^p palette' and a space."""


class Footer(TextualFooter):
    """The keys of what has the focus and of the screen: those that fit, Help and Quit first."""

    def compose(self) -> ComposeResult:
        if not self._bindings_ready:
            return
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
        for binding, enabled, tooltip in keys:
            display = self.app.get_key_display(binding)
            width = cell_len(display) + 1 + cell_len(binding.description) + 1
            if width > room:
                continue  # left out whole; a shorter key further on may still fit
            room -= width
            yield FooterKey(binding.key, display, binding.description, binding.action,
                            disabled=not enabled, tooltip=tooltip or binding.description,
                            ).data_bind(compact=TextualFooter.compact)
        if show_palette:
            _, binding, enabled, tooltip = active[palette]
            yield FooterKey(binding.key, self.app.get_key_display(binding), binding.description,
                            binding.action, classes="-command-palette", disabled=not enabled,
                            tooltip=binding.tooltip or binding.description)

    def on_resize(self, event: events.Resize) -> None:
        if event.size.width != getattr(self, "_drawn_width", event.size.width):
            self.refresh(recompose=True)
        self._drawn_width = event.size.width

    async def recompose(self) -> None:
        await super().recompose()
        self.forget_removed_keys()

    def forget_removed_keys(self) -> None:
        """Drop the watchers of keys that are gone (Textual does it only on a change of
        `compact`)."""
        watchers = getattr(self, "__watchers", None) or {}
        for pairs in watchers.values():
            pairs[:] = [(node, callback) for node, callback in pairs
                        if not (node._closing or node._closed)]
