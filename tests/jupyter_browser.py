"""A real-browser harness for the lessons' explorers: JupyterLab + headless Chromium (Playwright).

In pytest, pytest-playwright owns the browser (its ``browser`` / ``page`` fixtures, and its
``--screenshot`` / ``--tracing`` options for what a failed test leaves behind; tests/conftest.py
points it at Debian's Chromium) and the JupyterLab server is started with jupyterlab's own
galata test configuration. What is left here is what no library does for us:

- :func:`browser_skip_reason` -- why browser tests cannot run (no Chromium, no playwright), or None.
- :func:`jupyter_server` -- JupyterLab on 127.0.0.1 over a copy of the lessons, galata's settings,
  its own temporary folders; on exit the kernels are shut down and the server stopped.
- :func:`open_and_run_all` -- open a notebook, Run All, wait for the kernel and the widgets.
- :func:`install_latency_probe` / :func:`measure_key_moves` / :func:`drag_handle` -- move a
  slider and time "key press -> new pixels of the watched element" (the benchmarks' figure).
- :func:`run_slider_check` / :func:`run_heatmap_check` -- the lesson steps in one call.
- :func:`launch_chromium` -- for the standalone benchmarks, which run without pytest.

The flags are the ones measured to work with Debian's Chromium, headless, on a machine without a GPU.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# Flags measured to work for headless Debian Chromium on this kind of machine (--no-sandbox:
# CI containers run as root). tests/conftest.py gives the same to pytest-playwright.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

# User-settings files written into the server's own temporary settings folder.
SETTINGS_OVERRIDES = {
    # no "get notified about Jupyter news?" toast, no update check (no internet in CI)
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {
        "fetchNews": "false",
        "checkForUpdates": False,
    },
    # Never save from the browser: a browser-saved notebook loses the widget state nbclient
    # stored, and the server's folder is a copy of the lessons anyway (see jupyter_server).
    "@jupyterlab/docmanager-extension/plugin.jupyterlab-settings": {"autosave": False},
}

# What the harness serves: the lessons and its own fixture notebook, copied (same paths).
SERVED = ("notebooks", "tests/fixtures")

# The server's config file: galata's (jupyterlab's own UI-test helper): no token, no password,
# no XSRF check, no browser opened, window.jupyterapp exposed, and
# temporary root and workspaces folders (made under TMPDIR, which jupyter_server() points into
# its own temporary folder, so they go with it). The command line below overrides port and root.
SERVER_CONFIG = """
from jupyterlab.galata import configure_jupyter_server

configure_jupyter_server(c)
c.JupyterNotebookApp.expose_app_in_browser = True  # the same for Notebook 7's page
# not its in-page helper extension: it serves galata's TypeScript API, which we do not use, and
# in Notebook 7's page it throws "Command 'filebrowser:open-path' not registered"
c.LabServerApp.extra_labextensions_path = []
c.LabApp.check_for_updates_class = "jupyterlab.NeverCheckForUpdate"
"""

# Added by ``jupyter_server(nodelay_extension=False)``: the server without backprop_lib's own
# server extension (backprop_lib/server.py: kernel websockets with TCP_NODELAY), for a benchmark
# that measures what the extension changes (bench_browser.py --heatmap --without-extension).
WITHOUT_EXTENSION_CONFIG = """
c.ServerApp.jpserver_extensions = {"backprop_lib.server": False}
"""

# Added by ``jupyter_server(log_nodelay=True)``: once a kernel websocket is open, the server logs
# whether its socket has TCP_NODELAY, read back from the socket itself (a test of the extension).
LOG_NODELAY_CONFIG = """
import socket
from jupyter_server.services.kernels.websocket import KernelWebsocketHandler

_open = KernelWebsocketHandler.open


async def _open_and_log(self, *args, **kwargs):
    await _open(self, *args, **kwargs)
    sock = self.ws_connection.stream.socket
    self.log.info("kernel websocket TCP_NODELAY=%d", sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY))


KernelWebsocketHandler.open = _open_and_log
"""


# --------------------------------------------------------------------------------------------
# Skipping


def chromium_executable() -> str | None:
    """Path of a Chromium binary, or None."""
    if os.access("/usr/bin/chromium", os.X_OK):
        return "/usr/bin/chromium"
    return shutil.which("chromium")


def browser_skip_reason() -> str | None:
    """The reason browser tests cannot run here, or None when they can (and so must)."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError as exc:
        return f"playwright is not importable ({exc}); it is in requirements-dev.txt"
    if chromium_executable() is None:
        return "no Chromium: neither /usr/bin/chromium nor `chromium` on PATH (.ci/run installs Debian's chromium)"
    return None


# --------------------------------------------------------------------------------------------
# The JupyterLab server


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def copy_lessons(dest: Path | str) -> Path:
    """Copy what the harness serves (:data:`SERVED`) into ``dest``, at the same relative paths."""
    dest = Path(dest)
    for rel in SERVED:
        shutil.copytree(ROOT / rel, dest / rel, ignore=shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__"))
    return dest


@dataclass
class JupyterServer:
    """A running ``jupyter lab``; made by :func:`jupyter_server`."""

    base_url: str
    root_dir: Path
    tmp_dir: Path
    log_path: Path
    process: subprocess.Popen
    python: str

    def api(self, method: str, path: str, timeout: float = 10) -> object:
        """Call the REST API (``path`` like "api/sessions"); JSON result or None."""
        req = urllib.request.Request(self.base_url + path, method=method)
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            body = resp.read()
        return json.loads(body) if body else None

    def _kernels(self) -> list:
        """psutil processes of the kernels this server started (ipykernel children)."""
        import psutil  # ipykernel's own dependency

        out = []
        with contextlib.suppress(psutil.Error):
            for child in psutil.Process(self.process.pid).children(recursive=True):
                with contextlib.suppress(psutil.Error):
                    if any("ipykernel" in a for a in child.cmdline()):
                        out.append(child)
        return out

    def kernel_pids(self) -> list[int]:
        return [p.pid for p in self._kernels()]

    def kernel_executables(self) -> list[str]:
        """argv[0] of every kernel process: should be the venv's python."""
        return [p.cmdline()[0] for p in self._kernels()]

    def shutdown_kernels(self) -> None:
        """Delete every session (kernels outlive the page), then every remaining kernel."""
        for kind in ("sessions", "kernels"):
            with contextlib.suppress(Exception):
                for item in self.api("GET", f"api/{kind}") or []:
                    with contextlib.suppress(Exception):
                        self.api("DELETE", f"api/{kind}/{item['id']}")

    def stop(self, timeout: float = 15) -> None:
        """Shut the kernels down, stop the server, and make sure nothing we started survives."""
        import psutil

        kernels = self._kernels()
        if self.process.poll() is None:
            self.shutdown_kernels()
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout)
            except subprocess.TimeoutExpired:  # the server runs in its own process group
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(5)
        # kernels run in their own sessions: the group kill does not reach them
        for proc in psutil.wait_procs(kernels, timeout=5)[1]:
            with contextlib.suppress(psutil.Error):
                proc.kill()


@contextlib.contextmanager
def jupyter_server(
    root_dir: Path | str | None = None,
    python: str = sys.executable,
    startup_timeout: float = 90,
    keep_tmp: bool = False,
    nodelay_extension: bool = True,
    log_nodelay: bool = False,
) -> Iterator[JupyterServer]:
    """Start ``<python> -m jupyterlab`` on 127.0.0.1 and a free port; stop it on exit.

    ``root_dir``: the folder it serves; default: a fresh copy of the lessons (:func:`copy_lessons`)
    in its temporary folder, so nothing a browser does can save into the repository. Its own
    temporary JUPYTER_CONFIG_DIR, DATA, RUNTIME, settings and workspaces folders keep the user's
    ~/.jupyter out (a user-level "python3" kernelspec there would win over the venv's); the
    environment's own config (``<python's prefix>/etc/jupyter``) stays in, so backprop_lib's server
    extension is on as in a learner's install, unless ``nodelay_extension`` is False.
    """
    tmp_dir = Path(tempfile.mkdtemp(prefix="jupyter-browser-"))
    root = Path(root_dir).resolve() if root_dir is not None else copy_lessons(tmp_dir / "root")
    env = dict(os.environ, TMPDIR=str(tmp_dir), PYTHONUNBUFFERED="1")
    for var, name in [
        ("JUPYTER_CONFIG_DIR", "config"),
        ("JUPYTER_DATA_DIR", "data"),
        ("JUPYTER_RUNTIME_DIR", "runtime"),
        ("JUPYTERLAB_SETTINGS_DIR", "user-settings"),
        ("JUPYTERLAB_WORKSPACES_DIR", "workspaces"),
    ]:
        env[var] = str(tmp_dir / name)
        (tmp_dir / name).mkdir()
    for rel, value in SETTINGS_OVERRIDES.items():
        path = tmp_dir / "user-settings" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(value))
    config = tmp_dir / "config" / "jupyter_server_test_config.py"
    config.write_text(
        SERVER_CONFIG
        + ("" if nodelay_extension else WITHOUT_EXTENSION_CONFIG)
        + (LOG_NODELAY_CONFIG if log_nodelay else "")
    )
    env.pop("PYTEST_CURRENT_TEST", None)  # the kernel must not inherit pytest plumbing
    log_path = tmp_dir / "jupyter.log"
    server, last_error = None, ""
    for _attempt in range(3):  # a free port can be taken between free_port() and bind
        port = free_port()
        cmd = [python, "-m", "jupyterlab", f"--config={config}", "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={port}"]
        cmd.append(f"--ServerApp.root_dir={root}")
        if hasattr(os, "geteuid") and os.geteuid() == 0:
            cmd.append("--allow-root")  # CI containers run as root; Jupyter refuses without it
        with open(log_path, "ab") as log:
            proc = subprocess.Popen(
                cmd, cwd=root, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
            )
        candidate = JupyterServer(f"http://127.0.0.1:{port}/", root, tmp_dir, log_path, proc, python)
        deadline = time.monotonic() + startup_timeout
        while time.monotonic() < deadline and proc.poll() is None:
            try:
                candidate.api("GET", "api/status", timeout=2)
                server = candidate
                break
            except (urllib.error.URLError, OSError) as exc:
                last_error = repr(exc)
                time.sleep(0.2)
        if server is not None:
            break
        candidate.stop()
    if server is None:
        log_text = log_path.read_text(errors="replace") if log_path.exists() else ""
        shutil.rmtree(tmp_dir, ignore_errors=True)
        raise RuntimeError(f"jupyter lab did not start ({last_error}); log:\n{log_text[-4000:]}")
    try:
        yield server
    finally:
        server.stop()
        if not keep_tmp:
            shutil.rmtree(tmp_dir, ignore_errors=True)


# --------------------------------------------------------------------------------------------
# The browser


def launch_chromium(playwright, headless: bool = True):
    """Launch Debian's Chromium (no ``playwright install`` download); for the benchmarks, which
    run without pytest (in pytest, pytest-playwright's ``browser`` fixture does this)."""
    exe = chromium_executable()
    if exe is None:
        raise RuntimeError(browser_skip_reason() or "no Chromium")
    return playwright.chromium.launch(executable_path=exe, headless=headless, args=CHROMIUM_ARGS)


@contextlib.contextmanager
def _own_page(page, viewport: tuple[int, int]):
    """``page`` if one is given (pytest-playwright's), else a page of a Chromium launched here."""
    if page is not None:
        page.set_viewport_size({"width": viewport[0], "height": viewport[1]})
        yield page
        return
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = launch_chromium(pw)
        try:
            yield browser.new_page(viewport={"width": viewport[0], "height": viewport[1]})
        finally:
            browser.close()


KERNEL_IDLE = '.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook-ExecutionIndicator[data-status="idle"]'

UIS = ("lab", "notebook")


def open_notebook(page, base_url: str, notebook_path: str, timeout_ms: float = 60_000, ui: str = "lab") -> None:
    """Open ``notebook_path`` (relative to the server root) and wait until its kernel is idle.

    ``ui="lab"``: JupyterLab, in a fresh, unique workspace (no tabs restored from earlier runs).
    ``ui="notebook"``: Notebook 7's single-document page (``/notebooks/<path>``; needs the
    ``notebook`` package installed next to JupyterLab, which serves it from the same server).
    """
    if ui == "lab":
        workspace = "t" + uuid.uuid4().hex[:12]
        url = f"{base_url}lab/workspaces/{workspace}/tree/{notebook_path}?reset"
    elif ui == "notebook":
        url = f"{base_url}notebooks/{notebook_path}"
    else:
        raise ValueError(f"ui must be one of {UIS}, not {ui!r}")
    page.goto(url, timeout=timeout_ms)
    page.wait_for_selector(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Cell", timeout=timeout_ms)
    page.wait_for_selector(KERNEL_IDLE, timeout=timeout_ms)


_RUN_ALL_JS = """
async () => {
  // the "Run > Run All Cells" command once the notebook's context and kernel session are ready
  // (clicking the menu right after the page loaded was lost now and then: cells stayed "[ ]");
  // its promise resolves when every cell has run: then window.__runAll is the number of code
  // cells left without an execution count (0), or the error
  const app = window.jupyterapp;
  const panel = app.shell.currentWidget;
  if (!panel || !panel.sessionContext) throw new Error('the current tab is not a notebook');
  await panel.context.ready;
  await panel.sessionContext.ready;
  app.shell.activateById(panel.id);
  window.__runAll = null;
  app.commands.execute('notebook:run-all-cells').then(
    () => { window.__runAll = panel.content.widgets.filter(
      (c) => c.model.type === 'code' && c.model.executionCount === null).length; },
    (e) => { window.__runAll = String(e); });
}
"""


def run_all(page, timeout_ms: float = 120_000) -> None:
    """Run All Cells and wait until every code cell ran and the kernel is idle."""
    page.wait_for_function("() => !!(window.jupyterapp && window.jupyterapp.shell.currentWidget)", timeout=timeout_ms)
    page.evaluate(_RUN_ALL_JS)
    page.wait_for_function("() => window.__runAll !== null", timeout=timeout_ms, polling=100)
    unrun = page.evaluate("() => window.__runAll")
    if unrun:
        raise AssertionError(f"Run All left code cells unrun ({unrun}): {notebook_errors(page)}")
    page.wait_for_selector(KERNEL_IDLE, timeout=timeout_ms)


def notebook_errors(page) -> list[str]:
    """Texts of error outputs and widget-rendering failures in the open notebook."""
    return page.evaluate(
        """() => {
          const panel = document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden)');
          const out = [];
          for (const el of panel.querySelectorAll('.jp-OutputArea-output')) {
            const mime = el.dataset.mimeType || '';
            const text = el.innerText || '';
            if (mime === 'application/vnd.jupyter.error' || /Traceback|Error displaying widget/.test(text)) {
              out.push(text.slice(0, 2000));
            }
          }
          return out;
        }"""
    )


def wait_widgets_rendered(page, selectors: Sequence[str] = (), timeout_ms: float = 30_000) -> None:
    """Wait for every widget view output to be rendered (no placeholder, non-empty box) and for
    each of ``selectors`` to be visible; raise on error outputs / "Error displaying widget"."""
    page.wait_for_function(
        """() => {
          const panel = document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden)');
          const views = panel.querySelectorAll(
            '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.widget-view+json"]');
          for (const v of views) {
            if (/Loading widget/.test(v.innerText)) return false;
            const r = v.getBoundingClientRect();
            if (r.width < 1 || r.height < 1) return false;
          }
          return true;
        }""",
        timeout=timeout_ms,
        polling=100,
    )
    for sel in selectors:
        page.locator(sel).first.wait_for(state="visible", timeout=timeout_ms)
    errors = notebook_errors(page)
    if errors:
        raise AssertionError("the notebook shows errors:\n" + "\n---\n".join(errors))


def open_and_run_all(
    page,
    base_url: str,
    notebook_path: str,
    wait_for: Sequence[str] = (),
    timeout_ms: float = 120_000,
    ui: str = "lab",
) -> None:
    """Open ``notebook_path`` in a fresh workspace, Run All, wait for idle kernel and widgets.

    ``wait_for``: CSS selectors that must be visible afterwards (e.g. the heatmap).
    """
    open_notebook(page, base_url, notebook_path, timeout_ms=timeout_ms, ui=ui)
    run_all(page, timeout_ms=timeout_ms)
    wait_widgets_rendered(page, wait_for, timeout_ms=timeout_ms)


# --------------------------------------------------------------------------------------------
# Key press -> new pixels, end to end
#
# How it is measured, and why. The obvious way -- Playwright element screenshots in a tight
# loop until the image differs -- has a resolution of one screenshot (tens of ms here, each one
# a CDP round trip plus PNG encoding) and its own load competes with the kernel for the 2 CPUs.
# Instead a probe inside the page timestamps, on the page's own clock (performance.now()):
#   1. the keydown, in a capture-phase listener on window (so it runs before the slider's own
#      handler, i.e. before any work caused by the key);
#   2. the first DOM mutation inside the watched element after it -- this arrives only after the
#      slider's new value went to the kernel over the websocket, the Python callback ran, and the
#      widget's new value came back and was written into the DOM (the kernel round trip);
#   3. the paint of that mutation: requestAnimationFrame runs just before the browser renders
#      the next frame, and a task queued from it runs right after that frame was produced (the
#      "after next paint" pattern web-vitals uses for INP). <img> elements are decoded first.
# latency = (3) - (1). Then, untimed, a real element screenshot is compared with the previous
# one, so every timed move is also checked to have changed the pixels.

_PROBE_JS = """
(selector) => {
  const lat = window.__lat = {keys: [], events: [], pending: false, lastMutation: 0, mutations: 0};
  // the learner's input: a key press, or a mouse press (a click on the slider's track)
  window.addEventListener('keydown', () => { lat.keys.push(performance.now()); }, true);
  window.addEventListener('pointerdown', () => { lat.keys.push(performance.now()); }, true);
  const touches = (m) => {
    const t = m.target.nodeType === 1 ? m.target : m.target.parentElement;
    if (!t) return false;
    if (t.closest(selector)) return true;           // inside the watched element
    // an ancestor: only a replacement of the element counts (not, say, the cell's class
    // changing when the slider takes focus)
    for (const n of m.addedNodes) {
      if (n.nodeType === 1 && (n.matches(selector) || n.querySelector(selector))) return true;
    }
    return false;
  };
  const observer = new MutationObserver((mutations) => {
    if (!mutations.some(touches)) return;
    const now = performance.now();
    lat.mutations += 1;
    lat.lastMutation = now;
    if (lat.pending) return;          // the paint of an earlier mutation is awaited already
    lat.pending = true;
    const key = lat.keys.length - 1;
    const imgs = [...document.querySelectorAll(selector)].flatMap(
      (el) => el.tagName === 'IMG' ? [el] : [...el.querySelectorAll('img')]);
    Promise.all(imgs.map((i) => i.decode().catch(() => null))).then(() => {
      requestAnimationFrame(() => setTimeout(() => {
        lat.events.push({key, keyTime: key >= 0 ? lat.keys[key] : null, mutation: now, paint: performance.now()});
        lat.pending = false;
      }, 0));
    });
  });
  observer.observe(document.body, {subtree: true, childList: true, characterData: true, attributes: true});
  return true;
}
"""


def install_latency_probe(page, selector: str) -> None:
    """Install the in-page key->paint probe watching the element(s) matching ``selector``."""
    page.evaluate(_PROBE_JS, selector)


def _wait_settled(page, quiet_ms: float = 150, timeout_ms: float = 10_000) -> None:
    """Wait until no paint is pending, the watched element has not changed for ``quiet_ms``,
    and the kernel is idle."""
    page.wait_for_function(
        """([quiet, idleSel]) => !window.__lat.pending
              && performance.now() - window.__lat.lastMutation > quiet
              && document.querySelector(idleSel) !== null""",
        arg=[quiet_ms, KERNEL_IDLE],
        timeout=timeout_ms,
        polling=25,
    )


def png_changed_pixels(png_a: bytes, png_b: bytes) -> int:
    """Number of pixels that differ between two PNG screenshots (size change: all of them)."""
    if png_a == png_b:
        return 0
    from PIL import Image, ImageChops  # matplotlib's own dependency

    a = Image.open(io.BytesIO(png_a)).convert("RGB")
    b = Image.open(io.BytesIO(png_b)).convert("RGB")
    if a.size != b.size:
        return max(a.size[0] * a.size[1], b.size[0] * b.size[1])
    diff = ImageChops.difference(a, b).convert("L").point(lambda v: 255 if v else 0)
    return int(sum(diff.histogram()[255:]))


def slider_handle(page, slider: int | str, scope: str | None = None):
    """Locator of a slider's noUiSlider handle: by index (0 = first slider in the notebook) or
    by the slider's description text (exact match, e.g. "scale"); ``scope``: a CSS selector of
    the widget to look in (e.g. ".bp-layerexplorer"), default the whole notebook."""
    panel = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden)")
    if scope:
        panel = panel.locator(scope).first
    if isinstance(slider, int):
        return panel.locator(".noUi-handle").nth(slider)
    # a `has=` locator is resolved inside each candidate, so it must not start from the panel
    label = page.locator(".widget-label", has_text=re.compile(rf"^\s*{re.escape(slider)}\s*$"))
    return panel.locator(".widget-slider", has=label).locator(".noUi-handle").first


@dataclass
class MoveResult:
    latencies_ms: list[float]
    screenshots: list[Path]
    changed_pixels: list[int]
    updates_per_move: list[int]


def measure_key_moves(
    page,
    handle,
    heatmap_selector: str,
    n_moves: int = 20,
    key: str = "ArrowRight",
    shot_dir: Path | None = None,
    shot_prefix: str = "key",
    timeout_ms: float = 10_000,
    clicks: Sequence[float] | None = None,
) -> MoveResult:
    """Press ``key`` on the focused slider ``handle`` ``n_moves`` times; for each press, the
    end-to-end time to new pixels of ``heatmap_selector`` (see the comment above), and a check
    that an element screenshot differs from the previous one. With ``clicks`` (horizontal offsets
    in CSS pixels from the handle's centre, see :func:`track_clicks`), each move is a mouse click
    on the slider's track instead (timed from the pointerdown). Needs
    :func:`install_latency_probe` (it is installed here if missing)."""
    if not page.evaluate("() => !!window.__lat"):
        install_latency_probe(page, heatmap_selector)
    target = page.locator(heatmap_selector).first
    _wait_settled(page)
    previous = target.screenshot()
    result = MoveResult([], [], [], [])
    for i in range(len(clicks) if clicks else n_moves):
        if not clicks:
            handle.focus()
        n_keys = page.evaluate("() => window.__lat.keys.length")
        if clicks:
            handle.scroll_into_view_if_needed()  # the screenshots may have scrolled the page
            box = handle.bounding_box()
            page.mouse.click(box["x"] + box["width"] / 2 + clicks[i], box["y"] + box["height"] / 2)
        else:
            page.keyboard.press(key)
        page.wait_for_function(
            "k => window.__lat.events.some(e => e.key === k)", arg=n_keys, timeout=timeout_ms, polling="raf"
        )
        _wait_settled(page, timeout_ms=timeout_ms)
        events = page.evaluate("k => window.__lat.events.filter(e => e.key === k)", n_keys)
        result.latencies_ms.append(events[0]["paint"] - events[0]["keyTime"])
        result.updates_per_move.append(len(events))
        png = target.screenshot()
        changed = png_changed_pixels(previous, png)
        result.changed_pixels.append(changed)
        what = f"click {i + 1}" if clicks else f"{key} press {i + 1}"
        if changed == 0:
            raise AssertionError(f"{what}: the DOM of {heatmap_selector!r} changed but its pixels did not")
        if shot_dir is not None and (i == 0 or i == n_moves - 1):
            path = shot_dir / f"{shot_prefix}-{i + 1:02d}.png"
            path.write_bytes(png)
            result.screenshots.append(path)
        previous = png
    return result


def track_clicks(n_moves: int, px: float = 20.0) -> list[float]:
    """Offsets for ``n_moves`` clicks on a slider's track, alternately ``px`` right and left of
    the handle: each click lands off the handle (a click on the handle itself does not move it)
    and moves the slider to a value other than the previous one."""
    return [px if i % 2 == 0 else -px for i in range(n_moves)]


def drag_handle(page, handle, heatmap_selector: str, dx: float = 60, timeout_ms: float = 10_000) -> tuple[int, str]:
    """Drag ``handle`` by ``dx`` CSS pixels with the mouse; return (changed pixels of the
    heatmap, slider readout text after the drag)."""
    if not page.evaluate("() => !!window.__lat"):
        install_latency_probe(page, heatmap_selector)
    target = page.locator(heatmap_selector).first
    _wait_settled(page)
    before = target.screenshot()
    handle.scroll_into_view_if_needed()
    box = handle.bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    n_events = page.evaluate("() => window.__lat.events.length")
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x + dx, y, steps=10)
    page.mouse.up()
    page.wait_for_function("n => window.__lat.events.length > n", arg=n_events, timeout=timeout_ms)
    _wait_settled(page, quiet_ms=300, timeout_ms=timeout_ms)
    after = target.screenshot()
    readout = handle.locator("xpath=ancestor::*[contains(@class,'widget-slider')][1]").locator(".widget-readout")
    return png_changed_pixels(before, after), readout.first.inner_text()


def percentile(values: Sequence[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..100)."""
    ordered = sorted(values)
    rank = max(1, min(len(ordered), round(q / 100 * len(ordered) + 0.5)))
    return ordered[rank - 1]


# --------------------------------------------------------------------------------------------
# Everything in one call, for the lessons' tests


def run_slider_check(
    notebook_path: str | Path,
    slider: int | str,
    heatmap_selector: str,
    scope: str | None = None,
    expected_texts: Sequence[str] = (),
    n_moves: int = 20,
    key: str = "ArrowRight",
    drag_dx: float = -60,
    shot_dir: Path | str | None = None,
    server: JupyterServer | None = None,
    viewport: tuple[int, int] = (1280, 1000),
    timeout_s: float = 180,
    ui: str = "lab",
    page=None,
) -> dict:
    """Open a lesson in JupyterLab (``ui="lab"``) or Notebook 7 (``ui="notebook"``), Run All, move
    a slider ``n_moves`` times and then drag it, and check that the heatmaps redraw each time.
    Raises AssertionError on any failure; returns what was measured.

    notebook_path: relative to the repository (or absolute, inside it); the server serves its
        copy at the same relative path, and both files are checked to be unchanged afterwards.
    slider: its index among the notebook's sliders (0 = first), or its ``description`` (exact).
    heatmap_selector: CSS selector of the element(s) whose pixels must change (the first one is
        screenshotted and compared; a change in any of them counts for the timing).
    scope: CSS selector of the widget holding the slider (e.g. ".bp-layerexplorer").
    expected_texts: strings that must be on the page after Run All and after the moves.
    key: the key to press ("ArrowRight" = one step up), or "click": click the slider's track,
        alternately right and left of the handle (see :func:`track_clicks`).
    drag_dx: drag distance in CSS pixels after the moves (negative: to the left).
    shot_dir: if given, screenshots are written there (after Run All, first and last move, after
        the drag); in pytest, pytest-playwright's ``--screenshot`` / ``--tracing`` keep failures.
    server: a running :class:`JupyterServer`; default: one is started (over a copy) and stopped.
    page: a Playwright page (pytest-playwright's ``page``); default: a Chromium is launched here.

    Returns a dict: median_ms, p95_ms, min_ms, max_ms, latencies_ms (one per move),
    updates_per_move, changed_pixels, drag_changed_pixels, readout_after_drag,
    kernel_executables, kernel_pids, page_errors, screenshots, shot_dir.
    """
    shot_dir = Path(shot_dir) if shot_dir else None
    if shot_dir:
        shot_dir.mkdir(parents=True, exist_ok=True)
    nb_file = Path(notebook_path)
    nb_file = nb_file if nb_file.is_absolute() else ROOT / nb_file
    rel = nb_file.resolve().relative_to(ROOT).as_posix()
    original = nb_file.read_bytes()
    shots: list[Path] = []

    def shot(locator, name: str) -> None:
        if shot_dir:
            locator.screenshot(path=shot_dir / name)
            shots.append(shot_dir / name)

    with contextlib.ExitStack() as stack:
        if server is None:
            server = stack.enter_context(jupyter_server())
        stack.callback(server.shutdown_kernels)  # a reused server: the next check starts clean
        served = server.root_dir / rel
        served_before = served.read_bytes()
        page = stack.enter_context(_own_page(page, viewport))
        page.set_default_timeout(timeout_s * 1000)
        page_errors: list[str] = []
        page.on("pageerror", lambda exc: page_errors.append(str(exc)))

        open_and_run_all(page, server.base_url, rel, wait_for=[heatmap_selector], timeout_ms=timeout_s * 1000, ui=ui)
        handle = slider_handle(page, slider, scope)
        handle.scroll_into_view_if_needed()
        shot(page, "after-run-all.png")

        def check_texts(when: str) -> None:
            for text in expected_texts:
                if page.get_by_text(text, exact=False).count() == 0:
                    raise AssertionError(f"{text!r} is not on the page {when}")

        check_texts("after Run All")
        kernels, kernel_pids = server.kernel_executables(), server.kernel_pids()
        install_latency_probe(page, heatmap_selector)
        clicks = track_clicks(n_moves) if key == "click" else None
        moves = measure_key_moves(
            page, handle, heatmap_selector, n_moves=n_moves, key=key, shot_dir=shot_dir, clicks=clicks
        )
        shots += moves.screenshots
        changed, readout = drag_handle(page, handle, heatmap_selector, dx=drag_dx)
        panel = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden)")
        if scope:  # the whole widget, as a learner sees it after the moves
            shot(panel.locator(scope).first, "widget.png")
        shot(panel, "after-drag.png")
        if changed == 0:
            raise AssertionError(f"dragging the slider did not change the pixels of {heatmap_selector!r}")
        check_texts("after the moves")
        errors = notebook_errors(page)
        if errors:
            raise AssertionError("the notebook shows errors:\n" + "\n---\n".join(errors))
        if served.read_bytes() != served_before:
            raise AssertionError(f"the browser session saved {rel} (autosave should be off)")
    if nb_file.read_bytes() != original:
        raise AssertionError(f"{rel} was modified in the repository by the browser session")
    lat = moves.latencies_ms
    return {
        "median_ms": statistics.median(lat),
        "p95_ms": percentile(lat, 95),
        "min_ms": min(lat),
        "max_ms": max(lat),
        "latencies_ms": lat,
        "updates_per_move": moves.updates_per_move,
        "changed_pixels": moves.changed_pixels,
        "drag_changed_pixels": changed,
        "readout_after_drag": readout,
        "kernel_executables": kernels,
        "kernel_pids": kernel_pids,
        "page_errors": page_errors,
        "screenshots": shots,
        "shot_dir": shot_dir,
    }


# --------------------------------------------------------------------------------------------
# The explorers' own heatmap widget (backprop_lib/widgets/heatmap.js): click an entry, drag a
# weight, arrow keys. Each repaint sets the row's data-drawn attribute: one DOM mutation per
# repaint, which the key -> paint probe above watches like any other.

PX_PER_STEP = 6  # heatmap.js: drag distance for one step of a weight

_CANVAS_ROWS_JS = """
(sel) => {
  // per row of the map: is its outline drawn (a dark pixel on the left edge) and are all of its
  // cells dimmed (every channel >= 178: heatmap.js blends unlit cells toward white)
  const cv = document.querySelector(sel);
  const grid = cv.closest('.bp-grid');
  const r = +grid.getAttribute('aria-rowcount'), c = +grid.getAttribute('aria-colcount');
  const ch = cv.height / r, cw = cv.width / c;
  const px = cv.getContext('2d').getImageData(0, 0, cv.width, cv.height).data;
  const at = (x, y) => {
    const k = 4 * (Math.floor(y) * cv.width + Math.floor(x));
    return [px[k], px[k + 1], px[k + 2]];
  };
  const outlined = [], dimmed = [];
  for (let i = 0; i < r; i++) {
    const edge = at(0.5, i * ch + ch / 2);
    if (Math.max(...edge) < 80) outlined.push(i);
    let all = true;
    for (let j = 0; j < c; j++) {
      const p = at(j * cw + cw / 2, i * ch + Math.min(3, ch / 2));
      if (Math.min(...p) < 178) { all = false; break; }
    }
    if (all) dimmed.push(i);
  }
  return {outlined, dimmed, rows: r, cols: c};
}
"""


def heatmap_map(page, scope: str, name: str):
    """Locator of the canvas of map ``name`` (e.g. "dW[2]") inside the explorer ``scope``."""
    panel = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden)").locator(scope).first
    return panel.locator(f'.bp-hm[data-name="{name}"] canvas').first


def entry_point(canvas, i: int, j: int) -> tuple[float, float]:
    """Page coordinates of the centre of entry [i, j] of a heatmap canvas."""
    grid = canvas.locator("xpath=ancestor::*[@role='grid'][1]")
    r, c = int(grid.get_attribute("aria-rowcount")), int(grid.get_attribute("aria-colcount"))
    canvas.scroll_into_view_if_needed()
    box = canvas.bounding_box()
    return box["x"] + (j + 0.5) * box["width"] / c, box["y"] + (i + 0.5) * box["height"] / r


def active_cell(page, scope: str, name: str) -> tuple[int, int, float]:
    """(row, column, value) of the active entry of map ``name``, as its ARIA gridcell reads it."""
    panel = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden)").locator(scope).first
    label = panel.locator(f'.bp-hm[data-name="{name}"] [role="gridcell"]').first.get_attribute("aria-label")
    hit = re.search(r"row (\d+), column (\d+): (-?\d+(?:\.\d+)?)", label or "")
    if not hit:
        raise AssertionError(f"the gridcell of {name} reads {label!r}")
    return int(hit.group(1)), int(hit.group(2)), float(hit.group(3))


_HM_PROBE_JS = """
(selector) => {
  // like the probe above, but it counts only the widget's own repaints (its data-drawn
  // attribute), so a focus ring or an ARIA label changing at the input itself is not timed
  const hm = window.__hm = {keys: [], events: [], last: 0};
  window.addEventListener('keydown', () => { hm.keys.push(performance.now()); }, true);
  window.addEventListener('pointerdown', () => { hm.keys.push(performance.now()); }, true);
  // a drag: each move with the button held (the one that crosses a step sends the edit)
  window.addEventListener('pointermove', (e) => { if (e.buttons & 1) hm.keys.push(performance.now()); }, true);
  new MutationObserver((mutations) => {
    if (!mutations.some((m) => m.target.matches && m.target.matches(selector))) return;
    const now = performance.now(), key = hm.keys.length - 1;
    hm.last = now;
    requestAnimationFrame(() => setTimeout(() => {
      hm.events.push({key, keyTime: key >= 0 ? hm.keys[key] : null, mutation: now, paint: performance.now()});
    }, 0));
  }).observe(document.body, {subtree: true, attributes: true, attributeFilter: ['data-drawn']});
}
"""


def _timed(page, action, timeout_ms: float = 10_000) -> tuple[float, int]:
    """Run ``action`` (a key press, a click, a drag); (ms from its last input event before the
    widget's first repaint to the paint of that repaint, repaints it caused)."""
    n_keys = page.evaluate("() => window.__hm.keys.length")
    action()
    page.wait_for_function("k => window.__hm.events.some(e => e.key >= k)", arg=n_keys, timeout=timeout_ms)
    page.wait_for_function(  # settled: no repaint for 150 ms and the kernel idle
        "([idle]) => performance.now() - window.__hm.last > 150 && document.querySelector(idle) !== null",
        arg=[KERNEL_IDLE],
        timeout=timeout_ms,
        polling=25,
    )
    events = page.evaluate("k => window.__hm.events.filter(e => e.key >= k)", n_keys)
    return events[0]["paint"] - events[0]["keyTime"], len(events)


def _write_notebook(folder: Path, code: str) -> str:
    """Write a two-cell notebook running ``code`` into ``folder``; return its file name."""
    import nbformat

    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_code_cell(f"import sys\nsys.path.insert(0, {str(ROOT)!r})\nimport backprop_lib as bp"),
        nbformat.v4.new_code_cell(code),
    ]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}
    name = f"heatmap_check_{uuid.uuid4().hex[:8]}.ipynb"
    nbformat.write(nb, folder / name)
    return name


def run_heatmap_check(
    code: str = "ex = bp.widgets.LayerExplorer(layer=2)\nex",
    scope: str = ".bp-layerexplorer",
    click: tuple[str, int, int] = ("dW[2]", 1, 3),
    lit_map: str = "dZ[2]",
    drag: tuple[str, int, int, int] = ("W[2]", 2, 3, 3),
    watch_map: str = "dW[2]",
    n_keys: int = 6,
    n_drags: int = 0,
    n_clicks: int = 0,
    ui: str = "lab",
    shot_dir: Path | str | None = None,
    server: JupyterServer | None = None,
    viewport: tuple[int, int] = (1280, 1100),
    timeout_s: float = 180,
    page=None,
) -> dict:
    """Run ``code`` (it must display an explorer) in a notebook written into the server's folder
    (a copy, never the repository), in JupyterLab (``ui="lab"``) or Notebook 7 (``ui="notebook"``),
    then, on the explorer's heatmaps:

    1. click entry ``click`` (map, row, column): read the explanation panel and which rows of
       ``lit_map`` are outlined and which are dimmed, from the canvas pixels;
    2. drag entry ``drag`` (map, row, column, steps) of a weight map up by ``steps`` steps: read
       its value from its ARIA gridcell and whether ``watch_map``'s pixels changed;
    3. focus that map, press ArrowLeft (the active entry moves one column left), then
       Shift+ArrowUp ``n_keys`` times and Shift+ArrowDown once: read the value again;
    4. (benchmarks) ``n_drags`` one-step drags and ``n_clicks`` clicks, each timed.

    Every key press, drag and click is timed from its input event to the paint of the redrawn
    heatmaps (the probe above). ``server``, ``page``, ``shot_dir``: as in :func:`run_slider_check`.
    Returns a dict of what was read, the latencies and the screenshots.
    """
    if server is not None and server.root_dir.resolve() == ROOT.resolve():
        raise ValueError("run_heatmap_check writes a notebook into the server's folder: not the repository")
    shot_dir = Path(shot_dir) if shot_dir else None
    if shot_dir:
        shot_dir.mkdir(parents=True, exist_ok=True)
    row_sel = f"{scope} .bp-row"
    out: dict = {"shot_dir": shot_dir, "screenshots": []}

    def shot(name: str) -> None:
        if shot_dir:
            path = shot_dir / f"{ui}-{name}.png"
            page.locator(".jp-NotebookPanel:not(.lm-mod-hidden)").locator(scope).first.screenshot(path=path)
            out["screenshots"].append(path)

    with contextlib.ExitStack() as stack:
        if server is None:
            server = stack.enter_context(jupyter_server())
        rel = _write_notebook(server.root_dir, code)
        stack.callback((server.root_dir / rel).unlink, True)
        stack.callback(server.shutdown_kernels)
        page = stack.enter_context(_own_page(page, viewport))
        page.set_default_timeout(timeout_s * 1000)
        errors: list[str] = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        open_and_run_all(page, server.base_url, rel, wait_for=[f"{row_sel} canvas"], timeout_ms=timeout_s * 1000, ui=ui)
        out["kernel_executables"] = server.kernel_executables()
        install_latency_probe(page, row_sel)
        page.evaluate(_HM_PROBE_JS, row_sel)
        _wait_settled(page)
        shot("after-run-all")

        # 1. click an entry: the explanation and the lit rows
        name, i, j = click
        x, y = entry_point(heatmap_map(page, scope, name), i, j)
        out["click_ms"], out["click_repaints"] = _timed(page, lambda: page.mouse.click(x, y))
        panel = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden)").locator(scope).first
        out["explanation"] = panel.locator(".bp-explain").first.inner_text()
        out["lit"] = page.evaluate(_CANVAS_ROWS_JS, f'{scope} .bp-hm[data-name="{lit_map}"] canvas')
        shot("after-click")

        # 2. drag a weight up by `steps` steps
        name, i, j, steps = drag
        canvas = heatmap_map(page, scope, name)
        watch = heatmap_map(page, scope, watch_map)
        before = watch.screenshot()
        x, y = entry_point(canvas, i, j)
        drawn = page.evaluate("(sel) => +document.querySelector(sel).dataset.drawn", row_sel)
        page.mouse.move(x, y)
        page.mouse.down()
        page.mouse.move(x, y - steps * PX_PER_STEP - PX_PER_STEP / 2, steps=4 * steps)
        page.mouse.up()
        page.wait_for_function(  # one repaint per step: each step is one message each way
            "([sel, n]) => +document.querySelector(sel).dataset.drawn >= n",
            arg=[row_sel, drawn + steps],
            timeout=timeout_s * 1000,
        )
        _wait_settled(page, quiet_ms=300)
        out["after_drag"] = active_cell(page, scope, name)
        out["watch_changed_pixels"] = png_changed_pixels(before, watch.screenshot())
        out["explanation_after_drag"] = panel.locator(".bp-explain").first.inner_text()
        shot("after-drag")

        # 3. keyboard: ArrowLeft moves the active entry, Shift+ArrowUp/Down move the weight
        grid = canvas.locator("xpath=ancestor::*[@role='grid'][1]")
        grid.focus()
        page.keyboard.press("ArrowLeft")
        page.wait_for_timeout(100)
        out["before_keys"] = active_cell(page, scope, name)
        out["key_ms"], out["key_repaints"] = [], []
        for k in range(n_keys + 1):
            ms, n = _timed(page, lambda k=k: page.keyboard.press("Shift+ArrowUp" if k < n_keys else "Shift+ArrowDown"))
            out["key_ms"].append(ms)
            out["key_repaints"].append(n)
        out["after_keys"] = active_cell(page, scope, name)
        shot("after-keys")

        # 4. timed one-step drags and clicks (benchmarks)
        out["drag_ms"], out["clicks_ms"] = [], []
        for k in range(n_drags):
            x, y = entry_point(canvas, i, j)
            dy = (PX_PER_STEP + 2) * (1 if k % 2 == 0 else -1)

            def one_drag(x=x, y=y, dy=dy) -> None:
                page.mouse.move(x, y)
                page.mouse.down()
                page.mouse.move(x, y - dy, steps=2)
                page.mouse.up()

            out["drag_ms"].append(_timed(page, one_drag)[0])
        target = heatmap_map(page, scope, click[0])
        grid_c = target.locator("xpath=ancestor::*[@role='grid'][1]")
        r, c = int(grid_c.get_attribute("aria-rowcount")), int(grid_c.get_attribute("aria-colcount"))
        for k in range(n_clicks):
            x, y = entry_point(target, k % r, (3 * k + 1) % c)
            out["clicks_ms"].append(_timed(page, lambda x=x, y=y: page.mouse.click(x, y))[0])
        if n_drags or n_clicks:
            shot("after-benchmark")
        out["notebook_errors"] = notebook_errors(page)
    out["page_errors"] = errors
    return out


# --------------------------------------------------------------------------------------------
# A Play tick -> new pixels (the outer-product explorer, the graph stepper, the training explorer)
#
# A Play widget's timer runs in the browser: each tick sets its value there and sends it to the
# kernel. The probe timestamps each such send (WebSocket.send of a widget "update" carrying a
# "value"), then the first mutation of the watched picture after it and the paint of that
# mutation (as above). latency = paint - send: the kernel's work, both message trips and the
# browser's drawing.

_PLAY_PROBE_JS = """
([selector, nth]) => {
  const target = document.querySelectorAll(selector)[nth];
  const probe = window.__play = {sends: [], events: [], seen: -1, last: 0};
  const text = (d) => typeof d === 'string' ? d : new TextDecoder().decode(
    d instanceof ArrayBuffer ? new Uint8Array(d) : new Uint8Array(d.buffer, d.byteOffset, d.byteLength));
  const send = WebSocket.prototype.send;
  WebSocket.prototype.send = function (data) {
    try {
      const s = text(data);
      const update = s.includes('comm_msg') && s.includes('"update"') && s.includes('"value"');
      if (update) probe.sends.push(performance.now());
    } catch (e) { /* not text: not a widget update */ }
    return send.call(this, data);
  };
  new MutationObserver(() => {
    const now = performance.now(), k = probe.sends.length - 1;
    probe.last = now;
    if (k < 0 || probe.seen === k) return;  // the first mutation after each send
    probe.seen = k;
    requestAnimationFrame(() => setTimeout(() => {
      probe.events.push({send: k, sendTime: probe.sends[k], mutation: now, paint: performance.now()});
    }, 0));
  }).observe(target, {subtree: true, attributes: true, childList: true, characterData: true});
  return !!target;
}
"""


def run_play_check(
    page,
    base_url: str,
    lesson: str,
    scope: str,
    picture: str,
    nth: int = 0,
    ticks: int = 5,
    ui: str = "lab",
    timeout_s: float = 180,
) -> dict:
    """Open ``lesson`` (served from a copy), Run All, press Play on the ``nth`` explorer matching
    ``scope`` (with repeat on) and let it run ``ticks`` ticks, then Pause. Returns the milliseconds from each tick's
    send to the paint of ``picture`` (a CSS selector inside the explorer), the explorer's text
    before and after, and two screenshots' changed pixels."""
    open_and_run_all(page, base_url, lesson, wait_for=[f"{scope} {picture}"], timeout_ms=timeout_s * 1000, ui=ui)
    panel = page.locator(f".jp-NotebookPanel:not(.lm-mod-hidden) {scope}").nth(nth)
    panel.scroll_into_view_if_needed()
    page.wait_for_timeout(300)
    out = {"text_before": panel.text_content() or "", "before": panel.screenshot()}
    assert page.evaluate(_PLAY_PROBE_JS, [f".jp-NotebookPanel:not(.lm-mod-hidden) {scope} {picture}", nth])
    # ipywidgets 8's Play: one play/pause button, then stop and repeat
    buttons = panel.locator(".widget-play button")
    buttons.nth(2).click()  # repeat: past its last step the Play starts again, so it runs any number of ticks
    buttons.nth(0).click()  # play
    page.wait_for_function("n => window.__play.events.length >= n", arg=ticks, timeout=timeout_s * 1000)
    buttons.nth(0).click()  # pause (stop would send the Play back to its first value: one more step)
    page.wait_for_function(  # settled: no mutation for 300 ms and the kernel idle
        "([idle]) => performance.now() - window.__play.last > 300 && document.querySelector(idle) !== null",
        arg=[KERNEL_IDLE],
        timeout=timeout_s * 1000,
        polling=25,
    )
    events = page.evaluate("() => window.__play.events")
    out["ms"] = [e["paint"] - e["sendTime"] for e in events]
    out["text_after"] = panel.text_content() or ""
    out["changed_pixels"] = png_changed_pixels(out.pop("before"), panel.screenshot())
    out["notebook_errors"] = notebook_errors(page)
    return out
