"""Reading at every size (issue 12): room for titles, the story beside or under the list, zoom
and split keys, the story pane in reading order and scrolled by keys, the place kept through
every change of view, and view settings back after a restart."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.app import NewsReader
from reader.screens.problems import ProblemsScreen
from reader.widgets.detail import DetailPane
from reader.widgets.footer import Footer, FooterKeys
from reader.widgets.status import StatusLine
from tests.app.helpers import (
    articles,
    highlighted_title,
    make_app,
    settle,
    topics,
    wait_until,
)
from tests.conftest import CardWriter, card_fields

LONG = "A long headline about facial recognition rolling out across the city this week, {}"


@pytest.fixture
def many(write_card: CardWriter, tmp_path: Path) -> Path:
    """Forty cards with long titles, heats 99 down to 60, topics by parity, a long excerpt."""
    for number in range(40):
        write_card(f"{number:02}.txt", **card_fields(
            LONG.format(number), 99 - number, topics=["Even" if number % 2 == 0 else "Odd"],
            excerpt=" ".join(["A paragraph of the story that goes on."] * 40)))
    return tmp_path / "cards"


def screen_of(app: NewsReader) -> object:
    return app.main_screen


def shown(app: NewsReader, selector: str) -> bool:
    return bool(app.main_screen.query_one(selector).display)


def bottom_line(app: NewsReader) -> str:
    """The terminal's last row, as drawn."""
    return app.screen._compositor.render_strips()[-1].text


def row_text(app: NewsReader, row: int) -> str:
    listing = articles(app)
    width = listing.scrollable_content_region.width
    return "".join(segment.text for segment in listing.render_row(row, width))


async def test_at_120x35_a_row_shows_60_characters_of_title(many: Path) -> None:
    app = make_app(many)
    async with app.run_test(size=(120, 35)) as pilot:
        await settle(pilot)
        assert app.main_screen.has_class("-stacked") is False
        assert LONG.format(0)[:60] in row_text(app, 0)
        assert not shown(app, "#topics")  # the sidebar waits for 150 columns, or b
        await pilot.press("b")
        assert shown(app, "#topics")


async def test_at_80x24_the_story_is_under_a_list_of_12_rows(many: Path) -> None:
    app = make_app(many)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert app.main_screen.has_class("-stacked")
        assert articles(app).scrollable_content_region.height >= 12
        assert LONG.format(0)[:55] in row_text(app, 0)


async def test_at_200x50_the_provider_column_and_the_sidebar_show(many: Path) -> None:
    app = make_app(many)
    async with app.run_test(size=(200, 50)) as pilot:
        await settle(pilot)
        assert shown(app, "#topics") and "Example News" in row_text(app, 0)


async def test_zoom_the_list_then_the_story_and_back(many: Path) -> None:
    app = make_app(many)
    async with app.run_test(size=(120, 35)) as pilot:
        await settle(pilot)
        full = app.main_screen.size.width
        story = app.main_screen.query_one(DetailPane)
        # Each change is waited for: the layout follows the key on the next refresh, which a
        # loaded machine can run after Pilot has taken the app for idle.
        await pilot.press("z")
        await wait_until(pilot, lambda: articles(app).outer_size.width == full)
        assert not shown(app, "#detail")
        await pilot.press("z")
        # A hidden pane keeps its last size, so the list's width is what says the split is back.
        await wait_until(
            pilot,
            lambda: shown(app, "#detail")
            and story.outer_size.width > 0
            and articles(app).outer_size.width < full,
        )
        await pilot.press("tab")  # the story pane
        await pilot.press("z")
        await wait_until(pilot, lambda: story.outer_size.width == full)
        assert not shown(app, "#list-pane")
        await pilot.press("z")
        await wait_until(pilot, lambda: shown(app, "#list-pane") and story.outer_size.width < full)


async def test_split_and_layout_keys_are_kept_for_the_next_start(many: Path) -> None:
    app = make_app(many)
    async with app.run_test(size=(120, 35)) as pilot:
        await settle(pilot)
        before = articles(app).outer_size.width
        await pilot.press("right_square_bracket", "right_square_bracket")
        await pilot.pause()
        wider = articles(app).outer_size.width
        assert wider > before
        await pilot.press("v")
        await pilot.pause()
        assert app.main_screen.has_class("-stacked")
        await pilot.press("s", "h")  # sort by hot, read cards hidden
    again = make_app(many)
    async with again.run_test(size=(120, 35)) as pilot:
        await settle(pilot)
        assert again.main_screen.has_class("-stacked")
        assert again.main_screen.sort == "hot" and again.main_screen.hide_read
        assert articles(again).border_title == "Articles · by hot · read hidden"
        await pilot.press("v")
        await pilot.pause()
        assert articles(again).outer_size.width == wider  # the side split came back too


async def test_j_k_and_space_scroll_the_story(many: Path) -> None:
    app = make_app(many)
    async with app.run_test(size=(120, 35)) as pilot:
        await settle(pilot)
        pane = app.main_screen.query_one(DetailPane)
        await pilot.press("space")  # from the list: the story pages, the list keeps the focus
        await wait_until(pilot, lambda: pane.scroll_y > 10)
        assert articles(app).has_focus and highlighted_title(app) == LONG.format(0)
        await pilot.press("tab", "g")
        await wait_until(pilot, lambda: pane.scroll_y == 0)
        await pilot.press("j", "j", "j")
        await wait_until(pilot, lambda: pane.scroll_y == 3)
        await pilot.press("k")
        await wait_until(pilot, lambda: pane.scroll_y == 2)
        assert highlighted_title(app) == LONG.format(0)  # j moved the story, not the list


async def test_the_place_is_kept_through_search_sort_hide_read_and_topics(many: Path) -> None:
    app = make_app(many)
    async with app.run_test(size=(160, 35)) as pilot:
        await settle(pilot)
        await pilot.press(*["j"] * 5)
        here = LONG.format(5)
        assert highlighted_title(app) == here
        await pilot.press("slash", *"headline")
        await settle(pilot)
        assert highlighted_title(app) == here
        await pilot.press("escape")
        await settle(pilot)
        assert highlighted_title(app) == here and len(articles(app).view) == 40
        await pilot.press("s")
        assert highlighted_title(app) == here
        await pilot.press("h")
        assert highlighted_title(app) == here
        await pilot.press("h", "shift+tab", "j", "j", "j")  # the sidebar: All, Starred, Even, Odd
        assert topics(app).current.name == "Odd"
        assert highlighted_title(app) == here  # 5 is odd: still in the view
        await pilot.press("k")  # Even: 5 is not there, the nearest card after it is
        assert highlighted_title(app) == LONG.format(6)


async def test_a_card_filtered_out_leaves_the_cursor_on_the_nearest(many: Path) -> None:
    app = make_app(many)
    async with app.run_test(size=(120, 35)) as pilot:
        await settle(pilot)
        await pilot.press(*["j"] * 7)
        await pilot.press("slash", *"-\"week, 7\"")
        await settle(pilot)
        assert highlighted_title(app) == LONG.format(8)


async def test_the_cursor_stays_visible_when_the_terminal_shrinks(many: Path) -> None:
    app = make_app(many)
    async with app.run_test(size=(120, 50)) as pilot:
        await settle(pilot)
        await pilot.press(*["j"] * 30)
        listing = articles(app)
        await pilot.resize_terminal(80, 24)
        await wait_until(pilot, lambda: listing.scroll_offset.y <= 30
                         < listing.scroll_offset.y + listing.scrollable_content_region.height)
        assert highlighted_title(app) == LONG.format(30)


@pytest.mark.parametrize("width", [40, 60, 80])
async def test_the_footer_keeps_help_and_quit_whole(seeds: Path, width: int) -> None:
    app = make_app(seeds)
    async with app.run_test(size=(width, 20)) as pilot:
        await settle(pilot)
        keys = app.main_screen.query_one(FooterKeys).keys
        assert [key.description for key in keys][:2] == ["Help", "Quit"]
        line = bottom_line(app)
        for key in keys:  # every key shown is shown whole, the palette's at the right
            assert f"{key.display} {key.description}" in line, line
        assert line.rstrip().endswith("^p palette")


async def test_the_footer_draws_its_keys_again_only_when_they_change(seeds: Path) -> None:
    # Textual redrew every key on each change of focus or screen: about fifteen times while
    # the reader started, a quarter of its start's CPU.
    app = make_app(seeds)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        footer = app.main_screen.query_one(FooterKeys)
        drawn = footer.keys
        await pilot.press("j", "k", "tab", "shift+tab")
        await settle(pilot)
        assert footer.keys is drawn  # the same keys: not drawn again
        await pilot.resize_terminal(50, 30)
        await wait_until(pilot, lambda: 2 <= len(footer.keys) < len(drawn))
        await settle(pilot)
        assert [key.description for key in footer.keys][:2] == ["Help", "Quit"]
        assert "Sort" not in bottom_line(app) and "Help" in bottom_line(app)


async def test_a_click_on_a_footer_key_presses_it(seeds: Path) -> None:
    from textual.command import CommandPalette

    from reader.screens.help import HelpScreen

    app = make_app(seeds)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        footer = app.main_screen.query_one(FooterKeys)
        line = bottom_line(app)
        await pilot.hover(FooterKeys, offset=(line.index("Star"), 0))
        star = next(key for key in footer.keys if key.description == "Star")
        assert footer.hovered == footer.keys.index(star) and footer.tooltip == star.tooltip
        await pilot.pause()
        drawn = {segment.text.strip(): segment.style for segment
                 in app.screen._compositor.render_strips()[-1] if segment.style}
        assert drawn["Star"].bgcolor != drawn["Sort"].bgcolor  # the key under the pointer shows
        await pilot.hover(FooterKeys, offset=(line.index("▏") - 2, 0))
        assert footer.hovered is None and footer.tooltip is None
        await pilot.click(FooterKeys, offset=(line.index("Help"), 0))
        await wait_until(pilot, lambda: isinstance(app.screen, HelpScreen))
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is app.main_screen)
        await pilot.click(FooterKeys, offset=(line.index("palette"), 0))
        await wait_until(pilot, lambda: isinstance(app.screen, CommandPalette))
        await pilot.press("escape")
        await pilot.click(FooterKeys, offset=(line.index("▏") - 2, 0))  # between keys: nothing
        await settle(pilot)
        assert app.screen is app.main_screen


async def test_a_closed_dialogs_footer_asked_to_draw_stays_quiet(seeds: Path) -> None:
    # Textual asks a footer to draw again after the next refresh; when that came after its
    # dialog had closed, the footer looked for its screen: NoScreen, and the reader ended.
    app = make_app(seeds)
    async with app.run_test(size=(100, 50)) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        footer = app.screen.query_one(Footer)
        await pilot.press("escape")
        await settle(pilot)
        await footer.recompose()
        assert app.is_running and app.screen is app.main_screen


async def test_toasts_never_cover_the_status_line(seeds: Path) -> None:
    app = make_app(seeds)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("s")
        await wait_until(pilot, lambda: bool(app.screen.query("Toast")))
        status = app.main_screen.query_one(StatusLine).region
        toasts = list(app.screen.query("Toast"))
        assert all(not toast.region.overlaps(status) for toast in toasts)


async def test_the_problems_screen_shows_a_reason_whole_and_copies_the_path(
        write_card: CardWriter, tmp_path: Path, clipboard: list[str]) -> None:
    write_card("good.txt", **card_fields("Good"))
    bad = tmp_path / "cards" / ("a-long-name-" * 6 + ".txt")
    bad.write_text("---\ntitle: [unclosed\n---\n", encoding="utf-8")
    app = make_app(tmp_path / "cards")
    async with app.run_test(size=(60, 20)) as pilot:
        await settle(pilot)
        await pilot.press("p")
        assert isinstance(app.screen, ProblemsScreen)
        detail = str(app.screen.query_one("#problem-detail").visual)  # type: ignore[attr-defined]
        reason = app.session.problems[0].reason
        assert str(bad) in detail and reason in detail
        await pilot.press("c")
        await settle(pilot)
        assert clipboard == [str(bad)]
