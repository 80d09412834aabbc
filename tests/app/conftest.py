"""Fixtures for driving the reader: a browser and a clipboard that record what reached them."""

from __future__ import annotations

import pyperclip
import pytest

from reader import links
from tests.app.helpers import FakeBrowser


@pytest.fixture
def browser(monkeypatch: pytest.MonkeyPatch) -> FakeBrowser:
    """Stands in for the user's browser: `browser.opened` lists the URLs it was handed."""
    fake = FakeBrowser()
    monkeypatch.setattr(links, "find_browser", lambda: fake)
    return fake


@pytest.fixture
def clipboard(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Stands in for the system clipboard: the texts copied, in order."""
    copied: list[str] = []
    monkeypatch.setattr(pyperclip, "copy", copied.append)
    return copied
