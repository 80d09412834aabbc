"""newsreader: a keyboard-driven terminal reader for news cards."""

__version__ = "0.1.0"
