"""`newsreader serve` in a real headless Chromium (issue 16): the reference card drawn, j/k, c to
the browser's clipboard, o asking the browser for a new tab, q quitting, no request leaving the
machine. The terminal is a canvas: the screen is read from the app's WebSocket frames.

Skipped, with the reason, where Debian's chromium and chromium-driver are not installed
(.ci/run installs them)."""

from __future__ import annotations

import base64
import json
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from reader import serve

CHROMIUM, CHROMEDRIVER = shutil.which("chromium"), shutil.which("chromedriver")
FT = "https://www.ft.com/content/db8bfc3c-4cf4-11ea-95a0-43d18ec715f5"
RECORD = """
  window.__opened = [];
  window.open = (url) => { window.__opened.push(String(url)); return null; };
  window.__copied = [];
  if (navigator.clipboard) {
    navigator.clipboard.writeText = (text) => { window.__copied.push(text);
                                                return Promise.resolve(); };
  }
"""
"""Put in the page before its own scripts: what the reader asks the browser to open and copy."""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_for(condition: Callable[[], bool], limit: float, what: str) -> None:
    end = time.monotonic() + limit
    while not condition():
        assert time.monotonic() < end, f"{what} never happened"
        time.sleep(0.05)


def listening(port: int) -> bool:
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) == 0


@dataclass
class Served:
    url: str
    """The address serve printed, token included."""
    base: str
    token: str
    log: Path
    """What serve wrote to its terminal (stderr): one line per refusal."""


@pytest.fixture
def served(seeds: Path, tmp_path: Path) -> Iterator[Served]:
    port, log = free_port(), tmp_path / "serve.log"
    with log.open("wb") as errors:
        process = subprocess.Popen(
            [sys.executable, "-m", "reader", "serve", "--port", str(port), str(seeds)],
            stdout=subprocess.PIPE, stderr=errors)
    assert process.stdout is not None
    try:
        url = process.stdout.readline().decode().strip()
        assert url.startswith(f"http://127.0.0.1:{port}/?token="), log.read_text()
        wait_for(lambda: listening(port) or process.poll() is not None, 30, "serving")
        assert process.poll() is None, log.read_text()
        yield Served(url, f"http://127.0.0.1:{port}", url.split("token=", 1)[1], log)
    finally:
        process.terminate()
        process.wait(timeout=20)


def chromium() -> Any:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage",
                     "--window-size=1280,800", "--disable-background-networking",
                     "--disable-component-update", "--no-first-run"):
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"performance": "ALL", "browser": "ALL"})
    return webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)


@pytest.mark.skipif(not (CHROMIUM and CHROMEDRIVER),
                    reason="needs Debian's chromium and chromium-driver (apt-get install "
                           "chromium chromium-driver; .ci/run does)")
def test_the_served_reader_in_a_real_browser(served: Served, tmp_path: Path) -> None:
    driver = chromium()
    frames, requests = bytearray(), []

    def read_log() -> None:
        for entry in driver.get_log("performance"):
            message = json.loads(entry["message"])["message"]
            params = message.get("params", {})
            if message["method"] == "Network.webSocketFrameReceived":
                response = params["response"]
                data = response["payloadData"]
                frames.extend(base64.b64decode(data) if response.get("opcode") == 2
                              else data.encode())
            elif message["method"] == "Network.requestWillBeSent":
                requests.append(params["request"]["url"])
            elif message["method"] == "Network.webSocketCreated":
                requests.append(params["url"])

    def shown(text: bytes) -> Callable[[], bool]:
        def check() -> bool:
            read_log()
            return text in frames
        return check

    def recorded(name: str) -> list[str]:
        return list(driver.execute_script(f"return window.{name}"))

    try:
        driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": RECORD})
        driver.get(served.url)
        wait_for(shown(b"Met Police rolls out live facial recognition"), 30, "the card drawn")
        keys = driver.find_element("css selector", ".xterm-helper-textarea")
        keys.send_keys("j", "k")
        frames.clear()
        keys.send_keys("c")
        wait_for(lambda: recorded("__copied") == [FT], 10, "the copy")
        keys.send_keys("o")
        wait_for(lambda: recorded("__opened") == [FT], 10, "the new tab asked for")
        wait_for(shown(b"Opened"), 10, "the notice")
        driver.save_screenshot(str(tmp_path / "served.png"))
        keys.send_keys("q")
        wait_for(lambda: "-closed" in (driver.find_element("tag name", "body")
                                       .get_attribute("class") or ""), 15, "the quit")
        read_log()
        host = served.base.split("//", 1)[1]
        outside = [url for url in requests if not url.split("//", 1)[-1].startswith(host)
                   and not url.startswith("data:")]
        assert outside == []  # nothing left the machine: no font service, no CDN
        blocked = [entry["message"] for entry in driver.get_log("browser")
                   if "Content Security Policy" in entry["message"]]
        assert blocked == []  # the page's own scripts, styles and fonts all pass its CSP
    finally:
        driver.quit()
    assert (tmp_path / "served.png").stat().st_size > 10_000


EVIL_PAGE = """<!DOCTYPE html><script>
  window.__result = "pending";
  const socket = new WebSocket("%s");
  socket.onmessage = () => { window.__result = "got a frame"; };
  socket.onclose = (event) => { if (window.__result === "pending") window.__result = "closed"; };
</script>"""


@pytest.mark.skipif(not (CHROMIUM and CHROMEDRIVER),
                    reason="needs Debian's chromium and chromium-driver (apt-get install "
                           "chromium chromium-driver; .ci/run does)")
def test_a_page_of_another_origin_is_refused_even_with_the_token(served: Served,
                                                                 tmp_path: Path) -> None:
    """Browsers open WebSockets across origins without asking: any page the user visits could
    drive the reader, were the Origin not checked. Here it even knows the token."""
    websocket = f"ws://127.0.0.1:{served.base.rsplit(':', 1)[1]}/ws/{served.token}?width=80&height=24"
    (tmp_path / "evil.html").write_text(EVIL_PAGE % websocket)
    port = free_port()
    other = subprocess.Popen([sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1",
                              "--directory", str(tmp_path)], stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL)
    driver = chromium()
    try:
        wait_for(lambda: listening(port), 15, "the other page served")
        driver.get(f"http://127.0.0.1:{port}/evil.html")
        wait_for(lambda: driver.execute_script("return window.__result") != "pending", 15,
                 "the socket refused")
        assert driver.execute_script("return window.__result") == "closed"
        wait_for(lambda: "foreign Origin" in served.log.read_text(), 10, "the refusal said")
        assert "Traceback" not in served.log.read_text()
    finally:
        driver.quit()
        other.terminate()
        other.wait(timeout=10)


def test_serving_beyond_loopback_is_said_to_need_the_url_and_to_have_no_tls() -> None:
    assert serve.warning("127.0.0.1") is None and serve.warning("localhost") is None
    said = serve.warning("0.0.0.0")
    assert said is not None and "printed URL" in said and "no TLS" in said


def test_each_tab_runs_this_python_on_the_same_paths() -> None:
    line = serve.command_line(["/cards/a b"], include_unpublished=True, no_cache=False)
    assert line == f"{sys.executable} -m reader '/cards/a b' --include-unpublished"


def test_a_bad_port_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    from reader.cli import run

    assert run(["serve", "--port", "70000"]) == 2
    assert "--port must be 1 to 65535" in capsys.readouterr().err
