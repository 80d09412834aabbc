"""Feed text to plain card text: HTML becomes words, scripts and styles vanish, references are
decoded, and nothing that could be markup or a control character survives (the card format's
own rules then apply when the reader reads it)."""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

from ..core.sanitize import clean_line, clean_text

_SKIPPED = frozenset({"script", "style", "noscript", "template", "iframe", "object", "svg",
                      "head", "title", "math"})
_BREAKS = frozenset({"p", "br", "div", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6",
                     "blockquote", "pre", "tr", "table", "section", "article", "figure", "hr"})
_SPACES = re.compile(r"[ \t\r\f\v]+")
_LINES = re.compile(r"\s*\n\s*")


class _Words(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIPPED:
            self.skipping += 1
        elif tag in _BREAKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIPPED:
            self.skipping = max(0, self.skipping - 1)
        elif tag in _BREAKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.parts.append(data)


def plain(markup: str, limit: int = 20_000) -> str:
    """HTML (or text with references) as plain text, paragraphs kept as single line breaks.
    A reference escaped twice (`&amp;#8217;`, common in feeds) is decoded both times."""
    if "<" in markup or "&" in markup:
        words = _Words()
        try:
            words.feed(markup[: limit * 4])
            words.close()
        except (AssertionError, ValueError):  # pragma: no cover - html.parser is forgiving
            return clean_text(html.unescape(markup), limit)
        markup = "".join(words.parts)
        if "&" in markup:  # a second level of escaping: &amp;#8217; was &#8217;
            markup = html.unescape(markup)
    markup = _LINES.sub("\n", _SPACES.sub(" ", markup)).strip()
    return clean_text(markup, limit)


def line(markup: str, limit: int = 300) -> str:
    """One line of plain text (a title, a name, a category)."""
    return clean_line(plain(markup, limit * 2).replace("\n", " "), limit)
