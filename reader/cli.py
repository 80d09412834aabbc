"""Command-line interface: the reader by default, `list` and `check` for scripts."""

from __future__ import annotations

import argparse
import contextlib
import importlib
import json
import locale
import os
import shlex
import sys
from collections.abc import Callable, Sequence
from difflib import get_close_matches
from typing import Any, TypeVar

from .arguments import SUBCOMMANDS, check_parser, list_parser, reader_parser, serve_parser, status_parser
from .commands import clashes, ids
from .core.card import Entry, Problem
from .core.config import Config, load_config
from .core.dates import utc_now
from .core.db import SQL_SORTS, UNREADABLE, Fresh, Store, top
from .core.library import Library
from .core.load import LoadResult, load
from .core.query import Marks, Query, QueryError, parse
from .core.sanitize import printable_path
from .core.sorts import SORT_NAMES
from .core.state import State
from .core.view_settings import ViewSettings
from .core.views import Views, ViewSpec, topic
from .feeds.folder import feeds_folder
from .listing import entry_json, entry_line
from .progress import Progress
from .resources import seeds_folder

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2
CARDS_ENV = "NEWSREADER_CARDS"
COMMANDS_BY_NAME = tuple(name for name, _ in SUBCOMMANDS)


class UsageError(Exception):
    """A mistake on the command line, said in one sentence."""


def default_paths(config: Config | None = None) -> tuple[list[str], list[str]]:
    """$NEWSREADER_CARDS when set, else the config's folders and the feeds folder (when it
    holds cards), else the bundled sample cards; and a warning for each config folder that does
    not exist (the others are still read)."""
    folder = os.environ.get(CARDS_ENV, "").strip()
    if folder:
        if not os.path.isdir(folder):
            raise UsageError(f"${CARDS_ENV} is {folder!r}, which is not a folder")
        return [folder], []
    found: list[str] = []
    warnings: list[str] = []
    if config is not None and config.folders:
        found = [path for path in config.folders if os.path.exists(path)]
        warnings = [f"the folder {printable_path(path)} in {printable_path(str(config.path))} "
                    "does not exist; the other folders are read" for path in config.folders
                    if path not in found]
    feeds = feeds_folder()  # the cards of the feeds subscribed to, once there are any
    if feeds.is_dir() and next(feeds.glob("*.md"), None) is not None:
        found.append(str(feeds))
    if found or warnings:  # (config folders that are all missing: said, and nothing read)
        return found, warnings
    return [str(seeds_folder())], []


_CONFIG: Config | None = None


def _config() -> Config:
    """The config file, read once; a bad one is said on stderr and defaults are used."""
    global _CONFIG
    if _CONFIG is None:
        _CONFIG = load_config(known_actions=ids(), check_keys=clashes)
        if _CONFIG.problem:
            print(f"newsreader: {_CONFIG.problem}", file=sys.stderr)
    return _CONFIG


def _paths(given: Sequence[str]) -> tuple[list[str], list[str]]:
    """The paths to read, and warnings. A path given on the command line that does not exist is
    a usage error, for the reader, list and check alike; a missing config folder is a warning."""
    for position, path in enumerate(given):
        if not os.path.lexists(path):
            # The first word is where a command goes: `newsreader lst ~/news` is a typo of
            # `list` far more often than a path. Say both.
            command = get_close_matches(path, COMMANDS_BY_NAME, n=1, cutoff=0.6) if not position \
                else []
            rest = "".join(f" {shlex.quote(printable_path(p))}" for p in given[1:])
            hint = f"; did you mean 'newsreader {command[0]}{rest}'?" if command else ""
            raise UsageError(f"{printable_path(path)}: no such file or folder{hint}")
    return (list(given), []) if given else default_paths(_config())


def _say_skipped(count: int) -> None:
    if count:
        print(f"newsreader: skipped {count} file(s) that are not cards; "
              "'newsreader check' names them", file=sys.stderr)


def _load(args: argparse.Namespace) -> LoadResult:
    paths, warnings = _paths(args.paths)
    for warning in warnings:
        print(f"newsreader: {warning}", file=sys.stderr)
    progress = Progress()  # on a terminal, a long load says how far it is
    try:
        result = load(paths, use_index=not args.no_cache, on_progress=progress)
    finally:
        progress.end()
    for note in result.notes:
        print(f"newsreader: {printable_path(note)}", file=sys.stderr)
    return result


def _cmd_list(args: argparse.Namespace) -> int:
    if args.limit is not None and args.limit < 0:
        raise UsageError("--limit must be 0 or more")
    query, marks = _query(args.query) if args.query else (None, Marks())
    sort = SORT_NAMES[args.sort] if args.sort else _reader_sort()
    try:
        answered = _list_from_index(args, sort, query, marks)
    except _NoSuchTopic:
        return EXIT_PROBLEMS
    if answered is not None:
        entries, skipped = answered
    else:
        result = _load(args)
        skipped = len(result.problems)
        library = Library(result.entries, include_unpublished=args.include_unpublished,
                          all_copies=args.all)
        if sort == "rising":
            library.baseline = _seen_heats()
        if args.topic and not _has_topic([name for name, _ in library.topics()], args.topic):
            return EXIT_PROBLEMS
        spec = ViewSpec(topic(args.topic), sort, query=query)
        view = Views(library, marks, utc_now).top(spec, args.limit)
        entries = [library[index] for index in view]
    if args.json:
        json.dump([entry_json(entry) for entry in entries], sys.stdout, ensure_ascii=False,
                  indent=2)
        sys.stdout.write("\n")
    else:
        for entry in entries:
            sys.stdout.write(entry_line(entry) + "\n")
    _say_skipped(skipped)
    return EXIT_OK


def _list_from_index(args: argparse.Namespace, sort: str, query: Query | None,
                     marks: Marks) -> tuple[list[Entry], int] | None:
    """The first --limit cards and the files skipped, answered from the index database when it
    holds every file as it is now (a stat of each proves it): only those cards are read. None
    when the index cannot answer (no --limit, a sort SQL lacks, a change: a load does it)."""
    if args.limit is None or args.no_cache or sort not in SQL_SORTS:
        return None

    def answer(store: Store, fresh: Fresh) -> tuple[list[Entry], int]:
        if args.topic and not store.has_topic(args.topic) \
                and not _has_topic(store.topic_names(), args.topic):
            raise _NoSuchTopic
        if query is not None:
            store.set_marks(marks)
        return top(store, args.limit, sort=sort, topic=args.topic, query=query,
                         include_unpublished=args.include_unpublished, all_copies=args.all,
                         now=utc_now().timestamp()), fresh.problems

    return _from_index(args, answer)


def _from_index(args: argparse.Namespace, answer: Callable[[Store, Fresh], _Answer],
                ) -> _Answer | None:
    """answer(store, fresh) when the index database holds every file of the paths as it is
    now; None when it cannot say (none yet, a change, damage: a load then reads the cards,
    names any damage and rebuilds the index)."""
    paths, warnings = _paths(args.paths)
    store = Store.open(paths)
    if store is None:
        return None
    try:
        fresh = store.fresh()
        if not fresh.fresh:
            return None
        answered = answer(store, fresh)
    except UNREADABLE:
        return None
    except _NoSuchTopic:
        _say(warnings)
        raise
    finally:
        store.close()
    _say(warnings)
    return answered


def _say(warnings: Sequence[str]) -> None:
    for warning in warnings:
        print(f"newsreader: {warning}", file=sys.stderr)


_Answer = TypeVar("_Answer")


class _NoSuchTopic(Exception):
    """--topic names a topic no card has (said on stderr already)."""


def _has_topic(names: list[str], wanted: str) -> bool:
    """True when some card has the topic; else says so, naming the closest topics."""
    if wanted.casefold() in {name.casefold() for name in names}:
        return True
    folded = {name.casefold(): name for name in names}
    close = [folded[name] for name in get_close_matches(wanted.casefold(), folded, n=3,
                                                        cutoff=0.5)]
    hint = ("; the closest: " + ", ".join(close)) if close else (
        "; the topics are: " + ", ".join(names[:12]) + (" …" if len(names) > 12 else "")
        if names else "; these cards have no topics")
    print(f"newsreader: no card has the topic {printable_path(wanted)!r}{hint}",
          file=sys.stderr)
    return False


def _reader_sort() -> str:
    """The sort the reader shows: the one last chosen with s, else the config's."""
    state, _ = State.open(create=False)
    try:
        return ViewSettings.load(state, sort=_config().sort).sort
    finally:
        state.close()


def _seen_heats() -> dict[str, float]:
    """Each story's heat when the reader last showed it (the state's, only ever read): what
    the rising sort measures the gain from."""
    state, _ = State.open(create=False)
    try:
        return {story: heat for story, heat in state.seen().items() if heat is not None}
    finally:
        state.close()


def _query(text: str) -> tuple[Query, Marks]:
    """The --query search as the reader reads it, with the marks from the state file (only ever
    read: never created nor written)."""
    state, warning = State.open(create=False)
    if warning:
        print(f"newsreader: {warning}", file=sys.stderr)
    marks = Marks(frozenset(state.read), frozenset(state.starred))
    state.close()
    try:
        return parse(text, marks, utc_now()), marks
    except QueryError as error:
        raise UsageError(f"--query: {error}") from None


def _cmd_check(args: argparse.Namespace) -> int:
    answered = None if args.no_cache else _check_from_index(args)
    if answered is None:
        result = _load(args)
        answered = len(result.entries), result.problems
    cards, problems = answered
    if args.json:
        listed = [{"path": printable_path(p.path), "reason": p.reason} for p in problems]
        json.dump({"cards": cards, "problems": listed}, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        for problem in problems:
            print(f"{printable_path(problem.path)}: {problem.reason}")
        print(f"{cards} card(s) read, {len(problems)} file(s) skipped")
    return EXIT_PROBLEMS if problems else EXIT_OK


def _check_from_index(args: argparse.Namespace) -> tuple[int, list[Problem]] | None:
    """Cards and problems from the index database when a scan proves it holds every file as
    it is now; None when it cannot answer (a load then reads what changed)."""
    return _from_index(args, lambda store, fresh: (
        store.cards(), store.problems() + fresh.scan_problems))


def _print_config() -> int:
    config = _config()
    from .config_report import config_report  # only for --print-config

    for line in config_report(config, os.environ.get(CARDS_ENV, "").strip(), f"${CARDS_ENV}"):
        print(line)
    return EXIT_PROBLEMS if config.problem else EXIT_OK


def _cmd_tui(args: argparse.Namespace) -> int:
    if args.print_config:
        return _print_config()
    paths, warnings = _paths(args.paths)
    from .app import NewsReader  # Textual loads only when the reader itself runs

    feeds = not args.paths and not os.environ.get(CARDS_ENV, "").strip()  # the default library
    NewsReader(paths, include_unpublished=args.include_unpublished,
               use_index=not args.no_cache, config=_config(), warnings=warnings,
               feeds=feeds).run()
    return EXIT_OK


def _cmd_status(args: argparse.Namespace) -> int:
    from . import status  # the index and the library, only for this command

    paths, warnings = _paths(args.paths)
    for text in warnings:
        print(f"newsreader: {text}", file=sys.stderr)
    state, warning = State.open(create=False)
    if warning:
        print(f"newsreader: {warning}", file=sys.stderr)
    try:
        result = status.from_index(paths, state, include_unpublished=args.include_unpublished)
    finally:
        state.close()
    if args.json:
        json.dump(result, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        sys.stdout.write("\n".join(status.lines(result)) + "\n")
    return EXIT_OK


def _later(module: str, name: str) -> Callable[..., Any]:
    """A command's parser or function that loads its module only when called: serve and the
    feeds' commands bring aiohttp and httpx, which `list` never needs."""
    def call(*args: Any) -> Any:
        return getattr(importlib.import_module(f"reader.{module}"), name)(*args)
    return call


def run(argv: Sequence[str]) -> int:
    """Run the command line; returns the exit status. Errors are sentences, never tracebacks."""
    with contextlib.suppress(locale.Error):
        locale.setlocale(locale.LC_COLLATE, "")  # the title sort collates as the user's locale
    argv = _query_joined(list(argv))
    commands = {"list": (list_parser, _cmd_list), "check": (check_parser, _cmd_check),
                "serve": (serve_parser, _later("cli_serve", "cmd_serve")),
                "status": (status_parser, _cmd_status),
                "feeds": (_later("cli_feeds", "feeds_parser"), _later("cli_feeds", "cmd_feeds")),
                "fetch": (_later("cli_feeds", "fetch_parser"), _later("cli_feeds", "cmd_fetch"))}
    make_parser, command = commands.get(argv[0], (reader_parser, _cmd_tui)) if argv else (
        reader_parser, _cmd_tui)
    if argv and argv[0] in commands:
        argv = argv[1:]
    global _CONFIG
    _CONFIG = None
    try:
        args = make_parser().parse_args(argv)
        status = command(args)
        sys.stdout.flush()  # a full disk or a closed pipe is said here, not at exit
        return status
    except SystemExit as exit_:  # argparse: --help, --version and usage errors
        return exit_.code if isinstance(exit_.code, int) else EXIT_USAGE
    except UsageError as error:
        print(f"newsreader: {error}", file=sys.stderr)
        return EXIT_USAGE
    except BrokenPipeError:
        # `newsreader list | head`: the reader went away; that is not an error.
        _quiet_stdout()
        return EXIT_OK
    except KeyboardInterrupt:
        return 130
    except OSError as error:  # stdout on a full disk, or gone: one sentence, never a traceback
        _quiet_stdout()
        reason = error.strerror or type(error).__name__
        print(f"newsreader: the output could not be written ({reason}).", file=sys.stderr)
        return EXIT_PROBLEMS


def _query_joined(argv: list[str]) -> list[str]:
    """`--query -topic:ai` as `--query=-topic:ai`: a query may start with '-' (an exclusion),
    which argparse would otherwise take for an option."""
    joined: list[str] = []
    arguments = iter(argv)
    for argument in arguments:
        if argument == "--":
            joined += [argument, *arguments]
            break
        if argument == "--query":
            value = next(arguments, None)
            joined.append(argument if value is None else f"--query={value}")
        else:
            joined.append(argument)
    return joined


def _quiet_stdout() -> None:
    """Point stdout at /dev/null so that nothing more is tried on a broken one at exit."""
    with contextlib.suppress(OSError, ValueError):
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
