"""Only plain http(s) links with a host are ever opened or copied."""

import pytest

from reader.core.urls import canonical_url, display_host, is_openable, refusal


@pytest.mark.parametrize(
    "url",
    ["https://www.ft.com/content/x", "http://example.com", "HTTPS://Example.com:8443/a?b=c#d"],
)
def test_http_and_https_are_allowed(url: str) -> None:
    assert is_openable(url)


@pytest.mark.parametrize(
    ("url", "why"),
    [
        ("", "no link"),
        ("javascript:alert(1)", "'javascript:'"),
        ("file:///etc/passwd", "'file:'"),
        ("data:text/html,hi", "'data:'"),
        ("mailto:a@b.c", "'mailto:'"),
        ("ftp://example.com/", "'ftp:'"),
        ("//example.com/path", "no scheme"),
        ("example.com", "no scheme"),
        ("https://", "no host"),
        ("https:///path", "no host"),
        ("-https://example.com", "starts with '-'"),
        ("https://exa mple.com", "white space"),
        ("https://example.com/\x1b[2J", "control"),
        ("https://example.com:99999/", "malformed"),
        ("https://example.com:0/", "invalid port"),
        ("http://[::1/", "malformed"),
        ("https://example.com/" + "a" * 9000, "longer than"),
    ],
)
def test_everything_else_is_refused_with_a_reason(url: str, why: str) -> None:
    reason = refusal(url)
    assert reason is not None and why in reason


def test_the_real_host_is_shown() -> None:
    assert display_host("https://www.ft.com@evil.example/") == "evil.example"
    assert display_host("https://bücher.example/x") == "xn--bcher-kva.example"
    assert display_host("https://WWW.FT.COM/x") == "www.ft.com"
    assert display_host("not a url") == ""


def test_canonical_url_joins_spellings_of_one_story() -> None:
    a = canonical_url("HTTPS://WWW.FT.com:443/content/x?utm_source=tw&id=3#top")
    assert a == "https://www.ft.com/content/x?id=3"
    assert canonical_url("https://www.ft.com/content/x?id=3") == a
    assert canonical_url("javascript:x") == "javascript:x"


@pytest.mark.parametrize(("url", "handed"), [
    ("https://www.ft.com/content/x?a=1#b", "https://www.ft.com/content/x?a=1#b"),
    ("https://аpple.com/", "https://xn--pple-43d.com/"),
    ("https://bücher.de:8080/a%20b/ü?x=ä#ö",
     "https://xn--bcher-kva.de:8080/a%20b/%C3%BC?x=%C3%A4#%C3%B6"),
    ("javascript:alert('ü')", "javascript:alert('ü')"),  # refused: left for refusal to name
])
def test_the_url_handed_over_is_punycode_and_percent_encoded(url: str, handed: str) -> None:
    from reader.core.urls import handed_over

    assert handed_over(url) == handed
    assert handed_over(handed) == handed
