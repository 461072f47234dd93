"""Each checker passes a right answer and names the classic mistake in a wrong one."""

from __future__ import annotations

import numpy as np
import pytest

import backprop_lib as bp
from backprop_lib import exercises as ex


def not_yet(*args):
    raise NotImplementedError()


@pytest.mark.parametrize(
    "checker",
    [
        ex.check_linear_forward,
        ex.check_output_backward,
        ex.check_hidden_backward,
        ex.check_relu_backward,
        ex.check_bias_gradient,
        ex.check_two_layer_backward,
        ex.check_numerical_gradient,
        ex.check_update,
    ],
)
def test_a_placeholder_is_not_implemented_yet(checker):
    fb = checker(not_yet)
    assert not fb.passed
    assert "not implemented yet" in fb.message


def softmax_out(AL, Y, A_prev, W, *, bug=None):
    m = AL.shape[1]
    dZ = AL - Y
    dW = dZ @ A_prev.T / m
    if bug == "transpose":
        dW = A_prev @ dZ.T / m
    if bug == "no 1/m":
        dW = dZ @ A_prev.T
    db = dZ.sum(axis=1, keepdims=True) / m
    if bug == "axis0":
        db = dZ.sum(axis=0, keepdims=True) / m
    if bug == "nokeep":
        db = dZ.sum(axis=1) / m
    return dZ, dW, db, W.T @ dZ


@pytest.mark.parametrize(
    ("bug", "message"),
    [
        (None, "PASSED"),
        ("transpose", "dW has shape (4, 3), expected (3, 4): transpose on the wrong factor: dW = 1/m dZ A_prev^T"),
        ("no 1/m", "dW is m = 5 times too large: the 1/m is missing"),
        ("axis0", "summed over axis 0 (the units); sum over axis 1, the examples"),
        ("nokeep", "db = 1/m sum over axis 1 with keepdims=True keeps it a column"),
    ],
)
def test_output_backward_names_the_mistake(bug, message):
    fb = ex.check_output_backward(lambda *a: softmax_out(*a, bug=bug))
    assert message in fb.message, fb.message
    assert fb.passed == (bug is None)


@pytest.mark.parametrize(
    ("fn", "message"),
    [
        (lambda dA, Z: dA * (Z > 0), "PASSED"),
        (lambda dA, Z: dA * (Z >= 0), "ReLU'(0) = 0, so use Z > 0, not Z >= 0"),
        (lambda dA, Z: dA * np.maximum(Z, 0), "you multiplied by A = ReLU(Z) itself"),
        (lambda dA, Z: dA, "the mask is missing"),
        (lambda dA, Z: dA @ (Z > 0).T, "has shape (4, 4), expected (4, 6)"),
    ],
)
def test_relu_backward_names_the_mistake(fn, message):
    assert message in ex.check_relu_backward(fn).message


def test_a_matrix_product_that_cannot_run_gets_a_shape_hint():
    fb = ex.check_relu_backward(lambda dA, Z: dA @ (Z > 0))
    assert "a matrix product whose inner sizes differ" in fb.message


@pytest.mark.parametrize(
    ("fn", "message"),
    [
        (lambda dZ: dZ.sum(axis=1, keepdims=True) / dZ.shape[1], "PASSED"),
        (lambda dZ: dZ.sum(axis=1, keepdims=True), "the 1/m is missing"),
        (lambda dZ: dZ.sum(axis=0, keepdims=True) / dZ.shape[1], "the sum ran over axis 0 (the units)"),
        (lambda dZ: dZ / dZ.shape[1], "was not summed over the examples (axis 1)"),
        (lambda dZ: dZ.sum(axis=1) / dZ.shape[1], "the column was lost; keep it with keepdims=True"),
    ],
)
def test_bias_gradient_names_the_mistake(fn, message):
    assert message in ex.check_bias_gradient(fn).message


def test_hidden_backward_catches_the_derivative_at_a():
    def at_A(dA, Z, A_prev, W, g_prime):
        m = Z.shape[1]
        dZ = dA * g_prime(np.tanh(Z))
        return dZ, dZ @ A_prev.T / m, dZ.sum(axis=1, keepdims=True) / m, W.T @ dZ

    def right(dA, Z, A_prev, W, g_prime):
        m = Z.shape[1]
        dZ = dA * g_prime(Z)
        return dZ, dZ @ A_prev.T / m, dZ.sum(axis=1, keepdims=True) / m, W.T @ dZ

    assert "g' was evaluated at A = g(Z) instead of at Z" in ex.check_hidden_backward(at_A).message
    assert ex.check_hidden_backward(right).passed


def test_two_layer_backward():
    def right(params, cache, X, Y):
        m = X.shape[1]
        dZ2 = cache["A2"] - Y
        dZ1 = params["W2"].T @ dZ2 * (1 - cache["A1"] ** 2)
        return {
            "dW2": dZ2 @ cache["A1"].T / m,
            "db2": dZ2.sum(axis=1, keepdims=True) / m,
            "dW1": dZ1 @ X.T / m,
            "db1": dZ1.sum(axis=1, keepdims=True) / m,
        }

    assert ex.check_two_layer_backward(right).passed

    def no_derivative(params, cache, X, Y):
        g = right(params, cache, X, Y)
        dZ1 = params["W2"].T @ (cache["A2"] - Y)
        g["dW1"] = dZ1 @ X.T / X.shape[1]
        return g

    assert "the tanh derivative is missing" in ex.check_two_layer_backward(no_derivative).message


def test_numerical_gradient_and_update():
    # the package's own central differences are a correct solution of the exercise
    assert ex.check_numerical_gradient(bp.numerical_gradient).passed

    def right(params, grads, lr):
        return {k: v - lr * grads["d" + k] for k, v in params.items()}

    def in_place(params, grads, lr):
        for k in params:
            params[k] -= lr * grads["d" + k]
        return params

    assert ex.check_update(right).passed
    assert "changed in place" in ex.check_update(in_place).message
    assert (
        "you stepped uphill" in ex.check_update(lambda p, g, lr: {k: v + lr * g["d" + k] for k, v in p.items()}).message
    )


@pytest.mark.parametrize("bug", list(ex.BUGS))
def test_every_bug_in_the_zoo_is_caught_by_the_gradient_check(bug):
    params = bp.init_params([3, 4, 4, 2], seed=1, scale="xavier")
    rng = np.random.default_rng(2)
    X = rng.standard_normal((3, 6))
    Y = bp.data.one_hot(rng.integers(0, 2, 6), 2)
    AL, caches = bp.forward(X, params, "tanh")
    grads = ex.buggy_backward(bug)(AL, Y, caches, "softmax")
    try:
        result = bp.gradcheck(params, X, Y, "tanh", grads=grads)
    except ValueError as err:  # shape bugs are named by the shape check
        assert "dW" in str(err) or "db" in str(err)
    else:
        assert result.relative_error > 1e-3, bug


def test_the_zoo_without_bugs_matches_backward():
    with pytest.raises(ValueError, match="the zoo has"):
        ex.buggy_backward("no such bug")
