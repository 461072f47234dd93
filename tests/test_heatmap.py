"""The canvas heatmap widget inside the explorers: one message per move, click to explain,
edit a weight in place, and a one-line state that rebuilds the view."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

pytest.importorskip("anywidget")
import matplotlib

matplotlib.use("Agg")

from explorer_families import EXPLORERS

import backprop_lib as bp
from backprop_lib import widgets as W
from backprop_lib.widgets.base import STEP

ROOT = Path(__file__).resolve().parents[1]


def record(widget):
    """Replace the widget's comm sender; return the list every published message lands in."""
    sent = []
    widget.comm.publish_msg = lambda msg_type, data=None, metadata=None, buffers=None, **k: sent.append(
        (data, [bytes(b) for b in buffers or []])
    )
    return sent


def floats(ex):
    return np.frombuffer(ex.heatmaps.values, dtype=np.float32)


def map_values(ex, name):
    meta = next(m for m in ex.heatmaps.maps if m.get("name") == name)
    r, c = meta["shape"]
    return floats(ex)[meta["offset"] : meta["offset"] + r * c].reshape(r, c)


@pytest.mark.parametrize("cls", EXPLORERS)
def test_the_buffer_holds_every_drawn_map_as_float32(cls):
    ex = cls()
    shown = [M for M in ex.shown() if not isinstance(M, str)]
    assert [m["name"] for m in ex.heatmaps.maps if "name" in m] == [M.name for M in shown]
    for M in shown:
        want = np.asarray(M.values, dtype=np.float32).reshape(map_values(ex, M.name).shape)
        np.testing.assert_array_equal(map_values(ex, M.name), want)
    assert ex.heatmaps.status == f"J = {ex.J:.4f}"


def test_layer_explorer_draws_its_layers_parameters_editable():
    ex = W.LayerExplorer(layer=2)
    names = [m["name"] for m in ex.heatmaps.maps if "name" in m]
    assert names == ["W[2]", "b[2]", "Z[2]", "A[2]", "dZ[2]", "dW[2]", "db[2]", "dA[1]"]
    editable = [m["name"] for m in ex.heatmaps.maps if m.get("editable")]
    assert editable == ["W[2]", "b[2]"]
    dW = next(m for m in ex.heatmaps.maps if m.get("name") == "dW[2]")
    assert dW["shape_text"] == "(n[2], n[1]) = (4, 5)" and dW["formula"].startswith("dW[2][{r}, {c}] = 1/m")
    assert ex.summary().splitlines()[2].startswith("  Z[2]")  # the summary (nbval's text) lists matrices() only


def test_a_move_publishes_one_message_with_the_values_as_one_buffer():
    ex = W.LayerExplorer(layer=2)
    sent = record(ex.heatmaps)
    ex.sliders[1][3].value = 1.0  # W[2][0,1]
    assert len(sent) == 1
    data, buffers = sent[0]
    assert data["buffer_paths"] == [["values"]] and len(buffers) == 1
    assert len(buffers[0]) == 4 * sum(m["shape"][0] * m["shape"][1] for m in ex.heatmaps.maps if "name" in m)
    assert "maps" not in data["state"]  # the layout is unchanged, so it is not sent again


def test_a_click_explains_the_entry_and_lights_its_rows():
    ex = W.LayerExplorer(layer=2)
    sent = record(ex.heatmaps)
    ex.heatmaps._on_msg(ex.heatmaps, {"type": "select", "map": "dW[2]", "i": 1, "j": 3}, [])
    assert len(sent) == 1
    e = ex.explanation
    assert e.total == pytest.approx(ex.grads["dW2"][1, 3], rel=1e-12, abs=1e-15)
    assert ex.heatmaps.explanation.splitlines()[-1].strip() == f"= {ex.grads['dW2'][1, 3]:.4f}"
    assert ex.heatmaps.explanation.startswith("dW[2][1, 3] = 1/m Σ_i dZ[2][1, i] A[1][3, i]")
    assert ex.heatmaps.highlight["dZ[2]"]["rows"] == [1]
    assert ex.heatmaps.highlight["dW[2]"]["cells"] == [[1, 3]]
    assert ex.heatmaps.selected == ["dW[2]", 1, 3]
    before = ex.heatmaps.explanation
    ex.sliders[1][3].value = 1.5  # the explanation follows the numbers
    assert ex.heatmaps.explanation != before
    assert ex.explanation.total == pytest.approx(ex.grads["dW2"][1, 3], rel=1e-12, abs=1e-15)


def test_a_transposed_map_lights_the_transposed_entries():
    ex = W.ChainExplorer()
    e = ex.select("dA[1]", 2, 5)
    assert e.total == pytest.approx(ex.grads["dA1"][2, 5], rel=1e-12, abs=1e-15)
    assert ex.heatmaps.highlight["W[2]^T"]["rows"] == [2]  # column 2 of W[2] is row 2 of W[2]^T
    assert ex.heatmaps.highlight["dZ[2]"]["cols"] == [5]
    with pytest.raises(bp.InputError, match="Y\\[0, 0\\] is not an entry"):  # not drawn here: said, not dropped
        ex.select("Y", 0, 0)
    assert ex.selected == ("dA[1]", 2, 5) and ex.heatmaps.selected == ["dA[1]", 2, 5]  # the selection stays
    ex.select("g'(Z[1])", 1, 1)
    assert ex.explanation.total == pytest.approx(map_values(ex, "g'(Z[1])")[1, 1])


def test_dragging_a_weight_moves_it_on_the_slider_grid_and_changes_dW():
    ex = W.LayerExplorer(layer=2)
    start = float(ex.params["W2"][2, 3])  # no slider on this one
    dW = ex.grads["dW2"].copy()
    sent = record(ex.heatmaps)
    for _ in range(3):
        ex.heatmaps._on_msg(ex.heatmaps, {"type": "nudge", "map": "W[2]", "i": 2, "j": 3, "steps": 1}, [])
    assert len(sent) == 3  # one message per change
    assert ex.params["W2"][2, 3] == pytest.approx(round(start / STEP) * STEP + 3 * STEP)
    assert not np.allclose(ex.grads["dW2"], dW) or not np.allclose(ex.grads["dA1"], 0)
    np.testing.assert_array_equal(map_values(ex, "W[2]"), ex.params["W2"].astype(np.float32))
    # an entry with a slider: the slider follows
    key, i, j, slider = ex.sliders[1]
    assert (key, i, j) == ("W2", 0, 1)
    v = slider.value
    ex.nudge("W[2]", 0, 1, -4)
    assert slider.value == pytest.approx(v - 4 * STEP) and ex.params["W2"][0, 1] == slider.value
    with pytest.raises(bp.InputError, match="not a parameter map"):
        ex.nudge("dW[2]", 0, 0, 1)


def test_an_edit_stays_within_the_slider_limits():
    ex = W.LayerExplorer(layer=2)
    ex.nudge("b[2]", 0, 0, 10_000)
    assert ex.params["b2"][0, 0] == ex.slider_limit


@pytest.mark.parametrize("cls", EXPLORERS)
def test_state_rebuilds_the_exact_view(cls):
    ex = cls(bugs=bp.exercises.bug_zoo()) if cls is W.GradCheckExplorer else cls()
    change = {
        W.LayerExplorer: lambda: setattr(ex.chooser, "value", 2),
        W.OutputExplorer: lambda: setattr(ex.out_toggle, "value", "sigmoid"),
        W.ChainExplorer: lambda: setattr(ex.chooser, "value", 2),
        W.MaskExplorer: lambda: setattr(ex.act, "value", "tanh"),
        W.MatmulExplorer: lambda: (setattr(ex.mode, "value", "dA[1]"), setattr(ex.row, "value", 2)),
        W.BackwardStepper: lambda: setattr(ex.step, "value", 5),
        W.GradCheckExplorer: lambda: setattr(ex.bug, "value", list(ex.bugs)[1]),
    }
    change[cls]()
    editable = [m["name"] for m in ex.heatmaps.maps if m.get("editable")]
    for name in editable[:2]:
        ex.nudge(name, 0, 0, 3)
    for *_, s in ex.sliders[:1]:
        s.value = 0.45
    drawn = [m["name"] for m in ex.heatmaps.maps if "name" in m]
    if drawn:
        ex.select(drawn[-1], 0, 0)
    line = ex.state
    assert "\n" not in line and len(line) < 400  # longer when it carries colour limits (scale=)
    again = W.from_state(line)
    assert type(again) is cls and again.state == line
    assert again.heatmaps.values == ex.heatmaps.values
    assert again.heatmaps.maps == ex.heatmaps.maps  # names, shapes, colour limits
    ex.rescale()  # the colour limits refitted to the moved weights travel in the line too
    rescaled = W.from_state(ex.state)
    assert rescaled.heatmaps.maps == ex.heatmaps.maps and rescaled.vmax == ex.vmax and rescaled.state == ex.state
    assert len(ex.state) < 600
    assert again.heatmaps.explanation == ex.heatmaps.explanation
    assert again.summary() == ex.summary()
    assert cls.from_state(line).state == line


def test_state_keeps_the_colours_of_maps_first_drawn_after_a_move():
    """Move a weight of layer 2, then show layer 1: its maps get colour limits fitted to the moved
    network, which a fresh build at layer 1 would not fit; the line carries them."""
    ex = W.LayerExplorer(layer=2)
    ex.nudge("W[2]", 0, 1, 20)
    ex.chooser.value = 1
    line = ex.state
    assert "scale=" in line and "dW[1]:" in line
    again = W.from_state(line)
    assert again.vmax == ex.vmax and again.heatmaps.maps == ex.heatmaps.maps
    fresh = W.LayerExplorer(layer=2)
    assert "scale=" not in fresh.state and W.from_state(fresh.state).vmax == fresh.vmax
    with_scale = W.from_state(fresh.state + " scale=dZ[2]:0.5,W[2]:")
    assert with_scale.vmax["dZ[2]"] == 0.5 and with_scale.vmax["W[2]"] == fresh.vmax["W[2]"]  # refitted when drawn
    assert with_scale.heatmaps.maps != fresh.heatmaps.maps


def test_state_names_what_it_needs():
    ex = W.LayerExplorer(data=W.demo_batch([3, 5, 4, 2], 6, "softmax", seed=3))
    with pytest.raises(bp.InputError, match="pass data="):
        W.from_state(ex.state)
    assert W.from_state(ex.state, data=(ex.X, ex.Y)).state == ex.state
    with pytest.raises(bp.InputError, match="explorer's name"):
        W.from_state("Nonsense dims=1")
    with pytest.raises(bp.InputError, match="not a MaskExplorer"):
        W.MaskExplorer.from_state(W.LayerExplorer().state)


def test_the_javascript_ships_as_package_data_and_keeps_notebook7_keys():
    js = (ROOT / "backprop_lib/widgets/heatmap.js").read_text()
    for needle in ('data-lm-suppress-shortcuts", "true"', '"role", "grid"', '"role", "gridcell"', "aria-label"):
        assert needle in js


@pytest.mark.integration
def test_the_wheel_ships_the_javascript_the_datasets_and_the_server_extension(tmp_path):
    """A wheel built from the checkout (hatchling, no network) holds the widgets' JavaScript and
    the digits as package data, and the file that enables backprop_lib.server."""
    import subprocess
    import sys
    import zipfile

    built = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(tmp_path),
            str(ROOT),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert built.returncode == 0, built.stdout + built.stderr
    (wheel,) = tmp_path.glob("backprop_lib-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for path in ("widgets/heatmap.js", "widgets/training.js", "server.py"):
        assert f"backprop_lib/{path}" in names, sorted(names)
    assert any(n.startswith("backprop_lib/datasets/") and n.endswith(".npz") for n in names), sorted(names)
    assert any(n.endswith(".data/data/etc/jupyter/jupyter_server_config.d/backprop_lib.json") for n in names)
    assert not any("/tests/" in n or n.startswith("notebooks/") for n in names), sorted(names)


def test_the_widget_alone_draws_any_matrices():
    from backprop_lib.plots import Matrix

    hm = W.Heatmaps()
    sent = record(hm)
    M = Matrix("W[1]", np.arange(6.0).reshape(2, 3), "(n[1], n[0])")
    hm.show([M, "=", Matrix("v", np.ones((3, 1)))], {"W[1]": 5.0}, editable=["W[1]"], caption="<b>hi</b>")
    assert len(sent) == 1
    assert [m.get("name", m.get("op")) for m in hm.maps] == ["W[1]", "=", "v"]
    assert hm.maps[0]["vmax"] == 5.0 and hm.maps[0]["editable"] and hm.maps[2]["offset"] == 6
    np.testing.assert_array_equal(np.frombuffer(hm.values, np.float32), [0, 1, 2, 3, 4, 5, 1, 1, 1])
    assert len(hm.lut) == 3 * 256 and hm.caption == "<b>hi</b>"
