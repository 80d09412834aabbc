"""A long load's progress on the command line (issue 25): files parsed of the total, the rate
and the time left, on stderr, one line rewritten in place. Only on a terminal, and only once a
load has taken a second: piped, or quick, it prints nothing extra."""

from __future__ import annotations

import sys
import time
from typing import TextIO

from .core.load import Batch

AFTER = 1.0
"""Seconds of loading before progress is shown."""


class Progress:
    def __init__(self, stream: TextIO | None = None) -> None:
        self.stream = stream or sys.stderr
        self.terminal = self.stream.isatty()
        self.started = time.monotonic()
        self.shown = False

    def __call__(self, batch: Batch) -> None:
        elapsed = time.monotonic() - self.started
        if not self.terminal or elapsed < AFTER or batch.finished:
            return
        if not batch.total:
            line = "newsreader: scanning the card folders…"
        else:
            rate = batch.done / elapsed
            left = (batch.total - batch.done) / rate if rate else 0.0
            line = (f"newsreader: reading cards {batch.done:,}/{batch.total:,} · "
                    f"{rate:,.0f} a second · {_duration(left)} left")
        self.stream.write(f"\r{line}\x1b[K")
        self.stream.flush()
        self.shown = True

    def end(self) -> None:
        """Clear the line (the command's own output follows)."""
        if self.shown:
            self.stream.write("\r\x1b[K")
            self.stream.flush()


def _duration(seconds: float) -> str:
    if seconds >= 3600:
        return f"{seconds / 3600:.1f} h"
    if seconds >= 60:
        return f"{seconds // 60:.0f} min {seconds % 60:.0f} s"
    return f"{seconds:.0f} s"
