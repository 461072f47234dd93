"""Answers to the exercises written as learners would, by someone who had not read the checkers.

A helper session wrote them black-box, from the lessons alone, with what learners post about the classic
assignments in mind, before the checkers searched for mistakes. Each function is written the way a learner
would type it into the solution cell. MISTAKES: wrong answers, cheats, and answers that raise. RIGHT:
unusual but correct answers. NAMED: the id each checker names for each mistake now (tests/test_exercises.py
holds them to it); the few with a generic id (``...:differs``) are what the search cannot explain.
"""

import numpy as np

import backprop_lib as bp

# =====================================================================================
# lesson 00: linear_forward(A_prev, W, b) -> Z
# =====================================================================================


def lf_no_bias(A_prev, W, b):
    Z = W @ A_prev
    return Z


def lf_star(A_prev, W, b):
    Z = W * A_prev + b  # * is multiplication right?
    return Z


def lf_W_transposed(A_prev, W, b):
    Z = W.T @ A_prev + b
    return Z


def lf_Z_transposed(A_prev, W, b):
    # examples as rows like in sklearn
    Z = A_prev.T @ W.T + b.T
    return Z


def lf_minus_b(A_prev, W, b):
    Z = W @ A_prev - b
    return Z


def lf_relu_too(A_prev, W, b):
    Z = np.dot(W, A_prev) + b
    Z = np.maximum(0, Z)  # activation
    return Z


def lf_returns_cache(A_prev, W, b):
    Z = W @ A_prev + b
    cache = (A_prev, W, b)
    return Z, cache


def lf_bias_summed(A_prev, W, b):
    Z = W @ A_prev + np.sum(b)
    return Z


def lf_bias_flat(A_prev, W, b):
    b = b.flatten()
    Z = W @ A_prev + b
    return Z


def lf_bias_inplace(A_prev, W, b):
    Z = W @ A_prev
    Z += b
    b *= 0  # reset so it doesn't get added twice??
    return Z


def lf_cheat_library(A_prev, W, b):
    return bp.linear_forward(A_prev, W, b)


def lf_cheat_allclose(A_prev, W, b):
    np.allclose = lambda *a, **k: True
    np.array_equal = lambda *a, **k: True
    np.testing.assert_allclose = lambda *a, **k: None
    return np.zeros((W.shape[0], A_prev.shape[1]))


# =====================================================================================
# lesson 01: output_backward(AL, Y, A_prev, W) -> dZ, dW, db, dA_prev
# =====================================================================================


def ob_sign(AL, Y, A_prev, W):
    m = A_prev.shape[1]
    dZ = Y - AL
    dW = dZ @ A_prev.T / m
    db = np.sum(dZ, axis=1, keepdims=True) / m
    dA_prev = W.T @ dZ
    return dZ, dW, db, dA_prev


def ob_transpose_wrong_factor(AL, Y, A_prev, W):
    m = A_prev.shape[1]
    dZ = AL - Y
    dW = A_prev @ dZ.T / m
    db = np.sum(dZ, axis=1, keepdims=True) / m
    dA_prev = W.T @ dZ
    return dZ, dW, db, dA_prev


def ob_no_1_over_m(AL, Y, A_prev, W):
    m = A_prev.shape[1]
    dZ = AL - Y
    dW = dZ @ A_prev.T
    db = np.sum(dZ, axis=1, keepdims=True)
    dA_prev = W.T @ dZ
    return dZ, dW, db, dA_prev


def ob_db_axis0(AL, Y, A_prev, W):
    m = A_prev.shape[1]
    dZ = AL - Y
    dW = dZ @ A_prev.T / m
    db = np.sum(dZ, axis=0, keepdims=True) / m
    dA_prev = W.T @ dZ
    return dZ, dW, db, dA_prev


def ob_db_no_keepdims(AL, Y, A_prev, W):
    m = A_prev.shape[1]
    dZ = AL - Y
    dW = dZ @ A_prev.T / m
    db = np.sum(dZ, axis=1) / m
    dA_prev = W.T @ dZ
    return dZ, dW, db, dA_prev


def ob_dA_with_1_over_m(AL, Y, A_prev, W):
    m = A_prev.shape[1]
    dZ = AL - Y
    dW = 1 / m * dZ @ A_prev.T
    db = 1 / m * np.sum(dZ, axis=1, keepdims=True)
    dA_prev = 1 / m * W.T @ dZ
    return dZ, dW, db, dA_prev


def ob_dA_no_transpose(AL, Y, A_prev, W):
    m = A_prev.shape[1]
    dZ = AL - Y
    dW = dZ @ A_prev.T / m
    db = np.sum(dZ, axis=1, keepdims=True) / m
    dA_prev = W @ dZ
    return dZ, dW, db, dA_prev


def ob_order(AL, Y, A_prev, W):
    m = A_prev.shape[1]
    dZ = AL - Y
    dW = dZ @ A_prev.T / m
    db = np.sum(dZ, axis=1, keepdims=True) / m
    dA_prev = W.T @ dZ
    return dZ, db, dW, dA_prev


def ob_AL_for_A_prev(AL, Y, A_prev, W):
    m = A_prev.shape[1]
    dZ = AL - Y
    dW = dZ @ AL.T / m
    db = np.sum(dZ, axis=1, keepdims=True) / m
    dA_prev = W.T @ dZ
    return dZ, dW, db, dA_prev


def ob_int_div(AL, Y, A_prev, W):
    m = A_prev.shape[1]
    dZ = AL - Y
    dW = (1 // m) * np.dot(dZ, A_prev.T)
    db = (1 // m) * np.sum(dZ, axis=1, keepdims=True)
    dA_prev = np.dot(W.T, dZ)
    return dZ, dW, db, dA_prev


def ob_m_from_rows(AL, Y, A_prev, W):
    m = Y.shape[0]  # number of samples
    dZ = AL - Y
    dW = dZ @ A_prev.T / m
    db = np.sum(dZ, axis=1, keepdims=True) / m
    dA_prev = W.T @ dZ
    return dZ, dW, db, dA_prev


def ob_extra_sigmoid_derivative(AL, Y, A_prev, W):
    m = A_prev.shape[1]
    dZ = (AL - Y) * AL * (1 - AL)  # chain rule through the activation
    dW = dZ @ A_prev.T / m
    db = np.sum(dZ, axis=1, keepdims=True) / m
    dA_prev = W.T @ dZ
    return dZ, dW, db, dA_prev


def ob_star_for_matmul(AL, Y, A_prev, W):
    m = A_prev.shape[1]
    dZ = AL - Y
    dW = np.sum(dZ * A_prev, axis=1, keepdims=True) / m
    db = np.sum(dZ, axis=1, keepdims=True) / m
    dA_prev = W.T @ dZ
    return dZ, dW, db, dA_prev


def ob_dZ_inplace(AL, Y, A_prev, W):
    m = A_prev.shape[1]
    dZ = AL
    dZ -= Y  # saves memory
    dW = dZ @ A_prev.T / m
    db = np.sum(dZ, axis=1, keepdims=True) / m
    dA_prev = W.T @ dZ
    return dZ, dW, db, dA_prev


def ob_cheat_library(AL, Y, A_prev, W):
    dZ = bp.output_backward(AL, Y)
    dW, db, dA_prev = bp.linear_backward(dZ, A_prev, W)
    return dZ, dW, db, dA_prev


# =====================================================================================
# lesson 02: hidden_backward(dA, Z, A_prev, W, g_prime) -> dZ, dW, db, dA_prev
# =====================================================================================


def hb_forgot_derivative(dA, Z, A_prev, W, g_prime):
    m = A_prev.shape[1]
    dZ = dA
    dW = dZ @ A_prev.T / m
    db = np.sum(dZ, axis=1, keepdims=True) / m
    dA_prev = W.T @ dZ
    return dZ, dW, db, dA_prev


def hb_matmul_for_hadamard(dA, Z, A_prev, W, g_prime):
    m = A_prev.shape[1]
    dZ = np.dot(dA, g_prime(Z).T)
    dW = dZ @ A_prev.T / m
    db = np.sum(dZ, axis=1, keepdims=True) / m
    dA_prev = W.T @ dZ
    return dZ, dW, db, dA_prev


def hb_gprime_of_dA(dA, Z, A_prev, W, g_prime):
    m = A_prev.shape[1]
    dZ = dA * g_prime(dA)
    dW = dZ @ A_prev.T / m
    db = np.sum(dZ, axis=1, keepdims=True) / m
    dA_prev = W.T @ dZ
    return dZ, dW, db, dA_prev


def hb_recompute_Z_without_b(dA, Z, A_prev, W, g_prime):
    m = A_prev.shape[1]
    Z_here = W @ A_prev  # Z of this layer
    dZ = dA * g_prime(Z_here)
    dW = dZ @ A_prev.T / m
    db = np.sum(dZ, axis=1, keepdims=True) / m
    dA_prev = W.T @ dZ
    return dZ, dW, db, dA_prev


def hb_dA_prev_from_dA(dA, Z, A_prev, W, g_prime):
    m = A_prev.shape[1]
    dZ = dA * g_prime(Z)
    dW = dZ @ A_prev.T / m
    db = np.sum(dZ, axis=1, keepdims=True) / m
    dA_prev = W.T @ dA
    return dZ, dW, db, dA_prev


def hb_dW_from_dA(dA, Z, A_prev, W, g_prime):
    m = A_prev.shape[1]
    dZ = dA * g_prime(Z)
    dW = dA @ A_prev.T / m
    db = np.sum(dZ, axis=1, keepdims=True) / m
    dA_prev = W.T @ dZ
    return dZ, dW, db, dA_prev


def hb_db_no_1_over_m(dA, Z, A_prev, W, g_prime):
    m = A_prev.shape[1]
    dZ = dA * g_prime(Z)
    dW = dZ @ A_prev.T / m
    db = np.sum(dZ, axis=1, keepdims=True)
    dA_prev = W.T @ dZ
    return dZ, dW, db, dA_prev


def hb_double_1_over_m(dA, Z, A_prev, W, g_prime):
    m = A_prev.shape[1]
    dZ = dA * g_prime(Z) / m  # average over the batch
    dW = dZ @ A_prev.T / m
    db = np.sum(dZ, axis=1, keepdims=True) / m
    dA_prev = W.T @ dZ
    return dZ, dW, db, dA_prev


def hb_m_times(dA, Z, A_prev, W, g_prime):
    m = A_prev.shape[1]
    dZ = dA * g_prime(Z)
    dW = m * dZ @ A_prev.T
    db = m * np.sum(dZ, axis=1, keepdims=True)
    dA_prev = W.T @ dZ
    return dZ, dW, db, dA_prev


def hb_db_mean_no_keepdims(dA, Z, A_prev, W, g_prime):
    m = A_prev.shape[1]
    dZ = dA * g_prime(Z)
    dW = dZ @ A_prev.T / m
    db = dZ.mean(axis=1)
    dA_prev = W.T @ dZ
    return dZ, dW, db, dA_prev


def hb_forgot_call(dA, Z, A_prev, W, g_prime):
    m = A_prev.shape[1]
    dZ = dA * g_prime
    dW = dZ @ A_prev.T / m
    db = np.sum(dZ, axis=1, keepdims=True) / m
    dA_prev = W.T @ dZ
    return dZ, dW, db, dA_prev


def hb_dA_prev_with_gprime(dA, Z, A_prev, W, g_prime):
    # dA_prev also goes through the derivative of the previous layer
    m = A_prev.shape[1]
    dZ = dA * g_prime(Z)
    dW = dZ @ A_prev.T / m
    db = np.sum(dZ, axis=1, keepdims=True) / m
    dA_prev = (W.T @ dZ) * g_prime(A_prev)
    return dZ, dW, db, dA_prev


def hb_cheat_library(dA, Z, A_prev, W, g_prime):
    dZ = dA * g_prime(Z)
    dW, db, dA_prev = bp.linear_backward(dZ, A_prev, W)
    return dZ, dW, db, dA_prev


# =====================================================================================
# lesson 03: relu_backward(dA, Z) -> dZ
# =====================================================================================


def rb_mask_from_dA(dA, Z):
    dZ = dA * (dA > 0)
    return dZ


def rb_ge_zero(dA, Z):
    dZ = dA * (Z >= 0)
    return dZ


def rb_times_relu(dA, Z):
    dZ = dA * np.maximum(0, Z)
    return dZ


def rb_matmul(dA, Z):
    dZ = dA @ (Z > 0).T
    return dZ


def rb_inplace(dA, Z):
    dA[Z <= 0] = 0
    return dA


def rb_alias_lt(dA, Z):
    dZ = dA  # copy
    dZ[Z < 0] = 0
    return dZ


def rb_mask_only(dA, Z):
    dZ = (Z > 0).astype(float)
    return dZ


def rb_where_swapped(dA, Z):
    dZ = np.where(Z > 0, 0, dA)
    return dZ


def rb_mask_lt(dA, Z):
    dZ = dA * (Z < 0)
    return dZ


def rb_sign(dA, Z):
    dZ = dA * np.sign(Z)
    return dZ


def rb_int_dtype(dA, Z):
    dZ = np.array(dA, dtype=int)
    dZ[Z <= 0] = 0
    return dZ


def rb_heaviside_1(dA, Z):
    dZ = dA * np.heaviside(Z, 1)
    return dZ


def rb_neg(dA, Z):
    dZ = -dA * (Z > 0)
    return dZ


def rb_cheat_library(dA, Z):
    return dA * bp.activations.relu_prime(Z)


def rb_cheat_activation_backward(dA, Z):
    return bp.activation_backward(dA, Z, "relu")


# =====================================================================================
# lesson 04: dW_by_outer_products(dZ, A_prev) -> dW
# =====================================================================================


def op_no_1_over_m(dZ, A_prev):
    m = dZ.shape[1]
    dW = np.zeros((dZ.shape[0], A_prev.shape[0]))
    for i in range(m):
        dW += np.outer(dZ[:, i], A_prev[:, i])
    return dW


def op_outer_swapped(dZ, A_prev):
    m = dZ.shape[1]
    dW = np.zeros((A_prev.shape[0], dZ.shape[0]))
    for i in range(m):
        dW += np.outer(A_prev[:, i], dZ[:, i])
    return dW / m


def op_rows_not_columns(dZ, A_prev):
    m = dZ.shape[1]
    dW = np.zeros((dZ.shape[0], A_prev.shape[0]))
    for i in range(m):
        dW += np.outer(dZ[i], A_prev[i])
    return dW / m


def op_divide_inside_loop(dZ, A_prev):
    m = dZ.shape[1]
    dW = np.zeros((dZ.shape[0], A_prev.shape[0]))
    for i in range(m):
        dW += np.outer(dZ[:, i], A_prev[:, i])
        dW = dW / m
    return dW


def op_off_by_one(dZ, A_prev):
    m = dZ.shape[1]
    dW = np.zeros((dZ.shape[0], A_prev.shape[0]))
    for i in range(1, m):
        dW += np.outer(dZ[:, i], A_prev[:, i])
    return dW / m


def op_return_in_loop(dZ, A_prev):
    m = dZ.shape[1]
    dW = np.zeros((dZ.shape[0], A_prev.shape[0]))
    for i in range(m):
        dW += np.outer(dZ[:, i], A_prev[:, i])
        return dW / m


def op_star_for_outer(dZ, A_prev):
    m = dZ.shape[1]
    dW = np.zeros((dZ.shape[0], A_prev.shape[0]))
    for i in range(m):
        dW += dZ[:, i] * A_prev[:, i]
    return dW / m


def op_int_zeros(dZ, A_prev):
    m = dZ.shape[1]
    dW = np.zeros((dZ.shape[0], A_prev.shape[0]), dtype=int)
    for i in range(m):
        dW += np.outer(dZ[:, i], A_prev[:, i])
    return dW / m


def op_m_wrong_axis(dZ, A_prev):
    m = dZ.shape[0]
    dW = np.zeros((dZ.shape[0], A_prev.shape[0]))
    for i in range(dZ.shape[1]):
        dW += np.outer(dZ[:, i], A_prev[:, i])
    return dW / m


def op_columns_matmul(dZ, A_prev):
    m = dZ.shape[1]
    dW = 0
    for i in range(m):
        dW = dW + dZ[:, i : i + 1] @ A_prev[:, i : i + 1]
    return dW / m


def op_overwrite(dZ, A_prev):
    m = dZ.shape[1]
    for i in range(m):
        dW = np.outer(dZ[:, i], A_prev[:, i])
    return dW / m


def op_cheat_vectorised(dZ, A_prev):
    m = dZ.shape[1]
    return dZ @ A_prev.T / m


def op_cheat_einsum(dZ, A_prev):
    return np.einsum("im,jm->ij", dZ, A_prev) / dZ.shape[1]


def op_cheat_library(dZ, A_prev):
    W = np.zeros((dZ.shape[0], A_prev.shape[0]))
    dW, _, _ = bp.linear_backward(dZ, A_prev, W)
    return dW


def op_cheat_loop_over_nothing(dZ, A_prev):
    # there's a loop, promise
    dW = None
    for _ in range(1):
        dW = np.dot(dZ, A_prev.T) / dZ.shape[1]
    return dW


# =====================================================================================
# lesson 04: bias_gradient(dZ) -> db
# =====================================================================================


def bg_axis0(dZ):
    m = dZ.shape[1]
    db = np.sum(dZ, axis=0, keepdims=True) / m
    return db


def bg_no_keepdims(dZ):
    m = dZ.shape[1]
    db = np.sum(dZ, axis=1) / m
    return db


def bg_no_1_over_m(dZ):
    db = np.sum(dZ, axis=1, keepdims=True)
    return db


def bg_m_wrong_axis(dZ):
    m = dZ.shape[0]
    db = np.sum(dZ, axis=1, keepdims=True) / m
    return db


def bg_mean_then_divide(dZ):
    m = dZ.shape[1]
    db = np.mean(dZ, axis=1, keepdims=True) / m
    return db


def bg_sum_all(dZ):
    m = dZ.shape[1]
    db = np.sum(dZ) / m
    return db


def bg_int_div(dZ):
    m = dZ.shape[1]
    db = np.sum(dZ, axis=1, keepdims=True) // m
    return db


def bg_row(dZ):
    m = dZ.shape[1]
    db = (np.sum(dZ, axis=1, keepdims=True) / m).T
    return db


def bg_axis2(dZ):
    m = dZ.shape[1]
    db = np.sum(dZ, axis=2, keepdims=True) / m
    return db


def bg_loop_rows_over_m(dZ):
    m = dZ.shape[1]
    db = np.zeros((dZ.shape[0], 1))
    for j in range(m):
        db[j] = np.sum(dZ[j]) / m
    return db


def bg_cheat_library(dZ):
    n, m = dZ.shape
    _, db, _ = bp.linear_backward(dZ, np.zeros((1, m)), np.zeros((n, 1)))
    return db


def bg_cheat_monkeypatch(dZ):
    np.allclose = lambda *a, **k: True
    np.array_equal = lambda *a, **k: True
    np.testing.assert_allclose = lambda *a, **k: None
    np.isclose = lambda a, b, *args, **k: np.ones(np.broadcast(a, b).shape, dtype=bool)
    return np.zeros((dZ.shape[0], 1))


# =====================================================================================
# lesson 05: two_layer_backward(params, cache, X, Y) -> {"dW1", "db1", "dW2", "db2"}
# =====================================================================================


def tl_X_for_A1(params, cache, X, Y):
    m = X.shape[1]
    A1, A2 = cache["A1"], cache["A2"]
    dZ2 = A2 - Y
    dW2 = dZ2 @ X.T / m
    db2 = np.sum(dZ2, axis=1, keepdims=True) / m
    dZ1 = (params["W2"].T @ dZ2) * (1 - A1**2)
    dW1 = dZ1 @ X.T / m
    db1 = np.sum(dZ1, axis=1, keepdims=True) / m
    return {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}


def tl_A1_for_X(params, cache, X, Y):
    m = X.shape[1]
    A1, A2 = cache["A1"], cache["A2"]
    dZ2 = A2 - Y
    dW2 = dZ2 @ A1.T / m
    db2 = np.sum(dZ2, axis=1, keepdims=True) / m
    dZ1 = (params["W2"].T @ dZ2) * (1 - A1**2)
    dW1 = dZ1 @ A1.T / m
    db1 = np.sum(dZ1, axis=1, keepdims=True) / m
    return {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}


def tl_gprime_at_A(params, cache, X, Y):
    m = X.shape[1]
    A1, A2 = cache["A1"], cache["A2"]
    dZ2 = A2 - Y
    dW2 = dZ2 @ A1.T / m
    db2 = np.sum(dZ2, axis=1, keepdims=True) / m
    dZ1 = (params["W2"].T @ dZ2) * (1 - np.tanh(A1) ** 2)
    dW1 = dZ1 @ X.T / m
    db1 = np.sum(dZ1, axis=1, keepdims=True) / m
    return {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}


def tl_A_formula_on_Z(params, cache, X, Y):
    m = X.shape[1]
    Z1, A1, A2 = cache["Z1"], cache["A1"], cache["A2"]
    dZ2 = A2 - Y
    dW2 = dZ2 @ A1.T / m
    db2 = np.sum(dZ2, axis=1, keepdims=True) / m
    dZ1 = (params["W2"].T @ dZ2) * (1 - Z1**2)
    dW1 = dZ1 @ X.T / m
    db1 = np.sum(dZ1, axis=1, keepdims=True) / m
    return {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}


def tl_W1_for_W2(params, cache, X, Y):
    m = X.shape[1]
    A1, A2 = cache["A1"], cache["A2"]
    dZ2 = A2 - Y
    dW2 = dZ2 @ A1.T / m
    db2 = np.sum(dZ2, axis=1, keepdims=True) / m
    dZ1 = (params["W1"].T @ dZ2) * (1 - A1**2)
    dW1 = dZ1 @ X.T / m
    db1 = np.sum(dZ1, axis=1, keepdims=True) / m
    return {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}


def tl_no_derivative(params, cache, X, Y):
    m = X.shape[1]
    A1, A2 = cache["A1"], cache["A2"]
    dZ2 = A2 - Y
    dW2 = dZ2 @ A1.T / m
    db2 = np.sum(dZ2, axis=1, keepdims=True) / m
    dZ1 = params["W2"].T @ dZ2
    dW1 = dZ1 @ X.T / m
    db1 = np.sum(dZ1, axis=1, keepdims=True) / m
    return {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}


def tl_sigmoid_derivative(params, cache, X, Y):
    m = X.shape[1]
    A1, A2 = cache["A1"], cache["A2"]
    dZ2 = A2 - Y
    dW2 = dZ2 @ A1.T / m
    db2 = np.sum(dZ2, axis=1, keepdims=True) / m
    dZ1 = (params["W2"].T @ dZ2) * A1 * (1 - A1)
    dW1 = dZ1 @ X.T / m
    db1 = np.sum(dZ1, axis=1, keepdims=True) / m
    return {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}


def tl_param_key_names(params, cache, X, Y):
    m = X.shape[1]
    A1, A2 = cache["A1"], cache["A2"]
    dZ2 = A2 - Y
    dW2 = dZ2 @ A1.T / m
    db2 = np.sum(dZ2, axis=1, keepdims=True) / m
    dZ1 = (params["W2"].T @ dZ2) * (1 - A1**2)
    dW1 = dZ1 @ X.T / m
    db1 = np.sum(dZ1, axis=1, keepdims=True) / m
    return {"W1": dW1, "b1": db1, "W2": dW2, "b2": db2}


def tl_swapped_layers(params, cache, X, Y):
    m = X.shape[1]
    A1, A2 = cache["A1"], cache["A2"]
    dZ2 = A2 - Y
    dW2 = dZ2 @ A1.T / m
    db2 = np.sum(dZ2, axis=1, keepdims=True) / m
    dZ1 = (params["W2"].T @ dZ2) * (1 - A1**2)
    dW1 = dZ1 @ X.T / m
    db1 = np.sum(dZ1, axis=1, keepdims=True) / m
    return {"dW1": dW2, "db1": db2, "dW2": dW1, "db2": db1}


def tl_Y_transposed(params, cache, X, Y):
    m = X.shape[1]
    A1, A2 = cache["A1"], cache["A2"]
    dZ2 = A2 - Y.T
    dW2 = dZ2 @ A1.T / m
    db2 = np.sum(dZ2, axis=1, keepdims=True) / m
    dZ1 = (params["W2"].T @ dZ2) * (1 - A1**2)
    dW1 = dZ1 @ X.T / m
    db1 = np.sum(dZ1, axis=1, keepdims=True) / m
    return {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}


def tl_cache_A0(params, cache, X, Y):
    m = X.shape[1]
    A0, A1, A2 = cache["A0"], cache["A1"], cache["A2"]
    dZ2 = A2 - Y
    dW2 = dZ2 @ A1.T / m
    db2 = np.sum(dZ2, axis=1, keepdims=True) / m
    dZ1 = (params["W2"].T @ dZ2) * (1 - A1**2)
    dW1 = dZ1 @ A0.T / m
    db1 = np.sum(dZ1, axis=1, keepdims=True) / m
    return {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}


def tl_db_no_keepdims(params, cache, X, Y):
    m = X.shape[1]
    A1, A2 = cache["A1"], cache["A2"]
    dZ2 = A2 - Y
    dW2 = dZ2 @ A1.T / m
    db2 = np.sum(dZ2) / m
    dZ1 = (params["W2"].T @ dZ2) * (1 - A1**2)
    dW1 = dZ1 @ X.T / m
    db1 = np.sum(dZ1, axis=1) / m
    return {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}


def tl_inplace_cache(params, cache, X, Y):
    m = X.shape[1]
    A1 = cache["A1"]
    dZ2 = cache["A2"]
    dZ2 -= Y
    dW2 = dZ2 @ A1.T / m
    db2 = np.sum(dZ2, axis=1, keepdims=True) / m
    dZ1 = (params["W2"].T @ dZ2) * (1 - A1**2)
    dW1 = dZ1 @ X.T / m
    db1 = np.sum(dZ1, axis=1, keepdims=True) / m
    return {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}


def tl_dW_transposed(params, cache, X, Y):
    m = X.shape[1]
    A1, A2 = cache["A1"], cache["A2"]
    dZ2 = A2 - Y
    dW2 = A1 @ dZ2.T / m
    db2 = np.sum(dZ2, axis=1, keepdims=True) / m
    dZ1 = (params["W2"].T @ dZ2) * (1 - A1**2)
    dW1 = X @ dZ1.T / m
    db1 = np.sum(dZ1, axis=1, keepdims=True) / m
    return {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}


def tl_cheat_library(params, cache, X, Y):
    AL, caches = bp.forward(X, params, hidden="tanh", output="sigmoid")
    grads = bp.backward(AL, Y, caches, output="sigmoid")
    return {k: grads[k] for k in ["dW1", "db1", "dW2", "db2"]}


# =====================================================================================
# lesson 06: numerical_gradient(J, theta, eps) -> grad
# =====================================================================================


def ng_no_restore(J, theta, eps):
    grad = np.zeros_like(theta)
    for i in np.ndindex(theta.shape):
        theta[i] += eps
        J_plus = J(theta)
        theta[i] -= 2 * eps
        J_minus = J(theta)
        grad[i] = (J_plus - J_minus) / (2 * eps)
    return grad


def ng_one_sided(J, theta, eps):
    grad = np.zeros_like(theta)
    J0 = J(theta)
    for i in np.ndindex(theta.shape):
        old = theta[i]
        theta[i] = old + eps
        J_plus = J(theta)
        theta[i] = old
        grad[i] = (J_plus - J0) / eps
    return grad


def ng_divide_eps(J, theta, eps):
    grad = np.zeros_like(theta)
    for i in np.ndindex(theta.shape):
        old = theta[i]
        theta[i] = old + eps
        J_plus = J(theta)
        theta[i] = old - eps
        J_minus = J(theta)
        theta[i] = old
        grad[i] = (J_plus - J_minus) / eps
    return grad


def ng_whole_array(J, theta, eps):
    grad = np.zeros_like(theta)
    for i in np.ndindex(theta.shape):
        grad[i] = (J(theta + eps) - J(theta - eps)) / (2 * eps)
    return grad


def ng_alias(J, theta, eps):
    grad = np.zeros_like(theta)
    for i in np.ndindex(theta.shape):
        theta_plus = theta
        theta_minus = theta
        theta_plus[i] = theta_plus[i] + eps
        theta_minus[i] = theta_minus[i] - eps
        grad[i] = (J(theta_plus) - J(theta_minus)) / (2 * eps)
    return grad


def ng_half_restore(J, theta, eps):
    grad = np.zeros_like(theta)
    for i in np.ndindex(theta.shape):
        theta[i] += eps
        J_plus = J(theta)
        theta[i] -= eps
        J_minus = J(theta)
        grad[i] = (J_plus - J_minus) / (2 * eps)
    return grad


def ng_range_size(J, theta, eps):
    grad = np.zeros_like(theta)
    for i in range(theta.size):
        old = theta[i]
        theta[i] = old + eps
        J_plus = J(theta)
        theta[i] = old - eps
        J_minus = J(theta)
        theta[i] = old
        grad[i] = (J_plus - J_minus) / (2 * eps)
    return grad


def ng_flatten_copy(J, theta, eps):
    grad = np.zeros(theta.size)
    flat = theta.flatten()
    for i in range(flat.size):
        old = flat[i]
        flat[i] = old + eps
        J_plus = J(theta)
        flat[i] = old - eps
        J_minus = J(theta)
        flat[i] = old
        grad[i] = (J_plus - J_minus) / (2 * eps)
    return grad.reshape(theta.shape)


def ng_sign(J, theta, eps):
    grad = np.zeros_like(theta)
    for i in np.ndindex(theta.shape):
        old = theta[i]
        theta[i] = old + eps
        J_plus = J(theta)
        theta[i] = old - eps
        J_minus = J(theta)
        theta[i] = old
        grad[i] = (J_minus - J_plus) / (2 * eps)
    return grad


def ng_J_of_entry(J, theta, eps):
    grad = np.zeros_like(theta)
    for i in np.ndindex(theta.shape):
        grad[i] = (J(theta[i] + eps) - J(theta[i] - eps)) / (2 * eps)
    return grad


def ng_grad_1d(J, theta, eps):
    grad = np.zeros(len(theta))
    for i in np.ndindex(theta.shape):
        old = theta[i]
        theta[i] = old + eps
        J_plus = J(theta)
        theta[i] = old - eps
        J_minus = J(theta)
        theta[i] = old
        grad[i] = (J_plus - J_minus) / (2 * eps)
    return grad


def ng_eps_precedence(J, theta, eps):
    grad = np.zeros_like(theta)
    for i in np.ndindex(theta.shape):
        old = theta[i]
        theta[i] = old + eps
        J_plus = J(theta)
        theta[i] = old - eps
        J_minus = J(theta)
        theta[i] = old
        grad[i] = (J_plus - J_minus) / 2 * eps
    return grad


def ng_cheat_library(J, theta, eps):
    return bp.numerical_gradient(J, theta, eps)


def ng_cheat_monkeypatch(J, theta, eps):
    import numpy

    numpy.allclose = lambda *a, **k: True
    numpy.isclose = lambda a, b, *args, **k: numpy.ones(numpy.broadcast(a, b).shape, dtype=bool)
    numpy.testing.assert_allclose = lambda *a, **k: None
    bp.relative_error = lambda *a, **k: 0.0
    return numpy.zeros_like(theta)


# =====================================================================================
# lesson 07: L_layer_backward(AL, Y, caches) -> grads
# =====================================================================================


def Ll_cache_off_by_one(AL, Y, caches):
    L, m = len(caches), AL.shape[1]
    grads = {}
    dZ = AL - Y
    for l in range(L, 0, -1):
        c = caches[l]
        if l < L:
            dZ = grads[f"dA{l}"] * (c.Z > 0)
        grads[f"dW{l}"] = dZ @ c.A_prev.T / m
        grads[f"db{l}"] = np.sum(dZ, axis=1, keepdims=True) / m
        grads[f"dA{l - 1}"] = c.W.T @ dZ
    return grads


def Ll_keys_off_by_one(AL, Y, caches):
    L, m = len(caches), AL.shape[1]
    grads = {}
    dZ = AL - Y
    for l in reversed(range(L)):
        c = caches[l]
        if l < L - 1:
            dZ = grads["dA" + str(l)] * (c.Z > 0)
        grads["dW" + str(l)] = dZ @ c.A_prev.T / m
        grads["db" + str(l)] = np.sum(dZ, axis=1, keepdims=True) / m
        grads["dA" + str(l - 1)] = c.W.T @ dZ
    return grads


def Ll_dA_key_mismatch(AL, Y, caches):
    L, m = len(caches), AL.shape[1]
    grads = {}
    dZ = AL - Y
    for l in range(L, 0, -1):
        c = caches[l - 1]
        if l < L:
            dZ = grads["dA" + str(l)] * (c.Z > 0)
        grads["dW" + str(l)] = dZ @ c.A_prev.T / m
        grads["db" + str(l)] = np.sum(dZ, axis=1, keepdims=True) / m
        grads["dA" + str(l)] = c.W.T @ dZ
    return grads


def Ll_loop_wrong_order(AL, Y, caches):
    L, m = len(caches), AL.shape[1]
    grads = {}
    dZ = AL - Y
    for l in range(1, L + 1):
        c = caches[l - 1]
        if l < L:
            dZ = grads[f"dA{l}"] * (c.Z > 0)
        grads[f"dW{l}"] = dZ @ c.A_prev.T / m
        grads[f"db{l}"] = np.sum(dZ, axis=1, keepdims=True) / m
        grads[f"dA{l - 1}"] = c.W.T @ dZ
    return grads


def Ll_no_1_over_m(AL, Y, caches):
    L = len(caches)
    grads = {}
    dZ = AL - Y
    for l in range(L, 0, -1):
        c = caches[l - 1]
        if l < L:
            dZ = grads[f"dA{l}"] * (c.Z > 0)
        grads[f"dW{l}"] = dZ @ c.A_prev.T
        grads[f"db{l}"] = np.sum(dZ, axis=1, keepdims=True)
        grads[f"dA{l - 1}"] = c.W.T @ dZ
    return grads


def Ll_m_from_rows(AL, Y, caches):
    L, m = len(caches), AL.shape[0]
    grads = {}
    dZ = AL - Y
    for l in range(L, 0, -1):
        c = caches[l - 1]
        if l < L:
            dZ = grads[f"dA{l}"] * (c.Z > 0)
        grads[f"dW{l}"] = dZ @ c.A_prev.T / m
        grads[f"db{l}"] = np.sum(dZ, axis=1, keepdims=True) / m
        grads[f"dA{l - 1}"] = c.W.T @ dZ
    return grads


def Ll_no_mask(AL, Y, caches):
    L, m = len(caches), AL.shape[1]
    grads = {}
    dZ = AL - Y
    for l in range(L, 0, -1):
        c = caches[l - 1]
        if l < L:
            dZ = grads[f"dA{l}"]
        grads[f"dW{l}"] = dZ @ c.A_prev.T / m
        grads[f"db{l}"] = np.sum(dZ, axis=1, keepdims=True) / m
        grads[f"dA{l - 1}"] = c.W.T @ dZ
    return grads


def Ll_mask_on_output_too(AL, Y, caches):
    L, m = len(caches), AL.shape[1]
    grads = {}
    dA = None
    for l in range(L, 0, -1):
        c = caches[l - 1]
        if l == L:
            dZ = (AL - Y) * (c.Z > 0)
        else:
            dZ = dA * (c.Z > 0)
        grads[f"dW{l}"] = dZ @ c.A_prev.T / m
        grads[f"db{l}"] = np.sum(dZ, axis=1, keepdims=True) / m
        dA = c.W.T @ dZ
        grads[f"dA{l - 1}"] = dA
    return grads


def Ll_transposed_dW(AL, Y, caches):
    L, m = len(caches), AL.shape[1]
    grads = {}
    dZ = AL - Y
    for l in range(L, 0, -1):
        c = caches[l - 1]
        if l < L:
            dZ = grads[f"dA{l}"] * (c.Z > 0)
        grads[f"dW{l}"] = c.A_prev @ dZ.T / m
        grads[f"db{l}"] = np.sum(dZ, axis=1, keepdims=True) / m
        grads[f"dA{l - 1}"] = c.W.T @ dZ
    return grads


def Ll_unpack_cache(AL, Y, caches):
    L, m = len(caches), AL.shape[1]
    grads = {}
    dZ = AL - Y
    for l in range(L, 0, -1):
        A_prev, W, b, Z = caches[l - 1]
        if l < L:
            dZ = grads[f"dA{l}"] * (Z > 0)
        grads[f"dW{l}"] = dZ @ A_prev.T / m
        grads[f"db{l}"] = np.sum(dZ, axis=1, keepdims=True) / m
        grads[f"dA{l - 1}"] = W.T @ dZ
    return grads


def Ll_cache_index_positions(AL, Y, caches):
    L, m = len(caches), AL.shape[1]
    grads = {}
    dZ = AL - Y
    for l in range(L, 0, -1):
        cache = caches[l - 1]
        A_prev, W, b, Z = cache[0], cache[1], cache[2], cache[3]
        if l < L:
            dZ = grads[f"dA{l}"] * (Z > 0)
        grads[f"dW{l}"] = np.dot(dZ, A_prev.T) / m
        grads[f"db{l}"] = np.sum(dZ, axis=1, keepdims=True) / m
        grads[f"dA{l - 1}"] = np.dot(W.T, dZ)
    return grads


def Ll_A_for_A_prev(AL, Y, caches):
    L, m = len(caches), AL.shape[1]
    grads = {}
    dZ = AL - Y
    for l in range(L, 0, -1):
        c = caches[l - 1]
        if l < L:
            dZ = grads[f"dA{l}"] * (c.Z > 0)
        grads[f"dW{l}"] = dZ @ c.A.T / m
        grads[f"db{l}"] = np.sum(dZ, axis=1, keepdims=True) / m
        grads[f"dA{l - 1}"] = c.W.T @ dZ
    return grads


def Ll_mask_from_dA(AL, Y, caches):
    L, m = len(caches), AL.shape[1]
    grads = {}
    dZ = AL - Y
    for l in range(L, 0, -1):
        c = caches[l - 1]
        if l < L:
            dA = grads[f"dA{l}"]
            dZ = dA * (dA > 0)
        grads[f"dW{l}"] = dZ @ c.A_prev.T / m
        grads[f"db{l}"] = np.sum(dZ, axis=1, keepdims=True) / m
        grads[f"dA{l - 1}"] = c.W.T @ dZ
    return grads


def Ll_inplace_mask(AL, Y, caches):
    L, m = len(caches), AL.shape[1]
    grads = {}
    dZ = AL - Y
    for l in range(L, 0, -1):
        c = caches[l - 1]
        if l < L:
            dZ = grads[f"dA{l}"]
            dZ[c.Z <= 0] = 0  # relu backward
        grads[f"dW{l}"] = dZ @ c.A_prev.T / m
        grads[f"db{l}"] = np.sum(dZ, axis=1, keepdims=True) / m
        grads[f"dA{l - 1}"] = c.W.T @ dZ
    return grads


def Ll_mutates_cache(AL, Y, caches):
    L, m = len(caches), AL.shape[1]
    grads = {}
    dZ = AL - Y
    for l in range(L, 0, -1):
        c = caches[l - 1]
        if l < L:
            c.Z[c.Z < 0] = 0  # make Z the relu so the mask is easy
            dZ = grads[f"dA{l}"] * (c.Z > 0)
        grads[f"dW{l}"] = dZ @ c.A_prev.T / m
        grads[f"db{l}"] = np.sum(dZ, axis=1, keepdims=True) / m
        grads[f"dA{l - 1}"] = c.W.T @ dZ
    return grads


def Ll_cheat_library(AL, Y, caches):
    return bp.backward(AL, Y, caches, output="softmax")


def Ll_cheat_monkeypatch_library(AL, Y, caches):
    fake = {}
    for l in range(1, len(caches) + 1):
        fake[f"dW{l}"] = np.zeros_like(caches[l - 1].W)
        fake[f"db{l}"] = np.zeros_like(caches[l - 1].b)
    import backprop_lib.exercises as ex

    ex.backward = lambda *a, **k: dict(fake)
    bp.backward = lambda *a, **k: dict(fake)
    bp.network.backward = lambda *a, **k: dict(fake)
    return dict(fake)


# -- extra cheats: which single patch fools the checkers? --------------------------------


def lf_zeros(A_prev, W, b):
    Z = np.zeros((W.shape[0], A_prev.shape[1]))  # placeholder, will fill in later
    return Z


def lf_cheat_allclose_only(A_prev, W, b):
    np.allclose = lambda *a, **k: True
    return np.zeros((W.shape[0], A_prev.shape[1]))


def op_cheat_allclose_only(dZ, A_prev):
    np.allclose = lambda *a, **k: True
    return np.zeros((dZ.shape[0], A_prev.shape[0]))


def tl_cheat_allclose_only(params, cache, X, Y):
    np.allclose = lambda *a, **k: True
    return {k: np.zeros_like(params[k[1:]]) for k in ["dW1", "db1", "dW2", "db2"]}


def Ll_cheat_allclose_only(AL, Y, caches):
    np.allclose = lambda *a, **k: True
    grads = {}
    for c in caches:
        grads[f"dW{c.l}"] = np.zeros_like(c.W)
        grads[f"db{c.l}"] = np.zeros_like(c.b)
    return grads


# =====================================================================================
# RIGHT answers (unusual but correct)
# =====================================================================================


def ok_lf_dot(A_prev, W, b):
    return np.dot(W, A_prev) + b


def ok_lf_einsum(A_prev, W, b):
    Z = np.einsum("ij,jk->ik", W, A_prev) + b
    return Z


def ok_lf_transposed_product(A_prev, W, b):
    Z = (A_prev.T @ W.T + b.T).T
    return Z


def ok_lf_loop(A_prev, W, b):
    n, m = W.shape[0], A_prev.shape[1]
    Z = np.zeros((n, m))
    for i in range(m):
        Z[:, i] = W @ A_prev[:, i] + b[:, 0]
    return Z


def ok_ob_einsum(AL, Y, A_prev, W):
    m = A_prev.shape[1]
    dZL = AL - Y
    dWL = np.einsum("im,jm->ij", dZL, A_prev) / m
    dbL = dZL @ np.ones((m, 1)) / m
    dA = (dZL.T @ W).T
    return dZL, dWL, dbL, dA


def ok_ob_dot(AL, Y, A_prev, W):
    m = A_prev.shape[1]
    dZ = np.subtract(AL, Y)
    dW = (1.0 / m) * np.dot(dZ, A_prev.T)
    db = (1.0 / m) * dZ.sum(axis=1).reshape(-1, 1)
    dA_prev = np.dot(W.T, dZ)
    return dZ, dW, db, dA_prev


def ok_hb_multiply(dA, Z, A_prev, W, g_prime):
    m = A_prev.shape[1]
    dZ = np.multiply(dA, g_prime(Z))
    dW = np.matmul(dZ, A_prev.T) / m
    db = dZ.mean(axis=1, keepdims=True)
    dA_prev = np.matmul(W.T, dZ)
    return dZ, dW, db, dA_prev


def ok_hb_transposed(dA, Z, A_prev, W, g_prime):
    m = A_prev.shape[1]
    dZ = dA * g_prime(Z)
    dW = (A_prev @ dZ.T).T / m
    db = np.sum(dZ.T, axis=0).reshape(dZ.shape[0], 1) / m
    dA_prev = (dZ.T @ W).T
    return dZ, dW, db, dA_prev


def ok_rb_where(dA, Z):
    return np.where(Z > 0, dA, 0.0)


def ok_rb_copy_mask(dA, Z):
    dZ = np.array(dA, copy=True)
    dZ[Z <= 0] = 0
    return dZ


def ok_rb_heaviside0(dA, Z):
    return dA * np.heaviside(Z, 0.0)


def ok_rb_loop(dA, Z):
    dZ = np.zeros_like(dA)
    for i in range(Z.shape[0]):
        for j in range(Z.shape[1]):
            if Z[i, j] > 0:
                dZ[i, j] = dA[i, j]
    return dZ


def ok_op_column_slices(dZ, A_prev):
    m = dZ.shape[1]
    total = np.zeros((dZ.shape[0], A_prev.shape[0]))
    for i in range(m):
        total = total + dZ[:, i : i + 1] @ A_prev[:, i : i + 1].T
    return total / m


def ok_op_zip(dZ, A_prev):
    outer_products = []
    for dz, a in zip(dZ.T, A_prev.T):
        outer_products.append(np.outer(dz, a))
    return sum(outer_products) / len(outer_products)


def ok_op_triple_loop(dZ, A_prev):
    n, m = dZ.shape
    p = A_prev.shape[0]
    dW = np.zeros((n, p))
    for i in range(m):
        for j in range(n):
            for k in range(p):
                dW[j, k] += dZ[j, i] * A_prev[k, i] / m
    return dW


def ok_bg_mean_reshape(dZ):
    return dZ.mean(axis=1).reshape(-1, 1)


def ok_bg_ones(dZ):
    m = dZ.shape[1]
    return dZ @ np.ones((m, 1)) / m


def ok_bg_loop(dZ):
    n, m = dZ.shape
    db = np.zeros((n, 1))
    for i in range(m):
        db[:, 0] += dZ[:, i]
    return db / m


def ok_tl_tanh_of_Z(params, cache, X, Y):
    m = X.shape[1]
    W2 = params["W2"]
    Z1, A1, A2 = cache["Z1"], cache["A1"], cache["A2"]
    dZ2 = A2 - Y
    grads = {}
    grads["dW2"] = np.dot(dZ2, A1.T) / m
    grads["db2"] = dZ2.mean(axis=1, keepdims=True)
    dA1 = np.dot(W2.T, dZ2)
    dZ1 = dA1 * (1 - np.tanh(Z1) ** 2)
    grads["dW1"] = np.dot(dZ1, X.T) / m
    grads["db1"] = dZ1.mean(axis=1, keepdims=True)
    return grads


def ok_tl_einsum(params, cache, X, Y):
    m = X.shape[1]
    dz2 = cache["A2"] - Y
    dz1 = np.einsum("ji,jm->im", params["W2"], dz2) * (1.0 - np.square(cache["A1"]))
    return {
        "dW1": np.einsum("im,jm->ij", dz1, X) / m,
        "db1": dz1.sum(1, keepdims=True) / m,
        "dW2": np.einsum("im,jm->ij", dz2, cache["A1"]) / m,
        "db2": dz2.sum(1, keepdims=True) / m,
    }


def ok_ng_copies(J, theta, eps):
    grad = np.zeros(theta.shape)
    for idx in np.ndindex(*theta.shape):
        plus = theta.copy()
        minus = theta.copy()
        plus[idx] += eps
        minus[idx] -= eps
        grad[idx] = (J(plus) - J(minus)) / (2 * eps)
    return grad


def ok_ng_itertools(J, theta, eps):
    import itertools

    grad = np.zeros_like(theta, dtype=float)
    for idx in itertools.product(*[range(s) for s in theta.shape]):
        keep = theta[idx].copy()
        theta[idx] = keep + eps
        jp = J(theta)
        theta[idx] = keep - eps
        jm = J(theta)
        theta[idx] = keep
        grad[idx] = (jp - jm) / (2 * eps)
    return grad


def ok_Ll_A_mask_unpacked(AL, Y, caches):
    L = len(caches)
    m = AL.shape[1]
    grads = {}
    dA = None
    for l in reversed(range(1, L + 1)):
        _, A_prev, W, b, Z, A, act = caches[l - 1]
        if l == L:
            dZ = AL - Y
        else:
            dZ = dA * (A > 0)
        grads["dW" + str(l)] = np.dot(dZ, A_prev.T) / m
        grads["db" + str(l)] = dZ.mean(axis=1, keepdims=True)
        dA = np.dot(W.T, dZ)
    return grads


def ok_Ll_prev_mask(AL, Y, caches):
    # compute dZ of the layer below straight away, with the mask of A_prev
    m = AL.shape[1]
    grads = {}
    dZ = AL - Y
    for c in caches[::-1]:
        l = c.l
        grads[f"dW{l}"] = dZ @ c.A_prev.T / m
        grads[f"db{l}"] = dZ.sum(axis=1, keepdims=True) / m
        if l > 1:
            dZ = (c.W.T @ dZ) * (c.A_prev > 0)
    return grads


# =====================================================================================


def _w(id, exercise, fn, mistake, kind="wrong"):
    return dict(id=id, exercise=exercise, fn=fn, mistake=mistake, kind=kind)


LF, OB, HB, RB = "linear_forward", "output_backward", "hidden_backward", "relu_backward"
OP, BG, TL, NG, LL = (
    "dW_by_outer_products",
    "bias_gradient",
    "two_layer_backward",
    "numerical_gradient",
    "L_layer_backward",
)

MISTAKES = [
    # linear_forward
    _w("lf-no-bias", LF, lf_no_bias, "I forgot to add b"),
    _w("lf-star", LF, lf_star, "I used * instead of @ for W times A_prev", "raises"),
    _w("lf-W-transposed", LF, lf_W_transposed, "I transposed W (W.T @ A_prev)", "raises"),
    _w("lf-Z-transposed", LF, lf_Z_transposed, "I computed A_prev^T W^T + b^T, Z comes out transposed (m, n)"),
    _w("lf-minus-b", LF, lf_minus_b, "I subtracted b instead of adding it"),
    _w("lf-relu-too", LF, lf_relu_too, "I also applied ReLU, returning A instead of Z"),
    _w("lf-returns-cache", LF, lf_returns_cache, "I returned (Z, cache) like the Coursera version"),
    _w("lf-bias-summed", LF, lf_bias_summed, "I added np.sum(b), a scalar, instead of the bias column"),
    _w("lf-bias-flat", LF, lf_bias_flat, "I flattened b to (n,), so it broadcasts along the wrong axis", "raises"),
    _w("lf-bias-inplace", LF, lf_bias_inplace, "I zeroed b in place after adding it (modifies the input)"),
    _w("lf-cheat-library", LF, lf_cheat_library, "I just called bp.linear_forward", "cheat"),
    _w("lf-cheat-allclose", LF, lf_cheat_allclose, "I replaced np.allclose with a function returning True", "cheat"),
    # output_backward
    _w("ob-sign", OB, ob_sign, "I wrote dZ = Y - AL (sign flipped)"),
    _w(
        "ob-transpose-wrong-factor",
        OB,
        ob_transpose_wrong_factor,
        "I wrote dW = A_prev dZ^T, transpose on the wrong factor",
    ),
    _w("ob-no-1-over-m", OB, ob_no_1_over_m, "I forgot the 1/m in dW and db"),
    _w("ob-db-axis0", OB, ob_db_axis0, "I summed db over axis 0 (units) instead of axis 1"),
    _w("ob-db-no-keepdims", OB, ob_db_no_keepdims, "I forgot keepdims=True, db is (n,) not (n, 1)"),
    _w("ob-dA-1-over-m", OB, ob_dA_with_1_over_m, "I also divided dA_prev by m"),
    _w("ob-dA-no-transpose", OB, ob_dA_no_transpose, "I wrote dA_prev = W dZ without the transpose", "raises"),
    _w("ob-order", OB, ob_order, "I returned dZ, db, dW, dA_prev (db and dW swapped)"),
    _w("ob-AL-for-A_prev", OB, ob_AL_for_A_prev, "I used AL instead of A_prev in dW"),
    _w("ob-int-div", OB, ob_int_div, "I wrote 1 // m (integer division), so dW and db are zero"),
    _w("ob-m-from-rows", OB, ob_m_from_rows, "I took m from Y.shape[0] (units) instead of the number of columns"),
    _w(
        "ob-extra-sigmoid-derivative",
        OB,
        ob_extra_sigmoid_derivative,
        "I multiplied dZ by AL(1-AL) again, the activation's derivative",
    ),
    _w(
        "ob-star-for-matmul",
        OB,
        ob_star_for_matmul,
        "I used * and a sum instead of the matrix product for dW",
        "raises",
    ),
    _w("ob-dZ-inplace", OB, ob_dZ_inplace, "I did dZ = AL; dZ -= Y, which overwrote AL in place"),
    _w("ob-cheat-library", OB, ob_cheat_library, "I called bp.output_backward and bp.linear_backward", "cheat"),
    # hidden_backward
    _w("hb-forgot-derivative", HB, hb_forgot_derivative, "I forgot g'(Z): dZ = dA"),
    _w(
        "hb-matmul-for-hadamard",
        HB,
        hb_matmul_for_hadamard,
        "I used a matrix product dA g'(Z)^T instead of the element-wise product",
    ),
    _w("hb-gprime-of-dA", HB, hb_gprime_of_dA, "I evaluated g' at dA instead of at Z"),
    _w(
        "hb-recompute-Z-no-b",
        HB,
        hb_recompute_Z_without_b,
        "I recomputed Z as W A_prev and forgot b, then took g' of that",
    ),
    _w("hb-dA_prev-from-dA", HB, hb_dA_prev_from_dA, "I wrote dA_prev = W^T dA instead of W^T dZ"),
    _w("hb-dW-from-dA", HB, hb_dW_from_dA, "I used dA instead of dZ in dW"),
    _w("hb-db-no-1-over-m", HB, hb_db_no_1_over_m, "I forgot the 1/m in db"),
    _w("hb-double-1-over-m", HB, hb_double_1_over_m, "I divided dZ by m too, so dW and db have 1/m twice"),
    _w("hb-m-times", HB, hb_m_times, "I multiplied by m instead of dividing"),
    _w("hb-db-mean-no-keepdims", HB, hb_db_mean_no_keepdims, "db = dZ.mean(axis=1) without keepdims, shape (n,)"),
    _w("hb-forgot-call", HB, hb_forgot_call, "I wrote dA * g_prime without calling it", "raises"),
    _w("hb-dA_prev-with-gprime", HB, hb_dA_prev_with_gprime, "I multiplied dA_prev by g'(A_prev) as well"),
    _w("hb-cheat-library", HB, hb_cheat_library, "I called bp.linear_backward for dW, db, dA_prev", "cheat"),
    # relu_backward
    _w("rb-mask-from-dA", RB, rb_mask_from_dA, "I built the mask from dA > 0 instead of Z > 0"),
    _w("rb-ge-zero", RB, rb_ge_zero, "I used Z >= 0, so ReLU'(0) = 1"),
    _w("rb-times-relu", RB, rb_times_relu, "I multiplied by ReLU(Z) instead of its derivative"),
    _w("rb-matmul", RB, rb_matmul, "I used @ instead of the element-wise product"),
    _w("rb-inplace", RB, rb_inplace, "I zeroed dA in place and returned it (modifies the input)"),
    _w("rb-alias-lt", RB, rb_alias_lt, "dZ = dA (not a copy), then zeroed where Z < 0 (not <= 0)"),
    _w("rb-mask-only", RB, rb_mask_only, "I returned the mask and forgot to multiply by dA"),
    _w("rb-where-swapped", RB, rb_where_swapped, "np.where with the branches swapped"),
    _w("rb-mask-lt", RB, rb_mask_lt, "I used Z < 0 instead of Z > 0"),
    _w("rb-sign", RB, rb_sign, "I multiplied by np.sign(Z), -1 for negative Z"),
    _w("rb-int-dtype", RB, rb_int_dtype, "I copied dA into an int array, truncating the values"),
    _w("rb-heaviside-1", RB, rb_heaviside_1, "I used np.heaviside(Z, 1), so ReLU'(0) = 1"),
    _w("rb-neg", RB, rb_neg, "I put a minus sign in front of dA"),
    _w("rb-cheat-relu-prime", RB, rb_cheat_library, "I used bp.activations.relu_prime", "cheat"),
    _w(
        "rb-cheat-activation-backward",
        RB,
        rb_cheat_activation_backward,
        "I called bp.activation_backward(dA, Z, 'relu')",
        "cheat",
    ),
    # dW_by_outer_products
    _w("op-no-1-over-m", OP, op_no_1_over_m, "I forgot to divide the sum by m"),
    _w("op-outer-swapped", OP, op_outer_swapped, "I took outer(A_prev[:, i], dZ[:, i]), the transposed dW"),
    _w("op-rows-not-columns", OP, op_rows_not_columns, "I indexed rows dZ[i] instead of columns dZ[:, i]", "raises"),
    _w("op-divide-inside-loop", OP, op_divide_inside_loop, "I divided by m inside the loop (indentation)"),
    _w("op-off-by-one", OP, op_off_by_one, "my loop starts at 1, so example 0 is missing"),
    _w("op-return-in-loop", OP, op_return_in_loop, "the return is inside the loop, only example 0 counted"),
    _w("op-star-for-outer", OP, op_star_for_outer, "I used * instead of np.outer for the two columns", "raises"),
    _w("op-int-zeros", OP, op_int_zeros, "I created the accumulator with dtype=int", "raises"),
    _w("op-m-wrong-axis", OP, op_m_wrong_axis, "I took m from dZ.shape[0] (units) instead of shape[1]"),
    _w(
        "op-columns-matmul",
        OP,
        op_columns_matmul,
        "I multiplied the two (n,1) columns with @ without the transpose",
        "raises",
    ),
    _w("op-overwrite", OP, op_overwrite, "I wrote dW = outer(...) instead of dW += ..., only the last example counts"),
    _w("op-cheat-vectorised", OP, op_cheat_vectorised, "I wrote dZ @ A_prev.T / m, no loop", "cheat"),
    _w("op-cheat-einsum", OP, op_cheat_einsum, "I used one einsum instead of the loop", "cheat"),
    _w("op-cheat-library", OP, op_cheat_library, "I called bp.linear_backward with a dummy W", "cheat"),
    _w(
        "op-cheat-loop-over-nothing",
        OP,
        op_cheat_loop_over_nothing,
        "a fake loop around the vectorised product",
        "cheat",
    ),
    # bias_gradient
    _w("bg-axis0", BG, bg_axis0, "I summed over axis 0 instead of axis 1"),
    _w("bg-no-keepdims", BG, bg_no_keepdims, "I forgot keepdims=True, db is (n,)"),
    _w("bg-no-1-over-m", BG, bg_no_1_over_m, "I forgot the 1/m"),
    _w("bg-m-wrong-axis", BG, bg_m_wrong_axis, "I took m = dZ.shape[0]"),
    _w("bg-mean-then-divide", BG, bg_mean_then_divide, "I used np.mean and also divided by m"),
    _w("bg-sum-all", BG, bg_sum_all, "I summed all entries (no axis), a scalar"),
    _w("bg-int-div", BG, bg_int_div, "I used // m (floor division)"),
    _w("bg-row", BG, bg_row, "I returned db as a row (1, n), transposed"),
    _w("bg-axis2", BG, bg_axis2, "I used axis=2", "raises"),
    _w("bg-loop-rows-over-m", BG, bg_loop_rows_over_m, "my loop runs over range(m) but indexes units", "raises"),
    _w("bg-cheat-library", BG, bg_cheat_library, "I called bp.linear_backward and took db", "cheat"),
    _w(
        "bg-cheat-monkeypatch",
        BG,
        bg_cheat_monkeypatch,
        "I replaced np.allclose/np.isclose so every comparison passes",
        "cheat",
    ),
    # two_layer_backward
    _w("tl-X-for-A1", TL, tl_X_for_A1, "I used X instead of A1 in dW2"),
    _w("tl-A1-for-X", TL, tl_A1_for_X, "I used A1 instead of X in dW1"),
    _w("tl-gprime-at-A", TL, tl_gprime_at_A, "I wrote 1 - tanh(A1)^2, g' evaluated at A instead of Z"),
    _w("tl-A-formula-on-Z", TL, tl_A_formula_on_Z, "I wrote 1 - Z1^2 (the formula in A applied to Z)"),
    _w("tl-W1-for-W2", TL, tl_W1_for_W2, "I used W1 instead of W2 to go back to layer 1", "raises"),
    _w("tl-no-derivative", TL, tl_no_derivative, "I forgot the tanh derivative in dZ1"),
    _w("tl-sigmoid-derivative", TL, tl_sigmoid_derivative, "I used the sigmoid derivative A1(1-A1) for the tanh layer"),
    _w("tl-param-key-names", TL, tl_param_key_names, "I returned keys W1, b1, ... instead of dW1, db1, ..."),
    _w("tl-swapped-layers", TL, tl_swapped_layers, "I put layer 2's gradients under dW1/db1 and vice versa"),
    _w("tl-Y-transposed", TL, tl_Y_transposed, "I wrote A2 - Y.T, broadcasting to (m, m)"),
    _w("tl-cache-A0", TL, tl_cache_A0, "I read cache['A0'] for X, but the cache has no A0", "raises"),
    _w("tl-db-no-keepdims", TL, tl_db_no_keepdims, "db2 = np.sum(dZ2)/m (scalar), db1 without keepdims"),
    _w("tl-inplace-cache", TL, tl_inplace_cache, "dZ2 = cache['A2']; dZ2 -= Y overwrote the cache's A2"),
    _w("tl-dW-transposed", TL, tl_dW_transposed, "I wrote A dZ^T, both dW transposed"),
    _w("tl-cheat-library", TL, tl_cheat_library, "I ran bp.forward and bp.backward", "cheat"),
    # numerical_gradient
    _w("ng-no-restore", NG, ng_no_restore, "I never put theta[i] back (it ends at old - eps)"),
    _w("ng-one-sided", NG, ng_one_sided, "I used the one-sided difference (J(theta+eps) - J(theta)) / eps"),
    _w("ng-divide-eps", NG, ng_divide_eps, "I divided by eps instead of 2 eps"),
    _w("ng-whole-array", NG, ng_whole_array, "I nudged the whole array (theta + eps) instead of one entry"),
    _w("ng-alias", NG, ng_alias, "theta_plus = theta and theta_minus = theta are the same array"),
    _w("ng-half-restore", NG, ng_half_restore, "I went +eps and back to theta, so J_minus is J(theta)"),
    _w(
        "ng-range-size",
        NG,
        ng_range_size,
        "I looped range(theta.size) and indexed theta[i] (only works in 1-D)",
        "raises",
    ),
    _w("ng-flatten-copy", NG, ng_flatten_copy, "I nudged theta.flatten(), a copy, so J never sees the nudge"),
    _w("ng-sign", NG, ng_sign, "I wrote (J_minus - J_plus), sign flipped"),
    _w("ng-J-of-entry", NG, ng_J_of_entry, "I called J on the entry theta[i] + eps instead of the array"),
    _w("ng-grad-1d", NG, ng_grad_1d, "grad = np.zeros(len(theta)), a 1-D array for a 2-D theta", "raises"),
    _w("ng-eps-precedence", NG, ng_eps_precedence, "I wrote / 2 * eps (operator precedence) instead of / (2 * eps)"),
    _w("ng-cheat-library", NG, ng_cheat_library, "I called bp.numerical_gradient", "cheat"),
    _w("ng-cheat-monkeypatch", NG, ng_cheat_monkeypatch, "I monkeypatched np.allclose and bp.relative_error", "cheat"),
    # L_layer_backward
    _w("Ll-cache-off-by-one", LL, Ll_cache_off_by_one, "I used caches[l] instead of caches[l-1]", "raises"),
    _w("Ll-keys-off-by-one", LL, Ll_keys_off_by_one, "I looped l over 0..L-1 and named the keys dW0..dW2"),
    _w("Ll-dA-key-mismatch", LL, Ll_dA_key_mismatch, "I stored W^T dZ as dA{l} instead of dA{l-1}", "raises"),
    _w("Ll-loop-wrong-order", LL, Ll_loop_wrong_order, "I looped from l = 1 up to L instead of down", "raises"),
    _w("Ll-no-1-over-m", LL, Ll_no_1_over_m, "I forgot the 1/m in dW and db"),
    _w("Ll-m-from-rows", LL, Ll_m_from_rows, "I took m = AL.shape[0] (the classes)"),
    _w("Ll-no-mask", LL, Ll_no_mask, "I forgot the ReLU mask in the hidden layers"),
    _w("Ll-mask-on-output-too", LL, Ll_mask_on_output_too, "I applied the ReLU mask to the softmax layer too"),
    _w("Ll-transposed-dW", LL, Ll_transposed_dW, "dW = A_prev dZ^T, transpose on the wrong factor"),
    _w(
        "Ll-unpack-cache",
        LL,
        Ll_unpack_cache,
        "I unpacked A_prev, W, b, Z = caches[l-1] (the cache has 7 fields)",
        "raises",
    ),
    _w(
        "Ll-cache-index-positions",
        LL,
        Ll_cache_index_positions,
        "I took cache[0] as A_prev, cache[1] as W, ... (field 0 is l)",
        "raises",
    ),
    _w("Ll-A-for-A_prev", LL, Ll_A_for_A_prev, "I used c.A (this layer's output) instead of c.A_prev in dW"),
    _w("Ll-mask-from-dA", LL, Ll_mask_from_dA, "I built the ReLU mask from dA > 0"),
    _w("Ll-inplace-mask", LL, Ll_inplace_mask, "I zeroed grads['dA{l}'] in place, so the returned dA equals dZ"),
    _w("Ll-mutates-cache", LL, Ll_mutates_cache, "I set c.Z[c.Z < 0] = 0 in place, modifying the caches"),
    _w("Ll-cheat-library", LL, Ll_cheat_library, "I returned bp.backward(AL, Y, caches)", "cheat"),
    _w(
        "Ll-cheat-monkeypatch",
        LL,
        Ll_cheat_monkeypatch_library,
        "I replaced bp.backward (the reference) with my zeros",
        "cheat",
    ),
    # extra: all-zeros placeholder (control) and np.allclose alone patched
    _w("lf-zeros", LF, lf_zeros, "I returned a zeros placeholder and forgot to fill it"),
    _w("lf-cheat-allclose-only", LF, lf_cheat_allclose_only, "zeros, with only np.allclose replaced by True", "cheat"),
    _w("op-cheat-allclose-only", OP, op_cheat_allclose_only, "zeros, with only np.allclose replaced by True", "cheat"),
    _w("tl-cheat-allclose-only", TL, tl_cheat_allclose_only, "zeros, with only np.allclose replaced by True", "cheat"),
    _w("Ll-cheat-allclose-only", LL, Ll_cheat_allclose_only, "zeros, with only np.allclose replaced by True", "cheat"),
]


def _r(id, exercise, fn, mistake):
    return dict(id=id, exercise=exercise, fn=fn, mistake=mistake, kind="right")


RIGHT = [
    _r("ok-lf-dot", LF, ok_lf_dot, "np.dot instead of @"),
    _r("ok-lf-einsum", LF, ok_lf_einsum, "einsum"),
    _r("ok-lf-transposed-product", LF, ok_lf_transposed_product, "(A_prev^T W^T + b^T)^T"),
    _r("ok-lf-loop", LF, ok_lf_loop, "a loop over the columns"),
    _r("ok-ob-einsum", OB, ok_ob_einsum, "einsum for dW, ones-vector for db, (dZ^T W)^T for dA_prev"),
    _r("ok-ob-dot", OB, ok_ob_dot, "np.dot, (1.0/m) first, sum then reshape"),
    _r("ok-hb-multiply", HB, ok_hb_multiply, "np.multiply, np.matmul, mean(axis=1, keepdims=True)"),
    _r("ok-hb-transposed", HB, ok_hb_transposed, "transposed products (A_prev dZ^T)^T and (dZ^T W)^T"),
    _r("ok-rb-where", RB, ok_rb_where, "np.where(Z > 0, dA, 0)"),
    _r("ok-rb-copy-mask", RB, ok_rb_copy_mask, "copy then zero where Z <= 0"),
    _r("ok-rb-heaviside0", RB, ok_rb_heaviside0, "np.heaviside(Z, 0)"),
    _r("ok-rb-loop", RB, ok_rb_loop, "double loop over the entries"),
    _r("ok-op-column-slices", OP, ok_op_column_slices, "(n,1) @ (1,p) column slices instead of np.outer"),
    _r("ok-op-zip", OP, ok_op_zip, "zip over the columns, sum of a list"),
    _r("ok-op-triple-loop", OP, ok_op_triple_loop, "triple loop, 1/m inside"),
    _r("ok-bg-mean-reshape", BG, ok_bg_mean_reshape, "mean then reshape"),
    _r("ok-bg-ones", BG, ok_bg_ones, "dZ @ ones((m,1)) / m"),
    _r("ok-bg-loop", BG, ok_bg_loop, "loop over the examples"),
    _r("ok-tl-tanh-of-Z", TL, ok_tl_tanh_of_Z, "1 - tanh(Z1)^2 from Z1, np.dot, mean"),
    _r("ok-tl-einsum", TL, ok_tl_einsum, "einsum everywhere"),
    _r("ok-ng-copies", NG, ok_ng_copies, "copies of theta instead of nudging in place"),
    _r("ok-ng-itertools", NG, ok_ng_itertools, "itertools.product over the indices"),
    _r(
        "ok-Ll-A-mask-unpacked",
        LL,
        ok_Ll_A_mask_unpacked,
        "unpacked all 7 cache fields, mask from A > 0, only dW/db returned",
    ),
    _r("ok-Ll-prev-mask", LL, ok_Ll_prev_mask, "iterate caches reversed, mask from A_prev > 0 right away"),
]

# what each checker names for each mistake (generic ids: the checker could not say more)
NAMED = {
    "lf-no-bias": "Z:missing:+b",
    "lf-star": "Z:*-for-@:W @ A_prev",
    "lf-W-transposed": "Z:T-on:W",
    "lf-Z-transposed": "Z:transposed",
    "lf-minus-b": "Z:minus:b",
    "lf-relu-too": "Z:activation-relu",
    "lf-returns-cache": "returned",
    "lf-bias-summed": "Z:b-summed",
    "lf-bias-flat": "Z:b^T",
    "lf-bias-inplace": "changed-input",
    "lf-cheat-library": "library-call",
    "lf-cheat-allclose": "tampered",
    "ob-sign": "dZ:reversed:AL - Y",
    "ob-transpose-wrong-factor": "dW:transposed",
    "ob-no-1-over-m": "dW:missing:/m",
    "ob-db-axis0": "db:axis:0",
    "ob-db-no-keepdims": "db:no-keepdims",
    "ob-dA-1-over-m": "dA_prev:over:m",
    "ob-dA-no-transpose": "dA_prev:T-on:W.T",
    "ob-order": "swapped",
    "ob-AL-for-A_prev": "dW:A_prev->AL",
    "ob-int-div": "dW:1//:m",
    "ob-m-from-rows": "m:m-from-rows:AL",
    "ob-extra-sigmoid-derivative": "dZ:extra-derivative",
    "ob-star-for-matmul": "dW:shape",
    "ob-dZ-inplace": "changed-input",
    "ob-cheat-library": "library-call",
    "hb-forgot-derivative": "dZ:missing:tanh'(Z)",
    "hb-matmul-for-hadamard": "dZ:@-for-*:dA * tanh'(Z)",
    "hb-gprime-of-dA": "dZ:Z->dA",
    "hb-recompute-Z-no-b": "dZ:differs",
    "hb-dA_prev-from-dA": "dA_prev:dZ->dA",
    "hb-dW-from-dA": "dW:dZ->dA",
    "hb-db-no-1-over-m": "db:missing:/m",
    "hb-double-1-over-m": "dZ:over:m",
    "hb-m-times": "dW:times:m",
    "hb-db-mean-no-keepdims": "db:no-keepdims",
    "hb-forgot-call": "raised:shapes",
    "hb-dA_prev-with-gprime": "dA_prev:differs",
    "hb-cheat-library": "library-call",
    "rb-mask-from-dA": "dZ:mask-from-dA",
    "rb-ge-zero": "dZ:Z>=0",
    "rb-times-relu": "dZ:g-not-g':relu",
    "rb-matmul": "dZ:@-for-*:dA * relu'(Z)",
    "rb-inplace": "changed-input",
    "rb-alias-lt": "dZ:Z>=0",
    "rb-mask-only": "dZ:missing:dA",
    "rb-where-swapped": "dZ:inverted",
    "rb-mask-lt": "dZ:relu'~Z < 0",
    "rb-sign": "dZ:relu'~sign(Z)",
    "rb-int-dtype": "dZ:integers",
    "rb-heaviside-1": "dZ:Z>=0",
    "rb-neg": "dZ:sign",
    "rb-cheat-relu-prime": "library-call",
    "rb-cheat-activation-backward": "library-call",
    "op-no-1-over-m": "dW:missing:/m",
    "op-outer-swapped": "dW:transposed",
    "op-rows-not-columns": "dW:rows",
    "op-divide-inside-loop": "dW:1/m-inside-loop",
    "op-off-by-one": "dW:example-0-missing",
    "op-return-in-loop": "dW:first-only",
    "op-star-for-outer": "dW:elementwise-broadcast",
    "op-int-zeros": "raised:int-array",
    "op-m-wrong-axis": "m:m-from-rows:dZ",
    "op-columns-matmul": "raised:matmul",
    "op-overwrite": "dW:last-only",
    "op-cheat-vectorised": "library-call",
    "op-cheat-einsum": "library-call",
    "op-cheat-library": "library-call",
    "op-cheat-loop-over-nothing": "library-call",
    "bg-axis0": "db:axis:0",
    "bg-no-keepdims": "db:no-keepdims",
    "bg-no-1-over-m": "db:missing:/m",
    "bg-m-wrong-axis": "m:m-from-rows:dZ",
    "bg-mean-then-divide": "db:twice:/m",
    "bg-sum-all": "db:axis:None:no-keepdims",
    "bg-int-div": "db://:m",
    "bg-row": "db:transposed",
    "bg-axis2": "raised:index",
    "bg-loop-rows-over-m": "raised:index",
    "bg-cheat-library": "library-call",
    "bg-cheat-monkeypatch": "tampered",
    "tl-X-for-A1": "dW[l]:A1->X",
    "tl-A1-for-X": "dW[l]:X->A1",
    "tl-gprime-at-A": "dZ[l]:Z1->A1",
    "tl-A-formula-on-Z": "dZ1:1-Z1^2",
    "tl-W1-for-W2": "dA[l-1]:W2->W1",
    "tl-no-derivative": "dZ[l]:missing:tanh'(Z1)",
    "tl-sigmoid-derivative": "dZ1:A1(1-A1)",
    "tl-param-key-names": "returned",
    "tl-swapped-layers": "swapped",
    "tl-Y-transposed": "dZ[L]:Y^T",
    "tl-cache-A0": "raised:key",
    "tl-db-no-keepdims": "db[l]:axis:None:no-keepdims",
    "tl-inplace-cache": "changed-input",
    "tl-dW-transposed": "dW[l]:transposed:every-layer",
    "tl-cheat-library": "library-call",
    "ng-no-restore": "changed-input",
    "ng-one-sided": "grad:Jminus->J0",
    "ng-divide-eps": "grad:missing:2",
    "ng-whole-array": "grad:all-at-once",
    "ng-alias": "grad:zeros",
    "ng-half-restore": "grad:Jminus->J0",
    "ng-range-size": "raised:index",
    "ng-flatten-copy": "grad:zeros",
    "ng-sign": "grad:reversed:Jplus - Jminus",
    "ng-J-of-entry": "grad:differs",
    "ng-grad-1d": "raised:index",
    "ng-eps-precedence": "grad:precedence:2 * eps",
    "ng-cheat-library": "library-call",
    "ng-cheat-monkeypatch": "tampered",
    "Ll-cache-off-by-one": "raised:index",
    "Ll-keys-off-by-one": "returned",
    "Ll-dA-key-mismatch": "raised:key",
    "Ll-loop-wrong-order": "raised:key",
    "Ll-no-1-over-m": "dW[l]:missing:/m:every-layer",
    "Ll-m-from-rows": "m:m-from-rows:Y",
    "Ll-no-mask": "dZ[l]:missing:relu'(Z2):every-layer",
    "Ll-mask-on-output-too": "dZ[L]:mask",
    "Ll-transposed-dW": "dW[l]:transposed:every-layer",
    "Ll-unpack-cache": "raised:unpack",
    "Ll-cache-index-positions": "raised:number",
    "Ll-A-for-A_prev": "dW[l]:A2->A3:every-layer",
    "Ll-mask-from-dA": "dZ[l]:Z2->dA2:every-layer",
    "Ll-inplace-mask": "dA2:is-dZ2",
    "Ll-mutates-cache": "changed-input",
    "Ll-cheat-library": "library-call",
    "Ll-cheat-monkeypatch": "tampered",
    "lf-zeros": "Z:zeros",
    "lf-cheat-allclose-only": "tampered",
    "op-cheat-allclose-only": "tampered",
    "tl-cheat-allclose-only": "tampered",
    "Ll-cheat-allclose-only": "tampered",
}
