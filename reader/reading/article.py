"""An article as the reading view shows it: title, byline, date, then blocks of plain text
(paragraphs, headings, list items, quotes), its links as numbered references.

The page is untrusted: trafilatura takes the main text out (no nav, banners, asides or
comments), and what it gives is read as data: every string cleaned as card text is, a link kept
only when it is http(s), never markup. Nothing of the page runs."""

from __future__ import annotations

import xml.etree.ElementTree as ElementTree
from dataclasses import asdict, dataclass, field
from typing import Any
from urllib.parse import urljoin

from ..core.sanitize import clean_line, clean_text
from ..core.urls import refusal

BLOCKS = {"p": "p", "head": "h", "item": "li", "quote": "quote", "list": "", "div": "",
          "main": "", "table": "", "row": "", "cell": ""}


@dataclass
class Block:
    kind: str
    """p, h (a heading), li (a list item) or quote."""
    text: str


@dataclass
class Article:
    url: str
    title: str = ""
    byline: str = ""
    date: str = ""
    blocks: list[Block] = field(default_factory=list)
    links: list[str] = field(default_factory=list)
    """The page's http(s) links, numbered in the text as [1], [2], …"""
    saved: float | None = None
    """When the copy shown was saved (a copy from the cache), else None."""
    whole: bool = False
    """The card carried this text (a feed's full content): nothing was fetched."""
    image: str = ""
    """The page's own picture of the story (og:image), an http(s) URL or ''."""

    def as_json(self) -> dict[str, Any]:
        data = asdict(self)
        data.pop("saved")
        data.pop("whole")
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any], saved: float | None = None) -> Article | None:
        try:
            blocks = [Block(str(b["kind"]), str(b["text"])) for b in data.get("blocks", [])]
            links = [str(link) for link in data.get("links", []) if refusal(str(link)) is None]
            image = str(data.get("image", ""))
            return cls(str(data["url"]), str(data.get("title", "")), str(data.get("byline", "")),
                       str(data.get("date", "")), blocks, links, saved,
                       image=image if refusal(image) is None else "")
        except (KeyError, TypeError):
            return None


def extract(page: str, url: str) -> Article | None:
    """The page's main text, or None when it has none (a page of scripts, a login wall)."""
    import trafilatura  # loads only when a page is read

    document = trafilatura.extract(page, url=url, output_format="xml", include_links=True,
                                   include_comments=False, include_tables=False,
                                   include_images=False, with_metadata=True,
                                   favor_precision=True)
    if not document:
        return None
    try:
        root = ElementTree.fromstring(document)
    except ElementTree.ParseError:
        return None
    article = Article(url, clean_line(root.get("title", ""), 300),
                      clean_line(root.get("author", ""), 200), clean_line(root.get("date", ""), 40))
    main = root.find("main")
    if main is None:
        return None
    _walk(main, article, url)
    article.blocks = [block for block in article.blocks if block.text]
    article.image = _image(page, url)
    return article if article.blocks else None


def _image(page: str, url: str) -> str:
    """The page's picture of the story (og:image), made absolute; '' when it has none usable."""
    from trafilatura.metadata import extract_metadata

    found = extract_metadata(page, default_url=url, extensive=False).image or ""
    image = urljoin(url, found) if found else ""
    return image if image and refusal(image) is None and len(image) <= 2048 else ""


def _walk(node: ElementTree.Element, article: Article, base: str) -> None:
    for child in node:
        kind = BLOCKS.get(child.tag)
        if kind:
            text = clean_text(_text(child, article, base).strip(), 20_000)
            article.blocks.append(Block(kind, " ".join(text.split())))
        else:
            _walk(child, article, base)


def _text(node: ElementTree.Element, article: Article, base: str) -> str:
    """A block's words, each link followed by its number: 'the report [3]'."""
    parts = [node.text or ""]
    for child in node:
        if child.tag == "lb":
            parts.append(" ")
        else:
            parts.append(_text(child, article, base))
        if child.tag == "ref":
            target = urljoin(base, child.get("target", "") or "")
            if target and refusal(target) is None:
                if target not in article.links:
                    article.links.append(target)
                parts.append(f" [{article.links.index(target) + 1}]")
        parts.append(child.tail or "")
    return "".join(parts)
