"""Open links in a browser and copy them to the clipboard, with the fallbacks a terminal needs."""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pyperclip

from .core.urls import refusal

if TYPE_CHECKING:
    import webbrowser

TEXT_BROWSERS = frozenset(
    {"lynx", "w3m", "links", "links2", "elinks", "www-browser", "browsh", "carbonyl"}
)


@dataclass(frozen=True, slots=True)
class Outcome:
    """What happened, in a sentence for a notification."""

    ok: bool
    message: str


def find_browser() -> webbrowser.BaseBrowser | None:
    """The browser webbrowser would use ($BROWSER first), or None when there is none."""
    import webbrowser  # only when a link is opened: not in the reader's start

    try:
        return webbrowser.get()
    except webbrowser.Error:
        return None


def is_text_browser(browser: webbrowser.BaseBrowser) -> bool:
    """True for a browser that draws in this terminal (the app must step aside while it runs)."""
    name = os.path.basename(str(getattr(browser, "name", "") or "")).lower()
    return name in TEXT_BROWSERS


def check(url: str, verb: str) -> Outcome | None:
    """A refusal Outcome when the URL must not be used, else None."""
    reason = refusal(url)
    if reason is None:
        return None
    return Outcome(False, f"Not {verb}: {reason}.")


def open_with(browser: webbrowser.BaseBrowser, url: str) -> Outcome:
    """Hand the URL to the browser as one argument (webbrowser never uses a shell)."""
    import webbrowser

    try:
        opened = browser.open(url, new=2)
    except (OSError, webbrowser.Error) as error:
        return Outcome(False, f"The browser could not be started: {error}")
    if not opened:
        return Outcome(False, "The browser did not open the link.")
    return Outcome(True, f"Opened {url}")


def copy_text(text: str) -> bool:
    """Copy with pyperclip; False when it has no clipboard here (the caller falls back to OSC 52)."""
    try:
        pyperclip.copy(text)
    except Exception:  # pyperclip raises its own and subprocess errors; all mean "no clipboard"
        return False
    return True
