"""The reader's process keeps its threads' freed memory in two malloc arenas, and gives big
blocks back when they are freed (reader/memory.py)."""

from __future__ import annotations

import platform
import subprocess
import sys
import textwrap
from collections.abc import Callable

import pytest

import reader.app
import reader.memory
from reader.cli import run
from tests.installed import CHECKOUT as ROOT

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


BIG_BLOCKS_FREED = textwrap.dedent("""
    import ctypes, sys
    sys.path.insert(0, {root!r})
    if {returned}:
        from reader.memory import big_blocks_returned
        assert big_blocks_returned()

    libc = ctypes.CDLL(None)
    wide = hasattr(libc, "mallinfo2")  # glibc 2.33 on; mallinfo's ints before

    class Info(ctypes.Structure):
        _fields_ = [(name, ctypes.c_size_t if wide else ctypes.c_int) for name in
                    "arena ordblks smblks hblks hblkhd usmblks fsmblks uordblks fordblks keepcost".split()]

    mallinfo = libc.mallinfo2 if wide else libc.mallinfo
    mallinfo.restype = Info
    first = bytearray(8 << 20)  # a search's first array of a million card numbers
    del first  # freed: glibc now cuts blocks of up to 8 MB from the heap
    blocks, kept = [], []
    for _ in range(6):  # the next ones, each with a small block after it that stays
        blocks.append(bytearray(4 << 20))
        kept.append(bytes(2000))
    del blocks
    print(mallinfo().fordblks)  # what the heap holds free
""")


def free_in_heap(returned: bool) -> int:
    done = subprocess.run([sys.executable, "-c",
                           BIG_BLOCKS_FREED.format(root=str(ROOT), returned=returned)],
                          capture_output=True, text=True, timeout=60, check=True)
    return int(done.stdout)


@glibc
def test_big_blocks_go_back_to_the_system_once_set() -> None:
    # what the setting changes: after an 8 MB block is freed, glibc cuts the next ones from
    # the heap, and keeps their 24 MB when they are freed between blocks still in use
    assert free_in_heap(returned=False) >= 20 << 20
    assert free_in_heap(returned=True) < 2 << 20


def test_the_reader_sets_malloc_before_it_starts(monkeypatch: pytest.MonkeyPatch) -> None:
    said: list[str] = []

    def setting(name: str) -> Callable[[], bool]:
        def done() -> bool:
            said.append(name)
            return True
        return done

    monkeypatch.setattr(reader.memory, "fewer_arenas", setting("capped"))
    monkeypatch.setattr(reader.memory, "big_blocks_returned", setting("big blocks"))
    monkeypatch.setattr(reader.app.NewsReader, "run", lambda self: said.append("ran"))
    assert run([str(ROOT / "seeds")]) == 0
    assert said == ["capped", "big blocks", "ran"]
