"""Every link of a card, numbered as the link list shows them."""

from __future__ import annotations

from dataclasses import dataclass

from .card import Card
from .sanitize import clean_line


@dataclass(frozen=True, slots=True)
class Link:
    """One link: what it is, and where it goes."""

    label: str
    url: str


def card_links(card: Card) -> list[Link]:
    """Web, AMP and CDN-AMP links, then images, then each related item's link, in that order."""
    links = [Link(label, url) for label, url in (
        ("Article", card.web_url), ("AMP", card.amp_url), ("CDN AMP", card.cdn_amp_url)) if url]
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
