"""`newsreader serve`: the reader in a web browser.

Each browser tab gets its own reader process on the same library and state (the state takes
several readers at once). The page is our own (reader/web): it loads nothing from outside the
machine. Only the holder of the printed URL drives it: a token, the Host and the Origin are
checked before a page is served or a process starts (reader/web/guard.py, reader/web/server.py).
"""

from __future__ import annotations

import os
import shlex
import sys
from collections.abc import Sequence

from .web.guard import LOOPBACK, Guard, new_token, token_problem

TOKEN_VARIABLE = "NEWSREADER_TOKEN"


def command_line(paths: Sequence[str], *, include_unpublished: bool, no_cache: bool) -> str:
    """The command each browser tab runs: this Python, the reader, the same paths."""
    words = [sys.executable, "-m", "reader", *paths]
    if include_unpublished:
        words.append("--include-unpublished")
    if no_cache:
        words.append("--no-cache")
    return shlex.join(words)


def warning(host: str) -> str | None:
    """What to say before serving on an address other people can reach, or None."""
    if host in LOOPBACK:
        return None
    return (f"serving on {host}: anyone who can reach this address and has the printed URL "
            "reads your cards and can change your marks; there is no TLS, so the token crosses "
            "the network in the clear (prefer an SSH tunnel)")


def token(given: str | None) -> tuple[str, str | None]:
    """The token of this serve (--token, else $NEWSREADER_TOKEN, else a new one) and why a
    given one will not do, or None."""
    chosen = given if given is not None else os.environ.get(TOKEN_VARIABLE) or None
    if chosen is None:
        return new_token(), None
    return chosen, token_problem(chosen)


def url(host: str, port: int, secret: str) -> str:
    """The address to open: a wildcard is opened as 127.0.0.1; IPv6 in brackets."""
    name = "127.0.0.1" if host in ("0.0.0.0", "") else "[::1]" if host == "::" else (
        f"[{host}]" if ":" in host else host)
    return f"http://{name}:{port}/?token={secret}"


def serve(command: str, host: str, port: int, *, secret: str, allowed: Sequence[str] = (),
          max_tabs: int = 4) -> None:
    """Serve until Ctrl+C (aiohttp and textual-serve load only here)."""
    from .web import server

    guard = Guard.serving(secret, host, port, tuple(allowed))
    server.run(command, guard, host, max_tabs=max_tabs, url=url(host, port, secret))
