"""Command-line interface: the reader by default, `list` and `check` for scripts."""

from __future__ import annotations

import argparse
import contextlib
import importlib
import locale
import os
import shlex
import sys
from collections.abc import Callable, Sequence
from difflib import get_close_matches
from typing import Any

from .arguments import SUBCOMMANDS, check_parser, list_parser, reader_parser, serve_parser, status_parser
from .commands import clashes, ids
from .core.config import Config, load_config
from .core.sanitize import printable_path
from .feeds.folder import feeds_folder
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














class CommandError(Exception):
    """A command could not do its work: one sentence, and exit status 1."""












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
    from .memory import keep_little

    keep_little()  # malloc set before any thread starts
    from . import graphics  # the terminal is asked what pictures it draws while Textual loads

    asking = graphics.ask(_config().images)
    from .app import NewsReader  # Textual loads only when the reader itself runs

    feeds = not args.paths and not os.environ.get(CARDS_ENV, "").strip()  # the default library
    reader = NewsReader(paths, include_unpublished=args.include_unpublished,
                        use_index=not args.no_cache, config=_config(), warnings=warnings,
                        feeds=feeds)
    if asking is not None:
        asking.join(2.0)  # before Textual reads the keyboard (the answers would be keys)
    reader.run()
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
    commands = {"list": (list_parser, _later("cli_cards", "cmd_list")),
                "check": (check_parser, _later("cli_cards", "cmd_check")),
                "serve": (serve_parser, _later("cli_serve", "cmd_serve")),
                "status": (status_parser, _later("cli_cards", "cmd_status")),
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
