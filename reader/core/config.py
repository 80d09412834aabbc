"""The user's settings: $XDG_CONFIG_HOME/newsreader/config.toml, read with tomllib.

    folders = ["~/news/cards"]      # used when no PATH is given (after $NEWSREADER_CARDS)
    sort = "hot"                    # heat, hot, newest, quality or title
    hide_read = true
    theme = "nord"                  # any Textual theme (ctrl+p, "theme")

    [keys]                          # an action's id = the keys for it, comma-separated
    open = "enter,o"
    toggle_star = "s"
    sort = "S"

A file that cannot be used gives one sentence naming the file and the line, and every setting
keeps its default: a half-applied config is harder to understand than none.
"""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Collection
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import platformdirs

from .files import NotRegularFile, os_reason, read_regular
from .sorts import SORT_NAMES

MAX_CONFIG_BYTES = 1024 * 1024


def config_file() -> Path:
    """$XDG_CONFIG_HOME/newsreader/config.toml (or the platform's equivalent)."""
    return Path(platformdirs.user_config_dir("newsreader", appauthor=False)) / "config.toml"


@dataclass(slots=True)
class Config:
    """Effective settings, and where each came from ("default" or the config file)."""

    path: Path
    folders: list[str] = field(default_factory=list)
    sort: str = "heat"
    hide_read: bool = False
    theme: str | None = None
    keys: dict[str, str] = field(default_factory=dict)
    sources: dict[str, str] = field(default_factory=dict)
    problem: str | None = None
    """The sentence to show when the file could not be used (then everything is default)."""
    found: bool = False

    def source(self, name: str) -> str:
        return self.sources.get(name, "default")


class _Bad(Exception):
    def __init__(self, message: str, line: int | None) -> None:
        super().__init__(message)
        self.line = line


def load_config(path: Path | None = None, *, known_actions: Collection[str]) -> Config:
    """Read the config file; a missing file is all defaults, a bad one defaults and a problem.

    `known_actions`: the command ids [keys] may remap (reader.commands.ids())."""
    path = path or config_file()
    config = Config(path)
    try:
        # Only a regular file of sane size: a FIFO would hang every command, /dev/zero fill memory.
        # A UTF-8 BOM (as some Windows editors write) is fine.
        text = read_regular(path, MAX_CONFIG_BYTES).decode("utf-8-sig")
    except FileNotFoundError:
        return config
    except NotRegularFile as error:
        config.problem = f"{path}: {error}; using the default settings."
        return config
    except (OSError, UnicodeDecodeError) as error:
        reason = os_reason(error) if isinstance(error, OSError) else f"not UTF-8 text ({error})"
        config.problem = f"{path}: cannot be read: {reason}; using the default settings."
        return config
    config.found = True
    try:
        data = tomllib.loads(text)
        _apply(config, data, text, known_actions)
    except tomllib.TOMLDecodeError as error:
        where = re.search(r"\(at line (\d+), column (\d+)\)", str(error))
        what = re.sub(r"\s*\(at line \d+, column \d+\)", "", str(error))
        line = f"line {where.group(1)}: " if where else ""
        fresh = Config(path, found=True)
        fresh.problem = f"{path}: {line}{what.lower()}; using the default settings."
        return fresh
    except _Bad as bad:
        fresh = Config(path, found=True)
        line = f"line {bad.line}: " if bad.line else ""
        fresh.problem = f"{path}: {line}{bad}; using the default settings."
        return fresh
    return config


def _line_of(text: str, key: str, table: str | None = None) -> int | None:
    """The line where `key = ...` is written: inside [table] when given, else anywhere (an
    inline table, a dotted key), else the line of the table itself."""
    inside = table is None
    anywhere = None
    pattern = re.compile(rf'(^|[{{,.\s])["\']?{re.escape(key)}["\']?\s*=')
    for number, line in enumerate(text.splitlines(), 1):
        stripped = line.strip()
        if stripped.startswith("["):
            inside = table is not None and stripped.strip("[] ") == table
            if table is None and stripped.strip("[] ") == key:
                return number
            continue
        if inside and re.match(rf'^["\']?{re.escape(key)}["\']?\s*=', stripped):
            return number
        if anywhere is None and pattern.search(stripped):
            anywhere = number
    if anywhere is None and table is not None:
        return _line_of(text, table)
    return anywhere


def _apply(config: Config, data: dict[str, Any], text: str, known_actions: Collection[str]) -> None:
    def bad(message: str, key: str, table: str | None = None) -> _Bad:
        return _Bad(message, _line_of(text, key, table))

    for key, value in data.items():
        if key == "folders":
            folders = [value] if isinstance(value, str) else value
            if not isinstance(folders, list) or not all(isinstance(f, str) for f in folders):
                raise bad("'folders' must be a list of paths, as in folders = [\"~/cards\"]", key)
            config.folders = [os.path.expanduser(folder) for folder in folders]
        elif key == "sort":
            if not isinstance(value, str) or value not in SORT_NAMES:
                raise bad(f"'sort' must be one of heat, hot, newest, quality, title, not {value!r}",
                          key)
            config.sort = SORT_NAMES[value]
        elif key == "hide_read":
            if not isinstance(value, bool):
                raise bad("'hide_read' must be true or false", key)
            config.hide_read = value
        elif key == "theme":
            if not isinstance(value, str) or not value:
                raise bad("'theme' must be the name of a theme, as in theme = \"nord\"", key)
            config.theme = value
        elif key == "keys":
            if not isinstance(value, dict):
                raise bad("'keys' must be a table: [keys] then lines like open = \"enter,o\"", key)
            for action, keys in value.items():
                if action not in known_actions:
                    raise bad(f"[keys]: no action is called {action!r} (they are: "
                              + ", ".join(sorted(known_actions)) + ")", action, "keys")
                if not isinstance(keys, str) or not keys.strip(" ,"):
                    raise bad(f"[keys] {action} must be keys in quotes, as in {action} = \"x\"",
                              action, "keys")
                config.keys[action] = ",".join(k.strip() for k in keys.split(",") if k.strip())
            config.sources["keys"] = "config file"
            continue
        else:
            raise bad(f"unknown setting {key!r} (known: folders, sort, hide_read, theme, [keys])",
                      key)
        config.sources[key] = "config file"
