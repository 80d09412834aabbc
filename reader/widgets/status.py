"""The status line under the panes: the view, its size, loading progress and skipped files."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static

from ..core.session import Session
from ..core.views import Source


class StatusLine(Static):
    """One line: source · cards · read hidden · loading · skipped files · unpublished
    hidden or shown."""

    def show(self, session: Session, source: Source, count: int, hide_read: bool) -> None:
        parts = [f"{source.label} · {count:,} card(s)"]
        if hide_read:
            parts.append("read hidden")
        if session.progress is not None:
            done, total = session.progress
            parts.append(f"reading cards {done:,}/{total:,}…" if total else "checking for changes…")
        if session.problems:
            parts.append(f"{len(session.problems):,} file(s) skipped (p lists them)")
        library = session.library
        if library.hidden_unpublished:
            parts.append(f"{library.hidden_unpublished:,} unpublished hidden")
        elif library.include_unpublished and library.unpublished_shown:
            parts.append(f"{library.unpublished_shown:,} unpublished shown")
        self.update(Content(" · ".join(parts)))
