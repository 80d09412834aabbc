"""Reading-view figures (issue 26): python bench/reading.py

- Extraction per page (trafilatura, as the reading view runs it) on the recorded pages of
  tests/reading/data: milliseconds each, best of 5.
- From Enter to the text on screen for a page in the cache (a headless reader, the seed card):
  milliseconds, median of 10.
"""

from __future__ import annotations

import asyncio
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

PAGES = Path(__file__).resolve().parents[1] / "tests" / "reading" / "data"
SEEDS = Path(__file__).resolve().parents[1] / "seeds"
FT = "https://www.ft.com/content/db8bfc3c-4cf4-11ea-95a0-43d18ec715f5"


def extraction() -> None:
    from reader.reading.article import extract

    extract("<html><body><p>warm up</p></body></html>", "https://a.example/")
    for page in sorted(PAGES.glob("*.html")):
        html = page.read_text(encoding="utf-8", errors="replace")
        best = min(_timed(lambda html=html: extract(html, "https://a.example/")) for _ in range(5))
        print(f"extract {page.name:40} {len(html) / 1024:6.0f} KB  {best * 1000:6.1f} ms")


def pictures_decoded() -> None:
    """Decoding and scaling a lead picture (off the UI thread), for a photo's sizes."""
    import io

    from PIL import Image

    from reader.reading.pictures import decode

    for width, height, kind in ((1200, 675, "JPEG"), (4000, 3000, "JPEG"), (2000, 2000, "PNG")):
        stream = io.BytesIO()
        Image.effect_noise((width, height), 64).convert("RGB").save(stream, kind)
        data = stream.getvalue()
        best = min(_timed(lambda data=data: decode("https://a.example/p", data)) for _ in range(3))
        print(f"picture {kind:4} {width}x{height} ({len(data) / 1024:,.0f} KB) decoded and scaled: "
              f"{best * 1000:6.1f} ms")


def _timed(call: object) -> float:
    started = time.perf_counter()
    call()  # type: ignore[operator]
    return time.perf_counter() - started


async def enter_to_text() -> None:
    """From the Enter key to the moment the view has the text (it is drawn at the next frame,
    16 ms at 60 fps): timed inside the view, since Pilot's press() waits for the screen to
    settle (~200 ms) before it returns."""
    from reader.app import NewsReader
    from reader.reading import cache
    from reader.reading.article import Article, Block
    from reader.reading.page import Outcome
    from reader.screens import reading

    paragraphs = int(os.environ.get("PARAGRAPHS", "20"))
    cache.put(Article(FT, "A saved article", blocks=[Block("p", "Word " * 100)] * paragraphs))
    shown: list[float] = []
    original = reading.ReadingScreen._show

    def timed_show(self: reading.ReadingScreen, outcome: Outcome) -> None:
        original(self, outcome)
        shown.append(time.perf_counter())

    reading.ReadingScreen._show = timed_show  # type: ignore[method-assign]
    times = []
    app = NewsReader([str(SEEDS)])
    async with app.run_test(size=(120, 35)) as pilot:
        await pilot.pause(0.5)
        for _ in range(10):
            started = time.perf_counter()
            await pilot.press("enter")
            while not shown:
                await pilot.pause(0.001)
            times.append(shown.pop() - started)
            await pilot.press("escape")
            await pilot.pause(0.05)
    print(f"Enter to text, cached page of {paragraphs} paragraphs: median "
          f"{statistics.median(times) * 1000:.0f} ms, worst {max(times) * 1000:.0f} ms (10 opens)")


def main() -> None:
    home = tempfile.mkdtemp()
    for name in ("HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME", "XDG_CONFIG_HOME"):
        os.environ[name] = os.path.join(home, name.lower())
    print(f"{os.cpu_count()} cores, Python {sys.version.split()[0]}")
    extraction()
    pictures_decoded()
    asyncio.run(enter_to_text())


if __name__ == "__main__":
    main()
