"""Every link of a card, numbered as the link list shows them."""

from __future__ import annotations

from dataclasses import dataclass

from .card import LINK_LABELS, Card, Story
from .sanitize import clean_line
from .urls import canonical_url


@dataclass(frozen=True, slots=True)
class Link:
    """One link: what it is, and where it goes."""

    label: str
    url: str


def own_links(card: Story) -> list[Link]:
    """A card's (or a related item's) own links: Article (webUrl), Source (originalUrl, when it
    is another page than webUrl), Video (a card's featuredContent iframe), AMP and CDN AMP."""
    web, original, amp, cdn = card.links
    video = card.video_url if isinstance(card, Card) else ""
    if web and original and canonical_url(web) == canonical_url(original):
        original = ""  # the same page twice: once is enough
    article, source, amp_label, cdn_label = LINK_LABELS
    return [Link(label, url) for label, url in (
        (article, web), (source, original), ("Video", video), (amp_label, amp),
        (cdn_label, cdn)) if url]


def card_links(card: Card) -> list[Link]:
    """The card's own links, then images, then each related item's link, in that order."""
    links = own_links(card)
    links += [Link(f"Image {number}" + (f": {image.title}" if image.title else ""), image.url)
              for number, image in enumerate(card.images, 1)]
    links += [Link(f"Related: {clean_line(item.title, 200)}", item.url)
              for item in card.related if item.url]
    return links


def markdown_link(title: str, url: str) -> str:
    """[title](url), with the title's brackets and the URL's parentheses and spaces escaped."""
    text = "".join("\\" + ch if ch in "[]\\" else ch for ch in title)
    target = url.replace("(", "%28").replace(")", "%29").replace(" ", "%20")
    return f"[{text}]({target})"
