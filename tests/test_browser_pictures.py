"""The new pictures in a real browser: the outer-product explorer (lesson 04) and the computation
graph (lesson 02) in JupyterLab in headless Chromium, moved by the keyboard, and the training
explorer (lesson 05) played for a few ticks; their pixels and text read back. Timings are not
asserted here (benchmarks/bench_widgets.py has the kernel figures, bench_browser.py --pictures the
browser's).
"""

from __future__ import annotations

import re
import time

import pytest
from jupyter_browser import (
    browser_skip_reason,
    notebook_errors,
    open_and_run_all,
    png_changed_pixels,
    run_play_check,
    slider_handle,
)

pytestmark = pytest.mark.browser
SKIP_REASON = browser_skip_reason()
needs_browser = pytest.mark.skipif(SKIP_REASON is not None, reason=SKIP_REASON or "")

CASES = {
    # lesson, the explorer's CSS class, its slider, text before the move, text after one step back
    "outer products": (
        "notebooks/04_vectorization_and_1_over_m.ipynb",
        ".bp-outerproductexplorer",
        "added",
        "after all 5 examples the sum divided by m = 5 is the average, and equals backprop_lib's dW[2]",
        "after 4 of 5 examples the sum so far, divided by m = 5, is not dW[2] yet: 1 outer product to add",
    ),
    "graph": (
        "notebooks/02_hidden_layer_chain_rule.ipynb",
        ".bp-graphstepper",
        "step",
        "step 5 of 5",
        "step 4 of 5",
    ),
}


def _widget_text(page, scope: str) -> str:
    return page.locator(f".jp-NotebookPanel:not(.lm-mod-hidden) {scope}").first.text_content() or ""


@needs_browser
@pytest.mark.parametrize("case", list(CASES))
def test_picture_steps_back_and_redraws(case, lab_server, page):
    lesson, scope, slider, before_text, after_text = CASES[case]
    open_and_run_all(page, lab_server.base_url, lesson, wait_for=[scope])
    assert notebook_errors(page) == []
    widget = page.locator(f".jp-NotebookPanel:not(.lm-mod-hidden) {scope}").first
    widget.scroll_into_view_if_needed()
    assert before_text in _widget_text(page, scope)
    before = widget.screenshot()
    handle = slider_handle(page, slider, scope=scope)
    handle.focus()
    page.keyboard.press("ArrowLeft")  # one step back: JupyterLab lets a focused slider have the key
    deadline = time.monotonic() + 20
    while after_text not in _widget_text(page, scope) and time.monotonic() < deadline:
        page.wait_for_timeout(100)
    assert after_text in _widget_text(page, scope)
    page.wait_for_timeout(300)  # the canvas / SVG repaint of the same message
    assert png_changed_pixels(before, widget.screenshot()) > 0
    assert notebook_errors(page) == []


@needs_browser
def test_training_explorer_plays_and_the_browser_draws_every_tick(lab_server, page):
    """Lesson 05's second training explorer (trained to step 1000 when Run All ends): Play, a few
    ticks, Pause. Each tick is drawn (the canvas changes), the status line moves on by whole ticks
    of 20 steps, and the cost it shows is a cost, not NaN."""
    out = run_play_check(
        page, lab_server.base_url, "notebooks/05_full_network.ipynb", ".bp-trainingexplorer", "canvas", nth=1, ticks=4
    )
    assert out["notebook_errors"] == []
    assert "step 1000: J = 0.17" in out["text_before"]
    step, J = re.search(r"step (\d+): J = ([0-9.]+)", out["text_after"]).groups()
    assert int(step) > 1000 and int(step) % 20 == 0 and 0 < float(J) < 0.2
    assert len(out["ms"]) >= 4 and out["changed_pixels"] > 0


@needs_browser
def test_lesson_10s_explorer_draws_the_validation_cost_as_it_plays(lab_server, page):
    """Lesson 10's training explorer (the 100-point flower, 400 to validate, its practice controls): Play a
    few ticks; the status line gives both costs, the canvas changes, and no widget errors."""
    out = run_play_check(
        page, lab_server.base_url, "notebooks/10_training_in_practice.ipynb", ".bp-trainingexplorer", "canvas", ticks=4
    )
    assert out["notebook_errors"] == []
    assert "step 0: J = 0.6983, validation J = 0.6987" in out["text_before"]
    step, J, V = re.search(r"step (\d+): J = ([0-9.]+), validation J = ([0-9.]+)", out["text_after"]).groups()
    assert int(step) > 0 and int(step) % 20 == 0 and 0 < float(J) < 0.7 and 0 < float(V) < 0.7
    assert out["changed_pixels"] > 0
