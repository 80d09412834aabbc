"""What the rising sort measures from: each story's heat when the session began."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from pathlib import Path

from .state import State


class Baseline(Mapping[str, float]):
    """Each story's heat when the session began (what the state held after the first load),
    or when it arrived during the session: what the rising sort measures from. Read from the
    state only when that sort is used; what the user reads during the session is remembered
    at its heat before (note_heat changes the state's)."""

    def __init__(self, state: State) -> None:
        self.state = state
        self.begun = False
        """Set once the first load has noted its arrivals: the state then holds the baseline."""
        self._before: dict[str, float] = {}
        self._heats: dict[str, float] | None = None

    def read(self, story: str, heat: float | None) -> None:
        """The user read the story, its heat was `heat` until then."""
        if self.begun and story not in self._before and heat is not None:
            self._before[story] = heat

    def arrived(self, heats: dict[str, float]) -> None:
        """Stories that arrived during the session, at these heats."""
        for story, heat in heats.items():
            self._before.setdefault(story, heat)

    def _all(self) -> dict[str, float]:
        if not self.begun:  # nothing has risen before the session began
            return {}
        if self._heats is None:
            self._heats = {story: heat for story, heat in self.state.seen().items()
                           if heat is not None}
        return self._heats

    def __getitem__(self, story: str) -> float:
        if story in self._before:
            return self._before[story]
        return self._all()[story]

    def __iter__(self) -> Iterator[str]:
        return iter({**self._all(), **self._before})

    def __len__(self) -> int:
        return len({**self._all(), **self._before})

    def stored(self) -> tuple[Path | None, dict[str, float]]:
        """Where the heats are kept (the state file, whose `seen` table SQL can join; None:
        not on disk, or the session has not begun) and the heats that differ from it."""
        return (self.state.path if self.begun else None), self._before
