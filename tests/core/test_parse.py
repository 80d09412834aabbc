"""A card file becomes a Card, or a Problem with a reason; wrong types are tolerated."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.core.card import Card, Problem
from reader.core.parse import parse_file, parse_text
from tests.conftest import CardWriter, card_fields


def parsed(text: str) -> Card:
    card = parse_text("x.txt", text)
    assert isinstance(card, Card), card
    return card


def problem(text: str) -> str:
    result = parse_text("x.txt", text)
    assert isinstance(result, Problem), result
    return result.reason


def test_reference_card(seeds: Path) -> None:
    card = parse_file(str(seeds / "000_e6839a851025465e.txt"))
    assert isinstance(card, Card)
    assert card.title == "Met Police rolls out live facial recognition in London"
    assert card.provider.name == "The Financial Times" and card.provider.domain == "ft.com"
    assert card.heat == 99 and card.quality == 59 and card.public
    assert card.topics == ("AI", "Computer Vision")
    assert card.published is not None and card.published.isoformat() == "2020-02-12T04:00:00+00:00"
    assert card.url == "https://www.ft.com/content/db8bfc3c-4cf4-11ea-95a0-43d18ec715f5"
    assert card.amp_url.startswith("https://amp.ft.com/")
    assert [r.provider.name for r in card.related] == [
        "The Financial Times", "Raleigh News & Observer", "Gaming Polls", "LinkedIn"]
    assert card.images[0].width == 500 and card.images[0].height == 281
    assert card.excerpt.startswith("This is the Met Police’s first live deployment")


def test_bom_and_crlf_load(write_card: CardWriter) -> None:
    path = write_card("a.txt", **card_fields("Windows card"))
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes().replace(b"\n", b"\r\n"))
    card = parse_file(str(path))
    assert isinstance(card, Card) and card.title == "Windows card"


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("title: no fences\n", "no front matter"),
        ("---\ntitle: never closed\n", "no closing '---'"),
        ("---\ntitle: [unclosed\n---\n", "YAML error at line"),
        ("---\n- a\n- b\n---\n", "a list, not a mapping"),
        ("---\njust text\n---\n", "plain text, not a mapping"),
        ("---\n---\n", "empty"),
        ("---\ntitle: !!python/object/apply:os.system ['echo hi']\n---\n", "unsupported YAML tag"),
        ("---\ntitle: !custom x\n---\n", "unsupported YAML tag"),
        ("---\nheat: 5\n---\n", "no usable title"),
        ("---\ntitle: '  \u200b '\n---\n", "no usable title"),
        ("---\ntitle: [a, b]\n---\n", "no usable title"),
        ("---\na: " + "[" * 5000 + "]" * 5000 + "\n---\n", "YAML error"),
    ],
)
def test_what_is_not_a_card(text: str, reason: str) -> None:
    assert reason in problem(text)


def test_yaml_1_1_surprises_are_read_as_written() -> None:
    card = parsed("---\ntitle: NO\nheat: 1:30\nquality: 010\npublished: no\n---\n")
    assert card.title == "NO"
    assert card.heat is None  # '1:30' is text, not 90
    assert card.quality == 10
    assert card.public is False  # YAML 1.1 spellings of a flag still work


@pytest.mark.parametrize(
    ("heat", "expected"),
    [("189", 189), ("0", 0), ("-1", -1), ("87.6", 87.6), ("1e3", 1000.0), ("4444", 4444),
     ("hot", None), (".nan", None), (".inf", None), ("-.inf", None), ("true", None),
     ("1e999", None), ("123456789012345678901234567890", None), ("[1]", None)],
)
def test_heat_is_kept_as_written_and_missing_when_not_a_number(
        heat: str, expected: float | None) -> None:
    card = parsed(f"---\ntitle: t\nheat: {heat}\nquality: {heat}\n---\n")
    assert card.heat == expected and card.quality == expected
    assert type(card.heat) is type(expected)  # an int stays an int: 189, never 189.0


def test_wrong_types_are_missing_not_errors() -> None:
    card = parsed(
        "---\ntitle: t\ntopics: 'AI, Vision'\nrelated: see also\nprovider: FT\n"
        "images: {url: x}\nexcerpt: [1, 2]\nwebUrl: 42\npublishedDateTime: 2020-02-30\n---\n"
    )
    assert card.topics == ("AI", "Vision")
    assert card.related == ()
    assert card.provider.name == "FT" and card.provider.domain == ""
    assert card.images == () and card.excerpt == "" and card.url == ""
    assert card.published is None


def test_topics_are_cleaned_and_deduplicated() -> None:
    card = parsed("---\ntitle: t\ntopics: [AI, 'A\u200bI', ai, '', 5, [x], ' Vision ']\n---\n")
    # 'A\u200bI' is not 'AI' with an invisible character: it stays apart, marked (issue 17.17)
    assert card.topics == ("AI", "A\ufffdI", "5", "Vision")


def test_related_items_keep_what_is_usable() -> None:
    card = parsed(
        "---\ntitle: t\nrelated:\n  - just text\n  - {title: Other, webUrl: 'https://o.example/'}\n"
        "  - {excerpt: no title or link}\n  - {webUrl: 'https://x.example/'}\n---\n"
    )
    assert [r.title for r in card.related] == ["Other", "(untitled)"]


def test_number_title_is_text_and_markup_is_kept_literally() -> None:
    assert parsed("---\ntitle: 2020\n---\n").title == "2020"
    assert parsed("---\ntitle: '[bold red]x[/]'\n---\n").title == "[bold red]x[/]"


def test_control_characters_are_stripped_at_parse_time() -> None:
    card = parsed('---\ntitle: "a\\e]52;c;eA==\\a b\\x9b"\nexcerpt: "one\\ttwo\\u202e"\n---\n')
    assert card.title == "a]52;c;eA== b"
    assert card.excerpt == "one two"


def test_unknown_fields_are_ignored() -> None:
    assert parsed("---\ntitle: t\nsomethingNew: {a: 1}\nsecured: abc\n---\nbody").title == "t"


def test_big_file_is_refused_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_bytes(b"---\ntitle: big\n---\n" + b"x" * (2 * 1024 * 1024))
    result = parse_file(str(path))
    assert isinstance(result, Problem) and "too big" in result.reason


def test_not_utf8_names_the_byte(tmp_path: Path) -> None:
    path = tmp_path / "latin1.txt"
    path.write_bytes("---\ntitle: café\n---\n".encode("latin-1"))
    result = parse_file(str(path))
    assert isinstance(result, Problem) and result.reason.startswith("not UTF-8 text (byte 0xe9")


def test_the_index_entry_follows_the_card_rules(tmp_path: Path, seeds: Path) -> None:
    # The index keeps an Entry parsed without building the whole Card: same rules, same values.
    from reader.core.dates import timestamp
    from reader.core.folding import fold
    from reader.core.parse import parse_entry
    from reader.core.urls import canonical_url
    from tests.hostile.builder import build

    build(tmp_path)
    paths = [*sorted(str(p) for p in tmp_path.iterdir() if p.is_file()),
             *(str(p) for p in seeds.iterdir())]
    compared = 0
    for path in paths:
        card, entry = parse_file(path), parse_entry(path)
        if isinstance(card, Problem):
            assert entry == card
            continue
        assert not isinstance(entry, Problem)
        compared += 1
        assert (entry.title, entry.url, entry.heat, entry.quality, entry.topics, entry.public) == (
            card.title, card.url, card.heat, card.quality, card.topics, card.public)
        assert (entry.provider, entry.domain) == (card.provider.name, card.provider.domain)
        assert entry.when == timestamp(card.published) and entry.published == card.published
        assert entry.search.startswith(fold(card.title).encode())
        assert fold(" ".join(card.excerpt.split()[:5])).encode() in entry.search
        assert len(entry.search) < len(card.title) + 1_000
        assert entry.story == (canonical_url(card.url) if card.url else path)
    assert compared >= 30


def test_a_link_over_the_limit_is_refused_not_cut() -> None:
    # A cut link opens somewhere else: it was cut to 8,191 + "…" and then opened (issue 17.15).
    from reader.core.urls import MAX_URL_LENGTH, refusal

    url = "https://a.test/" + "x" * MAX_URL_LENGTH
    card = parse_text("long.txt", f"---\ntitle: Long\nwebUrl: {url}\n---\n")
    assert isinstance(card, Card) and card.url.startswith("https://a.test/xxx")
    assert refusal(card.url) == f"the link is longer than {MAX_URL_LENGTH:,} characters"
