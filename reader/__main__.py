"""The `newsreader` command."""

from __future__ import annotations

import sys

from .cli import run


def main() -> None:
    """Entry point of the `newsreader` script."""
    sys.exit(run(sys.argv[1:]))


if __name__ == "__main__":
    main()
