"""Which pictures the terminal can draw, and whether the reader shows them.

textual-image asks the terminal what it can draw (Sixel, Kitty's graphics protocol) when it is
first imported, and it can only ask before Textual starts reading the keyboard. So the command
line starts the asking in a thread while the reader loads, and waits for it before the reader
runs (ask). A reader with no terminal (served, in tests) draws in half cells and asks nothing.
A reader on a terminal that was not asked shows no picture: asking then would steal keys.
"""

from __future__ import annotations

import sys
import threading
from dataclasses import dataclass
from typing import Any

_asked = threading.Event()
_drawn_with: list[Any] = []
"""The textual-image widget class the terminal was found to draw with (once asked)."""


@dataclass(slots=True)
class Pictures:
    """Whether the story's lead picture shows: `images` in config.toml (auto, off), then the
    i key. While it does not, no picture is fetched."""

    shown: bool


def on_terminal() -> bool:
    """True when the reader runs on a terminal (not served, not under a test's pipes)."""
    return bool(sys.__stdout__ and sys.__stdout__.isatty() and sys.__stdin__
                and sys.__stdin__.isatty())


def ask(images: str) -> threading.Thread | None:
    """Before Textual starts: ask the terminal what it draws, in a thread (join it before the
    reader runs). None when there is nothing to ask (images off, or no terminal)."""
    if images != "auto" or not on_terminal():
        return None
    thread = threading.Thread(target=_ask, name="newsreader-graphics", daemon=True)
    thread.start()
    return thread


def _ask() -> None:
    try:
        from textual_image.widget import Image  # asks the terminal, once

        _drawn_with.append(Image)
    except Exception:
        pass
    finally:
        _asked.set()


def drawn_with() -> Any:
    """The widget class to draw a picture with (a Textual widget taking a PIL image), or None
    when pictures cannot be drawn here (see module)."""
    if _asked.is_set():
        return _drawn_with[0] if _drawn_with else None
    if on_terminal():
        return None
    try:
        from textual_image.widget import HalfcellImage  # no terminal: nothing is asked
    except Exception:
        return None
    return HalfcellImage
