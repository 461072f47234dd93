"""Real-browser tests: JupyterLab in headless Chromium, driven by Playwright.

They skip only where no Chromium (or no playwright) exists; in CI (.ci/run installs Debian's
chromium) they run. Deselect them with ``-m "not browser"``.
"""

from __future__ import annotations

import os
import shutil
import sys
import time
from pathlib import Path

import pytest
from jupyter_browser import ROOT, browser_skip_reason, jupyter_server, run_slider_check

pytestmark = pytest.mark.browser

SKIP_REASON = browser_skip_reason()
needs_browser = pytest.mark.skipif(SKIP_REASON is not None, reason=SKIP_REASON or "")

FIXTURE = "tests/fixtures/slider_heatmap.ipynb"
CAPTION = "dW[2]  (n[2], n[1]) = (3, 4)"
TARGET_MEDIAN_MS = 100


@needs_browser
def test_harness_fixture_slider(tmp_path_factory):
    shot_dir = tmp_path_factory.mktemp("browser-shots")
    print(f"\nscreenshots: {shot_dir}")
    t0 = time.monotonic()
    with jupyter_server() as server:
        result = run_slider_check(
            FIXTURE,
            slider="scale",
            heatmap_selector=".fixture-heatmap",
            expected_texts=[CAPTION],
            n_moves=20,
            shot_dir=shot_dir,
            server=server,
        )
        server_pid = server.process.pid
        kernel_pids = server.kernel_pids()
    elapsed = time.monotonic() - t0
    lat = ", ".join(f"{v:.0f}" for v in result["latencies_ms"])
    print(
        f"key press -> new heatmap pixels over {len(result['latencies_ms'])} moves: "
        f"median {result['median_ms']:.1f} ms, p95 {result['p95_ms']:.1f} ms, "
        f"min {result['min_ms']:.1f}, max {result['max_ms']:.1f} (target median <= {TARGET_MEDIAN_MS} ms)"
    )
    print(f"per move (ms): {lat}")
    print(f"drag: {result['drag_changed_pixels']} pixels changed, readout {result['readout_after_drag']}")
    print(f"kernel: {result['kernel_executables']}; whole test {elapsed:.1f} s")
    for path in result["screenshots"]:
        print(f"  {path}")

    # the kernel is this environment's python (the venv's), not some other installation
    assert result["kernel_executables"] == [sys.executable], "the kernel is not this environment's python"
    assert Path(result["kernel_executables"][0]).is_relative_to(sys.prefix)
    assert len(result["latencies_ms"]) == 20
    assert result["updates_per_move"] == [1] * 20, "each key press should redraw the heatmap exactly once"
    assert all(n > 0 for n in result["changed_pixels"])
    assert result["drag_changed_pixels"] > 0
    assert result["page_errors"] == []
    assert all(Path(p).stat().st_size > 0 for p in result["screenshots"])
    assert result["median_ms"] <= TARGET_MEDIAN_MS
    # nothing left running: the server and its kernels are gone
    for pid in [server_pid, *kernel_pids]:
        assert not Path(f"/proc/{pid}").exists() or "Z" in Path(f"/proc/{pid}/stat").read_text().split(")")[1][:3]


def test_skip_reason_is_none_in_ci():
    """Where Chromium and playwright are installed the browser tests must run, not skip."""
    if shutil.which("chromium") or Path("/usr/bin/chromium").exists():
        pytest.importorskip("playwright")
        assert browser_skip_reason() is None
    assert ROOT.joinpath(FIXTURE).exists()


LESSON = "notebooks/02_hidden_layer_chain_rule.ipynb"
LESSON_TEXTS = [
    "dW[1]",
    "(n[1], n[0]) = (5, 3)",
    "dW[1] = 1/m dZ[1] A[0]^T: (5, 3) = (5, 8)(8, 3)",
    "dA[0] = W[1]^T dZ[1]: (3, 8) = (3, 5)(5, 8)",
    "dZ[1] = dA[1] * g'(Z[1]) element-wise: (5, 8) = (5, 8) * (5, 8)",
]


@needs_browser
def test_lesson_layer_explorer_in_jupyterlab(tmp_path_factory):
    """Lesson 02 as a learner meets it: Run All, then move W[1][0,1] of the layer explorer with
    the keyboard (20 presses) and by dragging; its Z, A, dZ, dW, db and dA heatmaps redraw each
    time, with the shape algebra on the page."""
    shot_dir = tmp_path_factory.mktemp("lesson02-shots")
    print(f"\nscreenshots: {shot_dir}")
    t0 = time.monotonic()
    result = run_slider_check(
        LESSON,
        slider="W[1][0,1]",
        scope=".bp-layerexplorer",
        heatmap_selector=".bp-layerexplorer .bp-row",
        expected_texts=LESSON_TEXTS,
        n_moves=20,
        shot_dir=shot_dir,
    )
    elapsed = time.monotonic() - t0
    print(
        f"lesson 02 layer explorer, key press -> new heatmap pixels over {len(result['latencies_ms'])} moves: "
        f"median {result['median_ms']:.1f} ms, p95 {result['p95_ms']:.1f} ms, "
        f"min {result['min_ms']:.1f}, max {result['max_ms']:.1f} (target median <= {TARGET_MEDIAN_MS} ms)"
    )
    print("per move (ms): " + ", ".join(f"{v:.0f}" for v in result["latencies_ms"]))
    print(f"drag: {result['drag_changed_pixels']} pixels changed, readout {result['readout_after_drag']}")
    print(f"whole test {elapsed:.1f} s")
    for path in result["screenshots"]:
        print(f"  {path}")
    assert result["kernel_executables"] == [sys.executable]
    assert len(result["latencies_ms"]) == 20
    assert result["updates_per_move"] == [1] * 20, "each key press should redraw the heatmaps exactly once"
    assert all(n > 0 for n in result["changed_pixels"])
    assert result["drag_changed_pixels"] > 0
    # 20 steps of 0.05 up from -0.10, then a drag to the left: the readout moved below 0.90
    assert float(result["readout_after_drag"].replace("\u2212", "-")) < 0.9
    assert result["page_errors"] == []
    assert result["median_ms"] <= TARGET_MEDIAN_MS


NB7_LESSON = "notebooks/03_relu_mask.ipynb"
NB7_LOAD_ERROR = "Cannot read properties of undefined (reading 'schema')"
NB7_TEXTS = ["(n[1], m) = (6, 8)", "relu'(Z), 1 where Z > 0", "dead units (g' = 0 for all 8 examples)"]


def _notebook7_missing() -> str | None:
    try:
        import notebook
    except ImportError:
        return "the notebook package (Notebook 7) is not installed; it is in requirements-dev.txt"
    if int(notebook.__version__.split(".")[0]) < 7:
        return f"notebook {notebook.__version__} is installed; the test is for Notebook 7"
    return None


@needs_browser
def test_lesson_mask_explorer_in_notebook7(tmp_path_factory):
    """Lesson 03 in Notebook 7's page (the same widgets, another front end): Run All, then move
    the mask explorer's b[1][0,0] bias with 20 mouse clicks along its track and by drag; Z, dA,
    g'(Z) and dZ redraw each time. (Not the arrow keys: Notebook 7.6 handles shortcuts before the
    page does, and its command-mode ArrowRight/ArrowLeft bindings take the key from a focused
    slider; JupyterLab 4 lets the slider have it. Measured here, written in the README.)"""
    missing = _notebook7_missing()
    if missing and os.environ.get("CI"):
        pytest.fail(missing)  # in CI the front end the README promises must be checked
    if missing:
        pytest.skip(missing)
    shot_dir = tmp_path_factory.mktemp("lesson03-nb7-shots")
    print(f"\nscreenshots: {shot_dir}")
    result = run_slider_check(
        NB7_LESSON,
        slider="b[1][0,0]",
        scope=".bp-maskexplorer",
        heatmap_selector=".bp-maskexplorer .bp-row",
        expected_texts=NB7_TEXTS,
        n_moves=20,
        key="click",
        shot_dir=shot_dir,
        ui="notebook",
    )
    print(
        "Notebook 7, lesson 03 mask explorer, click on the slider -> new heatmap pixels: "
        f"median {result['median_ms']:.1f} ms, p95 {result['p95_ms']:.1f} ms over {len(result['latencies_ms'])} moves"
    )
    for path in result["screenshots"]:
        print(f"  {path}")
    assert result["kernel_executables"] == [sys.executable]
    assert result["updates_per_move"] == [1] * 20
    assert all(n > 0 for n in result["changed_pixels"])
    assert result["drag_changed_pixels"] > 0
    # Notebook 7.6.5 itself throws this once while loading its settings, before any cell runs
    # (also with no settings overrides and no widgets); anything else is ours and fails the test
    own = [e for e in result["page_errors"] if e != NB7_LOAD_ERROR]
    assert own == []
    assert result["median_ms"] <= TARGET_MEDIAN_MS
