"""`newsreader serve`: the reader in a web browser, through textual-serve.

Each browser tab gets its own reader process on the same library and state (the state takes
several readers at once). The page is our own (reader/web/templates): it loads nothing from
outside the machine. There is no authentication: bound to anything but the loopback address,
anyone who reaches the port reads the cards and changes the marks, and the command says so.
"""

from __future__ import annotations

import shlex
import sys
from collections.abc import Sequence
from pathlib import Path

LOOPBACK = frozenset({"127.0.0.1", "localhost", "::1"})
TEMPLATES = Path(__file__).resolve().parent / "web" / "templates"


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
    return (f"serving on {host}: there is no authentication, so anyone who can reach this "
            "address reads your cards and can change your marks and saved searches")


def serve(command: str, host: str, port: int) -> None:
    """Serve until Ctrl+C (textual-serve loads only here)."""
    from textual_serve.server import Server

    statics = Path(sys.modules["textual_serve.server"].__file__ or ".").parent / "static"
    Server(command, host=host, port=port, title="newsreader", statics_path=statics,
           templates_path=TEMPLATES).serve()
