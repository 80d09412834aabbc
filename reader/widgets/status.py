"""The status line under the panes: the view, its size, loading progress and skipped files."""

from __future__ import annotations

from textual.content import Content
from textual.timer import Timer
from textual.widgets import Static

from ..core.session import Session
from ..core.views import Source

FLASH_SECONDS = 4.0
"""How long a note (a card just marked read) stays on the status line."""


class StatusLine(Static):
    """One line: source · cards · read hidden · loading · skipped files · unpublished
    hidden or shown · a short note of what just happened (a card marked read)."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.note = ""
        self._parts: list[str] = []
        self._fading: Timer | None = None

    def flash(self, note: str) -> None:
        """Show a note for a few seconds after the rest."""
        self.note = note
        self._draw()
        if self._fading is not None:
            self._fading.stop()
        self._fading = self.set_timer(FLASH_SECONDS, self._fade, name="fade")

    def _fade(self) -> None:
        self.note = ""
        self._draw()

    def _draw(self) -> None:
        parts = [*self._parts, self.note] if self.note else self._parts
        self.update(Content(" · ".join(parts)))

    def show(self, session: Session, source: Source, count: int, hide_read: bool) -> None:
        label = source.label
        if source.kind == "search":  # what the saved search is, not only its name
            query = source.query if len(source.query) <= 80 else source.query[:79] + "…"
            label += f" “{query}”" + (f" in {source.topic}" if source.topic else "")
            if source.problem:
                label += f" cannot be read: {source.problem}"
        parts = [f"{label} · reading the index…" if session.previewing
                 else f"{label} · {count:,} card(s)"]
        if hide_read:
            parts.append("read hidden")
        if session.progress is not None and not session.previewing:
            done, total = session.progress
            parts.append(f"reading cards {done:,}/{total:,}…" if total else "checking for changes…")
        if session.fetching is not None:
            done, total = session.fetching
            parts.append(f"fetching feeds {done:,}/{total:,}…" if total else "fetching feeds…")
        if session.problems:
            parts.append(f"{len(session.problems):,} file(s) skipped (p lists them)")
        library = session.library
        if library.hidden_unpublished:
            parts.append(f"{library.hidden_unpublished:,} unpublished hidden")
        elif library.include_unpublished and library.unpublished_shown:
            parts.append(f"{library.unpublished_shown:,} unpublished shown")
        self._parts = parts
        self._draw()
