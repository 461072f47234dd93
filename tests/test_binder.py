"""binder/ alone builds an environment in which every lesson runs: checked without Docker.

What repo2docker's Python buildpack does with binder/ (jupyterhub/repo2docker,
repo2docker/buildpacks/python/__init__.py and base.py):

* because binder/ exists, only files in binder/ are read; the root pyproject.toml is
  *not* installed on its own (``_is_python_package`` is False when there is a binder dir);
* binder/requirements.txt references local paths (``-r``, ``-e .``), so
  ``is_local_pip_requirement`` makes it wait until the whole repository is copied in; then
  ``${KERNEL_PYTHON_PREFIX}/bin/pip install --no-cache-dir -r "binder/requirements.txt"``
  runs with the repository root as working directory;
* binder/postBuild, if present, runs after that, as ``./binder/postBuild`` from the root.

This test does the same in a fresh virtual environment: same pip command, same working
directory, postBuild if present. One deliberate difference: no ``--no-cache-dir``. That flag
only keeps pip's download cache out of the image; it changes neither the resolution nor
what gets installed, and on CI the cache already holds the wheels the main venv just used.
Then every lesson is executed in that environment, with that environment's own kernel.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
BINDER = ROOT / "binder"
LESSONS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))

# Run by the binder venv's python: execute each lesson with nbclient and the kernel named
# python3, which (with user and config dirs emptied) is the venv's own ipykernel. A cell is
# appended to each lesson to report which Python the kernel is.
RUNNER = textwrap.dedent(
    """
    import json, sys, time
    from pathlib import Path
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError

    PROBE = "import sys, json, backprop_lib; print(json.dumps([sys.prefix, backprop_lib.__file__]))"
    results = []
    for name in sys.argv[1:]:
        path = Path(name)
        nb = nbformat.read(path, as_version=4)
        nb.cells.append(nbformat.v4.new_code_cell(PROBE))
        t0 = time.perf_counter()
        error, probe = None, None
        try:
            NotebookClient(
                nb, timeout=600, kernel_name="python3",
                resources={"metadata": {"path": str(path.parent)}},
            ).execute()
            probe = "".join(o.get("text", "") for o in nb.cells[-1].outputs)
        except CellExecutionError as e:
            error = str(e)[-3000:]
        results.append(
            {"name": path.name, "seconds": time.perf_counter() - t0, "error": error, "probe": probe}
        )
    print(json.dumps(results))
    """
)

ANSI = re.compile(r"\x1b\[[0-9;]*m")


def _python_for_runtime() -> tuple[str, str]:
    """The interpreter to build the venv with: the Python binder/runtime.txt names, if found."""
    runtime = (BINDER / "runtime.txt").read_text().strip()
    match = re.fullmatch(r"python-(3\.\d+)", runtime)
    assert match, f"binder/runtime.txt should read python-3.X, not {runtime!r}"
    wanted = match.group(1)
    if f"{sys.version_info.major}.{sys.version_info.minor}" == wanted:
        return sys.executable, wanted
    return shutil.which(f"python{wanted}") or sys.executable, wanted


def _clean_env(tmp: Path, venv: Path) -> dict[str, str]:
    """Environment for the binder venv: its bin first, nothing from the outer venv or the user's Jupyter."""
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"VIRTUAL_ENV", "PYTHONPATH", "PYTHONHOME", "PYTHONSTARTUP"}
        and not k.startswith(("JUPYTER", "IPYTHON"))
    }
    outer_bin = str(Path(sys.prefix) / "bin")
    path = [p for p in env.get("PATH", "").split(os.pathsep) if p and p != outer_bin]
    env["PATH"] = os.pathsep.join([str(venv / "bin"), *path])
    for var, sub in [("JUPYTER_CONFIG_DIR", "config"), ("JUPYTER_DATA_DIR", "data"), ("IPYTHONDIR", "ipython")]:
        (tmp / sub).mkdir()
        env[var] = str(tmp / sub)
    env["JUPYTER_RUNTIME_DIR"] = str(tmp / "data" / "runtime")
    env["MPLBACKEND"] = "agg"
    return env


def _run(cmd: list[str], **kw) -> subprocess.CompletedProcess:
    proc = subprocess.run(cmd, capture_output=True, text=True, **kw)
    assert proc.returncode == 0, (
        f"{' '.join(cmd)} failed ({proc.returncode}):\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}"
    )
    return proc


@pytest.mark.slow
def test_binder_environment_runs_every_lesson(tmp_path):
    timings: dict[str, float] = {}
    t_start = time.perf_counter()
    python, wanted = _python_for_runtime()
    assert LESSONS, "no lessons in notebooks/"
    minimum = re.search(r'requires-python\s*=\s*">=\s*3\.(\d+)', (ROOT / "pyproject.toml").read_text())
    assert minimum and int(wanted.split(".")[1]) >= int(minimum.group(1)), "runtime.txt below requires-python"

    venv = tmp_path / "binder-venv"
    t0 = time.perf_counter()
    made = subprocess.run([python, "-m", "venv", str(venv)], capture_output=True, text=True)
    if made.returncode != 0 or not (venv / "bin" / "python").exists():
        pytest.skip(f"python -m venv is unavailable here: {made.stderr.strip()[-300:]}")
    timings["venv"] = time.perf_counter() - t0
    env = _clean_env(tmp_path, venv)
    vpy = str(venv / "bin" / "python")
    built = _run([vpy, "-c", "import sys; print('%d.%d' % sys.version_info[:2])"], env=env).stdout.strip()
    note = "" if built == wanted else f" (runtime.txt says {wanted}; no python{wanted} found here)"

    # repo2docker: pip install -r "binder/requirements.txt", from the repository root
    t0 = time.perf_counter()
    _run([str(venv / "bin" / "pip"), "install", "-q", "-r", "binder/requirements.txt"], cwd=ROOT, env=env)
    timings["pip install -r binder/requirements.txt"] = time.perf_counter() - t0

    post_build = BINDER / "postBuild"
    if post_build.exists():
        t0 = time.perf_counter()
        cmd = ["./binder/postBuild"] if os.access(post_build, os.X_OK) else ["bash", "binder/postBuild"]
        _run(cmd, cwd=ROOT, env=env)
        timings["binder/postBuild"] = time.perf_counter() - t0

    # every package the lessons list, at a version they accept
    check = textwrap.dedent(
        """
        import json, sys
        from importlib.metadata import version, PackageNotFoundError
        from packaging.requirements import Requirement
        bad = []
        for line in open(sys.argv[1]):
            line = line.split("#", 1)[0].strip()
            if not line or line.startswith("-"):
                continue
            req = Requirement(line)
            try:
                v = version(req.name)
            except PackageNotFoundError:
                bad.append(f"{req.name}: missing")
                continue
            if not req.specifier.contains(v, prereleases=True):
                bad.append(f"{req.name} {v} does not satisfy {req.specifier}")
        print(json.dumps(bad))
        """
    )
    unmet = json.loads(_run([vpy, "-c", check, str(ROOT / "requirements.txt")], env=env, cwd=tmp_path).stdout)
    assert not unmet, f"binder/ does not give the lessons' packages: {unmet}"

    # backprop_lib comes from this checkout (editable), data files included
    probe = "import json, backprop_lib; from backprop_lib import data; X, Y = data.digits(); "
    probe += "print(json.dumps([backprop_lib.__file__, X.shape, Y.shape]))"
    where, x_shape, y_shape = json.loads(_run([vpy, "-c", probe], env=env, cwd=tmp_path).stdout)
    assert Path(where).resolve() == (ROOT / "backprop_lib" / "__init__.py").resolve(), where
    assert (x_shape, y_shape) == ([64, 1797], [10, 1797])

    # JupyterLab with the widgets extension already built: nothing to `jupyter lab build`
    listing = _run([str(venv / "bin" / "jupyter"), "labextension", "list"], env=env, cwd=tmp_path)
    text = ANSI.sub("", listing.stdout + listing.stderr)
    assert re.search(r"^JupyterLab v4\.", text, re.M), text
    manager = [line for line in text.splitlines() if "@jupyter-widgets/jupyterlab-manager" in line]
    assert manager and "enabled" in manager[0] and "OK" in manager[0], text
    assert "lab build" not in text and "Build recommended" not in text, f"JupyterLab asks for a build:\n{text}"

    # backprop_lib's server extension (kernel websockets with TCP_NODELAY) enabled by the install
    listing = _run([str(venv / "bin" / "jupyter"), "server", "extension", "list"], env=env, cwd=tmp_path)
    text = ANSI.sub("", listing.stdout + listing.stderr)
    ours = [line for line in text.splitlines() if "backprop_lib.server" in line]
    assert any("enabled" in line for line in ours) and any("OK" in line for line in ours), text

    # every lesson, executed by the binder venv's own kernel
    t0 = time.perf_counter()
    out = _run([vpy, "-c", RUNNER, *map(str, LESSONS)], env=env, cwd=tmp_path, timeout=3000)
    timings[f"execute {len(LESSONS)} lessons"] = time.perf_counter() - t0
    results = json.loads(out.stdout.strip().splitlines()[-1])

    print(f"\nbinder venv: Python {built}{note}")
    for r in results:
        print(f"  {r['seconds']:6.1f} s  {r['name']}" + ("  ERROR" if r["error"] else ""))
    for what, s in timings.items():
        print(f"  {s:6.1f} s  {what}")
    print(f"  {time.perf_counter() - t_start:6.1f} s  in all")

    failed = {r["name"]: ANSI.sub("", r["error"]) for r in results if r["error"]}
    assert not failed, "lessons fail in the Binder environment:\n" + "\n\n".join(
        f"{k}:\n{v}" for k, v in failed.items()
    )
    for r in results:
        prefix, lib = json.loads(r["probe"])
        assert Path(prefix).resolve() == venv.resolve(), f"{r['name']} ran in {prefix}, not the binder venv"
        assert Path(lib).resolve() == (ROOT / "backprop_lib" / "__init__.py").resolve(), lib
    assert len(results) == len(LESSONS)
