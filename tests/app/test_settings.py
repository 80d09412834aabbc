"""Config and themes in the running reader: remapped keys, a bad file, the theme kept."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.cli import run
from reader.core.config import config_file
from reader.screens.help import HelpScreen
from tests.app.helpers import (
    FakeBrowser,
    articles,
    configured_app,
    notifications,
    settle,
    write_config,
)

FT = "https://www.ft.com/content/db8bfc3c-4cf4-11ea-95a0-43d18ec715f5"


async def test_a_remapped_key_works_and_help_shows_it(seeds: Path, browser: FakeBrowser) -> None:
    write_config('[keys]\nopen = "x"\ntoggle_star = "ctrl+f"\n')
    app = configured_app(seeds)
    async with app.run_test(size=(100, 50)) as pilot:
        await settle(pilot)
        await pilot.press("o")  # no longer open
        await pilot.press("x")
        await settle(pilot)
        assert browser.opened == [FT]
        await pilot.press("ctrl+f")
        assert app.session.state.starred == {FT}
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        assert ("x", "Open the article in the browser (served: a new tab of your browser)") \
            in app.screen.rows()


async def test_a_bad_config_is_said_and_the_reader_starts(seeds: Path) -> None:
    write_config('sort = "hot"\nhide_read = maybe\n')
    app = configured_app(seeds)
    async with app.run_test() as pilot:
        await settle(pilot)
        assert len(articles(app).view) == 1 and app.main_screen.sort == "heat"
        assert any(f"{config_file()}: line 2" in n for n in notifications(app))


async def test_config_sort_and_hide_read_are_the_start(seeds: Path) -> None:
    write_config('sort = "newest"\nhide_read = true\n')
    app = configured_app(seeds)
    async with app.run_test() as pilot:
        await settle(pilot)
        assert app.main_screen.sort == "date" and app.main_screen.hide_read


async def test_the_theme_chosen_is_kept(seeds: Path) -> None:
    app = configured_app(seeds)
    async with app.run_test() as pilot:
        await settle(pilot)
        app.theme = "nord"
        await pilot.pause()
    again = configured_app(seeds)
    async with again.run_test() as pilot:
        await settle(pilot)
        assert again.theme == "nord"


async def test_a_config_theme_is_never_taken_for_a_choice(
        seeds: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Issue 27: after one run with theme = "nord" in config.toml, --print-config said it was
    chosen in the reader, and config.toml could no longer change the theme."""
    write_config('theme = "nord"\n')
    app = configured_app(seeds)
    async with app.run_test() as pilot:
        await settle(pilot)
        assert app.theme == "nord"
    assert app.session.state.setting("theme") is None
    assert run(["--print-config"]) == 0
    line = next(line for line in capsys.readouterr().out.splitlines() if line.startswith("theme"))
    assert '"nord"' in line and "chosen in the reader" not in line
    write_config('theme = "dracula"\n')  # the config decides again
    again = configured_app(seeds)
    async with again.run_test() as pilot:
        await settle(pilot)
        assert again.theme == "dracula"


async def test_a_bad_config_theme_is_named_even_with_a_choice_saved(seeds: Path) -> None:
    app = configured_app(seeds)
    async with app.run_test() as pilot:
        await settle(pilot)
        app.theme = "nord"  # chosen in the palette
        await pilot.pause()
    write_config('theme = "nosuch"\n')
    again = configured_app(seeds)
    async with again.run_test() as pilot:
        await settle(pilot)
        assert again.theme == "nord"
        assert any("no theme called 'nosuch'" in n for n in notifications(again))


async def test_no_color_is_honoured(seeds: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    app = configured_app(seeds)
    async with app.run_test() as pilot:
        await settle(pilot)
        assert app.no_color and len(articles(app).view) == 1
