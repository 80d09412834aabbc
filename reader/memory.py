"""How much memory the reader's process keeps from work it has finished.

glibc's malloc gives each new thread an arena of its own, up to eight per core (a test here
counts 9 arenas for eight threads allocating at once). The reader's threads come and go (a
search, a count, a picture and the loader each run on a worker thread), and each arena keeps
what its thread freed, for that arena's next thread. At 100,000 cards, after a walk and a
search, that was 5-6 MB of a peak of 106 MB (bench/first_screen.py walked). Two arenas keep
the UI thread apart from the workers, and give the freed memory to the next worker instead of
a new arena. The usual advice for threaded servers (MALLOC_ARENA_MAX=2), set from inside: the
variable must be set before the process starts, which `pip install` cannot do.

Big blocks are the other half. glibc maps a block of 128 KiB or more on its own and unmaps it
when freed, but each time it unmaps one it raises that threshold to the block's size (up to
32 MiB): once a search has freed its first 8 MB array of a million card numbers, the next ones
are cut from the heap, and the heap keeps what they free between the blocks still in use. At a
million cards, after a walk and a search, 33-52 MB of the heap was free and held. A threshold
that is set stays where it is set.
"""

from __future__ import annotations

import ctypes
import sys

M_ARENA_MAX = -8
"""mallopt's parameter for the most arenas (glibc's malloc.h)."""
ARENAS = 2
M_MMAP_THRESHOLD = -3
"""mallopt's parameter for the size from which a block is mapped on its own."""
BIG_BLOCK = 1 << 20
"""Blocks of this size or more (an array of 131,072 card numbers) go back to the system when
freed; smaller ones, most of what Python and SQLite ask for, stay in the heap to be reused."""


def keep_little() -> None:
    """Both settings, before the reader starts its threads (the reader's start and the
    benchmarks that measure it call this)."""
    fewer_arenas()  # the workers' freed memory is reused, not kept apart
    big_blocks_returned()  # a search's big arrays are given back, not kept in the heap


def fewer_arenas() -> bool:
    """Cap malloc at ARENAS arenas, before the reader starts its threads. True when glibc
    took it; False elsewhere (macOS, Windows, musl): nothing changes there."""
    return _mallopt(M_ARENA_MAX, ARENAS)


def big_blocks_returned() -> bool:
    """Map every block of BIG_BLOCK or more on its own, so that freeing it gives it back (True
    when glibc took it; False elsewhere)."""
    return _mallopt(M_MMAP_THRESHOLD, BIG_BLOCK)


def _mallopt(parameter: int, value: int) -> bool:
    if not sys.platform.startswith("linux"):
        return False
    try:
        mallopt = ctypes.CDLL(None).mallopt
    except (OSError, AttributeError):
        return False
    mallopt.argtypes = [ctypes.c_int, ctypes.c_int]
    mallopt.restype = ctypes.c_int
    return bool(mallopt(parameter, value))
