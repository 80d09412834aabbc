"""Where the bundled seeds/ and styles/ are: inside the installed package, or beside it in a checkout."""

from __future__ import annotations

from pathlib import Path

_HERE = Path(__file__).resolve().parent


def _folder(name: str) -> Path:
    for candidate in (_HERE / name, _HERE.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"the bundled {name}/ folder is missing from this installation")


def seeds_folder() -> Path:
    """The bundled sample cards."""
    return _folder("seeds")


def styles_folder() -> Path:
    """The Textual CSS files."""
    return _folder("styles")
