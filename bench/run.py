"""Print the figures issue 4 asks for, side by side: python bench/run.py FOLDER.

Figures are wall-clock on whatever machine runs this; compare ratios (to the floor, to a bare
Textual app) across machines, not absolute numbers.
"""

from __future__ import annotations

import asyncio
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path


def timed(label: str, seconds: float, note: str = "") -> None:
    print(f"{label:<44} {seconds:8.3f} s  {note}")


def floor(folder: str) -> float:
    start = time.perf_counter()
    for root, _, names in os.walk(folder):
        for name in names:
            with open(os.path.join(root, name), "rb") as stream:
                stream.read()
    return time.perf_counter() - start


def cold_load(folder: str, jobs: int) -> tuple[float, int]:
    from reader.core.load import load

    start = time.perf_counter()
    result = load([folder], jobs=jobs)
    return time.perf_counter() - start, len(result.entries)


async def keys_on_list(folder: str) -> tuple[float, list[float], float]:
    from reader.app import NewsReader

    app = NewsReader([folder])
    start = time.perf_counter()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        ready = time.perf_counter() - start
        cpu = []
        for key in ["j"] * 200 + ["pagedown"] * 50 + ["G", "g"]:
            before = time.process_time()
            await pilot.press(key)
            cpu.append((time.process_time() - before) * 1000)
    return ready, cpu, 0.0


def whole_process(args: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "reader", *args], check=False, capture_output=True)
    return time.perf_counter() - start


def main() -> None:
    folder = sys.argv[1]
    count = sum(len(names) for _, _, names in os.walk(folder))
    print(f"corpus: {folder} ({count:,} files), {os.cpu_count()} cores, Python {sys.version.split()[0]}")
    base = floor(folder)
    timed("floor: read every file's bytes", base)
    seconds, cards = cold_load(folder, jobs=1)
    timed("cold load, 1 process", seconds, f"{cards:,} cards, {seconds / base:.1f}x floor")
    seconds, cards = cold_load(folder, jobs=0)
    timed("cold load, one process per core", seconds, f"{seconds / base:.1f}x floor")
    seconds = whole_process(["list", folder, "--limit", "20"])
    timed("`newsreader list --limit 20` (no index yet)", seconds)
    ready, cpu, _ = asyncio.run(keys_on_list(folder))
    timed("headless app: start to all rows loaded", ready)
    print(f"{'CPU per key on the full list (ms)':<44} median {statistics.median(cpu):.2f}, "
          f"p95 {sorted(cpu)[int(len(cpu) * 0.95)]:.2f}, max {max(cpu):.2f}")
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{'peak RSS of this process':<44} {rss:8.0f} MB")


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    main()
