"""Start a headless app, quit as soon as its first screen is drawn: `python bench/first_screen.py
reader FOLDER` (the reader, quitting once rows are on screen) or `python bench/first_screen.py bare`
(an empty Textual app, the yardstick). run.py times this whole process from spawn to exit."""

from __future__ import annotations

import sys
from pathlib import Path


def bare() -> None:
    from textual.app import App, ComposeResult
    from textual.widgets import Footer, Static

    class Bare(App[None]):
        def compose(self) -> ComposeResult:
            yield Static("hello")
            yield Footer()

        def on_mount(self) -> None:
            self.call_after_refresh(self.exit)

    Bare().run(headless=True, size=(120, 40))


def reader(folder: str) -> None:
    from reader.app import NewsReader
    from reader.core.load import Batch

    class FirstScreen(NewsReader):
        def _arrived(self, batch: Batch) -> None:
            super()._arrived(batch)
            if len(self.library):
                self.call_after_refresh(self.exit)

    FirstScreen([folder]).run(headless=True, size=(120, 40))


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    if sys.argv[1] == "bare":
        bare()
    else:
        reader(sys.argv[2])
    import resource

    print(f"peak RSS MB {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f}")
