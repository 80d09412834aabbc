"""What `newsreader --print-config` says: each setting, its value, and where it came from."""

from __future__ import annotations

import json
import os

from .commands import COMMANDS
from .core.config import READ_AFTER, Config
from .core.sanitize import printable_path
from .core.sorts import SORT_LABELS
from .core.state import State
from .core.themes import THEMES
from .core.view_settings import ViewSettings
from .resources import seeds_folder


def config_report(config: Config, env_folder: str, env_name: str) -> list[str]:
    """The lines to print. The state is only read (never created): a choice made in the reader
    (s, h, Ctrl+P) is shown as such, since it wins over the config."""
    state = "found" if config.found else "not found: every setting is its default"
    lines = [f"# config file: {config.path} ({state})"]
    if config.problem:
        lines.append(f"# not used: {config.problem}")
    folders: list[str] = config.folders
    folders_from = config.source("folders")
    if env_folder:
        folders, folders_from = [env_folder], env_name
    elif not folders:
        folders, folders_from = [str(seeds_folder())], "default: the bundled sample cards"
    saved, _ = State.open(create=False)
    view = ViewSettings.load(saved, sort=config.sort, hide_read=config.hide_read)
    missing = [folder for folder in folders if not os.path.exists(folder)]
    if missing:
        folders_from += " · missing: " + ", ".join(printable_path(f) for f in missing)
    rows = [
        ("folders", json.dumps(folders, ensure_ascii=False), folders_from),
        ("sort", json.dumps(SORT_LABELS[view.sort]),
         "chosen in the reader (s)" if saved.setting("view.sort") else config.source("sort")),
        ("hide_read", json.dumps(view.hide_read),
         "chosen in the reader (h)" if saved.setting("view.hide_read") else
         config.source("hide_read")),
    ]
    theme, theme_from = config.theme, config.source("theme")
    chosen = saved.setting("theme")
    if chosen and chosen != config.theme:  # the same as the config's is no choice (the reader
        theme, theme_from = chosen, "chosen in the reader (ctrl+p): wins over the config"
    elif theme is None:  # forgets it at its next start)
        theme_from = "default"
    if theme is not None and theme not in THEMES:
        theme_from += f" · no such theme: {theme!r} is not one of " + ", ".join(sorted(THEMES))
    if config.theme is not None and config.theme not in THEMES and theme != config.theme:
        theme_from += f" · the config's theme {config.theme!r} does not exist"
    saved.close()
    read_after = config.read_after if config.read_after is not None else READ_AFTER
    rows += [
        ("read_after", _number(read_after), config.source("read_after")),
        ("watch", json.dumps(config.watch), config.source("watch")),
        ("watch_every", _number(config.watch_every), config.source("watch_every")),
        ("alert_bell", json.dumps(config.alert_bell), config.source("alert_bell")),
        ("fetch_every", _number(config.fetch_every), config.source("fetch_every")),
        ("keep_days", _number(config.keep_days), config.source("keep_days")),
        ("images", json.dumps(config.images), config.source("images")),
        ("theme", json.dumps(theme or "textual-dark"), theme_from),
    ]
    lines += [f"{name:<11} = {value:<40} # {source}" for name, value, source in rows]
    lines.append("\n[keys]")
    lines += [f"{command.id:<16} = {json.dumps(config.keys[command.id]):<34} # config file"
              for command in COMMANDS if command.id in config.keys]
    lines.append("# none remapped: every action keeps its key (? in the reader lists them)"
                 if not config.keys else
                 "# every other action keeps its key (? in the reader lists them)")
    return lines


def _number(value: float) -> str:
    return str(int(value)) if value == int(value) else str(value)
