"""The reading view's core (issue 26): a page's main text, without its nav; the cache that shows
it offline; and every way there is no article, each one sentence."""

from __future__ import annotations

import pytest

from reader.reading import cache
from reader.reading.article import Article, Block
from reader.reading.page import read
from tests.feeds.server import Server, body, huge, never, redirect, status


def words(article: Article | None) -> str:
    assert article is not None
    return "\n".join(block.text for block in article.blocks)


def test_the_main_text_without_nav_banners_or_asides(server: Server) -> None:
    outcome = read(server.url("/wikimedia"))
    article = outcome.article
    assert article is not None and outcome.why == ""
    assert article.title == ("Access to Wikipedia restored in Turkey after more than two and a "
                             "half years")
    assert article.byline == "Wikimedia Foundation" and article.date == "2020-01-15"
    text = words(article)
    assert "19th birthday" in text
    assert "Donate now" not in text and "Cookie statement" not in text
    assert all(link.startswith(("http://", "https://")) for link in article.links)


def test_links_are_numbered_in_the_text(server: Server) -> None:
    article = read(server.url("/boingboing")).article
    assert article is not None and article.byline == "Cory Doctorow"
    assert "The generation we love to dump on [1]" in words(article)
    assert article.links[0] == "http://www.cnn.com/2013/07/09/opinion/bors-millenial-comic-strip"
    text = words(article)
    assert "Privacy Policy" not in text and "Terms of Service" not in text


def test_a_page_read_once_shows_offline_as_a_saved_copy(server: Server) -> None:
    url = server.url("/blog")
    first = read(url).article
    assert first is not None and first.saved is None
    server.routes["/blog"] = status(503)  # the site is down, or we are offline
    again = read(url).article
    assert again is not None and again.saved is not None and words(again) == words(first)
    assert read(url, fresh=True).article is not None  # a fresh read that fails: the copy


@pytest.mark.usefixtures("quick")
@pytest.mark.parametrize(("route", "said"), [
    (huge, "The page could not be read: it is over 5 MB."),
    (redirect("file:///etc/passwd"), "The page could not be read: a redirect to a link that is "
     "not http(s): only http and https links are opened, this one has 'file:'."),
    (body("<html><head><script>alert(1)</script></head><body><script>document.write('x')"
          "</script></body></html>", "text/html"), "The page has no article text to show."),
    (body(b"\x89PNG\r\n\x1a\n", "image/png"), "The page is not an HTML page (image/png)."),
    (status(404), "The page could not be read: HTTP 404."),
    (never, "The page could not be read: timed out after 1 s."),
])
def test_no_article_is_one_sentence(server: Server, route: object, said: str) -> None:
    server.routes["/bad"] = route  # type: ignore[assignment]
    outcome = read(server.url("/bad"))
    assert outcome.article is None and outcome.why == said


@pytest.mark.parametrize("url", [None, "", "javascript:alert(1)", "file:///etc/passwd"])
def test_a_card_without_a_readable_link_says_so(url: str | None) -> None:
    outcome = read(url)
    assert outcome.article is None and outcome.why.startswith("This card")


def test_the_cache_keeps_the_last_read_under_its_cap() -> None:
    for number in range(5):
        cache.put(Article(f"https://a.example/{number}", blocks=[Block("p", "x" * 2000)]),
                  cap=7000)
    kept = sorted(path.name for path in cache.folder().glob("*.json"))
    assert len(kept) == 3  # about 2 KB each: the two read first went
    assert cache.get("https://a.example/4") is not None
    assert cache.get("https://a.example/0") is None
