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


LOOK_EVERY = 1.0
"""Seconds between looks at whether a watched folder went away, came back or was replaced."""


def present(paths: Sequence[str]) -> dict[str, tuple[int, int]]:
    """The paths that exist now, with what each is (device, inode): a folder that `git
    checkout` or a sync tool replaced is another folder, even under the same name."""
    found = {}
    for path in dict.fromkeys(paths):
        try:
            info = os.stat(path)
        except (OSError, ValueError):
            continue
        found[path] = (info.st_dev, info.st_ino)
    return found


def watch(paths: Sequence[str], stop: threading.Event, changed: Callable[[], None], *,
          mode: str = "auto", every: float = 2.0) -> str | None:
    """Call changed() after each burst of changes under paths until stop is set; blocks.
    A folder that goes away, comes back or is replaced is a change too, and watching goes on
    with the folders there are (a folder deleted and made again is watched again).
    Returns why watching could not go on (said to the user), or None when it ended on stop."""
    if mode == "off":
        return None
    from watchfiles import watch as watch_files  # loads only when the reader watches

    while not stop.is_set():
        roots = present(paths)
        if not roots:  # nothing to watch until a folder comes (back)
            if stop.wait(LOOK_EVERY):
                break
            if present(paths):
                changed()
            continue
        try:
            for changes in watch_files(*roots, stop_event=stop, debounce=DEBOUNCE_MS, step=50,
                                       force_polling=mode == "poll",
                                       poll_delay_ms=int(every * 1000),
                                       rust_timeout=int(LOOK_EVERY * 1000), yield_on_timeout=True,
                                       raise_interrupt=False, ignore_permission_denied=True):
                if stop.is_set():
                    return None
                moved = present(paths) != roots
                if changes or moved:
                    changed()
                if moved:  # watch the folders there are now
                    break
        except (OSError, RuntimeError) as error:
            if present(paths) != roots:  # it went away under the watcher: go on without it
                changed()
                continue
            return f"The card folders are not watched ({error}); R checks them again."
    return None
