"""A Jupyter server extension: the kernel's replies reach the browser at once (TCP_NODELAY).

Why. Every explorer move is one small message to the kernel and, a few milliseconds later,
two small ones back: the kernel's "busy" status, then the new heatmaps. jupyter_server's
kernel websocket leaves Nagle's algorithm on (Tornado switches it back on once the websocket
handshake is answered), so the heatmaps' message waits until the browser acknowledges
"busy", and browsers delay that acknowledgement by up to 40 ms. Measured in JupyterLab 4.6 in
headless Chromium, a Shift+Up on a weight of the standard layer explorer, 30 presses
(``benchmarks/bench_browser.py --heatmap --moves 30``, with and without ``--without-extension``):
without the extension median 25.2 ms, p90 55.5 ms (a third of the presses wait about 40 ms);
with it, median 20.8 ms, p90 25.0 ms. Nothing else changes: the same bytes are sent, in the same
order, each as soon as it is written.

How. Installing backprop_lib enables this extension for the Jupyter server of that
environment (``etc/jupyter/jupyter_server_config.d/backprop_lib.json``; ``jupyter server
extension list`` shows it, ``jupyter server extension disable backprop_lib.server`` turns it off).
When the server starts, it wraps the kernel websocket connection class the server is configured
with (a gateway's too) so that each connection calls Tornado's own
``WebSocketHandler.set_nodelay(True)`` when the websocket opens: only the kernel websockets,
and nothing is patched.
"""

from __future__ import annotations

SETTING = "kernel_websocket_connection_class"


def with_nodelay(base: type) -> type:
    """A subclass of the kernel websocket connection class ``base`` whose websocket sends each
    message at once: ``connect()`` (called once the websocket is open) first sets TCP_NODELAY."""
    if getattr(base, "_backprop_nodelay", False):
        return base

    class NoDelay(base):  # type: ignore[misc, valid-type]
        _backprop_nodelay = True

        def connect(self):
            handler = getattr(self, "websocket_handler", None)
            if handler is not None and getattr(handler, "ws_connection", None) is not None:
                handler.set_nodelay(True)
            return super().connect()

    NoDelay.__name__ = NoDelay.__qualname__ = f"NoDelay{base.__name__}"
    NoDelay.__module__ = __name__
    return NoDelay


def _jupyter_server_extension_points() -> list[dict]:
    return [{"module": "backprop_lib.server"}]


def _load_jupyter_server_extension(serverapp) -> None:
    settings = serverapp.web_app.settings
    base = settings.get(SETTING)
    if base is None:  # a server without kernel websockets: nothing to do
        return
    settings[SETTING] = with_nodelay(base)
    serverapp.log.info(f"backprop_lib: kernel websockets send without delay (TCP_NODELAY on {base.__name__})")
