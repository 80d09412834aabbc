"""The command line's arguments: the reader's, `list`'s and `check`'s (argparse)."""

from __future__ import annotations

import argparse
from difflib import get_close_matches
from typing import NoReturn

from . import __version__
from .core.sorts import SORT_NAMES


class _Parser(argparse.ArgumentParser):
    """argparse, suggesting the nearest option for one it does not know (--jsn: --json?)."""

    def error(self, message: str) -> NoReturn:
        if message.startswith("unrecognized arguments: "):
            for word in message.split(": ", 1)[1].split():
                close = get_close_matches(word.split("=")[0], list(self._option_string_actions),
                                          n=1, cutoff=0.6) if word.startswith("-") else []
                if close:
                    message += f" (did you mean {close[0]}?)"
                    break
        super().error(message)


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="*", metavar="PATH", help="card files or folders")
    parser.add_argument(
        "--include-unpublished", action="store_true",
        help="also show cards marked 'published: false'",
    )
    parser.add_argument(
        "--no-cache", action="store_true",
        help="parse every file, neither reading nor writing the index in the cache folder",
    )


SUBCOMMANDS = (
    ("list", "print the cards in the reader's order, for scripts"),
    ("check", "name every file that is not a readable card"),
    ("status", "unread, new and total cards per topic and saved search, for status bars"),
    ("serve", "the reader in a web browser, behind a token"),
    ("feeds", "subscribe to feeds: add, import, export, list, remove"),
    ("fetch", "fetch the feeds and write their stories as cards"),
)
"""Every command, as --help lists it (cli.py dispatches these names)."""


def reader_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="newsreader",
        description="Read news cards in the terminal. With no PATH: $NEWSREADER_CARDS, "
        "else the folders in config.toml, else the bundled sample cards.",
        epilog="commands (each has --help):\n" + "\n".join(
            f"  newsreader {name:<8} {summary}" for name, summary in SUBCOMMANDS),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"newsreader {__version__}")
    parser.add_argument("--print-config", action="store_true",
                        help="show the effective settings and where each came from, then exit")
    _common(parser)
    return parser


def list_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="newsreader list", description="Print the cards in the reader's order."
    )
    _common(parser)
    parser.add_argument("--topic", help="only cards with this topic (any case)")
    parser.add_argument("--sort", choices=list(SORT_NAMES), metavar="SORT",
                        help="heat, hot, newest (or date), quality, title or rising (default: the "
                        "config's sort, else heat)")
    parser.add_argument("--query", metavar="QUERY",
                        help="only cards matching a search, as typed after / in the reader: "
                        "words \"a phrase\" -word topic:ai provider:ft.com heat>60 "
                        "quality:40..80 newer:24h older:7d after:2020-02-01 is:unread is:starred")
    parser.add_argument("--limit", type=int, metavar="N", help="at most N cards")
    parser.add_argument("--all", action="store_true",
                        help="every file of a story (by default a story with several files, "
                        "the same canonical URL, is listed once: its hottest copy)")
    parser.add_argument("--json", action="store_true", help="one JSON array of objects")
    return parser


def serve_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="newsreader serve",
        description="Serve the reader to a web browser (each tab its own reader on the same "
        "cards and marks). It prints the address to open: the token in it is the key, and a "
        "request without it, from another page or under another host name, is refused.",
    )
    _common(parser)
    parser.add_argument("--host", default="127.0.0.1",
                        help="the address to listen on (default 127.0.0.1; anything else is "
                        "open to whoever reaches it and holds the URL)")
    parser.add_argument("--port", type=int, default=8000, help="the port (default 8000)")
    parser.add_argument("--token", metavar="VALUE",
                        help="a fixed token, for a bookmark (at least 16 characters; also "
                        "$NEWSREADER_TOKEN); by default each serve makes a new one")
    parser.add_argument("--allow-host", action="append", default=[], metavar="NAME",
                        help="a host name the page may be reached under, such as a reverse "
                        "proxy's (repeatable)")
    parser.add_argument("--max-tabs", type=int, default=4, metavar="N",
                        help="at most N tabs (reader processes) at once (default 4)")
    return parser


def status_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="newsreader status",
        description="Unread, new and total cards for All, each saved search and each topic, "
        "from the index the reader keeps (for status bars and scripts).",
    )
    _common(parser)
    parser.add_argument("--json", action="store_true",
                        help='{"all": {"unread", "new", "total"}, "topics": {...}, '
                        '"searches": {...}}')
    return parser


def check_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="newsreader check",
        description="Load every file and name each one that is not a readable card. "
        "Exit 0 when all are cards, 1 when any was skipped.",
    )
    _common(parser)
    parser.add_argument("--json", action="store_true", help='{"cards": N, "problems": [...]}')
    return parser
