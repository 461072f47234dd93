"""The class hub path (docs/INSTRUCTORS.md, "On a class JupyterHub"), for real: JupyterHub with its
configurable-http-proxy on 127.0.0.1, two learners in headless Chromium at once, each following the
nbgitpuller link (from a ``file://`` bare clone of this repository), logging in, getting lesson 02
open, running it all and moving the layer explorer. Everything lives in a temporary folder; the hub
is stopped by its pid and nothing it started may survive. The harness is tests/jupyter_hub.py.

It skips only where no Chromium, playwright, npm or jupyterhub exists; in CI it runs.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest
from jupyter_hub import (
    EXTENSION_LOADED,
    LESSON,
    ROOT,
    TARGET_PATH,
    bare_clone,
    hub_skip_reason,
    jupyter_hub,
    pull_link,
    run_learners,
)

SKIP_REASON = hub_skip_reason()
LEARNERS = ["ada", "grace"]


def _status() -> str:
    return subprocess.run(["git", "status", "--porcelain"], cwd=ROOT, capture_output=True, text=True).stdout


def _gone(pid: int) -> bool:
    try:
        return psutil.Process(pid).status() == psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return True


def test_the_guide_gives_the_link_tested_here():
    """docs/INSTRUCTORS.md's link is the one the test follows, with the published repository and
    lesson 0 (the test pulls lesson 02 from a local clone)."""
    guide = (ROOT / "docs" / "INSTRUCTORS.md").read_text()
    link = pull_link("https://<your hub>", lesson="notebooks/00_notation_and_shapes.ipynb")
    assert f"\n{link}\n" in guide


@pytest.mark.browser
@pytest.mark.timeout(600)
@pytest.mark.skipif(SKIP_REASON is not None, reason=SKIP_REASON or "")
def test_two_learners_follow_the_link_and_move_an_explorer(tmp_path):
    t0 = time.monotonic()
    status_before = _status()
    remote = bare_clone(tmp_path / "lessons.git")  # nbgitpuller would name the folder "lessons"
    with jupyter_hub() as hub:
        assert hub.url.startswith("http://127.0.0.1:")
        link = pull_link(hub.url, f"file://{remote}")
        results = run_learners(hub, LEARNERS, link, n_moves=3, shot_dir=tmp_path / "shots")
        procs = hub.processes()
        kernels = {name: [k.cmdline()[0] for k in user["kernels"]] for name, user in procs["users"].items()}
        log = hub.log()
        homes = {name: hub.tmp_dir / "home" / name for name in LEARNERS}
        pulled = {name: (home / TARGET_PATH / LESSON).exists() for name, home in homes.items()}
        hub_pid, tmp_dir = hub.process.pid, hub.tmp_dir
        pids = dict(hub.seen)
    seconds = time.monotonic() - t0
    for r in results:
        print(
            f"\n{r['name']}: link -> open lesson {r['link_to_lesson_s']:.1f} s, Run All {r['run_all_s']:.1f} s, "
            f"moves {[round(ms) for ms in r['move_ms']]} ms, pixels changed {r['changed_pixels']}"
        )
    print(f"whole test {seconds:.1f} s")

    # the link: each learner is logged in, gets a server of their own, the lessons pulled into
    # ~/backprop-notebooks (targetPath), and lesson 02 open in JupyterLab
    for r in results:
        assert r["url"].endswith(f"/user/{r['name']}/lab/tree/{TARGET_PATH}/{LESSON}"), r["url"]
    assert pulled == dict.fromkeys(LEARNERS, True)
    # Run All with no error output, and every move of the explorer redraws its heatmaps
    for r in results:
        assert r["notebook_errors"] == [] and r["page_errors"] == []
        assert len(r["changed_pixels"]) == 3 and all(n > 0 for n in r["changed_pixels"])
        assert r["drag_changed_pixels"] > 0
    # each learner's server is this venv's, with backprop_lib's server extension, and one kernel
    # of this venv's python
    assert sorted(kernels) == sorted(LEARNERS)
    for name, executables in kernels.items():
        assert len(executables) == 1, f"{name} has {len(executables)} kernels"
        assert Path(executables[0]).parent == Path(sys.prefix) / "bin"
    assert log.count(EXTENSION_LOADED) == len(LEARNERS), "backprop_lib.server was not loaded by every server"
    assert procs["proxy"] is not None
    # stopped by its pid: the hub, the proxy, both servers and both kernels are gone, and the
    # temporary folder with them; the repository is as it was
    assert sorted(pids.values()) == sorted(
        ["proxy"] + [f"{n}'s server" for n in LEARNERS] + [f"{n}'s kernel" for n in LEARNERS]
    )
    assert all(_gone(pid) for pid in [hub_pid, *pids]), "something the hub started survived"
    assert not tmp_dir.exists()
    assert _status() == status_before, "the test wrote into the repository"
