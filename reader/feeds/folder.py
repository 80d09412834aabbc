"""Where the feeds' cards live (light: the command line asks this at every start)."""

from __future__ import annotations

from pathlib import Path

import platformdirs


def feeds_folder() -> Path:
    """$XDG_DATA_HOME/newsreader/feeds (the platform's data folder elsewhere)."""
    return Path(platformdirs.user_data_dir("newsreader", appauthor=False)) / "feeds"
