"""What widgets and screens ask of the app: open or copy a link, show another card.

Widgets and screens post these and never reach into the app; the app handles them (the
browser, the clipboard, notifications), so no screen imports the app or the link functions.
"""

from __future__ import annotations

from textual.message import Message

from .core.card import Entry


class OpenUrl(Message):
    """Open a URL in the browser; once handed over, `read` (if any) counts as read."""

    def __init__(self, url: str, read: Entry | None = None) -> None:
        super().__init__()
        self.url = url
        self.read = read


class CopyUrl(Message):
    """Copy `text` (by default the URL itself), refused when the URL is not http(s)."""

    def __init__(self, url: str, text: str | None = None) -> None:
        super().__init__()
        self.url = url
        self.text = url if text is None else text


class CopyText(Message):
    """Copy text that is not a link (a file's path, already made printable)."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text


class JumpRequest(Message):
    """Show the card of this story (a related item that is also one of the user's cards)."""

    def __init__(self, story: str) -> None:
        super().__init__()
        self.story = story


class MainScreenReady(Message):
    """The main screen is mounted, with its list: the app starts reading the cards."""
