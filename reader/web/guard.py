"""Who may drive a served reader: the holder of its token, on its own address, from its own page.

Plain Python (no aiohttp), so each rule is tested on its own. The server (reader/web/server.py)
asks `Guard.refusal` before it serves a page or starts a reader process, and refuses with 403
and the sentence it gives.

- **Token.** A secret of 192 bits from `secrets`, printed in the URL to open; compared in
  constant time. The page carries it to its WebSocket; a cookie (HttpOnly, SameSite=Strict)
  lets a reload work without the token in the address.
- **Host.** The `Host` header must name the served address (DNS rebinding: a name the attacker
  controls that resolves to 127.0.0.1 reaches the same port but not this check).
- **Origin.** A WebSocket's `Origin` must be the page's own: browsers open WebSockets across
  origins without asking, so any page the user visits could otherwise drive the reader.
"""

from __future__ import annotations

import hmac
import secrets
from dataclasses import dataclass
from urllib.parse import urlsplit

LOOPBACK = ("127.0.0.1", "localhost", "::1")
TOKEN_BYTES = 24
"""192 bits: `secrets.token_urlsafe(24)` is 32 characters."""
SHORTEST_TOKEN = 16
"""A token given with --token or NEWSREADER_TOKEN must be at least this long."""
WIDEST, TALLEST = 500, 200
"""The largest screen a tab may ask for: a resize beyond this is clamped (100000x100000 made
a reader grow without end)."""


def new_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


def token_problem(token: str) -> str | None:
    """Why a token given by the user will not do, or None."""
    if len(token) < SHORTEST_TOKEN:
        return f"the token must be at least {SHORTEST_TOKEN} characters (it is {len(token)})"
    if not token.isascii() or not token.isprintable() or any(c in token for c in " ;,\"\\/?#&=%"):
        return "the token may hold letters, digits, '-', '_', '.' and '~' only"
    return None


def clamped(width: object, height: object) -> tuple[int, int]:
    """A screen size a tab may have: numbers within 1..WIDEST and 1..TALLEST (else 80x24)."""
    return _within(width, 80, WIDEST), _within(height, 24, TALLEST)


def _within(value: object, default: int, largest: int) -> int:
    if isinstance(value, bool):
        return default
    if isinstance(value, str):
        try:
            value = int(value.strip()[:12])
        except ValueError:
            return default
    if isinstance(value, float) and value == value and abs(value) < 1e9:
        value = int(value)
    if not isinstance(value, int):
        return default
    return max(1, min(largest, value))


def _host_port(netloc: str) -> tuple[str, int | None] | None:
    """(host, port) of a `Host` header or an origin's netloc; None when it cannot be read."""
    if not netloc or len(netloc) > 300 or any(c in netloc for c in "/?#@\\ ") or not netloc.isprintable():
        return None
    try:
        parts = urlsplit(f"//{netloc}")
        host, port = parts.hostname, parts.port
    except ValueError:
        return None
    if not host:
        return None
    return host.lower().rstrip("."), port


@dataclass(frozen=True)
class Guard:
    """The rules of one `serve`: its token, port and the host names it answers to."""

    token: str
    port: int
    hosts: frozenset[str]
    """Names that must come with the served port: the loopback names and --host."""
    proxied: frozenset[str] = frozenset()
    """Names given with --allow-host: a reverse proxy in front may use its own port."""

    @classmethod
    def serving(cls, token: str, host: str, port: int, allowed: tuple[str, ...] = ()) -> Guard:
        hosts = {name.lower() for name in LOOPBACK}
        if host not in ("0.0.0.0", "::"):  # a wildcard is no name a browser sends
            hosts.add(host.strip("[]").lower())
        return cls(token, port, frozenset(hosts), frozenset(a.strip("[]").lower() for a in allowed))

    def token_ok(self, given: str | None) -> bool:
        if not given or len(given) > 200:
            return False
        return hmac.compare_digest(given.encode("utf-8", "replace"), self.token.encode())

    def host_ok(self, header: str | None) -> bool:
        parsed = _host_port(header or "")
        if parsed is None:
            return False
        name, port = parsed
        if name in self.proxied:
            return True
        return name in self.hosts and port == self.port

    def origin_ok(self, origin: str | None, host_header: str | None) -> bool:
        """The page that opens a WebSocket must be ours: same host and port as the request."""
        if not origin or origin == "null":
            return False
        try:
            parts = urlsplit(origin)
        except ValueError:
            return False
        if parts.scheme not in ("http", "https") or parts.path not in ("", "/"):
            return False
        theirs, ours = _host_port(parts.netloc), _host_port(host_header or "")
        if theirs is None or ours is None:
            return False
        default = 443 if parts.scheme == "https" else 80
        return theirs[0] == ours[0] and (theirs[1] or default) == (ours[1] or default)

    def refusal(self, *, host: str | None, token: str | None, origin: str | None = None,
                websocket: bool = False) -> str | None:
        """Why this request is refused, in a few words for the serve terminal; None to serve it.

        Checked in this order so that a probe learns nothing of the token from a foreign
        name or page."""
        if not self.host_ok(host):
            return "foreign Host"
        if websocket and not self.origin_ok(origin, host):
            return "foreign Origin"
        if not token:
            return "no token"
        if not self.token_ok(token):
            return "wrong token"
        return None
