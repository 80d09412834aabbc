"""A folder seen for the first time marks nothing new (issue 27): after the README's try-out on
the bundled card, the user's first real folder had every card 'new'."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from reader.app import NewsReader
from reader.core.views import NEW
from reader.widgets.articles import ArticleList
from tests.app.helpers import settle
from tests.conftest import CardWriter, card_fields, frozen_clock


async def run_once(hours: int, *paths: Path) -> set[str]:
    """One session of the reader at this hour; the titles it shows as new."""
    app = NewsReader([str(p) for p in paths], clock=lambda: frozen_clock() + timedelta(hours=hours),
                     jobs=1)
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(pilot)
        session = app.session
        sidebar = [row[0] for row in session.sidebar()]
        new = {session.library[i].title for i in session.library.view()
               if session.library[i].story in session.new}
        assert (NEW in sidebar) == bool(new)
        return new


@pytest.mark.parametrize("use_index", [True, False])
async def test_the_first_real_folder_after_the_try_out_has_nothing_new(
        seeds: Path, write_card: CardWriter, tmp_path: Path, use_index: bool,
        monkeypatch: pytest.MonkeyPatch) -> None:
    if not use_index:
        monkeypatch.setattr(NewsReader, "__init__", _without_index(NewsReader.__init__))
    assert await run_once(0, seeds) == set()  # the try-out
    for number in range(3):
        write_card(f"{number}.txt", **card_fields(f"Story {number}", 10 * number))
    cards = tmp_path / "cards"
    assert await run_once(1, cards) == set()  # a folder seen for the first time
    write_card("later.txt", **card_fields("Arrived later", 70))
    assert await run_once(2, cards) == {"Arrived later"}  # a known folder: new is new again
    assert await run_once(3, seeds, cards) == set()  # back to a known folder, nothing arrived


def _without_index(init: object) -> object:
    def wrapped(self: NewsReader, *args: object, **kwargs: object) -> None:
        kwargs["use_index"] = False
        init(self, *args, **kwargs)  # type: ignore[operator]
    return wrapped


async def test_a_new_row_keeps_its_title_room(write_card: CardWriter, tmp_path: Path) -> None:
    """Issue 26, point 3: 'new ' took 4 characters of title (56 left at 120x35); ✦ takes the
    column beside the star."""
    long = "A very long title about a story that arrived since the last session " * 2
    write_card("old.txt", **card_fields("Old story", 10))
    cards = tmp_path / "cards"
    assert await run_once(0, cards) == set()
    write_card("new.txt", **card_fields(long.strip(), 90))
    app = NewsReader([str(cards)], clock=lambda: frozen_clock() + timedelta(hours=1), jobs=1)
    async with app.run_test(size=(120, 35)) as pilot:
        await settle(pilot)
        listing = app.main_screen.query_one(ArticleList)
        row = "".join(segment.text for segment in listing.render_row(0, listing.size.width))
        assert row.startswith("●", 0) and row[2] == "✦" and "new " not in row
        shown = row.split(long[:10], 1)[1]
        assert len(long[:10] + shown.split("…")[0]) >= 60
