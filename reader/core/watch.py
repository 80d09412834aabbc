"""Watch the card folders while the reader runs: a burst of writes is one change set.

watchfiles (Rust, inotify/FSEvents/ReadDirectoryChangesW) batches the events of a burst, so ten
thousand new files are one callback, not ten thousand. Where file events do not reach (network
mounts, some containers), `watch = "poll"` in config.toml looks every few seconds instead.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Sequence

WATCH_MODES = ("auto", "poll", "off")
DEBOUNCE_MS = 400
"""Events within this long of each other are one change set."""


def watch(paths: Sequence[str], stop: threading.Event, changed: Callable[[], None], *,
          mode: str = "auto", every: float = 2.0) -> str | None:
    """Call changed() after each burst of changes under paths until stop is set; blocks.
    Returns why watching could not start (said to the user), or None when it ended on stop."""
    if mode == "off":
        return None
    roots = [path for path in dict.fromkeys(paths) if os.path.exists(path)]
    if not roots:
        return None
    from watchfiles import watch as watch_files  # loads only when the reader watches

    try:
        for _ in watch_files(*roots, stop_event=stop, debounce=DEBOUNCE_MS, step=50,
                             force_polling=mode == "poll", poll_delay_ms=int(every * 1000),
                             rust_timeout=1000, yield_on_timeout=False, raise_interrupt=False,
                             ignore_permission_denied=True):
            if stop.is_set():
                break
            changed()
    except (OSError, RuntimeError) as error:
        return f"The card folders are not watched ({error}); R checks them again."
    return None
