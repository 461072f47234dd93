"""Bad input gets a ValueError that names the formula and the shapes, never a NaN."""

from __future__ import annotations

import re

import numpy as np
import pytest

import backprop_lib as bp


@pytest.fixture
def net():
    params = bp.init_params([3, 4, 2], seed=0)
    X = np.random.default_rng(0).standard_normal((3, 10))
    Y = bp.data.one_hot(np.arange(10) % 2, 2)
    return params, X, Y


def raises(match: str):
    return pytest.raises(ValueError, match=re.escape(match))


def test_x_with_the_wrong_number_of_rows(net):
    params, _, _ = net
    with raises("Z[1] = W[1] A[0] + b[1]: W[1] is (4, 3) but A[0] is (5, 10)"):
        bp.forward(np.zeros((5, 10)), params)


def test_a_hidden_weight_of_the_wrong_shape(net):
    params, X, _ = net
    params["W2"] = np.zeros((2, 5))
    with raises("Z[2] = W[2] A[1] + b[2]: W[2] is (2, 5) but A[1] is (4, 10)"):
        bp.forward(X, params)


def test_a_bias_of_the_wrong_shape(net):
    params, X, _ = net
    params["b1"] = np.zeros(4)
    with raises("Z[1] = W[1] A[0] + b[1]: b[1] must be 2-D (n[l], 1), but it is (4,)"):
        bp.forward(X, params)
    params["b1"] = np.zeros((4, 10))
    with raises("b[1] is (4, 10) but must be (n[1], 1) = (4, 1)"):
        bp.forward(X, params)


def test_x_that_is_one_dimensional(net):
    params, _, _ = net
    with raises("X = A[0] must be 2-D (n[0], m)"):
        bp.forward(np.zeros(3), params)


@pytest.mark.parametrize("shape", [(2, 9), (10, 2), (10,)])
def test_y_of_the_wrong_shape(net, shape):
    params, X, _ = net
    AL, caches = bp.forward(X, params)
    with raises(f"dZ[2] = A[2] - Y: A[2] is (2, 10) but Y is {bp.shapes.shape_str(np.zeros(shape))}"):
        bp.backward(AL, np.zeros(shape), caches)
    with raises(f"J = cost(A[L], Y): A[L] is (2, 10) but Y is {bp.shapes.shape_str(np.zeros(shape))}"):
        bp.cost(AL, np.zeros(shape))


def test_y_transposed_gets_a_hint(net):
    params, X, Y = net
    AL, caches = bp.forward(X, params)
    with raises("Y looks transposed: examples must be columns"):
        bp.backward(AL, Y.T, caches)


def test_y_not_one_hot_for_softmax(net):
    params, X, Y = net
    AL, caches = bp.forward(X, params)
    Y2 = Y.copy()
    Y2[:, 3] = 1.0
    with raises("with a softmax output Y must be one-hot (a single 1 in each column), but column 3"):
        bp.backward(AL, Y2, caches)
    Y3 = Y.copy()
    Y3[0, 0] = 0.5
    with raises("with a softmax output Y must be one-hot (a single 1 in each column), but Y[0, 0] = 0.5"):
        bp.cost(AL, Y3)


def test_y_not_zero_one_for_sigmoid(net):
    params, X, _ = net
    AL, caches = bp.forward(X, params, output="sigmoid")
    Y = np.zeros((2, 10))
    Y[1, 4] = 2.0
    with raises("with a sigmoid output Y must be 0 or 1, but Y[1, 4] = 2"):
        bp.backward(AL, Y, caches, output="sigmoid")


@pytest.mark.parametrize("bad", [np.nan, np.inf, -np.inf])
def test_nan_or_inf_in_x(net, bad):
    params, X, _ = net
    X[2, 7] = bad
    with raises("Z[1] = W[1] A[0] + b[1]: X = A[0] (3, 10) contains"):
        bp.forward(X, params)
    with raises("first at index (2, 7)"):
        bp.forward(X, params)


@pytest.mark.parametrize("key", ["W1", "b2"])
def test_nan_in_params(net, key):
    params, X, _ = net
    params[key] = params[key].copy()
    params[key][0, 0] = np.nan
    l = key[1]
    with raises(f"Z[{l}] = W[{l}] A[{int(l) - 1}] + b[{l}]: {key[0]}[{l}]"):
        bp.forward(X, params)
    with pytest.raises(ValueError, match="NaN"):
        bp.forward(X, params)


def test_nan_in_y(net):
    params, X, Y = net
    AL, caches = bp.forward(X, params)
    Y[0, 0] = np.nan
    with raises("Y (2, 10) contains NaN"):
        bp.backward(AL, Y, caches)


def test_large_finite_values_are_not_mistaken_for_inf(net):
    params, X, _ = net
    params["b1"] = np.full((4, 1), 1e308)  # the sum overflows, every entry is finite
    bp.forward(X, params, hidden="tanh")


def test_unknown_activation_lists_the_valid_ones(net):
    params, X, _ = net
    with raises("unknown activation 'relux' for hidden layer 1; valid: relu, leaky_relu, sigmoid, tanh"):
        bp.forward(X, params, hidden="relux")
    with raises("unknown output activation 'softplus'; valid: softmax, sigmoid, linear"):
        bp.forward(X, params, output="softplus")


def test_wrong_number_of_hidden_names(net):
    params, X, _ = net
    with raises("a network with 2 layers has 1 hidden layers, one name for each"):
        bp.forward(X, params, hidden=["relu", "tanh"])


def test_zero_examples(net):
    params, _, _ = net
    with raises("X = A[0] is (3, 0), that is m = 0 examples"):
        bp.forward(np.zeros((3, 0)), params)
    with raises("m = 0 examples"):
        bp.cost(np.zeros((2, 0)), np.zeros((2, 0)))


@pytest.mark.parametrize(
    ("dims", "message"),
    [
        ([3], "a network needs at least two sizes"),
        ([], "a network needs at least two sizes"),
        ([3, 0, 2], "n[1] = 0, but every layer size must be an integer >= 1"),
        ([3, -2], "n[1] = -2"),
        ([3, 2.5], "n[1] = 2.5"),
    ],
)
def test_bad_layer_dims(dims, message):
    with raises(message):
        bp.init_params(dims)


def test_params_missing_a_key(net):
    params, X, _ = net
    del params["b2"]
    with raises("params is missing 'b2': a network with 2 layers needs W1, b1, ..., W2, b2"):
        bp.forward(X, params)


def test_backward_with_another_output_than_forward(net):
    params, X, Y = net
    AL, caches = bp.forward(X, params, output="softmax")
    with raises("backward(output='sigmoid') but the forward pass used output='softmax'"):
        bp.backward(AL, Y, caches, output="sigmoid")


def test_update_checks_gradient_shapes_and_learning_rate(net):
    params, X, Y = net
    AL, caches = bp.forward(X, params)
    grads = bp.backward(AL, Y, caches)
    grads["dW2"] = grads["dW2"].T
    with raises("dW[2] is (4, 2) but W[2] is (2, 4); a variable and its gradient must have the same shape"):
        bp.update(params, grads, 0.1)
    with raises("learning_rate = nan"):
        bp.update(params, grads, float("nan"))


def test_shape_explanations_name_the_bug():
    params = {"W2": np.zeros((3, 4)), "b2": np.zeros((3, 1))}
    with raises("dW2 is (4, 3) but W2 is (3, 4): is the transpose on the wrong factor?"):
        bp.check_grad_shapes(params, {"dW2": np.zeros((4, 3)), "db2": np.zeros((3, 1))})
    with raises("db2 is (3, 5) but b2 is (3, 1): dZ[2] was not summed over the examples (axis 1)"):
        bp.check_grad_shapes(params, {"dW2": np.zeros((3, 4)), "db2": np.zeros((3, 5))})
    with raises("db2 is (1, 5) but b2 is (3, 1): the sum ran over axis 0 (the units) instead of axis 1"):
        bp.check_grad_shapes(params, {"dW2": np.zeros((3, 4)), "db2": np.zeros((1, 5))})
    with raises("db2 is (3,) but b2 is (3, 1): the column was lost; keep it with keepdims=True"):
        bp.check_grad_shapes(params, {"dW2": np.zeros((3, 4)), "db2": np.zeros(3)})
    with raises("grads is missing 'db2'"):
        bp.check_grad_shapes(params, {"dW2": np.zeros((3, 4))})


def test_gradcheck_explains_a_transposed_gradient(net):
    params, X, Y = net
    AL, caches = bp.forward(X, params)
    grads = bp.backward(AL, Y, caches)
    grads["dW1"] = grads["dW1"].T
    with raises("dW1 is (3, 4) but W1 is (4, 3): is the transpose on the wrong factor?"):
        bp.gradcheck(params, X, Y, grads=grads)


def test_errors_are_value_errors_with_their_own_types(net):
    params, _, _ = net
    with pytest.raises(bp.ShapeError):
        bp.forward(np.zeros((5, 10)), params)
    assert issubclass(bp.ShapeError, bp.InputError) and issubclass(bp.InputError, ValueError)


# ---------------------------------------------------------------------------- issue 10: no silent wrong number


def test_cost_of_a_saturated_output_is_exact_or_refused():
    Z = np.array([[40.0, -40.0]])
    Y = np.array([[0.0, 1.0]])
    for dtype in (np.float64, np.float32):
        AL = bp.activations.sigmoid(Z.astype(dtype))  # sigma(40) rounds to exactly 1, where Y = 0
        with raises("the probability of the true label rounded to 0"):
            bp.cost(AL, Y, "sigmoid")  # was 374.2 (float64) / 63.7 (float32): neither is J
        with raises("ZL=caches[-1].Z"):
            bp.cost(AL, Y, "sigmoid")
        assert bp.cost(AL, Y, "sigmoid", ZL=Z) == pytest.approx(40.0, rel=1e-12)


@pytest.mark.parametrize(
    ("AL", "output", "message"),
    [
        ([[-0.5, 1.5]], "sigmoid", "must hold probabilities in [0, 1], but A[0, 0] = -0.5"),
        ([[2.0], [-1.0]], "softmax", "must hold probabilities in [0, 1], but A[0, 0] = 2"),
        ([[0.5], [0.4]], "softmax", "each column of A[L] must sum to 1"),
    ],
)
def test_cost_refuses_an_output_that_is_no_probability(AL, output, message):
    Y = np.array([[0.0, 1.0]]) if output == "sigmoid" else np.array([[1.0], [0.0]])
    with raises(message):
        bp.cost(np.array(AL), Y, output)


def test_backward_refuses_an_AL_from_another_forward_pass(net):
    params, X, Y = net
    AL, caches = bp.forward(X, params)
    other, _ = bp.forward(X * 1.1, params)
    with raises("dZ[2] = A[2] - Y: this A[2] (2, 10) is not the A[2] of the forward pass that made the caches"):
        bp.backward(other, Y, caches)
    with raises("A[2] (2, 10) contains NaN (20 of 20 entries"):
        bp.backward(np.full_like(AL, np.nan), Y, caches)
    same = bp.backward(AL.copy(), Y, caches)  # a copy of the right numbers is fine
    np.testing.assert_array_equal(same["dW1"], bp.backward(AL, Y, caches)["dW1"])


@pytest.mark.parametrize(
    ("caches", "message"),
    [
        ([1, 2], "caches[0] = 1 is no LayerCache"),
        ("truncated", "caches[0] holds layer 2, but caches[0] must be layer 1"),
        ([], "caches is empty"),
        (None, "pass the list of caches returned by forward"),
    ],
)
def test_backward_refuses_caches_that_are_not_forwards(net, caches, message):
    params, X, Y = net
    AL, real = bp.forward(X, params)
    with raises(message):
        bp.backward(AL, Y, real[1:] if caches == "truncated" else caches)


def test_forward_names_the_layer_whose_z_overflowed(net):
    params, X, _ = net
    with raises("Z[1] = W[1] A[0] + b[1]: Z[1] (4, 10) overflowed to inf or NaN"):
        bp.forward(X * 1e200, dict(params, W1=params["W1"] * 1e200))
    with raises("a learning rate that is too large"):
        bp.forward(X * 1e200, dict(params, W1=params["W1"] * 1e200))


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"hidden": None}, "hidden = None: give the hidden activation g as a name"),
        ({"hidden": [None]}, "unknown activation None for hidden layer 1"),
        ({"output": ["softmax"]}, "unknown output activation ['softmax']"),
    ],
)
def test_forward_refuses_odd_names(net, kwargs, message):
    params, X, _ = net
    with raises(message):
        bp.forward(X, params, **kwargs)


def test_forward_with_a_non_string_key(net):
    params, X, _ = net
    AL, _ = bp.forward(X, dict(params, **{}) | {1: "a note"})  # an extra key of any type is ignored
    np.testing.assert_array_equal(AL, bp.forward(X, params)[0])
    with raises("params has no 'W1' / 'b1' keys (its keys: 1, 2)"):
        bp.forward(X, {1: params["W1"], 2: params["b1"]})


def test_update_with_int_params_steps_in_float(net):
    new = bp.update({"W1": np.array([[1, 2]]), "b1": np.array([[0]])}, {"dW1": [[0.5, 0.5]], "db1": [[0.5]]}, 0.1)
    np.testing.assert_allclose(new["W1"], [[0.95, 1.95]])  # was [[1, 2]]: the step truncated away
    assert new["W1"].dtype == np.float64


@pytest.mark.parametrize("lr", ["abc", None, np.array([0.1, 0.2]), -0.1, 0, float("inf"), True])
def test_update_refuses_a_learning_rate_that_is_no_number(net, lr):
    params, X, Y = net
    AL, caches = bp.forward(X, params)
    with raises("W[l] := W[l] - alpha dW[l] (alpha = learning_rate): learning_rate = "):
        bp.update(params, bp.backward(AL, Y, caches), lr)


def test_update_refuses_nan_gradients(net):
    params, X, Y = net
    AL, caches = bp.forward(X, params)
    grads = bp.backward(AL, Y, caches)
    grads["db2"] = grads["db2"] * np.nan
    with raises("b[2] := b[2] - alpha db[2]: db[2] (2, 1) contains NaN"):
        bp.update(params, grads, 0.1)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"dtype": int}, "W[l] and b[l] must be float64 (the default) or float32"),
        ({"dtype": "abc"}, "dtype = 'abc'"),
        ({"seed": -1}, "seed = -1; a seed is a whole number >= 0"),
        ({"seed": 1.5}, "seed = 1.5"),
        ({"scale": -1.0}, "scale = -1.0, but it must be a finite number > 0"),
    ],
)
def test_init_params_refuses_odd_settings(kwargs, message):
    with raises(message):
        bp.init_params([3, 4, 2], **kwargs)


def test_gradcheck_with_an_extra_key_and_bad_eps(net):
    params, X, Y = net
    AL, caches = bp.forward(X, params)
    grads = bp.backward(AL, Y, caches)
    assert bp.gradcheck(dict(params, lr=0.1), X, Y, "tanh").passed()
    assert bp.gradcheck(dict(params, lr=0.1), X, Y, grads=dict(grads, note="x")).relative_error < 1e-7
    for eps in (0, -1e-6, float("nan"), "abc"):
        with raises("eps = "):
            bp.gradcheck(params, X, Y, eps=eps)


def test_numerical_gradient_refuses_int_and_float32_theta():
    def J(t):
        return float(np.sum(t.astype(np.float64) ** 2))

    with raises("theta has dtype int64; the nudge eps = 1e-06 would round back to a whole number"):
        bp.numerical_gradient(J, np.array([1000, 2000]))  # was [9.995e8, 1.9995e9] instead of [2000, 4000]
    with raises("theta has dtype float32; the nudge eps = 1e-06 is lost in rounding"):
        bp.numerical_gradient(J, np.array([3.0], np.float32))  # was 5.72 instead of 6
    with raises("eps = 1 is too small next to theta[0] = 2e+30"):
        bp.numerical_gradient(J, np.array([2e30]), eps=1)
    with raises("eps = 3.1777e+12 is no small nudge next to theta[0] = 0.411631"):
        bp.numerical_gradient(
            J, np.array([0.4116305363741328]), eps=3177703551614.0
        )  # was 0.82312 (cancellation), true 0.82326
    np.testing.assert_allclose(bp.numerical_gradient(J, np.array([3.0, -1.0])), [6.0, -2.0], rtol=1e-8)
