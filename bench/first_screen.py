"""Start a headless app, quit as soon as its first screen is drawn: `python bench/first_screen.py
reader FOLDER` (the reader, quitting once rows are on screen) or `python bench/first_screen.py bare`
(an empty Textual app, the yardstick), or `loaded FOLDER` (the reader until every card is loaded,
for its peak memory). It prints the time from its spawn (BENCH_SPAWNED_AT, set by
run.py) to that first paint: the whole process's start, interpreter and imports included, without
the time it takes to shut down."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any


def _painted() -> None:
    """Print the seconds from the process's spawn (run.py passes the time) to the first paint."""
    import os
    import time

    start = float(os.environ.get("BENCH_SPAWNED_AT", "nan"))
    print(f"first paint after {time.time() - start:.3f} s", flush=True)


def bare() -> None:
    from textual.app import App, ComposeResult
    from textual.widgets import Footer, Static

    class Bare(App[None]):
        def compose(self) -> ComposeResult:
            yield Static("hello")
            yield Footer()

        def on_mount(self) -> None:
            self.call_after_refresh(self.done)

        def done(self) -> None:
            _painted()
            self.exit()

    Bare().run(headless=True, size=(120, 40))


def loaded(folder: str) -> None:
    """The reader until every card is loaded (its peak memory is the figure, not the time)."""
    from reader.app import NewsReader

    class Loaded(NewsReader):
        def _loaded(self, fresh: dict[str, float | None] | None = None) -> None:
            super()._loaded(fresh)
            self.call_after_refresh(self.exit)

    Loaded([folder]).run(headless=True, size=(120, 40))


def reader(folder: str) -> None:
    from reader.app import NewsReader
    from reader.core.load import Batch

    class FirstScreen(NewsReader):
        def _arrived(self, batch: Batch) -> None:
            super()._arrived(batch)
            if len(self.session.library):
                self.call_after_refresh(self._painted)

        def load_cards(self) -> Any:  # on_mount ends here, its screen pushed: with rows
            if len(self.session.library):  # when the index gave the first ones
                self.call_after_refresh(self._painted)
            return super().load_cards()

        def _painted(self) -> None:
            _painted()
            self.exit()

    FirstScreen([folder]).run(headless=True, size=(120, 40))


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    if sys.argv[1] == "bare":
        bare()
    elif sys.argv[1] == "loaded":
        loaded(sys.argv[2])
    else:
        reader(sys.argv[2])
    import resource

    print(f"peak RSS MB {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f}")
