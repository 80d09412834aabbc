"""From a file to a mapping of fields: bytes, UTF-8, the front matter between its fences, YAML.

Each step returns its result or a Problem that says in plain words why the file is not a card.
"""

from __future__ import annotations

from typing import Any

import yaml

from .card import Problem
from .files import NotRegularFile, os_reason, read_regular
from .sanitize import clean_line
from .yaml_loader import load_front_matter

MAX_CARD_BYTES = 1024 * 1024


def read_card_bytes(path: str) -> bytes | Problem:
    """The file's bytes, refusing anything that is not a regular file of a sane size, never blocking
    (a FIFO can appear between the scan and now)."""
    try:
        return read_regular(path, MAX_CARD_BYTES)
    except NotRegularFile as error:
        return Problem(path, str(error))
    except OSError as error:
        return Problem(path, os_reason(error), transient=True)


def decode(path: str, data: bytes) -> str | Problem:
    """UTF-8 text (a BOM is dropped), or a Problem naming the first bad byte."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        bad = data[error.start : error.start + 1].hex()
        return Problem(path, f"not UTF-8 text (byte 0x{bad} at offset {error.start})")


def _fence_end(text: str, start: int) -> int:
    """Where the '---' line starting at `start` ends, or -1 when the line holds more than a fence."""
    end = text.find("\n", start)
    end = len(text) if end < 0 else end
    return end if text[start + 3 : end].strip(" \t") == "" else -1


def split_front_matter(path: str, text: str) -> str | Problem:
    """The YAML between the opening and closing '---' fences (lines holding only ---)."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = text.lstrip("\n")
    if not text.startswith("---") or (body := _fence_end(text, 0)) < 0:
        return Problem(path, "no front matter: a card starts with a '---' line")
    search = body  # the newline that ends the opening fence
    while (fence := text.find("\n---", search)) >= 0:
        if _fence_end(text, fence + 1) >= 0:
            return text[body + 1 : fence + 1]
        search = fence + 4
    return Problem(path, "front matter never ends: no closing '---' line")


def body_of(text: str) -> str:
    """What follows a card's closing fence ('' when nothing does, or there is no front matter):
    the full text a feed gave, for the reading view."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = text.lstrip("\n")
    if not text.startswith("---") or (start := _fence_end(text, 0)) < 0:
        return ""
    search = start
    while (fence := text.find("\n---", search)) >= 0:
        if (end := _fence_end(text, fence + 1)) >= 0:
            return text[end + 1:].strip()
        search = fence + 4
    return ""


def _yaml_reason(error: yaml.YAMLError) -> str:
    if isinstance(error, yaml.constructor.ConstructorError) and "constructor for the tag" in str(
        error.problem
    ):
        tag = str(error.problem).rsplit(" ", 1)[-1].strip("'").replace("tag:yaml.org,2002:", "!!")
        tag = clean_line(tag, 80)
        return f"unsupported YAML tag {tag} (only plain YAML is read)"
    if isinstance(error, yaml.reader.ReaderError):
        code = error.character if isinstance(error.character, int) else 0xFFFD
        return f"not plain text: character U+{code:04X} at offset {error.position}"
    if isinstance(error, yaml.MarkedYAMLError):
        what = clean_line(str(error.problem or error.context or "invalid YAML"), 120)
        mark = error.problem_mark
        if mark is not None:
            # +2: lines are counted in the file, which has the opening fence above the YAML.
            return f"YAML error at line {mark.line + 2}, column {mark.column + 1}: {what}"
        return f"YAML error: {what}"
    return "YAML error: " + clean_line(str(error), 120)


def parse_yaml(path: str, front_matter: str) -> dict[Any, Any] | Problem:
    """The front matter as a mapping; every failure of the YAML stack becomes a Problem."""
    try:
        data = load_front_matter(front_matter)
    except yaml.YAMLError as error:
        return Problem(path, _yaml_reason(error))
    except RecursionError:
        return Problem(path, "YAML nested too deeply")
    except (ValueError, OverflowError, UnicodeError, TypeError, MemoryError) as error:
        return Problem(path, f"YAML value cannot be read ({type(error).__name__})")
    if data is None:
        return Problem(path, "front matter is empty")
    if not isinstance(data, dict):
        return Problem(path, f"front matter is a {_kind_of(data)}, not a mapping of fields")
    return data


def _kind_of(value: object) -> str:
    if isinstance(value, list):
        return "list"
    if isinstance(value, str):
        return "plain text"
    return type(value).__name__


def mapping_of_file(path: str) -> dict[Any, Any] | Problem:
    """The front matter of a card file as a mapping, or the Problem that stops it."""
    data = read_card_bytes(path)
    if isinstance(data, Problem):
        return data
    text = decode(path, data)
    if isinstance(text, Problem):
        return text
    return mapping_of_text(path, text)


def mapping_of_text(path: str, text: str) -> dict[Any, Any] | Problem:
    """The front matter of a card's text as a mapping, or the Problem that stops it."""
    front_matter = split_front_matter(path, text)
    if isinstance(front_matter, Problem):
        return front_matter
    return parse_yaml(path, front_matter)
