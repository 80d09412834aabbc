"""Where the panes go: the story beside the list or under it, the split, the sidebar, zoom.

The reading screen calls arrange() on mount, on every resize and after each layout key, with
the user's ViewSettings (reader/core/view_settings.py) and what is zoomed, if anything.
"""

from __future__ import annotations

from textual.screen import Screen
from textual.widget import Widget

from ..core.view_settings import ViewSettings


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
