"""Data sets come in the lessons' layout; shape tables say the same as the arrays."""

from __future__ import annotations

import re

import numpy as np
import pytest

import backprop_lib as bp


@pytest.mark.parametrize("make", [bp.data.xor, bp.data.flower, bp.data.circles])
def test_binary_sets_are_columns_of_zeros_and_ones(make):
    X, Y = make(m=50, seed=3)
    assert X.shape == (2, 50) and Y.shape == (1, 50)
    assert set(np.unique(Y)) == {0.0, 1.0}
    X2, _ = make(m=50, seed=3)
    np.testing.assert_array_equal(X, X2)  # seeded


def test_spirals_are_one_hot():
    X, Y = bp.data.spirals(m=60, classes=3)
    assert X.shape == (2, 60) and Y.shape == (3, 60)
    np.testing.assert_array_equal(Y.sum(axis=0), 1)


def test_digits_ship_with_the_package():
    X, Y = bp.data.digits()
    assert X.shape == (64, 1797) and Y.shape == (10, 1797)
    assert X.min() == 0 and X.max() == 1
    np.testing.assert_array_equal(Y.sum(axis=0), 1)
    assert np.argmax(Y[:, :10], axis=0).tolist() == list(range(10))
    Xtr, Ytr, Xte, Yte = bp.data.split(X, Y, 0.25, seed=0)
    assert Xtr.shape[1] + Xte.shape[1] == 1797 and Xte.shape[1] == 449
    assert Ytr.shape == (10, Xtr.shape[1])


def test_one_hot_and_bad_labels():
    np.testing.assert_array_equal(bp.data.one_hot([2, 0], 3), [[0, 1], [0, 0], [1, 0]])
    with pytest.raises(ValueError, match="outside 0..2"):
        bp.data.one_hot([3], 3)
    with pytest.raises(ValueError, match="m = 0"):
        bp.data.xor(m=0)


def test_shape_table_matches_the_arrays():
    dims, m = [3, 5, 2], 7
    table = bp.shape_table(dims, m)
    params = bp.init_params(dims)
    AL, caches = bp.forward(np.zeros((3, m)), params)
    grads = bp.backward(AL, bp.data.one_hot(np.zeros(m, int), 2), caches)
    arrays = {"X = A[0], dA[0]": grads["dA0"]}
    for c in caches:
        arrays[f"W[{c.l}], dW[{c.l}]"] = grads[f"dW{c.l}"]
        arrays[f"b[{c.l}], db[{c.l}]"] = grads[f"db{c.l}"]
        arrays[f"Z[{c.l}], A[{c.l}], dZ[{c.l}], dA[{c.l}]"] = c.Z
    assert {r.names: r.shape for r in table.rows} == {k: v.shape for k, v in arrays.items()}
    text = str(table)
    assert "(n[2], n[1])" in text and "(2, 5)" in text
    assert "<table>" in table._repr_html_()


def test_version_is_exposed():
    assert bp.__version__.count(".") == 2


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: bp.data.xor(m=5, noise=float("nan")), "noise = nan, but it must be a finite number"),
        (lambda: bp.data.circles(m=5, noise=-1.0), "noise = -1.0 must be between 0 and 1000"),
        (lambda: bp.data.xor(m=5, noise=1e308), "noise = 1e+308 must be between 0 and 1000"),
        (
            lambda: bp.data.flower(m=50, petals=2**70),
            "petals = 1,180,591,620,717,411,303,424 but there are only m = 50 points",
        ),
        (lambda: bp.data.spirals(m=7, classes=2**80), "at most m classes"),
        (lambda: bp.data.xor(m=10**12), "would need 59,604.6 GiB of memory"),
        (lambda: bp.init_params([10**6, 10**5]), "would need 745.1 GiB of memory"),
        (lambda: bp.data.flower(m=50, petals=0), "petals = 0"),
        (lambda: bp.data.flower(m=50, petals=3), "petals = 3: the petals alternate between the two classes"),
        (lambda: bp.data.spirals(m=50, classes=1), "classes = 1"),
        (lambda: bp.data.xor(m=5, seed=-1), "xor: seed = -1"),
        (lambda: bp.data.split(np.zeros((2, 1)), np.zeros((1, 1))), "m = 1 examples; a training and a test set"),
        (lambda: bp.data.one_hot([]), "one_hot: no labels and no n_classes"),
        (lambda: bp.data.one_hot([0.5]), "labels must be whole numbers"),
        (lambda: bp.data.one_hot([3e9]), "is a Y of 3,000,000,001 entries"),
        (
            lambda: bp.shape_table([3, -2], 5),
            "n[1] = -2: layer_dims = [3, -2]: every layer size must be an integer >= 1",
        ),
        (lambda: bp.shape_table([3, 2], 0), "m = 0: the number of examples must be an integer >= 1"),
    ],
)
def test_data_and_shape_table_refuse_odd_arguments(call, message):
    with pytest.raises(bp.InputError, match=re.escape(message)):
        call()


def test_edge_cases_that_work():
    assert bp.data.one_hot([], 3).shape == (3, 0)
    Xtr, Ytr, Xte, Yte = bp.data.split(np.arange(4.0).reshape(2, 2), np.array([[0.0, 1.0]]), 0.9)
    assert Xtr.shape == (2, 1) and Xte.shape == (2, 1)  # each side keeps one example


def test_one_shape_to_text_helper():
    from backprop_lib import _validate, widgets

    assert bp.shapes.shape_str is _validate.shape_str and widgets.base.shape_str is _validate.shape_str
    assert _validate.shape_str(np.zeros((4, 3))) == "(4, 3)" == _validate.shape_str(shape=(4, 3))
    assert _validate.shape_str(shape=(5,)) == "(5,)" and _validate.shape_str([1]) == "a list"
    assert not hasattr(bp.shapes, "_t") and not hasattr(widgets.base, "_shape")


def test_relative_error_is_reachable():
    from backprop_lib.gradcheck import relative_error

    assert bp.relative_error is relative_error and bp.relative_error(np.ones(2), np.ones(2)) == 0.0
    assert callable(bp.gradcheck) and bp.elementwise_error(np.ones(2), -np.ones(2)).tolist() == [1.0, 1.0]
