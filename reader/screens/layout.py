"""Where the panes go: the story beside the list or under it, the split, the sidebar, zoom.

PanesScreen is the reading screen's base: it holds the user's ViewSettings
(reader/core/view_settings.py) and what is zoomed, lays the panes out on mount, on every resize
and after each layout key, and answers those keys (v, [, ], z, b, space).
"""

from __future__ import annotations

from dataclasses import replace

from textual import events
from textual.screen import Screen
from textual.widget import Widget

from ..core.view_settings import ViewSettings
from ..widgets.detail import DetailPane, RelatedItem


def arrange(screen: Screen[None], settings: ViewSettings, zoomed: str | None) -> str:
    """Lay the screen's panes out; returns the layout shown ('side' or 'stacked')."""
    width = screen.size.width
    layout = settings.shown_layout(width)
    screen.set_class(layout == "stacked", "-stacked")
    screen.set_class(zoomed is None and settings.sidebar_shown(width), "-sidebar")
    screen.set_class(zoomed == "list", "-zoom-list")
    screen.set_class(zoomed == "story", "-zoom-story")
    split = settings.split(layout)
    listing = screen.query_one("#list-pane", Widget)
    story = screen.query_one("#detail", Widget)
    if layout == "side":
        listing.styles.width, story.styles.width = f"{split}fr", f"{100 - split}fr"
        listing.styles.height = story.styles.height = "1fr"
    else:
        listing.styles.height, story.styles.height = f"{split}fr", f"{100 - split}fr"
        listing.styles.width = story.styles.width = "1fr"
    return layout


class PanesScreen(Screen[None]):
    """A screen of the sidebar (#topics), the list (#list-pane, #articles) and the story
    (#detail), arranged by the user's view settings."""

    def __init__(self, settings: ViewSettings | None = None) -> None:
        super().__init__()
        self.settings = settings or ViewSettings()
        """Sort, hide-read, layout, split and sidebar as the user left them (kept on change)."""
        self.zoomed: str | None = None
        """'list' or 'story' while z zooms it."""

    def keep_view(self, settings: ViewSettings) -> None:
        """Keep the settings for the next start (the reading screen saves them)."""

    def place_panes(self) -> None:
        arrange(self, self.settings, self.zoomed)

    def on_resize(self, event: events.Resize) -> None:
        self.place_panes()

    def _settle(self, settings: ViewSettings, *, keep: bool = True) -> None:
        """Use these view settings (and keep them for the next start when `keep`)."""
        self.settings = settings
        if keep:
            self.keep_view(settings)
        self.place_panes()

    def action_toggle_sidebar(self) -> None:
        """Show or hide the topic sidebar."""
        shown = not self.settings.sidebar_shown(self.size.width)
        self.zoomed = None
        self._settle(replace(self.settings, sidebar=shown))
        if not shown and self.query_one("#topics").has_focus:
            self.query_one("#articles").focus()

    def action_toggle_layout(self) -> None:
        """The story beside the list, or under it."""
        layout = "side" if self.settings.shown_layout(self.size.width) == "stacked" else "stacked"
        self.zoomed = None
        self._settle(replace(self.settings, layout=layout))
        self.notify("The story beside the list" if layout == "side"
                    else "The story under the list", timeout=2)

    def action_resize_list(self, step: int) -> None:
        """Give the list `step` percent more room (less when negative)."""
        layout = self.settings.shown_layout(self.size.width)
        self.zoomed = None
        self._settle(self.settings.resized(layout, step))
        side = "width" if layout == "side" else "height"
        self.notify(f"The list has {self.settings.split(layout)}% of the {side}", timeout=2)

    def action_zoom(self) -> None:
        """Zoom the focused pane (the list, or the story) to the whole screen, and back."""
        if self.zoomed is not None:
            self.zoomed = None
        else:
            focused = self.focused
            in_story = isinstance(focused, DetailPane | RelatedItem)
            self.zoomed = "story" if in_story else "list"
            if not in_story:
                self.query_one("#articles").focus()
        self.place_panes()

    def action_page_story(self) -> None:
        """Page down the story while the list keeps the focus."""
        self.query_one(DetailPane).scroll_page_down(animate=False)
