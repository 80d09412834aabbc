"""What a card is once read: plain, immutable, already sanitised records."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


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
class Related:
    """Other coverage of the story."""

    title: str
    excerpt: str
    published: datetime | None
    web_url: str
    amp_url: str
    cdn_amp_url: str
    provider: Provider
    quality: int | None

    @property
    def url(self) -> str:
        """The link to act on: the web URL, else the AMP links."""
        return self.web_url or self.amp_url or self.cdn_amp_url


@dataclass(frozen=True, slots=True)
class Card:
    """A whole card, as the detail pane shows it."""

    path: str
    title: str
    excerpt: str
    published: datetime | None
    web_url: str
    amp_url: str
    cdn_amp_url: str
    category: str
    kind: str
    heat: int
    quality: int | None
    public: bool
    provider: Provider
    topics: tuple[str, ...]
    images: tuple[Image, ...]
    related: tuple[Related, ...]

    @property
    def url(self) -> str:
        """The link to act on: the web URL, else the AMP links."""
        return self.web_url or self.amp_url or self.cdn_amp_url

    def entry(self) -> Entry:
        """The slim record the library keeps for this card."""
        return Entry(
            path=self.path,
            title=self.title,
            url=self.url,
            heat=self.heat,
            quality=self.quality,
            published=self.published,
            provider=self.provider.name,
            domain=self.provider.domain,
            topics=self.topics,
            public=self.public,
        )


@dataclass(frozen=True, slots=True)
class Entry:
    """What the list, the sidebar, sorting and `newsreader list` need of a card; nothing more."""

    path: str
    title: str
    url: str
    heat: int
    quality: int | None
    published: datetime | None
    provider: str
    domain: str
    topics: tuple[str, ...]
    public: bool


@dataclass(frozen=True, slots=True)
class Problem:
    """A file that could not be read as a card, and why, in words a person understands."""

    path: str
    reason: str
