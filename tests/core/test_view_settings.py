"""View settings kept across starts, the title order, and how ages read (issue 12)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from reader.core.dates import age_text, short_age, when_text
from reader.core.session import Session
from reader.core.sorts import title_order
from reader.core.state import State
from reader.core.view_settings import ViewSettings

NOW = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)


def test_settings_come_back_after_a_restart_and_the_config_gives_the_first_ones() -> None:
    state, _ = State.open()
    first = ViewSettings.load(state, sort="hot", hide_read=True)
    assert (first.sort, first.hide_read, first.layout, first.sidebar) == ("hot", True, "auto", None)
    chosen = ViewSettings(sort="title", hide_read=False, layout="stacked", sidebar=False)
    chosen = chosen.resized("stacked", 10).resized("side", -100)
    assert Session(state).keep_view(chosen) is None
    state.close()
    state, _ = State.open()
    again = ViewSettings.load(state, sort="hot", hide_read=True)  # the reader's choice wins
    assert again == chosen and again.split("stacked") == 80 and again.split("side") == 20
    state.close()


def test_a_damaged_setting_is_ignored_not_an_error() -> None:
    state, _ = State.open()
    for name, value in (("view.sort", "random"), ("view.layout", "diagonal"),
                        ("view.split.side", "999"), ("view.split.stacked", "-5"),
                        ("view.hide_read", "perhaps"), ("view.sidebar", "")):
        state.set_setting(name, value)
    loaded = ViewSettings.load(state, sort="date", hide_read=True)
    assert loaded == ViewSettings(sort="date", hide_read=True)
    state.close()


def test_auto_layout_and_sidebar_follow_the_width() -> None:
    settings = ViewSettings()
    assert [settings.shown_layout(width) for width in (40, 80, 99, 100, 200)] == [
        "stacked", "stacked", "stacked", "side", "side"]
    assert [settings.sidebar_shown(width) for width in (80, 149, 150)] == [False, False, True]
    chosen = ViewSettings(layout="side", sidebar=True)
    assert chosen.shown_layout(40) == "side" and chosen.sidebar_shown(40)


def test_the_title_order_skips_leading_quotes_and_punctuation_and_folds_accents() -> None:
    titles = ['"Zebra" crossing', "apple", "École", "¿Qué pasa?", "'Banana'", "...", "Ärger"]
    assert sorted(titles, key=title_order) == [
        "...", "apple", "Ärger", "'Banana'", "École", "¿Qué pasa?", '"Zebra" crossing']


def test_a_future_date_reads_in_not_ago() -> None:
    future, past = NOW + timedelta(days=3 * 366), NOW - timedelta(days=3 * 366)
    assert age_text(future, NOW) == "in 3 y" and age_text(past, NOW) == "3 y ago"
    assert when_text(future, NOW).endswith("(in 3 y)") and "ago" not in when_text(future, NOW)
    assert short_age(future, NOW) == "in 3 y"
    assert short_age(NOW + timedelta(days=300), NOW) == "+9 mo"  # 'in 9 mo' is too wide
    assert age_text(None, NOW) == "date unknown" and age_text(NOW, NOW) == "now"
