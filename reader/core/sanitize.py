"""Make untrusted card text safe to show: no control, format or bidi characters, bounded length."""

from __future__ import annotations

import re

# Every code point of Unicode categories Cc (controls: C0, DEL, C1) and Cf (format: zero-width
# characters, bidi embeddings/overrides/isolates, BOM, soft hyphen, tag characters), plus lone
# surrogates (Cs), which YAML escapes can produce. tests/unit/test_sanitize.py checks this class
# against unicodedata, so a new Unicode version cannot slip a character past it.
_INVISIBLE = (
    "\x00-\x08\x0b-\x1f\x7f-\x9f\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2"
    "\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb"
    "\U000110bd\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a"
    "\U000e0001\U000e0020-\U000e007f"
)
_FILLERS = "\u115f\u1160\u3164\uffa0"
"""Hangul fillers: letters by category, so printable, but drawn blank and at a width terminals
disagree on (U+3164 broke the story pane's border). They go with the invisible characters."""
_STRIP = re.compile(f"[{_INVISIBLE}{_FILLERS}]")
_SURROGATE = re.compile("[\ud800-\udfff]")
_SPACES = re.compile(r"[\s\u2028\u2029]+")
_LINE_BREAKS = re.compile(r"\r\n?|[\u2028\u2029\x85]")
_BLANK_RUNS = re.compile(r"\n{3,}")
_INLINE_SPACE = re.compile(r"[^\S\n]+")

ELLIPSIS = "…"


def _truncate(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    return text[: limit - 1].rstrip() + ELLIPSIS


def clean_line(value: str, limit: int = 1_000) -> str:
    """One line of display text: invisible characters removed, all white space folded to single spaces."""
    if value.isprintable() and not _STRIP.search(value):
        # The common case, and ~10x faster: printable text holds no Cc/Cf/Cs character and no
        # white space but the ASCII space, so only runs of spaces are left to fold.
        if "  " in value:
            value = _SPACES.sub(" ", value)
        return _truncate(value.strip(), limit)
    value = _SURROGATE.sub("\ufffd", value)
    value = _STRIP.sub("", value)
    value = _SPACES.sub(" ", value).strip()
    return _truncate(value, limit)


def clean_text(value: str, limit: int = 20_000) -> str:
    """Wrapped display text: like clean_line, but paragraphs (newlines) survive."""
    if value.isprintable() and not _STRIP.search(value):
        return clean_line(value, limit)  # one paragraph: nothing else to keep
    value = _LINE_BREAKS.sub("\n", value)
    value = _SURROGATE.sub("\ufffd", value)
    value = _STRIP.sub("", value.replace("\t", " "))
    value = "\n".join(_INLINE_SPACE.sub(" ", line).strip() for line in value.split("\n"))
    value = _BLANK_RUNS.sub("\n\n", value).strip()
    return _truncate(value, limit)


def clean_name(value: str, limit: int = 80) -> str:
    """A name that groups cards (a topic): like clean_line, but an invisible character becomes
    U+FFFD instead of nothing, so 'A\u200bI' stays apart from 'AI' and shows why."""
    if has_invisible(value):
        value = _STRIP.sub("\ufffd", _SURROGATE.sub("\ufffd", value))
    return clean_line(value, limit)


def has_invisible(value: str) -> bool:
    """True when the string holds a character that clean_line would remove."""
    return bool(_STRIP.search(value) or _SURROGATE.search(value))


def printable_path(path: str) -> str:
    """A file name or path as the screen, the terminal and JSON may show it: the one rule for
    every path the reader prints. Control, format and bidi characters and undecodable bytes
    (surrogate escapes) are written as escapes (\\x1b, \\udcff), so a file name can neither
    write to the terminal nor pass for another name; anything else is left as it is."""
    if path.isprintable() and not has_invisible(path):
        return path
    return "".join(
        ch if ch.isprintable() and not has_invisible(ch) and ch != "\\"
        else ch.encode("unicode_escape", "backslashreplace").decode("ascii")
        for ch in path
    )
