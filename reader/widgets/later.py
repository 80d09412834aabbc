"""Named one-shot timers for a widget: debounce a callback, cancel it, know if it is pending."""

from __future__ import annotations

from collections.abc import Callable

from textual.message_pump import MessagePump
from textual.timer import Timer


class Later:
    """Run a callback after a delay, replacing the pending one of the same name.

    A delay of zero or less runs the callback on the next turn of the message loop instead
    (a Textual timer with no interval divides by it), which is what the tests ask for.
    """

    def __init__(self, owner: MessagePump) -> None:
        self.owner = owner
        self._timers: dict[str, Timer] = {}

    def __call__(self, name: str, delay: float, callback: Callable[[], object]) -> None:
        self.cancel(name)
        if delay <= 0:
            self.owner.call_next(callback)
            return

        def fire() -> None:
            self._timers.pop(name, None)
            callback()

        self._timers[name] = self.owner.set_timer(delay, fire)

    def pending(self, name: str) -> bool:
        """True while a callback of this name waits to run."""
        return name in self._timers

    def cancel(self, name: str) -> bool:
        """Stop the pending callback of this name; True when there was one."""
        timer = self._timers.pop(name, None)
        if timer is not None:
            timer.stop()
        return timer is not None
