"""`newsreader feeds add|import|export|list|remove` and `newsreader fetch` (Textual-free; the feed
libraries load only when a command fetches)."""

from __future__ import annotations

import argparse
import json
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

from .arguments import _Parser
from .cli import EXIT_OK, EXIT_PROBLEMS, UsageError
from .core.sanitize import clean_line, printable_path
from .core.state import State, StateError
from .core.subscriptions import Feed, Subscriptions
from .core.urls import refusal


def feeds_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="newsreader feeds",
                     description="The feeds you subscribe to: their entries become cards, one "
                     "per story, in the feeds folder ('newsreader fetch' fetches them).")
    actions = parser.add_subparsers(dest="action", metavar="add|import|export|list|remove",
                                    required=True)
    add = actions.add_parser("add", help="subscribe to a feed (a page's own feed is found)")
    add.add_argument("url")
    add.add_argument("--topic", default="", help="the topic its cards are under")
    add.add_argument("--name", default="", help="what to call it (default: the feed's title)")
    opml = actions.add_parser("import", help="subscribe to every feed of an OPML file")
    opml.add_argument("file")
    actions.add_parser("export", help="OPML 2.0 of every feed, on stdout")
    listing = actions.add_parser("list", help="every feed with its status")
    listing.add_argument("--json", action="store_true")
    remove = actions.add_parser("remove", help="unsubscribe (its cards go with it)")
    remove.add_argument("url")
    return parser


def fetch_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="newsreader fetch",
                     description="Fetch the feeds that are due and write their cards. Exit 0 when "
                     "every feed answered, 1 when any failed (each is named with its reason).")
    parser.add_argument("--json", action="store_true", help="one object per feed")
    return parser


def _state() -> State:
    state, warning = State.open()
    if warning:
        print(f"newsreader: {warning}", file=sys.stderr)
    if not state.writable:
        state.close()
        raise UsageError("the state file cannot be written, so subscriptions cannot be kept")
    return state


def cmd_feeds(args: argparse.Namespace) -> int:
    state = _state()
    try:
        return {"add": _add, "import": _import, "export": _export, "list": _list,
                "remove": _remove}[args.action](state, args)
    except StateError as error:
        raise UsageError(str(error)) from None
    finally:
        state.close()


def _http(url: str) -> str:
    url = url.strip()
    refused = refusal(url)
    if refused is not None:
        raise UsageError(f"{clean_line(url, 200)!r} is not a feed address: {refused}")
    return url


def _add(state: State, args: argparse.Namespace) -> int:
    url = _found(_http(args.url))
    added = Subscriptions(state).add(url, name=clean_line(args.name, 120),
                                     topic=clean_line(args.topic, 60))
    print(f"{'subscribed to' if added else 'already subscribed to'} {url}"
          + ("" if url == args.url.strip() else f" (the feed of {args.url.strip()})"))
    return EXIT_OK


def _found(url: str) -> str:
    """The feed a URL means: itself, or the first feed its page names (autodiscovery)."""
    from .feeds.http import Request, fetch
    from .feeds.parse import NotAFeed, alternates, parse

    [answer] = fetch([Request(url)])
    if answer.error or answer.status != 200 or answer.body is None:
        reason = answer.error or f"HTTP {answer.status}"
        raise UsageError(f"{url} could not be fetched ({reason}); nothing was subscribed")
    try:
        parse(answer.body, answer.final, answer.content_type)
        return answer.moved or url
    except NotAFeed as problem:
        found = alternates(answer.body, answer.final) if "HTML" in str(problem) else []
        if not found:
            raise UsageError(f"{url}: {problem}, and it names no feed") from None
        return found[0]


def _import(state: State, args: argparse.Namespace) -> int:
    from .feeds.opml import NotOpml, read

    try:
        outlines, skipped = read(Path(args.file).read_bytes())
    except OSError as error:
        raise UsageError(f"{printable_path(args.file)}: {error.strerror or error}") from None
    except NotOpml as problem:
        raise UsageError(f"{printable_path(args.file)} cannot be imported: {problem}") from None
    subscriptions, added = Subscriptions(state), 0
    for outline in outlines:
        added += subscriptions.add(outline.url, name=outline.name, topic=outline.topic)
    for reason in skipped:
        print(f"newsreader: skipped {reason}", file=sys.stderr)
    print(f"{added} feed(s) subscribed, {len(outlines) - added} already were"
          + (f", {len(skipped)} skipped" if skipped else ""))
    return EXIT_PROBLEMS if skipped else EXIT_OK


def _export(state: State, args: argparse.Namespace) -> int:
    from .feeds.opml import write

    sys.stdout.write(write(Subscriptions(state).all()))
    return EXIT_OK


def _when(seconds: float | None) -> str | None:
    if not seconds:
        return None
    return datetime.fromtimestamp(seconds, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _row(feed: Feed) -> dict[str, object]:
    return {"url": feed.url, "name": feed.label, "topic": feed.topic,
            "last_fetch": _when(feed.last_fetch), "status": feed.status,
            "entries": feed.entries, "error": feed.error or None,
            "next_try": _when(feed.next_try) if feed.next_try > time.time() else None}


def _list(state: State, args: argparse.Namespace) -> int:
    feeds = Subscriptions(state).all()
    if args.json:
        json.dump([_row(feed) for feed in feeds], sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return EXIT_OK
    if not feeds:
        print("no feeds yet: newsreader feeds add URL (or feeds import FILE.opml)")
    for feed in feeds:
        row = _row(feed)
        extra = f" · {feed.error}" if feed.error else ""
        later = f" · next try {row['next_try']}" if row["next_try"] else ""
        entries = f"{feed.entries} entr{'y' if feed.entries == 1 else 'ies'}"
        print(f"{feed.url}\t{clean_line(feed.label, 80)}\t{feed.topic or '-'}\t{feed.status} · "
              f"{entries} · fetched {row['last_fetch'] or 'never'}{extra}{later}")
    return EXIT_OK


def _remove(state: State, args: argparse.Namespace) -> int:
    from .feeds.run import forget

    if not forget(state, args.url.strip()):
        raise UsageError(f"not subscribed to {clean_line(args.url, 200)}")
    print(f"unsubscribed from {args.url.strip()}")
    return EXIT_OK


def cmd_fetch(args: argparse.Namespace) -> int:
    from .feeds.run import Result, run

    state = _state()
    terminal = sys.stderr.isatty() and not args.json

    def heard(result: Result, done: int, total: int) -> None:
        if terminal:
            print(f"\rfetching feeds {done}/{total}…", end="", file=sys.stderr, flush=True)

    from .cli import _config

    try:
        report = run(state, heard=heard, keep_days=_config().keep_days)
    finally:
        state.close()
    if terminal:
        print("\r\x1b[K", end="", file=sys.stderr, flush=True)
    if args.json:
        json.dump([{"url": r.url, "name": r.label, "status": r.status, "new": r.new,
                    "error": r.error or None, "moved_to": r.moved} for r in report.results],
                  sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        for result in report.failed:
            print(f"{result.url}: {result.error}")
        print(f"{len(report.results)} feed(s) fetched, {len(report.failed)} failed; "
              f"{report.stories} stories, {report.written} card(s) written, "
              f"{report.removed} removed")
    return EXIT_PROBLEMS if report.failed else EXIT_OK
