"""The core, the command table and the CLI's list/check path run without Textual.

Static contracts (lint-imports, pyproject.toml) cannot tell a module-scope import from a
deferred one; this test imports each module in a fresh interpreter and looks at what loaded.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

UI = ("textual", "rich")


def loaded_after(statement: str) -> set[str]:
    """The top-level packages in sys.modules after running `statement` in a new interpreter."""
    code = f"{statement}\nimport sys\nprint(' '.join(sorted({{m.split('.')[0] for m in sys.modules}})))"
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True)
    return set(out.stdout.split())


@pytest.mark.parametrize("module", [
    "reader.cli", "reader.commands", "reader.links", "reader.core.session", "reader.core.views",
    "reader.core.load", "reader.core.parse", "reader.core.config", "reader.core.state",
])
def test_no_textual_or_rich(module: str) -> None:
    loaded = loaded_after(f"import {module}")
    assert "reader" in loaded
    assert not loaded & set(UI), f"{module} loads {sorted(loaded & set(UI))}"


def test_the_cli_starts_without_the_yaml_stack_or_dateutil() -> None:
    # `newsreader list` on a warm index never parses a card: the YAML stack loads only if needed.
    loaded = loaded_after("import reader.cli")
    assert not loaded & {"yaml", "yaml_rs", "dateutil"}
    assert not loaded & {"httpx", "feedparser"}  # the feed libraries load only to fetch


def test_the_reader_imports_yaml_rs_on_its_main_thread() -> None:
    # yaml-rs 0.1.6 segfaults in loads() when it was first imported on a thread that has since
    # ended (the loader's worker) and is used on another: the snapshot tests crashed so once
    # session.py imported the parser lazily. Importing the app must load it, on the main thread.
    pytest.importorskip("yaml_rs")
    assert "yaml_rs" in loaded_after("import reader.app")


def test_listing_cards_never_loads_textual(tmp_path: object) -> None:
    from tests.conftest import SHARED_SEED

    loaded = loaded_after(f"from reader.cli import run\nrun(['list', {str(SHARED_SEED)!r}])")
    assert not loaded & set(UI)


def test_one_library_and_rooms_of_300_lines() -> None:
    """Issue 25: the cards are read from one library (reader.core.db.Library), never a second
    one in memory; and every file of the reader stays a room of 300 lines or fewer."""
    import importlib.util
    from pathlib import Path

    import reader

    for gone in ("reader.core.library", "reader.core.indexed_library", "reader.core.index",
                 "reader.core.store"):
        assert importlib.util.find_spec(gone) is None, gone
    root = Path(reader.__file__).parent
    over = {str(path.relative_to(root)): count for path in root.rglob("*.py")
            if (count := len(path.read_text(encoding="utf-8").splitlines())) > 300}
    assert over == {}
