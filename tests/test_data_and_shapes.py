"""Data sets come in the lessons' layout; shape tables say the same as the arrays."""

from __future__ import annotations

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
