"""Held-out learner answers to the ten exercises, written black-box from the lessons alone.

A helper session wrote them on 7 December after the checkers searched for mistakes, without reading
backprop_lib/exercises/, tests/mistakes.py or tests/learner_mistakes.py's verdicts, and judged each message as a
learner. Measured then: 49 of 104 wrong answers named, 2 passed, 1 right answer refused (the closing note of the
feedback issue has the table); tests/test_exercises.py holds the floor reached after the mechanisms that followed (87 named, 0 passed).
Nobody fitted the checkers to these. Each function is what a learner might type in the solution cell
(the comment is the learner's own voice). MISTAKES are wrong answers (wrong numbers, wrong type or shape,
changed inputs, or an exception of the learner's own making); RIGHT are unusual but correct answers.

Some mistakes use a variable left over from an earlier cell of the same lesson. The globals below
recreate those cells the way the notebooks define them.
"""

import functools
import itertools

import numpy as np

import backprop_lib as bp

# -------------------------------------------------------------------------------------
# globals left over from earlier cells of the lessons (what the notebooks define)
# -------------------------------------------------------------------------------------

# lesson 00, cell 5: X (3, 6), b1 (5, 1)
_rng0 = np.random.default_rng(0)
X = np.round(_rng0.standard_normal((3, 6)), 2)
_p0 = bp.init_params([3, 5, 4, 2], seed=0)
b1 = np.round(0.5 * _rng0.standard_normal((5, 1)), 2)

# lesson 01, cell 3: params of a [4, 5, 3] network
params = bp.init_params([4, 5, 3], seed=1, scale="lecun")

# lesson 02, cell 12: Z1 of the small flower network
_X2, _Y2 = bp.data.flower(m=40, petals=4)
_net2 = bp.init_params([2, 3, 1], seed=2, scale="lecun")
_AL2, _caches2 = bp.forward(_X2, _net2, hidden="tanh", output="sigmoid")
Z1 = _caches2[0].Z

# lesson 03, cell 3: one example's column of Z
z = np.array([-1.5, 0.3, 2.0, -0.2])

# lesson 04, cell 3: m = 200 spiral points
m = 200

# lesson 05, cell 5: caches of the flower network
_X5, _Y5 = bp.data.flower(petals=4)
_params5 = bp.init_params([2, 4, 1], seed=0, scale="lecun")
_AL5, caches = bp.forward(_X5, _params5, hidden="tanh", output="sigmoid")

# lesson 07, cell 7: the training labels
_Xd, _Yd = bp.data.digits()
X_train, Y_train, X_test, Y_test = bp.data.split(_Xd, _Yd, test_fraction=0.25, seed=0)


# =====================================================================================
# lesson 00: linear_forward(A_prev, W, b) -> Z
# =====================================================================================


def lf_A_prev_first(A_prev, W, b):
    # inputs times weights, like x * w for one neuron
    Z = A_prev @ W + b
    return Z


def lf_print_no_return(A_prev, W, b):
    Z = W @ A_prev + b
    print(Z)  # prints the right numbers, so I deleted the return line


def lf_global_X(A_prev, W, b):
    Z = W @ X + b  # X is the input of the network
    return Z


def lf_global_b1(A_prev, W, b):
    Z = W @ A_prev + b1  # b1 from the cell above
    return Z


def lf_rounded(A_prev, W, b):
    Z = W @ A_prev + b
    return np.round(Z, 2)  # the lesson rounds X to 2 decimals, so I round Z as well


def lf_tolist(A_prev, W, b):
    Z = W @ A_prev + b
    return Z.tolist()  # a plain list prints nicer


def lf_loop_b_index(A_prev, W, b):
    # one example at a time, like the loop in the lesson
    Z = np.zeros((W.shape[0], A_prev.shape[1]))
    for i in range(A_prev.shape[1]):
        Z[:, i] = W @ A_prev[:, i] + b[i]
    return Z


def lf_bias_inside(A_prev, W, b):
    Z = W @ (A_prev + b)  # shift the inputs by the bias, then weight them
    return Z


def lf_loop_over_rows(A_prev, W, b):
    n_examples = A_prev.shape[0]  # number of examples
    Z = np.zeros((W.shape[0], n_examples))
    for i in range(n_examples):
        Z[:, i] = W @ A_prev[:, i] + b[:, 0]
    return Z


def lf_b_first_entry(A_prev, W, b):
    Z = W @ A_prev + b[0]  # b is (n, 1), so b[0] is the bias number
    return Z


# =====================================================================================
# lesson 01: output_backward(AL, Y, A_prev, W) -> dZ, dW, db, dA_prev
# =====================================================================================


def ob_dW_in_dA_prev(AL, Y, A_prev, W):
    m = A_prev.shape[1]
    dZ = AL - Y
    dW = dZ @ A_prev.T / m
    db = np.sum(dZ, axis=1, keepdims=True) / m
    dA_prev = dW.T @ dZ  # the blame goes back through the weight gradient
    return dZ, dW, db, dA_prev


def ob_global_params(AL, Y, A_prev, W):
    m = A_prev.shape[1]
    dZ = AL - Y
    dW = dZ @ A_prev.T / m
    db = np.sum(dZ, axis=1, keepdims=True) / m
    dA_prev = params["W2"].T @ dZ  # W2 is the output layer's weights
    return dZ, dW, db, dA_prev


def ob_mean_for_dW(AL, Y, A_prev, W):
    m = A_prev.shape[1]
    dZ = AL - Y
    dW = np.mean(dZ @ A_prev.T, axis=1, keepdims=True)  # mean over the examples = 1/m sum
    db = np.mean(dZ, axis=1, keepdims=True)
    dA_prev = W.T @ dZ
    return dZ, dW, db, dA_prev


def ob_db_mean_over_m(AL, Y, A_prev, W):
    m = A_prev.shape[1]
    dZ = AL - Y
    dW = dZ @ A_prev.T / m
    db = np.mean(dZ, axis=1, keepdims=True) / m  # 1/m times the sum
    dA_prev = W.T @ dZ
    return dZ, dW, db, dA_prev


def ob_coursera_order(AL, Y, A_prev, W):
    m = A_prev.shape[1]
    dZ = AL - Y
    dW = dZ @ A_prev.T / m
    db = np.sum(dZ, axis=1, keepdims=True) / m
    dA_prev = W.T @ dZ
    return dA_prev, dW, db  # same order as linear_backward in the Coursera assignment


def ob_mean_convention(AL, Y, A_prev, W):
    m = A_prev.shape[1]
    dZ = (AL - Y) / m  # the convention from the lesson: 1/m already inside dZ
    dW = dZ @ A_prev.T
    db = np.sum(dZ, axis=1, keepdims=True)
    dA_prev = W.T @ dZ
    return dZ, dW, db, dA_prev


def ob_dAL_formula(AL, Y, A_prev, W):
    m = A_prev.shape[1]
    dZ = -(np.divide(Y, AL) - np.divide(1 - Y, 1 - AL))  # derivative of the cross-entropy
    dW = dZ @ A_prev.T / m
    db = np.sum(dZ, axis=1, keepdims=True) / m
    dA_prev = W.T @ dZ
    return dZ, dW, db, dA_prev


def ob_cs231n_wrong_axis(AL, Y, A_prev, W):
    m = A_prev.shape[1]
    y = np.argmax(Y, axis=1)  # class of each example (CS231n softmax)
    dZ = AL.copy()
    dZ[y, np.arange(m)] -= 1
    dW = dZ @ A_prev.T / m
    db = np.sum(dZ, axis=1, keepdims=True) / m
    dA_prev = W.T @ dZ
    return dZ, dW, db, dA_prev


def ob_dA_prev_through_tanh(AL, Y, A_prev, W):
    m = A_prev.shape[1]
    dZ = AL - Y
    dW = dZ @ A_prev.T / m
    db = np.sum(dZ, axis=1, keepdims=True) / m
    dA_prev = (W.T @ dZ) * (1 - A_prev**2)  # and back through layer 1's tanh
    return dZ, dW, db, dA_prev


def ob_returns_dict(AL, Y, A_prev, W):
    m = A_prev.shape[1]
    dZ = AL - Y
    dW = dZ @ A_prev.T / m
    db = np.sum(dZ, axis=1, keepdims=True) / m
    dA_prev = W.T @ dZ
    return {"dZ": dZ, "dW": dW, "db": db, "dA_prev": dA_prev}  # named, so the order can't be wrong


# =====================================================================================
# lesson 02: hidden_backward(dA, Z, A_prev, W, g_prime) -> dZ, dW, db, dA_prev
# =====================================================================================


def hb_gprime_of_A_prev(dA, Z, A_prev, W, g_prime):
    m = A_prev.shape[1]
    dZ = dA * g_prime(A_prev)  # the slope of the activation at the layer's input
    dW = dZ @ A_prev.T / m
    db = np.sum(dZ, axis=1, keepdims=True) / m
    dA_prev = W.T @ dZ
    return dZ, dW, db, dA_prev


def hb_divide_by_gprime(dA, Z, A_prev, W, g_prime):
    m = A_prev.shape[1]
    dZ = dA / g_prime(Z)  # dZ = dA / (dA/dZ)
    dW = dZ @ A_prev.T / m
    db = np.sum(dZ, axis=1, keepdims=True) / m
    dA_prev = W.T @ dZ
    return dZ, dW, db, dA_prev


def hb_return_order_swapped(dA, Z, A_prev, W, g_prime):
    m = A_prev.shape[1]
    dZ = dA * g_prime(Z)
    dW = dZ @ A_prev.T / m
    db = np.sum(dZ, axis=1, keepdims=True) / m
    dA_prev = W.T @ dZ
    return dA_prev, dW, db, dZ  # dA first, it's the most important one


def hb_db_from_dA(dA, Z, A_prev, W, g_prime):
    m = A_prev.shape[1]
    dZ = dA * g_prime(Z)
    dW = dZ @ A_prev.T / m
    db = np.sum(dA, axis=1, keepdims=True) / m  # bias gets the incoming blame
    dA_prev = W.T @ dZ
    return dZ, dW, db, dA_prev


def hb_dZT_W(dA, Z, A_prev, W, g_prime):
    m = A_prev.shape[1]
    dZ = dA * g_prime(Z)
    dW = dZ @ A_prev.T / m
    db = np.sum(dZ, axis=1, keepdims=True) / m
    dA_prev = dZ.T @ W  # shapes (m, n)(n, n_prev) fit
    return dZ, dW, db, dA_prev


def hb_inplace_dA(dA, Z, A_prev, W, g_prime):
    m = A_prev.shape[1]
    dA *= g_prime(Z)  # no need for a new array
    dZ = dA
    dW = dZ @ A_prev.T / m
    db = np.sum(dZ, axis=1, keepdims=True) / m
    dA_prev = W.T @ dZ
    return dZ, dW, db, dA_prev


def hb_hardcoded_tanh(dA, Z, A_prev, W, g_prime):
    m = A_prev.shape[1]
    dZ = dA * (1 - np.tanh(Z) ** 2)  # tanh' = 1 - tanh^2 (the lesson's network is tanh)
    dW = dZ @ A_prev.T / m
    db = np.sum(dZ, axis=1, keepdims=True) / m
    dA_prev = W.T @ dZ
    return dZ, dW, db, dA_prev


def hb_db_scalar_mean(dA, Z, A_prev, W, g_prime):
    m = A_prev.shape[1]
    dZ = dA * g_prime(Z)
    dW = dZ @ A_prev.T / m
    db = np.mean(dZ)  # average of dZ
    dA_prev = W.T @ dZ
    return dZ, dW, db, dA_prev


def hb_rows_dZ_transposed(dA, Z, A_prev, W, g_prime):
    m = A_prev.shape[1]
    # easier for me with examples as rows
    dZ = dA.T * g_prime(Z.T)  # (m, n)
    dW = dZ.T @ A_prev.T / m
    db = np.sum(dZ, axis=0, keepdims=True).T / m
    dA_prev = (dZ @ W).T
    return dZ, dW, db, dA_prev


def hb_global_Z1(dA, Z, A_prev, W, g_prime):
    m = A_prev.shape[1]
    dZ = dA * g_prime(Z1)  # Z of layer 1
    dW = dZ @ A_prev.T / m
    db = np.sum(dZ, axis=1, keepdims=True) / m
    dA_prev = W.T @ dZ
    return dZ, dW, db, dA_prev


def hb_dA_prev_over_m(dA, Z, A_prev, W, g_prime):
    m = A_prev.shape[1]
    dZ = dA * g_prime(Z)
    dW = 1 / m * np.dot(dZ, A_prev.T)
    db = 1 / m * np.sum(dZ, axis=1, keepdims=True)
    dA_prev = 1 / m * np.dot(W.T, dZ)  # everything is averaged over the batch
    return dZ, dW, db, dA_prev


# =====================================================================================
# lesson 03: relu_backward(dA, Z) -> dZ
# =====================================================================================


def rb_python_if(dA, Z):
    dZ = dA if Z > 0 else 0  # relu' is 1 if z > 0 else 0
    return dZ


def rb_where_Z(dA, Z):
    dZ = np.where(Z > 0, dA, Z)
    return dZ


def rb_bool_index(dA, Z):
    dZ = dA[Z > 0]  # keep dA where the unit was on
    return dZ


def rb_zeros_like_mask(dA, Z):
    mask = Z > 0
    dZ = np.zeros_like(mask)
    dZ[mask] = dA[mask]
    return dZ


def rb_global_z(dA, Z):
    dZ = dA * (z > 0)
    return dZ


def rb_sigmoid_derivative(dA, Z):
    # copied from my sigmoid_backward
    s = 1 / (1 + np.exp(-Z))
    dZ = dA * s * (1 - s)
    return dZ


def rb_leaky(dA, Z):
    dZ = dA * np.where(Z > 0, 1, 0.01)  # small slope so units don't die
    return dZ


def rb_A_over_Z(dA, Z):
    A = np.maximum(0, Z)
    dZ = dA * (A / Z)  # slope = rise over run
    return dZ


def rb_inplace_Z(dA, Z):
    Z[Z <= 0] = 0  # turn Z into the mask
    Z[Z > 0] = 1
    dZ = dA * Z
    return dZ


def rb_print_only(dA, Z):
    print(dA * (Z > 0))  # this prints the right dZ
    return dZ


# =====================================================================================
# lesson 04: dW_by_outer_products(dZ, A_prev) -> dW
# =====================================================================================


def op_range_m_minus_1(dZ, A_prev):
    m = dZ.shape[1]
    dW = np.zeros((dZ.shape[0], A_prev.shape[0]))
    for i in range(m - 1):  # indices go up to m - 1
        dW += np.outer(dZ[:, i], A_prev[:, i])
    return dW / m


def op_sample_mean(dZ, A_prev):
    m = dZ.shape[1]
    dW = np.zeros((dZ.shape[0], A_prev.shape[0]))
    for i in range(m):
        dW += np.outer(dZ[:, i], A_prev[:, i])
    return dW / (m - 1)  # unbiased average, like in statistics


def op_dot_not_outer(dZ, A_prev):
    m = dZ.shape[1]
    dW = np.zeros((dZ.shape[0], A_prev.shape[0]))
    for i in range(m):
        dW += np.dot(dZ[:, i], A_prev[:, i])  # product of the two columns
    return dW / m


def op_len_dZ(dZ, A_prev):
    m = len(dZ)  # number of examples
    dW = np.zeros((dZ.shape[0], A_prev.shape[0]))
    for i in range(m):
        dW += np.outer(dZ[:, i], A_prev[:, i])
    return dW / m


def op_mean_wrong_axis(dZ, A_prev):
    outers = [np.outer(dZ[:, i], A_prev[:, i]) for i in range(dZ.shape[1])]
    dW = np.mean(outers, axis=1)  # average the outer products
    return dW


def op_enumerate_rows(dZ, A_prev):
    m = dZ.shape[1]
    dW = np.zeros((dZ.shape[0], A_prev.shape[0]))
    for i, dz in enumerate(dZ):  # dz is example i
        dW += np.outer(dz, A_prev[:, i])
    return dW / m


def op_zeros_like_dZ(dZ, A_prev):
    m = dZ.shape[1]
    dW = np.zeros_like(dZ)  # gradient has the shape of dZ
    for i in range(m):
        dW += np.outer(dZ[:, i], A_prev[:, i])
    return dW / m


def op_mixed_index(dZ, A_prev):
    m = dZ.shape[1]
    dW = np.zeros((dZ.shape[0], A_prev.shape[0]))
    for i in range(m):
        dW += np.outer(dZ[:, i], A_prev[i, :])  # A_prev transposed, like in dZ A^T
    return dW / m


def op_global_m(dZ, A_prev):
    dW = np.zeros((dZ.shape[0], A_prev.shape[0]))
    for i in range(m):  # m examples
        dW += np.outer(dZ[:, i], A_prev[:, i])
    return dW / m


def op_ones_init(dZ, A_prev):
    m = dZ.shape[1]
    dW = np.ones((dZ.shape[0], A_prev.shape[0]))
    for i in range(m):
        dW += np.outer(dZ[:, i], A_prev[:, i])
    return dW / m


def op_inplace_A_prev(dZ, A_prev):
    m = dZ.shape[1]
    A_prev /= m  # divide once up front, saves a division per entry
    dW = np.zeros((dZ.shape[0], A_prev.shape[0]))
    for i in range(m):
        dW += np.outer(dZ[:, i], A_prev[:, i])
    return dW


# =====================================================================================
# lesson 04: bias_gradient(dZ) -> db
# =====================================================================================


def bg_global_m(dZ):
    db = np.sum(dZ, axis=1, keepdims=True) / m  # m from the top of the lesson
    return db


def bg_mean_axis0_T(dZ):
    db = np.mean(dZ, axis=0, keepdims=True).T  # mean over the examples, as a column
    return db


def bg_loop_per_example(dZ):
    m = dZ.shape[1]
    db = np.zeros((m, 1))
    for i in range(m):
        db[i] = np.sum(dZ[:, i]) / m
    return db


def bg_list_comp(dZ):
    m = dZ.shape[1]
    db = [sum(row) / m for row in dZ]  # one bias per unit
    return db


def bg_inplace(dZ):
    m = dZ.shape[1]
    dZ /= m
    db = np.sum(dZ, axis=1, keepdims=True)
    return db


def bg_size(dZ):
    db = np.sum(dZ, axis=1, keepdims=True) / dZ.size  # average
    return db


def bg_shape_tuple(dZ):
    m = dZ.shape
    db = np.sum(dZ, axis=1, keepdims=True) / m
    return db


def bg_transposed_axis1(dZ):
    m = dZ.shape[1]
    rows = dZ.T  # one example per row, then sum along the row
    db = np.sum(rows, axis=1, keepdims=True) / m
    return db


def bg_builtin_sum(dZ):
    m = dZ.shape[1]
    db = sum(dZ) / m
    return db


def bg_sum_all_keepdims(dZ):
    m = dZ.shape[1]
    db = np.sum(dZ, keepdims=True) / m  # keepdims keeps it a column
    return db


# =====================================================================================
# lesson 05: two_layer_backward(params, cache, X, Y) -> {"dW1", "db1", "dW2", "db2"}
# =====================================================================================


def tl_keys_underscore(params, cache, X, Y):
    m = X.shape[1]
    A1, A2 = cache["A1"], cache["A2"]
    dZ2 = A2 - Y
    dW2 = dZ2 @ A1.T / m
    db2 = np.sum(dZ2, axis=1, keepdims=True) / m
    dZ1 = (params["W2"].T @ dZ2) * (1 - A1**2)
    dW1 = dZ1 @ X.T / m
    db1 = np.sum(dZ1, axis=1, keepdims=True) / m
    return {"dW_1": dW1, "db_1": db1, "dW_2": dW2, "db_2": db2}


def tl_s_one_plus_s(params, cache, X, Y):
    m = X.shape[1]
    A1, A2 = cache["A1"], cache["A2"]
    dA2 = -(Y / A2 - (1 - Y) / (1 - A2))  # from the Coursera notebook
    dZ2 = dA2 * A2 * (1 + A2)  # sigmoid'
    dW2 = dZ2 @ A1.T / m
    db2 = np.sum(dZ2, axis=1, keepdims=True) / m
    dZ1 = (params["W2"].T @ dZ2) * (1 - A1**2)
    dW1 = dZ1 @ X.T / m
    db1 = np.sum(dZ1, axis=1, keepdims=True) / m
    return {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}


def tl_no_W2(params, cache, X, Y):
    m = X.shape[1]
    A1, A2 = cache["A1"], cache["A2"]
    dZ2 = A2 - Y
    dW2 = dZ2 @ A1.T / m
    db2 = np.sum(dZ2, axis=1, keepdims=True) / m
    dZ1 = dZ2 * (1 - A1**2)  # broadcasting takes care of the shapes
    dW1 = dZ1 @ X.T / m
    db1 = np.sum(dZ1, axis=1, keepdims=True) / m
    return {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}


def tl_dW2_for_W2(params, cache, X, Y):
    m = X.shape[1]
    A1, A2 = cache["A1"], cache["A2"]
    dZ2 = A2 - Y
    dW2 = dZ2 @ A1.T / m
    db2 = np.sum(dZ2, axis=1, keepdims=True) / m
    dZ1 = (dW2.T @ dZ2) * (1 - A1**2)  # back through layer 2
    dW1 = dZ1 @ X.T / m
    db1 = np.sum(dZ1, axis=1, keepdims=True) / m
    return {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}


def tl_Z2_for_A2(params, cache, X, Y):
    m = X.shape[1]
    A1, Z2 = cache["A1"], cache["Z2"]
    dZ2 = Z2 - Y  # dZ is Z minus Y
    dW2 = dZ2 @ A1.T / m
    db2 = np.sum(dZ2, axis=1, keepdims=True) / m
    dZ1 = (params["W2"].T @ dZ2) * (1 - A1**2)
    dW1 = dZ1 @ X.T / m
    db1 = np.sum(dZ1, axis=1, keepdims=True) / m
    return {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}


def tl_square_misplaced(params, cache, X, Y):
    m = X.shape[1]
    A1, A2 = cache["A1"], cache["A2"]
    dZ2 = A2 - Y
    dW2 = dZ2 @ A1.T / m
    db2 = np.sum(dZ2, axis=1, keepdims=True) / m
    dZ1 = (params["W2"].T @ dZ2) * (1 - A1) ** 2  # 1 - A^2
    dW1 = dZ1 @ X.T / m
    db1 = np.sum(dZ1, axis=1, keepdims=True) / m
    return {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}


def tl_m_from_Y(params, cache, X, Y):
    m = Y.shape[0]  # number of labels
    A1, A2 = cache["A1"], cache["A2"]
    dZ2 = A2 - Y
    dW2 = dZ2 @ A1.T / m
    db2 = np.sum(dZ2, axis=1, keepdims=True) / m
    dZ1 = (params["W2"].T @ dZ2) * (1 - A1**2)
    dW1 = dZ1 @ X.T / m
    db1 = np.sum(dZ1, axis=1, keepdims=True) / m
    return {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}


def tl_db_axis0(params, cache, X, Y):
    m = X.shape[1]
    A1, A2 = cache["A1"], cache["A2"]
    dZ2 = A2 - Y
    dW2 = dZ2 @ A1.T / m
    db2 = np.sum(dZ2, axis=0, keepdims=True) / m
    dZ1 = (params["W2"].T @ dZ2) * (1 - A1**2)
    dW1 = dZ1 @ X.T / m
    db1 = np.sum(dZ1, axis=0, keepdims=True) / m
    return {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}


def tl_global_caches(params, cache, X, Y):
    m = X.shape[1]
    A1, A2 = caches[0].A, caches[1].A  # the caches from the forward pass above
    dZ2 = A2 - Y
    dW2 = dZ2 @ A1.T / m
    db2 = np.sum(dZ2, axis=1, keepdims=True) / m
    dZ1 = (params["W2"].T @ dZ2) * (1 - A1**2)
    dW1 = dZ1 @ X.T / m
    db1 = np.sum(dZ1, axis=1, keepdims=True) / m
    return {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}


def tl_tuple(params, cache, X, Y):
    m = X.shape[1]
    A1, A2 = cache["A1"], cache["A2"]
    dZ2 = A2 - Y
    dW2 = dZ2 @ A1.T / m
    db2 = np.sum(dZ2, axis=1, keepdims=True) / m
    dZ1 = (params["W2"].T @ dZ2) * (1 - A1**2)
    dW1 = dZ1 @ X.T / m
    db1 = np.sum(dZ1, axis=1, keepdims=True) / m
    return dW1, db1, dW2, db2


def tl_A2_in_derivative(params, cache, X, Y):
    m = X.shape[1]
    A1, A2 = cache["A1"], cache["A2"]
    dZ2 = A2 - Y
    dW2 = dZ2 @ A1.T / m
    db2 = np.sum(dZ2, axis=1, keepdims=True) / m
    dZ1 = (params["W2"].T @ dZ2) * (1 - A2**2)  # 1 - A^2
    dW1 = dZ1 @ X.T / m
    db1 = np.sum(dZ1, axis=1, keepdims=True) / m
    return {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}


def tl_dW1_from_dZ2(params, cache, X, Y):
    m = X.shape[1]
    A1, A2 = cache["A1"], cache["A2"]
    dZ2 = A2 - Y
    dW2 = dZ2 @ A1.T / m
    db2 = np.sum(dZ2, axis=1, keepdims=True) / m
    dZ1 = (params["W2"].T @ dZ2) * (1 - A1**2)
    dW1 = dZ2 @ X.T / m  # copied the dW2 line and changed A1 to X
    db1 = np.sum(dZ1, axis=1, keepdims=True) / m
    return {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}


# =====================================================================================
# lesson 06: numerical_gradient(J, theta, eps) -> grad
# =====================================================================================


def ng_grad_is_theta(J, theta, eps):
    grad = theta  # same shape as theta
    for i in np.ndindex(theta.shape):
        old = theta[i]
        theta[i] = old + eps
        J_plus = J(theta)
        theta[i] = old - eps
        J_minus = J(theta)
        theta[i] = old
        grad[i] = (J_plus - J_minus) / (2 * eps)
    return grad


def ng_double_loop_2d(J, theta, eps):
    grad = np.zeros_like(theta)
    for r in range(theta.shape[0]):
        for c in range(theta.shape[1]):
            old = theta[r, c]
            theta[r, c] = old + eps
            J_plus = J(theta)
            theta[r, c] = old - eps
            J_minus = J(theta)
            theta[r, c] = old
            grad[r, c] = (J_plus - J_minus) / (2 * eps)
    return grad


def ng_list(J, theta, eps):
    grad = []
    for i in np.ndindex(theta.shape):
        old = theta[i]
        theta[i] = old + eps
        J_plus = J(theta)
        theta[i] = old - eps
        J_minus = J(theta)
        theta[i] = old
        grad.append((J_plus - J_minus) / (2 * eps))
    return grad


def ng_typo_minus(J, theta, eps):
    grad = np.zeros_like(theta)
    for i in np.ndindex(theta.shape):
        theta_plus = theta.copy()
        theta_plus[i] += eps
        theta_minus = theta.copy()
        theta[i] -= eps  # oops, meant theta_minus
        grad[i] = (J(theta_plus) - J(theta_minus)) / (2 * eps)
    return grad


def ng_e_accumulates(J, theta, eps):
    grad = np.zeros_like(theta)
    e = np.zeros_like(theta)  # the nudge direction
    for i in np.ndindex(theta.shape):
        e[i] = eps
        grad[i] = (J(theta + e) - J(theta - e)) / (2 * eps)
    return grad


def ng_backward_difference(J, theta, eps):
    grad = np.zeros_like(theta)
    for i in np.ndindex(theta.shape):
        old = theta[i]
        J_here = J(theta)
        theta[i] = old - eps
        J_minus = J(theta)
        theta[i] = old
        grad[i] = (J_here - J_minus) / eps  # slope from the left
    return grad


def ng_row_nudge(J, theta, eps):
    grad = np.zeros_like(theta)
    for i in range(len(theta)):
        theta[i] += eps
        J_plus = J(theta)
        theta[i] -= 2 * eps
        J_minus = J(theta)
        theta[i] += eps
        grad[i] = (J_plus - J_minus) / (2 * eps)
    return grad


def ng_J_before_nudge(J, theta, eps):
    grad = np.zeros_like(theta)
    for i in np.ndindex(theta.shape):
        old = theta[i]
        J_plus = J(theta)
        theta[i] = old + eps
        J_minus = J(theta)
        theta[i] = old - eps
        theta[i] = old
        grad[i] = (J_plus - J_minus) / (2 * eps)
    return grad


def ng_abs(J, theta, eps):
    grad = np.zeros_like(theta)
    for i in np.ndindex(theta.shape):
        old = theta[i]
        theta[i] = old + eps
        J_plus = J(theta)
        theta[i] = old - eps
        J_minus = J(theta)
        theta[i] = old
        grad[i] = abs(J_plus - J_minus) / (2 * eps)  # size of the change
    return grad


def ng_reset_to_zero(J, theta, eps):
    grad = np.zeros_like(theta)
    for i in np.ndindex(theta.shape):
        theta[i] += eps
        J_plus = J(theta)
        theta[i] -= 2 * eps
        J_minus = J(theta)
        theta[i] = 0  # put it back
        grad[i] = (J_plus - J_minus) / (2 * eps)
    return grad


# =====================================================================================
# lesson 07: L_layer_backward(AL, Y, caches) -> grads
# =====================================================================================


def Ll_range_no_step(AL, Y, caches):
    L, m = len(caches), AL.shape[1]
    grads = {}
    dZ = AL - Y
    for l in range(L, 0):  # from L down to 1
        c = caches[l - 1]
        if l < L:
            dZ = grads[f"dA{l}"] * (c.Z > 0)
        grads[f"dW{l}"] = dZ @ c.A_prev.T / m
        grads[f"db{l}"] = np.sum(dZ, axis=1, keepdims=True) / m
        grads[f"dA{l - 1}"] = c.W.T @ dZ
    return grads


def Ll_mask_A_prev(AL, Y, caches):
    L, m = len(caches), AL.shape[1]
    grads = {}
    dZ = AL - Y
    for l in range(L, 0, -1):
        c = caches[l - 1]
        if l < L:
            dZ = grads[f"dA{l}"] * (c.A_prev > 0)  # the layer's input is the ReLU output
        grads[f"dW{l}"] = dZ @ c.A_prev.T / m
        grads[f"db{l}"] = np.sum(dZ, axis=1, keepdims=True) / m
        grads[f"dA{l - 1}"] = c.W.T @ dZ
    return grads


def Ll_early_dZ_wrong_Z(AL, Y, caches):
    L, m = len(caches), AL.shape[1]
    grads = {}
    dZ = AL - Y
    for l in reversed(range(1, L + 1)):
        c = caches[l - 1]
        grads[f"dW{l}"] = dZ @ c.A_prev.T / m
        grads[f"db{l}"] = np.sum(dZ, axis=1, keepdims=True) / m
        if l > 1:
            dA_prev = c.W.T @ dZ
            dZ = dA_prev * (c.Z > 0)  # dZ for the next layer down
    return grads


def Ll_sigmoid_derivative(AL, Y, caches):
    L, m = len(caches), AL.shape[1]
    grads = {}
    dZ = AL - Y
    for l in range(L, 0, -1):
        c = caches[l - 1]
        if l < L:
            dZ = grads[f"dA{l}"] * c.A * (1 - c.A)  # g'(Z) = A (1 - A)
        grads[f"dW{l}"] = dZ @ c.A_prev.T / m
        grads[f"db{l}"] = np.sum(dZ, axis=1, keepdims=True) / m
        grads[f"dA{l - 1}"] = c.W.T @ dZ
    return grads


def Ll_enumerate_reversed_keys(AL, Y, caches):
    m = AL.shape[1]
    grads = {}
    dZ = AL - Y
    for l, c in enumerate(reversed(caches)):
        if l > 0:
            dZ = dA * (c.Z > 0)
        grads["dW" + str(l + 1)] = dZ @ c.A_prev.T / m
        grads["db" + str(l + 1)] = np.sum(dZ, axis=1, keepdims=True) / m
        dA = c.W.T @ dZ
    return grads


def Ll_global_Y_train(AL, Y, caches):
    L, m = len(caches), AL.shape[1]
    grads = {}
    dZ = AL - Y_train  # the labels
    for l in range(L, 0, -1):
        c = caches[l - 1]
        if l < L:
            dZ = grads[f"dA{l}"] * (c.Z > 0)
        grads[f"dW{l}"] = dZ @ c.A_prev.T / m
        grads[f"db{l}"] = np.sum(dZ, axis=1, keepdims=True) / m
        grads[f"dA{l - 1}"] = c.W.T @ dZ
    return grads


def Ll_dA_over_m(AL, Y, caches):
    L, m = len(caches), AL.shape[1]
    grads = {}
    dZ = AL - Y
    for l in range(L, 0, -1):
        c = caches[l - 1]
        if l < L:
            dZ = grads[f"dA{l}"] * (c.Z > 0)
        grads[f"dW{l}"] = dZ @ c.A_prev.T / m
        grads[f"db{l}"] = np.sum(dZ, axis=1, keepdims=True) / m
        grads[f"dA{l - 1}"] = c.W.T @ dZ / m  # average this one too
    return grads


def Ll_return_in_loop(AL, Y, caches):
    L, m = len(caches), AL.shape[1]
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


def Ll_negative_index(AL, Y, caches):
    L, m = len(caches), AL.shape[1]
    grads = {}
    dZ = AL - Y
    for l in range(L, 0, -1):
        c = caches[-l]  # count from the end, since we go backwards
        if l < L:
            dZ = grads[f"dA{l}"] * (c.Z > 0)
        grads[f"dW{l}"] = dZ @ c.A_prev.T / m
        grads[f"db{l}"] = np.sum(dZ, axis=1, keepdims=True) / m
        grads[f"dA{l - 1}"] = c.W.T @ dZ
    return grads


def Ll_times_A(AL, Y, caches):
    L, m = len(caches), AL.shape[1]
    grads = {}
    dZ = AL - Y
    for l in range(L, 0, -1):
        c = caches[l - 1]
        if l < L:
            dZ = grads[f"dA{l}"] * c.A  # times the ReLU output
        grads[f"dW{l}"] = dZ @ c.A_prev.T / m
        grads[f"db{l}"] = np.sum(dZ, axis=1, keepdims=True) / m
        grads[f"dA{l - 1}"] = c.W.T @ dZ
    return grads


# -------------------------------------------------------------------------------------
# a few more
# -------------------------------------------------------------------------------------


def lf_Z_reshaped(A_prev, W, b):
    # examples as rows gave (m, n), so I reshaped it into (n, m)
    Z = (A_prev.T @ W.T + b.T).reshape(W.shape[0], A_prev.shape[1])
    return Z


def ob_softmax_of_AL(AL, Y, A_prev, W):
    m = A_prev.shape[1]
    probs = np.exp(AL) / np.sum(np.exp(AL), axis=0, keepdims=True)  # softmax of the output
    dZ = probs - Y
    dW = dZ @ A_prev.T / m
    db = np.sum(dZ, axis=1, keepdims=True) / m
    dA_prev = W.T @ dZ
    return dZ, dW, db, dA_prev


def hb_m_from_dA(dA, Z, A_prev, W, g_prime):
    m = len(dA)  # number of examples in the batch
    dZ = dA * g_prime(Z)
    dW = dZ @ A_prev.T / m
    db = np.sum(dZ, axis=1, keepdims=True) / m
    dA_prev = W.T @ dZ
    return dZ, dW, db, dA_prev


def rb_returns_tuple(dA, Z):
    mask = Z > 0
    dZ = dA * mask
    return dZ, mask  # the mask too, in case I need it later


def op_sum_each_outer(dZ, A_prev):
    m = dZ.shape[1]
    dW = np.zeros((dZ.shape[0], A_prev.shape[0]))
    for i in range(m):
        dW += np.sum(np.outer(dZ[:, i], A_prev[:, i]))  # add up example i's contribution
    return dW / m


def ng_statement_no_effect(J, theta, eps):
    grad = np.zeros_like(theta)
    for i in np.ndindex(theta.shape):
        old = theta[i]
        theta[i] = old + eps
        J_plus = J(theta)
        theta[i] = old
        theta[i] - eps  # now the minus side
        J_minus = J(theta)
        grad[i] = (J_plus - J_minus) / (2 * eps)
    return grad


def Ll_mask_caches_l(AL, Y, caches):
    L, m = len(caches), AL.shape[1]
    grads = {}
    dZ = AL - Y
    for l in range(L, 0, -1):
        if l < L:
            dZ = grads[f"dA{l}"] * (caches[l].Z > 0)  # Z of layer l
        grads[f"dW{l}"] = dZ @ caches[l - 1].A_prev.T / m
        grads[f"db{l}"] = np.sum(dZ, axis=1, keepdims=True) / m
        grads[f"dA{l - 1}"] = caches[l - 1].W.T @ dZ
    return grads


def Ll_db_axis0(AL, Y, caches):
    L, m = len(caches), AL.shape[1]
    grads = {}
    dZ = AL - Y
    for l in range(L, 0, -1):
        c = caches[l - 1]
        if l < L:
            dZ = grads[f"dA{l}"] * (c.Z > 0)
        grads[f"dW{l}"] = dZ @ c.A_prev.T / m
        grads[f"db{l}"] = np.mean(dZ, axis=0, keepdims=True)  # average over the batch
        grads[f"dA{l - 1}"] = c.W.T @ dZ
    return grads


def tl_dZ1_from_A1_formula_dA(params, cache, X, Y):
    m = X.shape[1]
    A1, A2 = cache["A1"], cache["A2"]
    dZ2 = A2 - Y
    dW2 = dZ2 @ A1.T / m
    db2 = np.sum(dZ2, axis=1, keepdims=True) / m
    dA1 = params["W2"].T @ dZ2
    dZ1 = dA1 * (1 - dA1**2)  # tanh' = 1 - (...)^2
    dW1 = dZ1 @ X.T / m
    db1 = np.sum(dZ1, axis=1, keepdims=True) / m
    return {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}


def Ll_hardcoded_L(AL, Y, caches):
    L, m = 3, AL.shape[1]  # the digits network has 3 layers
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


# =====================================================================================
# RIGHT answers (unusual but correct)
# =====================================================================================


def ok_lf_augmented(A_prev, W, b):
    # the bias trick: a row of ones under A_prev, b as an extra column of W
    ones = np.ones((1, A_prev.shape[1]))
    return np.hstack([W, b]) @ np.vstack([A_prev, ones])


def ok_lf_b_times_ones(A_prev, W, b):
    Z = np.matmul(W, A_prev) + b @ np.ones((1, A_prev.shape[1]))
    return Z


def ok_lf_rows(A_prev, W, b):
    Z = np.empty((W.shape[0], A_prev.shape[1]))
    for j in range(W.shape[0]):  # one unit at a time
        Z[j] = W[j] @ A_prev + b[j]
    return Z


def ok_lf_add(A_prev, W, b):
    return np.add(np.dot(W, A_prev), b)


def ok_ob_cs231n(AL, Y, A_prev, W):
    m = A_prev.shape[1]
    y = np.argmax(Y, axis=0)
    dZ = AL.copy()
    dZ[y, np.arange(m)] -= 1
    dW = dZ.dot(A_prev.T) / m
    db = dZ.sum(axis=1)[:, np.newaxis] / m
    dA_prev = W.T.dot(dZ)
    return dZ, dW, db, dA_prev


def ok_ob_einsum_list(AL, Y, A_prev, W):
    m = A_prev.shape[1]
    dZ = AL - Y
    dW = np.einsum("ik,jk->ij", dZ, A_prev) / m
    db = np.einsum("ik->i", dZ).reshape(-1, 1) / m
    dA_prev = np.einsum("ji,jk->ik", W, dZ)
    return [dZ, dW, db, dA_prev]


def ok_hb_list_multiply(dA, Z, A_prev, W, g_prime):
    m = A_prev.shape[1]
    dZ = np.multiply(dA, g_prime(Z))
    dW = (1.0 / m) * np.dot(dZ, A_prev.T)
    db = (1.0 / m) * np.sum(dZ, axis=-1, keepdims=True)
    dA_prev = np.dot(W.T, dZ)
    return [dZ, dW, db, dA_prev]


def ok_hb_loop_examples(dA, Z, A_prev, W, g_prime):
    m = A_prev.shape[1]
    dZ = dA * g_prime(Z)
    dW = sum(np.outer(dZ[:, i], A_prev[:, i]) for i in range(m)) / m
    db = dZ.mean(axis=1).reshape(-1, 1)
    dA_prev = (dZ.T @ W).T
    return dZ, dW, db, dA_prev


def ok_rb_coursera(dA, cache):
    Z = cache
    dZ = np.array(dA, copy=True)  # just converting dz to a correct object
    dZ[Z <= 0] = 0
    return dZ


def ok_rb_multiply(dA, Z):
    return np.multiply(dA, Z > 0)


def ok_rb_clip_sign(dA, Z):
    return dA * np.clip(np.sign(Z), 0, 1)


def ok_rb_where_le(dA, Z):
    dZ = np.where(Z <= 0, 0.0, dA)
    return dZ


def ok_rb_astype_int(dA, Z):
    mask = (Z > 0).astype(int)
    return dA * mask


def ok_op_2d_columns(dZ, A_prev):
    m = dZ.shape[1]
    dW = np.zeros((dZ.shape[0], A_prev.shape[0]))
    for i in range(m):
        dW = dW + np.outer(dZ[:, [i]], A_prev[:, [i]])  # np.outer flattens the columns
    return dW / m


def ok_op_reversed(dZ, A_prev):
    m = dZ.shape[1]
    dW = np.zeros((dZ.shape[0], A_prev.shape[0]))
    for i in reversed(range(m)):
        dW += np.outer(dZ[:, i], A_prev[:, i]) / m
    return dW


def ok_op_while(dZ, A_prev):
    m = dZ.shape[1]
    dW = 0
    i = 0
    while i < m:
        dW = dW + np.outer(dZ[:, i], A_prev[:, i])
        i += 1
    return dW / m


def ok_op_reduce(dZ, A_prev):
    outers = (np.outer(dz, a) for dz, a in zip(dZ.T, A_prev.T))
    return functools.reduce(np.add, outers) / dZ.shape[1]


def ok_bg_cumsum(dZ):
    return np.cumsum(dZ, axis=1)[:, -1:] / dZ.shape[1]


def ok_bg_add_reduce(dZ):
    return np.add.reduce(dZ, axis=1, keepdims=True) / dZ.shape[1]


def ok_bg_einsum(dZ):
    return np.einsum("ij->i", dZ)[:, None] / dZ.shape[1]


def ok_bg_average(dZ):
    return np.average(dZ, axis=-1).reshape(dZ.shape[0], 1)


def ok_tl_coursera_sigmoid(params, cache, X, Y):
    m = X.shape[1]
    A1, A2 = cache["A1"], cache["A2"]
    dA2 = -(np.divide(Y, A2) - np.divide(1 - Y, 1 - A2))
    dZ2 = dA2 * A2 * (1 - A2)  # sigmoid backward
    dW2 = 1.0 / m * np.dot(dZ2, A1.T)
    db2 = 1.0 / m * np.sum(dZ2, axis=1, keepdims=True)
    dA1 = np.dot(params["W2"].T, dZ2)
    dZ1 = dA1 * (1 - np.power(A1, 2))
    dW1 = 1.0 / m * np.dot(dZ1, X.T)
    db1 = 1.0 / m * np.sum(dZ1, axis=1, keepdims=True)
    return {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}


def ok_tl_cosh(params, cache, X, Y):
    m = X.shape[1]
    dZ2 = cache["A2"] - Y
    dZ1 = np.multiply(params["W2"].T @ dZ2, 1 / np.cosh(cache["Z1"]) ** 2)  # sech^2
    return {
        "db2": dZ2.sum(axis=1, keepdims=True) / m,
        "dW2": dZ2 @ cache["A1"].T / m,
        "db1": dZ1.sum(axis=1, keepdims=True) / m,
        "dW1": dZ1 @ X.T / m,
    }


def ok_tl_extra_keys(params, cache, X, Y):
    m = X.shape[1]
    grads = {"dZ2": cache["A2"] - Y}
    for l, A_prev in ((2, cache["A1"]), (1, X)):
        if l == 1:
            grads["dA1"] = params["W2"].T @ grads["dZ2"]
            grads["dZ1"] = grads["dA1"] * (1 - cache["A1"] ** 2)
        grads[f"dW{l}"] = grads[f"dZ{l}"] @ A_prev.T / m
        grads[f"db{l}"] = np.sum(grads[f"dZ{l}"], axis=1, keepdims=True) / m
    return grads


def ok_ng_unravel(J, theta, eps):
    grad = np.zeros(theta.shape)
    for k in range(theta.size):
        idx = np.unravel_index(k, theta.shape)
        saved = float(theta[idx])
        theta[idx] = saved + eps
        jp = J(theta)
        theta[idx] = saved - eps
        jm = J(theta)
        theta[idx] = saved
        grad[idx] = (jp - jm) / 2 / eps
    return grad


def ok_ng_unit_vector(J, theta, eps):
    grad = np.zeros_like(theta, dtype=float)
    for i in np.ndindex(theta.shape):
        e = np.zeros_like(theta, dtype=float)
        e[i] = 1.0
        grad[i] = (J(theta + eps * e) - J(theta - eps * e)) / (2 * eps)
    return grad


def ok_ng_nditer(J, theta, eps):
    grad = np.empty_like(theta)
    it = np.nditer(theta, flags=["multi_index"])
    for _ in it:
        i = it.multi_index
        old = theta[i].copy()
        theta[i] += eps
        J_plus = J(theta)
        theta[i] = old - eps
        J_minus = J(theta)
        theta[i] = old
        grad[i] = (J_plus - J_minus) / (eps + eps)
    return grad


def ok_ng_itertools_copy(J, theta, eps):
    grad = np.zeros_like(theta)
    for idx in itertools.product(*map(range, theta.shape)):
        t = theta.copy()
        t[idx] += eps
        up = J(t)
        t[idx] -= 2 * eps
        down = J(t)
        grad[idx] = (up - down) / (2 * eps)
    return grad


def ok_Ll_coursera_dAL(AL, Y, caches):
    # Coursera style: dAL first, then "activation backward" for the output
    L, m = len(caches), AL.shape[1]
    grads = {}
    dAL = -(np.divide(Y, AL) - np.divide(1 - Y, 1 - AL))
    dZ = dAL * AL * (1 - AL)
    for l in reversed(range(L)):
        current = caches[l]
        if l < L - 1:
            dZ = np.array(grads["dA" + str(l + 1)], copy=True)
            dZ[current.Z <= 0] = 0
        grads["dW" + str(l + 1)] = 1.0 / m * np.dot(dZ, current.A_prev.T)
        grads["db" + str(l + 1)] = 1.0 / m * np.sum(dZ, axis=1, keepdims=True)
        grads["dA" + str(l)] = np.dot(current.W.T, dZ)
    return grads


def ok_Ll_while(AL, Y, caches):
    m = AL.shape[1]
    l = len(caches)
    grads = {}
    dZ = AL - Y
    while l >= 1:
        c = caches[l - 1]
        grads["dW%d" % l] = dZ @ c.A_prev.T / m
        grads["db%d" % l] = dZ.sum(axis=1, keepdims=True) / m
        dA = c.W.T @ dZ
        l -= 1
        if l >= 1:
            dZ = dA * np.heaviside(caches[l - 1].Z, 0.0)
    return grads


def ok_Ll_zip(AL, Y, caches):
    L, m = len(caches), AL.shape[1]
    grads = {}
    dA = None
    for l, c in zip(range(L, 0, -1), reversed(caches)):
        dZ = AL - Y if l == L else np.where(c.Z > 0, dA, 0.0)
        grads[f"dW{l}"], grads[f"db{l}"] = np.dot(dZ, c.A_prev.T) / m, np.mean(dZ, axis=1, keepdims=True)
        dA = np.dot(c.W.T, dZ)
    return grads


def ok_ng_arith_restore(J, theta, eps):
    # nudge up, down twice, up again: back where it started
    grad = np.zeros_like(theta)
    for i in np.ndindex(theta.shape):
        theta[i] += eps
        J_plus = J(theta)
        theta[i] -= 2 * eps
        J_minus = J(theta)
        theta[i] += eps
        grad[i] = (J_plus - J_minus) / (2 * eps)
    return grad


def ok_ob_copy_inplace(AL, Y, A_prev, W):
    m = A_prev.shape[1]
    dZ = AL.copy()
    dZ -= Y  # on my own copy
    dW = dZ @ A_prev.T
    dW /= m
    db = dZ.sum(axis=1, keepdims=True)
    db /= m
    dA_prev = W.T @ dZ
    return dZ, dW, db, dA_prev


def ok_rb_copy_imul(dA, Z):
    dZ = dA.copy()
    dZ *= Z > 0
    return dZ


def ok_bg_rebind(dZ):
    dZ = dZ / dZ.shape[1]  # a new array, the caller's dZ is untouched
    return dZ.sum(axis=1, keepdims=True)


# =====================================================================================

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
    ("lf-A_prev-first", LF, lf_A_prev_first, "I wrote A_prev @ W + b, inputs first"),
    ("lf-print-no-return", LF, lf_print_no_return, "I printed Z and deleted the return line"),
    ("lf-global-X", LF, lf_global_X, "I used X from the first cell instead of the argument A_prev"),
    ("lf-global-b1", LF, lf_global_b1, "I added b1 from the cell above instead of the argument b"),
    ("lf-rounded", LF, lf_rounded, "I rounded Z to 2 decimals"),
    ("lf-tolist", LF, lf_tolist, "I returned Z.tolist(), a list"),
    ("lf-loop-b-index", LF, lf_loop_b_index, "in my loop over examples I added b[i] (row i of b) instead of b[:, 0]"),
    ("lf-bias-inside", LF, lf_bias_inside, "I added b to A_prev before the product: W @ (A_prev + b)"),
    ("lf-loop-over-rows", LF, lf_loop_over_rows, "I took the number of examples from A_prev.shape[0]"),
    ("lf-b-first-entry", LF, lf_b_first_entry, "I added b[0], only the first bias, to every unit"),
    # output_backward
    ("ob-dW-in-dA_prev", OB, ob_dW_in_dA_prev, "I wrote dA_prev = dW.T @ dZ instead of W.T @ dZ"),
    (
        "ob-global-params",
        OB,
        ob_global_params,
        "I used params['W2'] from the top of the lesson instead of the argument W",
    ),
    ("ob-mean-for-dW", OB, ob_mean_for_dW, "I took np.mean(dZ @ A_prev.T, axis=1) for dW"),
    ("ob-db-mean-over-m", OB, ob_db_mean_over_m, "I used np.mean for db and divided by m again"),
    ("ob-coursera-order", OB, ob_coursera_order, "I returned dA_prev, dW, db like Coursera's linear_backward (no dZ)"),
    (
        "ob-mean-convention",
        OB,
        ob_mean_convention,
        "I put the 1/m into dZ (the other convention of the lesson), so dZ and dA_prev are m times too small",
    ),
    ("ob-dAL-formula", OB, ob_dAL_formula, "I used the Coursera dAL = -(Y/AL - (1-Y)/(1-AL)) as dZ"),
    ("ob-cs231n-wrong-axis", OB, ob_cs231n_wrong_axis, "I did the CS231n softmax gradient but took argmax over axis 1"),
    ("ob-dA_prev-through-tanh", OB, ob_dA_prev_through_tanh, "I multiplied dA_prev by 1 - A_prev^2, one step too far"),
    ("ob-returns-dict", OB, ob_returns_dict, "I returned a dict instead of the tuple"),
    # hidden_backward
    ("hb-gprime-of-A_prev", HB, hb_gprime_of_A_prev, "I evaluated g' at A_prev instead of at Z"),
    ("hb-divide-by-gprime", HB, hb_divide_by_gprime, "I divided dA by g'(Z) instead of multiplying"),
    ("hb-return-order-swapped", HB, hb_return_order_swapped, "I returned dA_prev first and dZ last"),
    ("hb-db-from-dA", HB, hb_db_from_dA, "I summed dA instead of dZ for db"),
    ("hb-dZT-W", HB, hb_dZT_W, "I wrote dA_prev = dZ.T @ W, which is dA_prev transposed"),
    ("hb-inplace-dA", HB, hb_inplace_dA, "I did dA *= g_prime(Z), which changed the dA passed in"),
    ("hb-hardcoded-tanh", HB, hb_hardcoded_tanh, "I ignored g_prime and wrote the tanh derivative"),
    ("hb-db-scalar-mean", HB, hb_db_scalar_mean, "I took db = np.mean(dZ), one number"),
    (
        "hb-rows-dZ-transposed",
        HB,
        hb_rows_dZ_transposed,
        "I worked with examples as rows and returned dZ transposed (m, n)",
    ),
    ("hb-global-Z1", HB, hb_global_Z1, "I typed Z1 (a variable from an earlier cell) instead of Z"),
    ("hb-dA_prev-over-m", HB, hb_dA_prev_over_m, "I divided dA_prev by m as well"),
    # relu_backward
    ("rb-python-if", RB, rb_python_if, "I wrote dA if Z > 0 else 0, a Python if on an array"),
    ("rb-where-Z", RB, rb_where_Z, "np.where(Z > 0, dA, Z): I put Z instead of 0 in the else branch"),
    ("rb-bool-index", RB, rb_bool_index, "I returned dA[Z > 0], which is a flat array of the kept entries"),
    ("rb-zeros-like-mask", RB, rb_zeros_like_mask, "I made dZ with zeros_like(mask), a boolean array"),
    ("rb-global-z", RB, rb_global_z, "I typed lowercase z (the example column from above) instead of Z"),
    ("rb-sigmoid-derivative", RB, rb_sigmoid_derivative, "I used the sigmoid derivative s(1-s)"),
    ("rb-leaky", RB, rb_leaky, "I used slope 0.01 for Z <= 0, the leaky ReLU"),
    ("rb-A-over-Z", RB, rb_A_over_Z, "I computed the slope as ReLU(Z)/Z, which is 0/0 at Z = 0"),
    ("rb-inplace-Z", RB, rb_inplace_Z, "I turned Z into the 0/1 mask in place, which changed the Z passed in"),
    ("rb-print-only", RB, rb_print_only, "I printed dA * (Z > 0) and never assigned dZ"),
    # dW_by_outer_products
    ("op-range-m-minus-1", OP, op_range_m_minus_1, "I looped range(m - 1), so the last example is missing"),
    ("op-sample-mean", OP, op_sample_mean, "I divided by m - 1"),
    ("op-dot-not-outer", OP, op_dot_not_outer, "I used np.dot of the two columns instead of np.outer"),
    ("op-len-dZ", OP, op_len_dZ, "I took m = len(dZ), the number of rows (units)"),
    (
        "op-mean-wrong-axis",
        OP,
        op_mean_wrong_axis,
        "I stacked the outer products and took the mean over axis 1 instead of 0",
    ),
    (
        "op-enumerate-rows",
        OP,
        op_enumerate_rows,
        "I wrote for i, dz in enumerate(dZ), which goes over rows, not examples",
    ),
    ("op-zeros-like-dZ", OP, op_zeros_like_dZ, "I started the sum with np.zeros_like(dZ), shape (n, m)"),
    ("op-mixed-index", OP, op_mixed_index, "I took A_prev[i, :] (a row) instead of the column A_prev[:, i]"),
    ("op-global-m", OP, op_global_m, "I did not define m, so it used m = 200 from the top of the lesson"),
    ("op-ones-init", OP, op_ones_init, "I started the sum from np.ones instead of np.zeros"),
    ("op-inplace-A_prev", OP, op_inplace_A_prev, "I divided A_prev by m in place, which changed the A_prev passed in"),
    # bias_gradient
    ("bg-global-m", BG, bg_global_m, "I did not read m from dZ, it used m = 200 from the top of the lesson"),
    ("bg-mean-axis0-T", BG, bg_mean_axis0_T, "I took the mean over axis 0 and transposed to get a column"),
    ("bg-loop-per-example", BG, bg_loop_per_example, "my loop gives one number per example, (m, 1)"),
    ("bg-list-comp", BG, bg_list_comp, "I returned a Python list of the per-unit means"),
    ("bg-inplace", BG, bg_inplace, "I did dZ /= m, which changed the dZ passed in"),
    ("bg-size", BG, bg_size, "I divided by dZ.size (n*m) instead of m"),
    ("bg-shape-tuple", BG, bg_shape_tuple, "I wrote m = dZ.shape and forgot [1], so I divided by a tuple"),
    ("bg-transposed-axis1", BG, bg_transposed_axis1, "I transposed dZ and then still summed over axis 1"),
    ("bg-builtin-sum", BG, bg_builtin_sum, "I used Python's sum(dZ), which adds the rows"),
    ("bg-sum-all-keepdims", BG, bg_sum_all_keepdims, "np.sum(dZ, keepdims=True) without axis: one (1, 1) total"),
    # two_layer_backward
    ("tl-keys-underscore", TL, tl_keys_underscore, "I named the keys dW_1, db_1, dW_2, db_2"),
    ("tl-s-one-plus-s", TL, tl_s_one_plus_s, "I went through dA2 and wrote the sigmoid derivative as s(1+s)"),
    ("tl-no-W2", TL, tl_no_W2, "I wrote dZ1 = dZ2 * (1 - A1^2), forgot W2^T (broadcasting hid it)"),
    ("tl-dW2-for-W2", TL, tl_dW2_for_W2, "I used dW2 instead of W2 to go back to layer 1"),
    ("tl-Z2-for-A2", TL, tl_Z2_for_A2, "I wrote dZ2 = Z2 - Y instead of A2 - Y"),
    ("tl-square-misplaced", TL, tl_square_misplaced, "I wrote (1 - A1)**2 instead of 1 - A1**2"),
    ("tl-m-from-Y", TL, tl_m_from_Y, "I took m = Y.shape[0], which is 1"),
    ("tl-db-axis0", TL, tl_db_axis0, "I summed db1 and db2 over axis 0"),
    (
        "tl-global-caches",
        TL,
        tl_global_caches,
        "I took A1, A2 from the global caches of the cell above, not from cache",
    ),
    ("tl-tuple", TL, tl_tuple, "I returned a tuple dW1, db1, dW2, db2 instead of a dict"),
    ("tl-A2-in-derivative", TL, tl_A2_in_derivative, "I wrote 1 - A2^2 instead of 1 - A1^2"),
    ("tl-dW1-from-dZ2", TL, tl_dW1_from_dZ2, "I copied the dW2 line: dW1 = dZ2 @ X.T / m"),
    # numerical_gradient
    ("ng-grad-is-theta", NG, ng_grad_is_theta, "I wrote grad = theta, so I overwrite theta while I go"),
    ("ng-double-loop-2d", NG, ng_double_loop_2d, "I used two loops over rows and columns, only works for 2-D theta"),
    ("ng-list", NG, ng_list, "I appended to a list and returned the list"),
    ("ng-typo-minus", NG, ng_typo_minus, "I nudged theta instead of theta_minus (typo), never restored"),
    (
        "ng-e-accumulates",
        NG,
        ng_e_accumulates,
        "I created the nudge vector e once, outside the loop, and never cleared it",
    ),
    (
        "ng-backward-difference",
        NG,
        ng_backward_difference,
        "I used the backward difference (J(theta) - J(theta - eps)) / eps",
    ),
    ("ng-row-nudge", NG, ng_row_nudge, "I looped over range(len(theta)) and nudged theta[i], a whole row"),
    ("ng-J-before-nudge", NG, ng_J_before_nudge, "I called J one line too early, before each nudge"),
    ("ng-abs", NG, ng_abs, "I took abs() of the difference"),
    ("ng-reset-to-zero", NG, ng_reset_to_zero, "I 'put it back' by setting theta[i] = 0"),
    # L_layer_backward
    ("Ll-range-no-step", LL, Ll_range_no_step, "I wrote range(L, 0) without the -1 step, the loop never runs"),
    ("Ll-mask-A_prev", LL, Ll_mask_A_prev, "I built the ReLU mask from c.A_prev > 0 instead of c.Z > 0"),
    ("Ll-early-dZ-wrong-Z", LL, Ll_early_dZ_wrong_Z, "I computed the next layer's dZ with this layer's Z"),
    ("Ll-sigmoid-derivative", LL, Ll_sigmoid_derivative, "I used the sigmoid derivative A(1-A) for the ReLU layers"),
    (
        "Ll-enumerate-reversed-keys",
        LL,
        Ll_enumerate_reversed_keys,
        "I used enumerate(reversed(caches)) and numbered the keys by the loop counter, so dW1 is the last layer",
    ),
    ("Ll-global-Y-train", LL, Ll_global_Y_train, "I wrote AL - Y_train (the global) instead of AL - Y"),
    ("Ll-dA-over-m", LL, Ll_dA_over_m, "I divided dA_prev by m as well"),
    ("Ll-return-in-loop", LL, Ll_return_in_loop, "my return is indented inside the loop"),
    ("Ll-negative-index", LL, Ll_negative_index, "I took caches[-l], counting from the end"),
    ("Ll-times-A", LL, Ll_times_A, "I multiplied dA by the ReLU output A instead of the mask"),
    # a few more
    (
        "lf-Z-reshaped",
        LF,
        lf_Z_reshaped,
        "I computed the (m, n) product and reshaped it to (n, m) instead of transposing",
    ),
    ("ob-softmax-of-AL", OB, ob_softmax_of_AL, "I applied softmax to AL again, as if AL were Z"),
    ("hb-m-from-dA", HB, hb_m_from_dA, "I set m = len(dA), which counts the units, not the examples"),
    ("rb-returns-tuple", RB, rb_returns_tuple, "I returned dZ and the mask"),
    ("op-sum-each-outer", OP, op_sum_each_outer, "I added np.sum(outer) (a number) instead of the outer product"),
    (
        "ng-statement-no-effect",
        NG,
        ng_statement_no_effect,
        "I wrote theta[i] - eps without assigning it, so J_minus is J(theta)",
    ),
    ("Ll-mask-caches-l", LL, Ll_mask_caches_l, "I took the mask from caches[l].Z, the layer above"),
    ("Ll-db-axis0", LL, Ll_db_axis0, "db as np.mean over axis 0"),
    ("tl-dZ1-from-dA1", TL, tl_dZ1_from_A1_formula_dA, "I wrote 1 - dA1**2 instead of 1 - A1**2"),
    ("Ll-hardcoded-L", LL, Ll_hardcoded_L, "I wrote L = 3 because the digits network has 3 layers"),
]

RIGHT = [
    ("ok-lf-augmented", LF, ok_lf_augmented, "bias trick: [W b] @ [A_prev; 1]"),
    ("ok-lf-b-times-ones", LF, ok_lf_b_times_ones, "np.matmul, b @ ones((1, m)) instead of broadcasting"),
    ("ok-lf-rows", LF, ok_lf_rows, "a loop over the units (rows of W)"),
    ("ok-lf-add", LF, ok_lf_add, "np.add(np.dot(W, A_prev), b)"),
    ("ok-ob-cs231n", OB, ok_ob_cs231n, "CS231n style: copy AL and subtract 1 at the true class"),
    ("ok-ob-einsum-list", OB, ok_ob_einsum_list, "einsum everywhere, returns a list"),
    ("ok-hb-list-multiply", HB, ok_hb_list_multiply, "np.multiply, (1.0/m) first, axis=-1, returns a list"),
    ("ok-hb-loop-examples", HB, ok_hb_loop_examples, "dW as a sum of outer products, (dZ^T W)^T"),
    ("ok-rb-coursera", RB, ok_rb_coursera, "Coursera's relu_backward(dA, cache) with cache = Z, copy then zero"),
    ("ok-rb-multiply", RB, ok_rb_multiply, "np.multiply(dA, Z > 0) with a boolean"),
    ("ok-rb-clip-sign", RB, ok_rb_clip_sign, "dA * clip(sign(Z), 0, 1)"),
    ("ok-rb-where-le", RB, ok_rb_where_le, "np.where(Z <= 0, 0.0, dA)"),
    ("ok-rb-astype-int", RB, ok_rb_astype_int, "an integer 0/1 mask"),
    ("ok-op-2d-columns", OP, ok_op_2d_columns, "np.outer on (n, 1) columns"),
    ("ok-op-reversed", OP, ok_op_reversed, "reversed loop, 1/m inside each term"),
    ("ok-op-while", OP, ok_op_while, "while loop, accumulator starts at 0"),
    ("ok-op-reduce", OP, ok_op_reduce, "functools.reduce(np.add) over a generator of outer products"),
    ("ok-bg-cumsum", BG, ok_bg_cumsum, "last column of the cumulative sum"),
    ("ok-bg-add-reduce", BG, ok_bg_add_reduce, "np.add.reduce with keepdims"),
    ("ok-bg-einsum", BG, ok_bg_einsum, "einsum('ij->i')[:, None]"),
    ("ok-bg-average", BG, ok_bg_average, "np.average(axis=-1) and reshape"),
    (
        "ok-tl-coursera-sigmoid",
        TL,
        ok_tl_coursera_sigmoid,
        "through dA2 = -(Y/A2 - (1-Y)/(1-A2)) and sigmoid' A2(1-A2)",
    ),
    ("ok-tl-cosh", TL, ok_tl_cosh, "tanh' as 1/cosh(Z1)^2, keys in another order"),
    ("ok-tl-extra-keys", TL, ok_tl_extra_keys, "loop over the two layers, extra keys dZ1, dZ2, dA1"),
    ("ok-ng-unravel", NG, ok_ng_unravel, "flat index with np.unravel_index, / 2 / eps"),
    ("ok-ng-unit-vector", NG, ok_ng_unit_vector, "J(theta + eps e_i) with a fresh unit vector, theta untouched"),
    ("ok-ng-nditer", NG, ok_ng_nditer, "np.nditer with multi_index, / (eps + eps)"),
    ("ok-ng-itertools-copy", NG, ok_ng_itertools_copy, "itertools.product, one copy nudged +eps then -2 eps"),
    ("ok-Ll-coursera-dAL", LL, ok_Ll_coursera_dAL, "Coursera dAL times AL(1-AL) (equals AL - Y), 0-based loop"),
    ("ok-Ll-while", LL, ok_Ll_while, "while loop, next layer's mask with heaviside(Z, 0)"),
    ("ok-Ll-zip", LL, ok_Ll_zip, "zip(range(L, 0, -1), reversed(caches)), np.where mask"),
    (
        "ok-ng-arith-restore",
        NG,
        ok_ng_arith_restore,
        "restores theta[i] by arithmetic (+eps, -2eps, +eps): theta ends within rounding (1e-16) of where it was",
    ),
    ("ok-ob-copy-inplace", OB, ok_ob_copy_inplace, "in-place -= and /= on its own copies"),
    ("ok-rb-copy-imul", RB, ok_rb_copy_imul, "dZ = dA.copy(); dZ *= Z > 0"),
    ("ok-bg-rebind", BG, ok_bg_rebind, "dZ = dZ / m rebinds the name (no in-place change)"),
]
