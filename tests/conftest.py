"""Shared fixtures: a frozen clock, UTC, an isolated environment, and a way to write cards."""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import yaml

os.environ["TZ"] = "UTC"
time.tzset()

SHARED_SEED = Path(__file__).resolve().parent.parent / "seeds"
NOW = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)


def frozen_clock() -> datetime:
    return NOW


@pytest.fixture(autouse=True)
def isolated_env(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """No test reads or writes the real user's folders, clipboard or browser settings."""
    home = tmp_path_factory.mktemp("home")
    for name in ("XDG_CACHE_HOME", "XDG_STATE_HOME", "XDG_CONFIG_HOME", "XDG_DATA_HOME"):
        monkeypatch.setenv(name, str(home / name.lower()))
    monkeypatch.delenv("NEWSREADER_CARDS", raising=False)
    monkeypatch.delenv("BROWSER", raising=False)


@pytest.fixture
def seeds() -> Path:
    """The bundled sample cards, as in the checkout."""
    return SHARED_SEED


CardWriter = Callable[..., Path]


@pytest.fixture
def write_card(tmp_path: Path) -> CardWriter:
    """write_card(name, **fields) writes a card with YAML front matter into tmp_path/cards."""
    folder = tmp_path / "cards"
    folder.mkdir(exist_ok=True)

    def write(name: str, body: str = "", **fields: Any) -> Path:
        path = folder / name
        front = yaml.safe_dump(fields, allow_unicode=True, sort_keys=False)
        path.write_text(f"---\n{front}---\n{body}", encoding="utf-8")
        return path

    return write


def card_fields(title: str, heat: int = 50, **more: Any) -> dict[str, Any]:
    """A plausible card's fields."""
    slug = "".join(ch if ch.isalnum() else "-" for ch in title.lower())
    fields: dict[str, Any] = {
        "title": title,
        "excerpt": f"About {title}.",
        "publishedDateTime": "2026-11-25T12:00:00Z",
        "webUrl": f"https://news.example/{slug}",
        "heat": heat,
        "quality": 50,
        "provider": {"name": "Example News", "domain": "news.example"},
        "topics": ["World"],
    }
    fields.update(more)
    return fields
