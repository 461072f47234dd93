"""The README's commands and example are the ones that work."""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text()


def test_the_python_example_runs(capsys):
    block = re.search(r"```python\n(.*?)```", README, re.S).group(1)
    exec(compile(block, "README.md", "exec"), {})
    assert "backprop matches" in capsys.readouterr().out


def test_ci_runs_the_readme_test_command():
    commands = re.findall(r"```bash\n(.*?)\n```", README, re.S)
    test_command = next(c for c in commands if "pytest" in c)
    ci = (ROOT / ".ci" / "run").read_text()
    assert test_command in ci.splitlines()


def test_the_open_command_names_a_lesson_that_exists():
    commands = re.findall(r"```bash\n(.*?)\n```", README, re.S)
    lesson = re.search(r"jupyter lab --LabApp.default_url=/lab/tree/(\S+\.ipynb)", commands[0]).group(1)
    assert (ROOT / lesson).exists()


# --- The commands an instructor or a newcomer types, run as the README writes them ---------------
# Each jupyter command is started in a copy of the repository (with a `.venv` link to this venv), as
# the README's reader would from a clone; `--allow-root` is added when the tests run as root, as the
# README says to. BROWSER=true keeps a browser from opening; HOME is a temporary folder, so no
# user configuration changes what Jupyter prints.

BASH = re.findall(r"```bash\n(.*?)\n```", README, re.S)
URL = re.compile(r"http://127\.0\.0\.1:\d+/\S+")
LESSON_0 = "00_notation_and_shapes.ipynb"


def readme_command(needle: str) -> str:
    (command,) = [c for c in BASH if needle in c]
    return command


@pytest.fixture
def clone(tmp_path):
    """The repository's tracked files, as a clone has them, with `.venv` linked to this venv."""
    repo = tmp_path / "repo"
    files = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, text=True, check=True)
    for name in filter(None, files.stdout.split("\0")):
        if (ROOT / name).is_file():
            (repo / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, repo / name)
    return repo


def link_venv(repo: Path) -> None:
    (repo / ".venv").symlink_to(Path(sys.prefix))


def user_env(home: Path) -> dict[str, str]:
    home.mkdir(exist_ok=True)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("JUPYTER", "IPYTHON"))}
    return {**env, "HOME": str(home), "BROWSER": "true"}


@contextmanager
def served(command: str, repo: Path, home: Path):
    """Start a README jupyter command; yield the URL it prints for 127.0.0.1; stop it."""
    args = shlex.split(command) + (["--allow-root"] if os.geteuid() == 0 else [])
    with socket.socket() as probe:  # a free port, through Jupyter's own JUPYTER_PORT (the command is unchanged)
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {**user_env(home), "JUPYTER_PORT": str(port)}
    proc = subprocess.Popen(args, cwd=repo, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    lines: list[str] = []
    reader = threading.Thread(target=lambda: lines.extend(proc.stdout), daemon=True)
    reader.start()
    try:
        deadline = time.monotonic() + 180
        while not any(URL.search(line) for line in list(lines)):
            assert proc.poll() is None, f"{command} exited:\n{''.join(lines)[-3000:]}"
            assert time.monotonic() < deadline, f"{command} printed no URL:\n{''.join(lines)[-3000:]}"
            time.sleep(0.2)
        url = next(URL.search(line).group(0) for line in list(lines) if URL.search(line))
        try:
            yield url
        except Exception as err:
            raise AssertionError(f"{err!r} on {url}; the server said:\n{''.join(lines)[-4000:]}") from err
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def fetch(url: str) -> tuple[str, str]:
    """The final URL after redirects, and the page. A server that printed its URL may not accept connections at
    once on a loaded machine (seen in CI: refused right after 'is running at'): it gets 30 s to start listening."""
    deadline = time.monotonic() + 30
    while True:
        try:
            with urllib.request.urlopen(url, timeout=60) as response:
                return response.geturl(), response.read().decode()
        except urllib.error.URLError as err:
            if not isinstance(err.reason, ConnectionRefusedError) or time.monotonic() > deadline:
                raise
            time.sleep(0.5)


def page_config(html: str) -> dict:
    return json.loads(
        re.search(r'<script id="jupyter-config-data" type="application/json">(.*?)</script>', html, re.S)[1]
    )


def contents(url: str, path: str) -> dict:
    """The Jupyter contents API's answer for ``path``, with the token of ``url``."""
    parts = urllib.parse.urlsplit(url)
    token = urllib.parse.parse_qs(parts.query)["token"][0]
    api = f"{parts.scheme}://{parts.netloc}/api/contents/{urllib.parse.quote(path)}?content=1&token={token}"
    return json.loads(fetch(api)[1])


def test_the_open_command_prints_urls_that_land_on_lesson_0(clone, tmp_path):
    command = readme_command("requirements.txt && .venv/bin/jupyter lab").split(" && ")[-1]
    assert command.startswith(".venv/bin/jupyter lab ")
    link_venv(clone)
    with served(command, clone, tmp_path / "home") as url:
        assert "token=" in url
        final, html = fetch(url)
        assert urllib.parse.urlsplit(final).path == f"/lab/tree/notebooks/{LESSON_0}"
        assert page_config(html)["treePath"] == f"notebooks/{LESSON_0}"  # what JupyterLab opens
        assert contents(url, f"notebooks/{LESSON_0}")["type"] == "notebook"


def test_the_notebook7_command_lands_on_lesson_0(clone, tmp_path):
    command = readme_command("jupyter notebook").split(" && ")[-1]
    assert command.startswith(".venv/bin/jupyter notebook ")
    link_venv(clone)
    with served(command, clone, tmp_path / "home") as url:
        final, html = fetch(url)
        assert urllib.parse.urlsplit(final).path == f"/notebooks/notebooks/{LESSON_0}"
        assert page_config(html)["notebookPage"] == "notebooks"  # the notebook page, not the file list
        assert contents(url, f"notebooks/{LESSON_0}")["type"] == "notebook"


def test_the_handout_command_writes_the_handouts_and_opens_them(clone, tmp_path):
    make, open_them = readme_command("make_student_versions.py").split(" && ")
    link_venv(clone)
    subprocess.run(shlex.split(make), cwd=clone, env=user_env(tmp_path / "home"), check=True, capture_output=True)
    with served(open_them, clone, tmp_path / "home") as url:
        final, html = fetch(url)
        assert page_config(html)["treePath"] == f"student/notebooks/{LESSON_0}"
        handout = contents(url, f"student/notebooks/{LESSON_0}")["content"]
        sources = ["".join(c["source"]) for c in handout["cells"]]
        assert any("# YOUR CODE HERE\n" in s for s in sources) and not any("BEGIN SOLUTION" in s for s in sources)


@pytest.mark.slow
def test_the_ci_validation_command_runs_from_a_clean_clone(clone, tmp_path):
    """The instructors' nbval command, exactly as written, in a clone with no venv (builds one: about a minute)."""
    command = readme_command("--nbval")
    assert command.startswith("python3 -m venv .venv && ")
    outer_bin = str(Path(sys.prefix) / "bin")
    env = user_env(tmp_path / "home")
    env = {k: v for k, v in env.items() if k not in {"VIRTUAL_ENV", "PYTHONPATH", "PYTHONHOME"}}
    env["PATH"] = os.pathsep.join(p for p in env["PATH"].split(os.pathsep) if p and p != outer_bin)
    env["HOME"] = os.environ.get("HOME", env["HOME"])  # pip's cache
    run = subprocess.run(["bash", "-c", command], cwd=clone, env=env, capture_output=True, text=True, timeout=1800)
    assert run.returncode == 0, f"{run.stdout[-4000:]}\n{run.stderr[-3000:]}"
    summary = run.stdout.strip().splitlines()[-1]
    assert re.search(r"\d+ passed", summary) and "failed" not in summary and "error" not in summary, summary
