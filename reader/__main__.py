"""The `newsreader` command."""

from __future__ import annotations

import sys


def main() -> None:
    """Entry point of the `newsreader` script. Ctrl-C at any moment exits 130, quietly."""
    try:
        from .cli import run

        status = run(sys.argv[1:])
    except KeyboardInterrupt:
        status = 130
    sys.exit(status)


if __name__ == "__main__":
    main()
