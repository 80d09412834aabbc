"""A served tab's reader (the real one, under reader.web.driver): a 100000x100000 resize is
clamped, so it neither grows nor stops answering, and SIGTERM ends it (issue 28)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from types import SimpleNamespace

import pytest
from textual import events
from textual.drivers import web_driver

from reader.web.driver import NAME, ServedDriver


def rss_mb(pid: int) -> int:
    status = Path(f"/proc/{pid}/status").read_text()
    return int(status.split("VmRSS:")[1].split()[0]) // 1024


async def test_a_huge_size_is_clamped_by_the_driver_itself(monkeypatch: pytest.MonkeyPatch) -> None:
    posted: list[object] = []
    app = SimpleNamespace(post_message=posted.append)
    monkeypatch.setenv("COLUMNS", "100000")
    monkeypatch.setenv("ROWS", "100000")
    monkeypatch.setattr(web_driver, "InputReader", lambda: None)  # it would select on stdin
    driver = ServedDriver(app)  # type: ignore[arg-type]
    assert driver._size == (500, 200)
    driver.on_meta("resize", {"type": "resize", "width": 100000, "height": "x"})
    [resize] = posted
    assert isinstance(resize, events.Resize) and tuple(resize.size) == (500, 24)


def test_a_huge_resize_neither_grows_the_reader_nor_stops_sigterm(seeds: Path) -> None:
    """The stock web driver grew past 2 GB within 2 s of this resize, and SIGTERM did not end it."""
    environment = {**os.environ, "TEXTUAL_DRIVER": NAME}
    reader = subprocess.Popen([sys.executable, "-m", "reader", str(seeds)], stdin=subprocess.PIPE,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=environment)
    assert reader.stdin is not None
    try:
        meta = json.dumps({"type": "resize", "width": 100000, "height": 100000}).encode()
        reader.stdin.write(b"M" + len(meta).to_bytes(4, "big") + meta)
        reader.stdin.flush()
        peak, end = 0, time.monotonic() + 3  # a window to watch, not a wait for an event
        while time.monotonic() < end:
            peak = max(peak, rss_mb(reader.pid))
            time.sleep(0.1)
        assert peak < 400
        reader.send_signal(signal.SIGTERM)
        assert reader.wait(timeout=10) in (0, 128 + signal.SIGTERM)
    finally:
        if reader.poll() is None:
            reader.kill()
            reader.wait()
