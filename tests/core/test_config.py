"""config.toml: settings, remapped keys, and a bad file named by its line."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from reader.cli import run
from reader.commands import ids
from reader.core.config import Config, config_file
from reader.core.config import load_config as load_with


def load_config() -> Config:
    return load_with(known_actions=ids())


def write(text: str) -> Path:
    path = config_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_no_file_is_all_defaults() -> None:
    config = load_config()
    assert not config.found and config.problem is None
    assert (config.folders, config.sort, config.hide_read, config.theme, config.keys) == (
        [], "heat", False, None, {})
    assert str(config.path).startswith(os.environ["XDG_CONFIG_HOME"])


def test_every_setting_is_read() -> None:
    write('folders = ["~/cards", "/srv/news"]\nsort = "newest"\nhide_read = true\n'
          'theme = "nord"\n\n[keys]\nopen = "enter, x"\ntoggle_star = "s"\n')
    config = load_config()
    assert config.problem is None
    assert config.folders == [os.path.expanduser("~/cards"), "/srv/news"]
    assert (config.sort, config.hide_read, config.theme) == ("date", True, "nord")
    assert config.keys == {"open": "enter,x", "toggle_star": "s"}
    assert config.source("sort") == "config file" and config.source("folders") == "config file"


@pytest.mark.parametrize(("text", "line", "says"), [
    ('sort = "heat"\nhide_read = maybe\n', 2, "line 2"),
    ('sort = "hottest"\n', 1, "'sort' must be one of"),
    ('sort = "hot"\n\nhide_read = "yes"\n', 3, "'hide_read' must be true or false"),
    ('colour = "red"\n', 1, "unknown setting 'colour'"),
    ('[keys]\nopen = "o"\nfly = "f"\n', 3, "no action is called 'fly'"),
    ('[keys]\nopen = 5\n', 2, "must be keys in quotes"),
    ('folders = "a"\n[keys\n', 2, "line 2"),
    ('sort = ["heat"]\n', 1, "'sort' must be one of"),
    ('sort = "hot"\nkeys = { open = "o", fly = "f" }\n', 2, "no action is called 'fly'"),
    ('hide_read = false\nkeys.fly = "f"\n', 2, "no action is called 'fly'"),
    ('[sort]\nby = "heat"\n', 1, "'sort' must be one of"),
])
def test_a_bad_value_is_one_sentence_with_its_line(text: str, line: int, says: str) -> None:
    path = write(text)
    config = load_config()
    assert config.problem is not None
    assert config.problem.startswith(f"{path}: line {line}: ") and says in config.problem
    assert config.problem.endswith(("keeps its default.", "using the default settings."))
    assert config.keys.get("fly") is None and config.sort in ("heat", "hot")


def test_a_bad_value_costs_only_its_own_setting() -> None:
    path = write('folders = ["~/my-cards"]\nsort = "hottest"\nhide_read = true\n'
                 'read_after = -3\ntheme = "nord"\n[keys]\nopen = "x"\nfly = "f"\n')
    config = load_config()
    assert config.folders == [os.path.expanduser("~/my-cards")]  # the user's cards, still
    assert (config.sort, config.hide_read, config.theme) == ("heat", True, "nord")
    assert config.read_after is None and config.keys == {"open": "x"}  # None: the default, 2 s
    assert config.problems == [
        f"{path}: line 2: 'sort' must be one of heat, hot, newest, quality, title, rising, not "
        "'hottest'; that setting keeps its default.",
        f"{path}: line 4: 'read_after' must be seconds from 0 (only opening marks a card read) "
        "to 3600, as in read_after = 2; that setting keeps its default.",
        config.problems[2]]
    assert config.problems[2].startswith(f"{path}: line 8: [keys]: no action is called 'fly'")


def test_a_clashing_remap_is_refused_and_the_action_keeps_its_key() -> None:
    from reader.commands import clashes

    path = write('[keys]\nsort = "S"\ntoggle_star = "j"\nopen = "enter,o"\n')
    config = load_with(known_actions=ids(), check_keys=clashes)
    assert config.keys == {"sort": "S", "open": "enter,o"}
    assert config.problem == (
        f"{path}: line 3: [keys] toggle_star = 'j' clashes with cursor_down, which already "
        "answers to 'j'; toggle_star keeps its own key.")


def test_print_config_says_where_each_setting_came_from(capsys: pytest.CaptureFixture[str],
                                                        tmp_path: Path) -> None:
    write(f'folders = ["{tmp_path}"]\nsort = "hot"\nwatch = "poll"\nread_after = 0.5\n'
          '[keys]\nopen = "x"\n')
    assert run(["--print-config"]) == 0
    out = capsys.readouterr().out
    assert f'folders     = ["{tmp_path}"]' in out and "# config file" in out
    assert 'sort        = "hot"' in out
    assert 'hide_read   = false' in out and "# default" in out
    assert 'open             = "x"' in out
    settings = {line.split()[0]: line for line in out.splitlines() if " = " in line}
    for name in ("read_after", "watch", "watch_every", "alert_bell"):  # issue 27: missing
        assert name in settings
    assert settings["read_after"].startswith("read_after  = 0.5")
    assert "# config file" in settings["read_after"]
    assert settings["watch"].startswith('watch       = "poll"')
    assert settings["alert_bell"].startswith("alert_bell  = true") and "# default" in settings["alert_bell"]


def test_a_bad_config_still_runs_list_with_defaults(capsys: pytest.CaptureFixture[str]) -> None:
    path = write("sort = \n")
    assert run(["list"]) == 0
    captured = capsys.readouterr()
    assert f"newsreader: {path}: line 1:" in captured.err and "Met Police" in captured.out
    assert run(["--print-config"]) == 1


def test_config_folders_are_used_without_a_path(capsys: pytest.CaptureFixture[str],
                                                write_card: object, tmp_path: Path) -> None:
    from tests.conftest import card_fields

    write_card("a.txt", **card_fields("From the config folder"))  # type: ignore[operator]
    write(f'folders = ["{tmp_path / "cards"}"]\n')
    run(["list"])
    assert "From the config folder" in capsys.readouterr().out


@pytest.mark.parametrize("kind", ["fifo", "dev-zero", "folder"])
def test_a_config_that_is_not_a_regular_file_is_named_not_read(kind: str) -> None:
    # A FIFO hung every command; /dev/zero was read until memory ran out (issue 17.8).
    path = config_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "dev-zero":
        path.symlink_to("/dev/zero")
    else:
        path.mkdir()
    config = load_config()
    assert config.problem is not None and "not a regular file" in config.problem
    assert config.problem.endswith("using the default settings.") and config.sort == "heat"


def test_a_config_with_a_bom_is_read() -> None:
    path = config_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"\xef\xbb\xbfsort = \"hot\"\n")
    config = load_config()
    assert config.problem is None and config.sort == "hot"


def test_the_theme_list_is_textuals() -> None:
    from textual.theme import BUILTIN_THEMES

    from reader.core.themes import THEMES

    assert set(BUILTIN_THEMES) == THEMES


def test_print_config_marks_a_missing_folder_and_an_unknown_theme(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    write(f'folders = ["{tmp_path}", "{tmp_path / "gone"}"]\ntheme = "nordic"\n')
    run(["--print-config"])
    out = capsys.readouterr().out
    assert f"missing: {tmp_path / 'gone'}" in out
    assert "no such theme: 'nordic'" in out
