"""The yaml-rs fast path and PyYAML (the reference) read every document the same way."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reader.core import yaml_loader
from reader.core.yaml_loader import load_front_matter, load_reference

pytestmark = pytest.mark.skipif(getattr(yaml_loader, "yaml_rs", None) is None,
                                reason="yaml-rs is not installed")

SEED = Path(__file__).parents[2] / "seeds" / "000_e6839a851025465e.txt"

# Every construct where yaml-rs and PyYAML were seen to differ, and their neighbours.
EDGES = [
    "a: NO", "a: yes", "a: 1:30", "a: 0x1F", "a: 0o17", "a: 0b101", "a: 010", "a: 09", "a: ~",
    "a: .inf", "a: -.INF", "a: .NaN", "a: 12345678901234567890123", "a: 1_000", "a: 1__0",
    "a: [1_000, 0x10]", "a: {b: 0o7}", "a: 1e3", "a: 1.", "a: +5", "a: -0", "a: 0.", "a: +.5",
    "a: 2020-02-12T04:00:00Z", "a: 2020-02-12", "a: 1\na: 2", "b: &x {c: 1}\na:\n  <<: *x\n  d: 2",
    "a: !!binary aGVsbG8=", "a: !!python/object:os.system x", "a: !foo x", "a: !!str 5",
    "a: !!bool yes", "a: !!timestamp 2020-01-01", "? [a, b]\n: 1", "a: {? [b]: c}", "1: x",
    "a: 'it''s'", 'a: "\\x00\\u202e"', 'a: "\\ud800"', "a: [1, 2", "a: b: c", "\ta: 1", "a:\n\t- b",
    "a:\tb", "- 1\n- 2", "x", "", "a: |\n  line1\n  line2\n", "a: >\n  l1\n  l2\n", "a: &a [*a]",
    "a: True", "a: tRue", "a: @x", "a: `x", "a: %x", "%YAML 1.1\n---\na: yes", "a: 1\n---\nb: 2",
    "a: 1\n...\n", "a: \x07bell", "a: caf\u00e9 \u2028 x", 'a: "\\/"', "a: 'x\n\n  y'", "a: b\n c",
    "a: News & Observer", "a: *bold*", "a: R&D", "a: 100%", "a: [a, b, ]", "a: {b: 1, b: 2}",
    "a: 1e400", "a: -1e400", "a: 0.1e-400", "a: 99999999999999999", "a: '#x' # c", "a: b #c",
    "x:\n" + "".join(" " * i + "k:\n" for i in range(1, 1200)), "x: " + "- " * 1100 + "y",
    "null: 1", "true: 1", "~: x", "a: { b }", "a:\n  - b: 1\n    c: [x, {d: e}]",
]


def outcome(load: object, text: str) -> tuple[str, str]:
    try:
        return ("ok", repr(load(text)))  # type: ignore[operator]
    except Exception as error:  # the kind of failure is what is compared
        return ("error", type(error).__name__)


@pytest.mark.parametrize("text", [edge + "\n" for edge in EDGES] + EDGES)
def test_edge_cases_agree(text: str) -> None:
    assert outcome(load_front_matter, text) == outcome(load_reference, text)


def test_the_reference_card_takes_the_fast_path_and_agrees() -> None:
    front_matter = SEED.read_text(encoding="utf-8").split("---\n")[1]
    assert yaml_loader.is_plain(front_matter)
    assert load_front_matter(front_matter) == load_reference(front_matter)


KEYS = st.sampled_from(["title", "heat", "a", "b", "1", "true", "~", "? x", "<<", "-"])
TOKENS = st.sampled_from([
    "0x1F", "0o7", "1_0", "010", "1.5", ".5", "1e3", "-3", "123456789012345678901", "yes", "NO",
    "null", "~", "true", "False", "'q''d'", '"d\\tq"', '"\\u00e9"', "&a x", "*a", "!!str 1", "!x y",
    "[1, 2]", "{k: v}", "[", "}", "x: y", "- z", "#c", "|", ">", "2020-02-12", "1:30", "a b", "%",
    "@", "`", "\t", "\x07", "caf\u00e9", "\u202e", ",", "? k", "...", "---",
])


@st.composite
def documents(draw: st.DrawFn) -> str:
    lines = []
    for _ in range(draw(st.integers(1, 6))):
        indent = " " * draw(st.sampled_from([0, 0, 0, 2, 4]))
        key = draw(KEYS)
        value = " ".join(draw(st.lists(TOKENS, max_size=3)))
        lines.append(draw(st.sampled_from([f"{indent}{key}: {value}", f"{indent}- {value}"])))
    return "\n".join(lines) + draw(st.sampled_from(["\n", "\n\n", "", "\n  \n"]))


@settings(max_examples=1500, deadline=None)
@given(documents())
def test_generated_documents_agree(text: str) -> None:
    assert outcome(load_front_matter, text) == outcome(load_reference, text)
