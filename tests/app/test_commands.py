"""One command table: every key is a binding with an id from it, and help, the palette, the
footer and the README say the keys it says, after a remap too."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from textual.binding import Binding
from textual.command import CommandList

from reader.app import NewsReader
from reader.commands import BY_ID, COMMANDS, SHIFTED_DIGITS, first_key, ids
from reader.screens.confirm import ConfirmScreen
from reader.screens.feeds import FeedsScreen
from reader.screens.help import HelpScreen
from reader.screens.links import LinksScreen
from reader.screens.main import MainScreen
from reader.screens.name import NameScreen
from reader.screens.problems import ProblemsScreen
from reader.screens.reading import ReadingScreen
from reader.widgets.articles import ArticleList
from reader.widgets.detail import DetailPane, RelatedItem
from reader.widgets.search import SearchLine
from reader.widgets.topics import TopicList
from reader.widgets.virtual_list import VirtualList
from tests.app.helpers import (
    FakeBrowser,
    articles,
    configured_app,
    make_app,
    settle,
    wait_until,
    write_config,
)

FT = "https://www.ft.com/content/db8bfc3c-4cf4-11ea-95a0-43d18ec715f5"
UI = (NewsReader, MainScreen, LinksScreen, HelpScreen, ProblemsScreen, FeedsScreen, ReadingScreen,
      NameScreen,
      ConfirmScreen, VirtualList,
      ArticleList, TopicList, DetailPane, RelatedItem, SearchLine)
README = Path(__file__).parents[2] / "README.md"


def our_bindings() -> list[Binding]:
    return [b for cls in UI for b in cls.BINDINGS if isinstance(b, Binding)]


def test_every_binding_is_a_command_of_the_table() -> None:
    seen = set()
    for binding in our_bindings():
        assert binding.id in BY_ID, binding
        command = BY_ID[binding.id]
        assert (binding.key, binding.action, binding.description) == (
            command.keys, command.action, command.label)
        seen.add(binding.id)
    assert seen == set(ids()), "a command of the table is bound nowhere"


def test_ids_are_unique_and_cover_the_link_numbers() -> None:
    assert len(ids()) == len(COMMANDS)
    assert BY_ID["link_open_3"].keys == "3"
    assert SHIFTED_DIGITS[2] in BY_ID["link_copy_3"].keys


def test_the_readme_key_table_names_every_reading_key() -> None:
    table = README.read_text(encoding="utf-8").split("### Keys", 1)[1].split("###", 1)[0]
    written = set(re.findall(r"`([^`]+)`", table))
    for command in COMMANDS:
        if command.scope in ("main", "app", "list", "topics", "focus", "story"):
            key = first_key(command.keys)
            assert key in written, f"README lacks {key} ({command.id})"


def app_with_keys(seeds: Path, keys: str) -> NewsReader:
    write_config(f"[keys]\n{keys}\n")
    return configured_app(seeds)


def palette_shows(app: NewsReader, text: str) -> bool:
    options = app.screen.query(CommandList)
    return bool(options) and any(
        text in str(option.prompt) for option in options.first()._options)


async def test_the_palette_shows_the_live_key_after_a_remap(seeds: Path,
                                                           browser: FakeBrowser) -> None:
    app = app_with_keys(seeds, 'open = "x"')
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p", *"open article")
        await wait_until(pilot, lambda: palette_shows(
            app, "Open the article in the browser (served: a new tab of your browser) (x)"))
        assert not palette_shows(app, "(o)")
        await pilot.press("enter")
        await settle(pilot)
        assert browser.opened == [FT]


async def test_the_palette_runs_a_command(seeds: Path, clipboard: list[str]) -> None:
    app = make_app(seeds)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p", *"copy url")
        await wait_until(pilot, lambda: palette_shows(
            app, "Copy the article's URL (served: to your browser's clipboard) (c)"))
        await pilot.press("enter")
        await settle(pilot)
        assert clipboard == [FT]


async def test_the_palette_shows_its_text_literally(seeds: Path) -> None:
    """Issue 27: '[title](url)' was read as markup, and the palette showed '(url)'."""
    app = make_app(seeds)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p", *"markdown")
        await wait_until(pilot, lambda: palette_shows(app, "as a Markdown link: [title](url) (C)"))


async def test_select_on_the_article_list_can_be_remapped(seeds: Path) -> None:
    app = app_with_keys(seeds, 'select = "e"')
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        assert isinstance(app.screen, ReadingScreen)


@pytest.mark.parametrize(("keys", "press", "opened"), [
    ('link_open_1 = "w"', ["l", "w"], [FT]),  # the link list's numbers can be remapped
])
async def test_remapped_keys_that_could_not_be_remapped_before(
        seeds: Path, browser: FakeBrowser, keys: str, press: list[str], opened: list[str]) -> None:
    app = app_with_keys(seeds, keys)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert articles(app).has_focus
        await pilot.press(*press)
        await settle(pilot)
        assert browser.opened == opened


async def test_a_remapped_link_copy_key(seeds: Path, clipboard: list[str]) -> None:
    app = app_with_keys(seeds, 'link_copy_1 = "z"')
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("l", "z")
        await settle(pilot)
        assert clipboard == [FT]


async def test_a_clashing_remap_is_refused_and_the_action_keeps_its_key(seeds: Path) -> None:
    write_config('[keys]\ntoggle_star = "j"\n')
    app = configured_app(seeds)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert any("toggle_star = 'j' clashes with cursor_down" in n.message
                   for n in app._notifications)
        await pilot.press("f")
        assert app.session.state.starred == {FT}  # f still stars
