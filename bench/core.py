"""The core's own costs, without a terminal: python bench/core.py FOLDER [PARSE_SAMPLE].

Prints the parse cost per card (one process, the first PARSE_SAMPLE files, default 3,000), and
over every card of the folder (read from its index, built on the first run): reading the
library, each sort order from nothing, `top(20)` without a sorted order, and a score query.
Each figure is the best of three runs; compare ratios between runs, not absolute numbers.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from reader.core.dates import utc_now
from reader.core.db import Columns, Library
from reader.core.load import load
from reader.core.parse import parse_entry
from reader.core.query import Marks, parse
from reader.core.scan import scan
from reader.core.sorts import SORTS
from reader.core.views import ALL, Views, ViewSpec


def best(run: Callable[[], object], times: int = 3) -> float:
    spent = []
    for _ in range(times):
        start = time.perf_counter()
        run()
        spent.append(time.perf_counter() - start)
    return min(spent)


def row(label: str, seconds: float, note: str = "") -> None:
    print(f"{label:<44} {seconds * 1000:>10.1f} ms  {note}")


def main() -> None:
    folder = sys.argv[1]
    sample = int(sys.argv[2]) if len(sys.argv) > 2 else 3_000
    paths = [ref.path for ref in scan([folder]).files[:sample]]
    spent = best(lambda: [parse_entry(path) for path in paths], 1)
    row(f"parse_entry, {len(paths):,} files", spent, f"{spent / len(paths) * 1e6:.0f} µs a card")

    index_dir = Path(os.environ.get("BENCH_INDEX", tempfile.gettempdir())) / "bench-core-index"
    load([folder], index_dir=index_dir)

    def opened() -> Library:
        columns = Columns.read([folder], index_dir)
        assert columns is not None
        return Library(columns)

    library = opened()
    print(f"{len(library):,} cards (index in {index_dir})")
    bare = best(opened)
    row("Library read from the index", bare)
    for sort in SORTS:
        def ordered(sort: str = sort) -> object:
            return opened().order(sort)

        row(f"order {sort!r} from nothing", best(ordered) - bare)
    row("top(20) by heat, nothing sorted", best(lambda: opened().top(20)) - bare)
    library.order("heat")
    query = parse("heat>40 quality:20..80")
    spec = ViewSpec(ALL, query=query)
    matched = len(Views(library, Marks(), utc_now).view(spec))
    row("query 'heat>40 quality:20..80'",  # new Views each time: no narrowing cache
        best(lambda: Views(library, Marks(), utc_now).view(spec)), f"{matched:,} match")


if __name__ == "__main__":
    main()
