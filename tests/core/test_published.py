"""Published cards as they really are: unbounded heat, every link a card has, text as a person
reads it, and cards not published yet (issue 11)."""

from __future__ import annotations

import json
import math
import os
import sqlite3
import time
from pathlib import Path

import pytest

from reader.cli import run
from reader.core import db
from reader.core.card import Card, Problem
from reader.core.card_links import card_links, own_links
from reader.core.load import load
from reader.core.parse import parse_entry, parse_file, parse_text
from reader.core.query import Marks, QueryError, parse
from reader.core.scan import scan
from reader.core.scores import short_score
from reader.core.state import State
from reader.core.views import ALL, Views, ViewSpec
from tests.conftest import frozen_clock
from tests.oracle import indexed, loaded_entries
from tests.published import IFRAME, ORDER, VIDEO_EMBED, VIDEO_WATCH, write_published


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return write_published(tmp_path / "news")


def card(folder: Path, name: str) -> Card:
    result = parse_file(str(folder / name))
    assert isinstance(result, Card), result
    return result


def listed(capsys: pytest.CaptureFixture[str], *args: str) -> list[dict[str, object]]:
    assert run(["list", *args, "--json"]) == 0
    return list(json.loads(capsys.readouterr().out))


# --- 1. heat and quality as written ----------------------------------------------------------

def test_list_json_is_in_raw_heat_order_with_the_cards_without_heat_last(
        folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    cards = listed(capsys, str(folder), "--include-unpublished")
    assert [c["title"] for c in cards] == ORDER
    assert [c["heat"] for c in cards] == [4444, 189, 137, 63, 40, 12.5, 0, -1, None]
    assert cards[0]["quality"] == 3 and cards[-1]["quality"] is None
    assert all(c["url"] for c in cards)  # every card has a link it can be opened by


def test_the_unpublished_card_is_left_out_unless_asked_for(
        folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    titles = [c["title"] for c in listed(capsys, str(folder))]
    assert "Draft card" not in titles and len(titles) == len(ORDER) - 1


def test_a_card_without_heat_sorts_last_in_every_sort_that_uses_heat(folder: Path) -> None:
    library = indexed([str(folder)], include_unpublished=True)
    for sort in ("heat", "hot"):
        assert library[library.view(None, sort)[-1]].title == "No heat at all", sort
    by_quality = [library[i].title for i in library.view(None, "quality")]
    assert by_quality[:2] == ["Hottest", "Release wave video"]  # 137 and 137: the hotter first
    assert library[library.view(None, "quality")[-1]].quality is None


def test_the_hot_sort_decays_unbounded_heat_and_keeps_negative_heat_below_zero(
        folder: Path) -> None:
    library = indexed([str(folder)], include_unpublished=True)
    library.now = frozen_clock().timestamp()
    hot = [library[i].title for i in library.view(None, "hot")]
    assert hot[:2] == ["Four digits", "Hottest"] and hot[-2:] == ["Draft card", "No heat at all"]


@pytest.mark.parametrize(("query", "titles"), [
    ("heat>150", {"Four digits", "Hottest"}),
    ("heat:100..200", {"Hottest", "Release wave video"}),
    ("heat:..0", {"Zero heat", "Draft card"}),
    ("heat<0", {"Draft card"}),
    ("heat:12.5", {"Float heat"}),
    ("heat>=-1 heat<1", {"Zero heat", "Draft card"}),
    ("quality>=120", {"Hottest", "Release wave video"}),
    ("-heat>0", {"Zero heat", "Draft card", "No heat at all"}),  # no heat passes no heat test
])
def test_score_qualifiers_take_any_number(folder: Path, capsys: pytest.CaptureFixture[str],
                                          query: str, titles: set[str]) -> None:
    library = indexed([str(folder)], include_unpublished=True)
    view = Views(library, Marks(), frozen_clock)
    found = {library[i].title for i in view.view(ViewSpec(ALL, query=parse(query)))}
    assert found == titles
    assert {c["title"] for c in listed(capsys, str(folder), "--include-unpublished",
                                       "--query", query)} == titles


@pytest.mark.parametrize("query", ["heat>hot", "heat:1..x", "heat:200..100", "heat>1e3"])
def test_a_score_qualifier_that_is_not_a_number_is_a_sentence(query: str) -> None:
    with pytest.raises(QueryError) as error:
        parse(query)
    assert "\n" not in str(error.value) and "heat" in str(error.value)


@pytest.mark.parametrize(("score", "text"), [
    (189, "189"), (-1, "-1"), (4444, "4444"), (12.5, "12.5"), (100.0, "100"), (None, "–"),
    (12345, "12k"), (-1234, "-1k"), (999_999, "1M"), (-999_999, "-1M"), (123.456, "123"),
    (10**15, "1P"),
])
def test_a_score_fits_the_list_column(score: float | None, text: str) -> None:
    assert short_score(score, 4) == text


def test_the_text_line_keeps_raw_heat(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["list", str(folder), "--include-unpublished"]) == 0
    heats = [line.split("\t")[0].strip() for line in capsys.readouterr().out.splitlines()]
    assert heats == ["4444", "189", "137", "63", "40", "12.5", "0", "-1", "-"]


# --- 2. every link a card has ----------------------------------------------------------------

def test_a_video_card_is_opened_by_its_original_url_and_offers_its_video(folder: Path) -> None:
    video = card(folder, "video.md")
    assert video.url == VIDEO_WATCH and video.video and video.video_url == VIDEO_EMBED
    assert "originalUrl, as the card has no webUrl" in video.link_note
    assert [(link.label, link.url) for link in own_links(video)] == [
        ("Source", VIDEO_WATCH), ("Video", VIDEO_EMBED)]
    entry = parse_entry(str(folder / "video.md"))
    assert not isinstance(entry, Card) and getattr(entry, "video", False) is True


def test_original_url_is_shown_as_source_only_when_it_is_another_page(folder: Path) -> None:
    hottest = card(folder, "hottest.md")
    assert [link.label for link in card_links(hottest)] == ["Article", "Source"]
    assert hottest.url == "https://site.example/hottest" and hottest.link_note == ""
    same = parse_text("x.md", "---\ntitle: t\nwebUrl: https://a.example/x\n"
                      "originalUrl: https://A.example/x#top\n---\n")
    assert isinstance(same, Card) and [link.label for link in own_links(same)] == ["Article"]


def test_a_refused_web_url_falls_back_to_the_next_valid_link_and_says_so(folder: Path) -> None:
    refused = card(folder, "refused-web.md")
    assert refused.url == "https://amp.example/x"
    assert refused.link_note.startswith("ampWebUrl, as webUrl is refused: only http and https")
    entry = parse_entry(str(folder / "refused-web.md"))
    assert getattr(entry, "url", "") == "https://amp.example/x"


@pytest.mark.parametrize(("featured", "video_url"), [
    (IFRAME, VIDEO_EMBED),
    ('<iframe src="//player.example/v/1"></iframe>', "https://player.example/v/1"),
    ('<iframe src="javascript:alert(1)"></iframe><iframe src="https://v.example/2">',
     "https://v.example/2"),
    ('<IFRAME SRC="https://v.example/&amp;x"></IFRAME>', "https://v.example/&x"),
    ("<iframe src='data:text/html,hi'></iframe>", ""),
    ("<script>alert(1)</script> no frame", ""),
    ("<iframe src=", ""),
    ("<" * 50_000 + "iframe", ""),
])
def test_the_video_link_is_read_from_the_iframe_never_rendered(featured: str,
                                                               video_url: str) -> None:
    text = "---\n" + json.dumps({"title": "t", "featuredContent": featured}) + "\n---\n"
    result = parse_text("x.md", text)
    assert isinstance(result, Card) and result.video_url == video_url
    assert result.video is bool(video_url)


def test_duplicates_are_found_by_the_chosen_link(tmp_path: Path) -> None:
    folder = tmp_path / "dups"
    folder.mkdir()
    (folder / "a.md").write_text("---\ntitle: A\nheat: 5\noriginalUrl: https://s.example/v\n---\n")
    (folder / "b.md").write_text("---\ntitle: B\nheat: 9\nwebUrl: https://s.example/v?utm_x=1\n"
                                 "---\n")
    library = indexed([str(folder)])
    assert [library[i].title for i in library.view()] == ["B"]  # one story: its hottest copy


# --- 3. text as a person reads it ------------------------------------------------------------

def test_html_character_references_are_decoded_once_and_never_become_control_or_markup(
        folder: Path) -> None:
    shown = card(folder, "entities.md")
    assert shown.title == "Dynamics 365 & Power Apps: we’re live <b>"
    assert shown.excerpt == "Today we’re excited.[31m Red? &amp; once"  # ESC gone, spaces one
    assert shown.provider.name == "Smith & Co" and shown.topics == ("AI & ML",)
    assert shown.related[0].title == "Q&A" and shown.related[0].excerpt == "It’s"
    assert shown.images[0].title == "Logo © Smith"


def test_search_matches_the_decoded_text(folder: Path) -> None:
    library = indexed([str(folder)])
    views = Views(library, Marks(), frozen_clock)
    for query in ("we're live", "smith & co", "topic:\"ai & ml\""):
        found = [library[i].title for i in views.view(ViewSpec(ALL, query=parse(query)))]
        assert found == ["Dynamics 365 & Power Apps: we’re live <b>"], query
    assert list(views.view(ViewSpec(ALL, query=parse("8217")))) == []


# --- the index keeps all of it ---------------------------------------------------------------

def test_the_index_keeps_raw_scores_and_video_marks(folder: Path, tmp_path: Path) -> None:
    _cold, cold_entries = loaded_entries([str(folder)], index_dir=tmp_path / "index")
    parsed = [entry for ref in scan([str(folder)]).files
              if not isinstance(entry := parse_entry(ref.path), Problem)]
    assert len(cold_entries) == len(parsed) == len(ORDER)  # what the index gives back is
    assert sorted(cold_entries, key=str) == sorted(parsed, key=str)  # what was parsed
    heats = {entry.title: entry.heat for entry in cold_entries}
    assert heats["Float heat"] == 12.5 and heats["No heat at all"] is None
    assert type(heats["Hottest"]) is int


@pytest.mark.parametrize("bad", [math.inf, -math.inf, 10**16, "189"])
def test_an_index_holding_a_score_no_card_can_hold_is_rebuilt(
        folder: Path, bad: object, capsys: pytest.CaptureFixture[str]) -> None:
    # (SQLite keeps no NaN: it stores NULL, a card without the score, which is what NaN means)
    old = time.time_ns() - 86_400 * 10**9  # old enough for the index to be trusted as it is
    for ref in scan([str(folder)]).files:
        os.utime(ref.path, ns=(old, old))
    load([str(folder)])
    database = sqlite3.connect(db.index_file())
    with database:
        database.execute("UPDATE cards SET heat = ? WHERE id = (SELECT min(id) FROM cards "
                         "WHERE problem IS NULL)", (bad,))
    database.close()
    assert run(["list", "--json", "--include-unpublished", str(folder)]) == 0
    out, err = capsys.readouterr()
    assert "damaged" in err and len(json.loads(out)) == len(ORDER)  # named, rebuilt, all read
    assert run(["list", str(folder)]) == 0 and "damaged" not in capsys.readouterr().err


# --- 4. unpublished cards within reach ------------------------------------------------------

def test_unpublished_cards_are_shown_and_hidden_again_and_the_choice_is_kept(
        folder: Path) -> None:
    from reader.core.session import Session

    state, _ = State.open()
    session = Session(state)
    session.attach(indexed([str(folder)]))
    library = session.library
    assert library.hidden_unpublished == 1 and library.stories == len(ORDER) - 1
    assert session.show_unpublished(True) is None
    assert library.hidden_unpublished == 0 and library.unpublished_shown == 1
    assert "Draft card" in {library[i].title for i in library.view()}
    state.close()
    state, _ = State.open()
    again = Session(state)
    assert again.library.include_unpublished  # kept for the next start
    assert again.show_unpublished(False) is None
    again.attach(indexed([str(folder)]))
    assert again.library.hidden_unpublished == 1
    assert "Draft card" not in {again.library[i].title for i in again.library.view()}
    state.close()
