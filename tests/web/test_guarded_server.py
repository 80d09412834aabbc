"""The served reader's server, in process, with a stand-in reader (tests/web/fake_reader.py):
every refusal starts no process, the cap holds, sizes are clamped, and a tab's process ends with
its socket even when it will not quit."""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import shlex
import socket
import sys
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path

import aiohttp
import pytest
from aiohttp.test_utils import TestServer

from reader.web import server as web_server
from reader.web.guard import Guard

FAKE = Path(__file__).with_name("fake_reader.py")
TOKEN = "test-token-0123456789abcdef"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class Running:
    base: str
    port: int
    served: web_server.Served
    started: Path
    said: list[str] = field(default_factory=list)

    def processes(self) -> list[Path]:
        return sorted(self.started.glob("*.json"))

    def ws(self, token: str = TOKEN, query: str = "") -> str:
        return f"ws://127.0.0.1:{self.port}/ws/{token}{query}"

    @property
    def origin(self) -> str:
        return f"http://127.0.0.1:{self.port}"


@contextlib.asynccontextmanager
async def serving(tmp_path: Path, *extra: str, max_tabs: int = 4) -> AsyncIterator[Running]:
    port, started = free_port(), tmp_path / "started"
    started.mkdir()
    said: list[str] = []
    command = shlex.join([sys.executable, str(FAKE), str(started), *extra])
    served = web_server.Served(command, Guard.serving(TOKEN, "127.0.0.1", port),
                               max_tabs=max_tabs, log=said.append)
    test_server = TestServer(served.app(), host="127.0.0.1", port=port)
    await test_server.start_server()
    try:
        yield Running(f"http://127.0.0.1:{port}", port, served, started, said)
    finally:
        await test_server.close()


@pytest.fixture
async def running(tmp_path: Path) -> AsyncIterator[Running]:
    async with serving(tmp_path) as value:
        yield value


async def status_of(url: str, **headers: str) -> int:
    async with aiohttp.ClientSession() as session, session.get(url, headers=headers) as response:
        return response.status


async def refused_websocket(running: Running, url: str, **headers: str) -> int:
    async with aiohttp.ClientSession() as session:
        with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
            await session.ws_connect(url, headers=headers)
    return refused.value.status


async def until(condition: object, what: str, limit: float = 15.0) -> None:
    end = asyncio.get_running_loop().time() + limit
    while not condition():  # type: ignore[operator]
        assert asyncio.get_running_loop().time() < end, f"{what} never happened"
        await asyncio.sleep(0.02)


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


async def test_the_page_needs_the_token_and_carries_it_to_its_websocket(running: Running) -> None:
    assert await status_of(running.base + "/") == 403
    assert await status_of(running.base + "/?token=wrong-token-0123456789") == 403
    # A browser keeps cookies for 127.0.0.1; aiohttp's jar does only when told it may.
    async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as session:
        async with session.get(f"{running.base}/?token={TOKEN}") as response:
            page = await response.text()
            assert response.status == 200
            assert f'data-session-websocket-url="ws://127.0.0.1:{running.port}/ws/{TOKEN}"' in page
            headers = response.headers
            assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
            assert "script-src 'self';" in headers["Content-Security-Policy"]
            assert headers["Referrer-Policy"] == "no-referrer"
            assert headers["X-Content-Type-Options"] == "nosniff"
            cookie = headers["Set-Cookie"]
            assert "HttpOnly" in cookie and "SameSite=Strict" in cookie
        async with session.get(running.base + "/") as again:  # a reload: the cookie carries it
            assert again.status == 200
    assert [line.split(": ")[-1] for line in running.said] == ["no token", "wrong token"]
    assert running.processes() == []


async def test_the_page_is_not_served_under_a_foreign_host(running: Running) -> None:
    assert await status_of(f"{running.base}/?token={TOKEN}", Host=f"evil.example:{running.port}") == 403
    assert await status_of(f"{running.base}/static/js/textual.js",
                           Host=f"evil.example:{running.port}") == 403
    assert running.said == [line for line in running.said if line.endswith("foreign Host")]


async def test_statics_are_served_without_a_listing(running: Running) -> None:
    assert await status_of(running.base + "/static/js/textual.js") == 200
    assert await status_of(running.base + "/static/newsreader/newsreader.js") == 200
    for folder in ("/static/", "/static/js/", "/static/newsreader/", "/static/../"):
        assert await status_of(running.base + folder) in (403, 404)
    assert await status_of(running.base + "/download/anything") == 404


@pytest.mark.parametrize("case", ["no token", "wrong token", "foreign Origin", "no Origin",
                                  "foreign Host"])
async def test_a_refused_websocket_gets_403_and_starts_no_reader(running: Running, case: str) -> None:
    url, headers = running.ws(), {"Origin": running.origin}
    if case == "no token":
        url = f"ws://127.0.0.1:{running.port}/ws/"
    elif case == "wrong token":
        url = running.ws("wrong-token-0123456789abcd")
    elif case == "foreign Origin":
        headers = {"Origin": "http://evil.example"}
    elif case == "no Origin":
        headers = {}
    else:
        headers = {"Origin": f"http://evil.example:{running.port}",
                   "Host": f"evil.example:{running.port}"}
    assert await refused_websocket(running, url, **headers) in (403, 404)
    await asyncio.sleep(0)  # nothing to wait for: a process would have been started before 403
    assert running.processes() == [] and running.served.tabs == set()
    assert len(running.said) == (1 if case != "no token" else 0)
    assert all(TOKEN not in line for line in running.said)


async def test_twelve_tabs_at_once_start_four_readers(running: Running) -> None:
    async with aiohttp.ClientSession() as session:
        sockets = await asyncio.gather(*(
            session.ws_connect(running.ws(query="?width=80&height=24"),
                               headers={"Origin": running.origin}) for _ in range(12)))
        closed: list[str] = []
        for ws in sockets:
            message = await ws.receive(timeout=15)
            if message.type in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED):
                closed.append(f"{ws.close_code} {message.extra}")
        await until(lambda: len(running.processes()) >= 4, "four readers")
        assert len(closed) == 8
        assert set(closed) == {"4003 newsreader is already open in 4 tabs: close one, then reload."}
        assert await status_of(f"{running.base}/?token={TOKEN}") == 503
        for ws in sockets:
            await ws.close()
    await until(lambda: running.served.tabs == set(), "every tab ended")
    assert len(running.processes()) == 4


async def test_a_huge_screen_is_clamped_by_query_and_by_message(running: Running) -> None:
    async with aiohttp.ClientSession() as session:
        ws = await session.ws_connect(running.ws(query="?width=100000&height=100000"),
                                      headers={"Origin": running.origin})
        await until(lambda: running.served.tabs != set(), "the tab started")
        await ws.send_str(json.dumps(["resize", {"width": 100000, "height": 100000}]))
        await ws.send_str("not json")
        await ws.send_str(json.dumps(["resize", "nonsense"]))
        await ws.send_str(json.dumps(["ping", "x"]))
        pong = None
        while pong is None:
            message = await ws.receive(timeout=10)
            if message.type == aiohttp.WSMsgType.TEXT:
                pong = message.json()
        assert pong == ["pong", "x"]
        await until(lambda: len(running.processes()) == 1, "the reader started")
        [record] = running.processes()
        await until(lambda: "resize" in record.read_text(), "the resize")
        await ws.close()
    seen = [json.loads(line) for line in record.read_text().splitlines()]
    assert seen[0] == {"type": "env", "width": "500", "height": "200"}
    assert {"type": "resize", "width": 500, "height": 200} in seen
    assert all(line.get("width", 0) in ("500", 500) for line in seen if "width" in line)


async def test_a_reader_that_will_not_quit_ends_with_its_socket(tmp_path: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(web_server, "QUIT_GRACE", 0.3)
    monkeypatch.setattr(web_server, "TERM_GRACE", 0.3)
    async with serving(tmp_path, "stubborn") as running:
        tabs = running.served.tabs
        async with aiohttp.ClientSession() as session:
            ws = await session.ws_connect(running.ws(), headers={"Origin": running.origin})
            await until(lambda: tabs != set(), "the tab started")
            [tab] = tabs
            pid = tab.pid
            assert pid is not None and alive(pid)
            await ws.close()
        await until(lambda: tabs == set(), "the tab ended")
        assert not alive(pid)
