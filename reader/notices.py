"""Notifications that can neither freeze the reader nor pile up.

Textual 8.2.8's toast rack checks that a notification has not expired, then mounts a Toast whose
timer gets the notification's `time_left`. When the notification expires in between (a burst of
messages on a busy loop), that interval is negative, and the timer loops for ever without
awaiting: the UI freezes at 100% CPU. A Notice never reports less than MIN_LEFT seconds left, so
no toast timer can be made with a non-positive interval; whether it has expired is still told by
the real clock. And a message that is already on screen is renewed, not stacked again.
"""

from __future__ import annotations

from dataclasses import dataclass
from time import time

from textual.notifications import Notification, Notifications

MIN_LEFT = 0.05
"""The least time a toast is given, in seconds (a toast that comes late goes soon)."""


@dataclass
class Notice(Notification):
    """A notification whose time left is never zero or less."""

    @property
    def time_left(self) -> float:
        return max(MIN_LEFT, self.raised_at + self.timeout - time())

    @property
    def has_expired(self) -> bool:
        return self.raised_at + self.timeout - time() <= 0


def same_as(notifications: Notifications, message: str, severity: str) -> list[Notification]:
    """The notifications on screen that say this already (to be replaced by the new one)."""
    return [shown for shown in notifications
            if shown.message == message and shown.severity == severity]
