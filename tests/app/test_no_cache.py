"""The reader under --no-cache, end to end (issue 25: it had no Pilot test): cards read from
the files alone, marks and search work, and no index is ever written."""

from __future__ import annotations

from pathlib import Path

from reader.app import NewsReader
from reader.core.db import cache_dir
from tests.app.helpers import articles, highlighted_title, settle, wait_until
from tests.conftest import CardWriter, card_fields, frozen_clock


async def test_the_reader_without_the_index(write_card: CardWriter, tmp_path: Path) -> None:
    for title, heat in (("Hot story", 90), ("Warm story", 50), ("Cool story", 10)):
        write_card(f"{heat}.txt", **card_fields(title, heat))
    app = NewsReader([str(tmp_path / "cards")], clock=frozen_clock, jobs=1, use_index=False)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        assert [app.session.library[i].title for i in articles(app).view] == [
            "Hot story", "Warm story", "Cool story"]
        await pilot.press("j", "f")  # star the warm story
        assert highlighted_title(app) == "Warm story"
        assert app.session.library[articles(app).view[1]].story in app.session.state.starred
        await pilot.press("slash", *"cool", "enter")
        await wait_until(pilot, lambda: len(articles(app).view) == 1)
        assert highlighted_title(app) == "Cool story"
        write_card("99.txt", **card_fields("Fresh story", 99))
        await pilot.press("R")  # the search stays: the new card is in the library, not the view
        await wait_until(pilot, lambda: "Fresh story" in [
            app.session.library[i].title for i in app.session.library.view()])
        assert app.index_dir is not None and app.index_dir.name.startswith("newsreader-index-")
        assert highlighted_title(app) == "Cool story"
    assert not cache_dir().exists() or not any(cache_dir().rglob("*.sqlite*"))
