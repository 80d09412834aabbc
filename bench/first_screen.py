"""Start a headless app, quit as soon as its first screen is drawn: `python bench/first_screen.py
reader FOLDER` (the reader, quitting once rows are on screen) or `python bench/first_screen.py bare`
(an empty Textual app, the yardstick), or `loaded FOLDER` (the reader until every card is loaded,
for its peak memory), or `walked FOLDER` (loaded, then the walk and search of walk() below:
issue 25's measure of memory). It prints the time from its spawn (BENCH_SPAWNED_AT, set by
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


WALK = ["j"] * 200 + ["pagedown"] * 50 + ["G", "g"] + ["k"] * 20
SEARCH = "police facial -uber topic:ai heat>40"


async def walk(app: Any, pilot: Any, on_key: Any = None, on_typed: Any = None) -> float:
    """Every card loaded, the cursor walked (WALK), then SEARCH typed and answered: what a
    user does in a first minute. on_key / on_typed: context managers around each key (run.py
    times them). Returns the seconds from the last key typed to the list filtered (a big
    library searches off the UI thread)."""
    import asyncio
    import time

    from reader.widgets.articles import ArticleList

    articles = app.main_screen.query_one(ArticleList)
    await app.workers.wait_for_complete()
    await pilot.pause()
    for key in WALK:
        with on_key() if on_key else _nothing():
            await pilot.press(key)
    await pilot.press("slash")
    for key in SEARCH:
        with on_typed() if on_typed else _nothing():
            await pilot.press("space" if key == " " else key)
    typed_at = time.perf_counter()
    while str(articles.border_subtitle) != f"“{SEARCH}”":  # the typing delay, then a search
        await asyncio.sleep(0.005)
    answered = time.perf_counter() - typed_at
    await pilot.pause()
    return answered


def _nothing() -> Any:
    import contextlib

    return contextlib.nullcontext()


def walked(folder: str) -> None:
    import asyncio

    from reader.app import NewsReader

    async def run() -> None:
        app = NewsReader([folder])
        async with app.run_test(size=(120, 40)) as pilot:
            await walk(app, pilot)

    asyncio.run(run())


def reader(folder: str) -> None:
    from reader.app import NewsReader
    from reader.core.load import Batch

    class FirstScreen(NewsReader):
        said = False
        """The first paint is said once, by the first of the hooks below to see rows."""

        def _arrived(self, batch: Batch) -> None:
            super()._arrived(batch)
            if len(self.session.library):
                self.call_after_refresh(self._painted)

        def load_cards(self) -> Any:  # _start ends here, the screen mounted: with rows
            if len(self.session.library):  # when the index gave the first ones
                self.call_after_refresh(self._painted)
            return super().load_cards()

        def _loaded(self, recorded: dict[str, float | None] | None = None) -> None:
            super()._loaded(recorded)  # a small first folder's rows come in one last batch
            if len(self.session.library):
                self.call_after_refresh(self._painted)

        def _painted(self) -> None:
            if self.said:
                return
            self.said = True
            _painted()
            self.exit()

    FirstScreen([folder]).run(headless=True, size=(120, 40))


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    if sys.argv[1] == "bare":
        bare()
    else:
        from reader.memory import keep_little

        keep_little()  # malloc set as `newsreader` sets it (cli.py): the memory it would use
        {"loaded": loaded, "walked": walked}.get(sys.argv[1], reader)(sys.argv[2])
    import resource

    print(f"peak RSS MB {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f}")
