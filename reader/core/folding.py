"""Fold text for matching: case, accents and typographic punctuation do not count.

"Café", "CAFE" and "cafe" fold alike; so do ’ and '. Latin letters that Unicode does not
decompose fold the way people type them (Łódź: lodz, Ørsted: orsted, Æsir: aesir, đ: d), by
anyascii's table; other scripts (Greek, Cyrillic, CJK) keep their letters. Folded text is mostly
ASCII, which Python stores in one byte a character: the search text of 100,000 cards stays small.
"""

from __future__ import annotations

import re
import unicodedata

from anyascii import anyascii

_COMBINING = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")
_PUNCTUATION_MAP = {
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2212": "-",
    "\u00a0": " ", "\u2026": "...", "\u00df": "ss",
}
_PUNCTUATION_CHARS = tuple(_PUNCTUATION_MAP)
_PUNCTUATION = str.maketrans(_PUNCTUATION_MAP)

_RARE = re.compile("[" + "".join(_PUNCTUATION_CHARS) + "]")
_COMMON = (("\u2019", "'"), ("\u2018", "'"), ("\u201c", '"'), ("\u201d", '"'), ("\u2014", "-"),
           ("\u2013", "-"), ("\u2026", "..."))


_LATIN = re.compile("[\u00c0-\u024f\u1e00-\u1eff\u2c60-\u2c7f\ua720-\ua7ff]")
"""Latin letters left after the accents are gone: those with no decomposition (ł, ø, æ)."""


def _plain_latin(match: re.Match[str]) -> str:
    return anyascii(match.group(0)) or match.group(0)


def fold(text: str) -> str:
    """Lower-case, without accents or typographic quotes and dashes (ß becomes ss)."""
    if not text.isascii():
        for typographic, plain in _COMMON:  # often all it takes to make English text ASCII
            if typographic in text:
                text = text.replace(typographic, plain)
        if not text.isascii():
            if _RARE.search(text):  # str.translate with a table costs ~35 us a card: only if needed
                text = text.translate(_PUNCTUATION)
            text = _COMBINING.sub("", unicodedata.normalize("NFKD", text))
            if _LATIN.search(text):
                text = _LATIN.sub(_plain_latin, text)
            return text.casefold()
    return text.lower()
