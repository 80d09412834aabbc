"""The lead picture on screen (issue 26, part 2): drawn in half cells (textual-image's renderer,
as with no terminal) in the story pane and the reading view; i hides and shows it; with
images = "off" no picture is asked of any server; a picture that cannot be shown is said in the
reading view."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Static
from textual_image.widget import HalfcellImage

from reader.app import NewsReader
from reader.core.config import Config
from reader.screens.reading import ReadingScreen
from reader.widgets.picture import Picture
from tests.app.helpers import articles, settle, wait_until
from tests.conftest import CardWriter, card_fields, frozen_clock
from tests.feeds.server import Server, body
from tests.reading.test_pictures import png


def library(write_card: CardWriter, tmp_path: Path, server: Server) -> Path:
    server.routes["/lead.png"] = body(png(320, 160), "image/png")
    server.routes["/broken.png"] = body(b"not a picture", "image/png")
    write_card("a.txt", **card_fields("With a picture", 90, images=[
        {"url": server.url("/lead.png"), "width": 320, "height": 160}]))
    write_card("b.txt", **card_fields("Its picture is broken", 50, webUrl=server.url("/blog"),
                                      images=[{"url": server.url("/broken.png")}]))
    return tmp_path / "cards"


def drawn(picture: Picture) -> bool:
    return bool(picture.display and picture.query(HalfcellImage))


def pictures_asked(server: Server) -> list[str]:
    return [path for path in server.log.paths() if path.endswith(".png")]


@pytest.mark.usefixtures("pictures")
async def test_the_story_pane_draws_the_lead_picture_and_i_hides_it(
        write_card: CardWriter, tmp_path: Path, server: Server) -> None:
    app = NewsReader([str(library(write_card, tmp_path, server))], clock=frozen_clock, jobs=1)
    async with app.run_test(size=(120, 35)) as pilot:
        await settle(pilot)
        picture = app.main_screen.query_one("#detail-picture", Picture)
        assert articles(app).current is not None
        await wait_until(pilot, lambda: drawn(picture))
        await pilot.press("i")
        assert not picture.display and not picture.query(HalfcellImage)
        await pilot.press("j")  # another card while hidden: its picture is not asked for
        await settle(pilot)
        assert pictures_asked(server) == ["/lead.png"]
        await pilot.press("k", "i")
        await wait_until(pilot, lambda: drawn(picture))  # from the cache: no new request
        assert pictures_asked(server) == ["/lead.png"]


@pytest.mark.usefixtures("pictures")
async def test_the_reading_view_draws_it_and_says_why_when_it_cannot(
        write_card: CardWriter, tmp_path: Path, server: Server) -> None:
    app = NewsReader([str(library(write_card, tmp_path, server))], clock=frozen_clock, jobs=1)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        assert isinstance(app.screen, ReadingScreen)
        picture = app.screen.query_one("#reading-picture", Picture)
        await wait_until(pilot, lambda: drawn(picture), limit=15)
        await pilot.press("escape", "j", "enter")
        picture = app.screen.query_one("#reading-picture", Picture)
        await wait_until(pilot, lambda: bool(picture.why), limit=15)
        said = str(picture.query_one(Static).visual)
        assert said.startswith("The picture cannot be read (") and not drawn(picture)


@pytest.mark.usefixtures("pictures")
async def test_images_off_asks_no_server_for_a_picture(
        write_card: CardWriter, tmp_path: Path, server: Server) -> None:
    config = Config(tmp_path / "config.toml", images="off")
    app = NewsReader([str(library(write_card, tmp_path, server))], clock=frozen_clock, jobs=1,
                     config=config)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("j", "enter")  # the card whose page has a picture too (og:image)
        await wait_until(pilot, lambda: isinstance(app.screen, ReadingScreen)
                         and app.screen.article is not None, limit=15)
        await pilot.press("escape", "k", "enter")
        await settle(pilot)
        assert pictures_asked(server) == []
        assert not app.screen.query_one(Picture).display
