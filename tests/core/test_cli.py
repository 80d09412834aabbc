"""`newsreader list` and `check`: what scripts see, and exit codes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from reader.cli import run
from tests.conftest import CardWriter, card_fields

FT_URL = "https://www.ft.com/content/db8bfc3c-4cf4-11ea-95a0-43d18ec715f5"


def test_list_json_on_bundled_cards(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["list", "--json"]) == 0
    cards = json.loads(capsys.readouterr().out)
    assert len(cards) == 1
    card = cards[0]
    assert card["title"] == "Met Police rolls out live facial recognition in London"
    assert card["url"] == FT_URL and card["heat"] == 99 and card["quality"] == 59
    assert card["published"] == "2020-02-12T04:00:00Z"
    assert card["provider"] == "The Financial Times" and card["domain"] == "ft.com"
    assert card["topics"] == ["AI", "Computer Vision"] and card["path"].endswith(".txt")


def test_list_orders_filters_and_limits(write_card: CardWriter, tmp_path: Path,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    write_card("a.txt", **card_fields("Warm", 50, topics=["AI"]))
    write_card("b.txt", **card_fields("Hot", 90))
    write_card("c.txt", **card_fields("Cool", 10, topics=["ai"]))
    folder = str(tmp_path / "cards")
    run(["list", folder])
    lines = capsys.readouterr().out.splitlines()
    assert [line.split("\t")[3] for line in lines] == ["Hot", "Warm", "Cool"]
    run(["list", folder, "--topic", "AI", "--limit", "1", "--json"])
    assert [c["title"] for c in json.loads(capsys.readouterr().out)] == ["Warm"]
    run(["list", folder, "--sort", "title", "--json"])
    assert [c["title"] for c in json.loads(capsys.readouterr().out)] == ["Cool", "Hot", "Warm"]


def test_list_json_never_offers_a_non_http_url(write_card: CardWriter, tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    write_card("a.txt", **card_fields("Evil", webUrl="javascript:alert(1)"))
    run(["list", str(tmp_path / "cards"), "--json"])
    assert json.loads(capsys.readouterr().out)[0]["url"] is None


def test_check_clean_folder_exits_0(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["check"]) == 0
    assert capsys.readouterr().out.strip() == "1 card(s) read, 0 file(s) skipped"


def test_check_names_bad_files_and_exits_1(write_card: CardWriter, tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    write_card("good.txt", **card_fields("Good"))
    (tmp_path / "cards" / "bad.txt").write_text("no front matter")
    assert run(["check", str(tmp_path / "cards")]) == 1
    out = capsys.readouterr().out
    assert "bad.txt: no front matter" in out and "1 card(s) read, 1 file(s) skipped" in out
    assert run(["check", str(tmp_path / "cards"), "--json"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert report["cards"] == 1 and report["problems"][0]["path"].endswith("bad.txt")


def test_usage_errors_exit_2(capsys: pytest.CaptureFixture[str],
                             monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    assert run(["list", "--sort", "bogus"]) == 2
    assert run(["list", "--limit", "-1"]) == 2
    assert run([str(tmp_path / "missing")]) == 2
    monkeypatch.setenv("NEWSREADER_CARDS", str(tmp_path / "nowhere"))
    assert run(["check"]) == 2
    err = capsys.readouterr().err
    assert "newsreader: $NEWSREADER_CARDS is" in err and "Traceback" not in err


def test_cards_env_folder(write_card: CardWriter, tmp_path: Path,
                          monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    write_card("a.txt", **card_fields("From env"))
    monkeypatch.setenv("NEWSREADER_CARDS", str(tmp_path / "cards"))
    run(["list", "--json"])
    assert [c["title"] for c in json.loads(capsys.readouterr().out)] == ["From env"]


def test_version_and_help(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["--version"]) == 0
    assert capsys.readouterr().out.startswith("newsreader ")
    assert run(["--help"]) == 0
    assert "list" in capsys.readouterr().out


def test_list_query_and_sort_names(write_card: CardWriter, tmp_path: Path,
                                   capsys: pytest.CaptureFixture[str]) -> None:
    from reader.core.state import State

    write_card("a.txt", **card_fields("Police AI rollout", 70, topics=["AI"],
                                      publishedDateTime="2026-11-20T12:00:00Z"))
    write_card("b.txt", **card_fields("Police drones", 60, topics=["AI"]))
    write_card("c.txt", **card_fields("Chip AI exports", 90, topics=["AI"]))
    folder = str(tmp_path / "cards")
    assert run(["list", folder, "--query", "topic:ai heat>50 -chip", "--json"]) == 0
    assert [c["title"] for c in json.loads(capsys.readouterr().out)] == [
        "Police AI rollout", "Police drones"]
    run(["list", folder, "--query", "police", "--sort", "hot", "--json"])
    assert [c["title"] for c in json.loads(capsys.readouterr().out)] == [
        "Police drones", "Police AI rollout"]  # 70 from six days ago is cooler than 60 today
    run(["list", folder, "--sort", "newest", "--limit", "1", "--json"])
    assert len(json.loads(capsys.readouterr().out)) == 1
    state, _ = State.open()
    state.set_read(["https://news.example/police-drones"], True)
    state.close()
    run(["list", folder, "--query", "is:unread police", "--json"])
    assert [c["title"] for c in json.loads(capsys.readouterr().out)] == ["Police AI rollout"]
    assert run(["list", folder, "--query", "heat>warm"]) == 2
    assert "--query: 'heat' needs a number" in capsys.readouterr().err


def test_list_without_state_creates_no_state_file(write_card: CardWriter, tmp_path: Path) -> None:
    from reader.core.state import state_file

    write_card("a.txt", **card_fields("One"))
    run(["list", str(tmp_path / "cards"), "--query", "is:unread"])
    assert not state_file().exists()


def _reader(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([sys.executable, "-m", "reader", *args], capture_output=True,
                          check=False, env=env)


def test_a_full_disk_is_one_sentence_and_exit_1(seeds: Path) -> None:
    with open("/dev/full", "wb") as full:
        done = subprocess.run([sys.executable, "-m", "reader", "list", str(seeds)], stdout=full,
                              stderr=subprocess.PIPE, check=False)
    assert done.returncode == 1
    assert b"Traceback" not in done.stderr and b"could not be written" in done.stderr


def test_a_closed_pipe_is_not_an_error(tmp_path: Path, write_card: CardWriter) -> None:
    for number in range(300):
        write_card(f"{number}.txt", **card_fields(f"Story {number}", number % 100))
    reader = subprocess.Popen([sys.executable, "-m", "reader", "list", str(tmp_path / "cards")],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert reader.stdout is not None and reader.stderr is not None
    assert reader.stdout.readline()  # `| head -1`
    reader.stdout.close()
    errors = reader.stderr.read()
    assert reader.wait() == 0 and b"Traceback" not in errors and b"Exception" not in errors


def test_json_with_a_file_name_that_is_not_utf8(tmp_path: Path) -> None:
    folder = tmp_path / "cards"
    folder.mkdir()
    good = b"---\ntitle: Fine\nwebUrl: https://a.test/x\n---\n"
    with open(os.path.join(os.fsencode(folder), b"caf\xe9-\x1b[31m.txt"), "wb") as card:
        card.write(good)
    with open(os.path.join(os.fsencode(folder), b"bad\xff.txt"), "wb") as card:
        card.write(b"no front matter")
    for command in (["list", "--json"], ["check", "--json"]):
        done = _reader(*command, str(folder), env={**os.environ, "LC_ALL": "C.UTF-8"})
        text = done.stdout.decode("utf-8")  # valid UTF-8, or this raises
        assert "Traceback" not in done.stderr.decode("utf-8", "replace")
        assert "\x1b" not in text
        paths = json.dumps(json.loads(text))
        assert ("\\\\udce9" in paths) or ("\\\\udcff" in paths)


@pytest.mark.parametrize("command", [[], ["list"], ["check"]])
def test_a_missing_path_is_a_usage_error_everywhere(command: list[str], tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    missing = str(tmp_path / "nowhere")
    assert run([*command, missing]) == 2
    assert f"{missing}: no such file or folder" in capsys.readouterr().err


def test_a_missing_config_folder_is_a_warning_and_the_others_load(
        write_card: CardWriter, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from reader.core.config import config_file

    write_card("a.txt", **card_fields("Mine"))
    gone = tmp_path / "gone"
    config_file().parent.mkdir(parents=True, exist_ok=True)
    config_file().write_text(f'folders = ["{gone}", "{tmp_path / "cards"}"]\n')
    assert run(["list", "--json"]) == 0
    captured = capsys.readouterr()
    assert [card["title"] for card in json.loads(captured.out)] == ["Mine"]
    assert f"the folder {gone} in" in captured.err and "does not exist" in captured.err


def test_an_unknown_topic_says_so_and_names_the_closest(
        capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["list", "--topic", "computer visio"]) == 1
    assert "no card has the topic 'computer visio'; the closest: Computer Vision" in \
        capsys.readouterr().err


@pytest.mark.parametrize(("argv", "hint"), [
    (["lst"], "did you mean 'newsreader list'?"),
    (["chek"], "did you mean 'newsreader check'?"),
    (["lst", "seeds"], "lst: no such file or folder; did you mean 'newsreader list seeds'?"),
    (["stauts", "a b", "c"], "did you mean 'newsreader status 'a b' c'?"),
    (["list", "--jsn"], "(did you mean --json?)"),
])
def test_a_slip_suggests_the_nearest_command_or_option(
        argv: list[str], hint: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(argv) == 2
    assert hint in capsys.readouterr().err


def test_a_query_may_start_with_an_exclusion(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["list", "--query", "-topic:ai", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == []  # the one bundled card is about AI
    assert run(["list", "--query", "-topic:sport", "--json"]) == 0
    assert len(json.loads(capsys.readouterr().out)) == 1


def test_help_names_every_command(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["--help"]) == 0
    out = capsys.readouterr().out
    for name in ("list", "check", "status", "serve"):
        assert f"newsreader {name} " in out
