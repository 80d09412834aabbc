"""Read one card file into a Card (the story pane) or a slim Entry (the list and the index).

Both are built from the same head of shared fields by the same field rules (fields.py): the list
and the story pane can never disagree on a title, a link or a score.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any, NamedTuple, TypeVar

from .card import Card, Entry, Problem, Provider, first_link, is_video
from .dates import parse_date, timestamp
from .fields import (
    EXCERPT_LIMIT,
    SEARCH_EXCERPT_LIMIT,
    TITLE_LIMIT,
    decoded,
    excerpt_field,
    flag_field,
    images_field,
    links_field,
    provider_field,
    related_field,
    score_field,
    text_field,
    topics_field,
    video_field,
)
from .folding import fold
from .read import mapping_of_file, mapping_of_text
from .sanitize import clean_line
from .scores import Score
from .urls import canonical_url

Built = TypeVar("Built", Card, Entry)


class _Head(NamedTuple):
    """The fields a Card and an Entry share, read once by one set of rules."""

    title: str
    links: tuple[str, str, str, str]
    heat: Score | None
    quality: Score | None
    published: datetime | None
    provider: Provider
    topics: tuple[str, ...]
    public: bool
    kind: str
    video_url: str


def _head(path: str, data: Mapping[Any, Any]) -> _Head | Problem:
    title = text_field(data, "title", TITLE_LIMIT)
    if not title:
        return Problem(path, "no usable title")
    return _Head(
        title=title,
        links=links_field(data),
        heat=score_field(data, "heat"),
        quality=score_field(data, "quality"),
        published=parse_date(data.get("publishedDateTime")),
        provider=provider_field(data.get("provider")),
        topics=topics_field(data.get("topics")),
        public=flag_field(data, "published", True),
        kind=text_field(data, "type", 50),
        video_url=video_field(data),
    )


def card_from_mapping(path: str, data: Mapping[Any, Any]) -> Card | Problem:
    """Build a Card from parsed front matter; only a missing title makes it a Problem."""
    head = _head(path, data)
    if isinstance(head, Problem):
        return head
    web, original, amp, cdn = head.links
    return Card(
        path=path,
        title=head.title,
        excerpt=excerpt_field(data, EXCERPT_LIMIT),
        published=head.published,
        web_url=web,
        original_url=original,
        amp_url=amp,
        cdn_amp_url=cdn,
        category=text_field(data, "category", 50),
        kind=head.kind,
        heat=head.heat,
        quality=head.quality,
        public=head.public,
        provider=head.provider,
        topics=head.topics,
        images=images_field(data.get("images")),
        related=related_field(data.get("related")),
        video_url=head.video_url,
    )


def entry_from_mapping(path: str, data: Mapping[Any, Any]) -> Entry | Problem:
    """The slim Entry of parsed front matter: the head, its search text and its story key."""
    head = _head(path, data)
    if isinstance(head, Problem):
        return head
    excerpt = data.get("excerpt")
    url = first_link(*head.links)
    provider = head.provider
    lead = clean_line(decoded(excerpt[: SEARCH_EXCERPT_LIMIT * 2]), SEARCH_EXCERPT_LIMIT) if \
        isinstance(excerpt, str) else ""
    search = fold(" \n ".join((head.title, lead, provider.name, provider.domain, *head.topics)))
    canonical = canonical_url(url) if url else path
    return Entry(
        path=path,
        title=head.title,
        url=url,
        heat=head.heat,
        quality=head.quality,
        when=timestamp(head.published),
        provider=provider.name,
        domain=provider.domain,
        topics=head.topics,
        public=head.public,
        video=is_video(head.kind, head.video_url),
        search=search.encode("utf-8", "surrogatepass"),
        story=url if canonical == url else canonical,  # one string, not two equal ones
    )


def _built(path: str, data: dict[Any, Any] | Problem,
           build: Callable[[str, Mapping[Any, Any]], Built | Problem]) -> Built | Problem:
    if isinstance(data, Problem):
        return data
    try:
        return build(path, data)
    except RecursionError:
        return Problem(path, "YAML nested too deeply")


def parse_text(path: str, text: str) -> Card | Problem:
    """A card from the text of a file."""
    return _built(path, mapping_of_text(path, text), card_from_mapping)


def parse_file(path: str) -> Card | Problem:
    """A card from a file, or the Problem that stops it being one. Never raises."""
    return _built(path, mapping_of_file(path), card_from_mapping)


def parse_entry(path: str) -> Entry | Problem:
    """The slim Entry of a card file (what the index keeps), or its Problem. Never raises."""
    return _built(path, mapping_of_file(path), entry_from_mapping)
