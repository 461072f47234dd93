"""A second held-out set of learner answers to the exercises, written black-box from the lessons alone.

A helper session wrote them on 7 December, after the search and its first round of mechanisms, without
reading backprop_lib/exercises/, any test data or the first held-out set, and without running the checkers.
The checkers were measured on it once, as written (tests/test_exercises.py keeps that figure as a floor).

Each function below is what a learner might type into a solution cell.
MISTAKES lists wrong answers, RIGHT lists unusual but correct ones.
A few mistakes use a global that an earlier cell of the lesson's notebook defined;
those globals are set up at the top, the way the notebook sets them up.
"""

import numpy as np

import backprop_lib as bp

# ---------------------------------------------------------------------------
# Notebook globals that some learners (wrongly) reach for from inside their function.
# Each name is used by one lesson only, so they can share this module.
# ---------------------------------------------------------------------------

# lesson 00, cell 2: the batch X, (n[0], m) = (3, 6)
_layer_dims_00 = [3, 5, 4, 2]
_rng_00 = np.random.default_rng(0)
X = np.round(_rng_00.standard_normal((_layer_dims_00[0], 6)), 2)

# lesson 04, cell 2: spirals with m = 200 examples
_X04, _Y04 = bp.data.spirals(m=200, seed=0)
m = _X04.shape[1]  # 200

# lesson 05, cells 2-3: the flower network's forward pass
_X05, _Y05 = bp.data.flower(petals=4)
params = bp.init_params([2, 4, 1], seed=0, scale="lecun")
AL, caches = bp.forward(_X05, params, hidden="tanh", output="sigmoid")

# lesson 06: the table of eps values leaves eps bound to its last value
for eps in [1e-1, 1e-2, 1e-3, 1e-4, 1e-5, 1e-6, 1e-7, 1e-8, 1e-9, 1e-10, 1e-11, 1e-12]:
    pass

# lesson 07, cell 5: the digits network
layer_dims = [64, 32, 16, 10]


# ===========================================================================
# lesson 00: linear_forward(A_prev, W, b)
# ===========================================================================


def lf_w01(A_prev, W, b):
    # transpose both so the shapes line up, like in the logistic regression course
    Z = A_prev.T @ W.T + b
    return Z


def lf_w02(A_prev, W, b):
    # Z = W times A_prev plus b
    Z = W * A_prev + b
    return Z


def lf_w03(A_prev, W, b):
    # b is a column, I want it along the row
    Z = np.dot(W, A_prev) + b.T
    return Z


def lf_w04(A_prev, W, b):
    # flatten b so it is a plain vector and broadcasting does the rest
    Z = W @ A_prev + b.flatten()
    return Z


def lf_w05(A_prev, W, b):
    # the layer's input is X
    Z = np.dot(W, X) + b
    return Z


def lf_w06(A_prev, W, b):
    # one bias for the layer
    Z = W @ A_prev + np.sum(b)
    return Z


def lf_w07(A_prev, W, b):
    # b is just the intercept
    Z = W @ A_prev + b[0]
    return Z


def lf_w08(A_prev, W, b):
    # w transpose x plus b, as in the formula sheet
    Z = W.T @ A_prev + b
    return Z


def lf_w09(A_prev, W, b):
    # show Z so I can check it
    Z = W @ A_prev + b
    print("Z =", Z)


def lf_w10(A_prev, W, b):
    # matmul then add the bias
    Z = (np.matmul(W, A_prev) + b,)
    return Z


def lf_w11(A_prev, W, b):
    # round like the notebook does with X
    Z = np.round(W @ A_prev + b, 2)
    return Z


def lf_w12(A_prev, W, b):
    # copy b across the 6 examples
    Z = W @ A_prev + np.tile(b, (1, 6))
    return Z


def lf_w13(A_prev, W, b):
    # one example at a time, then fill the columns
    Z = np.zeros((W.shape[0], A_prev.shape[1]))
    for i in range(A_prev.shape[1]):
        Z[:, i] = W @ A_prev[:, i] + b
    return Z


def lf_r01(A_prev, W, b):
    # einsum: sum over the inner index k
    Z = np.einsum("jk,ki->ji", W, A_prev) + b
    return Z


def lf_r02(A_prev, W, b):
    # examples as rows first, then turn it back
    Z = (A_prev.T @ W.T + b.T).T
    return Z


def lf_r03(A_prev, W, b):
    # b times a row of m ones, written out
    Z = np.dot(W, A_prev) + b @ np.ones((1, A_prev.shape[1]))
    return Z


def lf_r04(A_prev, W, b):
    # column by column, keeping each example a column with [i]
    Z = np.hstack([W @ A_prev[:, [i]] + b for i in range(A_prev.shape[1])])
    return Z


def lf_r05(A_prev, W, b):
    # a sum of outer products over the inputs k
    Z = sum(np.outer(W[:, k], A_prev[k, :]) for k in range(W.shape[1])) + b
    return Z


# ===========================================================================
# lesson 01: output_backward(AL, Y, A_prev, W)
# ===========================================================================


def ob_w01(AL, Y, A_prev, W):
    m = A_prev.shape[1]
    # error is target minus prediction
    dZ = Y - AL
    dW = dZ @ A_prev.T / m
    db = np.sum(dZ, axis=1, keepdims=True) / m
    dA_prev = W.T @ dZ
    return dZ, dW, db, dA_prev


def ob_w02(AL, Y, A_prev, W):
    m = A_prev.shape[1]
    dZ = AL - Y
    # A_prev times dZ transposed
    dW = A_prev @ dZ.T / m
    db = np.sum(dZ, axis=1, keepdims=True) / m
    dA_prev = W.T @ dZ
    return dZ, dW, db, dA_prev


def ob_w03(AL, Y, A_prev, W):
    m = A_prev.shape[1]
    dZ = AL - Y
    # the matrix product already sums over the examples
    dW = dZ @ A_prev.T
    db = np.sum(dZ, axis=1, keepdims=True) / m
    dA_prev = W.T @ dZ
    return dZ, dW, db, dA_prev


def ob_w04(AL, Y, A_prev, W):
    m = A_prev.shape[1]
    dZ = AL - Y
    dW = dZ @ A_prev.T / m
    # sum down the columns
    db = np.sum(dZ, axis=0, keepdims=True) / m
    dA_prev = W.T @ dZ
    return dZ, dW, db, dA_prev


def ob_w05(AL, Y, A_prev, W):
    m = A_prev.shape[1]
    dZ = AL - Y
    dW = dZ @ A_prev.T / m
    # average over the examples
    db = np.sum(dZ, axis=1) / m
    dA_prev = W.T @ dZ
    return dZ, dW, db, dA_prev


def ob_w06(AL, Y, A_prev, W):
    m = A_prev.shape[1]
    dZ = AL - Y
    dW = dZ @ A_prev.T / m
    # db = 1/m sum dZ
    db = np.sum(dZ) / m
    dA_prev = W.T @ dZ
    return dZ, dW, db, dA_prev


def ob_w07(AL, Y, A_prev, W):
    m = A_prev.shape[1]
    dZ = AL - Y
    dW = dZ @ A_prev.T / m
    db = np.sum(dZ, axis=1, keepdims=True) / m
    # every gradient gets the 1/m of the cost
    dA_prev = W.T @ dZ / m
    return dZ, dW, db, dA_prev


def ob_w08(AL, Y, A_prev, W):
    m = A_prev.shape[1]
    dZ = AL - Y
    dW = dZ @ A_prev.T / m
    db = np.sum(dZ, axis=1, keepdims=True) / m
    # dZ through W
    dA_prev = dZ.T @ W
    return dZ, dW, db, dA_prev


def ob_w09(AL, Y, A_prev, W):
    m = A_prev.shape[1]
    dZ = AL - Y
    dW = dZ @ A_prev.T / m
    db = np.sum(dZ, axis=1, keepdims=True) / m
    dA_prev = W.T @ dZ
    # same order as linear_backward in the Coursera assignment
    return dA_prev, dW, db


def ob_w10(AL, Y, A_prev, W):
    m = A_prev.shape[1]
    # dZ = dA * g'(Z), and for the output g'(Z) = A(1 - A)
    dZ = (AL - Y) * AL * (1 - AL)
    dW = dZ @ A_prev.T / m
    db = np.sum(dZ, axis=1, keepdims=True) / m
    dA_prev = W.T @ dZ
    return dZ, dW, db, dA_prev


def ob_w11(AL, Y, A_prev, W):
    m = A_prev.shape[1]
    # derivative of the cross-entropy with respect to AL
    dZ = -(np.divide(Y, AL) - np.divide(1 - Y, 1 - AL))
    dW = dZ @ A_prev.T / m
    db = np.sum(dZ, axis=1, keepdims=True) / m
    dA_prev = W.T @ dZ
    return dZ, dW, db, dA_prev


def ob_w12(AL, Y, A_prev, W):
    m = A_prev.shape[1]
    # subtract in place to save memory
    dZ = AL
    dZ -= Y
    dW = dZ @ A_prev.T / m
    db = np.sum(dZ, axis=1, keepdims=True) / m
    dA_prev = W.T @ dZ
    return dZ, dW, db, dA_prev


def ob_w13(AL, Y, A_prev, W):
    # m = number of labels
    m = Y.shape[0]
    dZ = AL - Y
    dW = dZ @ A_prev.T / m
    db = np.sum(dZ, axis=1, keepdims=True) / m
    dA_prev = W.T @ dZ
    return dZ, dW, db, dA_prev


def ob_w14(AL, Y, A_prev, W):
    m = A_prev.shape[1]
    dZ = AL - Y
    # divide by m
    dW = dZ @ A_prev.T // m
    db = np.sum(dZ, axis=1, keepdims=True) / m
    dA_prev = W.T @ dZ
    return dZ, dW, db, dA_prev


def ob_w15(AL, Y, A_prev, W):
    m = A_prev.shape[1]
    dZ = AL - Y
    dW = dZ @ A_prev.T / m
    # mean over the examples, and the 1/m
    db = np.mean(dZ, axis=1, keepdims=True) / m
    dA_prev = W.T @ dZ
    return dZ, dW, db, dA_prev


def ob_w16(AL, Y, A_prev, W):
    m = A_prev.shape[1]
    # the library already has these
    dZ = bp.output_backward(AL, Y)
    dW, db, dA_prev = bp.linear_backward(dZ, A_prev, W)
    return dZ, dW, db, dA_prev


def ob_r01(AL, Y, A_prev, W):
    m = A_prev.shape[1]
    # einsum over the examples i, and a mean for db
    dZ = AL - Y
    dW = np.einsum("ji,ki->jk", dZ, A_prev) / m
    db = dZ.mean(axis=1, keepdims=True)
    dA_prev = np.dot(W.T, dZ)
    return dZ, dW, db, dA_prev


def ob_r02(AL, Y, A_prev, W):
    m = A_prev.shape[1]
    # transposes everywhere, then undo them
    dZ = np.subtract(AL, Y)
    dW = (A_prev @ dZ.T).T / m
    db = dZ @ np.ones((m, 1)) / m
    dA_prev = (dZ.T @ W).T
    return dZ, dW, db, dA_prev


def ob_r03(AL, Y, A_prev, W):
    m = A_prev.shape[1]
    # copy first so the in-place subtraction does not touch AL
    dZ = AL.copy()
    dZ -= Y
    dW = np.tensordot(dZ, A_prev, axes=([1], [1])) / m
    db = np.sum(dZ, 1)[:, None] / m
    dA_prev = W.T.dot(dZ)
    return dZ, dW, db, dA_prev


def ob_r04(AL, Y, A_prev, W):
    m = A_prev.shape[1]
    # the other convention: put the 1/m into dZ, then take it out again for the returns
    dZ_mean = (AL - Y) / m
    dW = dZ_mean @ A_prev.T
    db = dZ_mean.sum(axis=1, keepdims=True)
    dZ = dZ_mean * m
    dA_prev = W.T @ dZ
    return dZ, dW, db, dA_prev


# ===========================================================================
# lesson 02: hidden_backward(dA, Z, A_prev, W, g_prime)
# ===========================================================================


def hb_w01(dA, Z, A_prev, W, g_prime):
    m = A_prev.shape[1]
    # chain rule: multiply by g'(Z)
    dZ = dA @ g_prime(Z)
    dW = dZ @ A_prev.T / m
    db = np.sum(dZ, axis=1, keepdims=True) / m
    dA_prev = W.T @ dZ
    return dZ, dW, db, dA_prev


def hb_w02(dA, Z, A_prev, W, g_prime):
    m = A_prev.shape[1]
    # the slope at the layer's output A
    A = np.tanh(Z)
    dZ = dA * g_prime(A)
    dW = dZ @ A_prev.T / m
    db = np.sum(dZ, axis=1, keepdims=True) / m
    dA_prev = W.T @ dZ
    return dZ, dW, db, dA_prev


def hb_w03(dA, Z, A_prev, W, g_prime):
    m = A_prev.shape[1]
    # tanh'(Z) = 1 - tanh^2(Z)
    dZ = dA * (1 - np.tanh(Z) ** 2)
    dW = dZ @ A_prev.T / m
    db = np.sum(dZ, axis=1, keepdims=True) / m
    dA_prev = W.T @ dZ
    return dZ, dW, db, dA_prev


def hb_w04(dA, Z, A_prev, W, g_prime):
    m = A_prev.shape[1]
    # g' = 1 - A^2 like lesson 5
    dZ = dA * (1 - Z**2)
    dW = dZ @ A_prev.T / m
    db = np.sum(dZ, axis=1, keepdims=True) / m
    dA_prev = W.T @ dZ
    return dZ, dW, db, dA_prev


def hb_w05(dA, Z, A_prev, W, g_prime):
    m = A_prev.shape[1]
    # dZ = dA * g'
    dZ = dA * g_prime
    dW = dZ @ A_prev.T / m
    db = np.sum(dZ, axis=1, keepdims=True) / m
    dA_prev = W.T @ dZ
    return dZ, dW, db, dA_prev


def hb_w06(dA, Z, A_prev, W, g_prime):
    m = A_prev.shape[1]
    dZ = dA * g_prime(Z)
    dW = dZ @ A_prev.T / m
    db = np.sum(dZ, axis=1, keepdims=True) / m
    # pass the incoming gradient down through W
    dA_prev = W.T @ dA
    return dZ, dW, db, dA_prev


def hb_w07(dA, Z, A_prev, W, g_prime):
    m = A_prev.shape[1]
    dZ = dA * g_prime(Z)
    dW = dZ @ A_prev.T / m
    db = np.sum(dZ, axis=1, keepdims=True) / m
    # through W and then through the previous activation too
    dA_prev = (W.T @ dZ) * g_prime(A_prev)
    return dZ, dW, db, dA_prev


def hb_w08(dA, Z, A_prev, W, g_prime):
    m = A_prev.shape[1]
    dZ = dA * g_prime(Z)
    # the matrix product does the sum over examples
    dW = dZ @ A_prev.T
    db = np.sum(dZ, axis=1, keepdims=True) / m
    dA_prev = W.T @ dZ
    return dZ, dW, db, dA_prev


def hb_w09(dA, Z, A_prev, W, g_prime):
    m = A_prev.shape[1]
    dZ = dA * g_prime(Z)
    # dW = dA times the input
    dW = dA @ A_prev.T / m
    db = np.sum(dZ, axis=1, keepdims=True) / m
    dA_prev = W.T @ dZ
    return dZ, dW, db, dA_prev


def hb_w10(dA, Z, A_prev, W, g_prime):
    m = A_prev.shape[1]
    dZ = dA * g_prime(Z)
    dW = dZ @ A_prev.T / m
    # the bias is just the sum of dZ
    db = np.sum(dZ, axis=1, keepdims=True)
    dA_prev = W.T @ dZ
    return dZ, dW, db, dA_prev


def hb_w11(dA, Z, A_prev, W, g_prime):
    m = A_prev.shape[1]
    # multiply in place, no extra array
    dZ = dA
    dZ *= g_prime(Z)
    dW = dZ @ A_prev.T / m
    db = np.sum(dZ, axis=1, keepdims=True) / m
    dA_prev = W.T @ dZ
    return dZ, dW, db, dA_prev


def hb_w12(dA, Z, A_prev, W, g_prime):
    # number of examples
    m = len(A_prev)
    dZ = dA * g_prime(Z)
    dW = dZ @ A_prev.T / m
    db = np.sum(dZ, axis=1, keepdims=True) / m
    dA_prev = W.T @ dZ
    return dZ, dW, db, dA_prev


def hb_w13(dA, Z, A_prev, W, g_prime):
    m = A_prev.shape[1]
    dZ = dA * g_prime(Z)
    dW = dZ @ A_prev.T / m
    db = np.sum(dZ, axis=1, keepdims=True) / m
    dA_prev = W.T @ dZ
    # dA_prev first, that is what the next layer needs
    return dA_prev, dW, db


def hb_w14(dA, Z, A_prev, W, g_prime):
    m = A_prev.shape[1]
    # let the library do the activation and the linear part
    dZ = bp.activation_backward(dA, Z, "tanh")
    dW, db, dA_prev = bp.linear_backward(dZ, A_prev, W)
    return dZ, dW, db, dA_prev


def hb_r01(dA, Z, A_prev, W, g_prime):
    m = A_prev.shape[1]
    # np.multiply, einsum, a mean, and (dZ^T W)^T
    dZ = np.multiply(dA, g_prime(Z))
    dW = np.einsum("ji,ki->jk", dZ, A_prev) / m
    db = np.mean(dZ, axis=1, keepdims=True)
    dA_prev = (dZ.T @ W).T
    return dZ, dW, db, dA_prev


def hb_r02(dA, Z, A_prev, W, g_prime):
    m = A_prev.shape[1]
    # dW as an average of outer products, db as dZ times a column of ones
    dZ = dA * g_prime(Z)
    dW = np.zeros(W.shape)
    for i in range(m):
        dW += np.outer(dZ[:, i], A_prev[:, i])
    dW /= m
    db = dZ @ np.ones((m, 1)) / m
    dA_prev = W.T @ dZ
    return dZ, dW, db, dA_prev


def hb_r03(dA, Z, A_prev, W, g_prime):
    m = A_prev.shape[1]
    # slope first, then the incoming gradient
    slope = g_prime(Z)
    dZ = slope * dA
    dW = np.matmul(dZ, A_prev.transpose()) * (1.0 / m)
    db = np.add.reduce(dZ, axis=1)[:, np.newaxis] / m
    dA_prev = np.matmul(W.transpose(), dZ)
    return dZ, dW, db, dA_prev


# ===========================================================================
# lesson 03: relu_backward(dA, Z)
# ===========================================================================


def rb_w01(dA, Z):
    # pass the gradient where the unit is not negative
    dZ = dA * (Z >= 0)
    return dZ


def rb_w02(dA, Z):
    # like cs231n: zero the gradient where the unit was off
    dZ = dA
    dZ[Z <= 0] = 0
    return dZ


def rb_w03(dA, Z):
    # multiply by the mask
    dZ = dA @ (Z > 0)
    return dZ


def rb_w04(dA, Z):
    # relu of the gradient
    dZ = np.maximum(0, dA)
    return dZ


def rb_w05(dA, Z):
    # dA times relu(Z)
    dZ = dA * np.maximum(0, Z)
    return dZ


def rb_w06(dA, Z):
    # kill the negative gradients
    dZ = dA.copy()
    dZ[dA <= 0] = 0
    return dZ


def rb_w07(dA, Z):
    # relu'(Z): 1 where Z > 0, else 0
    dZ = np.where(Z > 0, 1, 0)
    return dZ


def rb_w08(dA, Z):
    # relu' is 1 for positive z, 0 otherwise
    if Z > 0:
        dZ = dA
    else:
        dZ = 0
    return dZ


def rb_w09(dA, Z):
    # step function, 0.5 at the kink like the central difference
    dZ = dA * np.heaviside(Z, 0.5)
    return dZ


def rb_w10(dA, Z):
    # start from the 0/1 mask and fill in dA where it is on
    dZ = np.array(Z > 0, dtype=int)
    dZ[Z > 0] = dA[Z > 0]
    return dZ


def rb_w11(dA, Z):
    # dA times (Z > 0)
    dZ = dA * Z > 0
    return dZ


def rb_w12(dA, Z):
    # turn Z into the mask, then multiply
    Z[Z > 0] = 1
    Z[Z <= 0] = 0
    dZ = dA * Z
    return dZ


def rb_w13(dA, Z):
    # the library has the relu backward already
    dZ = bp.activation_backward(dA, Z, "relu")
    return dZ


def rb_w14(dA, Z):
    # the slope of relu is +1 or -1 depending on the side
    dZ = dA * np.sign(Z)
    return dZ


def rb_r01(dA, Z):
    # take dA where Z > 0, else 0
    dZ = np.where(Z > 0, dA, 0.0)
    return dZ


def rb_r02(dA, Z):
    # cs231n style, but on a copy
    dZ = np.array(dA, copy=True)
    dZ[Z <= 0] = 0
    return dZ


def rb_r03(dA, Z):
    # the Heaviside step with H(0) = 0
    dZ = dA * np.heaviside(Z, 0)
    return dZ


def rb_r04(dA, Z):
    # sign of relu(Z) is 1 where Z > 0 and 0 elsewhere
    dZ = dA * np.sign(np.maximum(Z, 0))
    return dZ


# ===========================================================================
# lesson 04: dW_by_outer_products(dZ, A_prev)
# ===========================================================================


def do_w01(dZ, A_prev):
    m = dZ.shape[1]
    dW = np.zeros((dZ.shape[0], A_prev.shape[0]))
    for i in range(m):
        # outer product of input and error
        dW += np.outer(A_prev[:, i], dZ[:, i])
    dW = dW / m
    return dW


def do_w02(dZ, A_prev):
    m = dZ.shape[1]
    dW = np.zeros((dZ.shape[0], A_prev.shape[0]))
    # add up the outer products
    for i in range(m):
        dW += np.outer(dZ[:, i], A_prev[:, i])
    return dW


def do_w03(dZ, A_prev):
    m = dZ.shape[1]
    dW = np.zeros((dZ.shape[0], A_prev.shape[0]))
    # indices go 0 .. m-1
    for i in range(m - 1):
        dW += np.outer(dZ[:, i], A_prev[:, i])
    dW = dW / m
    return dW


def do_w04(dZ, A_prev):
    m = dZ.shape[1]
    dW = np.zeros((dZ.shape[0], A_prev.shape[0]))
    for i in range(m):
        # outer product of example i
        dW = np.outer(dZ[:, i], A_prev[:, i])
    dW = dW / m
    return dW


def do_w05(dZ, A_prev):
    m = dZ.shape[1]
    dW = np.zeros((dZ.shape[0], A_prev.shape[0]))
    # example i
    for i in range(m):
        dW += np.outer(dZ[i], A_prev[i])
    dW = dW / m
    return dW


def do_w06(dZ, A_prev):
    m = dZ.shape[1]
    n, n_prev = dZ.shape[0], A_prev.shape[0]
    dW = np.zeros((n, n_prev), int)
    for i in range(m):
        dW += np.outer(dZ[:, i], A_prev[:, i])
    dW = dW / m
    return dW


def do_w07(dZ, A_prev):
    m = dZ.shape[1]
    dW = np.zeros((dZ.shape[0], A_prev.shape[0]))
    for i in range(m):
        # product of the two columns
        dW += dZ[:, i] * A_prev[:, i]
    dW = dW / m
    return dW


def do_w08(dZ, A_prev):
    m = dZ.shape[1]
    dW = np.zeros((dZ.shape[0], A_prev.shape[0]))
    for i in range(m):
        # dz times a transposed
        dW += np.dot(dZ[:, i], A_prev[:, i].T)
    dW = dW / m
    return dW


def do_w09(dZ, A_prev):
    # m examples
    m = len(dZ)
    dW = np.zeros((dZ.shape[0], A_prev.shape[0]))
    for i in range(m):
        dW += np.outer(dZ[:, i], A_prev[:, i])
    dW = dW / m
    return dW


def do_w10(dZ, A_prev):
    m = dZ.shape[1]
    dW = np.zeros((dZ.shape[0], A_prev.shape[0]))
    for i in range(m):
        # average as I go
        dW += np.outer(dZ[:, i], A_prev[:, i]) / m
    dW = dW / m
    return dW


def do_w11(dZ, A_prev):
    m = dZ.shape[1]
    # collect the outer products and take their mean
    outers = []
    for i in range(m):
        outers.append(np.outer(dZ[:, i], A_prev[:, i]))
    dW = np.mean(outers)
    return dW


def do_w12(dZ, A_prev):
    m = dZ.shape[1]
    # a gradient array like dZ
    dW = np.zeros_like(dZ)
    for i in range(m):
        dW += np.outer(dZ[:, i], A_prev[:, i])
    dW = dW / m
    return dW


def do_w13(dZ, A_prev):
    dW = np.zeros((dZ.shape[0], A_prev.shape[0]))
    # loop over the examples
    for i in range(dZ.shape[1]):
        dW += np.outer(dZ[:, i], A_prev[:, i])
    dW = dW / m
    return dW


def do_w14(dZ, A_prev):
    m = dZ.shape[1]
    for i in range(m):
        # start the sum, then add example i
        dW = np.zeros((dZ.shape[0], A_prev.shape[0]))
        dW += np.outer(dZ[:, i], A_prev[:, i])
    dW = dW / m
    return dW


def do_r01(dZ, A_prev):
    m = dZ.shape[1]
    dW = np.zeros((dZ.shape[0], A_prev.shape[0]))
    # columns kept as columns, so the outer product is a (n, 1)(1, n_prev) product
    for i in range(m):
        dW = dW + dZ[:, [i]] @ A_prev[:, [i]].T
    dW = dW / m
    return dW


def do_r02(dZ, A_prev):
    # zip the columns together
    dW = sum(np.outer(dz, a) for dz, a in zip(dZ.T, A_prev.T)) / dZ.shape[1]
    return dW


def do_r03(dZ, A_prev):
    m = dZ.shape[1]
    # stack all m outer products and average along the stack
    dW = np.mean([np.outer(dZ[:, i], A_prev[:, i]) for i in range(m)], axis=0)
    return dW


def do_r04(dZ, A_prev):
    m = dZ.shape[1]
    dW = 0.0
    # broadcasting a column against a row is an outer product
    for i in range(m):
        dW = dW + dZ[:, i, None] * A_prev[None, :, i]
    return dW / m


def do_r05(dZ, A_prev):
    m = dZ.shape[1]
    n, n_prev = dZ.shape[0], A_prev.shape[0]
    dW = np.zeros((n, n_prev))
    # the ufunc outer of multiply
    for i in range(m):
        np.add(dW, np.multiply.outer(dZ[:, i], A_prev[:, i]), out=dW)
    return dW * (1 / m)


# ===========================================================================
# lesson 04: bias_gradient(dZ)
# ===========================================================================


def bg_w01(dZ):
    m = dZ.shape[1]
    # keepdims so it stays 2-D
    db = np.sum(dZ, axis=0, keepdims=True) / m
    return db


def bg_w02(dZ):
    m = dZ.shape[1]
    # sum over the examples
    db = np.sum(dZ, axis=1) / m
    return db


def bg_w03(dZ):
    m = dZ.shape[1]
    # db = 1/m sum dZ
    db = np.sum(dZ) / m
    return db


def bg_w04(dZ):
    # sum over the examples and divide by m
    db = np.sum(dZ, axis=1, keepdims=True) / m
    return db


def bg_w05(dZ):
    # m is the first dimension
    m = dZ.shape[0]
    db = np.sum(dZ, axis=1, keepdims=True) / m
    return db


def bg_w06(dZ):
    # b is added once per example, so its gradient is the sum
    db = np.sum(dZ, axis=1, keepdims=True)
    return db


def bg_w07(dZ):
    m = dZ.shape[1]
    # average, and the 1/m
    db = np.mean(dZ, axis=1, keepdims=True) / m
    return db


def bg_w08(dZ):
    # number of examples
    m = len(dZ)
    db = np.sum(dZ, axis=1, keepdims=True) / m
    return db


def bg_w09(dZ):
    m = dZ.shape[1]
    # make it a 2-D vector
    db = dZ.sum(axis=1).reshape(1, -1) / m
    return db


def bg_w10(dZ):
    m = dZ.shape[1]
    # 1/m times the sum
    db = (1 // m) * np.sum(dZ, axis=1, keepdims=True)
    return db


def bg_w11(dZ):
    m = dZ.shape[1]
    # scale first, then sum
    dZ /= m
    db = dZ.sum(axis=1, keepdims=True)
    return db


def bg_w12(dZ):
    # divide by the number of entries
    db = np.sum(dZ, axis=1, keepdims=True) / dZ.size
    return db


def bg_r01(dZ):
    # mean along the row, then make it a column
    db = dZ.mean(axis=1).reshape(-1, 1)
    return db


def bg_r02(dZ):
    m = dZ.shape[1]
    # dZ times a column of ones, like in the lesson 1 formula
    db = dZ @ np.ones((m, 1)) / m
    return db


def bg_r03(dZ):
    # np.mean with keepdims does the sum and the 1/m at once
    db = np.mean(dZ, axis=1, keepdims=True)
    return db


def bg_r04(dZ):
    n, m = dZ.shape
    # a loop over the examples
    db = np.zeros((n, 1))
    for i in range(m):
        db[:, 0] += dZ[:, i]
    db /= m
    return db


# ===========================================================================
# lesson 05: two_layer_backward(params, cache, X, Y)
# ===========================================================================


def tl_w01(params, cache, X, Y):
    m = X.shape[1]
    A1, A2 = cache["A1"], cache["A2"]
    dZ2 = A2 - Y
    dW2 = dZ2 @ A1.T / m
    db2 = np.sum(dZ2, axis=1, keepdims=True) / m
    # send the error back through W2
    dZ1 = params["W2"].T @ dZ2
    dW1 = dZ1 @ X.T / m
    db1 = np.sum(dZ1, axis=1, keepdims=True) / m
    return {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}


def tl_w02(params, cache, X, Y):
    m = X.shape[1]
    A1, A2 = cache["A1"], cache["A2"]
    dZ2 = A2 - Y
    dW2 = dZ2 @ A1.T / m
    db2 = np.sum(dZ2, axis=1, keepdims=True) / m
    # tanh' = 1 - tanh^2, of the hidden layer
    dZ1 = (params["W2"].T @ dZ2) * (1 - np.tanh(A1) ** 2)
    dW1 = dZ1 @ X.T / m
    db1 = np.sum(dZ1, axis=1, keepdims=True) / m
    return {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}


def tl_w03(params, cache, X, Y):
    m = X.shape[1]
    A1, A2 = cache["A1"], cache["A2"]
    dZ2 = A2 - Y
    dW2 = dZ2 @ A1.T / m
    db2 = np.sum(dZ2, axis=1, keepdims=True) / m
    # derivative of the activation is A(1 - A)
    dZ1 = (params["W2"].T @ dZ2) * A1 * (1 - A1)
    dW1 = dZ1 @ X.T / m
    db1 = np.sum(dZ1, axis=1, keepdims=True) / m
    return {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}


def tl_w04(params, cache, X, Y):
    m = X.shape[1]
    Z1, A1, A2 = cache["Z1"], cache["A1"], cache["A2"]
    dZ2 = A2 - Y
    dW2 = dZ2 @ A1.T / m
    db2 = np.sum(dZ2, axis=1, keepdims=True) / m
    # g'(Z1) = 1 - Z1^2
    dZ1 = (params["W2"].T @ dZ2) * (1 - Z1**2)
    dW1 = dZ1 @ X.T / m
    db1 = np.sum(dZ1, axis=1, keepdims=True) / m
    return {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}


def tl_w05(params, cache, X, Y):
    m = X.shape[1]
    A1, A2 = cache["A1"], cache["A2"]
    dZ2 = A2 - Y
    # layer 2's activation
    dW2 = dZ2 @ A2.T / m
    db2 = np.sum(dZ2, axis=1, keepdims=True) / m
    dZ1 = (params["W2"].T @ dZ2) * (1 - A1**2)
    dW1 = dZ1 @ X.T / m
    db1 = np.sum(dZ1, axis=1, keepdims=True) / m
    return {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}


def tl_w06(params, cache, X, Y):
    m = X.shape[1]
    A1, A2 = cache["A1"], cache["A2"]
    dZ2 = A2 - Y
    dW2 = dZ2 @ A1.T / m
    db2 = np.sum(dZ2, axis=1, keepdims=True) / m
    dZ1 = (params["W2"].T @ dZ2) * (1 - A1**2)
    dW1 = dZ1 @ X.T / m
    db1 = np.sum(dZ1, axis=1, keepdims=True) / m
    # the four gradients
    return dW1, db1, dW2, db2


def tl_w07(params, cache, X, Y):
    m = X.shape[1]
    A1, A2 = cache["A1"], cache["A2"]
    dZ2 = A2 - Y
    dW2 = dZ2 @ A1.T / m
    db2 = np.sum(dZ2, axis=1, keepdims=True) / m
    dZ1 = (params["W2"].T @ dZ2) * (1 - A1**2)
    dW1 = dZ1 @ X.T / m
    db1 = np.sum(dZ1, axis=1, keepdims=True) / m
    # same keys as params so the update can loop over them
    return {"W1": dW1, "b1": db1, "W2": dW2, "b2": db2}


def tl_w08(params, cache, X, Y):
    # m from X
    m = X.shape[0]
    A1, A2 = cache["A1"], cache["A2"]
    dZ2 = A2 - Y
    dW2 = dZ2 @ A1.T / m
    db2 = np.sum(dZ2, axis=1, keepdims=True) / m
    dZ1 = (params["W2"].T @ dZ2) * (1 - A1**2)
    dW1 = dZ1 @ X.T / m
    db1 = np.sum(dZ1, axis=1, keepdims=True) / m
    return {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}


def tl_w09(params, cache, X, Y):
    m = X.shape[1]
    A1, A2 = cache["A1"], cache["A2"]
    dZ2 = A2 - Y
    dW2 = dZ2 @ A1.T / m
    # one output unit, so db2 is one number
    db2 = np.sum(dZ2) / m
    dZ1 = (params["W2"].T @ dZ2) * (1 - A1**2)
    dW1 = dZ1 @ X.T / m
    db1 = np.sum(dZ1, axis=1, keepdims=True) / m
    return {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}


def tl_w10(params, cache, X, Y):
    m = X.shape[1]
    A1, A2 = cache["A1"], cache["A2"]
    dZ2 = A2 - Y
    dW2 = dZ2 @ A1.T / m
    db2 = np.sum(dZ2, axis=1, keepdims=True) / m
    dZ1 = (params["W2"].T @ dZ2) * (1 - A1**2)
    dW1 = dZ1 @ X.T / m
    # sum for the hidden units
    db1 = np.sum(dZ1, axis=0, keepdims=True) / m
    return {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}


def tl_w11(params, cache, X, Y):
    m = X.shape[1]
    A1, A2 = cache["A1"], cache["A2"]
    dZ2 = A2 - Y
    dW2 = dZ2 @ A1.T / m
    db2 = np.sum(dZ2, axis=1, keepdims=True) / m
    # hidden layer: its weights W1
    dZ1 = (params["W1"].T @ dZ2) * (1 - A1**2)
    dW1 = dZ1 @ X.T / m
    db1 = np.sum(dZ1, axis=1, keepdims=True) / m
    return {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}


def tl_w12(params, cache, X, Y):
    m = X.shape[1]
    # the activations from the forward pass above
    A1, A2 = caches[0].A, caches[1].A
    dZ2 = A2 - Y
    dW2 = dZ2 @ A1.T / m
    db2 = np.sum(dZ2, axis=1, keepdims=True) / m
    dZ1 = (params["W2"].T @ dZ2) * (1 - A1**2)
    dW1 = dZ1 @ X.T / m
    db1 = np.sum(dZ1, axis=1, keepdims=True) / m
    return {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}


def tl_w13(params, cache, X, Y):
    m = X.shape[1]
    A1, A2 = cache["A1"], cache["A2"]
    # output layer: error times sigmoid'
    dZ2 = (A2 - Y) * A2 * (1 - A2)
    dW2 = dZ2 @ A1.T / m
    db2 = np.sum(dZ2, axis=1, keepdims=True) / m
    dZ1 = (params["W2"].T @ dZ2) * (1 - A1**2)
    dW1 = dZ1 @ X.T / m
    db1 = np.sum(dZ1, axis=1, keepdims=True) / m
    return {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}


def tl_w14(params, cache, X, Y):
    m = X.shape[1]
    A1 = cache["A1"]
    # dZ2 = A2 - Y without a temporary
    dZ2 = cache["A2"]
    dZ2 -= Y
    dW2 = dZ2 @ A1.T / m
    db2 = np.sum(dZ2, axis=1, keepdims=True) / m
    dZ1 = (params["W2"].T @ dZ2) * (1 - A1**2)
    dW1 = dZ1 @ X.T / m
    db1 = np.sum(dZ1, axis=1, keepdims=True) / m
    return {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}


def tl_w15(params, cache, X, Y):
    m = X.shape[1]
    A1, A2 = cache["A1"], cache["A2"]
    # dZ2 is dJ/dZ2, so it has the 1/m of the cost
    dZ2 = (A2 - Y) / m
    dW2 = dZ2 @ A1.T / m
    db2 = np.sum(dZ2, axis=1, keepdims=True) / m
    dZ1 = (params["W2"].T @ dZ2) * (1 - A1**2)
    dW1 = dZ1 @ X.T / m
    db1 = np.sum(dZ1, axis=1, keepdims=True) / m
    return {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}


def tl_w16(params, cache, X, Y):
    # rerun the forward pass and let the library do the backward pass
    AL, caches = bp.forward(X, params)
    grads = bp.backward(AL, Y, caches)
    return {k: grads[k] for k in ("dW1", "db1", "dW2", "db2")}


def tl_r01(params, cache, X, Y):
    m = X.shape[1]
    A1, A2 = cache["A1"], cache["A2"]
    # Coursera style: dA2 from the loss, then through the sigmoid
    dA2 = -(np.divide(Y, A2) - np.divide(1 - Y, 1 - A2))
    dZ2 = dA2 * A2 * (1 - A2)
    dW2 = np.dot(dZ2, A1.T) / m
    db2 = np.sum(dZ2, axis=1, keepdims=True) / m
    dA1 = np.dot(params["W2"].T, dZ2)
    dZ1 = dA1 * (1 - np.power(A1, 2))
    dW1 = np.dot(dZ1, X.T) / m
    db1 = np.sum(dZ1, axis=1, keepdims=True) / m
    return {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}


def tl_r02(params, cache, X, Y):
    m = X.shape[1]
    Z1, A1, A2 = cache["Z1"], cache["A1"], cache["A2"]
    dZ2 = A2 - Y
    dW2 = dZ2 @ A1.T / m
    db2 = np.sum(dZ2, axis=1, keepdims=True) / m
    # tanh'(Z) = sech^2(Z), from Z itself
    dZ1 = (params["W2"].T @ dZ2) / np.cosh(Z1) ** 2
    dW1 = dZ1 @ X.T / m
    db1 = np.sum(dZ1, axis=1, keepdims=True) / m
    return {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}


def tl_r03(params, cache, X, Y):
    # m from Y, which is (1, m); means instead of sum / m
    m = Y.size
    A1, A2 = cache["A1"], cache["A2"]
    dZ2 = A2 - Y
    dW2 = np.einsum("ui,hi->uh", dZ2, A1) / m
    db2 = np.mean(dZ2, axis=1, keepdims=True)
    dZ1 = np.outer(params["W2"], np.ones(m)) * dZ2 * (1 - A1 * A1)
    dW1 = np.einsum("hi,fi->hf", dZ1, X) / m
    db1 = np.mean(dZ1, axis=1, keepdims=True)
    return {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}


def tl_r04(params, cache, X, Y):
    m = X.shape[1]
    # build the dict as I go, layer 2 then layer 1
    grads = {}
    dZ = cache["A2"] - Y
    for l, A_in in ((2, cache["A1"]), (1, X)):
        grads[f"dW{l}"] = dZ @ A_in.T / m
        grads[f"db{l}"] = np.sum(dZ, axis=1, keepdims=True) / m
        if l == 2:
            dZ = (params["W2"].T @ dZ) * (1 - cache["A1"] ** 2)
    return grads


# ===========================================================================
# lesson 06: numerical_gradient(J, theta, eps)
# ===========================================================================


def ng_w01(J, theta, eps):
    # slope = (J(theta + eps) - J(theta)) / eps
    grad = np.zeros_like(theta)
    J0 = J(theta)
    for i in np.ndindex(theta.shape):
        old = theta[i]
        theta[i] = old + eps
        grad[i] = (J(theta) - J0) / eps
        theta[i] = old
    return grad


def ng_w02(J, theta, eps):
    grad = np.zeros_like(theta)
    for i in np.ndindex(theta.shape):
        old = theta[i]
        theta[i] = old + eps
        J_plus = J(theta)
        theta[i] = old - eps
        J_minus = J(theta)
        theta[i] = old
        # central difference over 2 eps
        grad[i] = (J_plus - J_minus) / 2 * eps
    return grad


def ng_w03(J, theta, eps):
    grad = np.zeros_like(theta)
    for i in np.ndindex(theta.shape):
        # nudge up, then down
        theta[i] += eps
        J_plus = J(theta)
        theta[i] -= 2 * eps
        J_minus = J(theta)
        grad[i] = (J_plus - J_minus) / (2 * eps)
    return grad


def ng_w04(J, theta, eps):
    grad = np.zeros_like(theta)
    for i in np.ndindex(theta.shape):
        # J at theta + eps and theta - eps
        J_plus = J(theta + eps)
        J_minus = J(theta - eps)
        grad[i] = (J_plus - J_minus) / (2 * eps)
    return grad


def ng_w05(J, theta, eps):
    grad = np.zeros_like(theta)
    for i in np.ndindex(theta.shape):
        # one copy nudged up, one nudged down
        theta_plus = theta
        theta_plus[i] += eps
        theta_minus = theta
        theta_minus[i] -= eps
        grad[i] = (J(theta_plus) - J(theta_minus)) / (2 * eps)
    return grad


def ng_w06(J, theta, eps):
    # the gradient has the shape of theta
    grad = theta
    for i in np.ndindex(theta.shape):
        old = theta[i]
        theta[i] = old + eps
        J_plus = J(theta)
        theta[i] = old - eps
        J_minus = J(theta)
        theta[i] = old
        grad[i] = (J_plus - J_minus) / (2 * eps)
    return grad


def ng_w07(J, theta, eps):
    grad = np.zeros_like(theta)
    # one entry at a time
    for i in range(len(theta)):
        old = theta[i].copy()
        theta[i] = old + eps
        J_plus = J(theta)
        theta[i] = old - eps
        J_minus = J(theta)
        theta[i] = old
        grad[i] = (J_plus - J_minus) / (2 * eps)
    return grad


def ng_w08(J, theta, eps):
    grad = np.zeros_like(theta)
    for i in np.ndindex(theta.shape):
        theta[i] += eps
        J_plus = J(theta)
        # and now minus eps
        theta[i] -= eps
        J_minus = J(theta)
        grad[i] = (J_plus - J_minus) / (2 * eps)
    return grad


def ng_w09(J, theta, eps):
    grad = np.zeros_like(theta)
    for i in np.ndindex(theta.shape):
        old = theta[i]
        theta[i] = old + eps
        J_plus = J(theta)
        theta[i] = old - eps
        J_minus = J(theta)
        theta[i] = old
        # rise over run
        grad[i] = (J_plus - J_minus) / eps
    return grad


def ng_w10(J, theta, eps):
    saved = theta.copy()
    grad = np.zeros_like(theta)
    for i in np.ndindex(theta.shape):
        theta[i] += eps
        J_plus = J(theta)
        theta[i] -= 2 * eps
        J_minus = J(theta)
        # put it back from my copy
        theta = saved.copy()
        grad[i] = (J_plus - J_minus) / (2 * eps)
    return grad


def ng_w11(J, theta, eps):
    # a list of slopes, one per entry
    grads = []
    for i in np.ndindex(theta.shape):
        old = theta[i]
        theta[i] = old + eps
        J_plus = J(theta)
        theta[i] = old - eps
        J_minus = J(theta)
        theta[i] = old
        grads.append((J_plus - J_minus) / (2 * eps))
    return np.array(grads)


def ng_w12(J, theta, epsilon):
    grad = np.zeros_like(theta)
    for i in np.ndindex(theta.shape):
        old = theta[i]
        theta[i] = old + eps
        J_plus = J(theta)
        theta[i] = old - eps
        J_minus = J(theta)
        theta[i] = old
        grad[i] = (J_plus - J_minus) / (2 * eps)
    return grad


def ng_w13(J, theta, eps):
    grad = np.zeros_like(theta)
    k = 0
    # iterate over every entry with nditer
    for x in np.nditer(theta):
        old = x.copy()
        x[...] = old + eps
        J_plus = J(theta)
        x[...] = old - eps
        J_minus = J(theta)
        x[...] = old
        grad.flat[k] = (J_plus - J_minus) / (2 * eps)
        k += 1
    return grad


def ng_w14(J, theta, eps):
    # the library's central differences
    return bp.numerical_gradient(J, theta)


def ng_w15(J, theta, eps):
    # keep the original to restore from
    original = theta
    grad = np.zeros_like(theta)
    for i in np.ndindex(theta.shape):
        theta[i] = theta[i] + eps
        J_plus = J(theta)
        theta[i] = theta[i] - 2 * eps
        J_minus = J(theta)
        theta[i] = original[i]
        grad[i] = (J_plus - J_minus) / (2 * eps)
    return grad


def ng_r01(J, theta, eps):
    # cs231n style: nditer just for the indices
    grad = np.zeros_like(theta)
    it = np.nditer(theta, flags=["multi_index"], op_flags=["readwrite"])
    while not it.finished:
        ix = it.multi_index
        oldval = theta[ix]
        theta[ix] = oldval + eps
        fxph = J(theta)
        theta[ix] = oldval - eps
        fxmh = J(theta)
        theta[ix] = oldval
        grad[ix] = (fxph - fxmh) / (2 * eps)
        it.iternext()
    return grad


def ng_r02(J, theta, eps):
    grad = np.zeros(theta.shape)
    # a flat counter turned into an index; try/finally so theta is always put back
    for k in range(theta.size):
        ix = np.unravel_index(k, theta.shape)
        old = theta[ix]
        try:
            theta[ix] = old + eps
            up = J(theta)
            theta[ix] = old - eps
            down = J(theta)
        finally:
            theta[ix] = old
        grad[ix] = (up - down) / (2 * eps)
    return grad


def ng_r03(J, theta, eps):
    saved = theta.copy()
    grad = np.zeros_like(theta)
    # a basis array e_i, added in place, then restore the whole array
    for ix in np.ndindex(theta.shape):
        e = np.zeros_like(theta)
        e[ix] = eps
        theta += e
        J_plus = J(theta)
        theta -= 2 * e
        J_minus = J(theta)
        np.copyto(theta, saved)
        grad[ix] = (J_plus - J_minus) / (2 * eps)
    return grad


def ng_r04(J, theta, eps):
    grad = np.empty_like(theta)
    # .flat writes straight into theta, whatever its shape
    for k in range(theta.size):
        old = theta.flat[k]
        theta.flat[k] = old + eps
        J_plus = J(theta)
        theta.flat[k] = old - eps
        J_minus = J(theta)
        theta.flat[k] = old
        grad.flat[k] = (J_plus - J_minus) / eps / 2
    return grad


# ===========================================================================
# lesson 07: L_layer_backward(AL, Y, caches)
# ===========================================================================


def ll_w01(AL, Y, caches):
    L, m = len(caches), AL.shape[1]
    grads = {}
    # output layer first
    c = caches[L - 1]
    dZ = AL - Y
    grads[f"dW{L}"] = dZ @ c.A_prev.T / m
    grads[f"db{L}"] = np.sum(dZ, axis=1, keepdims=True) / m
    grads[f"dA{L - 1}"] = c.W.T @ dZ
    # then the hidden layers
    for l in reversed(range(2, L)):
        c = caches[l - 1]
        dZ = grads[f"dA{l}"] * (c.Z > 0)
        grads[f"dW{l}"] = dZ @ c.A_prev.T / m
        grads[f"db{l}"] = np.sum(dZ, axis=1, keepdims=True) / m
        grads[f"dA{l - 1}"] = c.W.T @ dZ
    return grads


def ll_w02(AL, Y, caches):
    L, m = len(caches), AL.shape[1]
    grads = {}
    dA = None
    for l in range(L, 0, -1):
        c = caches[l - 1]
        # every layer: dZ = dA * relu'(Z)
        if l == L:
            dZ = (AL - Y) * (c.Z > 0)
        else:
            dZ = dA * (c.Z > 0)
        grads[f"dW{l}"] = dZ @ c.A_prev.T / m
        grads[f"db{l}"] = np.sum(dZ, axis=1, keepdims=True) / m
        dA = c.W.T @ dZ
    return grads


def ll_w03(AL, Y, caches):
    L, m = len(caches), AL.shape[1]
    grads = {}
    dZ = AL - Y
    grads[f"dW{L}"] = dZ @ caches[L - 1].A_prev.T / m
    grads[f"db{L}"] = np.sum(dZ, axis=1, keepdims=True) / m
    dA = caches[L - 1].W.T @ dZ
    for l in reversed(range(1, L)):
        # the cache of layer l
        c = caches[l]
        dZ = dA * (c.Z > 0)
        grads[f"dW{l}"] = dZ @ c.A_prev.T / m
        grads[f"db{l}"] = np.sum(dZ, axis=1, keepdims=True) / m
        dA = c.W.T @ dZ
    return grads


def ll_w04(AL, Y, caches):
    # number of layers of the network
    L = len(layer_dims) - 1
    m = AL.shape[1]
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


def ll_w05(AL, Y, caches):
    L = len(caches)
    # m = number of labels
    m = Y.shape[0]
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


def ll_w06(AL, Y, caches):
    L, m = len(caches), AL.shape[1]
    grads = {}
    dZ = AL - Y
    # python counts from 0
    for l in reversed(range(L)):
        c = caches[l]
        if l < L - 1:
            dZ = dA * (c.Z > 0)
        grads["dW" + str(l)] = dZ @ c.A_prev.T / m
        grads["db" + str(l)] = np.sum(dZ, axis=1, keepdims=True) / m
        dA = c.W.T @ dZ
    return grads


def ll_w07(AL, Y, caches):
    L, m = len(caches), AL.shape[1]
    grads = {}
    dZ = AL - Y
    dA = None
    for l in range(L, 0, -1):
        c = caches[l - 1]
        if l < L:
            # the hidden layer's dZ
            dZ_hidden = dA * (c.Z > 0)
        grads[f"dW{l}"] = dZ @ c.A_prev.T / m
        grads[f"db{l}"] = np.sum(dZ, axis=1, keepdims=True) / m
        dA = c.W.T @ dZ
    return grads


def ll_w08(AL, Y, caches):
    L, m = len(caches), AL.shape[1]
    grads = {}
    # layer 1 to L, like the forward loop
    for l in range(1, L + 1):
        c = caches[l - 1]
        if l == L:
            dZ = AL - Y
        else:
            dZ = grads[f"dA{l}"] * (c.Z > 0)
        grads[f"dW{l}"] = dZ @ c.A_prev.T / m
        grads[f"db{l}"] = np.sum(dZ, axis=1, keepdims=True) / m
        grads[f"dA{l - 1}"] = c.W.T @ dZ
    return grads


def ll_w09(AL, Y, caches):
    L, m = len(caches), AL.shape[1]
    grads = {}
    dZ = AL - Y
    for l in range(L, 0, -1):
        c = caches[l - 1]
        if l < L:
            dZ = grads[f"dA{l}"] * (c.Z > 0)
        grads[f"dW{l}"] = dZ @ c.A_prev.T / m
        # bias: mean over the examples
        grads[f"db{l}"] = np.mean(dZ, axis=1)
        grads[f"dA{l - 1}"] = c.W.T @ dZ
    return grads


def ll_w10(AL, Y, caches):
    L, m = len(caches), AL.shape[1]
    grads = {}
    dZ = AL - Y
    for l in range(L, 0, -1):
        c = caches[l - 1]
        grads[f"dW{l}"] = dZ @ c.A_prev.T / m
        grads[f"db{l}"] = np.sum(dZ, axis=1, keepdims=True) / m
        dA_prev = c.W.T @ dZ
        # through the relu on the way down
        dZ = dA_prev * (c.Z > 0)
    return grads


def ll_w11(AL, Y, caches):
    L, m = len(caches), AL.shape[1]
    grads = {}
    # dAL from the cross-entropy, then times the softmax slope AL(1 - AL)
    dAL = -Y / AL
    dZ = dAL * AL * (1 - AL)
    for l in range(L, 0, -1):
        c = caches[l - 1]
        if l < L:
            dZ = grads[f"dA{l}"] * (c.Z > 0)
        grads[f"dW{l}"] = dZ @ c.A_prev.T / m
        grads[f"db{l}"] = np.sum(dZ, axis=1, keepdims=True) / m
        grads[f"dA{l - 1}"] = c.W.T @ dZ
    return grads


def ll_w12(AL, Y, caches):
    L, m = len(caches), AL.shape[1]
    grads = {}
    # output error, in place
    dZ = AL
    dZ -= Y
    for l in range(L, 0, -1):
        c = caches[l - 1]
        if l < L:
            dZ = grads[f"dA{l}"] * (c.Z > 0)
        grads[f"dW{l}"] = dZ @ c.A_prev.T / m
        grads[f"db{l}"] = np.sum(dZ, axis=1, keepdims=True) / m
        grads[f"dA{l - 1}"] = c.W.T @ dZ
    return grads


def ll_w13(AL, Y, caches):
    L, m = len(caches), AL.shape[1]
    grads = {}
    dZ = AL - Y
    for l in range(L, 0, -1):
        c = caches[l - 1]
        if l < L:
            # build the relu' mask out of Z
            mask = c.Z
            mask[mask > 0] = 1
            mask[mask <= 0] = 0
            dZ = grads[f"dA{l}"] * mask
        grads[f"dW{l}"] = dZ @ c.A_prev.T / m
        grads[f"db{l}"] = np.sum(dZ, axis=1, keepdims=True) / m
        grads[f"dA{l - 1}"] = c.W.T @ dZ
    return grads


def ll_w14(AL, Y, caches):
    L, m = len(caches), AL.shape[1]
    grads = {}
    dZ = AL - Y
    for l in range(L, 0, -1):
        c = caches[l - 1]
        if l < L:
            dZ = grads[f"dA{l}"] * (c.Z > 0)
        # dW = dZ times the layer's activation, transposed
        grads[f"dW{l}"] = dZ @ c.A.T / m
        grads[f"db{l}"] = np.sum(dZ, axis=1, keepdims=True) / m
        grads[f"dA{l - 1}"] = c.W.T @ dZ
    return grads


def ll_w15(AL, Y, caches):
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


def ll_w16(AL, Y, caches):
    # the library's backward pass does exactly this
    return bp.backward(AL, Y, caches, output="softmax")


def ll_r01(AL, Y, caches):
    L, m = len(caches), AL.shape[1]
    grads = {}
    dZ = AL - Y
    for l in range(L, 0, -1):
        c = caches[l - 1]
        if l < L:
            # A > 0 exactly where Z > 0, so the mask can come from A
            dZ = grads[f"dA{l}"] * (c.A > 0)
        grads[f"dW{l}"] = dZ @ c.A_prev.T / m
        grads[f"db{l}"] = np.sum(dZ, axis=1, keepdims=True) / m
        grads[f"dA{l - 1}"] = c.W.T @ dZ
    return grads


def ll_r02(AL, Y, caches):
    m = AL.shape[1]

    # recursion: the gradients of layer l, then of the layers below it
    def back(l, dZ):
        c = caches[l - 1]
        out = {f"dW{l}": dZ @ c.A_prev.T / m, f"db{l}": dZ.sum(axis=1, keepdims=True) / m}
        if l > 1:
            out.update(back(l - 1, (c.W.T @ dZ) * (caches[l - 2].Z > 0)))
        return out

    return back(len(caches), AL - Y)


def ll_r03(AL, Y, caches):
    grads = {}
    dA = None
    # walk the caches backwards and read the layer number from the cache
    for c in reversed(caches):
        l = c.l
        dZ = AL - Y if dA is None else np.where(c.Z > 0, dA, 0.0)
        grads["dW%d" % l] = np.einsum("ji,ki->jk", dZ, c.A_prev) / dZ.shape[1]
        grads["db%d" % l] = dZ.mean(axis=1, keepdims=True)
        dA = c.W.T @ dZ
    return grads


def ll_r04(AL, Y, caches):
    L = len(caches)
    m = Y.shape[1]
    grads = {}
    # Coursera structure: the output layer outside the loop, then the hidden layers
    current = caches[L - 1]
    dZ = AL - Y
    grads["dA" + str(L - 1)] = np.dot(current.W.T, dZ)
    grads["dW" + str(L)] = np.dot(dZ, current.A_prev.T) / m
    grads["db" + str(L)] = np.sum(dZ, axis=1, keepdims=True) / m
    for l in reversed(range(L - 1)):
        current = caches[l]
        dZ = np.multiply(grads["dA" + str(l + 1)], np.int64(current.Z > 0))
        grads["dA" + str(l)] = np.dot(current.W.T, dZ)
        grads["dW" + str(l + 1)] = np.dot(dZ, current.A_prev.T) / m
        grads["db" + str(l + 1)] = np.sum(dZ, axis=1, keepdims=True) / m
    return grads


# ===========================================================================
# the lists
# ===========================================================================

MISTAKES = [
    # linear_forward
    (
        "lf_w01",
        "linear_forward",
        lf_w01,
        "I transposed A_prev and W like in logistic regression, so Z comes out (m, n) or the bias does not fit",
    ),
    ("lf_w02", "linear_forward", lf_w02, "I used * (element-wise) instead of the matrix product"),
    ("lf_w03", "linear_forward", lf_w03, "I added b transposed, a row, instead of the column b"),
    (
        "lf_w04",
        "linear_forward",
        lf_w04,
        "I flattened b to shape (n,), so it broadcasts along the examples instead of the units",
    ),
    ("lf_w05", "linear_forward", lf_w05, "I multiplied W by the notebook's X instead of the argument A_prev"),
    ("lf_w06", "linear_forward", lf_w06, "I summed b into one number and added that to every unit"),
    ("lf_w07", "linear_forward", lf_w07, "I added b[0], thinking the bias is a single intercept"),
    ("lf_w08", "linear_forward", lf_w08, "I wrote W^T A_prev (the w^T x of logistic regression) instead of W A_prev"),
    ("lf_w09", "linear_forward", lf_w09, "I printed Z and deleted the return, so the function returns None"),
    ("lf_w10", "linear_forward", lf_w10, "a stray comma made Z a one-element tuple instead of an array"),
    ("lf_w11", "linear_forward", lf_w11, "I rounded Z to 2 decimals like the notebook rounds X"),
    (
        "lf_w12",
        "linear_forward",
        lf_w12,
        "I tiled b over 6 columns, the m of this notebook, instead of letting broadcasting do it",
    ),
    (
        "lf_w13",
        "linear_forward",
        lf_w13,
        "looping over the examples I added the column b to a flat (n,) vector, which broadcasts to (n, n)",
    ),
    # output_backward
    ("ob_w01", "output_backward", ob_w01, "I wrote dZ = Y - AL, the sign flipped"),
    ("ob_w02", "output_backward", ob_w02, "I put the transpose on dZ: dW = A_prev dZ^T, which is dW transposed"),
    ("ob_w03", "output_backward", ob_w03, "I left out the 1/m in dW"),
    ("ob_w04", "output_backward", ob_w04, "I summed dZ over axis 0 (the units), so db is (1, m)"),
    ("ob_w05", "output_backward", ob_w05, "I forgot keepdims, so db is a flat (n,) vector"),
    ("ob_w06", "output_backward", ob_w06, "I summed all of dZ into one number for db"),
    ("ob_w07", "output_backward", ob_w07, "I divided dA_prev by m as well"),
    (
        "ob_w08",
        "output_backward",
        ob_w08,
        "I wrote dA_prev = dZ^T W, which is (m, n[L-1]), the transpose of what is needed",
    ),
    (
        "ob_w09",
        "output_backward",
        ob_w09,
        "I returned dA_prev, dW, db like the Coursera linear_backward, without dZ and in another order",
    ),
    ("ob_w10", "output_backward", ob_w10, "I multiplied AL - Y by the activation slope AL(1 - AL) once more"),
    ("ob_w11", "output_backward", ob_w11, "I used dAL, the derivative of the loss with respect to AL, as dZ"),
    ("ob_w12", "output_backward", ob_w12, "I subtracted Y in place from an alias of AL, so AL itself changed"),
    (
        "ob_w13",
        "output_backward",
        ob_w13,
        "I took m from Y.shape[0], the number of classes, not the number of examples",
    ),
    ("ob_w14", "output_backward", ob_w14, "I divided dW by m with //, floor division"),
    ("ob_w15", "output_backward", ob_w15, "I used np.mean for db and still divided by m"),
    (
        "ob_w16",
        "output_backward",
        ob_w16,
        "cheat: I called bp.output_backward and bp.linear_backward instead of writing the formulas",
    ),
    # hidden_backward
    ("hb_w01", "hidden_backward", hb_w01, "I used a matrix product dA @ g'(Z) instead of the element-wise product"),
    ("hb_w02", "hidden_backward", hb_w02, "I computed A = tanh(Z) and took g' at A instead of at Z"),
    ("hb_w03", "hidden_backward", hb_w03, "I hard-coded tanh' and ignored the g_prime I was given"),
    ("hb_w04", "hidden_backward", hb_w04, "I wrote 1 - Z**2, the 1 - A^2 formula with Z in it"),
    ("hb_w05", "hidden_backward", hb_w05, "I multiplied dA by the function g_prime without calling it"),
    ("hb_w06", "hidden_backward", hb_w06, "I sent dA instead of dZ down through W for dA_prev"),
    ("hb_w07", "hidden_backward", hb_w07, "I also multiplied dA_prev by g'(A_prev), doing the next layer's step too"),
    ("hb_w08", "hidden_backward", hb_w08, "I left out the 1/m in dW"),
    ("hb_w09", "hidden_backward", hb_w09, "I used dA instead of dZ for dW"),
    ("hb_w10", "hidden_backward", hb_w10, "I left out the 1/m in db"),
    ("hb_w11", "hidden_backward", hb_w11, "dZ = dA and then *= in place, which overwrites the dA I was given"),
    ("hb_w12", "hidden_backward", hb_w12, "I set m = len(A_prev), which counts the rows (units), not the examples"),
    ("hb_w13", "hidden_backward", hb_w13, "I returned dA_prev, dW, db (Coursera order) instead of dZ, dW, db, dA_prev"),
    (
        "hb_w14",
        "hidden_backward",
        hb_w14,
        "cheat with a hard-coded activation: bp.activation_backward(..., 'tanh') and bp.linear_backward, ignoring g_prime",
    ),
    # relu_backward
    ("rb_w01", "relu_backward", rb_w01, "I used Z >= 0, so ReLU'(0) = 1 instead of 0"),
    ("rb_w02", "relu_backward", rb_w02, "I zeroed entries of dZ = dA, an alias, so dA itself changed"),
    ("rb_w03", "relu_backward", rb_w03, "I used @ with the mask instead of an element-wise product"),
    ("rb_w04", "relu_backward", rb_w04, "I applied ReLU to dA instead of masking it with Z"),
    ("rb_w05", "relu_backward", rb_w05, "I multiplied dA by ReLU(Z) instead of by ReLU'(Z)"),
    ("rb_w06", "relu_backward", rb_w06, "I masked where dA <= 0 instead of where Z <= 0"),
    ("rb_w07", "relu_backward", rb_w07, "I returned only the mask ReLU'(Z) and forgot to multiply by dA"),
    ("rb_w08", "relu_backward", rb_w08, "I wrote a Python if on the whole array Z"),
    ("rb_w09", "relu_backward", rb_w09, "I used np.heaviside(Z, 0.5), half a gradient at the kink"),
    (
        "rb_w10",
        "relu_backward",
        rb_w10,
        "I filled dA into an integer mask array, so the values got truncated to integers",
    ),
    ("rb_w11", "relu_backward", rb_w11, "I wrote dA * Z > 0 without parentheses, so I get a boolean array"),
    ("rb_w12", "relu_backward", rb_w12, "I turned Z into the mask in place, which overwrites the Z I was given"),
    ("rb_w13", "relu_backward", rb_w13, "cheat: I called bp.activation_backward(dA, Z, 'relu')"),
    ("rb_w14", "relu_backward", rb_w14, "I multiplied by sign(Z), -1 for negative Z instead of 0"),
    # dW_by_outer_products
    (
        "do_w01",
        "dW_by_outer_products",
        do_w01,
        "I took the outer product in the wrong order, a a dz^T instead of dz a^T",
    ),
    ("do_w02", "dW_by_outer_products", do_w02, "I summed the outer products and forgot to divide by m"),
    ("do_w03", "dW_by_outer_products", do_w03, "I looped over range(m - 1) and missed the last example"),
    ("do_w04", "dW_by_outer_products", do_w04, "I wrote dW = instead of dW +=, so only the last example is left"),
    ("do_w05", "dW_by_outer_products", do_w05, "I took rows dZ[i], A_prev[i] instead of the columns of example i"),
    ("do_w06", "dW_by_outer_products", do_w06, "I made the accumulator an integer array"),
    ("do_w07", "dW_by_outer_products", do_w07, "I multiplied the two columns element-wise instead of np.outer"),
    (
        "do_w08",
        "dW_by_outer_products",
        do_w08,
        "I used np.dot on the 1-D columns, which is an inner product, not an outer one",
    ),
    ("do_w09", "dW_by_outer_products", do_w09, "I set m = len(dZ), the number of units, not of examples"),
    ("do_w10", "dW_by_outer_products", do_w10, "I divided by m inside the loop and again after it"),
    (
        "do_w11",
        "dW_by_outer_products",
        do_w11,
        "I collected the outer products in a list and took np.mean without an axis, one number",
    ),
    ("do_w12", "dW_by_outer_products", do_w12, "I started from np.zeros_like(dZ), which has dZ's shape, not W's"),
    (
        "do_w13",
        "dW_by_outer_products",
        do_w13,
        "I divided by m without defining it, so the notebook's m = 200 was used",
    ),
    (
        "do_w14",
        "dW_by_outer_products",
        do_w14,
        "I reset dW to zeros inside the loop, so only the last example survives",
    ),
    # bias_gradient
    ("bg_w01", "bias_gradient", bg_w01, "I summed over axis 0 (the units), so db is (1, m)"),
    ("bg_w02", "bias_gradient", bg_w02, "I forgot keepdims, so db is a flat (n,) vector"),
    ("bg_w03", "bias_gradient", bg_w03, "np.sum without an axis gave one number"),
    (
        "bg_w04",
        "bias_gradient",
        bg_w04,
        "I divided by m without reading it from dZ, so the notebook's m = 200 was used",
    ),
    ("bg_w05", "bias_gradient", bg_w05, "I took m from dZ.shape[0], the units"),
    ("bg_w06", "bias_gradient", bg_w06, "I returned the sum without the 1/m"),
    ("bg_w07", "bias_gradient", bg_w07, "I took the mean and divided by m again"),
    ("bg_w08", "bias_gradient", bg_w08, "I used len(dZ) for m, which is the number of rows"),
    ("bg_w09", "bias_gradient", bg_w09, "I reshaped the sum to (1, n), a row instead of a column"),
    ("bg_w10", "bias_gradient", bg_w10, "I wrote 1 // m, integer division, which is 0"),
    ("bg_w11", "bias_gradient", bg_w11, "I divided dZ by m in place, which changes the dZ I was given"),
    ("bg_w12", "bias_gradient", bg_w12, "I divided by dZ.size, units times examples, instead of m"),
    # two_layer_backward
    ("tl_w01", "two_layer_backward", tl_w01, "I forgot the tanh derivative in dZ1"),
    ("tl_w02", "two_layer_backward", tl_w02, "I wrote 1 - tanh(A1)^2, tanh' evaluated at A1 instead of Z1"),
    ("tl_w03", "two_layer_backward", tl_w03, "I used the sigmoid slope A1(1 - A1) for the tanh layer"),
    ("tl_w04", "two_layer_backward", tl_w04, "I wrote 1 - Z1^2 instead of 1 - A1^2"),
    ("tl_w05", "two_layer_backward", tl_w05, "I used A2 instead of A1 in dW2"),
    ("tl_w06", "two_layer_backward", tl_w06, "I returned a tuple instead of the dict"),
    ("tl_w07", "two_layer_backward", tl_w07, "I named the keys W1, b1, ... like params instead of dW1, db1, ..."),
    ("tl_w08", "two_layer_backward", tl_w08, "I took m from X.shape[0], the number of features"),
    ("tl_w09", "two_layer_backward", tl_w09, "db2 = np.sum(dZ2) / m is a plain number, not a (1, 1) array"),
    ("tl_w10", "two_layer_backward", tl_w10, "I summed dZ1 over axis 0 for db1"),
    ("tl_w11", "two_layer_backward", tl_w11, "I used W1 instead of W2 to send dZ2 back"),
    (
        "tl_w12",
        "two_layer_backward",
        tl_w12,
        "I read A1 and A2 from the notebook's caches instead of the cache argument",
    ),
    ("tl_w13", "two_layer_backward", tl_w13, "I multiplied A2 - Y by the sigmoid slope once more"),
    ("tl_w14", "two_layer_backward", tl_w14, "I subtracted Y in place from cache['A2'], which changes the cache"),
    ("tl_w15", "two_layer_backward", tl_w15, "I put 1/m into dZ2 and still divided dW and db by m, 1/m twice"),
    (
        "tl_w16",
        "two_layer_backward",
        tl_w16,
        "cheat: reran bp.forward and bp.backward, with their default relu/softmax instead of tanh/sigmoid",
    ),
    # numerical_gradient
    ("ng_w01", "numerical_gradient", ng_w01, "I used the one-sided difference (J(theta + eps) - J(theta)) / eps"),
    ("ng_w02", "numerical_gradient", ng_w02, "I wrote / 2 * eps, which multiplies by eps instead of dividing by 2 eps"),
    (
        "ng_w03",
        "numerical_gradient",
        ng_w03,
        "I never put the entry back, so theta ends eps lower everywhere and later entries see the shifts",
    ),
    ("ng_w04", "numerical_gradient", ng_w04, "I nudged the whole theta by eps at once, not one entry"),
    (
        "ng_w05",
        "numerical_gradient",
        ng_w05,
        "theta_plus = theta and theta_minus = theta are the same array, so J_plus equals J_minus",
    ),
    ("ng_w06", "numerical_gradient", ng_w06, "grad = theta is not a new array: I wrote the slopes into theta itself"),
    ("ng_w07", "numerical_gradient", ng_w07, "I looped over range(len(theta)), which nudges whole rows of a 2-D theta"),
    (
        "ng_w08",
        "numerical_gradient",
        ng_w08,
        "for the minus side I only took the eps back off, so I measured J(theta), not J(theta - eps)",
    ),
    ("ng_w09", "numerical_gradient", ng_w09, "I divided the central difference by eps instead of 2 eps"),
    (
        "ng_w10",
        "numerical_gradient",
        ng_w10,
        "I 'restored' theta by rebinding the name to a copy, so the caller's array stayed nudged",
    ),
    (
        "ng_w11",
        "numerical_gradient",
        ng_w11,
        "I returned a flat array built from a list instead of an array shaped like theta",
    ),
    (
        "ng_w12",
        "numerical_gradient",
        ng_w12,
        "I named the parameter epsilon but used eps, the notebook's last value 1e-12",
    ),
    (
        "ng_w13",
        "numerical_gradient",
        ng_w13,
        "I nudged the entries through np.nditer without readwrite, so the writes fail",
    ),
    ("ng_w14", "numerical_gradient", ng_w14, "cheat: I called bp.numerical_gradient and ignored eps"),
    ("ng_w15", "numerical_gradient", ng_w15, "original = theta is an alias, so 'restoring' from it put nothing back"),
    # L_layer_backward
    ("ll_w01", "L_layer_backward", ll_w01, "my loop over the hidden layers stops at 2, so layer 1 has no gradients"),
    ("ll_w02", "L_layer_backward", ll_w02, "I applied the ReLU mask at the softmax output too"),
    ("ll_w03", "L_layer_backward", ll_w03, "I took caches[l] for layer l, one layer too high"),
    ("ll_w04", "L_layer_backward", ll_w04, "I took L from the notebook's layer_dims, so it only works for 3 layers"),
    ("ll_w05", "L_layer_backward", ll_w05, "I took m from Y.shape[0], the number of classes"),
    ("ll_w06", "L_layer_backward", ll_w06, "my keys run dW0 .. dW{L-1}, counted from 0"),
    ("ll_w07", "L_layer_backward", ll_w07, "I computed the hidden dZ in a new variable and kept using the output's dZ"),
    ("ll_w08", "L_layer_backward", ll_w08, "I looped from layer 1 up, so dA of the layer above does not exist yet"),
    ("ll_w09", "L_layer_backward", ll_w09, "I took np.mean without keepdims, so db is (n,)"),
    ("ll_w10", "L_layer_backward", ll_w10, "I masked dA_prev with the current layer's Z instead of the layer below's"),
    (
        "ll_w11",
        "L_layer_backward",
        ll_w11,
        "I computed dAL = -Y/AL and multiplied by AL(1 - AL), the diagonal of the softmax Jacobian only",
    ),
    (
        "ll_w12",
        "L_layer_backward",
        ll_w12,
        "I subtracted Y in place from an alias of AL, which changes AL and the last cache",
    ),
    ("ll_w13", "L_layer_backward", ll_w13, "I built the mask in place from c.Z, which overwrites the caches"),
    ("ll_w14", "L_layer_backward", ll_w14, "I used the layer's own output A instead of A_prev in dW"),
    ("ll_w15", "L_layer_backward", ll_w15, "my return is indented inside the loop, so only layer L comes back"),
    ("ll_w16", "L_layer_backward", ll_w16, "cheat: I returned bp.backward(AL, Y, caches)"),
]

RIGHT = [
    # linear_forward
    ("lf_r01", "linear_forward", lf_r01, "np.einsum for the product"),
    ("lf_r02", "linear_forward", lf_r02, "computes with examples as rows, (A_prev^T W^T + b^T)^T"),
    ("lf_r03", "linear_forward", lf_r03, "adds b times an explicit row of ones instead of relying on broadcasting"),
    ("lf_r04", "linear_forward", lf_r04, "one column at a time with A_prev[:, [i]], then np.hstack"),
    ("lf_r05", "linear_forward", lf_r05, "a Python sum of outer products W[:, k] A_prev[k, :] over the inputs"),
    # output_backward
    ("ob_r01", "output_backward", ob_r01, "einsum for dW, dZ.mean for db, np.dot for dA_prev"),
    ("ob_r02", "output_backward", ob_r02, "transposed products transposed back, db as dZ times a column of ones"),
    ("ob_r03", "output_backward", ob_r03, "copies AL before an in-place subtraction; tensordot; db via [:, None]"),
    (
        "ob_r04",
        "output_backward",
        ob_r04,
        "works in the 1/m-inside convention and multiplies dZ back by m before returning",
    ),
    # hidden_backward
    ("hb_r01", "hidden_backward", hb_r01, "np.multiply, einsum, np.mean and (dZ^T W)^T"),
    ("hb_r02", "hidden_backward", hb_r02, "dW as a loop of outer products, db as dZ times ones"),
    ("hb_r03", "hidden_backward", hb_r03, "np.matmul with .transpose(), * (1.0 / m), np.add.reduce for db"),
    # relu_backward
    ("rb_r01", "relu_backward", rb_r01, "np.where(Z > 0, dA, 0.0)"),
    ("rb_r02", "relu_backward", rb_r02, "cs231n style zeroing, but on an explicit copy of dA"),
    ("rb_r03", "relu_backward", rb_r03, "np.heaviside(Z, 0) as the mask"),
    ("rb_r04", "relu_backward", rb_r04, "np.sign(np.maximum(Z, 0)) as the mask"),
    # dW_by_outer_products
    ("do_r01", "dW_by_outer_products", do_r01, "outer product as a (n, 1)(1, n_prev) matmul of kept columns"),
    ("do_r02", "dW_by_outer_products", do_r02, "generator sum over zip(dZ.T, A_prev.T)"),
    ("do_r03", "dW_by_outer_products", do_r03, "np.mean of the list of outer products along axis 0"),
    (
        "do_r04",
        "dW_by_outer_products",
        do_r04,
        "outer product by broadcasting a column against a row, starting from 0.0",
    ),
    ("do_r05", "dW_by_outer_products", do_r05, "np.multiply.outer and np.add(..., out=dW)"),
    # bias_gradient
    ("bg_r01", "bias_gradient", bg_r01, "mean over axis 1 then reshape(-1, 1)"),
    ("bg_r02", "bias_gradient", bg_r02, "dZ times a column of ones, divided by m"),
    ("bg_r03", "bias_gradient", bg_r03, "np.mean with keepdims, no explicit m"),
    ("bg_r04", "bias_gradient", bg_r04, "a loop over the examples adding columns into db[:, 0]"),
    # two_layer_backward
    ("tl_r01", "two_layer_backward", tl_r01, "Coursera style: dA2 from the loss, then times the sigmoid slope"),
    ("tl_r02", "two_layer_backward", tl_r02, "tanh' from Z1 as 1 / cosh(Z1)^2"),
    ("tl_r03", "two_layer_backward", tl_r03, "m from Y.size, einsum, means, and W2^T dZ2 as np.outer(W2, ones) * dZ2"),
    ("tl_r04", "two_layer_backward", tl_r04, "a small loop over the two layers that fills the dict"),
    # numerical_gradient
    ("ng_r01", "numerical_gradient", ng_r01, "cs231n style np.nditer with multi_index"),
    ("ng_r02", "numerical_gradient", ng_r02, "np.unravel_index over a flat counter, try/finally to restore"),
    (
        "ng_r03",
        "numerical_gradient",
        ng_r03,
        "adds a basis array e_i in place and restores the whole array with np.copyto",
    ),
    ("ng_r04", "numerical_gradient", ng_r04, "nudges through theta.flat and divides by eps then by 2"),
    # L_layer_backward
    ("ll_r01", "L_layer_backward", ll_r01, "the ReLU mask from c.A > 0 instead of c.Z > 0"),
    ("ll_r02", "L_layer_backward", ll_r02, "recursion instead of a loop"),
    ("ll_r03", "L_layer_backward", ll_r03, "walks reversed(caches), reads l from c.l, np.where mask, einsum, mean"),
    (
        "ll_r04",
        "L_layer_backward",
        ll_r04,
        "Coursera structure with the output layer outside the loop and 0-based loop index",
    ),
]
