"""Which of the folders given are there, and saying so when one goes away or comes back (a
living library: issue 28). Part of the App, which inherits it through its loading."""

from __future__ import annotations

import os
from collections.abc import Callable

from textual.app import App

from .core.sanitize import printable_path


class FoldersThere(App[None]):
    paths: list[str]
    _folders_there: tuple[str, ...]
    """The given folders there when the index was last read."""
    _folders_read: set[str]
    """Every folder the index was ever read for (one that comes back is said to)."""

    def _to_ui(self, callback: Callable[..., object], *args: object, **kwargs: object) -> None:
        raise NotImplementedError  # the loading's: call_from_thread, unless quitting

    def _folders(self) -> tuple[str, ...]:
        return tuple(path for path in self.paths if os.path.isdir(path))

    def _folders_moved(self) -> bool:
        """True when a folder went away or came back since the index was last read (its
        cards then leave the list, or come back, with a notice)."""
        there = self._folders()
        if there == self._folders_there:
            return False
        for path in self._folders_there:
            if path not in there:
                self._to_ui(self.notify, printable_path(
                    f"The folder {path} is gone: its cards left the list. They come back with "
                    "it."), severity="warning", markup=False, timeout=10)
        for path in there:
            if path not in self._folders_there and path in self._folders_read:
                self._to_ui(self.notify, printable_path(f"The folder {path} is back."),
                            markup=False, timeout=5)
        return True
