"""Issue 6 through the keys: the link list, Markdown copy, related jumps, duplicates."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from reader.screens.links import LinkList, LinksScreen
from reader.widgets.detail import RelatedItem
from tests.app.helpers import (
    FakeBrowser,
    articles,
    detail_text,
    highlighted_title,
    make_app,
    settle,
)
from tests.conftest import CardWriter, card_fields

FT = "https://www.ft.com/content/db8bfc3c-4cf4-11ea-95a0-43d18ec715f5"
AMP = "https://amp.ft.com/content/db8bfc3c-4cf4-11ea-95a0-43d18ec715f5"
MET = "Met Police rolls out live facial recognition in London"
RALEIGH = "https://www.newsobserver.com/news/local/crime/article240221072.html"


async def test_l_then_2_opens_the_amp_link(seeds: Path, browser: FakeBrowser) -> None:
    app = make_app(seeds)
    async with app.run_test(size=(120, 35)) as pilot:
        await settle(pilot)
        await pilot.press("l")
        assert isinstance(app.screen, LinksScreen)
        labels = [link.label for link in app.screen.links]
        assert labels[:4] == ["Article", "AMP", "CDN AMP",
                              f"Image 1: {MET}"]
        assert labels[4].startswith("Related: Met Police try to calm")
        await pilot.press("2")
        await settle(pilot)
        assert browser.opened == [AMP]


async def test_shift_number_and_y_number_copy(seeds: Path, clipboard: list[str]) -> None:
    app = make_app(seeds)
    async with app.run_test(size=(120, 35)) as pilot:
        await settle(pilot)
        await pilot.press("l", "exclamation_mark")
        await pilot.press("y", "2")
        await pilot.press("9")  # the card has 8 links
        await settle(pilot)
        assert clipboard == [FT, AMP]
        assert any("no link 9" in n.message for n in app._notifications)
        await pilot.press("escape")
        assert not isinstance(app.screen, LinksScreen)


async def test_C_copies_a_markdown_link(seeds: Path, clipboard: list[str]) -> None:
    app = make_app(seeds)
    async with app.run_test() as pilot:
        await settle(pilot)
        await pilot.press("C", "c")
        assert clipboard == [f"[{MET}]({FT})", FT]


async def test_a_related_card_jumps_there_and_back(seeds: Path, write_card: CardWriter,
                                                   tmp_path: Path) -> None:
    folder = tmp_path / "cards"
    shutil.copy(seeds / "000_e6839a851025465e.txt", folder / "met.txt")
    write_card("raleigh.txt", **card_fields("Raleigh police stop facial recognition", 20,
                                            webUrl=RALEIGH))
    write_card("other.txt", **card_fields("Something else", 50))
    app = make_app(folder)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert highlighted_title(app) == MET
        items = list(app.main_screen.query(RelatedItem))
        assert [item.card_story is not None for item in items] == [False, True, False, False]
        assert "in your cards" in detail_text(app)
        items[1].focus()
        await pilot.press("enter")
        await settle(pilot)
        assert highlighted_title(app) == "Raleigh police stop facial recognition"
        await pilot.press("backspace")
        await settle(pilot)
        assert highlighted_title(app) == MET


async def test_two_files_of_one_story_show_as_one_row(write_card: CardWriter, tmp_path: Path,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    write_card("a.txt", **card_fields("Story from A", 40, webUrl="https://x.test/s?utm_source=a",
                                      provider={"name": "Alpha", "domain": "a.test"}))
    write_card("b.txt", **card_fields("Story from B", 80, webUrl="https://X.test/s#top",
                                      provider={"name": "Beta", "domain": "b.test"}))
    write_card("c.txt", **card_fields("Another", 10))
    app = make_app(tmp_path / "cards")
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        titles = [app.session.library[i].title for i in articles(app).view]
        assert titles == ["Story from B", "Another"]
        assert "Also in Alpha · a.txt · heat 40" in detail_text(app)
        await pilot.press("m")
        # one story, one mark: both files' entries carry the same key
        library, shown = app.session.library, articles(app).view[0]
        # (the cards' numbers are the index's row ids: a re-check may give them new ones)
        assert [library[i].title for i in library.copies(shown)] == ["Story from A"]
        assert {library[i].story for i in (shown, *library.copies(shown))} == {"https://x.test/s"}
        assert app.session.state.read == {"https://x.test/s"}
    from reader.cli import run

    capsys.readouterr()
    assert run(["list", str(tmp_path / "cards")]) == 0
    assert len(capsys.readouterr().out.splitlines()) == 2
    assert run(["list", "--all", str(tmp_path / "cards")]) == 0
    assert len(capsys.readouterr().out.splitlines()) == 3


LONG = ("https://powerapps.microsoft.com/en-us/blog/announcing-the-new-solution-import-experience-"
        "with-connections-and-environment-variables/")


@pytest.mark.parametrize("width", [40, 80, 120])
async def test_the_link_list_shows_every_url_whole(write_card: CardWriter, tmp_path: Path,
                                                   width: int) -> None:
    """Issue 27: `l` cut links to fit ('…/blog/add…'); they wrap, at every width from 40."""
    write_card("long.txt", **card_fields("A long link", 50, webUrl=LONG))
    app = make_app(tmp_path / "cards")
    async with app.run_test(size=(width, 30)) as pilot:
        await settle(pilot)
        await pilot.press("l")
        assert isinstance(app.screen, LinksScreen)
        await pilot.pause()
        listing = app.screen.query_one(LinkList)
        lines = [listing.render_line(y).text.strip(" ▊▎▔▁") for y in range(listing.size.height)]
        assert LONG in "".join(line.strip() for line in lines)
        assert "…" not in "".join(lines)
