"""Shared fixtures: a frozen clock, UTC, an isolated environment, and a way to write cards.

Every test runs with HOME and the XDG folders in a temporary folder, a browser and a clipboard
that only record what reached them, and the UI's debounce delays at zero (tests wait on
conditions, never on the clock).
"""

from __future__ import annotations

import gc
import io
import os
import sys
import tempfile
import time
from collections.abc import Callable, Generator, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pyperclip
import pytest
import yaml
from textual import _wait
from textual._styles_cache import StylesCache

from reader import graphics, links
from reader.widgets import detail, search
from tests.installed import CHECKOUT, stale_files

# textual-image asks the terminal what it draws when first imported; in the tests it must not
# (no test has a terminal to answer, and pytest may run in one): imported here, with no
# terminal on stdout, it draws in half cells.
_stdout = sys.__stdout__
sys.__stdout__ = io.StringIO()  # type: ignore[assignment, misc]
try:
    import textual_image.widget  # noqa: F401
finally:
    sys.__stdout__ = _stdout  # type: ignore[misc]

# Pilot waits for the app to go idle by sleeping 20 ms at a time until a sleep costs the process
# under 1 ms of CPU: at least 40 ms a key pressed, most of the suite's wall time. Asked in 4 ms
# steps (under 0.2 ms of CPU each), it still waits until the app, its threads included, is idle.
_wait.SLEEP_GRANULARITY = 0.004
_wait.SLEEP_IDLE = _wait.SLEEP_GRANULARITY / 20


def pytest_configure(config: pytest.Config) -> None:
    """Refuse to test an installed newsreader that is not this checkout's code (the workers
    run what the controller checked)."""
    if hasattr(config, "workerinput"):
        return
    stale = stale_files()
    if stale:
        shown = ", ".join(stale[:5]) + (f" and {len(stale) - 5} more" if len(stale) > 5 else "")
        raise pytest.UsageError(
            f"the tests run the installed newsreader, and it is not this checkout's code ({shown}):"
            " reinstall it (.venv/bin/pip install '.[test]'), or install it with -e while you"
            " change it")


def pytest_collection_finish(session: pytest.Session) -> None:
    """What the worker imported and collected lives to the end: kept out of the collector."""
    gc.collect()
    gc.freeze()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_protocol(item: pytest.Item, nextitem: pytest.Item | None,
                            ) -> Generator[None, object, object]:
    """Each Pilot test leaves a dead app behind, 30,000-90,000 objects in cycles, that only a
    full collection frees; a full collection also walks every object still alive, and that
    walk was a fifth of the suite's CPU. So each test's garbage is freed when it ends, and what
    it left alive (caches, interned names) is frozen: later full collections walk only what
    the running test made. A frozen object is never collected: a cycle that a later test lets go
    of stays until the worker ends, which is what a worker's caches do anyway."""
    try:
        return (yield)
    finally:
        gc.collect()
        gc.freeze()


os.environ["TZ"] = "UTC"
time.tzset()


def _temporary_folders_in_memory() -> None:
    """The tests write thousands of small cards and SQLite files, and SQLite and the state file
    sync them to disk: on a disk that was 4 s of the suite's system CPU. Where Linux has a
    memory file system with room (/dev/shm), the temporary folders go there, unless TMPDIR
    says where they go. Nothing the tests check depends on the disk: a killed process loses
    what it did not write either way. Set here, before pytest makes its folders; the workers,
    and every process a test starts, inherit it."""
    memory = Path("/dev/shm")
    if "TMPDIR" in os.environ or not os.access(memory, os.W_OK | os.X_OK):
        return
    room = os.statvfs(memory)
    if room.f_bavail * room.f_frsize >= 2 << 30:  # the suite's folders are ~150 MB at most
        os.environ["TMPDIR"] = str(memory)
        tempfile.tempdir = None  # asked again, from TMPDIR


_temporary_folders_in_memory()


def _processes_run_the_installed_reader() -> None:
    """A test that starts `python -m reader` from the checkout would run the checkout's reader/,
    which Python puts first on the path, and not the package that was installed (pyproject.toml
    has the tests themselves import the installed one). PYTHONSAFEPATH keeps that folder off
    the path of every process the tests start, the xdist workers included."""
    os.environ.setdefault("PYTHONSAFEPATH", "1")


_processes_run_the_installed_reader()

SHARED_SEED = CHECKOUT / "seeds"
NOW = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)


def frozen_clock() -> datetime:
    return NOW


@pytest.fixture(autouse=True)
def isolated_env(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """No test reads or writes the real user's folders or browser settings (HOME too: macOS
    ignores the XDG variables)."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    for name in ("XDG_CACHE_HOME", "XDG_STATE_HOME", "XDG_CONFIG_HOME", "XDG_DATA_HOME"):
        monkeypatch.setenv(name, str(home / name.lower()))
    monkeypatch.delenv("NEWSREADER_CARDS", raising=False)
    monkeypatch.delenv("BROWSER", raising=False)


@dataclass
class FakeBrowser:
    """Stands in for webbrowser's browser: records what it was asked to open."""

    name: str = "firefox"
    opened: list[str] = field(default_factory=list)

    def open(self, url: str, new: int = 0, autoraise: bool = True) -> bool:
        self.opened.append(url)
        return True


@pytest.fixture(autouse=True)
def browser(monkeypatch: pytest.MonkeyPatch) -> FakeBrowser:
    """Stands in for the user's browser in every test: `browser.opened` lists the URLs."""
    fake = FakeBrowser()
    monkeypatch.setattr(links, "find_browser", lambda: fake)
    return fake


@pytest.fixture(autouse=True)
def clipboard(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Stands in for the system clipboard in every test: the texts copied, in order."""
    copied: list[str] = []
    monkeypatch.setattr(pyperclip, "copy", copied.append)
    return copied


@pytest.fixture(autouse=True)
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """No test reaches a real host: a request for anything but this machine's local servers
    is answered with an error (the seed's ft.com page, read with Enter, say)."""
    from reader.feeds import http

    real = http.fetch

    def local_only(requests: Any, **options: Any) -> list[http.Answer]:
        local = [r for r in requests if urlsplit(r.url).hostname in ("127.0.0.1", "localhost")]
        answered = {id(r): a for r, a in zip(local, real(local, **options) if local else [],
                                                strict=True)}
        return [answered.get(id(r)) or http.Answer(r.url, error="no network in the tests")
                for r in requests]

    monkeypatch.setattr(http, "fetch", local_only)


@pytest.fixture(autouse=True)
def no_pictures(monkeypatch: pytest.MonkeyPatch) -> None:
    """No picture is drawn, so none is fetched (tests of pictures use `pictures`)."""
    monkeypatch.setattr(graphics, "drawn_with", lambda: None)


@pytest.fixture
def pictures(monkeypatch: pytest.MonkeyPatch) -> None:
    """Pictures drawn as with no terminal: in half cells (textual-image's renderer)."""
    from textual_image.widget import HalfcellImage

    monkeypatch.setattr(graphics, "drawn_with", lambda: HalfcellImage)


@pytest.fixture(autouse=True)
def textuals_caches_let_go() -> Iterator[None]:
    """Textual caches StylesCache.get_inner_outer with lru_cache(1024) on the method, which
    keeps the last 1,024 widgets' render caches alive whatever became of their widgets: 300,000
    objects after 24 app tests, which every full collection of the worker then walks."""
    yield
    StylesCache.get_inner_outer.cache_clear()


@pytest.fixture(autouse=True)
def no_delays(monkeypatch: pytest.MonkeyPatch) -> None:
    """The story pane and the search follow at once; a card becomes read only when a test
    asks (tests/app/test_workflow.py sets READ_AFTER itself)."""
    monkeypatch.setattr(detail, "DETAIL_DELAY", 0.0)
    monkeypatch.setattr(detail, "READ_AFTER", 3600.0)
    monkeypatch.setattr(search, "SEARCH_DELAY", 0.0)


@pytest.fixture(autouse=True)
def no_watching(monkeypatch: pytest.MonkeyPatch) -> None:
    """The reader does not watch its folders in tests that rewrite cards to test something
    else; tests/app/test_living.py turns watching back on (the `watching` fixture)."""
    import reader.loading

    monkeypatch.setattr(reader.loading, "watch", lambda *args, **kwargs: None)


@pytest.fixture
def seeds() -> Path:
    """The bundled sample cards, as in the checkout."""
    return SHARED_SEED


CardWriter = Callable[..., Path]

_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)  # libyaml: 5x faster than PyYAML's own


def front_matter(fields: dict[str, Any]) -> str:
    """A card's YAML front matter, fields in the order given (between the fences)."""
    return yaml.dump(fields, Dumper=_DUMPER, allow_unicode=True, sort_keys=False)


@pytest.fixture
def write_card(tmp_path: Path) -> CardWriter:
    """write_card(name, **fields) writes a card with YAML front matter into tmp_path/cards."""
    folder = tmp_path / "cards"
    folder.mkdir(exist_ok=True)

    def write(name: str, body: str = "", **fields: Any) -> Path:
        path = folder / name
        path.write_text(f"---\n{front_matter(fields)}---\n{body}", encoding="utf-8")
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
