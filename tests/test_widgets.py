"""The explorers show the right numbers, redraw in place, reset, and leave a picture behind."""

from __future__ import annotations

import base64
import gc
import os
from pathlib import Path

import numpy as np
import pytest

pytest.importorskip("ipywidgets")
import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
from explorer_families import EXPLORERS as ALL

import backprop_lib as bp
from backprop_lib import widgets as W

ROOT = Path(__file__).resolve().parents[1]


def test_layer_explorer_shows_the_packages_own_gradients():
    ex = W.LayerExplorer(layer=2)
    AL, caches = bp.forward(ex.X, ex.params, ex.hidden, ex.output)
    grads = bp.backward(AL, ex.Y, caches, ex.output)
    mats = {M.name: M for M in ex.matrices()}
    assert list(mats) == ["Z[2]", "A[2]", "dZ[2]", "dW[2]", "db[2]", "dA[1]"]
    np.testing.assert_array_equal(mats["dW[2]"].values, grads["dW2"])
    np.testing.assert_array_equal(mats["dA[1]"].values, grads["dA1"])
    assert mats["dW[2]"].shape_text == "(n[2], n[1]) = (4, 5)"
    assert "dW[2] = 1/m dZ[2] A[1]^T: (4, 5) = (4, 8)(8, 5)" in mats["dW[2]"].note
    assert "examples are summed away" in mats["dW[2]"].note
    page = ex.html.value
    for text in ("dW[2]", "(n[2], n[1]) = (4, 5)", "dA[1]", "(n[1], m) = (5, 8)", 'class="m"'):
        assert text in page


def test_a_slider_move_changes_the_maps_and_the_params():
    ex = W.LayerExplorer(layer=1)
    key, i, j, slider = ex.sliders[-1]  # b[1][0,0]
    before = ex.html.value
    slider.value = slider.value + 1.0
    assert ex.params[key][i, j] == pytest.approx(slider.value)
    assert ex.html.value != before
    AL, caches = bp.forward(ex.X, ex.params, ex.hidden, ex.output)
    np.testing.assert_allclose(ex.grads["dW1"], bp.backward(AL, ex.Y, caches)["dW1"])


def test_colour_limits_stay_steady_until_rescaled():
    ex = W.LayerExplorer()
    limits = dict(ex.vmax)
    ex.sliders[0][3].value = 2.5
    assert ex.vmax == limits
    ex.rescale()
    assert ex.vmax != limits


def test_reset_returns_every_slider_and_redraws_once():
    ex = W.LayerExplorer()
    start_html = ex.html.value
    for *_, s in ex.sliders:
        s.value = -1.5
    assert ex.html.value != start_html
    calls = []
    original = ex.compute
    ex.compute = lambda: (calls.append(1), original())[1]
    ex.reset()
    assert len(calls) == 1
    assert ex.html.value == start_html
    assert all(np.array_equal(ex.params[k], ex._start[k]) for k in ex.params)


def test_slider_start_values_lie_on_the_grid():
    ex = W.LayerExplorer()
    for *_, s in ex.sliders:
        assert abs(s.value / W.STEP - round(s.value / W.STEP)) < 1e-9


@pytest.mark.parametrize("cls", ALL)
def test_every_view_leaves_a_png_and_a_text_summary(cls):
    ex = cls()
    bundle = ex._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle
    png = base64.b64decode(bundle["image/png"])
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    assert "J = " in bundle["text/plain"] and "model" not in bundle["text/plain"].lower()


def test_output_explorer_dz_is_a_minus_y_for_both_outputs():
    ex = W.OutputExplorer()
    for out in ("softmax", "sigmoid"):
        ex.out_toggle.value = out
        A, Y, dZ = (M.values for M in ex.matrices() if not isinstance(M, str))
        np.testing.assert_allclose(dZ, A - Y)
    ex.out_toggle.value = "softmax"
    np.testing.assert_allclose(ex.AL.sum(axis=0), 1.0)


def test_mask_explorer_counts_dead_units_and_the_bias_revives_them():
    ex = W.MaskExplorer()
    assert ex.mask_stats()[0] == []
    ex.set("b1", 0, 0, -3.0)
    ex.set("W1", 0, 0, 0.0)
    Z = ex.caches[0].Z
    dead = ex.mask_stats()[0]
    assert dead == [int(u) for u in np.flatnonzero(np.all(Z <= 0, axis=1))] and 0 in dead
    assert "dead units" in ex.caption() and np.all(ex.grads["dZ1"][0] == 0)
    ex.set("b1", 0, 0, 3.0)
    assert 0 not in ex.mask_stats()[0]
    ex.act.value = "sigmoid"
    assert "saturated entries" in ex.caption()


def test_matmul_explorer_writes_the_sum_that_gives_the_cell():
    ex = W.MatmulExplorer()
    ex.row.value, ex.col.value = 1, 2
    text = ex.written_sum()
    assert text.startswith("dW[2][1,2] = 1/m sum_i dZ[2][1,i] A[1][2,i]")
    assert text.rstrip().endswith(f"{ex.grads['dW2'][1, 2]:.4f}")
    dZ, AT, dW = (M for M in ex.matrices() if not isinstance(M, str))
    assert dZ.highlight == {"rows": {1}} and AT.highlight == {"cols": {2}} and dW.highlight == {"cells": {(1, 2)}}
    ex.mode.value = "dA[1]"
    ex.row.value, ex.col.value = 3, 4
    assert ex.written_sum().rstrip().endswith(f"{ex.grads['dA1'][3, 4]:.4f}")


def test_backward_stepper_reveals_one_step_at_a_time():
    ex = W.BackwardStepper()
    n = len(ex.steps)
    assert n == 4 * ex.L
    # it opens on the last step: slider, Play and caption agree, and the saved picture is the whole pass
    assert ex.step.value == ex.play.value == ex.step.max == n and f"step {n} of {n}" in ex.caption()
    assert not any(np.all(np.isnan(M.values)) for M in ex.matrices())
    ex.step.value = 1
    shown = [M for M in ex.matrices() if not np.all(np.isnan(M.values))]
    assert [M.name for M in shown] == ["dZ[3]"] and f"step 1 of {n}" in ex.caption()
    ex.step.value = 6
    assert "dW[2] = 1/m dZ[2] A[1]^T" in ex.caption()


def test_backward_stepper_blame_is_dA_and_dZ_is_what_gets_through():
    """One meaning of blame in every caption: dA, arriving at a unit's output; dZ = dA * g'(Z) gets through."""
    steps = dict(W.BackwardStepper().steps)
    assert steps["dZ2"] == "dZ[2] = dA[2] * g'(Z[2]): each unit's blame, scaled by its own slope"
    assert steps["dA1"] == "dA[1] = W[2]^T dZ[2]: the blame passed back to layer 1"
    assert "the blame that got through" in steps["dW2"] and "averaged over the examples" in steps["dW2"]
    for key, text in steps.items():
        if "blame" in text and key[:2] == "dZ":
            assert text.startswith(f"{key[:2]}[{key[2:]}] = dA[")  # the blame it scales is dA


def test_gradcheck_explorer_exposes_each_bug():
    ex = W.GradCheckExplorer(bugs=bp.exercises.bug_zoo())
    assert ex.result.passed()
    for bug in bp.exercises.BUGS:
        ex.bug.value = bug
        exposed = ex.problem is not None or not ex.result.passed()
        assert exposed, bug


def test_shape_explorer_updates_every_shape():
    ex = W.ShapeExplorer()
    ex.sizes[1].value = 7
    ex.m.value = 11
    assert "(7, 3)" in ex.summary() and "(7, 11)" in ex.summary()
    assert "(7, 11)" in ex.html.value


def test_training_explorer_trains_on_play_and_resets():
    X, Y = bp.data.flower(m=120)
    ex = W.TrainingExplorer(X, Y, [2, 4, 1], steps_per_frame=25)
    J0 = ex.costs[-1]
    for k in range(1, 9):
        ex.play.value = k
    assert ex.k == 200 and ex.costs[-1] < J0
    assert ex.view.frame["k"] == 200 and ex.view.status.startswith("step 200: J = ")  # the live view followed
    assert ex.snapshot()[:4] == b"\x89PNG"
    ex.reset()
    assert ex.k == 0 and ex.costs == [J0]


def test_training_explorer_play_catches_up_dropped_ticks():
    """A busy kernel merges or drops Play ticks; the run still ends at the same step, with the same weights."""
    X, Y = bp.data.flower(m=120)
    every = W.TrainingExplorer(X, Y, [2, 4, 1], steps_per_frame=10, max_steps=200)
    skipping = W.TrainingExplorer(X, Y, [2, 4, 1], steps_per_frame=10, max_steps=200)
    for v in range(1, 21):
        every.play.value = v
    for v in (1, 2, 5, 6, 13, 20):  # ticks 3, 4, 7-12, 14-19 never reached the kernel
        skipping.play.value = v
    assert every.k == skipping.k == 200
    assert every.steps == skipping.steps == list(range(201))  # one cost per step
    np.testing.assert_allclose(every.costs, skipping.costs)
    for key in every.params:
        np.testing.assert_array_equal(every.params[key], skipping.params[key])


def test_mask_explorer_caption_fits_the_activation():
    ex = W.MaskExplorer()
    dZ = [M for M in ex.matrices() if not isinstance(M, str)][-1]
    assert dZ.note == "blame let through: 0 where g' is 0" and len(dZ.note) <= 40  # the PNG keeps it
    assert "dA[1] still arrives, but none of it gets through to dZ[1]" in ex.caption()  # blame = dA
    for act in ("sigmoid", "tanh"):
        ex.act.value = act
        dZ = [M for M in ex.matrices() if not isinstance(M, str)][-1]
        assert dZ.note == "blame let through: dA scaled by g'" and "0 where" not in dZ.note
        assert "The blame dA[1] arrives there too" in ex.caption()


def test_mask_explorer_refits_the_maps_g_changes():
    """Switching g fits the colours of dA[1], g'(Z[1]) and dZ[1] again: sigmoid's dZ[1] is about four times
    smaller than ReLU's, and on ReLU's colour scale every row of it would start nearly white."""
    ex = W.MaskExplorer()
    relu = dict(ex.vmax)
    ex.act.value = "sigmoid"
    drawn = {M.name: M.values for M in ex.matrices() if not isinstance(M, str)}
    for name in ("dA[1]", "g'(Z[1])", "dZ[1]"):
        assert ex.vmax[name] == np.max(np.abs(drawn[name])), name
    assert ex.vmax["dZ[1]"] < relu["dZ[1]"] / 3
    assert all(ex.vmax[k] == relu[k] for k in ("Z[1]", "W[1]", "b[1]"))  # g does not change these
    line = ex.state
    assert W.from_state(line).vmax == ex.vmax and W.from_state(line).state == line


def test_heatmaps_print_no_negative_zero():
    assert bp.plots.cell_text("{:.2f}", -0.001) == "0.00"
    assert bp.plots.cell_text("{:.2f}", -0.5) == "-0.50"
    html = bp.plots.heatmap_html(bp.plots.Matrix("M", np.array([[-1e-9, 0.25]])))
    assert "-0.00" not in html and "0.25" in html


def test_shape_explorer_says_one_example():
    ex = W.ShapeExplorer()
    ex.m.value = 1
    assert "the 1 example<" in ex.html.value and "1 examples" not in ex.html.value


def _rss_mb() -> float:
    with open(f"/proc/{os.getpid()}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS")


@pytest.mark.skipif(not os.path.exists("/proc/self/status"), reason="needs /proc to read the process's memory")
def test_a_thousand_moves_open_no_figures_and_grow_memory_less_than_20_mb():
    ex = W.LayerExplorer()
    slider = ex.sliders[0][3]
    for k in range(100):  # warm up caches and allocator
        slider.value = round(-1 + 0.05 * (k % 40), 2)
    gc.collect()
    figs, rss = plt.get_fignums(), _rss_mb()
    for k in range(1000):
        slider.value = round(-1 + 0.05 * (k % 40), 2)
    gc.collect()
    grown = _rss_mb() - rss
    assert plt.get_fignums() == figs
    assert grown < 20, f"memory grew by {grown:.1f} MB over 1000 moves"


def test_gradient_check_text_is_single_spaced():
    """The widget HTML's line height is a full control row (28 px); the written text sets its own."""
    ex = W.GradCheckExplorer(bugs=bp.exercises.bug_zoo())
    assert "class='bp-sum'" in ex.html.value and ".bp-sum{" in ex.html.value
    css = ex.html.value.split(".bp-sum{", 1)[1].split("}", 1)[0]
    assert "line-height:1.35" in css


def test_static_heatmap_numbers_are_readable_or_absent():
    """Numbers inside a bp.plots heatmap are at least 9 pt (10 px at 80 dpi), and only where they fit."""
    import matplotlib.pyplot as plt

    M = bp.plots.Matrix("M", np.linspace(-1.5, 1.5, 30).reshape(5, 6))
    for width, expect_numbers in ((3.5, True), (1.0, False)):
        fig, ax = plt.subplots(figsize=(width, 2.4))
        bp.plots.heatmap(ax, M)
        sizes = [t.get_fontsize() for t in ax.texts]
        plt.close(fig)
        assert bool(sizes) == expect_numbers, width
        assert all(s >= 9 for s in sizes)


# ------------------------------------------------------------------------------------ close() and the registry

X_FLOWER, Y_FLOWER = bp.data.flower(m=40)
EVERY_VIEW = [
    *ALL,
    W.OuterProductExplorer,
    W.GraphStepper,
    W.ShapeExplorer,
    lambda: W.TrainingExplorer(X_FLOWER, Y_FLOWER, [2, 3, 1]),
    W.GradientFlowExplorer,
    W.ScalarGraphExplorer,
]


def _registry_size() -> int:
    from backprop_lib.widgets._inputs import widget_registry

    return len(widget_registry())


def test_two_hundred_explorers_built_shown_and_closed_leave_the_registry_as_it_was():
    """Before close() existed, 200 explorers rebuilt and dropped left 5,525 widgets alive (21 MB)."""
    gc.collect()
    before = _registry_size()
    for k in range(200):
        ex = EVERY_VIEW[k % len(EVERY_VIEW)]()
        assert ex.widget is not None  # what display makes: its root, title and boxes
        ex.close()
    gc.collect()
    assert _registry_size() == before


@pytest.mark.parametrize("make", EVERY_VIEW, ids=lambda c: getattr(c, "__name__", "TrainingExplorer"))
def test_close_closes_every_widget_and_observer(make):
    from backprop_lib.widgets._inputs import widget_registry

    before = set(widget_registry())
    ex = make()
    ex._repr_mimebundle_()
    made = [widget_registry()[k] for k in set(widget_registry()) - before]
    assert made, "an explorer makes widgets"
    ex.close()
    assert set(widget_registry()) == before
    assert all(w.comm is None for w in made)
    assert not any(w._trait_notifiers.get("value", {}).get("change") for w in made)  # no observer left
    assert "closed" in repr(ex._repr_mimebundle_())
    ex.close()  # twice is fine


def test_running_a_cell_again_closes_what_its_earlier_run_built(monkeypatch):
    """A learner reruns the cell that builds an explorer: its old output is replaced, and so are its widgets.
    Explorers built by one run of a cell, or by other cells, stay."""
    run = {"cell": ("cell-A", "msg-1")}
    monkeypatch.setattr(W.base, "executing_cell", lambda: run["cell"])  # as an execute request would give
    before = _registry_size()
    first = W.LayerExplorer()
    same_run = W.MaskExplorer()
    size = _registry_size()
    for k in range(2, 6):  # the same cell, run again four times
        run["cell"] = ("cell-A", f"msg-{k}")
        again = W.LayerExplorer()
        again2 = W.MaskExplorer()
        assert _registry_size() == size
    assert first._closed and same_run._closed and not again._closed and not again2._closed
    run["cell"] = ("cell-B", "msg-9")
    other = W.from_state(again.state)
    assert not again._closed and not other._closed
    run["cell"] = None  # no kernel, or a callback: nothing is closed
    W.LayerExplorer()
    assert not other._closed
    for ex in (again, again2, other):
        ex.close()
    assert _registry_size() > before  # the last one, built outside any cell, is the caller's to close


@pytest.mark.integration
def test_in_a_kernel_a_cell_run_again_does_not_grow_the_registry(tmp_path):
    """A real ipykernel, execute requests carrying JupyterLab's cellId: the same cell five times keeps the
    registry where one run left it; a cell with no id (nbclient, the console) grows it by one explorer."""
    import jupyter_client

    km, kc = jupyter_client.manager.start_new_kernel(kernel_name="python3")

    def run(code, cell=None):
        content = {"code": code, "silent": False, "store_history": True, "user_expressions": {}, "allow_stdin": False}
        msg = kc.session.msg("execute_request", content, metadata={"cellId": cell} if cell else {})
        kc.shell_channel.send(msg)
        out = []
        while True:
            m = kc.get_iopub_msg(timeout=60)
            if m["parent_header"].get("msg_id") != msg["header"]["msg_id"]:
                continue
            if m["msg_type"] == "stream":
                out.append(m["content"]["text"])
            if m["msg_type"] == "error":
                raise AssertionError(m["content"]["evalue"])
            if m["msg_type"] == "status" and m["content"]["execution_state"] == "idle":
                return "".join(out)

    try:
        root = str(ROOT)
        run(f"import sys; sys.path.insert(0, {root!r}); import warnings; warnings.simplefilter('ignore')")
        run("import backprop_lib as bp; from backprop_lib.widgets._inputs import widget_registry as r")
        sizes = [
            int(run("ex = bp.widgets.LayerExplorer(); ex._repr_mimebundle_(); print(len(r()))", "A")) for _ in range(5)
        ]
        assert len(set(sizes)) == 1, sizes
        grown = [int(run("ex2 = bp.widgets.LayerExplorer(); print(len(r()))")) for _ in range(2)]
        assert grown[1] > grown[0]
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)


# ------------------------------------------------------------------------------------ the maps a line may name


def _control_settings(ex):
    """Every value of each control of ``ex`` with options or a range, one control at a time."""
    for control in ex._controls():
        options = getattr(control, "_options_values", None)
        values = list(options) if options is not None else range(control.min, control.max + 1)
        for v in values:
            yield control, v


@pytest.mark.parametrize("cls", [*ALL, W.OuterProductExplorer, W.GraphStepper], ids=lambda c: c.__name__)
def test_map_names_hold_every_map_a_control_can_show(cls):
    ex = cls(bugs=bp.exercises.bug_zoo()) if cls is W.GradCheckExplorer else cls()
    names = ex.map_names()
    for control, value in _control_settings(ex):
        control.value = value
        drawn = {M.name for M in ex.shown() if not isinstance(M, str)}
        assert drawn <= names, (control.description, value, drawn - names)
    ex.close()


def test_scalar_graph_explorer_walks_every_graph_and_answers_a_click():
    for title, (graph, start) in bp.chain.GRAPHS.items():
        ex = W.ScalarGraphExplorer(title)
        right = graph.backward(start)
        assert ex.grads() == right and ex.k == len(graph.ops) + 1  # opens on the finished walk
        for name in graph.inputs:  # each input's gradient, as nudging the input measures it
            assert abs(graph.numerical(start)[name] - right[name]) < 1e-6
        ex.step.value = 0
        assert all(g is None for g in ex.grads().values()) and "forward pass only" in ex.step_text()
        ex.view.selected = graph.inputs[0]  # what a click in the browser sends
        assert ex.selected == graph.inputs[0] and "#fef3c7" in ex.view.svg and "no share has arrived" in ex.panel.value
        ex.close()
    ex = W.ScalarGraphExplorer("f = (x + y) z", select="q")
    ex.graph.value = "f = (x + y) x"  # another graph: new sliders, the finished walk, nothing selected
    assert [s.description for s in ex.sliders.children] == ["x", "y"] and ex.selected == "" and ex.grads()["x"] == 5
    assert ex.snapshot()[:4] == b"\x89PNG" and "dx = 5" in ex.summary()


def test_gradient_flow_explorer_shows_each_layer_and_follows_its_controls():
    ex = W.GradientFlowExplorer(depth=4)
    up, down = ex.sizes()
    assert len(up) == 4 and len(down) == 5  # A of the 4 hidden layers; dW of all 5
    assert ex.html.value.count("<tr>") == 6 and "dW[1] / dW[5]" in ex.html.value
    ex.depth.value = 6
    assert len(ex.sizes()[1]) == 7 and "dW[1] / dW[7]" in ex.summary()
    before = ex.sizes()[0][-1]
    ex.gain.value = 2.0  # every W twice as large: six ReLU layers multiply A by about 2^6
    assert 30 < ex.sizes()[0][-1] / before < 100
    ex.gain.value = 1.0
    ex.hidden.value = "sigmoid"
    assert ex.sizes()[1][0] < 1e-2 * ex.sizes()[1][-1]  # the first layer's gradient has all but vanished
    assert ex.snapshot()[:4] == b"\x89PNG"
