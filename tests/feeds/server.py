"""A local HTTP server for the feed tests: the recorded feeds in data/, with ETag and
Last-Modified (and 304 to a request that has them), and every hostile answer a feed can give.
Bound to 127.0.0.1 on a free port; nothing reaches the network."""

from __future__ import annotations

import functools
import gzip
import hashlib
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

DATA = Path(__file__).with_name("data")
MODIFIED = "Thu, 03 Dec 2026 10:00:00 GMT"
Route = Callable[["Handler"], None]


@dataclass
class Log:
    requests: list[tuple[str, dict[str, str]]] = field(default_factory=list)

    def paths(self) -> list[str]:
        return [path for path, _ in self.requests]


class Handler(BaseHTTPRequestHandler):
    server: Server

    def log_message(self, format: str, *args: object) -> None:  # quiet
        pass

    def do_GET(self) -> None:
        self.server.log.requests.append((self.path, dict(self.headers.items())))
        route = self.server.routes.get(self.path.split("?")[0])
        if route is not None:
            route(self)
        elif self.path.startswith("/data/") and (DATA / self.path[6:]).is_file():
            self.file(DATA / self.path[6:])
        else:
            self.answer(404, b"not here")

    def answer(self, status: int, body: bytes = b"", **headers: str) -> None:
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name.replace("_", "-"), value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if body:
            self.wfile.write(body)

    def file(self, path: Path, body: bytes | None = None) -> None:
        body = path.read_bytes() if body is None else body
        etag = '"' + hashlib.sha256(body).hexdigest()[:16] + '"'
        if self.headers.get("If-None-Match") == etag:
            self.answer(304, ETag=etag)
            return
        kind = ("application/feed+json" if path.suffix == ".json" else "text/html"
                if path.suffix == ".html" else "application/xml")
        self.answer(200, body, Content_Type=kind, ETag=etag, Last_Modified=MODIFIED)


class Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), Handler)
        self.routes: dict[str, Route] = {}
        self.log = Log()
        self.stopping = threading.Event()

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"

    def url(self, path: str) -> str:
        return self.base + path


def serving() -> Iterator[Server]:
    server = Server()
    # serve_forever checks for shutdown() between waits of poll_interval: at its default of
    # 0.5 s, every test with a server waited up to half a second to end.
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.02},
                              daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.stopping.set()
        server.shutdown()
        server.server_close()


# --- hostile answers --------------------------------------------------------------------------

def never(handler: Handler) -> None:
    """Accept, then never answer."""
    handler.server.stopping.wait(60)


def huge(handler: Handler) -> None:
    """60 MB of a feed that never ends, without a Content-Length."""
    handler.send_response(200)
    handler.send_header("Content-Type", "application/rss+xml")
    handler.end_headers()
    try:
        handler.wfile.write(b"<rss version='2.0'><channel><title>Huge</title>")
        for _ in range(60):
            handler.wfile.write(b"<item><title>x</title></item>" * 36_000)
    except (BrokenPipeError, ConnectionResetError):
        pass


@functools.cache
def _bomb() -> bytes:
    return gzip.compress(b"<rss version='2.0'><channel>" + b" " * 100_000_000, 6)


def bomb(handler: Handler) -> None:
    """A gzip bomb: 100 KB on the wire, 100 MB once decompressed (made once, not per request:
    compressing it took longer than the test's deadline on a busy machine)."""
    handler.answer(200, _bomb(), Content_Type="application/rss+xml", Content_Encoding="gzip")


def redirect(to: str, status: int = 302) -> Route:
    return lambda handler: handler.answer(status, Location=to)


def status(code: int, **headers: str) -> Route:
    return lambda handler: handler.answer(code, f"{code}".encode(), **headers)


def body(text: str | bytes, kind: str = "application/rss+xml") -> Route:
    data = text.encode() if isinstance(text, str) else text
    return lambda handler: handler.answer(200, data, Content_Type=kind)
