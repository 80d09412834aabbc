"""Notifications: a burst cannot freeze the reader, and one message is shown once."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from textual.notifications import Notify
from textual.widgets._toast import Toast

from reader.notices import Notice
from tests.app.helpers import articles, make_app, notifications, settle, wait_until


class Racy(Notice):
    """A notification that expired after the toast rack checked it and before its toast was
    mounted (Textual 8.2.8 then made a timer with a negative interval and froze, issue 17.3)."""

    @property
    def has_expired(self) -> bool:
        return False


async def test_a_toast_that_expired_before_it_was_shown_does_not_freeze(seeds: Path) -> None:
    app = make_app(seeds)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        late = Racy("late", timeout=1.0, raised_at=time.time() - 10)
        assert Toast(late)._timeout > 0  # the interval its timer gets
        app.post_message(Notify(late))
        await wait_until(pilot, lambda: late not in app._notifications)  # shown, and gone soon
        await pilot.press("j")
        await settle(pilot)
        assert app.is_running and articles(app).cursor == 0  # the loop still answers keys


async def test_the_same_message_is_renewed_not_stacked(seeds: Path) -> None:
    app = make_app(seeds)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        before = len(notifications(app))
        for _ in range(5):
            await pilot.press("c")
        await settle(pilot)
        copied = [n for n in notifications(app) if n.startswith("Copied ")]
        assert len(copied) == 1 and len(notifications(app)) == before + 1
        assert all(isinstance(n, Notice) for n in app._notifications)


@pytest.mark.parametrize("size", [(80, 24), (120, 35)])
async def test_a_toast_never_paints_over_a_panes_bottom_border(seeds: Path,
                                                              size: tuple[int, int]) -> None:
    """Issue 27: toasts covered the list's bottom border."""
    from reader.widgets.detail import DetailPane

    app = make_app(seeds)
    async with app.run_test(size=size, notifications=True) as pilot:
        await settle(pilot)
        app.notify("A notice long enough to need a few lines of the toast to say it all.")
        await wait_until(pilot, lambda: bool(app.screen.query(Toast)))
        await pilot.pause()
        toast = app.screen.query_one(Toast).region
        for pane in (articles(app), app.main_screen.query_one(DetailPane)):
            border = pane.region.bottom - 1  # the row of the pane's bottom border
            assert not (toast.y <= border < toast.bottom and pane.region.x < toast.right
                        and toast.x < pane.region.right), pane.id
