"""An exclusive lock between processes on a file beside what it guards (flock; none on Windows).

Two uses: one reader at a time salvages a damaged state file (state_repair.py), and one process
at a time builds the index from cold while the others wait and then read it (load.py).
"""

from __future__ import annotations

import contextlib
import threading
import time
from pathlib import Path

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows: no lock, as before
    fcntl = None  # type: ignore[assignment]


class FileLock:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.held = False
        self._handle: object = None

    def acquire(self, *, limit: float | None = None, stop: threading.Event | None = None) -> bool | None:
        """Take the lock, waiting while another process holds it. True: it had to wait;
        False: it was free; None: it could not be had (no file, `limit` seconds passed, stop)."""
        if fcntl is None:  # pragma: no cover
            self.held = True
            return False
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            handle = open(self.path, "a+b")  # noqa: SIM115 - held until release()
        except OSError:
            return None
        end, waited = None if limit is None else time.monotonic() + limit, False
        while True:
            try:
                fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                waited = True
                if (end is not None and time.monotonic() > end) or (stop is not None and stop.wait(0.05)):
                    handle.close()
                    return None
                if stop is None:
                    time.sleep(0.05)
            except OSError:
                handle.close()
                return None
        self._handle, self.held = handle, True
        return waited

    def release(self) -> None:
        handle, self._handle, self.held = self._handle, None, False
        if handle is not None and fcntl is not None:
            with contextlib.suppress(OSError):
                fcntl.flock(handle.fileno(), fcntl.LOCK_UN)  # type: ignore[attr-defined]
            handle.close()  # type: ignore[attr-defined]
