"""explain(): every entry's sum, in numbers, adds up to the package's own value."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pytest

import backprop_lib as bp
from backprop_lib.explain import explain

CASES = [
    ([3, 5, 4, 2], 8, "relu", "softmax"),
    ([4, 6, 3], 5, "tanh", "sigmoid"),
    ([2, 3, 3, 3, 1], 7, "sigmoid", "sigmoid"),
    ([5, 4, 2], 6, "leaky_relu", "linear"),
    ([3, 2], 4, "relu", "softmax"),
]


def random_state(dims, m, hidden, output, seed):
    rng = np.random.default_rng(seed)
    params = bp.init_params(dims, seed=seed)
    for l in range(1, len(dims)):
        params[f"b{l}"] = rng.standard_normal(params[f"b{l}"].shape) * 0.3
    X = rng.standard_normal((dims[0], m))
    if output == "softmax":
        Y = np.eye(dims[-1])[:, rng.integers(0, dims[-1], m)]
    elif output == "sigmoid":
        Y = (rng.random((dims[-1], m)) < 0.5).astype(float)
    else:
        Y = rng.standard_normal((dims[-1], m))
    AL, caches = bp.forward(X, params, hidden, output)
    grads = bp.backward(AL, Y, caches, output)
    return SimpleNamespace(params=params, caches=caches, grads=grads, Y=Y)


def package_value(s, kind, l, i, j):
    if kind in ("dW", "db", "dZ", "dA"):
        return s.grads[f"{kind}{l}"][i, j]
    if kind == "Z":
        return s.caches[l - 1].Z[i, j]
    if kind == "A":
        return s.caches[l - 1].A[i, j] if l else s.caches[0].A_prev[i, j]
    return s.params[f"{kind}{l}"][i, j]


@pytest.mark.parametrize("case", CASES)
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_every_entry_of_every_kind_adds_up_to_the_package_value(case, seed):
    s = random_state(*case, seed=seed)
    L = len(case[0]) - 1
    checked = 0
    for kind in ("Z", "A", "dZ", "dW", "db", "dA", "W", "b"):
        layers = range(0, L) if kind == "dA" else range(1, L + 1)
        for l in layers:
            ref = s.grads[f"{kind}{l}"] if kind in ("dW", "db", "dZ", "dA") else None
            shape = ref.shape if ref is not None else package_shape(s, kind, l)
            for i in range(shape[0]):
                for j in range(shape[1]):
                    e = explain(s, f"{kind}{l}", i, j)
                    want = package_value(s, kind, l, i, j)
                    assert e.total == pytest.approx(want, rel=1e-12, abs=1e-14), (kind, l, i, j)
                    if e.values:
                        assert e.total == pytest.approx(e.scale * np.sum(e.values), rel=1e-12, abs=1e-14)
                    checked += 1
    assert checked > 50


def package_shape(s, kind, l):
    if kind in ("W", "b"):
        return s.params[f"{kind}{l}"].shape
    return (s.caches[l - 1].Z if kind == "Z" else s.caches[l - 1].A).shape


def test_dW_names_its_rows_and_writes_the_terms():
    s = random_state([3, 5, 4, 2], 8, "relu", "softmax", 3)
    e = explain(s, "dW[2]", 1, 3)
    assert e.formula == "dW[2][1, 3] = 1/m Σ_i dZ[2][1, i] A[1][3, i]"
    assert e.lights == {"dZ[2]": {"rows": [1]}, "A[1]": {"rows": [3]}, "dW[2]": {"cells": [[1, 3]]}}
    dZ, A = s.grads["dZ2"], s.caches[1].A_prev
    assert e.terms[0] == f"({dZ[1, 0]:.4g})({A[3, 0]:.4g})" and len(e.terms) == 8
    text = e.text()
    assert "1/8 [" in text and "more" not in text and text.endswith(f"= {s.grads['dW2'][1, 3]:.4f}")
    assert all(t in text for t in e.terms)  # m = 8: every term written out, four to a line


def test_lights_of_each_kind():
    s = random_state([3, 5, 4, 2], 8, "relu", "softmax", 4)
    assert explain(s, "db2", 2).lights["dZ[2]"] == {"rows": [2]}
    assert explain(s, "dA1", 4, 6).lights == {
        "W[2]": {"cols": [4]},
        "dZ[2]": {"cols": [6]},
        "dA[1]": {"cells": [[4, 6]]},
    }
    assert explain(s, "dZ3", 1, 2).formula == "dZ[3][1, 2] = A[3][1, 2] - Y[1, 2]"
    assert "g'(Z[1][0, 5])" in explain(s, "dZ1", 0, 5).formula
    z = explain(s, "Z2", 3, 1)
    assert z.lights["W[2]"] == {"rows": [3]} and z.lights["A[1]"] == {"cols": [1]} and len(z.values) == 5 + 1


def test_written_sums_use_the_lessons_letters():
    """i an example, j a unit of layer l, p a unit of layer l-1: a summed letter is never also a fixed index."""
    s = random_state([3, 5, 4, 2], 8, "relu", "softmax", 6)
    assert explain(s, "Z2", 3, 1).formula == "Z[2][3, 1] = Σ_p W[2][3, p] A[1][p, 1] + b[2][3]"
    assert explain(s, "dA1", 4, 6).formula == "dA[1][4, 6] = Σ_j W[2][j, 4] dZ[2][j, 6]"
    assert explain(s, "db2", 2).formula == "db[2][2] = 1/m Σ_i dZ[2][2, i]"
    rules = [bp.explain.rule(f"{kind}[2]", 3) for kind in bp.explain.KINDS]
    assert not [r for r in rules if "Σ_k" in r] and "sum_k" not in bp.explain.__doc__
    assert "sum_p W[l][j, p] A[l-1][p, i]" in bp.explain.__doc__


def test_bad_names_and_indices_name_the_problem():
    s = random_state([3, 5, 4, 2], 8, "relu", "softmax", 5)
    with pytest.raises(bp.InputError, match="not an entry name"):
        explain(s, "dQ2", 0, 0)
    with pytest.raises(bp.InputError, match="does not exist"):
        explain(s, "dW4", 0, 0)
    with pytest.raises(bp.ShapeError, match=r"dW\[2\] is \(4, 5\), so \[4, 0\] is outside it"):
        explain(s, "dW2", 4, 0)
