"""Random bad inputs thrown at the public API: the right result or a ValueError, nothing else.

Each test draws a hostile argument (wrong dtype, wrong shape, NaN or inf, a wrong key, an odd
type) and calls one public function. It must either raise a ValueError (the package's
InputError / ShapeError) or return a result that is finite and correct; never another
exception type, never a silent NaN.
"""

from __future__ import annotations

import warnings

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import backprop_lib as bp

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])

DIMS = [3, 4, 2]
rng = np.random.default_rng(0)
X_OK = rng.standard_normal((3, 5))
Y_OK = bp.data.one_hot([0, 1, 1, 0, 1], 2)
P_OK = bp.init_params(DIMS, seed=0)

odd = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**6), 10**6),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=5),
    st.lists(st.integers(-3, 3), max_size=4),
    st.lists(st.lists(st.floats(-2, 2), max_size=3), max_size=3),  # ragged too
    st.complex_numbers(max_magnitude=2),
    st.builds(dict),
    st.tuples(st.integers(-1, 3), st.integers(-1, 3)),
)


@st.composite
def hostile_arrays(draw, shape=None):
    """An array a little wrong: its dtype, shape or values."""
    if shape is None or draw(st.booleans()):
        shape = draw(
            st.sampled_from([(), (0,), (5,), (3, 0), (0, 5), (1, 5), (2, 5), (3, 5), (5, 3), (3, 5, 1), (4, 5)])
        )
    dtype = draw(
        st.sampled_from(["float64", "float32", "float16", "int64", "int8", "bool", "complex128", "object", "U3"])
    )
    values = rng.standard_normal(shape) * draw(st.sampled_from([1.0, 1e-300, 1e30, 1e200]))
    with np.errstate(over="ignore", invalid="ignore"):  # 1e200 as float16 is inf: one more hostile value
        a = values.astype(dtype) if dtype not in ("object", "U3") else np.array(values, dtype=dtype)
    if a.size and a.dtype.kind in "fc" and draw(st.booleans()):
        a.flat[draw(st.integers(0, a.size - 1))] = draw(st.sampled_from([np.nan, np.inf, -np.inf]))
    return a


def right_or_value_error(f, *args, **kwargs):
    """Call f; a ValueError is fine, any other exception fails; the result is returned (None on ValueError)."""
    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)  # a numpy overflow/invalid warning is a silent NaN in waiting
        try:
            return f(*args, **kwargs)
        except ValueError as exc:
            assert str(exc), "an error with no message"
            return None


def all_finite(result) -> bool:
    if isinstance(result, dict):
        return all(all_finite(v) for v in result.values())
    if isinstance(result, (tuple, list)):
        return all(all_finite(v) for v in result if not isinstance(v, (str, bp.LayerCache)))
    if isinstance(result, (np.ndarray, float, int, np.number)):
        return bool(np.all(np.isfinite(result)))
    return True


@SETTINGS
@given(X=st.one_of(hostile_arrays((3, 5)), odd), which=st.sampled_from(["X", "W1", "b1", "W2", "b2"]))
def test_forward_with_a_hostile_array(X, which):
    params = dict(P_OK)
    args = X if which == "X" else X_OK
    if which != "X":
        params[which] = X
    out = right_or_value_error(bp.forward, args, params)
    if out is not None:
        AL, caches = out
        assert np.all(np.isfinite(AL)) and np.allclose(AL.sum(axis=0), 1)
        assert len(caches) == 2


@SETTINGS
@given(
    key=odd,
    value=st.one_of(hostile_arrays(), odd),
    hidden=st.one_of(odd, st.sampled_from(["relu", "tanh"])),
    output=st.one_of(odd, st.just("softmax")),
)
def test_forward_with_odd_keys_and_names(key, value, hidden, output):
    params = dict(P_OK)
    try:
        params[key] = value
    except TypeError:  # an unhashable key cannot be in a dict at all
        pass
    out = right_or_value_error(bp.forward, X_OK, params, hidden, output)
    if out is not None:
        AL, _ = out
        want, _ = bp.forward(X_OK, P_OK, hidden, output)  # extra keys are ignored: the same A[L]
        np.testing.assert_array_equal(AL, want)


@SETTINGS
@given(
    AL=st.one_of(hostile_arrays((2, 5)), odd),
    Y=st.one_of(hostile_arrays((2, 5)), odd),
    output=st.sampled_from(["softmax", "sigmoid", "linear"]),
)
def test_cost_with_hostile_arrays(AL, Y, output):
    J = right_or_value_error(bp.cost, AL, Y, output)
    if J is not None:
        assert np.isfinite(J) and (J >= 0 or output == "linear")
        A, T = np.asarray(AL, dtype=np.float64), np.asarray(Y, dtype=np.float64)
        m = A.shape[1]
        if output == "linear":
            want = np.sum((A - T) ** 2) / (2 * m)
        elif output == "softmax":
            want = -np.sum(np.where(T == 1, np.log(np.where(T == 1, A, 1)), 0)) / m
        else:
            P = np.where(T == 1, A, 1 - A)
            want = -np.sum(np.log(P)) / m
        assert J == pytest.approx(want, rel=1e-5, abs=1e-6)


@SETTINGS
@given(
    AL=st.one_of(hostile_arrays((2, 5)), odd),
    Y=st.one_of(hostile_arrays((2, 5)), odd),
    caches=st.sampled_from(["ok", "list", "truncated", "reversed", "empty", "odd"]),
)
def test_backward_with_hostile_arrays_and_caches(AL, Y, caches):
    AL_ok, cs = bp.forward(X_OK, P_OK)
    c = {"ok": cs, "list": [1, 2], "truncated": cs[1:], "reversed": cs[::-1], "empty": [], "odd": "caches"}[caches]
    grads = right_or_value_error(bp.backward, AL, Y, c)
    if grads is not None:  # only the forward pass's own A[L] and proper labels get through
        assert caches == "ok" and np.array_equal(AL, AL_ok)
        want = bp.backward(AL_ok, np.asarray(Y, dtype=float), cs)
        for k in want:
            np.testing.assert_allclose(grads[k], want[k], rtol=1e-6, atol=1e-7)


@SETTINGS
@given(
    grad=st.one_of(hostile_arrays((4, 3)), odd),
    lr=st.one_of(odd, st.floats(-10, 10)),
    P=st.one_of(hostile_arrays((4, 3)), odd),
)
def test_update_with_hostile_arguments(grad, lr, P):
    params = dict(P_OK, W1=P)
    grads = {"dW1": grad, "db1": np.zeros((4, 1)), "dW2": np.zeros((2, 4)), "db2": np.zeros((2, 1))}
    new = right_or_value_error(bp.update, params, grads, lr)
    if new is not None:
        want = np.asarray(P, dtype=np.float64) - float(lr) * np.asarray(grad, dtype=np.float64)
        np.testing.assert_allclose(new["W1"], want, rtol=1e-3 if new["W1"].dtype == np.float32 else 1e-12)
        assert new["W1"].dtype.kind == "f"


@SETTINGS
@given(
    dims=st.one_of(odd, st.lists(st.one_of(st.integers(-2, 5), odd), max_size=4)),
    seed=odd,
    scale=st.one_of(odd, st.sampled_from(["he", "lecun", "xavier"])),
    dtype=st.one_of(odd, st.sampled_from([np.float32, np.float64, int, "float32"])),
)
def test_init_params_with_odd_arguments(dims, seed, scale, dtype):
    params = right_or_value_error(bp.init_params, dims, seed, scale, dtype)
    if params is not None:
        assert len(params) == 2 * (len(dims) - 1)
        for l in range(1, len(dims)):
            assert params[f"W{l}"].shape == (dims[l], dims[l - 1]) and params[f"W{l}"].dtype.kind == "f"
            assert np.all(np.isfinite(params[f"W{l}"])) and not np.any(params[f"b{l}"])


@SETTINGS
@given(
    eps=st.one_of(odd, st.floats(1e-8, 1e-3)),
    extra=st.one_of(st.none(), odd),
    X=st.one_of(st.just(X_OK), hostile_arrays((3, 5))),
)
def test_gradcheck_with_odd_arguments(eps, extra, X):
    params = dict(P_OK)
    if extra is not None:
        params["extra"] = extra
    result = right_or_value_error(bp.gradcheck, params, X, Y_OK, "tanh", eps=eps)
    if result is not None:
        assert np.isfinite(result.relative_error)
        if 1e-7 <= eps <= 1e-4:  # outside, rounding (small eps) or eps^2 (large) may fairly fail it
            assert result.passed(), result.summary()  # correct backprop, away from any kink (tanh)


@SETTINGS
@given(theta=hostile_arrays(), eps=st.one_of(odd, st.floats(1e-6, 1e-3)))
def test_numerical_gradient_is_right_or_refuses(theta, eps):
    theta = np.array(theta, copy=True)

    def J(t):
        return float(np.sum(np.asarray(t, dtype=np.float64) ** 2))

    g = right_or_value_error(bp.numerical_gradient, J, theta, eps)
    if g is not None:
        np.testing.assert_allclose(
            g, 2 * theta, rtol=1e-4, atol=1e-4 * max(1.0, float(np.max(np.abs(theta), initial=0)))
        )


@SETTINGS
@given(
    kwargs=st.fixed_dictionaries({}, optional={"m": odd, "noise": st.one_of(odd, st.floats()), "seed": odd}),
    make=st.sampled_from(["xor", "flower", "spirals", "circles"]),
)
def test_data_sets_with_odd_arguments(kwargs, make):
    out = right_or_value_error(getattr(bp.data, make), **kwargs)
    if out is not None:
        X, Y = out
        assert np.all(np.isfinite(X)) and X.shape[1] == Y.shape[1] >= 1
        classes = np.argmax(Y, axis=0) if Y.shape[0] > 1 else Y[0]
        assert np.unique(classes).size >= 2 or Y.shape[1] < 4  # more than one class


@SETTINGS
@given(labels=st.one_of(odd, hostile_arrays()), n=st.one_of(st.none(), odd))
def test_one_hot_with_odd_labels(labels, n):
    Y = right_or_value_error(bp.data.one_hot, labels, n)
    if Y is not None:
        y = np.asarray(labels, dtype=float).reshape(-1)
        assert Y.shape[1] == y.size and np.all(Y.sum(axis=0) == 1)
        np.testing.assert_array_equal(np.argmax(Y, axis=0), y)


@SETTINGS
@given(dims=st.one_of(odd, st.lists(st.one_of(st.integers(-2, 5), odd), max_size=4)), m=odd)
def test_shape_table_with_odd_arguments(dims, m):
    table = right_or_value_error(bp.shape_table, dims, m)
    if table is not None:
        text = str(table)
        assert "-" not in text.split("\n", 1)[1].replace("n[l-1]", "")  # no negative size printed


@SETTINGS
@given(Y=st.one_of(odd, hostile_arrays((2, 5))), split=st.one_of(odd, st.floats()), seed=odd)
def test_accuracy_predict_and_split_with_odd_arguments(Y, split, seed):
    acc = right_or_value_error(bp.accuracy, X_OK, Y, P_OK)
    if acc is not None:
        assert 0 <= acc <= 1
    right_or_value_error(bp.data.split, X_OK, Y, split, seed)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    lr=st.one_of(odd, st.sampled_from([1e-3, 0.5, 10.0, 100.0, 1e6])),
    steps=st.one_of(odd, st.integers(-3, 20)),
    record_every=st.one_of(odd, st.integers(-1, 5)),
)
def test_train_with_odd_settings(lr, steps, record_every):
    hist = right_or_value_error(
        bp.train, X_OK, Y_OK, DIMS, learning_rate=lr, steps=steps, record_every=record_every, progress=False
    )
    if hist is not None:
        assert all(np.isfinite(hist.costs)) and hist.steps[-1] == steps


# ------------------------------------------------- inputs each right alone, wrong together or at the float range


def _refused(f, *args, says: str, **kwargs) -> None:
    with pytest.raises(ValueError, match=says):
        f(*args, **kwargs)


def test_errors_of_a_gradient_check_stay_finite_at_the_float_range():
    a, n = np.array([[1e308, -1e308]]), np.array([[-1e308, 1e308]])
    assert bp.relative_error(a, n) == 1.0
    np.testing.assert_array_equal(bp.elementwise_error(a, n), [[1.0, 1.0]])
    assert bp.relative_error(np.zeros((2, 2)), np.zeros((2, 2))) == 0.0


def test_a_read_only_theta_is_refused_not_silently_copied():
    theta = np.ones((2, 2))
    theta.flags.writeable = False
    _refused(bp.numerical_gradient, lambda t: float(np.sum(t**2)), theta, says="read-only")


def test_finite_inputs_whose_products_overflow_are_refused():
    dZ, A_prev, W = np.full((2, 3), 1e200), np.full((4, 3), 1e200), np.ones((2, 4))
    _refused(bp.linear_backward, dZ, A_prev, W, says=r"dW\[l\] passed the float64 range")
    _refused(bp.init_params, [20, 30, 1], scale=1e308, says="scale")


def test_an_A_that_is_not_g_of_Z_is_refused():
    Z = np.array([[-1.0, 2.0]])
    _refused(bp.activation_backward, np.ones_like(Z), Z, "relu", A=np.array([[5.0, 2.0]]), says=r"not relu\(Z\)")
    np.testing.assert_array_equal(bp.activation_backward(np.ones_like(Z), Z, "relu", A=np.maximum(Z, 0)), [[0, 1]])


def test_caches_of_two_forward_passes_are_refused():
    _, caches = bp.forward(X_OK, P_OK)
    _, other = bp.forward(X_OK * 2, P_OK)
    _refused(bp.backward, bp.forward(X_OK, P_OK)[0], Y_OK, [caches[0], other[1]], says="do not chain")
    assert bp.backward(bp.forward(X_OK, P_OK)[0], Y_OK, caches)  # one forward call's caches are fine


def test_explain_and_check_environment_refuse_absurd_names():
    _refused(bp.check_environment, "latest", says="version")
    _refused(bp.check_environment, 1.0, says="version")


REFUSED = {  # a call an attacker tried, and a word of the message that must name the problem
    "one_hot of a table": (lambda: bp.data.one_hot([[0, 1], [1, 0]]), "table"),
    "heatmap of a 3-D array": (lambda: bp.plots.Matrix("A", np.zeros((2, 2, 2))), "3-D"),
    "heatmap of 9 million cells": (lambda: bp.plots.Matrix("A", np.zeros((3000, 3000))), "cells"),
    "heatmap with a bad fmt": (lambda: bp.plots.Matrix("A", np.zeros((2, 2)), fmt="{:q}"), "fmt"),
    "heatmap vmax < 0": (lambda: bp.plots.heatmap_html(bp.plots.Matrix("A", np.ones((2, 2))), vmax=-1.0), "vmax"),
    "heatmap vmax NaN": (lambda: bp.plots.heatmap_html(bp.plots.Matrix("A", np.ones((2, 2))), vmax=np.nan), "vmax"),
    "figure of nothing": (lambda: bp.plots.figure_of([]), "one or more"),
    "mismatch of two shapes": (lambda: bp.plots.mismatch_html("dW", np.zeros((2, 3)), np.zeros((3, 2))), "one shape"),
    "train for 1e12 steps": (lambda: bp.train(X_OK, Y_OK, DIMS, steps=10**12, progress=False), "at most"),
    "train with progress='no'": (lambda: bp.train(X_OK, Y_OK, DIMS, steps=2, progress="no"), "progress"),
    "gradcheck with kink_tol < 0": (lambda: bp.gradcheck(P_OK, X_OK, Y_OK, kink_tol=-1.0), "kink_tol"),
}


@pytest.mark.parametrize("case", REFUSED)
def test_what_an_attacker_tried_is_refused_by_name(case):
    call, word = REFUSED[case]
    _refused(call, says=word)


def test_a_heatmap_draws_a_nan_grey_a_cell_not_computed_yet():
    assert "#e5e5e5" in bp.plots.heatmap_html(bp.plots.Matrix("A", np.array([[np.nan, 1.0]])))


def test_a_bug_whose_backward_returns_nothing_is_said_not_checked_as_right():
    g = bp.widgets.GradCheckExplorer(bugs={"b": lambda AL, Y, caches, output: None})
    g.bug.value = "b"
    assert "returned NoneType, not a dict of gradients" in g.summary()
    g.close()


def test_the_training_explorer_refuses_a_run_of_days():
    te = bp.widgets.TrainingExplorer(*bp.data.flower(m=40), [2, 3, 1])
    _refused(te.run, 10**7, says="at most")
    _refused(te.run_to, 2**80, says="at most")
    te.close()
