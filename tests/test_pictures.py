"""Pictures that explain (issue 13): dW as m outer products, the network as a graph the backward pass walks."""

from __future__ import annotations

import numpy as np
import pytest

pytest.importorskip("ipywidgets")
import matplotlib

matplotlib.use("Agg")

import backprop_lib as bp
from backprop_lib import widgets as W

# ----------------------------------------------------------------------------------------- outer products


def _own_grads(ex: W.Explorer) -> dict:
    AL, caches = bp.forward(ex.X, ex.params, ex.hidden, ex.output)
    return bp.backward(AL, ex.Y, caches, ex.output)


@pytest.mark.parametrize(
    "dims,layer,hidden,output",
    [((3, 5, 4, 2), 3, "relu", "softmax"), ((2, 4, 1), 1, "tanh", "sigmoid"), ((3, 5, 4, 2), 2, "relu", "softmax")],
)
def test_the_map_so_far_is_the_partial_sum_over_m_and_ends_at_dW(dims, layer, hidden, output):
    ex = W.OuterProductExplorer(dims, m=7, layer=layer, hidden=hidden, output=output, seed=3)
    grads = _own_grads(ex)
    dZ = grads[f"dZ{layer}"]
    A_prev = ex.X if layer == 1 else bp.forward(ex.X, ex.params, ex.hidden, ex.output)[1][layer - 2].A
    for k in range(ex.m + 1):
        expected = sum((np.outer(dZ[:, i], A_prev[:, i]) for i in range(k)), np.zeros(ex.params[f"W{layer}"].shape))
        np.testing.assert_allclose(ex.partial_over_m(k), expected / ex.m, rtol=0, atol=1e-14)
        if 0 < k < ex.m:  # divided by m, not by k: not the average of the k outer products so far
            assert not np.allclose(ex.partial_over_m(k), expected / k)
    assert np.max(np.abs(ex.partial_over_m(ex.m) - grads[f"dW{layer}"])) <= 1e-12
    for i in range(ex.m):
        np.testing.assert_array_equal(ex.outer(i), np.outer(dZ[:, i], A_prev[:, i]))


def test_slider_and_play_step_through_the_examples():
    ex = W.OuterProductExplorer((3, 4, 2), m=5, layer=2)
    assert ex.k == 5 and "equals backprop_lib's dW[2]" in ex.heatmaps.caption  # opens on the whole sum
    shown = []
    for v in range(1, 6):  # what Play does: one tick per value, 1..m
        ex.play.value = v
        assert ex.example.value == v
        mats = {M.name: M for M in ex.matrices() if not isinstance(M, str)}
        np.testing.assert_array_equal(mats["outer i"].values, ex.outer(v - 1))
        np.testing.assert_array_equal(mats["1/m Σ so far"].values, ex.partial_over_m(v))
        assert mats["1/m Σ so far"].note == f"sum of examples 0..{v - 1} ({v} of 5), divided by m = 5"
        shown.append(ex.heatmaps.caption)
    first = "after 1 of 5 examples the sum so far, divided by m = 5, is not dW[2] yet: 4 outer products to add"
    assert first in shown[0]
    assert "after all 5 examples the sum divided by m = 5 is the average, and equals backprop_lib's dW[2]" in shown[-1]
    assert not any("average so far" in c or "running average" in c for c in shown)
    ex.example.value = 2  # the slider alone moves the maps too
    assert "example 1:" in ex.heatmaps.caption
    mats = {M.name: M for M in ex.matrices() if not isinstance(M, str)}
    assert mats["outer i"].shape_text == "(n[2], n[1]) = (2, 4)"
    assert mats["dZ[2][:,i]"].shape_text == "(n[2], 1) = (2, 1)"
    assert mats["A[1][:,i]^T"].shape_text == "(1, n[1]) = (1, 4)"


def test_outer_summary_text_is_stable_and_says_equal():
    text = W.OuterProductExplorer((3, 4, 2), m=5).summary()
    assert text == W.OuterProductExplorer((3, 4, 2), m=5).summary()
    assert (
        text.splitlines()[-1]
        == "  layer 2, after all 5 examples the sum divided by m = 5 is the average, and equals backprop_lib's dW[2]"
        " (to 1e-12)"
    )
    assert "outer i        (2, 4)" in text and "dW[2]          (2, 4)" in text


def test_outer_state_round_trip_and_colour_scale_fixed_while_stepping():
    ex = W.OuterProductExplorer((3, 5, 4, 2), m=6, layer=2, seed=2)
    ex.example.value = 4
    vmax = dict(ex.vmax)
    ex.example.value = 1
    assert ex.vmax == vmax  # one scale over all the examples: the colours compare across steps
    again = W.from_state(ex.state)
    assert isinstance(again, W.OuterProductExplorer) and again.layer == 2 and again.k == 1
    np.testing.assert_array_equal(again.partial_over_m(1), ex.partial_over_m(1))
    assert again.summary() == ex.summary()


def test_outer_refuses_bad_layers_and_indices():
    with pytest.raises(ValueError, match="layers 1 to 2"):
        W.OuterProductExplorer((3, 4, 2), layer=3)
    ex = W.OuterProductExplorer((3, 4, 2), m=5)
    with pytest.raises(ValueError, match="0 to 4"):
        ex.outer(5)
    with pytest.raises(ValueError, match="0 to m = 5"):
        ex.partial_over_m(6)


def test_outer_snapshot_is_a_png():
    png = W.OuterProductExplorer((3, 4, 2), m=5).snapshot()
    assert png[:8] == b"\x89PNG\r\n\x1a\n"


# ----------------------------------------------------------------------------------------- the graph


@pytest.mark.parametrize(
    "dims,hidden,output",
    [((2, 3, 1), "tanh", "sigmoid"), ((3, 4, 3), "relu", "softmax"), ((2, 5, 2), "sigmoid", "linear")],
)
def test_every_graph_step_produces_backprop_libs_gradient(dims, hidden, output):
    ex = W.GraphStepper(dims, m=9, hidden=hidden, output=output, seed=4)
    grads = _own_grads(ex)
    assert [s.produces for s in ex.steps] == ["dA[2]", "dZ[2]", "dA[1]", "dZ[1]", "dW[1]"]
    for s in ex.steps[1:]:
        key = s.produces.replace("[", "").replace("]", "")
        np.testing.assert_allclose(s.value, grads[key], rtol=0, atol=1e-12)
    first = ex.steps[0]  # dA[2] is never formed by backprop_lib: through the output's derivative it gives dZ[2]
    assert first.library is None and first.value.shape == ex.AL.shape
    if output == "sigmoid":
        np.testing.assert_allclose(first.value * ex.AL * (1 - ex.AL), grads["dZ2"], atol=1e-12)
    elif output == "linear":
        np.testing.assert_allclose(first.value, grads["dZ2"], atol=1e-12)
    else:  # each column times the softmax Jacobian diag(a) - a a^T
        for i in range(ex.m):
            a = ex.AL[:, i]
            np.testing.assert_allclose(
                (np.diag(a) - np.outer(a, a)) @ first.value[:, i], grads["dZ2"][:, i], atol=1e-12
            )
    for k in range(1, 6):  # what each step draws as "= produced" is the step's value
        ex.step.value = k
        drawn = [M for M in ex.matrices() if not isinstance(M, str)][-1]
        assert drawn.name == ex.steps[k - 1].produces
        np.testing.assert_array_equal(drawn.values, ex.steps[k - 1].value)


def test_the_lit_edges_walk_from_J_back_to_W1_one_per_tick():
    ex = W.GraphStepper()
    lit = []
    for v in range(1, 6):  # Play's ticks
        ex.play.value = v
        assert ex.step.value == v and len(ex.lit_edges()) == v
        lit.append(ex.lit_edges()[-1])
        assert f"data-edge='{lit[-1][0]}->{lit[-1][1]}'><line" in ex.svg.value
        assert "stroke='#dc2626'" in ex.svg.value.split(f"data-edge='{lit[-1][0]}->{lit[-1][1]}'")[1][:120]
    assert lit == [("A[2]", "J"), ("Z[2]", "A[2]"), ("A[1]", "Z[2]"), ("Z[1]", "A[1]"), ("W[1]", "Z[1]")]
    assert lit[0][1] == "J" and lit[-1][0] == "W[1]"
    for (a, _), (_, d) in zip(lit[:-1], lit[1:], strict=True):
        assert a == d  # each step starts where the one before ended: one path, J back to W[1]


def test_svg_has_every_node_with_its_shape_and_every_operation():
    ex = W.GraphStepper((2, 3, 1), m=8)
    svg = ex.svg.value
    want = {"X": "(2, 8)", "Z[1]": "(3, 8)", "A[1]": "(3, 8)", "Z[2]": "(1, 8)", "A[2]": "(1, 8)", "J": "scalar"}
    want.update({"W[1]": "(3, 2)", "b[1]": "(3, 1)", "W[2]": "(1, 3)", "b[2]": "(1, 1)", "Y": "(1, 8)"})
    for name, shape in want.items():
        assert f"<title>{name} {shape}</title>" in svg
        node = svg.split(f"data-node='{name}'")[1].split("</g>")[0]
        assert f">{name}</text>" in node and f">{shape}</text>" in node
    for op in ("W[1] ·", "+ b[1]", "g = tanh", "W[2] ·", "+ b[2]", "sigmoid", "1/m Σ ℓ", "ℓ(a, y)"):
        assert f">{op}</text>" in svg


@pytest.mark.parametrize("output", ["sigmoid", "softmax", "linear"])
def test_the_1_over_m_sits_on_the_edge_into_J(output):
    """J = 1/m Σ ℓ: the 1/m is the first step's local derivative; the walk applies it once, in dW[1]."""
    ex = W.GraphStepper((2, 3, 2 if output != "sigmoid" else 1), m=6, output=output, seed=1)
    assert dict(((a, b), op) for a, b, op in ex.edges())[("A[2]", "J")] == "1/m Σ ℓ"
    assert ex.steps[0].local.startswith("∂J/∂A[2] = 1/m ∂ℓ/∂a per entry (J = 1/m Σ ℓ, the mean)")
    assert "the 1/m waits until dW[1]" in ex.steps[0].formula
    assert [("1/m" in s.local) for s in ex.steps] == [True, False, False, False, False]
    assert ex.steps[4].formula == "dW[1] = 1/m dZ[1] X^T, with the 1/m of step 1"
    ex.step.value = 5
    assert ex.matrices()[0] == "1/m ·"  # the maps of step 5: 1/m · dZ[1] · X^T = dW[1]
    dZ1, XT = (M.values for M in ex.matrices() if not isinstance(M, str) and M.name in ("dZ[1]", "X^T"))
    np.testing.assert_allclose(dZ1 @ XT / ex.m, ex.steps[4].value, rtol=0, atol=1e-15)


def test_graph_summary_caption_state_and_still_picture():
    ex = W.GraphStepper()
    text = ex.summary()
    assert text == W.GraphStepper().summary()
    assert text.count("equals backprop_lib's grads[") == 4 and "never forms dA[2]" in text
    assert "step 5 of 5: edge W[1] -> Z[1]" in text and "dW[1] = 1/m dZ[1] X^T, with the 1/m of step 1: (3, 2)" in text
    ex.step.value = 3
    assert (
        "step 3 of 5: edge A[1] -&gt; Z[2]" in ex.heatmaps.caption
        or "step 3 of 5: edge A[1] -> Z[2]" in ex.heatmaps.caption
    )
    assert "dA[1] = W[2]^T dZ[2]: (3, 8)" in ex.heatmaps.caption
    again = W.from_state(ex.state)
    assert isinstance(again, W.GraphStepper) and again.k == 3 and again.summary() == ex.summary()
    assert ex.snapshot()[:8] == b"\x89PNG\r\n\x1a\n"
    assert ex.svg in ex.widget.children


def test_graph_refuses_what_it_cannot_draw():
    with pytest.raises(ValueError, match="2-layer network"):
        W.GraphStepper((3, 5, 4, 2))
    with pytest.raises(ValueError, match="hidden"):
        W.GraphStepper(hidden=["tanh"])


# ----------------------------------------------------------------------------------------- training with its gradients


def _live(ex: W.TrainingExplorer) -> dict[str, np.ndarray]:
    """What the browser's live view of ``ex`` was last sent, decoded as training.js decodes it."""
    v, L, n1, m = ex.view, len(ex.layer_dims) - 1, ex.layer_dims[1], ex.X.shape[1]
    S = np.frombuffer(v.series, dtype=np.float32).reshape(2 + L, -1)
    planes = np.frombuffer(v.planes, dtype=np.uint8).reshape(-1, *ex.grid_shape)
    G = np.frombuffer(v.grads, dtype=np.float32)
    return {
        "steps": S[0],
        "costs": S[1],
        "norms": S[2:].T,
        "P": planes[0],
        "units": planes[1:],
        "dZ1": G[: n1 * m].reshape(n1, m),
        "dW1": G[n1 * m :].reshape(n1, -1),
    }


@pytest.fixture(scope="module")
def small_flower():
    return bp.data.flower(m=120, petals=4)


def test_recorded_dW_norms_are_backprops_at_every_step(small_flower):
    X, Y = small_flower
    ex = W.TrainingExplorer(X, Y, [2, 4, 1], hidden="tanh", output="sigmoid", steps_per_frame=10, max_steps=100)
    for v in (1, 2, 5, 7):  # ticks 3, 4 and 6 dropped: caught up
        ex.play.value = v
    assert ex.k == 70 and ex.steps == list(range(71)) and len(ex.grad_norms) == 71
    params = bp.init_params([2, 4, 1], seed=0, scale="lecun")  # a copy of the run, replayed by hand
    for k in range(71):
        AL, caches = bp.forward(X, params, "tanh", "sigmoid")
        grads = bp.backward(AL, Y, caches, "sigmoid")
        expected = [np.linalg.norm(grads["dW1"]), np.linalg.norm(grads["dW2"])]
        np.testing.assert_allclose(ex.grad_norms[k], expected, rtol=1e-12, atol=0)
        params = bp.update(params, grads, learning_rate=1.2)
    assert f"||dW[1]|| = {ex.grad_norms[-1][0]:.2e}" in ex.summary()
    live = _live(ex)  # the browser draws the recorded norms, one point per step (float32)
    np.testing.assert_array_equal(live["steps"], ex.steps)
    np.testing.assert_allclose(live["norms"], ex.grad_norms, rtol=1e-6)
    np.testing.assert_allclose(live["costs"], ex.costs, rtol=1e-6)
    ex.snapshot()  # and so does the still PNG
    for l, line in enumerate(ex.figure().norm_lines):
        np.testing.assert_array_equal(line.get_xdata(), ex.steps)
        np.testing.assert_array_equal(line.get_ydata(), [n[l] for n in ex.grad_norms])


def test_unit_maps_are_A1_on_the_grid_and_gradient_panels_are_backprops(small_flower):
    X, Y = small_flower
    ex = W.TrainingExplorer(X, Y, [2, 5, 3, 1], hidden="tanh", output="sigmoid", learning_rate=0.5, steps_per_frame=15)
    ex.play.value = 4
    assert ex.k == 60
    _, caches = bp.forward(ex.grid, ex.params, "tanh", "sigmoid")
    A1 = caches[0].A
    assert ex.unit_maps.shape == (5, *ex.grid_shape)
    live = _live(ex)  # tanh units over their range [-1, 1] as colour indices 0..255
    assert live["units"].shape == (5, *ex.grid_shape)
    np.testing.assert_array_equal(live["units"], np.rint((A1.reshape(5, *ex.grid_shape) + 1) / 2 * 255))
    AL, caches = bp.forward(X, ex.params, "tanh", "sigmoid")
    grads = bp.backward(AL, Y, caches, "sigmoid")
    np.testing.assert_allclose(live["dZ1"], grads["dZ1"], rtol=1e-6, atol=1e-30)
    np.testing.assert_allclose(live["dW1"], grads["dW1"], rtol=1e-6, atol=1e-30)
    assert ex.view.frame["k"] == 60 and ex.view.frame["dW_top"] == np.max(np.abs(grads["dW1"]))
    ex.snapshot()  # the still figure shows the same numbers
    fig = ex.figure()
    assert len(fig.unit_images) == 5
    for j, im in enumerate(fig.unit_images):
        np.testing.assert_array_equal(im.get_array(), A1[j].reshape(ex.grid_shape))
    np.testing.assert_array_equal(fig.dZ_image.get_array(), grads["dZ1"])
    np.testing.assert_array_equal(fig.dW_image.get_array(), grads["dW1"])
    assert "step 60" in fig.ax_dW.get_title() and "step 60" in fig.ax_dZ.get_title()
    assert len(ex.grad_norms[-1]) == 3  # one norm per layer
    ex.reset()  # back to step 0: the panels follow
    AL, caches = bp.forward(X, ex.start, "tanh", "sigmoid")
    dW1 = bp.backward(AL, Y, caches, "sigmoid")["dW1"]
    np.testing.assert_allclose(_live(ex)["dW1"], dW1, rtol=1e-6, atol=1e-30)
    ex.snapshot()
    np.testing.assert_array_equal(fig.dW_image.get_array(), dW1)
    assert ex.grad_norms == [ex.grad_norms[0]] and ex.k == 0


def test_a_wide_layer_shows_its_first_units_and_says_so(small_flower):
    X, Y = small_flower
    ex = W.TrainingExplorer(X, Y, [2, 12, 1], hidden="relu", output="sigmoid", learning_rate=0.5)
    assert ex.view.setup["n_maps"] == 8 and "first 8 of 12" in ex.view.setup["units_label"][0]
    ex.play.value = 1
    top = float(np.max(np.abs(ex.unit_maps[2])))
    assert ex.view.frame["units"][2] == [-top, top]  # relu has no fixed range: each map scales to its largest
    assert _live(ex)["units"].shape[0] == 8 and _live(ex)["units"][2].max() <= 255
    assert ex.snapshot()[:4] == b"\x89PNG"
    assert len(ex.figure().unit_images) == 8 and "first 8 of 12" in ex.figure().ax_units[0].get_ylabel()
    assert ex.figure().unit_images[2].get_clim() == (-top, top)


def test_a_diverging_run_keeps_one_finite_norm_per_recorded_step(small_flower):
    X, Y = small_flower
    ex = W.TrainingExplorer(X * 100, Y, [2, 8, 1], hidden="relu", learning_rate=10.0)
    ex.play.value = 1  # diverges within the tick
    assert ex.diverged and len(ex.grad_norms) == len(ex.costs) == len(ex.steps)
    assert np.isfinite(np.array(ex.grad_norms)).all()
    assert "gradient norms: ||dW[1]|| = " in ex.summary() and ex.summary().endswith("press Reset")
