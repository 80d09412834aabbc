"""The article list: one row per card in the current view, drawn only when on screen."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence
from typing import ClassVar

from rich.segment import Segment

from ..core.card import Entry
from ..core.dates import Clock, short_age, utc_now
from ..core.folding import fold
from ..core.query import Marks
from ..core.rows import Rows
from ..core.scores import rank, short_score
from ..core.session import Session
from .virtual_list import VirtualList, fit

PROVIDER_WIDTH = 18
AGE_WIDTH = 6
SCORE_WIDTH = 4
"""Heat (or quality) as written in four characters: 189, -1, 4444, 12k (scores.short_score)."""
ROOMY_TITLE = 50
"""The provider column shows only while titles keep at least this many characters."""
VIDEO_MARK = "▶ "
NEW_MARK = "✦"
"""A story new since the last session: one column beside the star, never title room."""
UNPUBLISHED_MARK = "unpublished "


class ArticleList(VirtualList):
    """Cards of the current view: marks, heat, title, provider and age.

    An unread card has a dot (●) and a bold title, a read one neither: read state never rests on
    colour alone. A starred card shows ★, a story new since the last session ✦ (one column: no
    title room), a video card ▶ before its title, a card not published yet the word
    "unpublished". Words of the current search are highlighted in titles.

    | Class | Description |
    | --- | --- |
    | `articles--hot` / `articles--warm` / `articles--cool` | Heat of 80+, 50+, below 50 or none. |
    | `articles--video` / `articles--unpublished` | The mark of a video / unpublished card. |
    | `articles--up` / `articles--down` / `articles--new` | Heat moved since last seen (▲/▼ and
    the change, never colour alone) / a story new since the last session. |
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
        "articles--up",
        "articles--down",
        "articles--new",
    }

    def __init__(self, session: Session, *, clock: Clock = utc_now, id: str | None = None) -> None:
        super().__init__(id=id)
        self.session = session
        """The cards, and what the user has seen: ▲/▼ heat moves and new stories."""
        self.clock = clock
        self.marks = Marks()
        self.words: list[str] = []
        """Folded search words to highlight in titles."""
        self.view: Sequence[int] = ()
        self.sort = "heat"
        """The sort of the view: the score column shows quality in the quality sort."""
        self._anchor: Entry | None = None
        """The card the user last put the cursor on."""
        self._placing = False
        self._library: Rows | None = None
        self.border_title = "Articles"

    @property
    def library(self) -> Rows:
        """The library the view shown is of (the session's may be newer until the next show)."""
        return self._library if self._library is not None else self.session.library

    def on_mount(self) -> None:
        self.set_interval(60, self.clear_cache)  # ages ("5 m") move on while the reader is open

    def show(self, view: Sequence[int], keep: Entry | None = None) -> None:
        """Show a view (entry indices in order). With `keep`, the cursor stays on that card if
        the view has it, else goes to the card nearest to where it was."""
        cursor = 0
        library = self.session.library
        if keep is not None:
            found = self._position(library, view, keep)
            cursor = found if found is not None else self._nearest(library, view, keep)
            if found is not None:
                self._anchor = keep
        self.view = view
        self._library = library
        self._placing = True
        try:
            self.set_row_count(len(view), cursor)
        finally:
            self._placing = False

    @property
    def reading(self) -> Entry | None:
        """The card the user put the cursor on last (by a key, a click or a jump): kept through
        views that leave it out for a while, such as a search being typed."""
        return self._anchor if self._anchor is not None else self.current

    def watch_cursor(self, old: int, new: int) -> None:
        super().watch_cursor(old, new)
        if not self._placing and (entry := self.current) is not None:
            self._anchor = entry
        self.session.reading = self.current

    @staticmethod
    def _position(library: Rows, view: Sequence[int],
                  keep: Entry) -> int | None:
        index = library.find(keep.story)
        if index is None or library[index].path != keep.path:
            index = library.find_file(keep.path)  # a copy of the story, or another library
        if index is None:
            return None
        try:
            return view.index(index)  # in C: no Python loop over 100,000 rows
        except ValueError:
            return None

    def _nearest(self, library: Rows, view: Sequence[int],
                 keep: Entry) -> int:
        """The row of the card that comes right after `keep` in this sort (else the last row):
        a filter or a topic that leaves the card out keeps your place in the list."""
        index = library.find(keep.story)
        if not view or index is None:
            return max(0, min(self.cursor, len(view) - 1))
        ranks = library.ranks(self.sort)
        return min(bisect_left(view, ranks[index], key=ranks.__getitem__), len(view) - 1)

    @property
    def current(self) -> Entry | None:
        """The highlighted card."""
        if 0 <= self.cursor < len(self.view):
            return self._entry(self.cursor)
        return None

    def _entry(self, position: int) -> Entry:
        """The card of a row; from the index database, the rows around it are read with it."""
        library, view = self.library, self.view
        if not library.cached(view[position]):
            page = max(self.size.height, 20)
            library.prefetch(view[max(0, position - page) : position + 2 * page])
        return library[view[position]]

    def render_row(self, index: int, width: int) -> list[Segment]:
        entry = self._entry(index)
        score = entry.quality if self.sort == "quality" else entry.heat
        heat = rank(score)
        heat_class = (
            "articles--hot" if heat >= 80
            else "articles--warm" if heat >= 50
            else "articles--cool"
        )
        meta = self.part_style("articles--meta")
        unread = entry.story not in self.marks.read
        starred = entry.story in self.marks.starred
        title_width = width - 3 - SCORE_WIDTH - 1 - AGE_WIDTH - 1
        provider_width = PROVIDER_WIDTH if title_width - PROVIDER_WIDTH - 1 >= ROOMY_TITLE else 0
        if provider_width:
            title_width -= provider_width + 1
        session = self.session
        new = entry.story in session.new
        segments = [
            Segment("●" if unread else " ", self.part_style("articles--unread")),
            Segment("★" if starred else " ", self.part_style("articles--star")),
            Segment(NEW_MARK, self.part_style("articles--new")) if new else Segment(" "),
            Segment(f"{short_score(score, SCORE_WIDTH):>{SCORE_WIDTH}} ",
                    self.part_style(heat_class)),
        ]
        move = session.heat_move(entry)
        moved = f"{'▲' if move > 0 else '▼'}{short_score(abs(move), 4)} " if move else ""
        for shown, mark, style in ((bool(moved), moved, "articles--up" if move and move > 0
                                    else "articles--down"),
                                   (entry.video, VIDEO_MARK, "articles--video"),
                                   (not entry.public, UNPUBLISHED_MARK, "articles--unpublished")):
            if shown and title_width > len(mark) + 8:
                segments.append(Segment(mark, self.part_style(style)))
                title_width -= len(mark)
        segments += [*self._title(entry.title, title_width, unread), Segment(" ")]
        if provider_width:
            segments.append(Segment(fit(entry.provider or entry.domain, provider_width) + " ", meta))
        age = short_age(entry.published, self.clock(), AGE_WIDTH)
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
