"""What a card is once read: plain, immutable, already sanitised records."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import NamedTuple

from .dates import from_timestamp


def first_link(web: str, amp: str, cdn: str) -> str:
    """The link a card or related item is acted on by: the web URL, else the AMP links."""
    return web or amp or cdn


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
    amp_url: str
    cdn_amp_url: str

    @property
    def url(self) -> str:
        """The link to act on (first_link's order)."""
        return first_link(self.web_url, self.amp_url, self.cdn_amp_url)


@dataclass(frozen=True, slots=True)
class Related(Story):
    """Other coverage of the story."""

    provider: Provider
    quality: int | None


@dataclass(frozen=True, slots=True)
class Card(Story):
    """A whole card, as the detail pane shows it."""

    path: str
    category: str
    kind: str
    heat: int
    quality: int | None
    public: bool
    provider: Provider
    topics: tuple[str, ...]
    images: tuple[Image, ...]
    related: tuple[Related, ...]


class Entry(NamedTuple):
    """What the list, the sidebar, sorting, search and `newsreader list` need of a card; no more.

    A plain tuple, so that 100,000 of them load from the index in milliseconds. `when` is the
    publication time in seconds since the epoch, -inf when unknown (so unknown dates sort last).
    `search` is what plain search words match: title, the excerpt's start, provider, domain and
    topics, folded (see folding.py), as UTF-8 (half the memory of a str holding any non-Latin-1
    character; a folded UTF-8 word is found in it exactly when the str would hold it). `story` is
    the key that makes two files the same story: the
    canonical URL, else the path.
    """

    path: str
    title: str
    url: str
    heat: int
    quality: int | None
    when: float
    provider: str
    domain: str
    topics: tuple[str, ...]
    public: bool
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
