"""The article list: one row per card in the current view, drawn only when on screen."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.segment import Segment

from ..core.card import Entry
from ..core.dates import Clock, relative_age, utc_now
from ..core.folding import fold
from ..core.library import Library
from ..core.query import Marks
from ..core.scores import rank, short_score
from .virtual_list import VirtualList, fit

PROVIDER_WIDTH = 18
AGE_WIDTH = 5
HEAT_WIDTH = 4
"""Heat as written in four characters: 189, -1, 4444, 12k (scores.short_score)."""
VIDEO_MARK = "▶ "
UNPUBLISHED_MARK = "unpublished "


class ArticleList(VirtualList):
    """Cards of the current view: marks, heat, title, provider and age.

    An unread card has a dot (●) and a bold title, a read one neither: read state never rests on
    colour alone. A starred card shows ★, a video card ▶ before its title, a card not published
    yet the word "unpublished". Words of the current search are highlighted in titles.

    | Class | Description |
    | --- | --- |
    | `articles--hot` / `articles--warm` / `articles--cool` | Heat of 80+, 50+, below 50 or none. |
    | `articles--video` / `articles--unpublished` | The mark of a video / unpublished card. |
    | `articles--meta` | Provider and age. |
    | `articles--unread` / `articles--read` | The title of an unread / read card. |
    | `articles--star` | The star of a starred card. |
    | `articles--match` | A search word in a title. |
    """

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "articles--hot",
        "articles--warm",
        "articles--cool",
        "articles--meta",
        "articles--unread",
        "articles--read",
        "articles--star",
        "articles--match",
        "articles--video",
        "articles--unpublished",
    }

    def __init__(self, library: Library, *, clock: Clock = utc_now, id: str | None = None) -> None:
        super().__init__(id=id)
        self.library = library
        self.clock = clock
        self.marks = Marks()
        self.words: list[str] = []
        """Folded search words to highlight in titles."""
        self.view: Sequence[int] = ()
        self.border_title = "Articles"

    def on_mount(self) -> None:
        self.set_interval(60, self.clear_cache)  # ages ("5 m") move on while the reader is open

    def show(self, view: Sequence[int], keep: Entry | None = None) -> None:
        """Show a view (entry indices in order); keep `keep` highlighted if it is still there."""
        cursor = 0
        if keep is not None:
            for position, index in enumerate(view):
                if self.library[index] is keep:
                    cursor = position
                    break
        self.view = view
        self.set_row_count(len(view), cursor)

    @property
    def current(self) -> Entry | None:
        """The highlighted card."""
        if 0 <= self.cursor < len(self.view):
            return self.library[self.view[self.cursor]]
        return None

    def render_row(self, index: int, width: int) -> list[Segment]:
        entry = self.library[self.view[index]]
        heat = rank(entry.heat)
        heat_class = (
            "articles--hot" if heat >= 80
            else "articles--warm" if heat >= 50
            else "articles--cool"
        )
        meta = self.part_style("articles--meta")
        unread = entry.story not in self.marks.read
        starred = entry.story in self.marks.starred
        provider_width = PROVIDER_WIDTH if width >= 60 else 0
        title_width = width - 3 - HEAT_WIDTH - 1 - AGE_WIDTH - 1 - (
            provider_width + 1 if provider_width else 0)
        segments = [
            Segment("●" if unread else " ", self.part_style("articles--unread")),
            Segment("★" if starred else " ", self.part_style("articles--star")),
            Segment(" "),
            Segment(f"{short_score(entry.heat, HEAT_WIDTH):>{HEAT_WIDTH}} ",
                    self.part_style(heat_class)),
        ]
        for shown, mark, style in ((entry.video, VIDEO_MARK, "articles--video"),
                                   (not entry.public, UNPUBLISHED_MARK, "articles--unpublished")):
            if shown and title_width > len(mark) + 8:
                segments.append(Segment(mark, self.part_style(style)))
                title_width -= len(mark)
        segments += [*self._title(entry.title, title_width, unread), Segment(" ")]
        if provider_width:
            segments.append(Segment(fit(entry.provider or entry.domain, provider_width) + " ", meta))
        age = relative_age(entry.published, self.clock())
        segments.append(Segment(f"{age:>{AGE_WIDTH}}", meta))
        return segments

    def _title(self, title: str, width: int, unread: bool) -> list[Segment]:
        text = fit(title, width)
        style = self.part_style("articles--unread" if unread else "articles--read")
        spans = _matches(text, self.words) if self.words else []
        if not spans:
            return [Segment(text, style)]
        match = style + self.part_style("articles--match")
        segments, at = [], 0
        for start, end in spans:
            if start > at:
                segments.append(Segment(text[at:start], style))
            segments.append(Segment(text[start:end], match))
            at = end
        segments.append(Segment(text[at:], style))
        return segments


def _matches(text: str, words: list[str]) -> list[tuple[int, int]]:
    """Where the folded words occur in text, as merged (start, end) spans.

    Only when folding keeps every character in place (no ß→ss, no ligatures): then a span in the
    folded text is the same span in the text; otherwise nothing is highlighted, never a wrong one.
    """
    folded = fold(text)
    if len(folded) != len(text):
        return []
    spans = []
    for word in words:
        start = folded.find(word)
        while start >= 0 and word:
            spans.append((start, start + len(word)))
            start = folded.find(word, start + len(word))
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged
