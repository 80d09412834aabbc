"""A living library (issue 15, its first part): cards written, rewritten and removed while the
reader runs show in place, the cursor staying on the card being read; a file still being
written is read once it settles, not reported as broken; R checks the folders at once."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

import reader.app
import reader.loading
from reader.core import watch as watching_module
from reader.core.db import index_file
from tests.app.helpers import articles, highlighted_title, make_app, settle, wait_until
from tests.conftest import CardWriter, card_fields


@pytest.fixture
def watching(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(reader.loading, "watch", watching_module.watch)


@pytest.fixture
def three(write_card: CardWriter, tmp_path: Path) -> Path:
    write_card("a.txt", **card_fields("Hot story", 90))
    write_card("b.txt", **card_fields("Warm story", 50))
    write_card("c.txt", **card_fields("Cool story", 10))
    return tmp_path / "cards"


def titles(app: reader.app.NewsReader) -> list[str]:
    return [app.session.library[i].title for i in articles(app).view]


async def test_cards_written_rewritten_and_removed_show_in_place(
        watching: None, three: Path, write_card: CardWriter) -> None:
    app = make_app(three)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        await pilot.press("j")
        assert highlighted_title(app) == "Warm story"
        write_card("d.txt", **card_fields("Breaking story", 999))
        await wait_until(pilot, lambda: titles(app)[:1] == ["Breaking story"], limit=15)
        assert highlighted_title(app) == "Warm story"  # the cursor stays on its card
        write_card("c.txt", **card_fields("Cool story", 95))  # heat rose
        await wait_until(pilot, lambda: titles(app)[1:2] == ["Cool story"], limit=15)
        assert highlighted_title(app) == "Warm story"
        (three / "a.txt").unlink()
        await wait_until(pilot, lambda: "Hot story" not in titles(app), limit=15)
        assert titles(app) == ["Breaking story", "Cool story", "Warm story"]
        assert highlighted_title(app) == "Warm story"


async def test_a_half_written_file_is_read_once_it_settles(watching: None, three: Path) -> None:
    app = make_app(three)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        half = three / "e.txt"
        half.write_text("---\ntitle: Half written\nheat: 70\n", encoding="utf-8")  # no end yet
        await wait_until(pilot, lambda: any(p.path == str(half) for p in app.session.problems),
                         limit=15)
        problem = next(p for p in app.session.problems if p.path == str(half))
        assert problem.transient and "still being written" in problem.reason
        half.write_text("---\ntitle: Half written\nheat: 70\n---\n", encoding="utf-8")
        await wait_until(pilot, lambda: "Half written" in titles(app), limit=15)
        assert not any(p.path == str(half) for p in app.session.problems)


async def test_R_checks_the_folders_now(three: Path, write_card: CardWriter) -> None:
    app = make_app(three)  # no watching here: only R brings the new card
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        write_card("d.txt", **card_fields("Breaking story", 999))
        await pilot.press("R")
        await wait_until(pilot, lambda: titles(app)[:1] == ["Breaking story"])
        assert highlighted_title(app) == "Hot story"


async def test_an_alerting_saved_search_notifies_and_rings_when_a_card_matches(
        watching: None, three: Path, write_card: CardWriter,
        monkeypatch: pytest.MonkeyPatch) -> None:
    app = make_app(three)
    rings: list[bool] = []
    monkeypatch.setattr(app, "bell", lambda: rings.append(True))
    async with app.run_test(size=(160, 30)) as pilot:
        await settle(pilot)
        assert app.session.save_search("breaking", "breaking heat>50") is None
        app.main_screen.refresh_views()
        await pilot.press("shift+tab", "j", "j")  # All, Starred, the saved search
        assert app.main_screen.query_one("#topics").current.name == "breaking"  # type: ignore[attr-defined]
        await pilot.press("a")
        assert app.session.saved("breaking").alert  # type: ignore[union-attr]
        write_card("quiet.txt", **card_fields("Breaking but cool", 10))  # matches no alert
        await wait_until(pilot, lambda: "Breaking but cool" in library_titles(app), limit=15)
        assert rings == []
        write_card("d.txt", **card_fields("Breaking story", 999))
        await wait_until(pilot, lambda: any("⚑ breaking" in n.message
                                            for n in app._notifications), limit=15)
        message = next(n.message for n in app._notifications if "⚑ breaking" in n.message)
        assert "1 new or changed card(s) match" in message and "Breaking story" in message
        assert rings == [True]
        for heat in range(1000, 1005):  # rewritten again and again: no bell storm (issue 28)
            write_card("d.txt", **card_fields("Breaking story", heat))
            await wait_until(pilot, lambda heat=heat: heats(app).get("Breaking story") == heat,  # type: ignore[misc]
                             limit=15)
        assert rings == [True]
        assert sum("⚑ breaking" in n.message for n in app._notifications) == 1


def heats(app: reader.app.NewsReader) -> dict[str, float | None]:
    library = app.session.library
    return {library[number].title: library[number].heat for number in library.view()}


def library_titles(app: reader.app.NewsReader) -> list[str]:
    """The titles of every card the reader holds (its library is another once read again)."""
    library = app.session.library
    return [library[number].title for number in library.view()]


def row(app: reader.app.NewsReader, title: str) -> str:
    listing = articles(app)
    for position, index in enumerate(listing.view):
        if app.session.library[index].title == title:
            return "".join(s.text for s in listing.render_row(position, 100))
    return ""


async def test_heat_that_moved_since_the_card_was_read_shows_on_its_row(
        watching: None, three: Path, write_card: CardWriter) -> None:
    app = make_app(three)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        await pilot.press("j")  # the user looks at the warm story (heat 50)
        await settle(pilot)
        assert app.session.seen_heat.get(articles(app).current.story) == 50  # type: ignore[union-attr]
        write_card("b.txt", **card_fields("Warm story", 72))
        await wait_until(pilot, lambda: "▲22 Warm story" in row(app, "Warm story"), limit=15)
        write_card("c.txt", **card_fields("Cool story", 5))  # never read: since it came (10)
        await wait_until(pilot, lambda: "   5 ▼5 Cool story" in row(app, "Cool story"), limit=15)


async def test_the_rising_sort_puts_what_gained_most_since_the_session_began_first(
        three: Path, write_card: CardWriter) -> None:
    from reader.core.load import load

    first = make_app(three)  # a first session: each story's heat is remembered
    async with first.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
    write_card("c.txt", **card_fields("Cool story", 60))  # +50 since then
    write_card("b.txt", **card_fields("Warm story", 45))  # -5
    load([str(three)])
    app = make_app(three)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        assert titles(app) == ["Hot story", "Cool story", "Warm story"]  # by heat
        for _ in range(5):
            await pilot.press("s")
        await settle(pilot)
        assert app.main_screen.sort == "rising"
        assert titles(app) == ["Cool story", "Hot story", "Warm story"]
        assert "by rising" in str(articles(app).border_title)
        await pilot.press("j")  # reading a card does not move it: the baseline is the session's
        await settle(pilot)
        assert titles(app) == ["Cool story", "Hot story", "Warm story"]


async def test_a_folder_deleted_and_made_again_shows_its_new_cards_without_R(
        watching: None, three: Path, write_card: CardWriter) -> None:
    """Issue 28: after rm -rf of the watched folder its cards stayed, and once it came back
    nothing showed until R: watching had ended with it."""
    app = make_app(three)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        assert sorted(titles(app)) == ["Cool story", "Hot story", "Warm story"]
        shutil.rmtree(three)
        await wait_until(pilot, lambda: titles(app) == [], limit=15)
        assert any("is gone: its cards left the list" in n.message for n in app._notifications)
        three.mkdir()
        write_card("new.txt", **card_fields("Back again", 40))
        await wait_until(pilot, lambda: titles(app) == ["Back again"], limit=15)
        assert any("is back" in n.message for n in app._notifications)


async def test_a_folder_replaced_by_another_is_still_watched(
        watching: None, three: Path, write_card: CardWriter, tmp_path: Path) -> None:
    """A sync tool or git checkout swaps the folder for another: live updates go on."""
    app = make_app(three)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        other = tmp_path / "other"
        other.mkdir()
        (other / "swap.txt").write_text("---\ntitle: Swapped in\nheat: 30\n---\n", encoding="utf-8")
        os.rename(three, tmp_path / "old")
        os.rename(other, three)
        await wait_until(pilot, lambda: titles(app) == ["Swapped in"], limit=15)
        write_card("later.txt", **card_fields("Written later", 60))
        await wait_until(pilot, lambda: titles(app)[:1] == ["Written later"], limit=15)


async def test_an_index_replaced_by_a_folder_is_said_and_new_cards_show_anyway(
        three: Path, write_card: CardWriter) -> None:
    """Issue 28: new cards never showed, R included, and nothing was said."""
    app = make_app(three)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        database = index_file(None, None)
        assert database.is_file()
        for leftover in database.parent.glob(database.name + "*"):
            leftover.unlink()
        database.mkdir()
        write_card("d.txt", **card_fields("Breaking story", 999))
        await pilot.press("R")
        await wait_until(pilot, lambda: titles(app)[:1] == ["Breaking story"], limit=15)
        assert any("cannot be written" in n.message and "temporary index" in n.message
                   for n in app._notifications)
        assert highlighted_title(app) == "Hot story"
        write_card("e.txt", **card_fields("Another one", 500))
        await pilot.press("R")
        await wait_until(pilot, lambda: "Another one" in titles(app), limit=15)
        assert sum("cannot be written" in n.message for n in app._notifications) == 1
