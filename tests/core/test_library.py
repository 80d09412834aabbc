"""Views: topics with counts, heat order with ties broken by date, total orders for any values."""

from __future__ import annotations

from datetime import UTC, datetime

from reader.core.card import Entry
from reader.core.dates import timestamp
from reader.core.sorts import SORTS
from tests.oracle import Reference


def entry(title: str, heat: int = 50, day: int | None = 1, topics: tuple[str, ...] = (),
          quality: int | None = 50, public: bool = True) -> Entry:
    published = datetime(2020, 1, day, tzinfo=UTC) if day else None
    return Entry(path=f"/{title}", title=title, url="", heat=heat, quality=quality,
                 when=timestamp(published), provider="", domain="", topics=topics, public=public,
                 video=False, search=b"", story=f"/{title}")


def titles(library: Reference, topic: str | None = None, sort: str = "heat") -> list[str]:
    return [library[i].title for i in library.view(topic, sort)]


def test_heat_order_ties_newest_first_unknown_dates_last() -> None:
    library = Reference([entry("cold", 10), entry("old", 90, 1), entry("new", 90, 9),
                       entry("undated", 90, None)])
    assert titles(library) == ["new", "old", "undated", "cold"]


def test_other_sorts() -> None:
    library = Reference([entry("b", 10, 5, quality=None), entry("a", 20, 1, quality=80),
                       entry("c", 30, 9, quality=10)])
    assert titles(library, sort="date") == ["c", "b", "a"]
    assert titles(library, sort="quality") == ["a", "c", "b"]
    assert titles(library, sort="title") == ["a", "b", "c"]
    assert SORTS == ("heat", "hot", "date", "quality", "title", "rising")


def test_rising_orders_by_heat_gained_since_the_baseline() -> None:
    library = Reference([entry("steady", 90), entry("climber", 40), entry("faller", 70),
                       entry("newcomer", 55), entry("no heat", 50)])
    library.entries[4] = library.entries[4]._replace(heat=None)
    library.baseline = {"/steady": 90, "/climber": 10, "/faller": 95}  # newcomer: no baseline
    library.baseline_version += 1
    # climber +30, steady 0, newcomer 0 (nothing to gain from yet), faller -25, no heat last
    assert titles(library, sort="rising") == ["climber", "steady", "newcomer", "faller",
                                              "no heat"]
    library.baseline["/faller"] = 10.0  # a new baseline: the order is worked out again
    library.baseline_version += 1
    assert titles(library, sort="rising")[0] == "faller"
    assert [library[i].title for i in library.top(2, sort="rising")] == ["faller", "climber"]


def test_topics_count_and_filter_ignoring_case() -> None:
    library = Reference([entry("x", 10, topics=("AI",)), entry("y", 90, topics=("ai", "Vision")),
                       entry("z", 50)])
    assert library.topics() == [("AI", 2), ("Vision", 1)]
    assert titles(library, "AI") == ["y", "x"]
    assert titles(library, "nothing") == []


def test_unpublished_cards_are_hidden_unless_asked() -> None:
    cards = [entry("public"), entry("draft", public=False)]
    assert titles(Reference(cards)) == ["public"]
    assert Reference(cards).hidden_unpublished == 1
    assert sorted(titles(Reference(cards, include_unpublished=True))) == ["draft", "public"]


def test_extending_updates_views() -> None:
    library = Reference([entry("a", 10)])
    assert titles(library) == ["a"]
    library.extend([entry("b", 99, topics=("T",))])
    assert titles(library) == ["b", "a"] and library.topics() == [("T", 1)]


def test_extreme_dates_still_sort() -> None:
    far = [Entry(path=str(y), title=str(y), url="", heat=1, quality=None,
                 when=timestamp(datetime(y, 1, 1, tzinfo=UTC)), provider="", domain="", topics=(),
                 public=True, video=False, search=b"", story=str(y)) for y in (1, 9999, 2020)]
    library = Reference([*far, entry("none", 1, None)])
    assert titles(library, sort="date") == ["9999", "2020", "1", "none"]


def test_top_is_the_start_of_the_view() -> None:
    import random

    rng = random.Random(7)
    library = Reference([entry(f"t{n}", rng.randint(0, 5), rng.choice([None, 1, 2, 3]),
                             topics=rng.choice([(), ("A",), ("a", "B")]),
                             quality=rng.choice([None, 1, 50])) for n in range(300)])
    for sort in SORTS:
        for topic in (None, "a", "b", "none"):
            assert library.top(10, topic, sort) == list(library.view(topic, sort)[:10])


def test_hot_sort_lets_heat_decay_with_age() -> None:
    from reader.core.sorts import hot_score

    now = datetime(2026, 11, 26, tzinfo=UTC).timestamp()
    yesterday = Entry(path="/y", title="yesterday's 99", url="", heat=99, quality=None,
                      when=now - 86400, provider="", domain="", topics=(), public=True,
                      video=False, search=b"", story="/y")
    today = yesterday._replace(path="/t", title="today's 80", heat=80, when=now - 3600,
                               story="/t")
    undated = yesterday._replace(path="/u", title="undated", heat=100, when=float("-inf"),
                                 story="/u")
    library = Reference([yesterday, today, undated])
    library.now = now
    assert titles(library, sort="hot") == ["today's 80", "yesterday's 99", "undated"]
    assert titles(library, sort="heat") == ["undated", "yesterday's 99", "today's 80"]
    assert hot_score(yesterday, now) == 49.5


def test_copies_of_a_story_show_once_the_hottest_whatever_the_order() -> None:
    first = entry("cool copy", 10, topics=("AI",))._replace(story="https://x.test/s")
    second = entry("hot copy", 90, topics=("AI",))._replace(story="https://x.test/s")
    other = entry("other", 50, topics=("AI",))
    for order in ([first, second, other], [second, other, first]):
        library = Reference(order)
        assert titles(library) == ["hot copy", "other"] and library.stories == 2
        assert titles(library, "AI") == ["hot copy", "other"]
        assert library.topics() == [("AI", 2)]
        hot = next(i for i, e in enumerate(library.entries) if e.title == "hot copy")
        assert [library[i].title for i in library.copies(hot)] == ["cool copy"]
        assert library.top(1) == [hot]
    everything = Reference([first, second, other], all_copies=True)
    assert titles(everything) == ["hot copy", "other", "cool copy"]


def test_fast_sort_keys_give_exactly_the_full_order() -> None:
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from reader.core.sorts import keys_for

    when = st.sampled_from([float("-inf"), -6.2e10, 0.0, 1.58e9, 1.58e9 + 1, 2.5e11])
    # Scores as published cards hold them: unbounded, negative, fractional, missing.
    scores = st.one_of(st.none(), st.integers(-3, 3), st.sampled_from([189, 4444, 10**15, -10**15]),
                       st.sampled_from([12.5, 12.3, 12.0, -1.5, 0.1, 1e15, 2.999999]))
    entries = st.lists(st.builds(
        lambda n, heat, quality, moment, title: Entry(
            path=f"/{n}", title=title, url="", heat=heat, quality=quality, when=moment,
            provider="", domain="", topics=(), public=True, video=False, search=b"", story=f"/{n}"),
        st.integers(0, 10**6), scores, scores, when,
        st.sampled_from(["a", "A", "b", "é"])), max_size=40, unique_by=lambda e: e.path)

    baselines = st.lists(st.sampled_from([0.0, 12.5, 3.0, -1.0, 189.0, 1e15]), max_size=40)

    @settings(max_examples=300, deadline=None)
    @given(entries, baselines)
    def check(cards: list[Entry], heats: list[float]) -> None:
        library = Reference(cards)
        library.now = 1.6e9
        library.baseline = {card.story: heat for card, heat in zip(cards, heats, strict=False)}
        for sort in SORTS:
            key, _ = keys_for(sort, 1.6e9, library.baseline)
            expected = sorted(range(len(cards)), key=lambda i: key(cards[i]))
            assert library.order(sort) == expected, sort

    check()
