"""The reader's process keeps its threads' freed memory in two malloc arenas (reader/memory.py)."""

from __future__ import annotations

import platform
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

import reader.app
import reader.memory
from reader.cli import run

ROOT = Path(__file__).resolve().parent.parent
glibc = pytest.mark.skipif(platform.libc_ver()[0] != "glibc", reason="glibc's malloc only")

EIGHT_THREADS = textwrap.dedent("""
    import ctypes, sys, threading
    sys.path.insert(0, {root!r})
    if {cap}:
        from reader.memory import fewer_arenas
        assert fewer_arenas()
    barrier = threading.Barrier(8)

    def allocate():
        barrier.wait()  # all eight at once
        kept = [bytes(2000) for _ in range(2000)]  # past pymalloc: malloc's own

    threads = [threading.Thread(target=allocate) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    ctypes.CDLL(None).malloc_stats()  # one "Arena N:" paragraph per arena, on stderr
""")


def arenas(cap: bool) -> int:
    done = subprocess.run([sys.executable, "-c", EIGHT_THREADS.format(root=str(ROOT), cap=cap)],
                          capture_output=True, text=True, timeout=60, check=True)
    return sum(line.startswith("Arena ") for line in done.stderr.splitlines())


@glibc
def test_eight_threads_share_two_arenas_once_capped() -> None:
    assert arenas(cap=False) > 2  # what the cap changes: glibc gives each thread its own
    assert arenas(cap=True) == 2


def test_the_reader_caps_arenas_before_it_starts(monkeypatch: pytest.MonkeyPatch) -> None:
    said: list[str] = []

    def capped() -> bool:
        said.append("capped")
        return True

    monkeypatch.setattr(reader.memory, "fewer_arenas", capped)
    monkeypatch.setattr(reader.app.NewsReader, "run", lambda self: said.append("ran"))
    assert run([str(ROOT / "seeds")]) == 0
    assert said == ["capped", "ran"]
