"""Untrusted text loses every invisible or controlling character, and keeps its words."""

import sys
import unicodedata

from reader.core.sanitize import clean_line, clean_text, has_invisible


def test_every_control_and_format_character_is_removed() -> None:
    missed = [
        hex(code)
        for code in range(sys.maxunicode + 1)
        if unicodedata.category(chr(code)) in {"Cc", "Cf", "Cs"}
        and chr(code) not in "\n\t"
        and clean_line(f"a{chr(code)}b") not in {"ab", "a b", "a\ufffdb"}
    ]
    assert missed == []


def test_the_printable_fast_path_agrees_with_the_full_rules() -> None:
    # clean_line skips its regexes for printable text: prove that no printable character is one
    # they would remove or fold (besides the ASCII space), for every code point.
    from reader.core.sanitize import _FILLERS, _SPACES, _STRIP

    wrong = [
        hex(code)
        for code in range(sys.maxunicode + 1)
        if chr(code).isprintable() and chr(code) not in " " + _FILLERS
        and (_STRIP.match(chr(code)) or _SPACES.match(chr(code)))
    ]
    assert wrong == []
    assert clean_line("a  b   c ") == "a b c"
    assert clean_text("  one   paragraph ") == "one paragraph"


def test_escape_sequences_lose_their_escape() -> None:
    title = "Hi \x1b]52;c;ZXZpbA==\x07 \x1b[31mred\x1b[0m \x9b2J"
    cleaned = clean_line(title)
    assert "\x1b" not in cleaned and "\x07" not in cleaned and "\x9b" not in cleaned
    assert "red" in cleaned


def test_bidi_and_zero_width_characters_go() -> None:
    assert clean_line("A\u200bI") == "AI"
    assert clean_line("\ufeffAI\u2066") == "AI"
    assert clean_line("evil\u202egnp.exe") == "evilgnp.exe"


def test_hangul_fillers_go_from_printable_text_too() -> None:
    # U+3164 is a letter, printable, drawn blank at a width terminals disagree on: it broke the
    # story pane's border (issue 17.17).
    assert clean_line("Bank\u3164Login") == "BankLogin"
    assert clean_text("a\u115f\u1160\uffa0b") == "ab"


def test_a_topic_with_invisible_characters_stays_apart_and_shows_why() -> None:
    # 'A\u200bI' merged silently into 'AI' (issue 17.17): names keep a visible mark instead.
    from reader.core.sanitize import clean_name

    assert clean_name("A\u200bI") == "A\ufffdI" != clean_name("AI") == "AI"
    assert clean_name("  Computer   Vision ") == "Computer Vision"


def test_line_folds_white_space_and_text_keeps_paragraphs() -> None:
    assert clean_line("  one\n\ttwo   three ") == "one two three"
    assert clean_text("one\r\n\r\n\r\n\r\ntwo\u2028three") == "one\n\ntwo\nthree"


def test_markup_is_left_as_text() -> None:
    assert clean_line("[bold red]x[/] [@click=app.quit]") == "[bold red]x[/] [@click=app.quit]"


def test_long_text_is_cut_with_an_ellipsis() -> None:
    assert clean_line("x" * 50, limit=10) == "x" * 9 + "…"
    assert len(clean_text("y" * 100_000)) == 20_000


def test_lone_surrogates_become_replacement_characters() -> None:
    assert clean_line("a\ud800b") == "a\ufffdb"
    assert has_invisible("a\ud800") and has_invisible("x\u200by") and not has_invisible("plain")
