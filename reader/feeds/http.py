"""Fetching, politely and within bounds (httpx, loaded only here).

- At most 8 requests at once, and 2 per host.
- Connect and read timeouts of 10 s, and a deadline of 30 s per feed, redirects included.
- A body over 10 MB once decompressed is refused as it streams in (a gzip bomb stops there).
- At most 5 redirects, each to http(s); a chain of 301/308 only moves the subscription.
- Conditional requests (If-None-Match, If-Modified-Since); 304 costs no parse.
- A User-Agent that names us: newsreader/VERSION.
"""

from __future__ import annotations

import asyncio
import email.utils
import ssl
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import cache, partial
from urllib.parse import urljoin

from .. import __version__
from ..core.urls import refusal

USER_AGENT = f"newsreader/{__version__} (+https://github.com/newsreader)"
AT_ONCE, PER_HOST = 8, 2
TIMEOUT, DEADLINE = 10.0, 30.0
MAX_BYTES = 10 * 1024 * 1024
MAX_REDIRECTS = 5


@dataclass
class Request:
    url: str
    etag: str | None = None
    modified: str | None = None
    limit: int = MAX_BYTES


@dataclass
class Answer:
    """What one URL answered, in words a user can act on."""

    url: str
    """The URL asked (the subscription)."""
    final: str = ""
    moved: str | None = None
    """Where a chain of permanent redirects (301/308) leads: the subscription moves there."""
    status: int = 0
    body: bytes | None = None
    content_type: str = ""
    etag: str | None = None
    modified: str | None = None
    error: str = ""
    retry_after: float | None = None
    """Seconds the server asked us to wait (429, 503)."""


def retry_after(value: str | None, now: float) -> float | None:
    """Retry-After as seconds from now: a number of seconds, or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(min(int(value), 86_400))
    try:
        when = email.utils.parsedate_to_datetime(value).timestamp()
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    return max(0.0, min(when - now, 86_400.0))


def fetch(requests: Sequence[Request], *, done: Callable[[Answer], None] | None = None,
          deadline: float | None = None, timeout: float | None = None) -> list[Answer]:
    """Fetch every URL (in the order given); `done` hears each answer as it comes (from the
    fetching thread). Called where an event loop runs already, it fetches on a thread of its own."""
    work = partial(_fetch_all, requests, done, DEADLINE if deadline is None else deadline,
                   TIMEOUT if timeout is None else timeout)
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(work())
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(lambda: asyncio.run(work())).result()


@cache
def _tls() -> ssl.SSLContext:
    """One TLS context for every fetch: making one reads the CA bundle, 20 ms of CPU, and every
    fetch makes a client (the story pane's picture of each card looked at paid it)."""
    import httpx

    return httpx.create_ssl_context(trust_env=False)


async def _fetch_all(requests: Sequence[Request], done: Callable[[Answer], None] | None,
                     deadline: float, timeout: float) -> list[Answer]:
    import httpx  # loads only when fetching

    limits = httpx.Limits(max_connections=AT_ONCE, max_keepalive_connections=AT_ONCE)
    everyone = asyncio.Semaphore(AT_ONCE)
    hosts: dict[str, asyncio.Semaphore] = {}
    async with httpx.AsyncClient(
            timeout=httpx.Timeout(timeout, pool=deadline), limits=limits, follow_redirects=False,
            headers={"User-Agent": USER_AGENT, "Accept": "application/rss+xml, application/atom"
                     "+xml, application/feed+json, application/json;q=0.9, text/xml;q=0.8, "
                     "text/html;q=0.5, */*;q=0.1"}, trust_env=False,
            verify=_tls()) as client:

        async def one(request: Request) -> Answer:
            host = httpx.URL(request.url).host if refusal(request.url) is None else ""
            gate = hosts.setdefault(host, asyncio.Semaphore(PER_HOST))
            async with gate, everyone:  # a host's turn first: waiting on it holds no slot
                try:
                    answer = await asyncio.wait_for(_get(client, request), deadline)
                except TimeoutError:
                    answer = Answer(request.url, error=f"timed out after {deadline:.0f} s")
                except httpx.TimeoutException:
                    answer = Answer(request.url, error=f"timed out after {timeout:.0f} s")
                except httpx.HTTPError as error:
                    answer = Answer(request.url, error=_said(error))
                except (OSError, ValueError) as error:
                    answer = Answer(request.url, error=str(error)[:200] or type(error).__name__)
            if done is not None:
                done(answer)
            return answer

        return list(await asyncio.gather(*(one(request) for request in requests)))


async def _get(client: object, request: Request) -> Answer:
    import httpx

    assert isinstance(client, httpx.AsyncClient)
    url, permanent = request.url, True
    headers = {}
    if request.etag:
        headers["If-None-Match"] = request.etag
    if request.modified:
        headers["If-Modified-Since"] = request.modified
    for _hop in range(MAX_REDIRECTS + 1):
        refused = refusal(url)
        if refused is not None:
            return Answer(request.url, error=f"a redirect to a link that is not http(s): {refused}")
        async with client.stream("GET", url, headers=headers) as response:
            if response.is_redirect and "location" in response.headers:
                permanent = permanent and response.status_code in (301, 308)
                url = urljoin(url, response.headers["location"])
                continue
            answer = Answer(request.url, final=url, status=response.status_code,
                            moved=url if permanent and url != request.url else None,
                            content_type=response.headers.get("content-type", "").lower(),
                            etag=response.headers.get("etag"),
                            modified=response.headers.get("last-modified"),
                            retry_after=retry_after(response.headers.get("retry-after"),
                                                    time.time()))
            if response.status_code != 200:
                return answer
            declared = response.headers.get("content-length", "")
            if declared.isdigit() and int(declared) > request.limit:
                return _over(answer, request.limit)
            body = bytearray()
            async for chunk in response.aiter_bytes():  # decompressed: a bomb stops here
                body += chunk
                if len(body) > request.limit:
                    return _over(answer, request.limit)
            answer.body = bytes(body)
            return answer
    return Answer(request.url, error=f"more than {MAX_REDIRECTS} redirects")


def _over(answer: Answer, limit: int) -> Answer:
    answer.error, answer.status = f"over {limit // (1024 * 1024)} MB", 0
    return answer


def _said(error: Exception) -> str:
    """An httpx error as a few words: 'connection refused', not a class name."""
    text = str(error) or type(error).__name__
    for known, words in (("Connection refused", "connection refused"),
                         ("Name or service not known", "no such host"),
                         ("nodename nor servname", "no such host"),
                         ("CERTIFICATE_VERIFY_FAILED", "its TLS certificate is not valid")):
        if known in text:
            return words
    return text.splitlines()[0][:200]
