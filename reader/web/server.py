"""`newsreader serve`: a small aiohttp app around textual-serve's AppService.

Why not textual-serve's `Server`: it starts a reader process for any WebSocket before anything
could check it, serves its statics with a directory listing, runs each tab through `sh -c` (two
processes, and SIGTERM reaches only the shell), forwards any screen size, and logs with
tracebacks. Subclassing it would override every handler; what is worth keeping is AppService, the
protocol between the page and one reader process, and that is what this module uses.

Every request passes the guard (reader/web/guard.py) before a page is served or a process
starts; a refusal is one line on the serve terminal. At most `max_tabs` readers run at once.
A reader ends with its socket: asked to quit, then SIGTERM, then SIGKILL.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import shlex
import sys
import time
from collections.abc import Awaitable, Callable
from html import escape
from pathlib import Path
from typing import Any

from aiohttp import WSCloseCode, WSMsgType, web
from textual_serve.app_service import AppService
from textual_serve.download_manager import DownloadManager

from .guard import Guard, clamped

HERE = Path(__file__).resolve().parent
TEMPLATE = HERE / "templates" / "app_index.html"
OURS = HERE / "static"
TEXTUAL_STATIC = Path(sys.modules["textual_serve.app_service"].__file__ or ".").parent / "static"
QUIT_GRACE, TERM_GRACE = 3.0, 3.0
"""Seconds a reader has to quit after its socket closed, then after SIGTERM, before SIGKILL."""
FULL = 4003
"""The close code of a tab over the cap; the page shows the close reason."""
HEADERS = {
    # xterm.js adds <style> elements of its own, so styles may be inline; scripts may not.
    "Content-Security-Policy": "default-src 'self'; script-src 'self'; style-src 'self' "
    "'unsafe-inline'; img-src 'self' data:; font-src 'self'; connect-src 'self'; "
    "base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Resource-Policy": "same-origin",
}
REFUSED = ("<!DOCTYPE html><meta charset=utf-8><title>newsreader</title>"
           "<p>newsreader: {reason}</p>\n")
NEEDS_TOKEN = "open the address that <code>newsreader serve</code> printed, token included."


def say(line: str) -> None:
    """One line on the serve terminal, with the time."""
    print(f"{time.strftime('%H:%M:%S')} {line}", file=sys.stderr, flush=True)


class Tab(AppService):
    """One reader process: started without a shell, its screen size clamped, ended for sure."""

    def _build_environment(self, width: int = 80, height: int = 24) -> dict[str, str]:
        environment = super()._build_environment(*clamped(width, height))
        environment["TEXTUAL_DRIVER"] = "reader.web.driver:ServedDriver"
        return environment

    async def _open_app_process(self, width: int = 80, height: int = 24) -> Any:
        self._process = process = await asyncio.create_subprocess_exec(
            *shlex.split(self.command), stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
            env=self._build_environment(width, height))
        self._stdin = process.stdin
        return process

    async def set_terminal_size(self, width: int, height: int) -> None:
        await super().set_terminal_size(*clamped(width, height))

    @property
    def pid(self) -> int | None:
        return self._process.pid if self._process is not None else None

    async def end(self) -> None:
        """Ask the reader to quit; if it has not within QUIT_GRACE, SIGTERM; then SIGKILL."""
        process = self._process
        if process is None:
            return
        if process.returncode is None:
            with contextlib.suppress(Exception):
                await asyncio.wait_for(self.send_meta({"type": "quit"}), 1.0)
        for grace, stop in ((QUIT_GRACE, process.terminate), (TERM_GRACE, process.kill)):
            try:
                await asyncio.wait_for(process.wait(), grace)
                break
            except TimeoutError:
                with contextlib.suppress(ProcessLookupError):
                    stop()
        with contextlib.suppress(TimeoutError, ProcessLookupError):
            await asyncio.wait_for(process.wait(), TERM_GRACE)
        if self._task is not None:
            with contextlib.suppress(Exception):
                await asyncio.wait_for(self._task, 2.0)
            self._task = None


class Served:
    """The aiohttp app of one `serve`: its guard, its command and the tabs running now."""

    def __init__(self, command: str, guard: Guard, *, max_tabs: int = 4,
                 log: Callable[[str], None] = say) -> None:
        self.command, self.guard, self.max_tabs, self.log = command, guard, max_tabs, log
        self.tabs: set[Tab] = set()
        self.starting = 0
        self.sockets: set[web.WebSocketResponse] = set()
        self.downloads = DownloadManager()
        self.cookie = f"newsreader-{guard.port}"

    def app(self) -> web.Application:
        app = web.Application(middlewares=[self._headers], client_max_size=64 * 1024)
        app.add_routes([
            web.get("/", self.page),
            web.get("/ws/{token}", self.websocket),
            web.static("/static/newsreader", OURS, show_index=False, follow_symlinks=False),
            web.static("/static", TEXTUAL_STATIC, show_index=False, follow_symlinks=False),
        ])
        app.on_shutdown.append(self._shutdown)
        return app

    def refuse(self, request: web.Request, reason: str, status: int = 403,
               page: str = NEEDS_TOKEN) -> web.Response:
        where = "/ws/…" if request.path.startswith("/ws/") else request.path[:60]
        self.log(f"{request.remote or '?'} refused {request.method} "
                 f"{where.encode('ascii', 'backslashreplace').decode()}: {reason}")
        return web.Response(status=status, content_type="text/html",
                            text=REFUSED.format(reason=page))

    @web.middleware
    async def _headers(self, request: web.Request,
                       handler: Callable[[web.Request], Awaitable[web.StreamResponse]]
                       ) -> web.StreamResponse:
        if not self.guard.host_ok(request.headers.get("Host")):
            response: web.StreamResponse = self.refuse(
                request, "foreign Host", page="this address is not one newsreader answers to.")
        else:
            try:
                response = await handler(request)
            except web.HTTPException as error:  # 404 and the like: no listing, no traceback
                response = web.Response(status=error.status, text=f"{error.status} {error.reason}\n")
        if not response.prepared:
            response.headers.update(HEADERS)
        return response

    def _full(self) -> bool:
        return len(self.tabs) + self.starting >= self.max_tabs

    def _full_sentence(self) -> str:
        return f"newsreader is already open in {self.max_tabs} tabs: close one, then reload."

    async def page(self, request: web.Request) -> web.Response:
        token = request.query.get("token") or request.cookies.get(self.cookie)
        reason = self.guard.refusal(host=request.headers.get("Host"), token=token)
        if reason:
            return self.refuse(request, reason)
        if self._full():
            return self.refuse(request, f"{self.max_tabs} tabs already open", status=503,
                               page=self._full_sentence())
        scheme = "wss" if request.secure or request.headers.get("X-Forwarded-Proto") == "https" else "ws"
        html = TEMPLATE.read_text(encoding="utf-8").format(
            websocket=escape(f"{scheme}://{request.headers['Host']}/ws/{self.guard.token}"),
            font_size=_font_size(request.query.get("fontsize")))
        response = web.Response(text=html, content_type="text/html")
        response.headers["Cache-Control"] = "no-store"
        response.set_cookie(self.cookie, self.guard.token, httponly=True, samesite="Strict",
                            path="/")
        return response

    async def websocket(self, request: web.Request) -> web.StreamResponse:
        reason = self.guard.refusal(host=request.headers.get("Host"),
                                    token=request.match_info.get("token"),
                                    origin=request.headers.get("Origin"), websocket=True)
        if reason:
            return self.refuse(request, reason)
        socket = web.WebSocketResponse(heartbeat=15, max_msg_size=1024 * 1024)
        await socket.prepare(request)
        if self._full():
            self.log(f"{request.remote or '?'} refused a tab: {self.max_tabs} already open")
            await socket.close(code=FULL, message=self._full_sentence().encode())
            return socket
        self.starting += 1
        self.sockets.add(socket)
        async def close() -> None:
            await socket.close()

        tab = Tab(self.command, write_bytes=socket.send_bytes, write_str=socket.send_str,
                  close=close, download_manager=self.downloads)
        try:
            try:
                await tab.start(*clamped(request.query.get("width"), request.query.get("height")))
                self.tabs.add(tab)
            finally:
                self.starting -= 1
            await self._messages(socket, tab)
        except (asyncio.CancelledError, ConnectionError):
            pass
        except Exception as error:  # one line, never a traceback
            self.log(f"{request.remote or '?'} tab ended: {type(error).__name__}: {error}")
        finally:
            self.sockets.discard(socket)
            await tab.end()
            self.tabs.discard(tab)
            with contextlib.suppress(Exception):
                await socket.close()
        return socket

    async def _messages(self, socket: web.WebSocketResponse, tab: Tab) -> None:
        """What the page sends: keys, sizes, focus and pings. Anything else is ignored."""
        async for message in socket:
            if message.type != WSMsgType.TEXT:
                continue
            try:
                envelope = json.loads(message.data)
            except ValueError:
                continue
            if not isinstance(envelope, list) or not envelope or not isinstance(envelope[0], str):
                continue
            kind, data = envelope[0], envelope[1] if len(envelope) > 1 else None
            if kind == "stdin" and isinstance(data, str):
                await tab.send_bytes(data.encode("utf-8", "replace"))
            elif kind == "resize" and isinstance(data, dict):
                await tab.set_terminal_size(*clamped(data.get("width"), data.get("height")))
            elif kind == "ping" and isinstance(data, str | int | float):
                await socket.send_json(["pong", data])
            elif kind == "blur":
                await tab.blur()
            elif kind == "focus":
                await tab.focus()

    async def _shutdown(self, app: web.Application) -> None:
        for socket in list(self.sockets):
            with contextlib.suppress(Exception):
                await socket.close(code=WSCloseCode.GOING_AWAY, message=b"newsreader serve ended")


def _font_size(value: str | None) -> int:
    try:
        return max(6, min(48, int(value or 16)))
    except ValueError:
        return 16


class _OneLine(logging.Handler):
    """aiohttp's own complaints (a malformed request) as one line each, never a traceback."""

    def emit(self, record: logging.LogRecord) -> None:
        if record.levelno >= logging.WARNING:
            text = record.getMessage().splitlines()[0] if record.getMessage() else record.name
            error = f": {record.exc_info[1]}" if record.exc_info and record.exc_info[1] else ""
            say(f"{text[:200]}{str(error)[:200]}")


def run(command: str, guard: Guard, host: str, *, max_tabs: int, url: str) -> None:
    """Serve until Ctrl+C or SIGTERM; every tab's reader ends with it."""
    for name in ("aiohttp", "asyncio"):
        logger = logging.getLogger(name)
        logger.handlers[:] = [_OneLine()]
        logger.propagate = False
    served = Served(command, guard, max_tabs=max_tabs)
    print(url, flush=True)
    print(f"newsreader: open {url} in your browser: the token in it is the key. "
          f"At most {max_tabs} tabs; Ctrl+C stops.", file=sys.stderr, flush=True)
    web.run_app(served.app(), host=host, port=guard.port, access_log=None, print=None,
                shutdown_timeout=QUIT_GRACE + TERM_GRACE + 2, handler_cancellation=True)
