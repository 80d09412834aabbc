"""A safe YAML loader for front matter, with YAML 1.2 scalars instead of YAML 1.1 surprises.

PyYAML resolves YAML 1.1: `title: NO` becomes False, `heat: 1:30` becomes 90, `heat: 010` is octal
and `heat: 09` an error, and a bare timestamp with an impossible day fails the whole document. Card
writers mean the text they typed, so this loader resolves only what YAML 1.2's core schema does:
true/false, decimal integers, floats, null. Dates stay strings for python-dateutil to read.

PyYAML's CardLoader is the reference. yaml-rs (a Rust YAML 1.2 parser, ~3.5x faster on cards)
is a fast path for plain documents only: anything where the two could disagree (tags, anchors,
merge keys, complex keys, tabs, hex/octal/underscored/huge integers, characters PyYAML refuses,
directives) goes to PyYAML, and so does every document yaml-rs rejects, so that the reasons a
user reads are always PyYAML's. tests/unit/test_yaml_paths.py holds the two paths to one result.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

try:
    import yaml_rs
except ImportError:  # pragma: no cover - a platform without a yaml-rs wheel: PyYAML does it all
    yaml_rs = None  # type: ignore[assignment]

_Base: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

_DROPPED = {
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:timestamp",
}


class CardLoader(_Base):  # type: ignore[misc]
    """CSafeLoader (or SafeLoader without libyaml) with YAML 1.2 core-schema scalars."""


CardLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag not in _DROPPED]
    for first, resolvers in _Base.yaml_implicit_resolvers.items()
}
CardLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)
CardLoader.add_implicit_resolver(
    # At most 18 digits: a longer number stays text instead of tripping int()'s digit limit.
    "tag:yaml.org,2002:int", re.compile(r"^[-+]?[0-9]{1,18}$"), list("-+0123456789")
)
CardLoader.add_implicit_resolver(
    "tag:yaml.org,2002:float",
    re.compile(
        r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
        r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"
    ),
    list("-+0123456789."),
)


def _construct_int(loader: Any, node: Any) -> int | str:
    text = str(loader.construct_scalar(node))
    try:
        return int(text.replace("_", ""), 10)
    except ValueError:
        return text


def _construct_float(loader: Any, node: Any) -> float | str:
    text = str(loader.construct_scalar(node))
    try:
        return float(text.lower().replace(".inf", "inf").replace(".nan", "nan"))
    except ValueError:
        return text


CardLoader.add_constructor("tag:yaml.org,2002:int", _construct_int)
CardLoader.add_constructor("tag:yaml.org,2002:float", _construct_float)


# Each pattern starts with a literal, so that re scans for it at C speed (a card is checked in
# ~40 us; one alternation anchored with ^ took 250 us). "\n" is put before the text for them.
_NUMBER = r"[-+]?(?:0[xXoObB]|[0-9][0-9_]*_|[0-9]{19})"  # ints PyYAML keeps as text
_AFTER_COLON = re.compile(r": *(?:[|>]|" + _NUMBER + ")")  # block scalars, odd ints
_LINE_START = re.compile(r"\n(?: *(?:- *)*(?:[|>?]|" + _NUMBER + r")|%|---|\.\.\.)")  # + keys
_IN_FLOW = re.compile(r"[\[{,] *(?:\?|" + _NUMBER + ")")
_INDICATOR = re.compile(r"[!&*]\S")  # a tag, anchor or alias when it starts a token
_REFUSED = re.compile(  # characters PyYAML refuses, and the line breaks only it knows (CR, NEL, LS, PS)
    "[^\x09\x0a\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]"
)


def is_plain(text: str) -> bool:
    """False when yaml-rs and PyYAML could read the text differently: tags, anchors, aliases, merge
    and complex keys, tabs, block scalars, hex/octal/underscored/huge ints, directives, document
    markers, characters PyYAML refuses, deep nesting. A false alarm only costs speed."""
    if "\t" in text or "<<" in text or _REFUSED.search(text):
        return False
    if "\n" + " " * 200 in text or "- " * 8 in text:
        return False  # nesting deep enough to meet libyaml's depth limit (1,000), which yaml-rs lacks
    if "!" in text or "&" in text or "*" in text:
        for match in _INDICATOR.finditer(text):
            start = match.start()
            if start == 0 or text[start - 1] in " \n[{,":
                return False
    text = "\n" + text
    if _AFTER_COLON.search(text) or _LINE_START.search(text):
        return False
    return not (("[" in text or "{" in text) and _IN_FLOW.search(text))


def load_reference(text: str) -> Any:
    """Parse one YAML document with CardLoader (PyYAML); raises what PyYAML raises."""
    return yaml.load(text, Loader=CardLoader)


def load_front_matter(text: str) -> Any:
    """Parse one YAML document: yaml-rs when the text is plain, else (or when it fails) PyYAML."""
    # Front matter always ends with a line break; without one, block scalars end differently.
    if yaml_rs is not None and text.endswith("\n") and is_plain(text):
        try:
            data = yaml_rs.loads(text, parse_datetime=False)
        except Exception:  # any refusal: PyYAML decides, and gives the reason
            return load_reference(text)
        if isinstance(data, dict):
            return data
    return load_reference(text)
