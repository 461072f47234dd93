"""Pictures that explain (issue 13): dW as m outer products, the network as a graph the backward pass walks."""

from __future__ import annotations

import numpy as np
import pytest

pytest.importorskip("ipywidgets")
import matplotlib  # noqa: E402

matplotlib.use("Agg")

import backprop_lib as bp  # noqa: E402
from backprop_lib import widgets as W  # noqa: E402

# ----------------------------------------------------------------------------------------- outer products


def _own_grads(ex: W.Explorer) -> dict:
    AL, caches = bp.forward(ex.X, ex.params, ex.hidden, ex.output)
    return bp.backward(AL, ex.Y, caches, ex.output)


@pytest.mark.parametrize(
    "dims,layer,hidden,output",
    [((3, 5, 4, 2), 3, "relu", "softmax"), ((2, 4, 1), 1, "tanh", "sigmoid"), ((3, 5, 4, 2), 2, "relu", "softmax")],
)
def test_running_average_is_the_partial_sum_and_ends_at_dW(dims, layer, hidden, output):
    ex = W.OuterProductExplorer(dims, m=7, layer=layer, hidden=hidden, output=output, seed=3)
    grads = _own_grads(ex)
    dZ = grads[f"dZ{layer}"]
    A_prev = ex.X if layer == 1 else bp.forward(ex.X, ex.params, ex.hidden, ex.output)[1][layer - 2].A
    for k in range(ex.m + 1):
        expected = sum((np.outer(dZ[:, i], A_prev[:, i]) for i in range(k)), np.zeros(ex.params[f"W{layer}"].shape))
        np.testing.assert_allclose(ex.running(k), expected / ex.m, rtol=0, atol=1e-14)
    assert np.max(np.abs(ex.running(ex.m) - grads[f"dW{layer}"])) <= 1e-12
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
        np.testing.assert_array_equal(mats["1/m Σ so far"].values, ex.running(v))
        shown.append(ex.heatmaps.caption)
    assert "after 1 of 5 examples the average is not dW[2] yet: 4 outer products to add" in shown[0]
    assert "after all 5 examples the running average equals backprop_lib's dW[2]" in shown[-1]
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
        == "  layer 2, after all 5 examples the running average equals backprop_lib's dW[2] (to 1e-12)"
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
    np.testing.assert_array_equal(again.running(1), ex.running(1))
    assert again.summary() == ex.summary()


def test_outer_refuses_bad_layers_and_indices():
    with pytest.raises(ValueError, match="layers 1 to 2"):
        W.OuterProductExplorer((3, 4, 2), layer=3)
    ex = W.OuterProductExplorer((3, 4, 2), m=5)
    with pytest.raises(ValueError, match="0 to 4"):
        ex.outer(5)
    with pytest.raises(ValueError, match="0 to m = 5"):
        ex.running(6)


def test_outer_snapshot_is_a_png():
    png = W.OuterProductExplorer((3, 4, 2), m=5).snapshot()
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
