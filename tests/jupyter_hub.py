"""A class JupyterHub on this machine, for tests/test_hub.py and benchmarks/bench_hub.py.

What docs/INSTRUCTORS.md ("On a class JupyterHub") tells instructors, run for real: JupyterHub with
its configurable-http-proxy (pinned in hub/package.json and hub/package-lock.json, installed with
``npm ci`` into the git-ignored hub/node_modules), learners who log in (the dummy authenticator) and
each get a single-user server of this venv (``jupyterhub-singleuser``: the lessons' packages and
backprop_lib's server extension), and the nbgitpuller link that pulls the lessons into their home.

- :func:`hub_skip_reason` -- why the hub tests cannot run here (no Chromium, npm, jupyterhub), or None.
- :func:`proxy_command` -- the pinned proxy, installed with ``npm ci`` when missing or stale.
- :func:`bare_clone` -- the repository's committed HEAD as branch ``main`` of a bare repository in
  a temporary folder, for a ``file://`` link (a class's hub pulls from GitHub instead).
- :func:`pull_link` -- the nbgitpuller link: ``<hub>/hub/user-redirect/git-pull?repo=...``.
- :func:`jupyter_hub` -- the hub on 127.0.0.1 and free ports, everything in its own temporary
  folder (database, cookie secret, the learners' homes); on exit SIGTERM to the hub's pid, which
  stops the proxy and the learners' servers (``cleanup_servers``), and a check that nothing it
  started survived.
- :func:`learner` -- one learner in their own headless Chromium: follow the link, log in, wait
  for the lesson, Run All, move an explorer's slider (the browser harness's helpers,
  tests/jupyter_browser.py) and check that the heatmaps' pixels change.
- :func:`run_learners` -- N learners at once, one thread each.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from jupyter_browser import (
    KERNEL_IDLE,
    ROOT,
    SETTINGS_OVERRIDES,
    browser_skip_reason,
    drag_handle,
    free_port,
    install_latency_probe,
    launch_chromium,
    measure_key_moves,
    notebook_errors,
    run_all,
    slider_handle,
    wait_widgets_rendered,
)

HUB_DIR = ROOT / "hub"
PROXY = HUB_DIR / "node_modules" / ".bin" / "configurable-http-proxy"

# where the instructors' guide assumes the repository is published, and the folder the link
# pulls it into (nbgitpuller names the folder after the repository unless targetPath says)
PUBLISHED_REPO = "https://github.com/backprop-notebooks/backprop-notebooks"
TARGET_PATH = "backprop-notebooks"

LESSON = "notebooks/02_hidden_layer_chain_rule.ipynb"
SLIDER, SCOPE, HEATMAPS = "W[1][0,1]", ".bp-layerexplorer", ".bp-layerexplorer .bp-row"

# what each learner's server says in the hub's log once backprop_lib.server is loaded
EXTENSION_LOADED = "backprop_lib.server | extension was successfully loaded"

# the lesson's kernel has started and is connected and idle (the status indicator alone reads
# "idle" before the kernel process exists)
KERNEL_READY_JS = """() => {
  const panel = window.jupyterapp && window.jupyterapp.shell.currentWidget;
  const kernel = panel && panel.sessionContext && panel.sessionContext.session && panel.sessionContext.session.kernel;
  return !!kernel && kernel.connectionStatus === 'connected' && kernel.status === 'idle';
}"""

SINGLEUSER = Path(sys.prefix) / "bin" / "jupyterhub-singleuser"


def hub_skip_reason() -> str | None:
    """The reason the hub tests cannot run here, or None when they can (and so must)."""
    reason = browser_skip_reason()
    if reason:
        return reason
    for module in ("jupyterhub", "nbgitpuller"):
        try:
            __import__(module)
        except ImportError as exc:
            return f"{module} is not importable ({exc}); it is in requirements-dev.txt"
    if not PROXY.exists() and (shutil.which("npm") is None or shutil.which("node") is None):
        return "no node/npm to install configurable-http-proxy from hub/package-lock.json"
    if shutil.which("git") is None:
        return "no git (the link pulls from a bare clone of this repository)"
    return None


def proxy_command() -> str:
    """The proxy pinned in hub/package-lock.json, ``npm ci``'d into hub/node_modules when it is
    missing or another version than the lock's."""
    lock = json.loads((HUB_DIR / "package-lock.json").read_text())
    locked = lock["packages"]["node_modules/configurable-http-proxy"]["version"]
    installed = HUB_DIR / "node_modules" / "configurable-http-proxy" / "package.json"
    if not (PROXY.exists() and installed.exists() and json.loads(installed.read_text())["version"] == locked):
        done = subprocess.run(
            ["npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"],
            cwd=HUB_DIR,
            capture_output=True,
            text=True,
            timeout=600,
        )
        if done.returncode != 0:
            raise RuntimeError(f"npm ci in hub/ failed:\n{done.stdout[-2000:]}\n{done.stderr[-2000:]}")
    return str(PROXY)


def bare_clone(dest: Path | str) -> Path:
    """A bare repository at ``dest`` (name it ``something.git``) whose branch ``main`` is this
    repository's committed HEAD (what a class's hub would pull from GitHub). Only reads the
    repository."""
    dest = Path(dest)
    subprocess.run(["git", "init", "--quiet", "--bare", "--initial-branch=main", str(dest)], check=True)
    subprocess.run(
        [
            "git",
            "-C",
            str(dest),
            "fetch",
            "--quiet",
            "--no-tags",
            "--depth=1",
            f"file://{ROOT}",
            "HEAD:refs/heads/main",
        ],
        check=True,
        capture_output=True,
    )
    return dest


def pull_link(hub_url: str, repo: str = PUBLISHED_REPO, lesson: str = LESSON, branch: str = "main") -> str:
    """The nbgitpuller link: the hub logs the learner in, starts their server, which pulls
    ``repo`` into ``~/backprop-notebooks`` (or merges it into their copy) and opens ``lesson``."""
    query = urllib.parse.urlencode(
        {"repo": repo, "branch": branch, "urlpath": f"lab/tree/{TARGET_PATH}/{lesson}", "targetPath": TARGET_PATH}
    )
    return f"{hub_url.rstrip('/')}/hub/user-redirect/git-pull?{query}"


# --------------------------------------------------------------------------------------------
# The hub

HUB_CONFIG = """
import json

cfg = json.loads({cfg!r})
c.JupyterHub.bind_url = cfg["bind_url"]
c.JupyterHub.hub_bind_url = cfg["hub_bind_url"]
c.ConfigurableHTTPProxy.api_url = cfg["proxy_api_url"]
c.ConfigurableHTTPProxy.command = [cfg["proxy"]]
c.ConfigurableHTTPProxy.pid_file = cfg["tmp"] + "/proxy.pid"
c.JupyterHub.db_url = "sqlite:///" + cfg["tmp"] + "/jupyterhub.sqlite"
c.JupyterHub.cookie_secret_file = cfg["tmp"] + "/jupyterhub_cookie_secret"
c.JupyterHub.pid_file = cfg["tmp"] + "/jupyterhub.pid"
c.JupyterHub.cleanup_servers = True  # SIGTERM to the hub stops the learners' servers (and the proxy)
c.JupyterHub.authenticator_class = "dummy"  # any name, any password: a test's learners
c.Authenticator.allow_all = True
c.JupyterHub.spawner_class = "simple"  # a process per learner, a home folder per learner
c.SimpleLocalProcessSpawner.home_dir_template = cfg["tmp"] + "/home/{{username}}"
c.Spawner.ip = "127.0.0.1"
c.Spawner.cmd = [cfg["singleuser"]]  # this venv's: the lessons' packages and backprop_lib.server
c.Spawner.args = cfg["args"]
c.Spawner.default_url = "/lab"
c.Spawner.environment = cfg["environment"]
c.Spawner.start_timeout = 300  # ten learners starting at once on two cores
c.Spawner.http_timeout = 300
c.JupyterHub.last_activity_interval = cfg["activity_interval"]
c.JupyterHub.services = cfg["services"]
c.JupyterHub.load_roles = cfg["roles"]
"""


def idle_culler(timeout_s: int = 60, every_s: int = 10) -> tuple[list[dict], list[dict]]:
    """(services, roles) that run jupyterhub-idle-culler in the hub: a learner's server with no
    activity for ``timeout_s`` seconds is stopped."""
    command = [sys.executable, "-m", "jupyterhub_idle_culler", f"--timeout={timeout_s}", f"--cull-every={every_s}"]
    services = [{"name": "idle-culler", "command": command}]
    roles = [
        {
            "name": "idle-culler",
            "scopes": ["list:users", "read:users:activity", "read:servers", "delete:servers"],
            "services": ["idle-culler"],
        }
    ]
    return services, roles


@dataclass
class Hub:
    """A running hub; made by :func:`jupyter_hub`."""

    url: str  # the proxy's public address, where learners go: http://127.0.0.1:<port>/
    tmp_dir: Path
    log_path: Path
    process: subprocess.Popen
    seen: dict[int, str] = field(default_factory=dict)  # every pid ever seen in its tree -> what it was

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def processes(self) -> dict:
        """The hub's process tree now: {"hub": p, "proxy": p or None, "users": {name: {"server": p,
        "kernels": [p, ...]}}} (psutil processes)."""
        import psutil

        hub = psutil.Process(self.process.pid)
        out: dict = {"hub": hub, "proxy": None, "users": {}, "other": []}
        for child in hub.children(recursive=True):
            with contextlib.suppress(psutil.Error):
                cmd = " ".join(child.cmdline())
                if "configurable-http-proxy" in cmd:
                    out["proxy"] = child
                    self.seen[child.pid] = "proxy"
                elif "jupyterhub-singleuser" in cmd:
                    name = child.environ().get("JUPYTERHUB_USER", "?")
                    out["users"].setdefault(name, {"server": None, "kernels": []})["server"] = child
                    self.seen[child.pid] = f"{name}'s server"
                    for k in child.children(recursive=True):
                        if "ipykernel" in " ".join(k.cmdline()):
                            out["users"][name]["kernels"].append(k)
                            self.seen[k.pid] = f"{name}'s kernel"
                elif child.ppid() == hub.pid:
                    out["other"].append(child)  # a hub service (the idle culler)
                    self.seen[child.pid] = "hub service"
        return out

    def stop(self, timeout: float = 60) -> list[str]:
        """SIGTERM to the hub's pid (it stops the proxy and the learners' servers, which stop their
        kernels); returns what survived (then killed), which should be nothing."""
        import psutil

        with contextlib.suppress(Exception):
            self.processes()  # note every pid before the hub goes
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(10)
        survivors = []
        deadline = time.monotonic() + 15  # the servers stop their kernels as they exit
        for pid, what in self.seen.items():
            while True:
                try:
                    alive = psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
                except psutil.NoSuchProcess:
                    alive = False
                if not alive:
                    break
                if time.monotonic() > deadline:
                    survivors.append(f"{what} (pid {pid})")
                    with contextlib.suppress(psutil.Error):
                        psutil.Process(pid).kill()
                    break
                time.sleep(0.2)
        return survivors


def _get(url: str, timeout: float = 5) -> int:
    with urllib.request.urlopen(url, timeout=timeout) as resp:
        return resp.status


@contextlib.contextmanager
def jupyter_hub(
    services: Sequence[dict] = (),
    roles: Sequence[dict] = (),
    activity_interval: int = 300,
    startup_timeout: float = 120,
    keep_tmp: bool = False,
) -> Iterator[Hub]:
    """Start JupyterHub on 127.0.0.1 (proxy, its API and the hub on free ports), everything in a
    temporary folder; on exit SIGTERM to the hub's pid and a check that nothing survived
    (RuntimeError naming the survivors, after killing them)."""
    proxy = proxy_command()
    tmp_dir = Path(tempfile.mkdtemp(prefix="jupyter-hub-"))
    (tmp_dir / "home").mkdir()
    (tmp_dir / "tmp").mkdir()
    for rel, value in SETTINGS_OVERRIDES.items():  # no news toast, no autosave: as the browser harness
        path = tmp_dir / "user-settings" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(value))
    args = ["--LabApp.expose_app_in_browser=True", "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate"]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        args.insert(0, "--allow-root")  # CI containers run as root; Jupyter refuses without it
    environment = {
        "JUPYTERLAB_SETTINGS_DIR": str(tmp_dir / "user-settings"),
        "TMPDIR": str(tmp_dir / "tmp"),
        "JUPYTERHUB_ACTIVITY_INTERVAL": str(activity_interval),
        "PYTHONUNBUFFERED": "1",
    }
    env = {k: v for k, v in os.environ.items() if not k.startswith(("JUPYTER", "PYTEST_"))}
    env.update(TMPDIR=str(tmp_dir / "tmp"), PYTHONUNBUFFERED="1")
    log_path = tmp_dir / "jupyterhub.log"
    hub, last_error = None, ""
    for _attempt in range(3):  # a free port can be taken between free_port() and bind
        port, api_port, hub_port = free_port(), free_port(), free_port()
        cfg = {
            "bind_url": f"http://127.0.0.1:{port}",
            "hub_bind_url": f"http://127.0.0.1:{hub_port}",
            "proxy_api_url": f"http://127.0.0.1:{api_port}",
            "proxy": proxy,
            "tmp": str(tmp_dir),
            "singleuser": str(SINGLEUSER),
            "args": args,
            "environment": environment,
            "activity_interval": activity_interval,
            "services": list(services),
            "roles": list(roles),
        }
        config = tmp_dir / "jupyterhub_config.py"
        config.write_text(HUB_CONFIG.format(cfg=json.dumps(cfg)))
        with open(log_path, "ab") as log:
            proc = subprocess.Popen(
                [sys.executable, "-m", "jupyterhub", "-f", str(config)],
                cwd=tmp_dir,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        candidate = Hub(f"http://127.0.0.1:{port}/", tmp_dir, log_path, proc)
        deadline = time.monotonic() + startup_timeout
        while time.monotonic() < deadline and proc.poll() is None:
            try:
                if _get(candidate.url + "hub/health") == 200:
                    hub = candidate
                    break
            except (urllib.error.URLError, OSError) as exc:
                last_error = repr(exc)
            time.sleep(0.3)
        if hub is not None:
            break
        candidate.stop()
    if hub is None:
        text = log_path.read_text(errors="replace") if log_path.exists() else ""
        shutil.rmtree(tmp_dir, ignore_errors=True)
        raise RuntimeError(f"jupyterhub did not start ({last_error}); log:\n{text[-4000:]}")
    survivors: list[str] = []
    try:
        yield hub
    finally:
        survivors = hub.stop()
        if not keep_tmp:
            shutil.rmtree(tmp_dir, ignore_errors=True)
    if survivors:
        raise RuntimeError(f"still running after the hub stopped (now killed): {survivors}")


# --------------------------------------------------------------------------------------------
# Learners


def learner(
    hub: Hub,
    name: str,
    link: str,
    n_moves: int = 3,
    shot_dir: Path | str | None = None,
    checkpoint: Callable[[str], None] | None = None,
    timeout_s: float = 300,
) -> dict:
    """One learner, in a headless Chromium of their own: open ``link``, log in as ``name`` (the
    hub then starts their server, which pulls the lessons and opens lesson 02), Run All, press
    ArrowRight ``n_moves`` times on the layer explorer's W[1][0,1] slider and drag it; every
    move must change the heatmaps' pixels. ``checkpoint(phase)`` is called at "open" (lesson
    open, kernel idle), "ran" (after Run All) and "moved" (a benchmark samples memory there).
    Raises on any failure (a screenshot of the page is kept in ``shot_dir``); returns timings."""
    from playwright.sync_api import sync_playwright

    shot_dir = Path(shot_dir) if shot_dir else None
    if shot_dir:
        shot_dir.mkdir(parents=True, exist_ok=True)
    out: dict = {"name": name, "page_errors": []}
    with sync_playwright() as pw:
        browser = launch_chromium(pw)
        page = browser.new_page(viewport={"width": 1280, "height": 1000})
        page.set_default_timeout(timeout_s * 1000)
        page.on("pageerror", lambda exc: out["page_errors"].append(str(exc)))
        try:
            t0 = time.monotonic()
            page.goto(link)
            # not logged in: the hub's login form, which comes back to the link
            page.fill("#username_input", name)
            page.fill("#password_input", "any")
            page.click("#login_submit")
            page.wait_for_selector(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Cell")
            page.wait_for_selector(KERNEL_IDLE)
            page.wait_for_function(KERNEL_READY_JS, polling=100)
            out["link_to_lesson_s"] = time.monotonic() - t0
            out["url"] = page.url
            if checkpoint:
                checkpoint("open")
            t1 = time.monotonic()
            run_all(page, timeout_ms=timeout_s * 1000)
            wait_widgets_rendered(page, [HEATMAPS], timeout_ms=timeout_s * 1000)
            out["run_all_s"] = time.monotonic() - t1
            if checkpoint:
                checkpoint("ran")
            handle = slider_handle(page, SLIDER, SCOPE)
            handle.scroll_into_view_if_needed()
            install_latency_probe(page, HEATMAPS)
            moves = measure_key_moves(page, handle, HEATMAPS, n_moves=n_moves, timeout_ms=timeout_s * 1000)
            out["changed_pixels"] = moves.changed_pixels
            out["move_ms"] = moves.latencies_ms
            out["drag_changed_pixels"], out["readout"] = drag_handle(page, handle, HEATMAPS, dx=-60)
            if shot_dir:
                out["screenshot"] = shot_dir / f"{name}-explorer.png"
                explorer = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden)").locator(SCOPE).first
                explorer.screenshot(path=out["screenshot"])
            out["notebook_errors"] = notebook_errors(page)
            if checkpoint:
                checkpoint("moved")
        except BaseException:
            if shot_dir:
                with contextlib.suppress(Exception):
                    page.screenshot(path=shot_dir / f"{name}-failure.png", full_page=True)
            raise
        finally:
            browser.close()
    return out


def run_learners(
    hub: Hub, names: Sequence[str], link: str, phase: Callable[[str], None] | None = None, **kwargs
) -> list[dict]:
    """``names`` learners at once, a thread (and a Chromium) each. With ``phase``, they wait for one
    another at each checkpoint, and ``phase(name)`` runs once there, while all of them wait (a
    benchmark samples memory). Raises the first learner's error."""
    barrier = threading.Barrier(len(names))
    results: dict[str, dict] = {}
    errors: dict[str, BaseException] = {}

    def checkpoint(name: str) -> None:
        if barrier.wait() == 0 and phase:
            phase(name)
        barrier.wait()

    def one(name: str) -> None:
        try:
            results[name] = learner(hub, name, link, checkpoint=checkpoint if phase else None, **kwargs)
        except BaseException as exc:
            errors[name] = exc
            barrier.abort()

    threads = [threading.Thread(target=one, args=(n,), name=f"learner-{n}") for n in names]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    real = {n: e for n, e in errors.items() if not isinstance(e, threading.BrokenBarrierError)}
    if real or errors:
        name, exc = next(iter((real or errors).items()))
        raise AssertionError(f"learner {name} failed: {exc!r}") from exc
    return [results[n] for n in names]
