"""newsreader: a keyboard-driven terminal reader for news cards."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("newsreader")
except PackageNotFoundError:  # pragma: no cover - running from a bare checkout
    __version__ = "0.0.0+unknown"
