"""OPML 2.0, the format every feed reader exports: outlines with xmlUrl are feeds, the outlines
they sit in are their topics. A DOCTYPE is refused outright (no entity is ever expanded)."""

from __future__ import annotations

import xml.etree.ElementTree as ElementTree
from dataclasses import dataclass
from xml.sax.saxutils import quoteattr

from ..core.subscriptions import Feed
from .parse import _link
from .text import line

MAX_BYTES = 5 * 1024 * 1024


class NotOpml(ValueError):
    """The file is no OPML we read: the sentence says why."""


@dataclass
class Outline:
    url: str
    name: str
    topic: str


def read(data: bytes) -> tuple[list[Outline], list[str]]:
    """The feeds an OPML file lists, and a sentence for each outline that was skipped."""
    if len(data) > MAX_BYTES:
        raise NotOpml(f"over {MAX_BYTES // (1024 * 1024)} MB")
    if b"<!DOCTYPE" in data[:4096].upper() or b"<!ENTITY" in data.upper():
        raise NotOpml("it declares a DOCTYPE or entities, which are never read")
    try:
        root = ElementTree.fromstring(data)
    except ElementTree.ParseError as error:
        raise NotOpml(f"not XML ({error})") from None
    if root.tag.lower() != "opml" or root.find("body") is None:
        raise NotOpml("not OPML: no <opml> with a <body>")
    found: list[Outline] = []
    skipped: list[str] = []

    def walk(node: ElementTree.Element, topic: str) -> None:
        for outline in node.findall("outline"):
            url = outline.get("xmlUrl") or outline.get("xmlurl")
            name = line(outline.get("title") or outline.get("text") or "", 120)
            if url:
                absolute = _link(url, "")
                if absolute:
                    found.append(Outline(absolute, "" if name == absolute else name, topic))
                else:
                    skipped.append(f"{line(url, 120)}: not an http(s) link")
            else:  # a folder of feeds: its name is their topic
                walk(outline, name or topic)

    body = root.find("body")
    assert body is not None
    walk(body, "")
    return found, skipped


def write(feeds: list[Feed]) -> str:
    """OPML 2.0 of these feeds, grouped by topic (what `read` reads back to the same set)."""
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', '<opml version="2.0">',
             "  <head><title>newsreader subscriptions</title></head>", "  <body>"]

    def outline(feed: Feed, indent: str) -> str:
        title = feed.name or feed.title or feed.url
        name = f" title={quoteattr(feed.name)}" if feed.name else ""
        return (f"{indent}<outline type=\"rss\" text={quoteattr(title)}{name} "
                f"xmlUrl={quoteattr(feed.url)}/>")

    for topic in dict.fromkeys(feed.topic for feed in feeds):
        members = [feed for feed in feeds if feed.topic == topic]
        if topic:
            lines.append(f"    <outline text={quoteattr(topic)}>")
            lines += [outline(feed, "      ") for feed in members]
            lines.append("    </outline>")
        else:
            lines += [outline(feed, "    ") for feed in members]
    lines += ["  </body>", "</opml>"]
    return "\n".join(lines) + "\n"
