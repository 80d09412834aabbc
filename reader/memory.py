"""How much memory the reader's process keeps from work it has finished.

glibc's malloc gives each new thread an arena of its own, up to eight per core (a test here
counts 9 arenas for eight threads allocating at once). The reader's threads come and go (a
search, a count, a picture and the loader each run on a worker thread), and each arena keeps
what its thread freed, for that arena's next thread. At 100,000 cards, after a walk and a
search, that was 5-6 MB of a peak of 106 MB (bench/first_screen.py walked). Two arenas keep
the UI thread apart from the workers, and give the freed memory to the next worker instead of
a new arena. The usual advice for threaded servers (MALLOC_ARENA_MAX=2), set from inside: the
variable must be set before the process starts, which `pip install` cannot do.
"""

from __future__ import annotations

import ctypes
import sys

M_ARENA_MAX = -8
"""mallopt's parameter for the most arenas (glibc's malloc.h)."""
ARENAS = 2


def fewer_arenas() -> bool:
    """Cap malloc at ARENAS arenas, before the reader starts its threads. True when glibc
    took it; False elsewhere (macOS, Windows, musl): nothing changes there."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        mallopt = ctypes.CDLL(None).mallopt
    except (OSError, AttributeError):
        return False
    mallopt.argtypes = [ctypes.c_int, ctypes.c_int]
    mallopt.restype = ctypes.c_int
    return bool(mallopt(M_ARENA_MAX, ARENAS))
