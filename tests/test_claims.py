"""Every sentence of a lesson that says what the learner will see is replayed here.

A lesson marks such a markdown cell with ``<!-- claim: ID [ID ...] -->``. Each ID names one test below
(the ``@claim`` decorator), which does what the sentence says through the explorer's Python API (set the
value, press the button, run the steps) and asserts the effect with the numbers the text gives.
The suite fails when a marked claim has no test, when a test names a claim no lesson makes, and when a
lesson says "Try this", "watch" or "you will see" in a cell without a marker.

A claim is about backprop, not about rounding: every claim test runs as-is and under each nudge of
``tests/variants.py`` (a one-ulp nudge of the start, one-ulp noise at every step), and
``tests/test_reproducible.py`` runs the as-is tests again under other BLAS kernels and numpy SIMD levels.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import nbformat
import numpy as np
import pytest
from nbclient import NotebookClient

import backprop_lib as bp
import backprop_lib.widgets as W
from backprop_lib.exercises import engine, loop

sys.path.insert(0, str(Path(__file__).resolve().parent))
import mistakes as M
import variants

ROOT = Path(__file__).resolve().parents[1]
LESSONS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
MARKER = re.compile(r"<!--\s*claim:\s*([^>]*?)\s*-->")
EDIT = re.compile(r'<!--\s*edit:\s*"([^"]+)"\s*->\s*"([^"]+)"\s*-->')  # an edit a "Try this" asks for
RERUN = re.compile(r"\bre-?run\b", re.I)
INSTRUCTION = re.compile(r"try this|\bwatch\b|you will see|you'll see", re.I)

CLAIMS: dict[str, str] = {}  # claim ID -> the test that proves it


def claim(*ids: str):
    """Declare which lesson claims a test proves; the test runs as-is and under each nudge."""

    def register(fn):
        for i in ids:
            assert i not in CLAIMS, f"claim {i} is proved twice"
            CLAIMS[i] = fn.__name__
        return pytest.mark.usefixtures("nudge")(fn)

    return register


def markdown_cells(path: Path) -> list[str]:
    nb = json.loads(path.read_text())
    return ["".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown"]


def marked_claims() -> dict[str, str]:
    """claim ID -> lesson file name, from every marker in every lesson."""
    out: dict[str, str] = {}
    for path in LESSONS:
        for text in markdown_cells(path):
            for group in MARKER.findall(text):
                for cid in group.split():
                    assert cid not in out, f"claim {cid} is marked twice ({out.get(cid)} and {path.name})"
                    out[cid] = path.name
    return out


# ----------------------------------------------------------------------------------------- the infrastructure


# In a child run as another machine (tests/test_reproducible.py sets $BACKPROP_VARIANT) the claims run once, as that
# machine; here they also run under each nudge.
NUDGES = ["as-is"] + ([] if os.environ.get("BACKPROP_VARIANT") else variants.NUDGES)


@pytest.fixture(scope="module", params=NUDGES)
def nudge(request):
    """backprop_lib as-is (or as $BACKPROP_VARIANT's machine), or nudged as tests/variants.py says."""
    variants.install(None if request.param == "as-is" else request.param)
    yield request.param
    variants.uninstall()


def run_child(script: str, nudge: str) -> dict:
    """Run ``script`` (which prints JSON) in a child Python with one BLAS thread, nudged as this test is."""
    env = {**os.environ, "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}
    if nudge != "as-is":
        env["BACKPROP_VARIANT"] = nudge
    here = str(Path(__file__).resolve().parent)
    head = f"import sys; sys.path.insert(0, {here!r}); import variants; variants.install()\n"
    done = subprocess.run([sys.executable, "-c", head + script], env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout)


def test_every_marked_claim_has_a_test_and_every_test_a_claim():
    marked = marked_claims()
    untested = sorted(set(marked) - set(CLAIMS))
    assert not untested, f"claims marked in a lesson with no test in tests/test_claims.py: {untested}"
    stale = sorted(set(CLAIMS) - set(marked))
    assert not stale, f"tests for claims no lesson marks any more: {stale}"
    for cid, lesson in marked.items():
        assert lesson.startswith(cid[:2]), (
            f"claim {cid} is marked in {lesson}: its ID must start with the lesson number"
        )


@pytest.mark.parametrize("path", LESSONS, ids=[p.name for p in LESSONS])
def test_every_instruction_carries_a_claim_marker(path):
    unmarked = [
        text[:80]
        for text in markdown_cells(path)
        if INSTRUCTION.search(MARKER.sub("", text)) and not MARKER.search(text)
    ]
    assert not unmarked, f"{path.name}: 'Try this' / 'watch' / 'you will see' without <!-- claim: ID -->: {unmarked}"


@pytest.mark.parametrize("path", LESSONS, ids=[p.name for p in LESSONS])
def test_no_display_math_inside_a_quote_block(path):
    """A `> $$ ... $$` block renders with stray '>' marks in JupyterLab and Notebook 7."""
    for text in markdown_cells(path):
        quoted = [line for line in text.splitlines() if line.lstrip().startswith(">")]
        bad = [line for line in quoted if "$$" in line or "\\begin{" in line or "\\end{" in line or "\\\\" in line]
        assert not bad, f"{path.name}: display math inside a '>' quote: {bad[:2]}"


@pytest.mark.parametrize("path", LESSONS, ids=[p.name for p in LESSONS])
def test_every_rerun_instruction_carries_its_edit(path):
    unmarked = [text[:80] for text in markdown_cells(path) if RERUN.search(text) and not EDIT.search(text)]
    assert not unmarked, (
        f'{path.name}: "rerun" without <!-- edit: "old" -> "new" --> (the edit it asks for): {unmarked}'
    )


EDITS = [(path, old, new) for path in LESSONS for text in markdown_cells(path) for old, new in EDIT.findall(text)]


@pytest.mark.parametrize(("path", "old", "new"), EDITS, ids=[f"{p.name[:2]}:{n}" for p, _, n in EDITS])
def test_a_lesson_edited_as_its_try_this_says_runs_to_the_end(path, old, new):
    """Do the edit in the one code cell that holds ``old``, then run the lesson, the cells after it included."""
    nb = nbformat.read(path, as_version=4)
    cells = [c for c in nb.cells if c.cell_type == "code" and old in c.source]
    assert len(cells) == 1, f"{path.name}: {len(cells)} code cells hold {old!r}"
    cells[0].source = cells[0].source.replace(old, new)
    NotebookClient(nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}).execute()


def test_the_infrastructure_catches_what_it_should():
    assert MARKER.findall("<!-- claim: 05-a 05-b -->\n**Try this.**") == ["05-a 05-b"]
    assert INSTRUCTION.search("Then **watch** row 0") and INSTRUCTION.search("Try this: drag")
    assert not INSTRUCTION.search("a stopwatch")


# ----------------------------------------------------------------------------------------- lesson 0


def _boxes(html: str) -> dict[str, tuple[int, int]]:
    return {n: (int(r), int(c)) for n, r, c in re.findall(r"([WAbZ]\[\d\])<br>\((\d+), (\d+)\)", html)}


@claim("00-shapes-m", "00-shapes-n2")
def test_shape_explorer_m_and_n2():
    ex = W.ShapeExplorer(layer_dims=[3, 5, 4, 2], m=6)
    start = _boxes(ex.html.value)
    for m in (1, 16):
        ex.m.value = m
        now = _boxes(ex.html.value)
        for name, shape in now.items():
            if name[0] in "WB" or name[0] == "b":
                assert shape == start[name], name  # no W and no b changes
            else:
                assert shape[1] == m and shape[0] == start[name][0], name  # A and Z: as wide as m
    ex.m.value = 6
    ex.sizes[2].value = 7
    now = _boxes(ex.html.value)
    changed = sorted(n for n in now if n[0] == "W" and now[n] != start[n])
    assert changed == ["W[2]", "W[3]"]
    assert now["W[2]"] == (7, 5) and now["W[3]"] == (2, 7)


@claim("00-bias-row3")
def test_bias_row_3_is_added_to_every_column():
    rng = np.random.default_rng(0)
    X = np.round(rng.standard_normal((3, 6)), 2)
    params = bp.init_params([3, 5, 4, 2], seed=0)
    for l in range(1, 4):
        params[f"b{l}"] = np.round(0.5 * rng.standard_normal(([3, 5, 4, 2][l], 1)), 2)
    Z1 = bp.linear_forward(X, params["W1"], params["b1"], 1)
    assert params["b1"][3, 0] == 0.68
    np.testing.assert_allclose(Z1[3] - params["W1"][3] @ X, 0.68)


# ----------------------------------------------------------------------------------------- lesson 1


@claim("01-output-bias", "01-output-sigmoid")
def test_output_explorer_bias_and_sigmoid():
    ex = W.OutputExplorer()
    before = ex.AL[2].copy()
    ex.set("b2", 2, 0, 3.0)
    labels = np.argmax(ex.Y, axis=0)
    assert np.all(ex.AL[2] > before) and np.all(ex.AL[2] > 0.85)  # row 2 rises towards 1 in every column
    dZ = ex.grads["dZ2"][2]
    assert list(np.flatnonzero(labels == 2)) == [2, 5]
    assert np.all(dZ[labels != 2] > 0.85)  # red where the label is not class 2
    assert np.all(np.abs(dZ[labels == 2]) < 0.15)  # almost white in columns 2 and 5
    ex.out_toggle.value = "sigmoid"
    assert np.all(np.abs(ex.AL.sum(axis=0) - 1) > 0.1)
    dZ_before = ex.grads["dZ2"].copy()
    ex.set("b2", 2, 0, 1.0)
    moved = np.any(ex.grads["dZ2"] != dZ_before, axis=1)
    assert list(moved) == [False, False, True]  # each entry of dZ depends on its own output unit only


@claim("01-layer-click")
def test_layer_explorer_click_writes_the_sum_of_m_terms():
    ex = W.LayerExplorer(layer_dims=(3, 4, 3), m=6, layer=2, sliders=[("W2", 0, 1), ("b1", 3, 0)])
    e = ex.select("dW[2]", 0, 1)
    assert e.formula == "dW[2][0, 1] = 1/m Σ_i dZ[2][0, i] A[1][1, i]" and len(e.terms) == 6
    assert e.lights["dZ[2]"] == {"rows": [0]}
    assert round(float(ex.caches[0].A[1, 0]), 4) == 0.2337
    assert round(float(ex.grads["dZ2"][0, 0] * ex.caches[0].A[1, 0]), 4) == -0.1766
    assert np.isclose(e.total, ex.grads["dW2"][0, 1])
    before = ex.params["W2"][0, 1]
    ex.nudge("W[2]", 0, 1, 1)  # a drag of one step on the heatmap, or Shift+Up
    assert ex.params["W2"][0, 1] != before and ex.sliders[0][3].value == ex.params["W2"][0, 1]


@claim("01-layer-silent-unit", "01-layer-weight")
def test_layer_explorer_silent_hidden_unit_and_weight():
    ex = W.LayerExplorer(layer_dims=(3, 4, 3), m=6, layer=2, sliders=[("W2", 0, 1), ("b1", 3, 0)])
    ex.set("b1", 3, 0, -1.0)
    assert np.all(ex.caches[0].A[3] == 0)  # hidden unit 3 outputs 0 for all 6 examples
    assert np.all(ex.grads["dW2"][:, 3] == 0)  # column 3 of dW[2] is white
    shapes = [M.values.shape for M in ex.matrices() if not isinstance(M, str)]
    before = {k: ex.grads[k].copy() for k in ("dZ2", "db2", "dA1")}
    ex.set("W2", 0, 1, 1.5)
    for k, v in before.items():
        assert not np.allclose(ex.grads[k], v), k
    assert [M.values.shape for M in ex.matrices() if not isinstance(M, str)] == shapes


# ----------------------------------------------------------------------------------------- lesson 2


@claim("02-gates")
def test_scalar_graph_gates():
    ex = W.ScalarGraphExplorer("f = x y + max(z, w)", select="w")
    assert ex.grads() | {} == {"x": -1.0, "y": 2.0, "z": 1.0, "w": 0.0, "p": 1.0, "r": 1.0, "f": 1.0}  # the answer
    w_slider, y_slider = (next(s for s in ex.sliders.children if s.description == n) for n in ("w", "y"))
    w_slider.value = 3.5  # drag w above 3: r's gradient moves from z to w
    assert ex.grads()["w"] == 1.0 and ex.grads()["z"] == 0.0
    dy = ex.grads()["y"]
    for y in (-3.0, 0.5, 2.5):  # dx follows y; dy (x times dp) does not move
        y_slider.value = y
        assert ex.grads()["x"] == y and ex.grads()["y"] == dy
    ex.step.value = 0  # the walk from f down, one node per step
    seen = []
    for k in range(1, ex.step.max + 1):
        ex.step.value = k
        seen.append(next((n for n, g in ex.grads().items() if g is not None and n not in seen), None))
    assert seen[0] == "f" and seen[-1] in ("x", "y") and "step 4 of 4" in ex.step_text()


@claim("02-used-twice")
def test_scalar_graph_value_used_twice():
    ex = W.ScalarGraphExplorer("f = (x + y) x", step=2, select="x")
    assert "dx = 2 (1/2)" in ex.drawing().svg()
    panel = "\n".join(ex.explain("x"))
    assert "through f = q · x: df · ∂f/∂x = 1 × 2 = 2" in panel and "not arrived yet" in panel
    ex.step.value = 3
    assert "dx = 5<" in ex.drawing().svg() and "dx = 2 + 3 = 5" in "\n".join(ex.explain("x"))


@claim("02-sum-is-WT-dZ")
def test_shares_added_one_by_one_are_WT_dZ():
    rng = np.random.default_rng(5)
    W_, dZ = rng.standard_normal((4, 3)), rng.standard_normal((4, 6))
    dA = np.zeros((3, 6))
    for p, i, j in np.ndindex(3, 6, 4):
        dA[p, i] += dZ[j, i] * W_[j, p]
    np.testing.assert_allclose(dA, W_.T @ dZ, rtol=1e-13, atol=1e-14)


@claim("02-stepper-order")
def test_backward_stepper_order():
    ex = W.BackwardStepper()
    n = len(ex.steps)
    assert n == 12 and ex.step.value == n and f"step {n} of {n}" in ex.caption()
    seen: list[str] = []
    for k in range(1, n + 1):
        ex.step.value = k
        shown = [M.name for M in ex.matrices() if not np.all(np.isnan(M.values))]
        new = [s for s in shown if s not in seen]
        assert len(new) == 1 and f"step {k} of {n}" in ex.caption()
        seen += new
    assert seen == [f"{g}[{l if g != 'dA' else l - 1}]" for l in (3, 2, 1) for g in ("dZ", "dW", "db", "dA")]
    for l in (2, 1):  # dA[l] is ready before dZ[l] needs it
        assert seen.index(f"dA[{l}]") < seen.index(f"dZ[{l}]")


@claim("02-chain-weight", "02-chain-asleep")
def test_chain_explorer_weight_and_sleeping_unit():
    ex = W.ChainExplorer()
    s = next(s for key, i, j, s in ex.sliders if (key, i, j) == ("W2", 0, 1))
    s.value = s.min
    low = ex.grads["dA1"].copy()
    s.value = s.max
    change = np.abs(ex.grads["dA1"] - low).max(axis=1)
    assert np.argmax(change) == 1 and np.all(np.delete(change, 1) > 0)  # row 1 most; the others a little
    ex.reset()
    ex.set("b1", 0, 0, -1.05)
    assert ex.m == 8 and np.all(ex.caches[0].Z[0] < 0)  # asleep for all 8 examples
    assert np.all(bp.activations.relu_prime(ex.caches[0].Z[0]) == 0) and np.all(ex.grads["dZ1"][0] == 0)
    assert np.all(ex.grads["dA1"][0] != 0)  # yet it still receives blame


@claim("02-layer-menu")
def test_layer_explorer_menu():
    ex = W.LayerExplorer(layer=1)
    ex.chooser.value = 2
    last = [M for M in ex.matrices() if not isinstance(M, str)][-1]
    assert last.name == "dA[1]" and last.values.shape == (5, 8)
    np.testing.assert_allclose(last.values, ex.params["W2"].T @ ex.grads["dZ2"])
    assert ex.params["W2"].T.shape == (5, 4) and ex.grads["dZ2"].shape == (4, 8)
    ex.chooser.value = 1
    dZ1 = next(M for M in ex.matrices() if not isinstance(M, str) and M.name == "dZ[1]")
    np.testing.assert_allclose(dZ1.values, last.values * bp.activations.relu_prime(ex.caches[0].Z))


@claim("02-graph-walk")
def test_graph_stepper_walks_j_back_to_w1():
    ex = W.GraphStepper()
    assert ex.layer_dims == [2, 3, 1] and ex.m == 8 and ex.hidden == "tanh" and ex.output == "sigmoid"
    assert ex.step.value == 5  # opens on the last step
    order = [("A[2]", "J"), ("Z[2]", "A[2]"), ("A[1]", "Z[2]"), ("Z[1]", "A[1]"), ("W[1]", "Z[1]")]
    for k in range(1, 6):  # Play: 1, 2, ..., 5
        ex.play.value = k
        a, b = order[k - 1]
        svg = ex.svg.value
        assert ex.lit_edges() == order[:k]
        assert "stroke='#dc2626'" in svg.split(f"data-edge='{a}->{b}'")[1][:160]  # red: the one it is on
        for c, d in order[: k - 1]:
            assert "stroke='#f59e0b'" in svg.split(f"data-edge='{c}->{d}'")[1][:160]  # orange: walked
        assert f"← {ex.steps[k - 1].produces}</text>" in svg  # beside the red arrow
        cap = ex.heatmaps.caption
        assert "local derivative" in cap and "shape" in cap
        if k == 1:
            assert "never forms dA[2]" in cap
            # the 1/m of the mean sits on the arrow into J, and waits until dW[1]
            assert "local derivative ∂J/∂A[2] = 1/m ∂ℓ/∂a" in cap and "the 1/m waits until dW[1]" in cap
        else:
            assert "equals backprop_lib" in cap
        if 1 < k < 5:  # the gradients in between are per example, backprop_lib's own, with no 1/m
            assert "1/m" not in cap
        if k == 5:  # X^T alone on its arrow; dW[1] takes the 1/m of step 1
            assert "local derivative ∂Z[1]/∂W[1] = X: X^T on the right" in cap
            assert "dW[1] = 1/m dZ[1] X^T, with the 1/m of step 1" in cap
        drawn = [M for M in ex.matrices() if not isinstance(M, str)]
        assert drawn[-1].name == ex.steps[k - 1].produces and len(drawn) >= 2  # the maps that multiply to it
    labels = {(a, b): op for a, b, op in ex.edges()}
    assert labels[("A[2]", "J")] == "1/m Σ ℓ" and "1/m" not in labels[("W[1]", "Z[1]")]  # the arrow into J
    assert ">1/m Σ ℓ</text>" in svg.split("data-edge='A[2]->J'")[1][:400]
    # the product of the five local derivatives, the 1/m among them, is dW[1]
    np.testing.assert_allclose(ex.steps[4].value, ex.grads["dW1"], rtol=0, atol=1e-12)


# ----------------------------------------------------------------------------------------- lesson 3


@claim("03-dead-unit-training")
def test_dead_unit_never_learns():
    X, Y = bp.data.spirals(m=60, seed=0)
    params = bp.init_params([2, 6, 3], seed=0)
    params["b1"][0, 0] = -3.0
    W1 = params["W1"].copy()
    for _ in range(300):
        AL, caches = bp.forward(X, params, hidden="relu", output="softmax")
        grads = bp.backward(AL, Y, caches, output="softmax")
        assert np.all(caches[0].Z[0] <= 0) and np.all(grads["dA1"][0] != 0)  # its blame arrives ...
        assert np.all(grads["dZ1"][0] == 0)  # ... none of it gets through
        assert np.all(grads["dW1"][0] == 0) and grads["db1"][0, 0] == 0
        new = bp.update(params, grads, learning_rate=0.5)
        for key in params:  # the step is W := W - alpha dW, b := b - alpha db, alpha = 0.5 (to an ulp)
            np.testing.assert_array_max_ulp(new[key], params[key] - 0.5 * grads["d" + key], maxulp=2)
        params = new
    moved = np.max(np.abs(params["W1"] - W1), axis=1)
    assert moved[0] == 0 and np.all(moved[1:] > 0.1)


@claim("03-leaky-trickle")
def test_leaky_relu_trickle_pushes_the_dead_unit_further_down():
    X, Y = bp.data.spirals(m=60, seed=0)
    params = bp.init_params([2, 6, 3], seed=0)
    params["b1"][0, 0] = -3.0
    W1 = params["W1"].copy()

    def as_a_constant(p: dict) -> tuple[float, float]:
        """Unit 0's mean output and the size of what it adds to Z[2] (W[2][:, 0] times that output)."""
        _, caches = bp.forward(X, p, hidden="leaky_relu", output="softmax")
        mean = float(caches[0].A[0].mean())
        return mean, float(np.linalg.norm(p["W2"][:, 0] * mean))

    start = as_a_constant(params)
    db0 = []
    for step in range(5000):
        AL, caches = bp.forward(X, params, hidden="leaky_relu", output="softmax")
        grads = bp.backward(AL, Y, caches, output="softmax")
        if step == 0:
            first, others = abs(grads["db1"][0, 0]), np.max(np.abs(grads["db1"][1:]))
        db0.append(grads["db1"][0, 0])
        params = bp.update(params, grads, learning_rate=0.5)
    db0 = np.array(db0)
    assert f"{first:.1e}" == "7.0e-04" and round(others / first, -2) == 400  # about 400 times smaller
    assert abs(db0[-1]) < first / 10  # it shrinks as training goes on
    assert np.all(db0 > 0)  # positive at every one of the 5,000 steps: every step lowers the bias
    assert f"{params['b1'][0, 0]:.3f}" == "-3.145"
    moved = np.max(np.abs(params["W1"] - W1), axis=1)
    assert f"{moved[0]:.2f}" == "0.05" and np.all(moved[1:] >= 3)
    _, caches = bp.forward(X, params, hidden="leaky_relu", output="softmax")
    assert np.all(caches[0].Z[0] <= 0)  # fires for 0 of 60 examples
    assert np.all(np.abs(caches[0].A[0] + 0.03) < 0.003)  # near -0.03 for every example: a constant
    end = as_a_constant(params)
    assert end[0] < start[0] and end[1] > start[1]  # more negative, and it adds more to Z[2]


@claim("03-sigmoid-factor")
def test_sigmoid_factor_at_most_a_quarter_but_weights_can_amplify():
    grid = np.linspace(-6, 6, 1201)
    assert np.max(bp.activations.sigmoid_prime(grid)) == pytest.approx(0.25)
    # one sigmoid layer with a weight of 6: the blame passed back is 6 * 0.25 = 1.5 times larger, not 4 times smaller
    W2, dZ2 = np.array([[6.0]]), np.array([[1.0]])
    dZ1 = (W2.T @ dZ2) * bp.activations.sigmoid_prime(np.array([[0.0]]))
    assert dZ1[0, 0] == pytest.approx(1.5)


@claim("03-mask-dead", "03-mask-sigmoid", "03-mask-tanh")
def test_mask_explorer_threshold_and_saturation():
    ex = W.MaskExplorer()
    threshold = -np.max((ex.params["W1"] @ ex.X)[0])  # unit 0 dies once b[1][0] is below this
    assert round(threshold, 3) == -0.487
    ex.set("b1", 0, 0, -0.45)
    assert int(np.sum(ex.caches[0].Z[0] > 0)) == 1 and ex.mask_stats()[0] == []
    ex.set("b1", 0, 0, -0.5)
    assert ex.mask_stats()[0] == [0] and "<b>1 of 6</b>" in ex.caption()
    assert np.all(ex.grads["dZ1"][0] == 0)
    ex.set("b1", 0, 0, 0.2)
    assert ex.mask_stats()[0] == []

    ex.reset()
    ex.act.value = "sigmoid"
    assert [s.description for *_, s in ex.sliders][1] == "b[1][3,0]" and ex.slider_limit == 5.0
    dA, dZ = np.abs(ex.grads["dA1"]), np.abs(ex.grads["dZ1"])
    assert np.argmax(dA.max(axis=1)) == 3 and np.argmax(dZ.max(axis=1)) == 3  # unit 3: the darkest rows
    assert ex.vmax["dZ[1]"] == dZ.max() and ex.vmax["dA[1]"] == dA.max()  # colours fitted again for sigmoid
    assert ex.mask_stats()[1] == 0 and "<b>0 of 48</b>" in ex.caption()
    gp = bp.activations.sigmoid_prime(ex.caches[0].Z[3])
    assert np.all((gp >= 0.20) & (gp <= 0.25))  # between 0.20 and 0.25
    before = dZ[3].max()
    assert f"{before:.3f}" == "0.156"
    ex.set("b1", 3, 0, 5.0)
    gp = bp.activations.sigmoid_prime(ex.caches[0].Z)
    assert np.all(gp[3] < 0.015) and gp[3].max() / ex.vmax["g'(Z[1])"] < 0.06  # white
    after = np.abs(ex.grads["dZ1"][3]).max()
    assert f"{after:.4f}" == "0.0096" and round(before / after) == 16
    assert after / ex.vmax["dZ[1]"] < 0.07  # row 3 of dZ[1] white
    assert np.abs(ex.grads["dA1"][3]).max() / ex.vmax["dA[1]"] > 0.9  # row 3 of dA[1] stays dark
    assert [tuple(e) for e in np.argwhere(gp < 0.1 * 0.25)] == [(3, i) for i in range(8)]
    assert ex.mask_stats()[1] == 8 and "<b>8 of 48</b>" in ex.caption()
    ex.act.value = "tanh"
    gp = bp.activations.tanh_prime(ex.caches[0].Z)
    assert np.all(gp[3] < 0.001)
    assert [tuple(e) for e in np.argwhere(gp < 0.1)] == [(3, i) for i in range(8)] + [(4, 3)]
    assert f"{ex.caches[0].Z[4, 3]:.2f}" == "2.06" and W.MaskExplorer(hidden="tanh").mask_stats()[1] == 1
    assert ex.mask_stats()[1] == 9 and "<b>9 of 48</b>" in ex.caption()


# ----------------------------------------------------------------------------------------- lesson 4


@claim("04-matmul-silent-unit")
def test_matmul_explorer_only_example_3_contributes():
    ex = W.MatmulExplorer()
    assert ex.mode.value == "dW[2]"
    ex.row.value, ex.col.value = 0, 3
    A1, dZ2 = ex.caches[1].A_prev, ex.grads["dZ2"]
    terms = dZ2[0] * A1[3]
    assert len(terms) == 5 and list(np.flatnonzero(terms)) == [3]
    assert list(np.flatnonzero(A1[3] == 0)) == [0, 1, 2, 4]  # unit 3 silent for the other four
    assert ex.written_sum().count("(0)") == 4
    ex.col.value = 2
    assert np.count_nonzero(dZ2[0] * A1[2]) == 4


@claim("04-outer-builds-dW")
def test_outer_product_explorer_builds_dW():
    ex = W.OuterProductExplorer(layer_dims=[3, 4, 2], m=5)
    assert ex.layer == 2 and ex.k == 5 and ex.example.description == "added"  # opens with all 5 examples added
    before = np.zeros_like(ex.grads["dW2"])
    outers = []
    for k in range(1, 6):  # Play: 1, 2, ..., 5
        ex.play.value = k
        mats = {M.name: M for M in ex.matrices() if not isinstance(M, str)}
        assert mats["dZ[2][:,i]"].values.shape == (2, 1) and mats["A[1][:,i]^T"].values.shape == (1, 4)
        assert mats["outer i"].values.shape == (2, 4)
        outers.append(mats["outer i"].values)
        # each step adds one outer product, divided by m = 5
        np.testing.assert_allclose(mats["1/m Σ so far"].values - before, mats["outer i"].values / 5, atol=1e-15)
        before = mats["1/m Σ so far"].values
        np.testing.assert_allclose(before, sum(outers) / 5, rtol=0, atol=1e-15)  # the partial sum over m
        cap = ex.heatmaps.caption
        if k < 5:
            assert not np.allclose(before, sum(outers) / k)  # not the average of the k so far
            assert (
                f"the sum so far, divided by m = 5, is not dW[2] yet: {5 - k} outer product{'s' if k < 4 else ''}"
                " to add" in cap
            )
            assert not np.allclose(before, ex.grads["dW2"])
        else:
            assert "the sum divided by m = 5 is the average, and equals backprop_lib's dW[2]" in cap
            np.testing.assert_allclose(before, sum(outers) / 5, rtol=0, atol=1e-15)  # now the average of all 5
            np.testing.assert_allclose(before, mats["dW[2]"].values, rtol=0, atol=1e-12)  # the last two maps
        assert "average so far" not in cap and "running average" not in cap


# ----------------------------------------------------------------------------------------- lesson 5


@pytest.fixture(scope="module")
def flower():
    return bp.data.flower(petals=4)


def _whole_run(flower, rate: float) -> W.TrainingExplorer:
    X, Y = flower
    ex = W.TrainingExplorer(X, Y, [2, 4, 1], hidden="tanh", output="sigmoid", learning_rate=1.2)
    ex.play.value = 50
    ex.reset()  # press Reset
    ex.lr.value = rate
    ex.play.value = ex.play.max  # the whole run: every tick, or the last one after the kernel fell behind
    assert ex.k == 4000 and len(ex.costs) == 4001
    return ex


@claim("05-play-same-run")
def test_training_explorer_whole_run_is_4000_steps(flower):
    X, Y = flower
    ex = W.TrainingExplorer(X, Y, [2, 4, 1], hidden="tanh", output="sigmoid", learning_rate=1.2)
    ex.play.value = 50
    assert ex.k == 1000 and ex.play.max * ex.per_frame == 4000
    for v in (51, 60, 130, 200):  # ticks dropped while busy
        ex.play.value = v
    assert ex.k == 4000
    ref = _whole_run(flower, 1.2)
    np.testing.assert_allclose(ex.costs, ref.costs)


@claim("05-rate-overshoots")
def test_rate_10_overshoots(flower):
    ex = _whole_run(flower, 10.0)
    J = np.array(ex.costs)
    rises = np.diff(J)
    assert 1800 < np.sum(rises > 0) < 2200  # about half of the 4,000 steps raise the cost
    assert np.sum(rises > 0.05) > 400  # more than 400 of them by over 0.05
    assert 0.30 < J[1000:].min() < 0.32 and 0.40 < J[1000:].max() < 0.44  # between about 0.31 and 0.43
    assert J[1000:].min() > 0.17 * 1.5  # far above what 1.2 reaches
    assert 0.85 <= ex.acc <= 0.87  # 85 to 87 % right at the end


def _costs_from(flower, rate: float, nudged: bool, steps: int = 4000) -> np.ndarray:
    """The explorer's run from its seeded start, with W[1][0, 0] one ulp up when ``nudged``."""
    X, Y = flower
    p = bp.init_params([2, 4, 1], seed=0, scale="lecun")
    if nudged:
        p["W1"][0, 0] = np.nextafter(p["W1"][0, 0], np.inf)
    h = bp.train(
        X, Y, params=p, hidden="tanh", output="sigmoid", learning_rate=rate, steps=steps, record_every=1, progress=False
    )
    return np.array(h.costs)


@claim("05-rate-10-chaotic")
def test_rate_10_is_chaotic_and_the_others_are_not(flower):
    for rate in (10.0, 1.2, 0.005):
        a, b = _costs_from(flower, rate, False), _costs_from(flower, rate, True)
        gap = np.abs(b - a) / a
        if rate == 10.0:
            assert gap[:150].max() < 1e-6  # the same path at first (measured: below 1e-9 until step 256) ...
            assert gap[:1000].max() > 0.1  # ... not after a few hundred steps (measured: 10 % apart by step 299)
        else:
            assert gap.max() < 1e-10  # ten digits all the way


@claim("05-rate-too-small")
def test_rate_0005_is_unfinished(flower):
    ex = _whole_run(flower, 0.005)
    assert ex.costs[-1] == pytest.approx(0.59, abs=0.01) and ex.costs[-1] < ex.costs[-2]  # still falling
    assert ex.acc == pytest.approx(0.75, abs=0.015)


@claim("05-rate-good")
def test_rate_12_gets_the_flower(flower):
    ex = _whole_run(flower, 1.2)
    assert ex.costs[-1] == pytest.approx(0.17, abs=0.01) and ex.acc == pytest.approx(0.90, abs=0.01)


@claim("05-graph-flower")
def test_graph_stepper_walks_the_flower_network(flower):
    X, Y = flower
    g = W.GraphStepper([2, 4, 1], hidden="tanh", output="sigmoid", data=(X[:, :8], Y[:, :8]))
    assert g.m == 8 and g.shapes()["Z[1]"] == (4, 8)
    g.play.value = 4
    s = g.steps[3]
    assert s.edge == ("Z[1]", "A[1]") and "(4, 8)" in g.heatmaps.caption and "tanh'" in s.local
    A1 = g.caches[0].A
    np.testing.assert_allclose(s.value, g.steps[2].value * (1 - A1**2), rtol=0, atol=1e-15)  # entry by entry
    g.play.value = 5
    AL, caches = bp.forward(X[:, :8], g.params, "tanh", "sigmoid")
    dW1 = bp.backward(AL, Y[:, :8], caches, "sigmoid")["dW1"]
    assert g.steps[4].produces == "dW[1]" and g.steps[4].value.shape == (4, 2)
    assert np.max(np.abs(g.steps[4].value - dW1)) <= 1e-12 and "equals backprop_lib" in g.heatmaps.caption


@pytest.fixture(scope="module")
def at_step_1000(flower, nudge):
    X, Y = flower
    ex = W.TrainingExplorer(X, Y, [2, 4, 1], hidden="tanh", output="sigmoid", learning_rate=1.2)
    ex.play.value = 50  # the lesson's explorer, as it opens
    assert ex.k == 1000
    return ex


@claim("05-norms-fall")
def test_dW_norms_peak_early_then_fall_as_the_cost_flattens(at_step_1000):
    ex = at_step_1000
    norms, J = np.array(ex.grad_norms), np.array(ex.costs)
    assert 15 <= np.argmax(norms[:, 1]) <= 35  # ||dW[2]|| largest around step 25 ...
    assert 15 <= np.argmax(-np.diff(J)) <= 35  # ... where the cost falls fastest
    for layer in (0, 1):
        assert norms[200, layer] > norms[500, layer] > norms[1000, layer]  # then both fall
        assert norms[:, layer].max() / norms[1000, layer] > 30  # more than 30 times below the largest


@claim("05-unit-lines")
def test_each_hidden_unit_is_a_soft_step_across_one_line(at_step_1000):
    ex = at_step_1000
    maps = ex.unit_maps.reshape(4, -1)
    assert np.all(maps.min(axis=1) < -0.99) and np.all(maps.max(axis=1) > 0.99)  # purple -1 to orange +1
    line = ex.params["W1"] @ ex.grid + ex.params["b1"]
    assert np.array_equal(np.sign(maps), np.sign(line))  # the change of colour is the line W1[j] x + b1[j] = 0


@claim("05-dZ-wrong-points")
def test_dZ1_is_bright_on_the_points_still_wrong(at_step_1000, flower):
    ex = at_step_1000
    X, Y = flower
    AL, _ = bp.forward(X, ex.params, "tanh", "sigmoid")
    wrong = (AL[0] > 0.5) != (Y[0] > 0.5)
    assert np.count_nonzero(wrong) == 40
    size = np.abs(ex.grads["dZ1"]).sum(axis=0)  # each example's column of the dZ[1] panel
    assert size[wrong].sum() / size.sum() == pytest.approx(0.5, abs=0.03)  # 10 % of the points: half of dZ[1]
    assert np.median(size[wrong]) / np.median(size[~wrong]) > 100


@claim("05-forgot-derivative")
def test_forgotten_tanh_derivative_fails_layer_1_only(flower):
    X, Y = flower
    params = bp.init_params([2, 4, 1], seed=0, scale="lecun")
    AL, caches = bp.forward(X, params, hidden="tanh", output="sigmoid")
    bad = bp.exercises.buggy_backward("forgot the derivative")(AL, Y, caches, "sigmoid")
    r = bp.gradcheck(params, X, Y, hidden="tanh", output="sigmoid", grads=bad)
    assert r.per_param["dW2"] < 1e-7 and r.per_param["db2"] < 1e-7
    assert r.per_param["dW1"] > 1e-3 and r.per_param["db1"] > 1e-3
    good = bp.backward(AL, Y, caches, output="sigmoid")
    assert np.all(np.abs(bad["dZ1"]) >= np.abs(good["dZ1"]))  # each entry too large: the factor 1 - A^2 is missing


@claim("05-your-boundary")
def test_explorer_draws_the_learners_network(flower):
    X, Y = flower
    trained = bp.init_params([2, 4, 1], seed=0, scale="lecun")
    for _ in range(3000):  # the lesson's loop, with the solution's backward pass (bp.backward is the same)
        AL, caches = bp.forward(X, trained, hidden="tanh", output="sigmoid")
        trained = bp.update(trained, bp.backward(AL, Y, caches, output="sigmoid"), learning_rate=1.2)
    ex = W.TrainingExplorer(X, Y, [2, 4, 1], hidden="tanh", output="sigmoid", params=trained, steps_done=3000)
    assert ex.k == 3000 and round(100 * ex.acc, 1) == 90.0
    AL, _ = bp.forward(X, trained, hidden="tanh", output="sigmoid")
    wrong = (AL[0] > 0.5) != (Y[0] > 0.5)
    r = np.linalg.norm(X, axis=0)
    assert np.median(r[wrong]) < np.median(r)  # the mistakes lean to the centre, where the petals meet
    ex.play.value = 5
    assert ex.k == 3100  # Play goes on from step 3000


@pytest.fixture(scope="module")
def table(flower, nudge):
    """Lesson 5's hidden-size table: each size trained 2,000 steps at 0.5, and 2,000 new points of the flower."""
    X, Y = flower
    X_new, Y_new = bp.data.flower(m=2000, petals=4, seed=1)
    rows = {}
    for n1 in [1, 2, 3, 4, 8, 50]:
        h = bp.train(
            X,
            Y,
            [2, n1, 1],
            hidden="tanh",
            output="sigmoid",
            learning_rate=0.5,
            steps=2000,
            record_every=1,
            progress=False,
        )
        acc = bp.accuracy(X, Y, h.params, hidden="tanh", output="sigmoid")
        new = bp.accuracy(X_new, Y_new, h.params, hidden="tanh", output="sigmoid")
        rows[n1] = (h, acc, new)
    return rows


@claim("05-table-settles")
def test_every_size_settles_at_05_and_three_units_swing_at_12(flower, table):
    for h, _, _ in table.values():
        assert np.all(np.diff(h.costs) < 0)  # at 0.5 the cost of every size falls at every step
    X, Y = flower
    h = bp.train(
        X, Y, [2, 3, 1], hidden="tanh", output="sigmoid", learning_rate=1.2, steps=2000, record_every=1, progress=False
    )
    up = np.diff(h.costs) > 0
    assert not np.any(up[:550])  # before about step 600 it falls ...
    assert np.all(up[700:][::2] != up[701:][::2])  # ... then it goes up and down on alternate steps


@claim("05-one-unit-straight")
def test_one_hidden_unit_draws_a_straight_boundary(table):
    h, acc, _ = table[1]
    assert 0.6 < acc < 0.7  # about two points in three
    g = np.linspace(-4, 4, 81)
    grid = np.array(np.meshgrid(g, g)).reshape(2, -1)
    AL, _ = bp.forward(grid, h.params, hidden="tanh", output="sigmoid")
    s = (h.params["W1"] @ grid + h.params["b1"])[0]
    pred = (AL[0] > 0.5)[np.argsort(s)]
    assert np.count_nonzero(pred[1:] != pred[:-1]) == 1  # one threshold on W1 x + b1: a straight line


@claim("05-more-units-flat")
def test_more_units_fit_the_training_points_not_new_ones(table):
    J = {n1: row[0].costs[-1] for n1, row in table.items()}
    assert J[4] > J[8] > J[50] and round(J[4], 3) == 0.179 and round(J[50], 3) == 0.165  # keeps falling a bit
    assert table[50][1] > table[4][1]  # a few more training points right
    new = [table[n1][2] for n1 in (4, 8, 50)]
    assert all(0.88 <= a <= 0.90 for a in new)  # about 89 % on new points, with 4, 8 or 50 units
    assert table[3][2] < min(new) and table[2][2] < table[3][2]  # below four units, fewer new points right


# ----------------------------------------------------------------------------------------- lesson 6


def _zoo(hidden: str = "tanh") -> W.GradCheckExplorer:
    return W.GradCheckExplorer(hidden=hidden, bugs=bp.exercises.bug_zoo())


def _max_error(ex: W.GradCheckExplorer) -> list[float]:
    return [float(np.max(ex.result.elementwise[f"dW{l}"])) for l in range(1, ex.L + 1)]


def _drawn(ex: W.GradCheckExplorer) -> list[np.ndarray]:
    """The values each map is coloured by (log10(error / 1e-5): below 0 blue, above 0 red)."""
    return [M.values for M in ex.matrices() if not isinstance(M, str)]


def _red_layers(ex: W.GradCheckExplorer) -> list[int]:
    """The layers whose dW map is red (some entry above 1e-3, a bug: +2 on the maps), from the output down."""
    return [l for l, v in zip(range(1, ex.L + 1), _drawn(ex), strict=True) if np.max(v) > 2][::-1]


def _one_layer_bug(bug: str, layer: int):
    """The backward pass with ``bug`` in layer ``layer`` only (the zoo's bugs are in every layer)."""
    from backprop_lib.activations import HIDDEN
    from backprop_lib.losses import output_backward
    from backprop_lib.network import activation_backward, linear_backward

    def backward_with_bug(AL, Y, caches, output="softmax"):
        grads, dZ = {}, output_backward(AL, np.asarray(Y, dtype=float))
        for c in reversed(caches):
            if c.l < len(caches):
                dA = grads[f"dA{c.l}"]
                if c.l == layer and bug == "forgot the derivative":
                    dZ = dA
                elif c.l == layer and bug == "g' evaluated at A instead of Z":
                    dZ = dA * HIDDEN[c.activation].prime(c.A)
                else:
                    dZ = activation_backward(dA, c.Z, c.activation, c.A)
            dW, db, dA_prev = linear_backward(dZ, c.A_prev, c.W)
            if c.l == layer and bug == "missing 1/m":
                dW = dW * c.A_prev.shape[1]
            grads.update({f"dZ{c.l}": dZ, f"dW{c.l}": dW, f"db{c.l}": db, f"dA{c.l - 1}": dA_prev})
        return grads

    return backward_with_bug


@claim("06-zoo-no-bug", "06-zoo-missing-m", "06-zoo-forgot-derivative")
def test_bug_zoo_maps(flower):
    ex = _zoo()
    assert ex.fixed_vmax == 5.0 and ex.L == 3
    ex.bug.value = "no bug"
    assert max(_max_error(ex)) < 1e-5 and all(np.all(v < 0) for v in _drawn(ex))  # every map blue
    assert _red_layers(ex) == []
    ex.bug.value = "missing 1/m"
    assert min(_max_error(ex)) > 0.3 and all(np.max(v) > 4 for v in _drawn(ex))  # every dW deep red
    assert _red_layers(ex) == [3, 2, 1]  # the first red map is dW[3]
    ex.bug.value = "forgot the derivative"
    errors, drawn = _max_error(ex), _drawn(ex)
    assert errors[-1] < 1e-5 and np.all(drawn[-1] < 0)  # dW[3] blue
    assert min(errors[:-1]) > 0.1 and all(np.max(v) > 4 for v in drawn[:-1])  # dW[2] and dW[1] red
    assert _red_layers(ex) == [2, 1]  # the first red map is dW[2]
    assert float(W.checking.log_error(0.05)) == pytest.approx(3.7, abs=0.01)  # "0.05 is +3.7, deep red"
    # "the first red map, counting from the output, is the highest layer whose own step is wrong": every bug of
    # the zoo that reaches the maps, and how it breaks layers: the dZ step (hidden layers only) or dW (every layer)
    broken = {"missing 1/m": [3, 2, 1], "forgot the derivative": [2, 1], "g' evaluated at A instead of Z": [2, 1]}
    for bug in ex.bugs:
        ex.bug.value = bug
        if ex.result is None:  # a shape bug: the shape check stops it, no maps
            assert ex.problem and bug in ("transpose on the wrong factor", "db over the wrong axis")
            continue
        red = _red_layers(ex)
        assert red[:1] == broken.get(bug, [])[:1], bug
        assert red == list(range(red[0], 0, -1)) if red else bug == "no bug"  # every map below the first is red
    # why: a wrong dZ flows down (never up), a wrong dW stays in its own map
    one = W.GradCheckExplorer(
        bugs={f"{bug} {l}": _one_layer_bug(bug, l) for bug in broken for l in (1, 2, 3)}, hidden="tanh"
    )
    for l in (1, 2):
        for bug in ("forgot the derivative", "g' evaluated at A instead of Z"):
            one.bug.value = f"{bug} {l}"
            assert _red_layers(one) == list(range(l, 0, -1)), (bug, l)  # its own layer and every layer below
    for l in (1, 2, 3):
        one.bug.value = f"missing 1/m {l}"
        assert _red_layers(one) == [l]  # its own map only


@claim("06-eps-u-shape")
def test_central_error_is_a_u_in_eps():
    """The lesson's network and table: the relative error of the whole central-difference gradient (46 entries)
    for eps = 1e-1 .. 1e-12, and what the text reads from it."""
    rng = np.random.default_rng(0)
    X = rng.standard_normal((3, 6))
    Y = bp.data.one_hot(np.arange(6) % 2, 2)
    params = bp.init_params([3, 4, 4, 2], seed=0, scale="lecun")
    AL, caches = bp.forward(X, params, hidden="tanh", output="softmax")
    grads = bp.backward(AL, Y, caches, output="softmax")
    J0 = bp.cost(AL, Y, "softmax")
    g = np.concatenate([grads["d" + key].ravel() for key in params])
    epsilons = [10.0**-k for k in range(1, 13)]
    errors, theta = [], []  # theta: the error of W[1][0, 0] alone

    def J(p: dict) -> float:
        return bp.cost(bp.forward(X, p, hidden="tanh", output="softmax")[0], Y, "softmax")

    for eps in epsilons:
        numerical = []
        for key in params:
            for index in np.ndindex(params[key].shape):
                up = {k: v.copy() for k, v in params.items()}
                down = {k: v.copy() for k, v in params.items()}
                up[key][index] += eps
                down[key][index] -= eps
                Jp, Jm = J(up), J(down)
                numerical.append((Jp - Jm) / (2 * eps))
                if key == "W1" and index == (0, 0):
                    theta.append(abs(numerical[-1] - g[0]) / abs(g[0]))
                    if eps == 1e-12:  # the difference is a whole number of float64 steps of J
                        steps = (Jp - Jm) / np.spacing(J0)
                        assert steps == round(steps) and np.spacing(Jp) == np.spacing(J0) == 2.0**-53
        errors.append(float(np.linalg.norm(np.array(numerical) - g) / np.linalg.norm(g)))
    assert g.size == 46
    powers = [int(np.floor(np.log10(e))) for e in errors]
    assert powers == [-3, -5, -7, -9, -10, -9, -8, -7, -6, -5, -4, -3]  # the table
    for e in errors:  # with room: each error is 1.8 to 6 times its power of ten (2.3 to 3.4 measured)
        assert 1.8 < e / 10.0 ** np.floor(np.log10(e)) < 6
    assert np.argmin(errors) == 4  # the smallest at eps = 1e-5
    assert all(90 < a / b < 110 for a, b in zip(errors[:3], errors[1:4], strict=True))  # truncation: 100 per row
    assert all(errors[k] > errors[k - 1] for k in range(5, 12))  # rounding: rises from 1e-5 down
    # the two parts, each read off the rows it dominates: truncation c eps^2 (the 1e-4 row), rounding r / eps
    # (the 1e-6 row); at 1e-5 rounding is already the larger, and they are equal near 2e-5
    c, r = errors[3] / 1e-4**2, errors[5] * 1e-6
    assert r / 1e-5 > 3 * c * 1e-5**2 and c * 1e-4**2 > 30 * r / 1e-4
    assert f"{(r / c) ** (1 / 3):.0e}" == "2e-05"
    assert f"{np.finfo(float).eps ** (1 / 3):.0e}" == "6e-06" and f"{J0:.2f}" == "0.69"
    assert errors[5] > 5 * errors[4] and -9 == powers[5]  # at 1e-6 (bp.gradcheck's eps): 1e-9 to 1e-8
    # one entry alone is ragged once rounding takes over: its error does not just rise as eps shrinks
    assert not all(b > a for a, b in zip(theta[5:], theta[6:], strict=False))
    # the grid of the central difference at eps = 1e-12: 1.1e-16 / 2e-12 = 5.6e-5, 2% of dJ/dW1[0,0] = 2.7e-3
    grid = 2.0**-53 / (2 * 1e-12)
    assert f"{2.0**-53:.1e}" == "1.1e-16" and f"{grid:.1e}" == "5.6e-05" and f"{g[0]:.1e}" == "2.7e-03"
    assert round(100 * grid / g[0]) == 2


@claim("06-kink-fails-biases")
def test_relu_kink_fails_only_the_biases():
    rng = np.random.default_rng(0)
    X = rng.standard_normal((3, 6))
    X[:, 0] = 0.0
    Y = bp.data.one_hot(np.arange(6) % 2, 2)
    params = bp.init_params([3, 4, 4, 2], seed=0)
    r = bp.gradcheck(params, X, Y, hidden="relu", output="softmax")
    assert r.per_param["db1"] > 1e-3 and r.per_param["db2"] > 1e-3
    assert all(r.per_param[k] < 1e-7 for k in ("dW1", "dW2", "dW3", "db3"))
    assert r.near_kink > 0 and "kink" in r.summary()
    assert bp.gradcheck(params, X, Y, hidden="tanh", output="softmax").passed()  # tanh: smooth, it passes


@claim("06-relu-hides-g-of-A")
def test_relu_hides_g_prime_of_A():
    relu = _zoo("relu")
    relu.bug.value = "g' evaluated at A instead of Z"
    assert relu.result.passed() and max(_max_error(relu)) < 1e-5
    assert all(np.all(v < 0) for v in _drawn(relu))  # stays blue
    tanh = _zoo("tanh")
    tanh.bug.value = "g' evaluated at A instead of Z"
    assert not tanh.result.passed()


# ----------------------------------------------------------------------------------------- lesson 7


@pytest.fixture(scope="module")
def digits():
    X, Y = bp.data.digits()
    return bp.data.split(X, Y, test_fraction=0.25, seed=0)


DIMS = [64, 32, 16, 10]

# The digits runs of lesson 7, done once, in a child process with one BLAS thread: on a loaded 2-core machine a
# multi-threaded BLAS makes 600 steps take 25 s instead of 2 (same numbers either way).
DIGITS_RUNS = """
import json, numpy as np, backprop_lib as bp
X, Y = bp.data.digits()
X_train, Y_train, X_test, Y_test = bp.data.split(X, Y, test_fraction=0.25, seed=0)
dims = [64, 32, 16, 10]
out = {}
for rate in (0.1, 0.5, 0.8):
    h = bp.train(X_train, Y_train, dims, learning_rate=rate, steps=600, seed=0, record_every=1, progress=False)
    out[str(rate)] = {"costs": [float(c) for c in h.costs]}
    out[str(rate)].update({k: [float(v) for v in h.grad_norms[k]] for k in ("dW1", "dW2", "dW3")})
h = bp.train(X_train, Y_train, dims, learning_rate=10.0, steps=100, seed=0, record_every=1, progress=False)
_, caches = bp.forward(X_train, h.params)
out["10.0"] = {"costs": [float(c) for c in h.costs], "on": float(np.mean(caches[1].Z > 0)),
               "test_acc": float(bp.accuracy(X_test, Y_test, h.params))}
for start in (0.0, 0.05):
    equal = bp.init_params(dims, seed=0)
    for key in ("W1", "W2", "W3"):
        equal[key] = np.full_like(equal[key], start)
    h = bp.train(X_train, Y_train, params=equal, learning_rate=0.5, steps=100, progress=False)
    out[f"equal {start}"] = {
        "distinct": [len(np.unique(np.round(h.params[f"W{l}"], 10), axis=0)) for l in (1, 2)],
        "moved": sorted(k for k in equal if not np.all(h.params[k] == equal[k])),
    }
print(json.dumps(out))
"""


@pytest.fixture(scope="module")
def runs(nudge) -> dict:
    return run_child(DIGITS_RUNS, nudge)


@claim("07-no-kink-note")
def test_digits_gradcheck_has_no_kink_note(digits):
    X_train, Y_train, _, _ = digits
    r = bp.gradcheck(bp.init_params(DIMS, seed=0), X_train[:, :10], Y_train[:, :10], hidden="relu", output="softmax")
    assert r.passed() and r.near_kink == 0 and "note" not in r.summary()


def _rose(costs: list[float]) -> np.ndarray:
    return np.flatnonzero(np.diff(costs) > 0)


@claim("07-rate-0.5-rises")
def test_rate_05_rises_at_first(runs):
    rose = _rose(runs["0.5"]["costs"])
    assert len(rose) == 52 and rose[-1] == 148 and np.all(rose < 150)
    norms = runs["0.5"]["dW1"]
    assert norms[120] > norms[0]  # around step 120 still larger than at the start
    per_entry = {l: np.array(runs["0.5"][f"dW{l}"]) / np.sqrt(DIMS[l] * DIMS[l - 1]) for l in (1, 2, 3)}
    assert all(per_entry[l][600] < per_entry[l][0] / 10 for l in (1, 2, 3))  # all three fade together
    assert 0.5 < per_entry[1][0] / per_entry[3][0] < 2  # at the start one entry of dW[1] is about one of dW[3]


@claim("07-heatmap-fades")
def test_gradient_heatmap_gets_darker(runs):
    logs = np.log10(np.array([runs["0.5"][f"dW{l}"] for l in (1, 2, 3)]).T)[::60]  # the lesson's picture
    assert logs.shape == (11, 3) and np.all(logs < 0)  # all blue (negative), one row per 60 steps
    assert np.all(logs[-1] < logs[0] - 1)  # the last row is darker: smaller gradients


@claim("07-try-rates")
def test_rates_08_and_01(runs):
    rose08, rose01 = _rose(runs["0.8"]["costs"]), _rose(runs["0.1"]["costs"])
    assert len(rose08) == 36 and rose08[-1] == 107  # fewer rises than at 0.5, the last at step 107
    assert len(rose08) < len(_rose(runs["0.5"]["costs"])) and rose08[0] < 10  # the first steps overshoot again
    assert round(runs["0.8"]["costs"][-1], 4) == 0.0043 and round(runs["0.5"]["costs"][-1], 4) == 0.0089
    assert len(rose01) == 0 and runs["0.1"]["costs"][-1] == pytest.approx(0.095, abs=0.002)
    assert 9 < runs["0.1"]["costs"][-1] / runs["0.5"]["costs"][-1] < 12  # about ten times higher
    for key in ("dW1", "dW2", "dW3"):  # the table's rows (steps 0, 120, 300, 600) shrink at 0.1
        rows = [runs["0.1"][key][k] for k in (0, 120, 300, 600)]
        assert all(a > b for a, b in zip(rows, rows[1:], strict=False)), key


CHAOS_RUNS = """
import json, numpy as np, backprop_lib as bp
X, Y = bp.data.digits()
X_train, Y_train, _, _ = bp.data.split(X, Y, test_fraction=0.25, seed=0)
out = {}
for nudged in (False, True):
    for rate, steps in ((0.5, 600), (0.8, 600), (1.0, 200)):
        p = bp.init_params([64, 32, 16, 10], seed=0, scale="he")
        if nudged:  # one weight of the start changed in its 16th digit (one unit in the last place)
            p["W1"][5, 28] = np.nextafter(p["W1"][5, 28], np.inf)
        h = bp.train(X_train, Y_train, params=p, learning_rate=rate, steps=steps, record_every=1, progress=False)
        out[f"{nudged} {rate}"] = [float(c) for c in h.costs]
print(json.dumps(out))
"""


@claim("07-rate-1-chaotic")
def test_rate_1_is_chaotic_and_05_08_are_not(nudge):
    out = {k: np.array(v) for k, v in run_child(CHAOS_RUNS, nudge).items()}
    for rate in ("0.5", "0.8", "1.0"):
        gap = np.abs(out[f"True {rate}"] - out[f"False {rate}"]) / out[f"False {rate}"]
        if rate == "1.0":
            assert gap[:51].max() < 1e-6  # the same path for the first 50 steps
            assert gap[:201].max() > 0.1  # by step 200 the costs differ by more than 10% (measured: 113 to 152)
        else:
            assert gap.max() < 1e-8  # the same two runs agree to 8 digits all the way


@claim("07-sigmoid-vanishes")
def test_deep_sigmoid_first_layer_gradient_is_100_times_smaller(digits):
    X_train, Y_train, _, _ = digits
    ratio = {}
    for hidden, scale in [("relu", "he"), ("sigmoid", "lecun")]:
        deep = bp.init_params([64, 32, 32, 32, 10], seed=0, scale=scale)
        AL, caches = bp.forward(X_train[:, :200], deep, hidden=hidden, output="softmax")
        g = bp.backward(AL, Y_train[:, :200], caches, output="softmax")
        size = [np.linalg.norm(g[f"dW{l}"]) / np.sqrt(g[f"dW{l}"].size) for l in range(1, 5)]
        ratio[hidden] = size[0] / size[3]
    assert 1 / 3.5 < ratio["relu"] < 1  # within a factor of about 3
    assert 0.005 < ratio["sigmoid"] < 0.02  # about 100 times smaller


@claim("07-he-keeps-size")
def test_he_start_keeps_the_size_of_a_and_da(digits):
    X_train, Y_train, _, _ = digits
    dims, rms = [64] + [32] * 10 + [10], lambda M: float(np.sqrt(np.mean(M**2)))
    size = {}
    for scale in ("he", "lecun", 0.5):
        AL, caches = bp.forward(X_train[:, :200], bp.init_params(dims, seed=0, scale=scale), hidden="relu")
        g = bp.backward(AL, Y_train[:, :200], caches)
        up = [rms(caches[l - 1].A) for l in range(1, 11)]
        down = [rms(g[f"dA{l}"]) for l in range(1, 11)]
        size[scale] = (up, down, rms(g["dW1"]))
    up, down, he_dW1 = size["he"]
    assert max(up) / min(up) < 2.5 and max(down) / min(down) < 2.5  # within a factor of about 2
    up, down, lecun_dW1 = size["lecun"]
    shown = [0, 3, 6, 9]  # layers 1, 4, 7, 10, as the table shows them
    assert all(up[a] > up[b] for a, b in zip(shown, shown[1:], strict=False))  # shrinks layer after layer going up
    assert all(down[a] < down[b] for a, b in zip(shown, shown[1:], strict=False))  # ... and coming down
    assert 8 < up[0] / up[9] < 15 and 15 < down[9] / down[0] < 30  # about 10 and about 20 times
    up, _, big_dW1 = size[0.5]
    assert 500 < up[9] / up[0] < 2000  # about a thousand times
    assert 70 < he_dW1 / lecun_dW1 < 150 and big_dW1 / he_dW1 > 1000  # about 100 times smaller; over 1000 larger


@claim("07-rate-10-dies")
def test_rate_10_kills_the_network(runs):
    r = runs["10.0"]
    assert max(r["costs"][:6]) > 100  # values in the hundreds or thousands
    assert r["costs"][-1] == pytest.approx(np.log(10), abs=0.01)
    assert r["on"] == 0  # not one unit of layer 2 is on
    assert r["test_acc"] < 0.12  # chance


@claim("07-equal-start")
def test_equal_start_stays_symmetric(runs):
    for start in (0.0, 0.05):
        assert runs[f"equal {start}"]["distinct"] == [1, 1]
    assert runs["equal 0.0"]["moved"] == ["b3"]  # with 0 no weight moves; only the output bias learns


# ----------------------------------------------------------------------------------------- lesson 08


@pytest.fixture(scope="module")
def scratch():
    """Lesson 08's runs, as-is and with every starting weight one ulp up: (costs, held-out accuracy) by name."""
    X_train, Y_train, X_test, Y_test = loop.data()
    runs = {}
    for ulps in (0, 1):
        for name, changes in [("lesson", {}), ("batch 1348", {"batch_size": 1348})]:
            params, costs = loop.reference(X_train, Y_train, {**loop.SETTINGS, **changes}, start_ulps=ulps)
            runs[name, ulps] = (costs, loop.accuracy(X_test, Y_test, params), loop.accuracy(X_train, Y_train, params))
        params, costs = loop.reference(X_train, Y_train, loop.SETTINGS, "Y-unshuffled", start_ulps=ulps)
        runs["Y-unshuffled", ulps] = (costs, loop.accuracy(X_test, Y_test, params), None)
    return runs


@claim("08-he-keeps-size")
def test_he_start_keeps_the_size_of_z():
    X_random = np.random.default_rng(0).standard_normal((256, 500))
    he = M.ih_right([256] * 11, np.random.default_rng(1))
    sizes = {}
    for name, factor in [("he", 1.0), ("lecun", np.sqrt(0.5))]:
        A, sizes[name] = X_random, []
        for l in range(1, 11):
            Z = factor * he[f"W{l}"] @ A + he[f"b{l}"]
            sizes[name].append(Z.std())
            A = np.maximum(0, Z)
    assert all(1.3 < s < 1.55 for s in sizes["he"])  # near 1.4 all the way up
    assert sizes["lecun"][0] == pytest.approx(1.0, abs=0.05)
    assert 0.03 < sizes["lecun"][9] / sizes["lecun"][0] < 0.06  # about 2^-4.5 = 0.044 of the first


@claim("08-overflow-shown")
def test_softmax_as_written_overflows_and_the_log_sum_exp_does_not():
    z = np.array([[1000.0], [999.0], [0.0]])
    with np.errstate(over="ignore", invalid="ignore"):
        naive = (np.exp(z) / np.exp(z).sum(axis=0)).ravel()
    assert np.isnan(naive[:2]).all()
    shifted = z - z.max(axis=0)
    A = (np.exp(shifted) / np.exp(shifted).sum(axis=0)).ravel()
    assert A[:2] == pytest.approx([0.731, 0.269], abs=5e-4) and A[2] == 0.0
    with np.errstate(divide="ignore"):
        assert np.log(A[2]) == -np.inf
    assert M.sc_right(z, np.eye(3)[:, [2]])[1] == pytest.approx(1000.31, abs=0.005)


@claim("08-dZ-is-A-minus-Y-over-m")
def test_the_derivative_of_the_cost_is_A_minus_Y_over_m():
    rng = np.random.default_rng(2)
    Z, Y = rng.standard_normal((4, 3)), np.eye(4)[:, [0, 2, 3]]
    A, _ = M.sc_right(Z, Y)
    numeric = np.zeros_like(Z)
    for i, j in np.ndindex(Z.shape):
        up, down = Z.copy(), Z.copy()
        up[i, j] += 1e-5
        down[i, j] -= 1e-5
        numeric[i, j] = (M.sc_right(up, Y)[1] - M.sc_right(down, Y)[1]) / 2e-5
    assert np.abs(numeric - (A - Y) / 3).max() < 1e-9


@claim("08-start-cost")
def test_the_start_costs_about_log_10():
    X_train, Y_train, _, _ = loop.data()
    for ulps in (0, 1):
        params = M.ih_right([64, 32, 10], np.random.default_rng(0))
        params = {k: np.nextafter(v, np.inf) if ulps and k[0] == "W" else v for k, v in params.items()}
        J = M.sc_right(M.fp_right(X_train[:, :10], params)[0], Y_train[:, :10])[1]
        assert f"{J:.2f}" == "2.27"


@claim("08-your-run")
def test_the_lesson_run_and_the_learners_are_one_run(scratch):
    X_train, Y_train, _, _ = loop.data()
    _, learner = M.tr_right(X_train, Y_train, **loop.SETTINGS)
    assert learner == pytest.approx(scratch["lesson", 0][0], rel=1e-12)  # the learner's run is the reference's
    for ulps in (0, 1):
        costs, test_acc, train_acc = scratch["lesson", ulps]
        assert (f"{costs[0]:.2f}", f"{costs[-1]:.2f}") == ("1.88", "0.17")
        assert (f"{100 * test_acc:.1f}", f"{100 * train_acc:.1f}") == ("93.1", "96.3")


@claim("08-bigger-batch")
def test_one_batch_per_epoch_is_20_steps_and_far_from_enough(scratch):
    for ulps in (0, 1):
        costs, test_acc, _ = scratch["batch 1348", ulps]
        assert costs[-1] == pytest.approx(2.1, abs=0.05) and test_acc == pytest.approx(0.25, abs=0.02)
        assert costs[-1] > 10 * scratch["lesson", ulps][0][-1]


@claim("08-unshuffled-labels")
def test_labels_not_shuffled_with_the_images_teach_nothing(scratch):
    for ulps in (0, 1):
        costs, test_acc, _ = scratch["Y-unshuffled", ulps]
        assert costs[-1] == pytest.approx(np.log(10), abs=0.02) and 0.08 < test_acc < 0.15


@claim("06-mystery-signs")
def test_the_mystery_passes_shapes_and_layer_3_and_fails_below_evenly():
    rng = np.random.default_rng(0)
    X = rng.standard_normal((3, 6))
    Y = bp.data.one_hot(np.arange(6) % 2, 2)
    params = bp.init_params([3, 4, 4, 2], seed=0)
    AL, caches = bp.forward(X, params, hidden="tanh", output="softmax")
    suspect = bp.exercises.mystery_backward(AL, Y, caches)
    bp.check_grad_shapes(params, suspect)  # the shapes pass
    check = bp.gradcheck(params, X, Y, hidden="tanh", output="softmax", grads=suspect)
    assert check.per_param["dW3"] < 1e-7 and check.per_param["db3"] < 1e-7
    for key in ("dW2", "db2", "dW1", "db1"):
        errors = check.elementwise[key]
        assert check.per_param[key] > 0.5 and np.ptp(errors) < 1e-6  # fails, with one error in every entry
    explorer = W.GradCheckExplorer(bugs={"mystery": bp.exercises.mystery_backward})
    explorer.bug.value = "mystery"
    shown = explorer.summary()  # (36 - 1) / (36 + 1) and (6 - 1) / (6 + 1): one error for the whole map
    assert "error in dW[1] (4, 3)   largest 9e-01" in shown and "error in dW[2] (4, 4)   largest 7e-01" in shown


@claim("07-flow-explorer")
def test_gradient_flow_explorer_relu_he_sigmoid_and_gain_2():
    ex = W.GradientFlowExplorer(depth=10, hidden="relu", start="he")
    up, down = ex.sizes()
    assert max(up) / min(up) < 2.6 and max(down) / min(down) < 3.2  # within about 2.5 and 3
    he_down = down
    ex.hidden.value = "sigmoid"
    s_up, s_down = ex.sizes()
    assert all(0.45 < a < 0.6 for a in s_up)  # the blue bars hardly move: near 0.5
    assert 1e-6 < s_down[0] / s_down[-1] < 1e-4  # dW[1] about 1e5 times smaller than dW[11]
    assert all(s_down[l] < s_down[l + 1] for l in range(len(s_down) - 1))  # shrinking toward layer 1
    ex.hidden.value = "relu"
    ex.gain.value = 2.0
    g_up, g_down = ex.sizes()
    assert 500 < g_up[-1] / g_up[0] < 2000  # A[10] about a thousand times A[1]
    assert all(g / h > 1000 for g, h in zip(g_down, he_down, strict=True))  # a thousand times or more


# ----------------------------------------------------------------------------------------- lesson 09


def _engine_flower() -> dict:
    """Lesson 09's run of lesson 5's network: the reference engine's tensors, a learner's backward, bp.backward."""
    X, Y = bp.data.flower(petals=4)
    params = bp.init_params([2, 4, 1], seed=0, scale="lecun")
    t = {k: engine.Node(params[k]) for k in ("W1", "b1", "W2", "b2")}
    Z2 = t["W2"] @ (t["W1"] @ engine.Node(X) + t["b1"]).tanh() + t["b2"]
    J = Z2.sigmoid_cross_entropy(Y)
    M.eb_right(J)
    AL, caches = bp.forward(X, params, hidden="tanh", output="sigmoid")
    return {"X": X, "Y": Y, "t": t, "Z2": Z2, "J": J, "AL": AL, "grads": bp.backward(AL, Y, caches, output="sigmoid")}


def _engine_tied() -> dict:
    X, Y = bp.data.flower(petals=4)
    tied = bp.init_params([2, 2, 2, 1], seed=1)
    tied["W2"] = tied["W1"]
    W, c1, c2, W3, b3 = (engine.Node(tied[k]) for k in ("W1", "b1", "b2", "W3", "b3"))
    H2 = (W @ (W @ engine.Node(X) + c1).relu() + c2).relu()
    J = (W3 @ H2 + b3).sigmoid_cross_entropy(Y)
    M.eb_right(J)
    AL, caches = bp.forward(X, tied, hidden="relu", output="sigmoid")
    return {"W": W, "J": J, "grads": bp.backward(AL, Y, caches, output="sigmoid")}


@claim("09-engine-equals-backward")
def test_the_engine_gives_the_lessons_dW_and_db():
    run = _engine_flower()
    assert f"{float(run['J'].value):.4f}" == f"{bp.cost(run['AL'], run['Y'], 'sigmoid'):.4f}"
    for k, node in run["t"].items():
        assert np.abs(node.grad - run["grads"]["d" + k]).max() < 1e-15, k


@claim("09-top-grad-is-dZ-over-m")
def test_the_top_gradient_is_dZ_over_m():
    run = _engine_flower()
    m = run["X"].shape[1]
    assert m == 400
    assert np.abs(run["Z2"].grad * m - (run["AL"] - run["Y"])).max() < 1e-15


@claim("09-shared-W-sums")
def test_a_W_used_in_two_layers_gets_the_sum_of_both_shares():
    run = _engine_tied()
    g = run["grads"]
    assert np.abs(run["W"].grad - (g["dW1"] + g["dW2"])).max() < 1e-15
    assert (f"{np.abs(g['dW1']).max():.3f}", f"{np.abs(g['dW2']).max():.3f}") == ("0.070", "0.045")


@claim("09-assign-keeps-one-share")
def test_assign_for_add_keeps_the_share_that_arrived_last():
    run = _engine_tied()
    g = run["grads"]
    engine.miswritten_backward(run["J"], "assign")
    assert np.allclose(run["W"].grad, g["dW1"])
    assert f"{np.abs(run['W'].grad - (g['dW1'] + g['dW2'])).max():.3f}" == "0.045"


@claim("09-assign-right-when-used-once")
def test_assign_for_add_is_right_where_each_value_is_used_once():
    run = _engine_flower()
    engine.miswritten_backward(run["J"], "assign")
    for k, node in run["t"].items():
        assert np.abs(node.grad - run["grads"]["d" + k]).max() < 1e-15, k


# ----------------------------------------------------------------------------------------- lesson 10


@pytest.fixture(scope="module")
def practice(nudge) -> dict:
    """Lesson 10's data and runs, as the lesson makes them (one BLAS thread), under this test's nudge."""
    from backprop_lib._blas import one_blas_thread

    with one_blas_thread():
        X, Y = bp.data.digits()
        X_rest, Y_rest, X_test, Y_test = bp.data.split(X, Y, test_fraction=0.25, seed=0)
        X_train, Y_train, X_val, Y_val = bp.data.split(X_rest, Y_rest, test_fraction=0.2, seed=1)
        params = bp.init_params([64, 32, 10], seed=0)
        out = {"train": (X_train, Y_train), "val": (X_val, Y_val), "test": (X_test, Y_test), "params": params}
        out["few"] = bp.train(X_train[:, :20], Y_train[:, :20], [64, 32, 10], learning_rate=0.5, steps=200,
                              seed=0, progress=False)  # fmt: skip
        settings = {"layer_dims": [64, 64, 10], "learning_rate": 0.005, "epochs": 80, "batch_size": 20}
        for lambd in (0.0, 0.3, 1.0):
            out[f"lambda {lambd}"] = bp.train_minibatch(
                X_train[:, :200], Y_train[:, :200], **settings, optimizer="adam", lambd=lambd, validation=(X_val, Y_val)
            )
    return out


@claim("10-start-cost")
def test_the_start_costs_about_log_10_on_the_training_set(practice):
    X_train, Y_train = practice["train"]
    J = bp.cost(bp.forward(X_train, practice["params"])[0], Y_train)
    assert f"{J:.2f}" == "2.32" and abs(J - np.log(10)) < 0.03


@claim("10-overfit-20")
def test_twenty_images_are_memorised_not_learned(practice):
    few = practice["few"]
    X_train, Y_train = practice["train"]
    assert (f"{few.costs[0]:.2f}", f"{few.costs[-1]:.3f}") == ("2.36", "0.005")
    assert bp.accuracy(X_train[:, :20], Y_train[:, :20], few.params) == 1.0
    assert 0.62 < bp.accuracy(*practice["val"], few.params) < 0.66  # about 64 %


@pytest.fixture(scope="module")
def gradient_noise(practice):
    return bp.gradient_noise(*practice["train"], practice["params"], batch_sizes=[1, 4, 16, 64, 256], seed=0)


@claim("10-noise-sqrt-B", "10-noise-picture")
def test_a_minibatch_gradient_spreads_like_one_over_sqrt_B(gradient_noise):
    noise = gradient_noise
    measured, predicted, B = np.array(noise.measured), np.array(noise.predicted), np.array(noise.batch_sizes)
    assert round(measured[0]) == 7  # one example's gradient: about 7 lengths of the full one away
    times = measured * np.sqrt(B)
    assert all(6.9 < t < 7.2 for t in times[:4])  # near 7 up to B = 64
    assert f"{times[4]:.1f}" == "6.1" and f"{np.sqrt((1078 - 256) / 1077):.2f}" == "0.87"
    assert np.abs(measured / predicted - 1).max() < 0.02  # within 2 %
    # the picture: the prediction bends below sigma / sqrt(B) as B nears m
    assert predicted[-1] < predicted[0] / np.sqrt(256) and np.allclose(
        predicted[:2] * np.sqrt(B[:2]), predicted[0], rtol=0.01
    )


@claim("10-dropout-mean")
def test_inverted_dropout_keeps_the_mean(practice):
    X_train, _ = practice["train"]
    A1 = bp.forward(X_train, practice["params"])[1][0].A[:, :5]
    D1 = bp.dropout_mask(A1.shape, 0.8, seed=1)
    A1_drop = bp.dropout_forward(A1, D1, 0.8)
    assert D1.sum() == 128 and D1.size == 160
    assert (f"{A1[5, 4]:.1f}", D1[5, 4], A1_drop[5, 4]) == ("0.7", 0.0, 0.0)  # unit 5 of example 4: dropped
    assert (f"{A1[3, 4]:.3f}", D1[3, 4], f"{A1_drop[3, 4]:.3f}") == ("0.119", 1.0, "0.149")
    mean = np.mean([bp.dropout_forward(A1, bp.dropout_mask(A1.shape, 0.8, seed=s), 0.8) for s in range(2000)], axis=0)
    assert f"{np.abs(mean - A1).max():.3f}" == "0.025" and f"{A1.max():.1f}" == "2.2"


@claim("10-fresh-mask-fails")
def test_a_fresh_mask_in_the_backward_pass_fails_layer_1_only(practice):
    X_train, Y_train = practice["train"]
    X10, Y10, params = X_train[:, :10], Y_train[:, :10], practice["params"]
    masks = {"D1": bp.dropout_mask((32, 10), 0.8, seed=3)}
    AL, caches = bp.forward_dropout(X10, params, masks, 0.8)
    right = bp.gradcheck_practice(params, X10, Y10, masks=masks, keep_prob=0.8)
    assert right.passed()
    fresh = bp.practice.fresh_mask_backward(seed=4)
    wrong = bp.backward_practice(AL, Y10, caches, masks=masks, keep_prob=0.8, dropout_step=fresh)
    check = bp.gradcheck_practice(params, X10, Y10, masks=masks, keep_prob=0.8, grads=wrong, sample=100)
    assert check.per_param["dW2"] < 1e-7 and check.per_param["db2"] < 1e-7
    assert check.per_param["dW1"] > 0.1 and check.per_param["db1"] > 0.1


@claim("10-bowl")
def test_the_three_updates_on_the_elongated_bowl():
    paths = {o: bp.practice.bowl_path(o, a, steps=50) for o, a in (("gd", 0.018), ("momentum", 0.1), ("adam", 0.1))}
    J = {o: bp.practice.bowl_cost(p[:, 0], p[:, 1]) for o, p in paths.items()}
    flips = {o: int(np.sum(np.sign(p[1:, 0]) != np.sign(p[:-1, 0]))) for o, p in paths.items()}
    rises = {o: int(np.sum(np.diff(j) > 0)) for o, j in J.items()}
    assert flips == {"gd": 50, "momentum": 17, "adam": 7}
    assert f"{paths['gd'][-1, 1]:.2f}" == "0.81" and f"{J['gd'][-1]:.2f}" == "0.33" and rises["gd"] == 0
    assert f"{J['momentum'][-1]:.3f}" == "0.012" and f"{J['adam'][-1]:.3f}" == "0.009"
    np.testing.assert_allclose(paths["adam"][1] - paths["adam"][0], [0.1, -0.1], rtol=1e-6)  # alpha in each
    assert 18 <= rises["momentum"] <= 23 and 18 <= rises["adam"] <= 23  # about 20 of the 50 steps
    above = bp.practice.bowl_path("gd", 0.021, steps=50)  # above 0.02 the zigzag grows instead of dying out
    assert np.all(np.abs(above[1:, 0]) > np.abs(above[:-1, 0])) and np.all(np.diff(np.abs(paths["gd"][:, 0])) < 0)


@claim("10-curves")
def test_the_validation_curve_turns_up_without_a_penalty(practice):
    plain, decayed = practice["lambda 0.0"], practice["lambda 0.3"]
    best = int(np.argmin(plain.val_costs))
    assert f"{plain.costs[-1]:.3f}" == "0.003" and best == 28 and f"{plain.val_costs[best]:.3f}" == "0.243"
    assert f"{plain.val_costs[-1]:.3f}" == "0.268" and plain.val_costs[-1] > plain.val_costs[best] + 0.02
    tens = [np.mean(plain.costs[k : k + 10]) for k in range(0, 80, 10)]
    assert all(a > b for a, b in zip(tens, tens[1:], strict=False))  # the training cost falls, epoch block by block
    assert f"{decayed.costs[-1]:.3f}" == "0.022" and 7 < decayed.costs[-1] / plain.costs[-1] < 10
    assert f"{decayed.val_costs[-1]:.3f}" == "0.215" and decayed.val_costs[-1] < min(plain.val_costs)


@claim("10-lambda-too-strong")
def test_a_penalty_too_strong_underfits(practice):
    strong, decayed = practice["lambda 1.0"], practice["lambda 0.3"]
    assert f"{strong.val_costs[-1]:.2f}" == "0.25" and f"{strong.costs[-1]:.3f}" == "0.067"
    assert 2.5 < strong.costs[-1] / decayed.costs[-1] < 3.5  # three times that of 0.3
    assert strong.val_costs[-1] > decayed.val_costs[-1] and strong.val_costs[-1] < practice["lambda 0.0"].val_costs[-1]


@claim("10-test-once")
def test_the_test_set_agrees_with_the_validation_set(practice):
    X_test, Y_test = practice["test"]
    plain, decayed = practice["lambda 0.0"], practice["lambda 0.3"]
    J = {k: bp.cost(bp.forward(X_test, r.params)[0], Y_test) for k, r in (("plain", plain), ("decayed", decayed))}
    assert (f"{J['decayed']:.2f}", f"{J['plain']:.2f}") == ("0.23", "0.27")
    acc = [f"{100 * bp.accuracy(X_test, Y_test, r.params):.1f}" for r in (decayed, plain)]
    assert acc == ["93.1", "91.8"]


def _live(lambd: float) -> W.TrainingExplorer:
    """Lesson 10's explorer: the 100-point flower, 400 to validate, [2, 8, 1]; L2 set, Play run to the end."""
    X, Y = bp.data.flower(m=100, petals=4, seed=0)
    ex = W.TrainingExplorer(
        X, Y, [2, 8, 1], hidden="tanh", output="sigmoid", learning_rate=1.0, validation=bp.data.flower(400, 4, seed=1),
        practice=True,
    )  # fmt: skip
    ex.reset()  # press Reset
    ex.lambd.value = lambd
    ex.play.value = ex.play.max  # press Play: the whole run
    assert ex.k == 4000 and len(ex.costs) == len(ex.val_costs) == 4001
    return ex


@claim("10-live-panels")
def test_the_live_explorer_draws_both_costs_and_has_the_controls():
    X, Y = bp.data.flower(m=100, petals=4, seed=0)
    ex = W.TrainingExplorer(X, Y, [2, 8, 1], hidden="tanh", output="sigmoid", validation=bp.data.flower(400, 4, seed=1),
                            practice=True)  # fmt: skip
    assert ex.view.setup["val"] and ex.view.setup["val_colour"] == "#0f766e"  # teal, beside the red training cost
    S = np.frombuffer(ex.view.series, dtype=np.float32).reshape(5, -1)  # steps, J, J_val, ||dW[1]||, ||dW[2]||
    assert S[1, 0] == pytest.approx(ex.costs[0], rel=1e-6) and S[2, 0] == pytest.approx(ex.val_costs[0], rel=1e-6)
    assert [c.description for c in (ex.batch, ex.lambd, ex.drop, ex.opt)] == [
        "batch size", "L2 lambda", "dropout", "optimiser",
    ]  # fmt: skip
    ex.play.value = 3
    first = list(ex.costs)
    ex.opt.value = "adam"
    assert ex._optimizer.moments is None  # a new optimiser starts at 0
    ex.reset()
    ex.opt.value = "gd"
    ex.play.value = 3
    np.testing.assert_allclose(ex.costs, first, rtol=1e-12)  # Reset: the same start, the same run
    ex.close()


@claim("10-live-overfits")
def test_the_live_validation_cost_turns_up_while_the_training_cost_falls():
    ex = _live(0.0)
    J, V = np.array(ex.costs), np.array(ex.val_costs)
    assert int(np.argmax(J < 0.1)) == 560 and f"{J[-1]:.2f}" == "0.05" and round(100 * ex.acc) == 97
    assert int(np.argmin(V)) == 120 and f"{V.min():.2f}" == "0.28" and f"{V[-1]:.2f}" == "0.65"
    assert all(np.diff(V[120::100]) > 0)  # it climbs for the rest of the run
    assert f"{100 * bp.accuracy(*bp.data.flower(400, 4, seed=1), ex.params, 'tanh', 'sigmoid'):.1f}" == "85.5"
    ex.close()


@claim("10-live-l2")
def test_the_live_penalty_keeps_the_validation_cost_near_its_low():
    ex = _live(0.3)
    J, V = np.array(ex.costs), np.array(ex.val_costs)
    assert f"{J[-1]:.2f}" == "0.15" and f"{V[-1]:.2f}" == "0.28" and V[-1] < V.min() + 0.02
    assert f"{100 * bp.accuracy(*bp.data.flower(400, 4, seed=1), ex.params, 'tanh', 'sigmoid'):.1f}" == "85.5"
    ex.close()
