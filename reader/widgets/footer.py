"""Textual's Footer, without the memory it kept for every redraw.

Textual 8.2.8's Footer binds each key it draws to its own `compact` setting (data_bind). The
binding registers a watcher on the footer, and Textual drops the watchers of removed widgets
only when `compact` next changes, which in this reader it never does. Every time the keys
change (a dialog opens or closes, a key is remapped) the footer drew new keys and kept the old
ones: ~0.5 MB per dialog opened. This footer lets go of the watchers of the keys it removed.
"""

from __future__ import annotations

from textual.widgets import Footer as TextualFooter


class Footer(TextualFooter):
    """The key bar at the bottom of a screen."""

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
