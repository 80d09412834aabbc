"""Command-line interface: the reader by default, `list` and `check` for scripts."""

from __future__ import annotations

import argparse
import contextlib
import json
import locale
import os
import sys
from collections.abc import Sequence

from . import __version__
from .commands import ids
from .config_report import config_report
from .core.config import Config, load_config
from .core.dates import utc_now
from .core.library import Library
from .core.load import LoadResult, load
from .core.query import Marks, Query, QueryError, parse
from .core.sanitize import printable_path
from .core.sorts import SORT_NAMES
from .core.state import State
from .core.view_settings import ViewSettings
from .core.views import Views, ViewSpec, topic
from .listing import entry_json, entry_line
from .resources import seeds_folder

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2
CARDS_ENV = "NEWSREADER_CARDS"


class UsageError(Exception):
    """A mistake on the command line, said in one sentence."""


def default_paths(config: Config | None = None) -> list[str]:
    """$NEWSREADER_CARDS when set, else the config's folders, else the bundled sample cards."""
    folder = os.environ.get(CARDS_ENV, "").strip()
    if folder:
        if not os.path.isdir(folder):
            raise UsageError(f"${CARDS_ENV} is {folder!r}, which is not a folder")
        return [folder]
    if config is not None and config.folders:
        return list(config.folders)
    return [str(seeds_folder())]


_CONFIG: Config | None = None


def _config() -> Config:
    """The config file, read once; a bad one is said on stderr and defaults are used."""
    global _CONFIG
    if _CONFIG is None:
        _CONFIG = load_config(known_actions=ids())
        if _CONFIG.problem:
            print(f"newsreader: {_CONFIG.problem}", file=sys.stderr)
    return _CONFIG


def _paths(given: Sequence[str]) -> list[str]:
    return list(given) if given else default_paths(_config())


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


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="newsreader",
        description="Read news cards in the terminal. With no PATH: $NEWSREADER_CARDS, "
        "else the folders in config.toml, else the bundled sample cards.",
        epilog="Subcommands: 'newsreader list --help', 'newsreader check --help'.",
    )
    parser.add_argument("--version", action="version", version=f"newsreader {__version__}")
    parser.add_argument("--print-config", action="store_true",
                        help="show the effective settings and where each came from, then exit")
    _common(parser)
    return parser


def _list_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="newsreader list", description="Print the cards in the reader's order."
    )
    _common(parser)
    parser.add_argument("--topic", help="only cards with this topic (any case)")
    parser.add_argument("--sort", choices=list(SORT_NAMES), metavar="SORT",
                        help="heat, hot, newest (or date), quality or title (default: the "
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


def _check_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="newsreader check",
        description="Load every file and name each one that is not a readable card. "
        "Exit 0 when all are cards, 1 when any was skipped.",
    )
    _common(parser)
    parser.add_argument("--json", action="store_true", help='{"cards": N, "problems": [...]}')
    return parser


def _say_skipped(result: LoadResult) -> None:
    if result.problems:
        print(f"newsreader: skipped {len(result.problems)} file(s) that are not cards; "
              "'newsreader check' names them", file=sys.stderr)


def _load(args: argparse.Namespace) -> LoadResult:
    result = load(_paths(args.paths), use_index=not args.no_cache)
    for note in result.notes:
        print(f"newsreader: {printable_path(note)}", file=sys.stderr)
    return result


def _cmd_list(args: argparse.Namespace) -> int:
    if args.limit is not None and args.limit < 0:
        raise UsageError("--limit must be 0 or more")
    query, marks = _query(args.query) if args.query else (None, Marks())
    result = _load(args)
    library = Library(result.entries, include_unpublished=args.include_unpublished,
                      all_copies=args.all)
    spec = ViewSpec(topic(args.topic), SORT_NAMES[args.sort] if args.sort else _reader_sort(),
                    query=query)
    view = Views(library, marks, utc_now).top(spec, args.limit)
    entries = [library[index] for index in view]
    if args.json:
        json.dump([entry_json(entry) for entry in entries], sys.stdout, ensure_ascii=False,
                  indent=2)
        sys.stdout.write("\n")
    else:
        for entry in entries:
            sys.stdout.write(entry_line(entry) + "\n")
    _say_skipped(result)
    return EXIT_OK


def _reader_sort() -> str:
    """The sort the reader shows: the one last chosen with s, else the config's."""
    state, _ = State.open(create=False)
    try:
        return ViewSettings.load(state, sort=_config().sort).sort
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
    result = _load(args)
    if args.json:
        problems = [{"path": printable_path(p.path), "reason": p.reason} for p in result.problems]
        json.dump({"cards": len(result.entries), "problems": problems}, sys.stdout,
                  ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        for problem in result.problems:
            print(f"{printable_path(problem.path)}: {problem.reason}")
        print(f"{len(result.entries)} card(s) read, {len(result.problems)} file(s) skipped")
    return EXIT_PROBLEMS if result.problems else EXIT_OK


def _print_config() -> int:
    config = _config()
    for line in config_report(config, os.environ.get(CARDS_ENV, "").strip(), f"${CARDS_ENV}"):
        print(line)
    return EXIT_PROBLEMS if config.problem else EXIT_OK


def _cmd_tui(args: argparse.Namespace) -> int:
    if args.print_config:
        return _print_config()
    paths = _paths(args.paths)
    for path in paths:
        if not os.path.exists(path):
            raise UsageError(f"{path}: no such file or folder")
    from .app import NewsReader  # Textual loads only when the reader itself runs

    NewsReader(paths, include_unpublished=args.include_unpublished,
               use_index=not args.no_cache, config=_config()).run()
    return EXIT_OK


def run(argv: Sequence[str]) -> int:
    """Run the command line; returns the exit status. Errors are sentences, never tracebacks."""
    with contextlib.suppress(locale.Error):
        locale.setlocale(locale.LC_COLLATE, "")  # the title sort collates as the user's locale
    argv = _query_joined(list(argv))
    commands = {"list": (_list_parser, _cmd_list), "check": (_check_parser, _cmd_check)}
    make_parser, command = commands.get(argv[0], (_parser, _cmd_tui)) if argv else (
        _parser, _cmd_tui)
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
