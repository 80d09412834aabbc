"""What the screens look like, pinned as SVG snapshots (update with --snapshot-update)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from tests.app.helpers import make_app, settle

SEEDS = Path(__file__).resolve().parents[2] / "seeds"


async def loaded(pilot: Pilot[None]) -> None:
    await settle(pilot)


async def help_open(pilot: Pilot[None]) -> None:
    await settle(pilot)
    await pilot.press("question_mark")
    await pilot.pause()


async def related_focused(pilot: Pilot[None]) -> None:
    await settle(pilot)
    await pilot.press("tab", "tab")
    await pilot.pause()


def test_main_screen_120x40(snap_compare: Any) -> None:
    assert snap_compare(make_app(SEEDS), terminal_size=(120, 40), run_before=loaded)


async def other_layout(pilot: Pilot[None]) -> None:
    await settle(pilot)
    await pilot.press("v")  # the layout this size does not pick by itself
    await settle(pilot)
    pilot.app.clear_notifications()
    await pilot.pause()


@pytest.mark.parametrize("size", [(80, 24), (120, 35), (200, 50)])
@pytest.mark.parametrize("layout", ["auto", "other"])
def test_main_screen_in_each_layout(snap_compare: Any, size: tuple[int, int],
                                    layout: str) -> None:
    """At each size people use: the layout the reader picks (beside from 100 columns, under
    below), and the other one (v)."""
    run_before = loaded if layout == "auto" else other_layout
    assert snap_compare(make_app(SEEDS), terminal_size=size, run_before=run_before)


async def save_dialog(pilot: Pilot[None]) -> None:
    await settle(pilot)
    await pilot.press("slash", *"police", "enter", "ctrl+s")
    await pilot.pause()


async def problems_open(pilot: Pilot[None]) -> None:
    await settle(pilot)
    pilot.app.clear_notifications()  # "2 file(s) are not cards…" times out: not a thing to pin
    await pilot.press("p")
    await pilot.pause()


def test_help_at_60x20(snap_compare: Any) -> None:
    assert snap_compare(make_app(SEEDS), terminal_size=(60, 20), run_before=help_open)


def test_save_search_dialog_at_60x20(snap_compare: Any) -> None:
    assert snap_compare(make_app(SEEDS), terminal_size=(60, 20), run_before=save_dialog)


def test_link_list_at_60x20(snap_compare: Any) -> None:
    assert snap_compare(make_app(SEEDS), terminal_size=(60, 20), run_before=link_list)


def test_skipped_files_at_60x20(snap_compare: Any, tmp_path: Path,
                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)  # paths on screen are relative: the same in every run
    folder = Path("cards")
    folder.mkdir()
    (folder / "good.txt").write_text("---\ntitle: Good\nheat: 5\n---\n", encoding="utf-8")
    (folder / "bad.txt").write_text("---\ntitle: [unclosed\n---\n", encoding="utf-8")
    (folder / "no-title.txt").write_text("---\nheat: 5\n---\n", encoding="utf-8")
    assert snap_compare(make_app(folder), terminal_size=(60, 20), run_before=problems_open)


def test_related_item_focused_120x40(snap_compare: Any) -> None:
    assert snap_compare(make_app(SEEDS), terminal_size=(120, 40), run_before=related_focused)


def test_help_screen(snap_compare: Any) -> None:
    assert snap_compare(make_app(SEEDS), terminal_size=(100, 50), run_before=help_open)


def _four(write_card: Any, tmp_path: Path) -> Path:
    from tests.conftest import card_fields

    write_card("a.txt", **card_fields("Police body cameras", 90, topics=["AI"]))
    write_card("b.txt", **card_fields("Facial recognition at the café", 70, topics=["AI"]))
    write_card("c.txt", **card_fields("Chip exports", 40, topics=["AI", "Trade"]))
    write_card("d.txt", **card_fields("Police budget vote", 20, topics=["Politics"]))
    return tmp_path / "cards"


async def read_and_starred(pilot: Pilot[None]) -> None:
    await settle(pilot)
    await pilot.press("m", "j", "f", "j", "j", "m", "k")
    await settle(pilot)


async def searching(pilot: Pilot[None]) -> None:
    await settle(pilot)
    await pilot.press("slash", *"police -vote")
    await settle(pilot)


def test_list_with_read_unread_and_starred_rows(snap_compare: Any, write_card: Any,
                                                tmp_path: Path) -> None:
    app = make_app(_four(write_card, tmp_path))
    assert snap_compare(app, terminal_size=(160, 24), run_before=read_and_starred)


def test_search_line_with_highlighted_matches(snap_compare: Any, write_card: Any,
                                              tmp_path: Path) -> None:
    app = make_app(_four(write_card, tmp_path))
    assert snap_compare(app, terminal_size=(120, 24), run_before=searching)


async def link_list(pilot: Pilot[None]) -> None:
    await settle(pilot)
    await pilot.press("l")
    await pilot.pause()


def test_link_list(snap_compare: Any) -> None:
    assert snap_compare(make_app(SEEDS), terminal_size=(110, 30), run_before=link_list)


async def published_shown(pilot: Pilot[None]) -> None:
    await settle(pilot)
    await pilot.press("P", "j", "j")  # every card, the video card highlighted
    await settle(pilot)
    pilot.app.clear_notifications()  # the toast times out: not a thing to pin
    await pilot.pause()


def test_published_cards_with_raw_heat_video_and_unpublished_marks(snap_compare: Any,
                                                                   tmp_path: Path) -> None:
    from tests.published import write_published

    app = make_app(write_published(tmp_path / "news"))
    assert snap_compare(app, terminal_size=(120, 35), run_before=published_shown)


FT = "https://www.ft.com/content/db8bfc3c-4cf4-11ea-95a0-43d18ec715f5"


def cached_article() -> None:
    """The seed's article as a saved copy (so the view shows at once, and the same every run)."""
    import os

    from reader.reading import cache
    from reader.reading.article import Article, Block

    cache.put(Article(FT, "Met Police to deploy facial recognition cameras", "Helen Warrell",
                      "2020-01-24", [
                          Block("p", "The Metropolitan Police will deploy live facial "
                                "recognition cameras across London for the first time, a move "
                                "critics say [1] threatens privacy."),
                          Block("h", "What the cameras do"),
                          Block("li", "Scan faces in a crowd against a watch list"),
                          Block("li", "Alert officers to a possible match"),
                          Block("quote", "This is a breathtaking assault on our rights."),
                          Block("p", "The force said the technology had been tested ten times "
                                "since 2016."),
                      ], ["https://bigbrotherwatch.org.uk/campaigns/stop-facial-recognition/"]))
    stamp = 1_796_000_000  # a fixed "saved" time, so the snapshot says the same date every run
    for path in cache.folder().glob("*.json"):
        os.utime(path, (stamp, stamp))


async def reading(pilot: Pilot[None]) -> None:
    await settle(pilot)
    await pilot.press("enter")
    await settle(pilot)
    await pilot.pause()


@pytest.mark.parametrize("size", [(80, 24), (120, 35)])
def test_the_reading_view(snap_compare: Any, size: tuple[int, int]) -> None:
    cached_article()
    assert snap_compare(make_app(SEEDS), terminal_size=size, run_before=reading)


@pytest.mark.usefixtures("pictures")
def test_the_story_pane_with_its_picture(snap_compare: Any, tmp_path: Path,
                                         write_card: Any) -> None:
    """The lead picture in half cells (textual-image's renderer, as with no terminal), from
    the picture cache (a saved copy: the same every run, and no server)."""
    from reader.reading import pictures
    from reader.reading.cache import key_of
    from tests.conftest import card_fields
    from tests.reading.test_pictures import png

    url = "https://pictures.example/sunny.png"
    pictures.SHELF.put(key_of(url), png(320, 160, (240, 200, 40)))
    write_card("sunny.txt", **card_fields("A sunny day over the bay", 80, images=[
        {"url": url, "width": 320, "height": 160}]))

    async def drawn(pilot: Pilot[None]) -> None:
        from reader.widgets.picture import Picture
        from tests.app.helpers import wait_until

        await settle(pilot)
        picture = pilot.app.screen.query_one("#detail-picture", Picture)
        await wait_until(pilot, lambda: bool(picture.display and picture.children))
        await settle(pilot)

    assert snap_compare(make_app(tmp_path / "cards"), terminal_size=(120, 35), run_before=drawn)
