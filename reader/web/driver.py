"""The driver of a served tab: Textual's web driver, with two guards of its own.

- A screen size beyond 500x200 is clamped here too, not only by the server: a reader driven by
  anything else is no easier to wedge.
- Textual's web driver turns SIGTERM into a message on the event loop; a loop that is busy never
  reads it, and the process outlives its tab. This one asks the app to exit and, if it has not
  within a few seconds, ends the process. Every mark is already its own committed transaction,
  so nothing is lost.

The server names it in TEXTUAL_DRIVER for each tab (reader/web/server.py).
"""

from __future__ import annotations

import asyncio
import os
import signal
import threading
from typing import TYPE_CHECKING, Any

from textual import messages
from textual.drivers.web_driver import WebDriver

from .guard import clamped

if TYPE_CHECKING:
    from textual.app import App

NAME = "reader.web.driver:ServedDriver"
HARD_STOP_AFTER = 3.0


class ServedDriver(WebDriver):
    def __init__(self, app: App[Any], *, debug: bool = False, mouse: bool = True,
                 size: tuple[int, int] | None = None) -> None:
        super().__init__(app, debug=debug, mouse=mouse, size=size)
        if self._size is not None:  # COLUMNS and ROWS, from the tab's first size
            self._size = clamped(*self._size)

    def start_application_mode(self) -> None:
        super().start_application_mode()  # installs the loop's own SIGTERM handler: replaced
        loop = asyncio.get_running_loop()
        app = self._app

        def stop(signum: int, frame: object) -> None:
            timer = threading.Timer(HARD_STOP_AFTER, os._exit, (128 + signal.SIGTERM,))
            timer.daemon = True
            timer.start()
            asyncio.run_coroutine_threadsafe(app._post_message(messages.ExitApp()), loop)

        loop.remove_signal_handler(signal.SIGTERM)
        signal.signal(signal.SIGTERM, stop)

    def on_meta(self, packet_type: str, payload: dict[str, object]) -> None:
        if packet_type == "resize":
            width, height = clamped(payload.get("width"), payload.get("height"))
            payload = {**payload, "width": width, "height": height}
        super().on_meta(packet_type, payload)
