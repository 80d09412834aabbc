"""`newsreader serve`: its checks of the options, then the server (aiohttp and textual-serve load
only for this command)."""

from __future__ import annotations

import argparse
import sys

from . import serve
from .cli import EXIT_OK, UsageError, _paths


def cmd_serve(args: argparse.Namespace) -> int:
    if not 0 < args.port < 65536:
        raise UsageError(f"--port must be 1 to 65535, not {args.port}")
    if not 0 < args.max_tabs <= 64:
        raise UsageError(f"--max-tabs must be 1 to 64, not {args.max_tabs}")
    secret, problem = serve.token(args.token)
    if problem:
        raise UsageError(f"--token: {problem}")
    paths, warnings = _paths(args.paths)
    for text in [*warnings, *filter(None, [serve.warning(args.host)])]:
        print(f"newsreader: {text}", file=sys.stderr)
    try:
        serve.serve(serve.command_line(paths, include_unpublished=args.include_unpublished,
                                       no_cache=args.no_cache), args.host, args.port,
                    secret=secret, allowed=args.allow_host, max_tabs=args.max_tabs)
    except OSError as error:
        raise UsageError(f"cannot serve on {args.host}:{args.port}: "
                         f"{error.strerror or error}") from None
    return EXIT_OK
