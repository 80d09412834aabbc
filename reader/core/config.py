"""The user's settings: $XDG_CONFIG_HOME/newsreader/config.toml, read with tomllib.

    folders = ["~/news/cards"]      # used when no PATH is given (after $NEWSREADER_CARDS)
    sort = "hot"                    # heat, hot, newest, quality, title or rising
    hide_read = true
    read_after = 2                  # seconds in view before a card is read; 0: only opening
    watch = "auto"                  # new and changed cards appear while reading: auto, poll, off
    theme = "nord"                  # any Textual theme (ctrl+p, "theme")

    [keys]                          # an action's id = the keys for it, comma-separated
    open = "enter,o"
    toggle_star = "s"
    sort = "S"

A bad value costs only its own setting: it is named with the file, the line and the reason, and
every other setting applies (a wrong `sort` must not throw away the user's `folders`). A file that
cannot be read or parsed as TOML at all gives one sentence, and every setting keeps its default.
"""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import platformdirs

from .files import NotRegularFile, os_reason, read_regular
from .sorts import SORT_NAMES

MAX_CONFIG_BYTES = 1024 * 1024
READ_AFTER = 2.0
"""Seconds a card is in view before it counts as read, unless read_after says otherwise."""
MAX_READ_AFTER = 3600.0
KeyCheck = Callable[[dict[str, str]], dict[str, str]]
"""Given the remaps, the ones to refuse: command id -> why (the UI's command table knows)."""


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
    watch: str = "auto"
    """Watch the folders for new and changed cards: auto (file events), poll, or off."""
    watch_every: float = 2.0
    """Seconds between looks when polling."""
    alert_bell: bool = True
    """Ring the terminal bell with an alert of a saved search."""
    fetch_every: float = 30.0
    """Minutes between fetches of the feeds while the reader runs (0: only at R)."""
    keep_days: float = 30.0
    """Days a feed's entry is kept after its date (or first sighting); starred ones stay."""
    read_after: float | None = None
    """Seconds in view before a card is read (0: only opening); None: READ_AFTER."""
    images: str = "auto"
    """The story's lead picture: auto (shown, as the terminal can draw it) or off (never
    fetched)."""
    theme: str | None = None
    keys: dict[str, str] = field(default_factory=dict)
    sources: dict[str, str] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    """A sentence for each setting that was not used (file, line, reason)."""
    found: bool = False

    def source(self, name: str) -> str:
        return self.sources.get(name, "default")

    @property
    def problem(self) -> str | None:
        """Every problem, one per line; None when the whole file was used."""
        return "\n".join(self.problems) or None


def load_config(path: Path | None = None, *, known_actions: Collection[str],
                check_keys: KeyCheck | None = None) -> Config:
    """Read the config file; a missing file is all defaults; each bad value is a problem and
    that setting's default.

    `known_actions`: the command ids [keys] may remap (reader.commands.ids()); `check_keys`
    refuses remaps that would clash (reader.commands.clashes)."""
    path = path or config_file()
    config = Config(path)
    try:
        # Only a regular file of sane size: a FIFO would hang every command, /dev/zero fill memory.
        # A UTF-8 BOM (as some Windows editors write) is fine.
        text = read_regular(path, MAX_CONFIG_BYTES).decode("utf-8-sig")
    except FileNotFoundError:
        return config
    except NotRegularFile as error:
        config.problems.append(f"{path}: {error}; using the default settings.")
        return config
    except (OSError, UnicodeDecodeError) as error:
        reason = os_reason(error) if isinstance(error, OSError) else f"not UTF-8 text ({error})"
        config.problems.append(f"{path}: cannot be read: {reason}; using the default settings.")
        return config
    config.found = True
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        where = re.search(r"\(at line (\d+), column (\d+)\)", str(error))
        what = re.sub(r"\s*\(at line \d+, column \d+\)", "", str(error))
        line = f"line {where.group(1)}: " if where else ""
        config.problems.append(f"{path}: {line}{what.lower()}; using the default settings.")
        return config
    _apply(config, data, text, known_actions)
    if check_keys is not None and config.keys:
        for action, why in check_keys(config.keys).items():
            number = _line_of(text, action, "keys")
            config.problems.append(f"{path}: {f'line {number}: ' if number else ''}[keys] {why}; "
                                   f"{action} keeps its own key.")
            del config.keys[action]
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
    def bad(message: str, key: str, table: str | None = None) -> None:
        where = _line_of(text, key, table)
        config.problems.append(f"{config.path}: {f'line {where}: ' if where else ''}{message}; "
                               f"{'that key' if table else 'that setting'} keeps its default.")

    for key, value in data.items():
        if key == "folders":
            folders = [value] if isinstance(value, str) else value
            if not isinstance(folders, list) or not all(isinstance(f, str) for f in folders):
                bad("'folders' must be a list of paths, as in folders = [\"~/cards\"]", key)
                continue
            config.folders = [os.path.expanduser(folder) for folder in folders]
        elif key == "sort":
            if not isinstance(value, str) or value not in SORT_NAMES:
                bad(f"'sort' must be one of heat, hot, newest, quality, title, rising, not {value!r}", key)
                continue
            config.sort = SORT_NAMES[value]
        elif key == "hide_read":
            if not isinstance(value, bool):
                bad("'hide_read' must be true or false", key)
                continue
            config.hide_read = value
        elif key == "read_after":
            if isinstance(value, bool) or not isinstance(value, int | float) \
                    or not 0 <= value <= MAX_READ_AFTER:
                bad("'read_after' must be seconds from 0 (only opening marks a card read) to "
                    f"{MAX_READ_AFTER:.0f}, as in read_after = 2", key)
                continue
            config.read_after = float(value)
        elif key == "watch":
            if value not in ("auto", "poll", "off"):
                bad("'watch' must be auto, poll or off", key)
                continue
            config.watch = value
        elif key == "images":
            if value not in ("auto", "off"):
                bad("'images' must be auto or off", key)
                continue
            config.images = value
        elif key == "alert_bell":
            if not isinstance(value, bool):
                bad("'alert_bell' must be true or false", key)
                continue
            config.alert_bell = value
        elif key == "watch_every":
            if isinstance(value, bool) or not isinstance(value, int | float) \
                    or not 0.2 <= value <= 3600:
                bad("'watch_every' must be seconds from 0.2 to 3600, as in watch_every = 2", key)
                continue
            config.watch_every = float(value)
        elif key == "fetch_every":
            if isinstance(value, bool) or not isinstance(value, int | float) \
                    or not (value == 0 or 5 <= value <= 1440):
                bad("'fetch_every' must be minutes from 5 to 1440, or 0 (only R fetches), as in "
                    "fetch_every = 30", key)
                continue
            config.fetch_every = float(value)
        elif key == "keep_days":
            if isinstance(value, bool) or not isinstance(value, int | float) \
                    or not 1 <= value <= 3650:
                bad("'keep_days' must be days from 1 to 3650, as in keep_days = 30", key)
                continue
            config.keep_days = float(value)
        elif key == "theme":
            if not isinstance(value, str) or not value:
                bad("'theme' must be the name of a theme, as in theme = \"nord\"", key)
                continue
            config.theme = value
        elif key == "keys":
            if not isinstance(value, dict):
                bad("'keys' must be a table: [keys] then lines like open = \"enter,o\"", key)
                continue
            for action, keys in value.items():
                if action not in known_actions:
                    bad(f"[keys]: no action is called {action!r} (they are: "
                        + ", ".join(sorted(known_actions)) + ")", action, "keys")
                elif not isinstance(keys, str) or not keys.strip(" ,"):
                    bad(f"[keys] {action} must be keys in quotes, as in {action} = \"x\"",
                        action, "keys")
                else:
                    config.keys[action] = ",".join(
                        k.strip() for k in keys.split(",") if k.strip())
            if config.keys:
                config.sources["keys"] = "config file"
            continue
        else:
            bad(f"unknown setting {key!r} (known: folders, sort, hide_read, read_after, watch, "
                "watch_every, alert_bell, fetch_every, keep_days, images, theme, [keys])", key)
            continue
        config.sources[key] = "config file"
