"""How long the test suite takes, beside how fast the machine is at that moment.

Run from a checkout, in the venv the README's test command makes:

    .venv/bin/python bench/suite.py --runs 3

The machines here are shared: the same suite took 42 s and 62 s on one machine within an hour.
So before each run a fixed pure-Python loop is timed, and each run is printed with it: compare
runs made with a similar loop time, or the suite's time divided by the loop's (issue 25 asks
for the suite under 60 s on 2 cores).
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import time
from pathlib import Path


def loop_seconds() -> float:
    """CPU seconds for 20 million additions in one Python thread (0.65-0.7 s on a quiet machine here)."""
    start = time.process_time()
    total = 0
    for number in range(20_000_000):
        total += number
    return time.process_time() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("pytest_args", nargs="*", help="more arguments for pytest")
    options = parser.parse_args()
    checkout = Path(__file__).resolve().parent.parent
    pytest = Path(sys.executable).parent / "pytest"
    print(f"{'run':>3}  {'loop':>6}  {'wall':>7}  {'CPU':>7}  {'wall/loop':>9}  result")
    for run in range(1, options.runs + 1):
        loop = loop_seconds()
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        done = subprocess.run([str(pytest), "-q", *options.pytest_args], cwd=checkout,
                              capture_output=True, text=True)
        wall = time.perf_counter() - start
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        lines = done.stdout.strip().splitlines()
        result = lines[-1].strip("= ") if lines else f"exit {done.returncode}"
        print(f"{run:>3}  {loop:5.2f}s  {wall:6.1f}s  {cpu:6.1f}s  {wall / loop:9.1f}  {result}",
              flush=True)


if __name__ == "__main__":
    main()
