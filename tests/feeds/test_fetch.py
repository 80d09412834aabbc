"""Fetching politely (issue 24): conditional requests, redirects, 410, 429, timeouts, size caps,
gzip bombs, XXE and billion laughs, HTML instead of a feed, against a local server."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from reader import __version__
from reader.core.state import State
from reader.core.subscriptions import GONE, Subscriptions
from reader.feeds import run as fetching
from reader.feeds.cards import feeds_folder
from tests.feeds.server import (
    MODIFIED,
    Server,
    _bomb,
    body,
    bomb,
    huge,
    never,
    redirect,
    status,
)

RECORDED = ["rss2sample.xml", "intertwingly.atom", "mediacontent-dupes.xml", "guid-dupes.xml",
            "wapowellness.xml", "rss10.rdf", "podcast.xml", "jsonfeed.json"]


def subscribe(state: State, *urls: str) -> None:
    for url in urls:
        Subscriptions(state).add(url)


def cards() -> list[Path]:
    return sorted(feeds_folder().glob("*.md"))


def test_every_kind_of_feed_becomes_cards_and_a_second_fetch_asks_conditionally(
        server: Server, state: State) -> None:
    subscribe(state, *(server.url(f"/data/{name}") for name in RECORDED))
    report = fetching.run(state)
    assert report.failed == [] and len(report.results) == len(RECORDED)
    made = cards()
    assert report.written == len(made) >= 50
    feeds = Subscriptions(state).all()
    assert {feed.status for feed in feeds} == {"ok"} and all(feed.entries for feed in feeds)
    assert all(feed.etag for feed in feeds)
    stamps = {path: path.stat().st_mtime_ns for path in made}
    again = fetching.run(state)  # every feed answers 304: nothing is parsed or written
    assert again.failed == [] and again.written == 0 and again.removed == 0
    assert {result.status for result in again.results} == {"not modified"}
    assert {path: path.stat().st_mtime_ns for path in cards()} == stamps
    asked = [headers for path, headers in server.log.requests[len(RECORDED):]]
    assert all("If-None-Match" in headers for headers in asked)
    assert all(headers.get("If-Modified-Since") == MODIFIED for headers in asked)
    assert all(headers["User-Agent"].startswith(f"newsreader/{__version__}")
               for _, headers in server.log.requests)


def test_a_permanent_redirect_moves_the_subscription_a_temporary_one_does_not(
        server: Server, state: State) -> None:
    server.routes["/old"] = redirect("/data/rss2sample.xml", 301)
    server.routes["/older"] = redirect("/old", 308)
    server.routes["/for-now"] = redirect("/data/rss10.rdf", 302)
    subscribe(state, server.url("/older"), server.url("/for-now"))
    report = fetching.run(state)
    assert report.failed == []
    urls = {feed.url for feed in Subscriptions(state).all()}
    assert urls == {server.url("/data/rss2sample.xml"), server.url("/for-now")}


@pytest.mark.usefixtures("quick")
def test_each_failure_is_named_with_its_reason_and_backs_off(server: Server, state: State) -> None:
    server.routes.update({
        "/gone": status(410), "/busy": status(429, Retry_After="120"), "/down": status(503),
        "/never": never, "/huge": huge, "/bomb": bomb, "/page": body(
            (Path(__file__).parent / "data" / "notafeed.html").read_text(), "text/html"),
        "/to-file": redirect("file:///etc/passwd"), "/loop": redirect("/loop")})
    names = ["gone", "busy", "down", "never", "huge", "bomb", "page", "to-file", "loop"]
    bomb_body = _bomb()  # made before the clock starts
    assert len(bomb_body) < 200_000
    subscribe(state, *(server.url(f"/{name}") for name in names))
    report = fetching.run(state)  # the feed that never answers ends at its read timeout
    said = {result.url.rsplit("/", 1)[1]: result.error for result in report.results}
    assert said == {
        "gone": "HTTP 410: gone, no longer fetched", "busy": "HTTP 429: asked to wait 120 s",
        "down": "HTTP 503", "never": said["never"], "huge": "over 10 MB", "bomb": "over 10 MB",
        "page": "not a feed: an HTML page",
        "to-file": "a redirect to a link that is not http(s): only http and https links are "
                   "opened, this one has 'file:'",
        "loop": "more than 5 redirects"}
    assert said["never"].startswith("timed out after")
    feeds = {feed.url.rsplit("/", 1)[1]: feed for feed in Subscriptions(state).all()}
    assert feeds["gone"].status == GONE
    now = time.time()
    assert feeds["busy"].next_try >= now + 110 and feeds["down"].next_try >= now + 500
    assert all(feed.failures == 1 for name, feed in feeds.items() if name != "gone")
    server.log.requests.clear()
    assert fetching.run(state).results == []  # none is due: backing off, or gone for good
    assert server.log.requests == []


def test_xxe_and_billion_laughs_are_inert(server: Server, state: State, tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("the-local-secret")
    xxe = (f'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY x SYSTEM "file://{secret}">]>'
           '<rss version="2.0"><channel><title>T &x;</title><item><title>Leak &x;</title>'
           '<link>https://leak.example/1</link><description>&x;</description></item></channel></rss>')
    laughs = ('<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "aaaaaaaaaa">'
              + "".join(f'<!ENTITY {b} "{("&" + a + ";") * 10}">'
                        for a, b in zip("abcdefgh", "bcdefghi", strict=True))
              + ']><rss version="2.0"><channel><title>L</title><item><title>Laughs &i;</title>'
              '<link>https://laughs.example/1</link></item></channel></rss>')
    server.routes.update({"/xxe": body(xxe), "/laughs": body(laughs)})
    subscribe(state, server.url("/xxe"), server.url("/laughs"))
    fetching.run(state)
    texts = [path.read_text() for path in cards()]
    assert len(texts) == 2
    assert not any("the-local-secret" in text for text in texts)
    assert all(len(text) < 2_000 for text in texts)  # no expansion


def test_odd_entries_are_read_as_well_as_they_can_be(server: Server, state: State) -> None:
    server.routes["/odd"] = body(
        '<rss version="2.0"><channel><title>Odd &amp; Co</title>'
        '<item><title>No link, no date</title><description>Only words.</description></item>'
        '<item><link>https://odd.example/untitled</link><description>A title from the '
        'text &amp;#8217;s words</description></item>'
        '<item><title>We&amp;#8217;re double-escaped &lt;b&gt;bold&lt;/b&gt;</title>'
        '<link>https://odd.example/escaped</link></item>'
        '<item><title>[bold red]markup[/] \x1b[2J</title><link>javascript:alert(1)</link></item>'
        '<item><guid>same</guid><title>First of a repeated GUID</title><link>https://odd.example/a</link></item>'
        '<item><guid>same</guid><title>Second of it</title><link>https://odd.example/b</link></item>'
        '</channel></rss>')
    subscribe(state, server.url("/odd"))
    assert fetching.run(state).failed == []
    texts = "\n".join(path.read_text() for path in cards())
    assert "No link, no date" in texts and "A title from the text" in texts
    assert "title: We’re double-escaped bold\n" in texts  # decoded twice; tags are no markup
    assert "javascript:" not in texts and "\x1b" not in texts
    assert "First of a repeated GUID" in texts and "Second of it" not in texts
    assert len(cards()) == 5


def test_every_fetch_shares_one_tls_context_that_still_checks_certificates() -> None:
    # Each fetch made a client and each client read the CA bundle anew (20 ms of CPU), so
    # every picture the story pane showed paid it; the one context must not verify less.
    import ssl

    from reader.feeds import http

    context = http._tls()
    assert context is http._tls()
    assert context.verify_mode == ssl.CERT_REQUIRED and context.check_hostname
    assert context.cert_store_stats()["x509_ca"] > 0  # the CA bundle is loaded
