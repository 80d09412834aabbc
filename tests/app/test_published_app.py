"""Published cards in the reader (issue 11): raw heat in the list, marks for video and
unpublished cards, the video card's links, o and c on every card, P kept across a restart."""

from __future__ import annotations

from pathlib import Path

from reader.screens.links import LinksScreen
from reader.widgets.status import StatusLine
from tests.app.helpers import (
    FakeBrowser,
    articles,
    detail_text,
    highlighted_title,
    make_app,
    notifications,
    settle,
    wait_until,
)
from tests.published import ORDER, VIDEO_EMBED, VIDEO_WATCH, write_published


def rows(app: object, width: int = 80) -> list[str]:
    """Every row of the article list as drawn at this width."""
    listing = articles(app)  # type: ignore[arg-type]
    return ["".join(segment.text for segment in listing.render_row(row, width))
            for row in range(len(listing.view))]


def status(app: object) -> str:
    return str(app.main_screen.query_one(StatusLine).visual)  # type: ignore[attr-defined]


async def test_rows_show_raw_heat_aligned_with_marks_for_video_cards(tmp_path: Path) -> None:
    app = make_app(write_published(tmp_path / "news"))
    async with app.run_test(size=(120, 35)) as pilot:
        await settle(pilot)
        drawn = rows(app)
        published = [title for title in ORDER if title != "Draft card"]
        assert [articles(app).library[i].title for i in articles(app).view] == published
        assert [row[3:7] for row in drawn] == [
            "4444", " 189", " 137", "  63", "  40", "12.5", "   0", "   –"]
        assert {len(row) for row in drawn} == {80}  # one width, whatever the heat
        assert drawn[2][8:10] == "▶ " and drawn[1][8:10] != "▶ "
        assert "Dynamics 365 & Power Apps: we’re" in drawn[3]
        assert "1 unpublished hidden" in status(app)


async def test_P_shows_unpublished_cards_marked_and_the_choice_survives_a_restart(
        tmp_path: Path) -> None:
    folder = write_published(tmp_path / "news")
    app = make_app(folder)
    async with app.run_test(size=(120, 35)) as pilot:
        await settle(pilot)
        await pilot.press("j", "j")
        assert highlighted_title(app) == "Release wave video"
        await pilot.press("P")
        await settle(pilot)
        assert highlighted_title(app) == "Release wave video"  # the place is kept
        drawn = rows(app)
        draft = [row for row in drawn if "Draft card" in row]
        assert draft and draft[0][8:20] == "unpublished " and draft[0][3:7] == "  -1"
        assert "1 unpublished shown" in status(app)
        assert "Unpublished cards shown (1)" in notifications(app)
    again = make_app(folder)
    async with again.run_test(size=(120, 35)) as pilot:
        await settle(pilot)
        assert len(articles(again).view) == len(ORDER)
        await pilot.press("P")
        await settle(pilot)
        assert len(articles(again).view) == len(ORDER) - 1
        assert "Unpublished cards hidden (1)" in notifications(again)


async def test_the_video_card_offers_its_source_and_video_links(tmp_path: Path,
                                                                 browser: FakeBrowser) -> None:
    app = make_app(write_published(tmp_path / "news"))
    async with app.run_test(size=(120, 35)) as pilot:
        await settle(pilot)
        await pilot.press("j", "j")
        await settle(pilot)
        shown = detail_text(app)
        assert "▶ video" in shown and "Source   youtube.com" in shown
        assert "o and c use this link: originalUrl, as the card has no webUrl" in shown
        await pilot.press("l")
        assert isinstance(app.screen, LinksScreen)
        assert [(link.label, link.url) for link in app.screen.links[:2]] == [
            ("Source", VIDEO_WATCH), ("Video", VIDEO_EMBED)]
        await pilot.press("2")
        await settle(pilot)
        assert browser.opened == [VIDEO_EMBED]


async def test_o_and_c_work_on_every_card(tmp_path: Path, browser: FakeBrowser,
                                          clipboard: list[str]) -> None:
    app = make_app(write_published(tmp_path / "news"))
    async with app.run_test(size=(120, 35)) as pilot:
        await settle(pilot)
        await pilot.press("P")
        await settle(pilot)
        listing = articles(app)
        expected = [listing.library[i].url for i in listing.view]
        assert len(expected) == len(ORDER) and all(expected)
        for row in range(len(expected)):
            listing.cursor = row
            await pilot.press("c", "o")
            await wait_until(pilot, lambda row=row: len(browser.opened) == row + 1)  # type: ignore[misc]
        assert clipboard == expected and browser.opened == expected
        assert "https://amp.example/x" in expected  # the refused webUrl's card: its AMP link
