"""Read one card file into a Card, or a Problem that says in plain words why it is not one."""

from __future__ import annotations

import math
import os
import stat
from collections.abc import Mapping
from typing import Any

import yaml

from .card import Card, Entry, Image, Problem, Provider, Related
from .dates import parse_date, timestamp
from .files import file_kind, os_reason
from .folding import fold
from .sanitize import clean_line, clean_text
from .urls import canonical_url
from .yaml_loader import load_front_matter

MAX_CARD_BYTES = 1024 * 1024
MAX_TOPICS = 50
MAX_IMAGES = 20
MAX_RELATED = 100
TITLE_LIMIT = 1_000
EXCERPT_LIMIT = 20_000
SEARCH_EXCERPT_LIMIT = 500  # how much of the excerpt search looks at (the index keeps it, folded)
TOPIC_LIMIT = 80



def read_card_bytes(path: str) -> bytes | Problem:
    """The file's bytes, refusing anything that is not a regular file of a sane size, never blocking."""
    try:
        # O_NONBLOCK: if a FIFO appears between the scan and now, open() must not wait for a writer.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    except OSError as error:
        return Problem(path, os_reason(error), transient=True)
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            return Problem(path, f"not a regular file ({file_kind(info.st_mode)})")
        if info.st_size > MAX_CARD_BYTES:
            return Problem(path, f"too big: {info.st_size / 1024 / 1024:.1f} MiB, the limit is 1 MiB")
        with os.fdopen(fd, "rb", closefd=True) as stream:
            fd = -1
            data = stream.read(MAX_CARD_BYTES + 1)
    except OSError as error:
        return Problem(path, os_reason(error), transient=True)
    finally:
        if fd >= 0:
            os.close(fd)
    if len(data) > MAX_CARD_BYTES:
        return Problem(path, "too big: more than 1 MiB, the limit is 1 MiB")
    return data


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


# --- field coercion: a wrong type is treated as missing, never an exception -----------------


def _scalar_text(value: object) -> str | None:
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float) and math.isfinite(value):
        return repr(value)
    return None


def text_field(data: Mapping[Any, Any], key: str, limit: int = 500) -> str:
    """A one-line field: text (numbers shown as text), or '' when missing or not a scalar."""
    value = _scalar_text(data.get(key))
    return clean_line(value, limit) if value else ""


def url_field(data: Mapping[Any, Any], key: str) -> str:
    """A link as written (checked when used); '' when it is not text."""
    value = data.get(key)
    if not isinstance(value, str):
        return ""
    return clean_line(value, 8_192)


def score_field(data: Mapping[Any, Any], key: str) -> int | None:
    """An integer score clamped to 0-100; None for anything that is not a finite number."""
    value = data.get(key)
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return max(0, min(100, round(value)))


def flag_field(data: Mapping[Any, Any], key: str, default: bool) -> bool:
    """A yes/no field; YAML 1.1 spellings (yes, no, on, off) are understood too."""
    value = data.get(key)
    if isinstance(value, bool):
        return value
    if isinstance(value, str):
        word = value.strip().lower()
        if word in {"true", "yes", "on", "y"}:
            return True
        if word in {"false", "no", "off", "n"}:
            return False
    return default


def provider_field(value: object) -> Provider:
    """A provider mapping, or a bare name."""
    if isinstance(value, Mapping):
        return Provider(text_field(value, "name", 200), text_field(value, "domain", 253).lower())
    text = _scalar_text(value)
    return Provider(clean_line(text, 200) if text else "", "")


def topics_field(value: object) -> tuple[str, ...]:
    """Topic names: a list, or one comma-separated string; cleaned, de-duplicated ignoring case."""
    if isinstance(value, str):
        items: list[object] = list(value.split(","))
    elif isinstance(value, list):
        items = value[: MAX_TOPICS * 2]
    else:
        return ()
    topics: list[str] = []
    seen: set[str] = set()
    for item in items:
        text = _scalar_text(item)
        name = clean_line(text, TOPIC_LIMIT) if text else ""
        if name and name.casefold() not in seen:
            seen.add(name.casefold())
            topics.append(name)
            if len(topics) >= MAX_TOPICS:
                break
    return tuple(topics)


def _dimension(value: object) -> int | None:
    if isinstance(value, bool) or not isinstance(value, int):
        return None
    return value if 0 < value < 1_000_000 else None


def images_field(value: object) -> tuple[Image, ...]:
    """Pictures with a URL; anything else in the list is passed over."""
    if not isinstance(value, list):
        return ()
    images = []
    for item in value[:MAX_IMAGES]:
        if isinstance(item, Mapping) and (url := url_field(item, "url")):
            images.append(
                Image(url, _dimension(item.get("width")), _dimension(item.get("height")),
                      text_field(item, "title", 300))
            )
    return tuple(images)


def related_field(value: object) -> tuple[Related, ...]:
    """Other coverage: mappings with a title or a link; anything else is passed over."""
    if not isinstance(value, list):
        return ()
    related = []
    for item in value[:MAX_RELATED]:
        if not isinstance(item, Mapping):
            continue
        title = text_field(item, "title", TITLE_LIMIT)
        web, amp, cdn = (url_field(item, k) for k in ("webUrl", "ampWebUrl", "cdnAmpWebUrl"))
        if not (title or web or amp or cdn):
            continue
        excerpt = item.get("excerpt")
        related.append(
            Related(
                title=title or "(untitled)",
                excerpt=clean_text(excerpt, 2_000) if isinstance(excerpt, str) else "",
                published=parse_date(item.get("publishedDateTime")),
                web_url=web,
                amp_url=amp,
                cdn_amp_url=cdn,
                provider=provider_field(item.get("provider")),
                quality=score_field(item, "quality"),
            )
        )
    return tuple(related)


def card_from_mapping(path: str, data: Mapping[Any, Any]) -> Card | Problem:
    """Build a Card from parsed front matter; only a missing title makes it a Problem."""
    title = text_field(data, "title", TITLE_LIMIT)
    if not title:
        return Problem(path, "no usable title")
    excerpt = data.get("excerpt")
    return Card(
        path=path,
        title=title,
        excerpt=clean_text(excerpt, EXCERPT_LIMIT) if isinstance(excerpt, str) else "",
        published=parse_date(data.get("publishedDateTime")),
        web_url=url_field(data, "webUrl"),
        amp_url=url_field(data, "ampWebUrl"),
        cdn_amp_url=url_field(data, "cdnAmpWebUrl"),
        category=text_field(data, "category", 50),
        kind=text_field(data, "type", 50),
        heat=score_field(data, "heat") or 0,
        quality=score_field(data, "quality"),
        public=flag_field(data, "published", True),
        provider=provider_field(data.get("provider")),
        topics=topics_field(data.get("topics")),
        images=images_field(data.get("images")),
        related=related_field(data.get("related")),
    )


def entry_from_mapping(path: str, data: Mapping[Any, Any]) -> Entry | Problem:
    """The slim Entry of parsed front matter: the same rules as card_from_mapping, fewer fields."""
    title = text_field(data, "title", TITLE_LIMIT)
    if not title:
        return Problem(path, "no usable title")
    excerpt = data.get("excerpt")
    url = url_field(data, "webUrl") or url_field(data, "ampWebUrl") or url_field(data, "cdnAmpWebUrl")
    provider = provider_field(data.get("provider"))
    topics = topics_field(data.get("topics"))
    lead = clean_line(excerpt[: SEARCH_EXCERPT_LIMIT * 2], SEARCH_EXCERPT_LIMIT) if isinstance(
        excerpt, str) else ""
    search = fold(" \n ".join((title, lead, provider.name, provider.domain, *topics))).encode(
        "utf-8", "surrogatepass")
    canonical = canonical_url(url) if url else path
    return Entry(
        path=path,
        title=title,
        url=url,
        heat=score_field(data, "heat") or 0,
        quality=score_field(data, "quality"),
        when=timestamp(parse_date(data.get("publishedDateTime"))),
        provider=provider.name,
        domain=provider.domain,
        topics=topics,
        public=flag_field(data, "published", True),
        search=search,
        story=url if canonical == url else canonical,  # one string, not two equal ones
    )


def _mapping_of_file(path: str) -> dict[Any, Any] | Problem:
    data = read_card_bytes(path)
    if isinstance(data, Problem):
        return data
    text = decode(path, data)
    if isinstance(text, Problem):
        return text
    return _mapping_of_text(path, text)


def _mapping_of_text(path: str, text: str) -> dict[Any, Any] | Problem:
    front_matter = split_front_matter(path, text)
    if isinstance(front_matter, Problem):
        return front_matter
    return parse_yaml(path, front_matter)


def _built(path: str, data: dict[Any, Any] | Problem, build: Any) -> Any:
    if isinstance(data, Problem):
        return data
    try:
        return build(path, data)
    except RecursionError:
        return Problem(path, "YAML nested too deeply")


def parse_text(path: str, text: str) -> Card | Problem:
    """A card from the text of a file."""
    result: Card | Problem = _built(path, _mapping_of_text(path, text), card_from_mapping)
    return result


def parse_file(path: str) -> Card | Problem:
    """A card from a file, or the Problem that stops it being one. Never raises."""
    result: Card | Problem = _built(path, _mapping_of_file(path), card_from_mapping)
    return result


def parse_entry(path: str) -> Entry | Problem:
    """The slim Entry of a card file (what the index keeps), or its Problem. Never raises."""
    result: Entry | Problem = _built(path, _mapping_of_file(path), entry_from_mapping)
    return result
