"""A safe YAML loader for front matter, with YAML 1.2 scalars instead of YAML 1.1 surprises.

PyYAML resolves YAML 1.1: `title: NO` becomes False, `heat: 1:30` becomes 90, `heat: 010` is octal
and `heat: 09` an error, and a bare timestamp with an impossible day fails the whole document. Card
writers mean the text they typed, so this loader resolves only what YAML 1.2's core schema does:
true/false, decimal integers, floats, null. Dates stay strings for python-dateutil to read.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

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


def load_front_matter(text: str) -> Any:
    """Parse one YAML document with CardLoader; raises what PyYAML raises."""
    return yaml.load(text, Loader=CardLoader)
