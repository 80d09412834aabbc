"""The served reader's rules, without a server: token, Host, Origin and screen sizes."""

from __future__ import annotations

import pytest

from reader import serve
from reader.web.guard import TALLEST, WIDEST, Guard, clamped, new_token, token_problem

GUARD = Guard.serving("s3cret-token-of-enough-length", "127.0.0.1", 8000, ("news.example.org",))


def test_each_serve_makes_a_new_token_of_192_bits() -> None:
    first, second = new_token(), new_token()
    assert first != second and len(first) >= 32 and token_problem(first) is None


@pytest.mark.parametrize("given", ["short", "has space in it ok!", "x" * 15])
def test_a_weak_or_odd_token_is_refused_with_a_sentence(given: str) -> None:
    assert token_problem(given)


def test_the_token_comes_from_the_option_else_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEWSREADER_TOKEN", "from-the-environment-1")
    assert serve.token(None) == ("from-the-environment-1", None)
    assert serve.token("from-the-option-000001") == ("from-the-option-000001", None)
    assert serve.token("short")[1]


@pytest.mark.parametrize("host", ["127.0.0.1:8000", "localhost:8000", "[::1]:8000",
                                  "LOCALHOST:8000", "news.example.org", "news.example.org:443"])
def test_the_served_names_are_answered(host: str) -> None:
    assert GUARD.host_ok(host)


@pytest.mark.parametrize("host", [None, "", "evil.example:8000", "127.0.0.1:8001", "127.0.0.1",
                                  "localhost.evil.example:8000", "127.0.0.1:8000@evil",
                                  "127.0.0.1:80000", "127.0.0.1:8000\x1b", "a" * 400])
def test_any_other_host_is_foreign(host: str | None) -> None:
    assert not GUARD.host_ok(host)
    assert GUARD.refusal(host=host, token=GUARD.token) == "foreign Host"


@pytest.mark.parametrize("origin", ["http://127.0.0.1:8000", "http://127.0.0.1:8000/"])
def test_the_pages_own_origin_may_open_a_websocket(origin: str) -> None:
    assert GUARD.refusal(host="127.0.0.1:8000", token=GUARD.token, origin=origin,
                         websocket=True) is None


@pytest.mark.parametrize("origin", [None, "null", "http://evil.example", "http://evil.example:8000",
                                    "http://localhost:8000", "http://127.0.0.1:9000",
                                    "file://", "chrome-extension://abc", "http://127.0.0.1:8000/x"])
def test_any_other_origin_is_refused(origin: str | None) -> None:
    assert GUARD.refusal(host="127.0.0.1:8000", token=GUARD.token, origin=origin,
                         websocket=True) == "foreign Origin"


def test_a_reverse_proxy_name_over_https_keeps_its_origin() -> None:
    assert GUARD.origin_ok("https://news.example.org", "news.example.org")
    assert not GUARD.origin_ok("http://news.example.org", "news.example.org:443")


def test_no_token_and_a_wrong_one_are_refused() -> None:
    assert GUARD.refusal(host="127.0.0.1:8000", token=None) == "no token"
    assert GUARD.refusal(host="127.0.0.1:8000", token="s3cret-token-of-enough-lengtH") == "wrong token"
    assert GUARD.refusal(host="127.0.0.1:8000", token="é" * 40) == "wrong token"
    assert GUARD.refusal(host="127.0.0.1:8000", token=GUARD.token) is None


@pytest.mark.parametrize(("width", "height", "expected"), [
    (100000, 100000, (WIDEST, TALLEST)), ("100000", "100000", (WIDEST, TALLEST)),
    (-5, 0, (1, 1)), ("x", None, (80, 24)), (True, [1], (80, 24)), (1e300, float("nan"), (80, 24)),
    (120, 35, (120, 35)), ("9" * 5000, "40", (WIDEST, 40))])
def test_a_screen_size_is_clamped(width: object, height: object, expected: tuple[int, int]) -> None:
    assert clamped(width, height) == expected


def test_the_printed_address_holds_the_token() -> None:
    assert serve.url("127.0.0.1", 8000, "abc") == "http://127.0.0.1:8000/?token=abc"
    assert serve.url("0.0.0.0", 8000, "abc") == "http://127.0.0.1:8000/?token=abc"
    assert serve.url("::1", 8000, "abc") == "http://[::1]:8000/?token=abc"
