"""Print the reader's figures for one or more corpora side by side: python bench/run.py FOLDER
or python bench/run.py --count 100000 --count 1000000 (generated once, kept in --corpora).

Figures are wall-clock on whatever machine runs this; compare ratios (to the floor, to a bare
Textual app) across machines, not absolute numbers. Every run uses its own empty cache folder
(XDG_CACHE_HOME), so "cold" means no index and "warm" means the index this run just wrote, and
its own state and config (the first warm start remembers each story, as a user's first does).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import importlib.util
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from first_screen import walk  # bench/ is the script's folder, first on sys.path

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
    """In one process: start to first rows, start to all loaded, CPU per key and per search
    keystroke (of the UI thread: what the user waits for; a search of a big library runs on
    a worker thread, timed to its answer)."""
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
        cpu: list[float] = []
        typed: list[float] = []

        @contextlib.contextmanager
        def timed(into: list[float]) -> Iterator[None]:  # the UI thread's CPU for one key
            before = time.thread_time()
            yield
            into.append((time.thread_time() - before) * 1000)

        figures["answer"] = await walk(app, pilot, on_key=lambda: timed(cpu),
                                       on_typed=lambda: timed(typed))
        figures["key_cpu"] = cpu
        figures["search_ms"] = typed
        figures["matches"] = len(articles.view)
    return figures


def stat_floor(folder: str) -> float:
    """The least work that proves no card changed: a stat of every file."""
    start = time.perf_counter()
    for root, _, names in os.walk(folder):
        for name in names:
            os.stat(os.path.join(root, name))
    return time.perf_counter() - start


def size_of(folder: str) -> int:
    return sum(os.path.getsize(os.path.join(root, name))
               for root, _, names in os.walk(folder) for name in names)


def seconds(value: float) -> str:
    return f"{value:.2f} s"


def measure(folder: str, *, headless_cold: bool) -> dict[str, str]:
    """Every figure for one corpus, as text, in the order of FIGURES."""
    figures: dict[str, str] = {}
    cache = tempfile.mkdtemp(prefix="newsreader-bench-")
    os.environ["XDG_CACHE_HOME"] = cache
    # A state and config of the run's own: the user's (or another corpus's) remembered stories
    # would count in the figures (a state that saw a million stories reads them all at start).
    os.environ["XDG_STATE_HOME"] = os.path.join(cache, "state")
    os.environ["XDG_CONFIG_HOME"] = os.path.join(cache, "config")
    count = sum(len(names) for _, _, names in os.walk(folder))
    card_bytes = size_of(folder)
    figures["cards"] = f"{count:,} ({card_bytes / 1e6:,.0f} MB)"
    floor(folder)  # once to bring the files into the page cache, as after any recent use
    base = floor(folder)
    stats = min(stat_floor(folder) for _ in range(3))
    figures["read floor"] = seconds(base)
    figures["stat floor"] = seconds(stats)

    cold, _ = process(["-m", "reader", "check", folder])
    figures["cold index"] = f"{seconds(cold)} = {cold / base:.1f}x read floor"
    index_bytes = size_of(os.path.join(cache, "newsreader"))
    figures["index size"] = f"{index_bytes / 1e6:,.0f} MB = {index_bytes / card_bytes:.2f}x cards"
    warm_check = best(3, ["-m", "reader", "check", folder])
    figures["warm check"] = f"{seconds(warm_check)} = {warm_check / base:.1f}x read floor"
    warm_list = best(3, ["-m", "reader", "list", folder, "--limit", "20"])
    figures["warm list"] = f"{seconds(warm_list)} = stat floor + {warm_list - stats:.2f} s"
    status = best(3, ["-m", "reader", "status", folder])
    figures["status"] = seconds(status)

    bare = best(3, [str(HERE / "first_screen.py"), "bare"])
    first = best(3, [str(HERE / "first_screen.py"), "reader", folder])
    figures["first paint"] = f"{seconds(first)} = {first / bare:.1f}x bare ({bare:.2f} s)"
    _, walked_rss = process([str(HERE / "first_screen.py"), "walked", folder])
    _, loaded_rss = process([str(HERE / "first_screen.py"), "loaded", folder])
    _, first_rss = process([str(HERE / "first_screen.py"), "reader", folder])
    figures["peak RSS"] = (f"{walked_rss:,.0f} MB (all loaded {loaded_rss:,.0f}, "
                           f"first paint {first_rss:,.0f})")

    headless_figures = asyncio.run(headless(folder))
    figures["headless"] = (f"{headless_figures['first_rows']:.2f} / "
                           f"{headless_figures['all_rows']:.2f} s")
    cpu = headless_figures["key_cpu"]
    assert isinstance(cpu, list)
    figures["cursor key"] = (f"{statistics.median(cpu):.1f} ms (p95 "
                             f"{sorted(cpu)[int(len(cpu) * 0.95)]:.0f}, max {max(cpu):.0f})")
    search = headless_figures["search_ms"]
    assert isinstance(search, list)
    figures["search key"] = (f"{statistics.median(search):.0f} / {max(search):.0f} ms "
                             f"({headless_figures['matches']:,} match)")
    figures["search answer"] = f"{headless_figures['answer']:.2f} s"
    if headless_cold:
        os.environ["XDG_CACHE_HOME"] = tempfile.mkdtemp(prefix="newsreader-bench-cold-")
        cold_figures = asyncio.run(headless(folder))
        figures["cold headless"] = (f"{cold_figures['first_rows']:.2f} / "
                                    f"{cold_figures['all_rows']:.2f} s")
    else:
        figures["cold headless"] = "not run (--cold-app)"
    shutil.rmtree(cache, ignore_errors=True)
    return figures


FIGURES = [
    ("cards", "cards (bytes)", ""),
    ("read floor", "read floor: every file's bytes", ""),
    ("stat floor", "stat floor: a stat of every file", ""),
    ("cold index", "cold index: `check`, empty cache", "<= 5x read floor"),
    ("index size", "index size on disk / card bytes", "<= 0.5x"),
    ("warm check", "warm `check` (loads every card)", ""),
    ("warm list", "warm `list --limit 20`", "<= stat floor + 0.2 s"),
    ("status", "warm `status`", "<= 0.3 s"),
    ("first paint", "warm start to first paint with rows", "<= 2x bare"),
    ("peak RSS", "peak RSS of the reader after a walk and a search", "<= 100 / 150 MB"),
    ("headless", "headless: first rows / all loaded", ""),
    ("cursor key", "CPU per cursor key, median", "<= 5 ms"),
    ("search key", "search keystroke, median / max", "<= 20/100, 50/150 ms"),
    ("search answer", "search: last key to the list filtered", ""),
    ("cold headless", "cold, headless: first rows / all", "first rows <= 1 s"),
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folders", nargs="*", help="card folders to measure")
    parser.add_argument("--count", type=int, action="append", default=[],
                        help="measure a generated corpus of this many cards (repeatable)")
    parser.add_argument("--corpora", default=os.path.join(tempfile.gettempdir(),
                                                          "newsreader-corpora"),
                        help="where generated corpora are kept between runs")
    parser.add_argument("--cold-app", action="store_true",
                        help="also time a headless cold start (another full parse)")
    args = parser.parse_args()
    folders = list(args.folders)
    for count in args.count:
        folder = os.path.join(args.corpora, str(count))
        if not os.path.isdir(folder):
            print(f"writing {count:,} cards to {folder} …", flush=True)
            subprocess.run([sys.executable, str(HERE / "make_corpus.py"), str(count), folder],
                           check=True)
        folders.append(folder)
    if not folders:
        parser.error("give a folder or --count N")
    print(f"{os.cpu_count()} cores; Python {sys.version.split()[0]}; "
          + "; ".join(folders), flush=True)
    if importlib.util.find_spec("trio") is not None:  # selenium's, in the test extras
        print("note: this venv has the test extras; httpcore then loads trio with each fetch "
              "(+15 MB RSS). Measure memory in a venv made by the README's run command.",
              flush=True)
    columns = []
    for folder in folders:
        columns.append(measure(folder, headless_cold=args.cold_app))
        print(f"measured {folder}", flush=True)
    width = max(len(label) for _, label, _ in FIGURES)
    widths = [max(len(column[key]) for key, _, _ in FIGURES) for column in columns]
    print()
    for key, label, goal in FIGURES:
        cells = "  ".join(f"{column[key]:<{w}}" for column, w in zip(columns, widths, strict=True))
        print(f"{label:<{width}}  {cells}  {goal}")


if __name__ == "__main__":
    sys.path.insert(0, str(HERE.parent))
    main()
