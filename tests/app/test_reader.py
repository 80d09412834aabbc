"""The reader as a person uses it: keys pressed, what is highlighted, shown, opened and copied."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pyperclip
import pytest
from textual.widgets import Static

from reader.app import NewsReader
from reader.screens.help import HelpScreen
from reader.screens.problems import ProblemList, ProblemsScreen
from reader.widgets.articles import ArticleList
from reader.widgets.detail import RelatedItem
from reader.widgets.footer import Footer
from tests.app.helpers import (
    FakeBrowser,
    articles,
    detail_text,
    highlighted_title,
    make_app,
    notifications,
    settle,
    topics,
    wait_until,
)
from tests.conftest import CardWriter, card_fields, frozen_clock

FT_URL = "https://www.ft.com/content/db8bfc3c-4cf4-11ea-95a0-43d18ec715f5"
MET = "Met Police rolls out live facial recognition in London"


@pytest.fixture
def no_clipboard_tool(monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(text: str) -> None:
        raise pyperclip.PyperclipException("could not find a copy/paste mechanism")

    monkeypatch.setattr(pyperclip, "copy", fail)


@pytest.fixture
def three(write_card: CardWriter, tmp_path: Path) -> Path:
    write_card("a.txt", **card_fields("Warm story", 50, topics=["Science"]))
    write_card("b.txt", **card_fields("Hot story", 90, topics=["World", "Science"]))
    write_card("c.txt", **card_fields("Cool story", 10, webUrl="javascript:alert(1)"))
    return tmp_path / "cards"


async def test_reference_card_at_start(seeds: Path) -> None:
    app = make_app(seeds)
    async with app.run_test(size=(120, 35)) as pilot:
        await settle(pilot)
        assert articles(app).has_focus
        assert highlighted_title(app) == MET
        await settle(pilot)
        shown = detail_text(app)
        for expected in (MET, "The Financial Times · ft.com", "2020-02-12 04:00 UTC (6 y ago)",
                         "heat 99 · quality 59 · AI, Computer Vision",
                         "This is the Met Police’s first live deployment", "Article  www.ft.com",
                         "Related (4)", "Raleigh police stop using"):
            assert expected in shown, expected
        # reading order: the story, then related coverage, then the links (hosts, not URLs)
        assert shown.index("first live deployment") < shown.index("Raleigh police stop using") \
            < shown.index("Article  www.ft.com") and FT_URL not in shown
        assert [row[0].label for row in topics(app).rows] == ["All", "★ Starred", "AI",
                                                              "Computer Vision"]
        related = list(app.main_screen.query(RelatedItem))
        assert len(related) == 4
        assert [r.has_class("-same") for r in related] == [True, False, False, False]
        assert "same story" in str(related[0].visual)


async def test_hottest_first_and_moving(three: Path) -> None:
    app = make_app(three)
    async with app.run_test() as pilot:
        await settle(pilot)
        assert highlighted_title(app) == "Hot story"
        await pilot.press("j")
        assert highlighted_title(app) == "Warm story"
        await settle(pilot)
        assert "About Warm story." in detail_text(app)
        await pilot.press("G")
        assert highlighted_title(app) == "Cool story"
        await pilot.press("k")
        assert highlighted_title(app) == "Warm story"
        await pilot.press("g")
        assert highlighted_title(app) == "Hot story"
        await pilot.press("end", "home", "pagedown")
        assert highlighted_title(app) == "Cool story"
        await pilot.press("pageup", "down", "up")
        assert highlighted_title(app) == "Hot story"


async def test_topic_filters_and_enter_moves_to_the_list(three: Path) -> None:
    app = make_app(three)
    async with app.run_test(size=(160, 35)) as pilot:
        await settle(pilot)
        assert [(r[0].label, r[2]) for r in topics(app).rows] == [
            ("All", 3), ("★ Starred", 0), ("Science", 2), ("World", 2)]
        await pilot.press("shift+tab")
        assert topics(app).has_focus
        await pilot.press("j", "j")
        assert [app.session.library[i].title for i in articles(app).view] == ["Hot story", "Warm story"]
        await pilot.press("j", "enter")
        assert articles(app).has_focus
        assert [app.session.library[i].title for i in articles(app).view] == ["Hot story", "Cool story"]


async def test_open_hands_the_url_to_the_browser(seeds: Path, browser: FakeBrowser) -> None:
    app = make_app(seeds)
    async with app.run_test() as pilot:
        await settle(pilot)
        await pilot.press("o")
        await settle(pilot)
        assert browser.opened == [FT_URL]
        await pilot.press("enter")  # Enter reads it here (the reading view), o in the browser
        await settle(pilot)
        assert browser.opened == [FT_URL]
        assert type(app.screen).__name__ == "ReadingScreen"


async def test_text_browser_runs_with_the_app_suspended(seeds: Path, browser: FakeBrowser,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    browser.name = "/usr/bin/w3m"
    app = make_app(seeds)
    suspended: list[bool] = []
    async with app.run_test() as pilot:
        await settle(pilot)
        original = app.suspend

        def spy():  # type: ignore[no-untyped-def]
            suspended.append(True)
            return original()

        monkeypatch.setattr(app, "suspend", spy)
        await pilot.press("o")
        await settle(pilot)
        assert suspended == [True] and browser.opened == [FT_URL]


async def test_non_http_links_are_refused(three: Path, browser: FakeBrowser,
                                          clipboard: list[str]) -> None:
    app = make_app(three)
    async with app.run_test() as pilot:
        await settle(pilot)
        await pilot.press("G", "o", "c")
        await settle(pilot)
        assert browser.opened == [] and clipboard == []
        assert any("only http and https links" in n for n in notifications(app))


async def test_copy_uses_the_clipboard(seeds: Path, clipboard: list[str]) -> None:
    app = make_app(seeds)
    async with app.run_test() as pilot:
        await settle(pilot)
        await pilot.press("c")
        assert clipboard == [FT_URL]
        assert f"Copied {FT_URL}" in notifications(app)


async def test_copy_falls_back_to_the_terminal(seeds: Path, no_clipboard_tool: None) -> None:
    app = make_app(seeds)
    async with app.run_test() as pilot:
        await settle(pilot)
        await pilot.press("c")
        assert app.clipboard == FT_URL
        assert any("through the terminal (OSC 52)" in n for n in notifications(app))


async def test_related_items_open_and_copy_their_own_link(seeds: Path, browser: FakeBrowser,
                                                          clipboard: list[str]) -> None:
    app = make_app(seeds)
    async with app.run_test(size=(120, 35)) as pilot:
        await settle(pilot)
        await pilot.press("tab", "tab", "tab")  # list → story → first related → second related
        focused = app.focused
        assert isinstance(focused, RelatedItem)
        assert focused.related.title.startswith("Raleigh police")
        await pilot.press("o", "c")
        await settle(pilot)
        raleigh = "https://www.newsobserver.com/news/local/crime/article240221072.html"
        assert browser.opened == [raleigh] and clipboard == [raleigh]


async def test_tab_cycles_the_panes(seeds: Path) -> None:
    app = make_app(seeds)
    async with app.run_test(size=(160, 35)) as pilot:
        await settle(pilot)
        await pilot.press("tab")
        assert app.focused is not None and app.focused.id == "detail"
        await pilot.press("shift+tab", "shift+tab")
        assert topics(app).has_focus


async def test_sort_key_cycles_and_keeps_the_card(three: Path) -> None:
    app = make_app(three)
    async with app.run_test() as pilot:
        await settle(pilot)
        await pilot.press("j", "s", "s")
        assert app.main_screen.sort == "date" and highlighted_title(app) == "Warm story"
        await pilot.press("s", "s")
        assert [app.session.library[i].title for i in articles(app).view] == [
            "Cool story", "Hot story", "Warm story"]


async def test_help_lists_every_key(seeds: Path) -> None:
    app = make_app(seeds)
    async with app.run_test(size=(100, 50)) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        keys = {keys for keys, _ in app.screen.rows()}
        for key in ("↑ k", "↓ j", "Home g", "End G", "PgUp", "PgDn", "Enter", "Tab", "o",
                    "c", "s", "b", "z", "v", "[", "]", "Space", "q", "?", "p", "Ctrl+P"):
            assert key in keys, key
        await pilot.press("escape")
        assert not isinstance(app.screen, HelpScreen)


async def test_skipped_files_are_counted_and_listed(write_card: CardWriter, tmp_path: Path) -> None:
    write_card("good.txt", **card_fields("Good"))
    (tmp_path / "cards" / "[bold red]bad.txt").write_text("no front matter")
    app = make_app(tmp_path / "cards")
    async with app.run_test() as pilot:
        await settle(pilot)
        assert "1 file(s) skipped" in str(app.main_screen.query_one("#status", Static).visual)
        assert sum("press p" in n for n in notifications(app)) == 1
        await pilot.press("p")
        assert isinstance(app.screen, ProblemsScreen)
        await pilot.pause()
        problem_list = app.screen.query_one(ProblemList)
        lines = "\n".join(problem_list.render_line(y).text for y in range(3))
        assert "[bold red]bad.txt" in lines and "no front matter" in lines


async def test_sidebar_toggles(seeds: Path) -> None:
    app = make_app(seeds)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert not topics(app).display or topics(app).region.width == 0
        await pilot.press("b")
        await pilot.pause()
        assert topics(app).region.width > 0
        await pilot.press("b")
        await pilot.pause()
        assert topics(app).region.width == 0


async def test_quit(seeds: Path) -> None:
    app = make_app(seeds)
    async with app.run_test() as pilot:
        await settle(pilot)
        await pilot.press("q")
        await pilot.pause()
    assert app.return_code == 0


async def test_cards_that_arrive_as_the_reader_quits_are_not_drawn(
        write_card: CardWriter, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Found in CI: a load still running as the reader quit drew the list on a screen being
    # taken down, and the test's exit raised NoMatches("No nodes match 'TopicList'").
    import threading
    import time

    import reader.loading
    from reader.core.load import Batch
    from reader.core.load import load as real_load
    from reader.screens.main import MainScreen

    write_card("a.txt", **card_fields("Card A", heat=5))
    parsed, late = threading.Event(), threading.Event()
    drawn_after_quit: list[str] = []
    refresh_views = MainScreen.refresh_views

    def load(*args: object, on_progress: Callable[[Batch], None], **kwargs: object) -> object:
        result = real_load(*args, on_progress=on_progress, **kwargs)  # type: ignore[arg-type]
        parsed.set()
        quitting = time.monotonic() + 10
        while app.is_running and time.monotonic() < quitting:  # until the quit has begun:
            time.sleep(0.01)  # not a fixed wait
        late.set()
        on_progress(Batch([], 1, 1, stored=1))
        return result

    def refresh(screen: MainScreen, **kwargs: bool | None) -> None:
        if late.is_set():
            drawn_after_quit.append("refresh_views")
        refresh_views(screen, **kwargs)

    monkeypatch.setattr(reader.loading, "load", load)
    monkeypatch.setattr(MainScreen, "refresh_views", refresh)
    app = make_app(tmp_path / "cards")
    async with app.run_test() as pilot:
        await wait_until(pilot, parsed.is_set)
        await pilot.press("q")
    assert late.is_set() and app.return_code == 0
    assert drawn_after_quit == []


async def test_worker_processes_start_inside_the_app(write_card: CardWriter, tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    # Textual replaces sys.stderr with a capture whose fileno() is -1; starting the first worker
    # process from inside the app once failed on it, and loading stopped with nothing shown.
    from reader.core import pool as load_module

    monkeypatch.setattr(load_module, "PARALLEL_THRESHOLD", 2)
    monkeypatch.setattr(load_module, "CHUNK", 2)
    for number in range(6):
        write_card(f"{number}.txt", **card_fields(f"Card {number}", heat=number))
    app = NewsReader([str(tmp_path / "cards")], clock=frozen_clock, jobs=2)
    async with app.run_test() as pilot:
        await settle(pilot)
        assert len(articles(app).view) == 6 and highlighted_title(app) == "Card 5"
        assert not any("stopped" in n for n in notifications(app))


async def test_the_footer_keeps_help_on_a_narrow_terminal(seeds: Path) -> None:
    app = make_app(seeds)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        footer = "".join(strip.text for strip in app.screen._compositor.render_strips()[-1:])
        assert "? Help" in footer and "o Open" in footer and "/ Search" in footer
        assert "Skipped" not in footer  # nothing was skipped


async def test_a_click_highlights_the_row_under_the_pointer(three: Path, browser: FakeBrowser,
                                                            ) -> None:
    # The list has a border: the first row is on the second line of the widget. A click once
    # landed one row low (STRUCTURE.md 3.3).
    app = make_app(three)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        assert await pilot.click(ArticleList, offset=(10, 2))
        await settle(pilot)
        assert highlighted_title(app) == "Warm story"  # the second row
        assert await pilot.click(ArticleList, offset=(10, 0))  # the border: nothing moves
        await settle(pilot)
        assert highlighted_title(app) == "Warm story"
        assert await pilot.double_click(ArticleList, offset=(10, 1))
        await settle(pilot)
        assert type(app.screen).__name__ == "ReadingScreen"  # a double-click reads the card
        await pilot.press("escape")
        assert highlighted_title(app) == "Hot story"


async def test_o_and_c_act_on_the_version_the_story_pane_shows(three: Path, browser: FakeBrowser,
                                                               clipboard: list[str]) -> None:
    # The list was read (from the index) before the file changed; the story pane reads the file
    # when it shows the card: o and c must use what the pane shows (issue 17.14).
    app = make_app(three)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        warm = three / "a.txt"
        warm.write_text(warm.read_text().replace("https://news.example/warm-story",
                                                 "https://v2.news.example/warm-story"))
        await pilot.press("j")
        await settle(pilot)
        assert highlighted_title(app) == "Warm story"
        assert "Article  v2.news.example" in detail_text(app)
        await pilot.press("o", "c", "C")
        await settle(pilot)
    assert browser.opened == ["https://v2.news.example/warm-story"]
    assert clipboard == ["https://v2.news.example/warm-story",
                         "[Warm story](https://v2.news.example/warm-story)"]


async def test_dialogs_opened_and_closed_do_not_pile_up_in_memory(
        seeds: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Textual's footer kept every key it ever drew (~0.5 MB per dialog); found in a 20-minute
    # walk over the keys, where the reader grew to 340 MB. Each dialog has a footer of its own.
    import gc
    import weakref

    from reader.widgets.footer import FooterKeys

    made: weakref.WeakSet[Footer] = weakref.WeakSet()
    init = Footer.__init__

    def counted(self: Footer, *args: Any, **kwargs: Any) -> None:
        init(self, *args, **kwargs)
        made.add(self)

    monkeypatch.setattr(Footer, "__init__", counted)

    def footers_in_memory() -> int:
        gc.collect()
        return len(made)

    app = make_app(seeds)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        keys = app.main_screen.query_one(FooterKeys)
        wide = len(keys.keys)
        counts = []
        for rounds in (1, 2):
            for _ in range(rounds):
                await pilot.press("question_mark", "escape", "l", "escape")
                await pilot.resize_terminal(60, 30)  # fewer keys fit: the footer draws again
                await wait_until(pilot, lambda: 2 <= len(keys.keys) < wide)
                await pilot.resize_terminal(100, 30)
                await wait_until(pilot, lambda: len(keys.keys) == wide)
            await settle(pilot)
            assert app.screen is app.main_screen
            counts.append(footers_in_memory())
    assert counts == [1, 1]  # the main screen's: the dialogs' went with them


async def test_an_empty_result_says_no_cards_match_with_the_query(seeds: Path) -> None:
    """Issue 27: newer:7d on old cards blanked both panes."""
    from reader.widgets.articles import ArticleList

    app = make_app(seeds)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"newer:7d", "enter")
        listing = app.main_screen.query_one(ArticleList)
        await wait_until(pilot, lambda: len(listing.view) == 0)
        await pilot.pause()
        assert listing.render_line(0).text.strip() == "No cards match “newer:7d”"


@pytest.mark.parametrize("use_index", [True, False])
async def test_a_restart_comes_back_to_the_card_being_read(
        write_card: CardWriter, tmp_path: Path, use_index: bool) -> None:
    """Issue 27: after a restart the cursor went back to the first row."""
    for title, heat in (("Hot story", 90), ("Warm story", 50), ("Cool story", 10)):
        write_card(f"{heat}.txt", **card_fields(title, heat))
    cards = tmp_path / "cards"
    app = NewsReader([str(cards)], clock=frozen_clock, jobs=1, use_index=use_index)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("j", "j")
        assert highlighted_title(app) == "Cool story"
    again = NewsReader([str(cards)], clock=frozen_clock, jobs=1, use_index=use_index)
    async with again.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert highlighted_title(again) == "Cool story"
        await pilot.press("k")  # and the keys move from there
        assert highlighted_title(again) == "Warm story"
