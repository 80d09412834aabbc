"""What a card is once read: plain, immutable, already sanitised records."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import NamedTuple

from .dates import from_timestamp
from .scores import Score
from .urls import is_openable, refusal

LINK_NAMES = ("webUrl", "originalUrl", "ampWebUrl", "cdnAmpWebUrl")
"""The fields a card keeps its links in, in the order the reader falls back through them."""
LINK_LABELS = ("Article", "Source", "AMP", "CDN AMP")
"""What each of those links is called on screen."""


def chosen_link(links: tuple[str, ...]) -> int:
    """Which of a card's links (in LINK_NAMES order) it is acted on by: the first one that may
    be opened (http or https), else the first one written (so its refusal can be said), else -1."""
    written = -1
    for position, url in enumerate(links):
        if url:
            if is_openable(url):
                return position
            if written < 0:
                written = position
    return written


def is_video(kind: str, video_url: str) -> bool:
    """A video card: its type says so, or it embeds one."""
    return kind.casefold() == "video" or bool(video_url)


def first_link(*links: str) -> str:
    """The link a card or related item is acted on by (chosen_link's choice), or ''."""
    position = chosen_link(links)
    return links[position] if position >= 0 else ""


@dataclass(frozen=True, slots=True)
class Provider:
    """The publisher of a story."""

    name: str = ""
    domain: str = ""


@dataclass(frozen=True, slots=True)
class Image:
    """A picture of the story (a remote URL; never fetched)."""

    url: str
    width: int | None
    height: int | None
    title: str


@dataclass(frozen=True, slots=True)
class Story:
    """What a card and each of its related items both have: a title, words, a date, links."""

    title: str
    excerpt: str
    published: datetime | None
    web_url: str
    original_url: str
    amp_url: str
    cdn_amp_url: str

    @property
    def links(self) -> tuple[str, str, str, str]:
        """The links as written, in LINK_NAMES order."""
        return (self.web_url, self.original_url, self.amp_url, self.cdn_amp_url)

    @property
    def url(self) -> str:
        """The link to act on (chosen_link's choice)."""
        return first_link(*self.links)

    @property
    def link_note(self) -> str:
        """Why the link acted on is not webUrl, in words ('' when it is webUrl, or none)."""
        links = self.links
        position = chosen_link(links)
        if position <= 0 or not is_openable(links[position]):
            return ""
        name = LINK_NAMES[position]
        if not self.web_url:
            return f"{name}, as the card has no webUrl"
        return f"{name}, as webUrl is refused: {refusal(self.web_url)}"


@dataclass(frozen=True, slots=True)
class Related(Story):
    """Other coverage of the story."""

    provider: Provider
    quality: Score | None


@dataclass(frozen=True, slots=True)
class Card(Story):
    """A whole card, as the detail pane shows it."""

    path: str
    category: str
    kind: str
    heat: Score | None
    quality: Score | None
    public: bool
    provider: Provider
    topics: tuple[str, ...]
    images: tuple[Image, ...]
    related: tuple[Related, ...]
    video_url: str = ""
    """The http(s) src of the card's featuredContent iframe (a video), or ''."""

    @property
    def video(self) -> bool:
        """A video card (is_video)."""
        return is_video(self.kind, self.video_url)


class Entry(NamedTuple):
    """What the list, the sidebar, sorting, search and `newsreader list` need of a card; no more.

    A plain tuple, so that 100,000 of them load from the index in milliseconds. `when` is the
    publication time in seconds since the epoch, -inf when unknown (so unknown dates sort last).
    `heat` and `quality` are as written (scores.py), None when the card has none.
    `search` is what plain search words match: title, the excerpt's start, provider, domain and
    topics, folded (see folding.py), as UTF-8 (half the memory of a str holding any non-Latin-1
    character; a folded UTF-8 word is found in it exactly when the str would hold it). `story` is
    the key that makes two files the same story: the
    canonical URL, else the path.
    """

    path: str
    title: str
    url: str
    heat: Score | None
    quality: Score | None
    when: float
    provider: str
    domain: str
    topics: tuple[str, ...]
    public: bool
    video: bool
    search: bytes
    story: str

    @property
    def published(self) -> datetime | None:
        """The publication time, or None when the card's date is unknown."""
        return from_timestamp(self.when)


@dataclass(frozen=True, slots=True)
class Problem:
    """A file that could not be read as a card, and why, in words a person understands."""

    path: str
    reason: str
    transient: bool = False
    """True when the reason is the file system's (permissions, a vanished file), not the content:
    such a problem is not kept in the index but tried again on the next start."""
