"""Stories across sources (issue 24, point 4): one card per story, the most complete entry
leading, the other sources as related items, heat from coverage, near misses kept apart."""

from __future__ import annotations

import json

import pytest

from reader.cli import run
from reader.core.state import State
from reader.core.subscriptions import Subscriptions
from reader.feeds import run as fetching
from reader.feeds.parse import Entry
from reader.feeds.stories import Source, cluster, shingles, similar
from tests.feeds.server import Server, body

DAY = 86_400.0
NOW = 1_796_300_000.0  # 2026-12-03


def rss(title: str, items: list[tuple[str, str, str]]) -> str:
    """A feed of (title, link, pubDate) items, its site named after its title."""
    site = f"https://{title.lower().replace(' ', '')}.example/"
    return (f'<rss version="2.0"><channel><title>{title}</title><link>{site}</link>' + "".join(
        f"<item><title>{t}</title><link>{link}</link><pubDate>{when}</pubDate>"
        f"<description>About {t}.</description></item>" for t, link, when in items)
        + "</channel></rss>")


TODAY = "Thu, 03 Dec 2026 09:00:00 GMT"
FEEDS = {
    "/ft": rss("The FT", [
        ("Met Police rolls out live facial recognition in London", "https://ft.example/met", TODAY),
        ("Central bank holds rates steady as inflation cools", "https://ft.example/rates", TODAY),
        ("Apple shares fall after earnings", "https://ft.example/apple", TODAY)]),
    "/bbc": rss("BBC News", [
        ("Met Police roll out live facial recognition across London", "https://bbc.example/1", TODAY),
        ("Central bank holds interest rates steady as inflation cools", "https://bbc.example/2", TODAY),
        ("Apple shares rise after earnings", "https://bbc.example/3", TODAY)]),
    "/guardian": rss("The Guardian", [
        # the FT's own link (utm and all): one story by its canonical URL
        ("Live facial recognition: what the Met's rollout means",
         "https://FT.example/met?utm_source=guardian", TODAY),
        ("A single-source scoop about harbour seals", "https://guardian.example/seals", TODAY)]),
}


@pytest.fixture
def covered(server: Server, state: State) -> Server:
    for path, text in FEEDS.items():
        server.routes[path] = body(text)
        Subscriptions(state).add(server.url(path), topic="News")
    assert fetching.run(state).failed == []
    return server


def test_list_ranks_stories_by_coverage_each_once(covered: Server,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["list", "--json"]) == 0
    cards = json.loads(capsys.readouterr().out)
    titles = [card["title"] for card in cards]
    assert len(titles) == 5  # 8 entries: 3 + 2 + 1 + 1 + 1 (near misses apart)
    assert titles[0].startswith(("Met Police roll", "Live facial recognition"))  # 3 sources
    assert cards[0]["heat"] == 120 and cards[1]["heat"] == 80
    assert "Central bank holds" in titles[1]  # 2 sources
    assert {card["heat"] for card in cards[2:]} == {40}
    assert sum("Apple shares" in title for title in titles) == 2  # rise and fall stay apart
    assert all(card["topics"][0] == "News" for card in cards)


def test_the_story_card_lists_its_other_sources(covered: Server) -> None:
    import yaml

    from reader.feeds.cards import feeds_folder

    cards = [yaml.safe_load(path.read_text().split("---")[1])
             for path in feeds_folder().glob("*.md")]
    met = next(card for card in cards if card["heat"] == 120)
    related = met["related"]
    assert len(related) == 2
    names = {item["provider"]["name"] for item in related} | {met["provider"]["name"]}
    assert names == {"The FT", "BBC News", "The Guardian"}
    assert all(item["webUrl"].startswith("https://") and item["publishedDateTime"]
               for item in related)


def test_heat_grows_as_coverage_does(server: Server, state: State,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    def met_heat() -> int:
        assert run(["list", "--json", "--query", "facial"]) == 0
        return int(json.loads(capsys.readouterr().out)[0]["heat"])

    for number, path in enumerate(FEEDS, 1):
        server.routes[path] = body(FEEDS[path])
        Subscriptions(state).add(server.url(path))
        assert fetching.run(state).failed == []
        assert met_heat() == 40 * number  # one card all along, hotter with each source


def source(title: str, feed: str, when: float, link: str = "") -> Source:
    link = link or f"https://{feed}/{abs(hash(title))}"
    return Source(Entry(title, title, link, link), feed, feed, feed, when, feed)


def test_near_duplicates_within_72_hours_are_one_story_and_near_misses_are_not() -> None:
    stories = cluster([
        source("Met Police rolls out live facial recognition in London", "a", NOW),
        source("Met Police roll out live facial recognition across London", "b", NOW + 3600),
        source("Met Police rolls out live facial recognition in London", "c", NOW + 4 * DAY),
        source("Apple shares fall after earnings", "a", NOW),
        source("Apple shares rise after earnings", "b", NOW),
        source("Storm closes schools in Leeds", "a", NOW),
        source("Storm closes schools in Leeds", "a", NOW + 60),  # one feed's own: apart
    ])
    sizes = sorted(len(story.sources) for story in stories)
    assert sizes == [1, 1, 1, 1, 1, 2]
    assert not similar(shingles("Apple shares fall after earnings"),
                       shingles("Apple shares rise after earnings"))


def test_heat_counts_sources_once_and_older_coverage_less() -> None:
    [three] = cluster([source("Same story", feed, NOW) for feed in "abc"])
    [two] = cluster([source("Other story", feed, NOW) for feed in "ab"])
    assert three.heat == 120 > two.heat == 80
    [late] = cluster([source("Slow story here", "a", NOW - 2 * DAY),
                      source("Slow story here", "b", NOW)])
    assert late.heat == 50  # 40 + 40 x 0.25: the first source is two days older


def test_old_entries_leave_with_their_cards_but_starred_ones_stay(server: Server,
                                                                  state: State) -> None:
    from reader.core.urls import canonical_url
    from reader.feeds.cards import feeds_folder

    server.routes["/ft"] = body(FEEDS["/ft"])
    Subscriptions(state).add(server.url("/ft"))
    start = 1_796_300_000.0
    fetching.run(state, now=start)
    assert len(list(feeds_folder().glob("*.md"))) == 3
    state.set_starred([canonical_url("https://ft.example/rates")][0], True)
    server.routes["/ft"] = body(rss("The FT", []))  # the feed moved on: its items are gone
    report = fetching.run(state, now=start + 31 * DAY)  # and 31 days passed
    left = [path.read_text() for path in feeds_folder().glob("*.md")]
    assert report.removed == 2 and len(left) == 1 and "Central bank holds rates" in left[0]
