"""Print the figures issue 4 asks for, side by side: python bench/run.py FOLDER.

Figures are wall-clock on whatever machine runs this; compare ratios (to the floor, to a bare
Textual app) across machines, not absolute numbers. Every run uses its own empty cache folder
(XDG_CACHE_HOME), so "cold" means no index and "warm" means the index this run just wrote.
"""

from __future__ import annotations

import asyncio
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def row(label: str, figure: str, note: str = "") -> None:
    print(f"{label:<48} {figure:>14}  {note}")


def floor(folder: str) -> float:
    start = time.perf_counter()
    for root, _, names in os.walk(folder):
        for name in names:
            with open(os.path.join(root, name), "rb") as stream:
                stream.read()
    return time.perf_counter() - start


def process(args: list[str]) -> tuple[float, float]:
    """Wall seconds and peak RSS (MB) of a whole process (the largest child so far, unless the
    process prints its own as 'peak RSS MB N'); a process that prints 'first paint after N s'
    is timed to that paint instead of its exit."""
    start = time.perf_counter()
    env = {**os.environ, "BENCH_SPAWNED_AT": repr(time.time())}
    done = subprocess.run([sys.executable, *args], check=False, capture_output=True, text=True,
                          env=env)
    seconds = time.perf_counter() - start
    for line in done.stdout.splitlines():
        if line.startswith("first paint after "):
            seconds = float(line.split()[3])
    if done.returncode not in (0, 1):
        sys.exit(f"{args} failed ({done.returncode}):\n{done.stderr}")
    rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    for line in done.stdout.splitlines():
        if line.startswith("peak RSS MB "):
            rss = float(line.split()[-1])
    return seconds, rss


def best(runs: int, args: list[str]) -> float:
    return min(process(args)[0] for _ in range(runs))


async def headless(folder: str) -> dict[str, float | list[float]]:
    """In one process: start to first rows, start to all loaded, CPU per key, search keystroke."""
    from reader.app import NewsReader
    from reader.widgets.articles import ArticleList

    figures: dict[str, float | list[float]] = {}
    app = NewsReader([folder])
    start = time.perf_counter()
    async with app.run_test(size=(120, 40)) as pilot:
        articles = app.main_screen.query_one(ArticleList)
        while not articles.view:
            await asyncio.sleep(0.005)
        figures["first_rows"] = time.perf_counter() - start
        await app.workers.wait_for_complete()
        await pilot.pause()
        figures["all_rows"] = time.perf_counter() - start
        figures["rows"] = len(articles.view)
        cpu = []
        for key in ["j"] * 200 + ["pagedown"] * 50 + ["G", "g"] + ["k"] * 20:
            before = time.process_time()
            await pilot.press(key)
            cpu.append((time.process_time() - before) * 1000)
        figures["key_cpu"] = cpu
        await pilot.press("slash")
        typed = []
        for key in "police facial -uber topic:ai heat>40":
            before = time.process_time()
            await pilot.press("space" if key == " " else key)
            typed.append((time.process_time() - before) * 1000)
        figures["search_ms"] = typed
        await pilot.pause(0.5)  # the list is filtered once typing pauses
        figures["matches"] = len(articles.view)
    return figures


def main() -> None:
    folder = sys.argv[1]
    count = sum(len(names) for _, _, names in os.walk(folder))
    cache = tempfile.mkdtemp(prefix="newsreader-bench-")
    os.environ["XDG_CACHE_HOME"] = cache
    print(f"corpus: {folder} ({count:,} files); {os.cpu_count()} cores; Python "
          f"{sys.version.split()[0]}; cache {cache}")
    floor(folder)  # once to bring the files into the page cache, as after any recent use
    base = floor(folder)
    row("floor: read every file's bytes", f"{base:.2f} s")

    cold, cold_rss = process(["-m", "reader", "check", folder])
    row("cold index: `newsreader check`, empty cache", f"{cold:.2f} s",
        f"{cold / base:.1f}x floor (goal <= 5x); peak RSS {cold_rss:.0f} MB")
    warm_check = best(3, ["-m", "reader", "check", folder])
    row("warm `newsreader check`", f"{warm_check:.2f} s", f"{warm_check / base:.1f}x floor")
    warm_list = best(3, ["-m", "reader", "list", folder, "--limit", "20"])
    row("warm `newsreader list --limit 20`", f"{warm_list:.2f} s", "goal <= 0.5 s")

    bare = best(3, [str(HERE / "first_screen.py"), "bare"])
    row("bare Textual app: start to first screen", f"{bare:.2f} s", "whole process, to first paint")
    first = best(3, [str(HERE / "first_screen.py"), "reader", folder])
    row("warm start to first screen with rows", f"{first:.2f} s",
        f"whole process; {first / bare:.1f}x bare (goal <= 3x)")
    _, app_rss = process([str(HERE / "first_screen.py"), "reader", folder])

    figures = asyncio.run(headless(folder))
    row("warm, headless: first rows / all loaded", f"{figures['first_rows']:.2f} s",
        f"all {figures['all_rows']:.2f} s, {figures['rows']:,} rows")
    cpu = figures["key_cpu"]
    assert isinstance(cpu, list)
    row("CPU per key on the full list", f"{statistics.median(cpu):.1f} ms",
        f"median; p95 {sorted(cpu)[int(len(cpu) * 0.95)]:.1f}, max {max(cpu):.1f} "
        "(goal median <= 10, max <= 50)")
    if "search_ms" in figures:
        search = figures["search_ms"]
        assert isinstance(search, list)
        row("search, CPU per keystroke", f"{statistics.median(search):.1f} ms",
            f"median; max {max(search):.1f} (goal <= 50); "
            f"'police facial -uber topic:ai heat>40' -> {figures['matches']:,} cards")

    cold_cache = tempfile.mkdtemp(prefix="newsreader-bench-cold-")
    os.environ["XDG_CACHE_HOME"] = cold_cache
    figures = asyncio.run(headless(folder))
    row("cold, headless: first rows / all loaded", f"{figures['first_rows']:.2f} s",
        f"all {figures['all_rows']:.2f} s (goal: first rows <= 1 s)")
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    row("peak RSS", f"{max(app_rss, own):.0f} MB",
        f"reader process {app_rss:.0f} MB, this bench process {own:.0f} MB (goal <= 200)")


if __name__ == "__main__":
    sys.path.insert(0, str(HERE.parent))
    main()
