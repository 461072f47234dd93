"""backprop_lib.server: the Jupyter server extension that sends kernel websocket messages at once.

Unit tests of the wrapper, and the installed extension in a real Jupyter server: a kernel
websocket opened on it has TCP_NODELAY set on its socket (read back from the socket), and
without the extension it has not (so the test would see the extension stop working).
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import json
import subprocess
import sys
import time

import pytest
from jupyter_browser import jupyter_server

from backprop_lib import server as ext


class FakeWebSocketHandler:
    def __init__(self, open_: bool = True):
        self.ws_connection = object() if open_ else None
        self.calls: list[tuple] = []

    def set_nodelay(self, value: bool) -> None:
        self.calls.append(("set_nodelay", value))


class FakeConnection:
    """The shape of jupyter_server's BaseKernelWebsocketConnection that the wrapper uses."""

    def __init__(self, handler):
        self.websocket_handler = handler

    def connect(self):
        self.websocket_handler.calls.append(("connect",))
        return "the base's return"


def test_connect_sets_nodelay_first_and_keeps_the_base_behaviour():
    cls = ext.with_nodelay(FakeConnection)
    assert issubclass(cls, FakeConnection) and cls is not FakeConnection
    assert cls.__name__ == "NoDelayFakeConnection"
    handler = FakeWebSocketHandler()
    assert cls(handler).connect() == "the base's return"
    assert handler.calls == [("set_nodelay", True), ("connect",)]


def test_no_open_websocket_no_nodelay_and_wrapping_twice_is_wrapping_once():
    cls = ext.with_nodelay(FakeConnection)
    handler = FakeWebSocketHandler(open_=False)
    cls(handler).connect()
    assert handler.calls == [("connect",)]
    assert ext.with_nodelay(cls) is cls


class FakeLog:
    def __init__(self):
        self.lines: list[str] = []

    def info(self, msg: str) -> None:
        self.lines.append(msg)


class FakeServerApp:
    def __init__(self, settings: dict):
        self.web_app = type("WebApp", (), {"settings": settings})()
        self.log = FakeLog()


def test_loading_the_extension_wraps_the_configured_connection_class():
    app = FakeServerApp({ext.SETTING: FakeConnection})
    ext._load_jupyter_server_extension(app)
    assert app.web_app.settings[ext.SETTING].__mro__[1] is FakeConnection
    assert app.log.lines and "TCP_NODELAY on FakeConnection" in app.log.lines[0]
    empty = FakeServerApp({})
    ext._load_jupyter_server_extension(empty)
    assert empty.web_app.settings == {} and empty.log.lines == []


@pytest.mark.integration
def test_installing_backprop_lib_enables_the_extension():
    """pip install (-e) . puts the enabling file in the environment's etc/jupyter (hatchling's
    shared-data); `jupyter server extension list` then shows the extension enabled and loadable."""
    out = subprocess.run(
        [sys.executable, "-m", "jupyter", "server", "extension", "list"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    text = out.stdout + out.stderr
    assert out.returncode == 0, text
    lines = [ln for ln in text.splitlines() if "backprop_lib.server" in ln]
    assert any("enabled" in ln for ln in lines), text
    assert any("OK" in ln for ln in lines), text  # "backprop_lib.server  OK" once it imported


def _kernel_websocket_nodelay(server) -> str:
    """Start a kernel on ``server``, open its websocket as a browser does, close both; the
    TCP_NODELAY line the server logged for it."""
    from tornado.websocket import websocket_connect

    kernel = server.api("POST", "api/kernels")
    try:
        url = server.base_url.replace("http://", "ws://") + f"api/kernels/{kernel['id']}/channels"

        async def open_and_close() -> None:
            ws = await websocket_connect(url)
            ws.close()

        # in a thread of its own: pytest-playwright's sync API keeps an event loop running in this one
        with concurrent.futures.ThreadPoolExecutor(1) as pool:
            pool.submit(asyncio.run, open_and_close()).result(timeout=60)
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            lines = [ln for ln in server.log_path.read_text(errors="replace").splitlines() if "TCP_NODELAY=" in ln]
            if lines:
                return lines[-1]
            time.sleep(0.1)
        return ""
    finally:
        server.api("DELETE", f"api/kernels/{kernel['id']}")


@pytest.mark.timeout(300)
@pytest.mark.parametrize("enabled", [True, False], ids=["with-extension", "without-extension"])
def test_a_kernel_websocket_of_a_real_server_has_tcp_nodelay(enabled):
    with jupyter_server(nodelay_extension=enabled, log_nodelay=True) as server:
        log = server.log_path.read_text(errors="replace")
        assert ("backprop_lib: kernel websockets send without delay" in log) is enabled, log[-3000:]
        line = _kernel_websocket_nodelay(server)
    assert line, "the server logged no kernel websocket"
    assert line.rstrip().endswith(f"TCP_NODELAY={int(enabled)}"), line


def test_the_enabling_file_is_the_one_pyproject_installs():
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    conf = json.loads((root / "jupyter-config/jupyter_server_config.d/backprop_lib.json").read_text())
    assert conf == {"ServerApp": {"jpserver_extensions": {"backprop_lib.server": True}}}
    pyproject = (root / "pyproject.toml").read_text()
    assert '"jupyter-config/jupyter_server_config.d/backprop_lib.json" = "etc/jupyter/' in pyproject
