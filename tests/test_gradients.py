"""The gradients are exact: finite differences, an autodiff oracle, and a loop over examples."""

from __future__ import annotations

import warnings

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from oracle import probe_shapes, random_labels, reference_grads

import backprop_lib as bp

HIDDEN = ["relu", "leaky_relu", "sigmoid", "tanh"]
OUTPUTS = ["softmax", "sigmoid", "linear"]


@st.composite
def networks(draw):
    L = draw(st.integers(1, 4))
    dims = [draw(st.integers(1, 6)) for _ in range(L + 1)]
    output = draw(st.sampled_from(OUTPUTS))
    if output == "softmax":
        dims[-1] = max(dims[-1], 2)
    hidden = [draw(st.sampled_from(HIDDEN)) for _ in range(L - 1)]
    m = draw(st.integers(1, 8))
    seed = draw(st.integers(0, 2**32 - 1))
    rng = np.random.default_rng(seed)
    params = bp.init_params(dims, seed=seed, scale="lecun")
    for l in range(1, L + 1):  # non-zero biases, so db and the bias broadcast are exercised
        params[f"b{l}"] = 0.5 * rng.standard_normal(params[f"b{l}"].shape)
    X = rng.standard_normal((dims[0], m))
    Y = random_labels(output, dims[-1], m, rng)
    return params, X, Y, hidden, output


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(networks())
def test_finite_differences_agree(net):
    params, X, Y, hidden, output = net
    result = bp.gradcheck(params, X, Y, hidden, output)
    assume(result.near_kink == 0)  # away from the ReLU kink, as the lessons' convention says
    # Central differences round J to ~1e-16 |J| and divide by 2 eps = 2e-6: each entry carries a
    # noise of ~1e-10 |J|. Where the whole gradient is below ~1e-3 |J| (dead or saturated units
    # everywhere) that noise alone is 1e-7 of it: the check cannot resolve the gradient there.
    a = np.concatenate([g.ravel() for g in result.analytic.values()])
    AL, caches = bp.forward(X, params, hidden, output)
    J = bp.cost(AL, Y, output, ZL=caches[-1].Z)
    assume(np.linalg.norm(a) > 1e-3 * max(J, 1e-3))
    assert result.relative_error <= 1e-7, result.summary()


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(networks())
def test_every_grads_entry_equals_autograd(net):
    params, X, Y, hidden, output = net
    AL, caches = bp.forward(X, params, hidden, output)
    grads = bp.backward(AL, Y, caches, output)
    # an exact tie Z = 0 is where ReLU conventions differ; random floats never hit it
    assume(all(not np.any(c.Z == 0) for c in caches))
    ref = reference_grads(params, X, Y, hidden, output, probe_shapes(X, caches))
    assert set(ref) == set(grads)
    for key, want in ref.items():
        np.testing.assert_allclose(grads[key], want, rtol=1e-10, atol=1e-12, err_msg=key)


@pytest.mark.parametrize("output", OUTPUTS)
@pytest.mark.parametrize("hidden", HIDDEN)
def test_vectorized_equals_loop_over_examples(hidden, output):
    rng = np.random.default_rng(7)
    dims, m = [3, 5, 4, 3], 9
    params = bp.init_params(dims, seed=3)
    X = rng.standard_normal((dims[0], m))
    Y = random_labels(output, dims[-1], m, rng)
    AL, caches = bp.forward(X, params, hidden, output)
    grads = bp.backward(AL, Y, caches, output)
    per_example = []
    for i in range(m):
        ALi, ci = bp.forward(X[:, i : i + 1], params, hidden, output)
        per_example.append(bp.backward(ALi, Y[:, i : i + 1], ci, output))
    for key in grads:
        if key[1] in "Wb":  # parameters: the mean of the per-example gradients
            loop = np.mean([g[key] for g in per_example], axis=0)
        else:  # dZ, dA: column i is example i's own gradient
            loop = np.hstack([g[key] for g in per_example])
        np.testing.assert_allclose(grads[key], loop, rtol=1e-12, atol=1e-14, err_msg=key)


def test_gradcheck_catches_a_missing_one_over_m():
    rng = np.random.default_rng(0)
    params = bp.init_params([2, 4, 3], seed=0)
    X = rng.standard_normal((2, 6))
    Y = bp.data.one_hot(rng.integers(0, 3, 6), 3)
    AL, caches = bp.forward(X, params, "tanh")
    grads = bp.backward(AL, Y, caches)
    buggy = dict(grads, dW2=grads["dW2"] * 6)
    result = bp.gradcheck(params, X, Y, "tanh", grads=buggy)
    assert not result.passed()
    assert result.per_param["dW2"] > 0.5 and result.per_param["dW1"] < 1e-7
    assert result.elementwise["dW2"].shape == (3, 4)
    assert "MISMATCH" in result.summary()


def test_gradcheck_reports_the_relu_kink():
    params = {"W1": np.array([[1.0, -1.0]]), "b1": np.zeros((1, 1)), "W2": np.array([[2.0]]), "b2": np.zeros((1, 1))}
    X = np.array([[1.0, 0.5], [1.0, 0.2]])  # the first example sits exactly on Z[1] = 0
    Y = np.array([[1.0, 0.0]])
    result = bp.gradcheck(params, X, Y, "relu", "sigmoid")
    assert result.near_kink == 1
    assert "kink" in result.summary()


@pytest.mark.parametrize("output", OUTPUTS)
@pytest.mark.parametrize("hidden", HIDDEN)
def test_logits_of_plus_minus_1000_are_finite_and_silent(hidden, output):
    params = bp.init_params([2, 3, 2], seed=1)
    params["W2"] = np.array([[1000.0, 0, 0], [-1000.0, 0, 0]])
    params["b2"] = np.array([[0.0], [0.0]])
    params["W1"] = np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]])
    X = np.array([[1.0, -1.0, 0.8], [0.0, 0.0, 0.0]])  # Z[2] reaches +-1000 on each side
    if output == "softmax":
        Y = np.array([[0.0, 1.0, 0.0], [1.0, 0.0, 1.0]])  # the wrong class, where log p underflows
    elif output == "sigmoid":
        Y = np.array([[0.0, 1.0, 0.0], [1.0, 0.0, 1.0]])
    else:
        Y = np.zeros((2, 3))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        AL, caches = bp.forward(X, params, hidden, output)
        assert np.abs(caches[-1].Z).max() >= 999 or hidden in ("sigmoid", "tanh")
        J_exact = bp.cost(AL, Y, output, ZL=caches[-1].Z)
        try:  # from A[L] alone: the same J, or a clear error when a probability rounded to 0
            J_from_A = bp.cost(AL, Y, output)
        except bp.InputError as exc:
            J_from_A = None
            assert "rounded to 0" in str(exc) and "ZL=caches[-1].Z" in str(exc)
        grads = bp.backward(AL, Y, caches, output)
    assert np.isfinite(J_exact)
    if J_from_A is not None:
        assert J_from_A == pytest.approx(J_exact, rel=1e-9)
    assert all(np.isfinite(g).all() for g in grads.values())
    if output != "linear" and hidden == "relu":
        # examples 0 and 2 are confidently wrong (logits +-1000 and +-800); example 1 has Z[2] = 0
        want = {"softmax": (2000 + np.log(2) + 1600) / 3, "sigmoid": (2000 + 2 * np.log(2) + 1600) / 3}[output]
        assert J_exact == pytest.approx(want, rel=1e-12)
        assert J_from_A is None  # saturated on the wrong side: never the old capped 708.4


def test_float32_is_kept_and_float64_is_default():
    p64 = bp.init_params([3, 4, 2], seed=0)
    assert p64["W1"].dtype == np.float64
    p32 = bp.init_params([3, 4, 2], seed=0, dtype=np.float32)
    X = np.ones((3, 5), dtype=np.float32)
    Y = bp.data.one_hot([0, 1, 0, 1, 1], 2)
    AL, caches = bp.forward(X, p32)
    grads = bp.backward(AL, Y, caches)
    assert AL.dtype == np.float32
    assert all(g.dtype == np.float32 for g in grads.values())
    assert bp.update(p32, grads, 0.1)["W1"].dtype == np.float32
    AL64, _ = bp.forward(np.ones((3, 5), dtype=int), p64)
    assert AL64.dtype == np.float64


def test_init_is_seeded_and_update_returns_new_arrays():
    a, b = bp.init_params([4, 3, 2], seed=5), bp.init_params([4, 3, 2], seed=5)
    assert all(np.array_equal(a[k], b[k]) for k in a)
    assert not np.array_equal(a["W1"], bp.init_params([4, 3, 2], seed=6)["W1"])
    assert a["W1"].shape == (3, 4) and a["b1"].shape == (3, 1) and a["W2"].shape == (2, 3)
    X = np.random.default_rng(0).standard_normal((4, 5))
    Y = bp.data.one_hot([0, 1, 1, 0, 1], 2)
    AL, caches = bp.forward(X, a)
    grads = bp.backward(AL, Y, caches)
    before = {k: v.copy() for k, v in a.items()}
    new = bp.update(a, grads, 0.5)
    assert all(np.array_equal(a[k], before[k]) for k in a)
    np.testing.assert_array_equal(new["W2"], before["W2"] - 0.5 * grads["dW2"])
    assert all(new[k] is not a[k] for k in a)


def test_training_reduces_the_cost():
    X, Y = bp.data.flower(m=200)
    params = bp.init_params([2, 8, 1], seed=0, scale="lecun")
    costs = []
    for _ in range(300):
        AL, caches = bp.forward(X, params, "tanh", "sigmoid")
        costs.append(bp.cost(AL, Y, "sigmoid"))
        params = bp.update(params, bp.backward(AL, Y, caches, "sigmoid"), 1.0)
    assert costs[-1] < 0.8 * costs[0]


def test_hidden_accepts_one_name_per_layer():
    params = bp.init_params([2, 3, 3, 2], seed=0)
    X = np.random.default_rng(0).standard_normal((2, 4))
    AL, caches = bp.forward(X, params, hidden=["tanh", "relu"])
    assert [c.activation for c in caches] == ["tanh", "relu", "softmax"]


@pytest.mark.parametrize(
    ("scale", "std"),
    [("he", np.sqrt(2 / 300)), ("lecun", np.sqrt(1 / 300)), ("xavier", np.sqrt(2 / (300 + 200))), (0.01, 0.01)],
)
def test_init_scales_are_the_named_rules(scale, std):
    """He: sqrt(2 / n[l-1]); LeCun: sqrt(1 / n[l-1]); Glorot and Bengio's Xavier: sqrt(2 / (n[l-1] + n[l]))."""
    W = bp.init_params([300, 200], seed=0, scale=scale)["W1"]
    assert W.shape == (200, 300) and np.std(W) == pytest.approx(std, rel=0.01)


def _teaching_checks():
    """The lessons' networks, with and without their classic bugs: (params, X, Y, hidden, output, grads)."""
    X, Y = bp.data.flower(m=40)
    flower = bp.init_params([2, 4, 1], seed=0, scale="lecun")
    AL, caches = bp.forward(X, flower, "tanh", "sigmoid")
    yield flower, X, Y, "tanh", "sigmoid", None
    for bug in ("forgot the derivative", "missing 1/m"):
        yield flower, X, Y, "tanh", "sigmoid", bp.exercises.buggy_backward(bug)(AL, Y, caches, "sigmoid")
    Xd, Yd = bp.data.digits()
    digits = bp.init_params([64, 32, 16, 10], seed=0)
    yield digits, Xd[:, :10], Yd[:, :10], "relu", "softmax", None
    AL, caches = bp.forward(Xd[:, :10], digits)
    yield (
        digits,
        Xd[:, :10],
        Yd[:, :10],
        "relu",
        "softmax",
        bp.exercises.buggy_backward("missing 1/m")(AL, Yd[:, :10], caches, "softmax"),
    )


@pytest.mark.parametrize("case", range(5))
def test_a_sampled_check_gives_the_full_checks_verdict(case):
    params, X, Y, hidden, output, grads = list(_teaching_checks())[case]
    full = bp.gradcheck(params, X, Y, hidden, output, grads=grads)
    part = bp.gradcheck(params, X, Y, hidden, output, grads=grads, sample=5)
    assert part.passed() == full.passed()
    for k, mask in (part.checked or {}).items():
        assert mask.sum() == min(5, mask.size)
        np.testing.assert_array_equal(part.numerical[k][mask], full.numerical[k][mask])  # the same differences
        assert np.all(np.isnan(part.numerical[k][~mask])) and np.all(np.isnan(part.elementwise[k][~mask]))
    if part.checked is not None:
        assert "drawn at random" in part.summary()
    again = bp.gradcheck(params, X, Y, hidden, output, grads=grads, sample=5)
    assert all(np.array_equal(again.checked[k], part.checked[k]) for k in part.checked or {})  # the same entries
