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
from .core.card import Entry
from .core.config import Config, load_config
from .core.dates import utc_now
from .core.db import (
    SQL_SORTS,
    UNREADABLE,
    Columns,
    Damaged,
    Library,
    discard,
    index_file,
    top,
)
from .core.indexing import Index, NoIndex, open_index
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


def _asked(args: argparse.Namespace, answer: Callable[[Index], _Answer], *,
           scan: bool = True) -> _Answer:
    """answer(index) of the paths' index as it is now (core/indexing.py: a load first when a
    scan finds a change). A hand-edited index is named, removed and built again, as the
    reader does; one that cannot be read now (locked, I/O) is read into a temporary one, so
    the command still answers."""
    paths, warnings = _paths(args.paths)
    _say(warnings)
    temporary = args.no_cache
    for _attempt in range(3):
        progress = Progress()  # on a terminal, a long load says how far it is
        try:
            index = open_index(paths, temporary=temporary, scan=scan, on_progress=progress)
        except NoIndex as error:
            raise CommandError(f"the cards cannot be read: {printable_path(str(error))}") from None
        except UNREADABLE as error:
            temporary = _unreadable(error, temporary)
            continue
        finally:
            progress.end()
        try:
            for note in index.notes:
                print(f"newsreader: {printable_path(note)}", file=sys.stderr)
            return answer(index)
        except UNREADABLE as error:
            temporary = _unreadable(error, temporary)
        finally:
            index.close()
    raise CommandError("the index of these cards cannot be read, even built again")


def _unreadable(error: Exception, temporary: bool) -> bool:
    """What to do about an index that could not answer: whether to read the cards into a
    temporary one next (a hand-edited cache index is named and removed: built again)."""
    if temporary or not isinstance(error, Damaged):
        return True
    print(f"newsreader: the index {printable_path(str(index_file()))} is damaged ({error}); "
          "rebuilding it", file=sys.stderr)
    discard()
    return False


def _cmd_list(args: argparse.Namespace) -> int:
    if args.limit is not None and args.limit < 0:
        raise UsageError("--limit must be 0 or more")
    query, marks = _query(args.query) if args.query else (None, Marks())
    sort = SORT_NAMES[args.sort] if args.sort else _reader_sort()
    baseline = _seen_heats() if sort == "rising" else {}

    def answer(index: Index) -> tuple[list[Entry], int] | None:
        store = index.store
        if args.topic and not store.has_topic(args.topic) \
                and not _has_topic(store.topic_names(args.include_unpublished), args.topic):
            return None
        if args.limit is not None and sort in SQL_SORTS:  # the first rows alone, by SQL
            if query is not None:
                store.set_marks(marks)
            return top(store, args.limit, sort=sort, topic=args.topic, query=query,
                       include_unpublished=args.include_unpublished, all_copies=args.all,
                       now=utc_now().timestamp()), len(index.problems)
        store.db.execute("BEGIN")  # the snapshot the library reads its rows from
        library = Library(Columns.of(store), include_unpublished=args.include_unpublished,
                                 all_copies=args.all)
        library.now = utc_now().timestamp()
        library.baseline = baseline
        view = Views(library, marks, utc_now).top(ViewSpec(topic(args.topic), sort, query=query),
                                                  args.limit)
        entries = [library[number] for number in view]
        if library.damage is not None:
            raise Damaged(library.damage)
        return entries, len(index.problems)

    answered = _asked(args, answer)
    if answered is None:
        return EXIT_PROBLEMS
    entries, skipped = answered
    if args.json:
        json.dump([entry_json(entry) for entry in entries], sys.stdout, ensure_ascii=False,
                  indent=2)
        sys.stdout.write("\n")
    else:
        for entry in entries:
            sys.stdout.write(entry_line(entry) + "\n")
    _say_skipped(skipped)
    return EXIT_OK


def _say(warnings: Sequence[str]) -> None:
    for warning in warnings:
        print(f"newsreader: {warning}", file=sys.stderr)


_Answer = TypeVar("_Answer")


class CommandError(Exception):
    """A command could not do its work: one sentence, and exit status 1."""


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
    cards, problems = _asked(args, lambda index: (index.store.cards(), index.problems))
    if args.json:
        listed = [{"path": printable_path(p.path), "reason": p.reason} for p in problems]
        json.dump({"cards": cards, "problems": listed}, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        for problem in problems:
            print(f"{printable_path(problem.path)}: {problem.reason}")
        print(f"{cards} card(s) read, {len(problems)} file(s) skipped")
    return EXIT_PROBLEMS if problems else EXIT_OK


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
    from . import status  # the counts, only for this command

    state, warning = State.open(create=False)
    if warning:
        print(f"newsreader: {warning}", file=sys.stderr)
    try:
        result = _asked(args, lambda index: status.counted(
            index.store, state, include_unpublished=args.include_unpublished), scan=False)
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
    except CommandError as error:
        print(f"newsreader: {error}", file=sys.stderr)
        return EXIT_PROBLEMS
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
