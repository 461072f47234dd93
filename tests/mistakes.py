"""Learners' answers to every exercise: right ones, and classic mistakes with the id the checker must name.

Each function is written as a learner would write it in the lesson. Used by
tests/test_exercises.py and scripts/feedback_table.py (mistakes named before and after).
"""

from __future__ import annotations

import numpy as np

import backprop_lib as bp

# ---------------------------------------------------------------------------- lesson 00: Z = W A_prev + b


def lf_right(A_prev, W, b):
    return W @ A_prev + b


def lf_dot(A_prev, W, b):
    return np.dot(W, A_prev) + b


def lf_transposes(A_prev, W, b):
    return (A_prev.T @ W.T).T + b


LINEAR_FORWARD = [
    ("b not added", lambda A_prev, W, b: W @ A_prev, "Z:missing:+b"),
    ("factors swapped", lambda A_prev, W, b: A_prev @ W + b, "Z:swapped:W @ A_prev"),
    ("W transposed", lambda A_prev, W, b: W.T @ A_prev + b, "Z:T-on:W"),
    ("* for @", lambda A_prev, W, b: W * A_prev + b, "Z:*-for-@:W @ A_prev"),
    ("b as a row", lambda A_prev, W, b: W @ A_prev + b.T, "Z:b^T"),
    ("b subtracted", lambda A_prev, W, b: W @ A_prev - b, "Z:minus:b"),
    ("activation applied", lambda A_prev, W, b: np.tanh(W @ A_prev + b), "Z:activation-tanh"),
    ("Z transposed", lambda A_prev, W, b: (W @ A_prev + b).T, "Z:transposed"),
    ("returns (Z, cache)", lambda A_prev, W, b: (W @ A_prev + b, (A_prev, W, b)), "returned"),
    ("returns a list", lambda A_prev, W, b: (W @ A_prev + b).tolist(), "returned"),
    ("np.matrix", lambda A_prev, W, b: np.asmatrix(W) * np.asmatrix(A_prev) + b, "returned"),
    ("forgot return", lambda A_prev, W, b: None, "returned"),
]


# ---------------------------------------------------------------------------- lesson 01: the output layer


def ob_right(AL, Y, A_prev, W):
    m = A_prev.shape[1]
    dZ = AL - Y
    dW = dZ @ A_prev.T / m
    db = np.sum(dZ, axis=1, keepdims=True) / m
    dA_prev = W.T @ dZ
    return dZ, dW, db, dA_prev


def ob_dot(AL, Y, A_prev, W):
    m = AL.shape[1]
    dZ = np.subtract(AL, Y)
    return dZ, np.dot(dZ, A_prev.T) / m, np.mean(dZ, axis=1, keepdims=True), np.dot(W.T, dZ)


def ob_list(AL, Y, A_prev, W):
    m = A_prev.shape[1]
    dZ = AL - Y
    return [dZ, (1 / m) * dZ @ A_prev.T, dZ.sum(axis=1).reshape(-1, 1) / m, W.T @ dZ]


def _ob(bug):
    def output_backward(AL, Y, A_prev, W):
        m = A_prev.shape[1]
        dZ = Y - AL if bug == "sign" else AL - Y
        if bug == "extra softmax derivative":
            dZ = (AL - Y) * AL * (1 - AL)
        if bug == "1/m on dZ":
            dZ = (AL - Y) / m
            return dZ, dZ @ A_prev.T, np.sum(dZ, axis=1, keepdims=True), W.T @ dZ
        dW = dZ @ A_prev.T / m
        if bug == "no 1/m":
            dW = dZ @ A_prev.T
        if bug == "1/m twice":
            dW = dZ @ A_prev.T / m / m
        if bug == "transpose":
            dW = A_prev @ dZ.T / m
        if bug == "m from rows":
            dW = dZ @ A_prev.T / A_prev.shape[0]
        if bug == "* for @":
            dW = dZ * A_prev.T / m
        db = np.sum(dZ, axis=1, keepdims=True) / m
        if bug == "axis 0":
            db = np.sum(dZ, axis=0, keepdims=True) / m
        if bug == "keepdims lost":
            db = np.sum(dZ, axis=1) / m
        dA_prev = W.T @ dZ
        if bug == "1/m on dA_prev":
            dA_prev = W.T @ dZ / m
        if bug == "dZ^T W":
            dA_prev = dZ.T @ W
        if bug == "order":
            return dW, dZ, db, dA_prev
        if bug == "three values":
            return dW, db, dA_prev
        if bug == "dict":
            return {"dZ": dZ, "dW": dW, "db": db, "dA_prev": dA_prev}
        if bug == "complex":
            return dZ, dW + 0j, db, dA_prev
        if bug == "sign and transpose":
            return -dZ, -dZ @ A_prev.T / m, -db, dA_prev.T
        return dZ, dW, db, dA_prev

    return output_backward


OUTPUT_BACKWARD = [
    ("dZ sign", _ob("sign"), "dZ:reversed:AL - Y"),
    ("extra softmax derivative", _ob("extra softmax derivative"), "dZ:extra-derivative"),
    ("1/m on dZ", _ob("1/m on dZ"), "dZ:1/m-in-dZ"),
    ("no 1/m", _ob("no 1/m"), "dW:missing:/m"),
    ("1/m twice", _ob("1/m twice"), "dW:twice:/m"),
    ("dW transpose", _ob("transpose"), "dW:transposed"),
    ("m from the wrong axis", _ob("m from rows"), "dW:m-from-rows:A_prev"),
    ("* for @ in dW", _ob("* for @"), "dW:*-for-@:dZ @ A_prev.T"),
    ("db over axis 0", _ob("axis 0"), "db:axis:0"),
    ("keepdims lost", _ob("keepdims lost"), "db:no-keepdims"),
    ("1/m on dA_prev", _ob("1/m on dA_prev"), "dA_prev:over:m"),
    ("dA_prev = dZ^T W", _ob("dZ^T W"), "dA_prev:transposed"),
    ("outputs in the wrong order", _ob("order"), "swapped"),
    ("three values", _ob("three values"), "returned"),
    ("a dict", _ob("dict"), "returned"),
    ("complex", _ob("complex"), "returned"),
    ("no return", lambda AL, Y, A_prev, W: None, "returned"),
    ("dZ sign, cascade", _ob("sign and transpose"), "dZ:sign"),
    (
        "dW from the sums of dZ and A_prev",
        lambda AL, Y, A_prev, W: (
            AL - Y,
            np.sum(AL - Y, axis=1, keepdims=True) @ np.sum(A_prev, axis=1, keepdims=True).T / A_prev.shape[1],
            np.sum(AL - Y, axis=1, keepdims=True) / A_prev.shape[1],
            W.T @ (AL - Y),
        ),
        "dW:sum-first:dZ @ A_prev.T",
    ),
]


# ---------------------------------------------------------------------------- lesson 01: a pair it did not derive


def se_right(AL, Y):
    dA = AL - Y
    return dA * AL * (1 - AL)


def se_multiply(AL, Y):
    return np.multiply(AL - Y, AL - AL**2)


def se_from_Z(AL, Y):
    Z = np.log(AL / (1 - AL))  # back to the logits, then the slope of the sigmoid there
    s = 1 / (1 + np.exp(-Z))
    return (s - Y) * s * (1 - s)


def _se(dZ):
    return lambda AL, Y: dZ(AL, Y, AL.shape[1])


SIGMOID_SQUARED_ERROR = [
    ("A - Y, as for cross-entropy", _se(lambda A, Y, m: A - Y), "dZ:cancelled"),
    ("Y - A", _se(lambda A, Y, m: (Y - A) * A * (1 - A)), "dA:reversed:AL - Y"),
    ("A(1 + A)", _se(lambda A, Y, m: (A - Y) * A * (1 + A)), "dZ:plus:AL"),
    ("1/m inside", _se(lambda A, Y, m: (A - Y) * A * (1 - A) / m), "dA:over:m"),
    ("the slope alone", _se(lambda A, Y, m: A * (1 - A)), "dZ:missing:dA"),
    ("tanh's slope", _se(lambda A, Y, m: (A - Y) * (1 - A**2)), "dZ:tanh-slope"),
    ("2(A - Y): the 1/2 of J not used", _se(lambda A, Y, m: 2 * (A - Y) * A * (1 - A)), "dA:times-2"),
    ("@ for *", _se(lambda A, Y, m: (A - Y) @ (A * (1 - A))), "dZ:@-for-*:dA * AL * (1 - AL)"),
    ("the library's output_backward", lambda AL, Y: bp.output_backward(AL, Y), "library-call"),
]


# ---------------------------------------------------------------------------- lesson 02: a graph of numbers


def gw_right(x, y, z):
    u = x * y
    v = max(u, z)
    s = v + x
    df = 1.0
    ds, dy = df * y, df * s
    dv, dx = ds, ds
    du = dv if u > z else 0.0
    dz = dv if z > u else 0.0
    dx += du * y
    dy += du * x
    return dx, dy, dz


def gw_dict(x, y, z):
    """A small walk over the nodes, each with its local derivatives, gradients added in a dict."""
    val = {"x": x, "y": y, "z": z}
    val["u"] = val["x"] * val["y"]
    val["v"] = max(val["u"], val["z"])
    val["s"] = val["v"] + val["x"]
    nodes = [  # (node, [(input, local derivative)]) from f down
        ("f", [("s", val["y"]), ("y", val["s"])]),
        ("s", [("v", 1.0), ("x", 1.0)]),
        ("v", [("u", float(val["u"] >= val["z"])), ("z", float(val["z"] > val["u"]))]),
        ("u", [("x", val["y"]), ("y", val["x"])]),
    ]
    grad = {"f": 1.0}
    for node, parts in nodes:
        for inp, local in parts:
            grad[inp] = grad.get(inp, 0.0) + grad[node] * local
    return grad["x"], grad["y"], grad["z"]


def gw_symbolic(x, y, z):
    """By branch: f = (x y + x) y = x y^2 + x y where x y > z, else f = (z + x) y."""
    if x * y > z:
        return y * y + y, 2 * x * y + x, 0.0
    return y, z + x, y


def _gw(bug):
    def graph_backward(x, y, z):
        u = x * y
        v = max(u, z)
        s = v + x
        df = s * y if bug == "seed" else 1.0
        ds, dy = df * y, df * s
        dv, dx = ds, ds
        if bug == "both":
            du, dz = dv, dv
        elif bug == "smaller":
            du, dz = (0.0, dv) if u > z else (dv, 0.0)
        else:
            du = dv if u > z else 0.0
            dz = dv if z > u else 0.0
        if bug == "overwrite x":
            dx = du * y
        elif bug == "own":
            dx += du * x
        elif bug == "no upstream":
            dx += y
        else:
            dx += du * y
        if bug == "overwrite y":
            dy = du * x
        elif bug == "own":
            dy += du * y
        else:
            dy += du * x
        if bug == "order":
            return dz, dx, dy
        return dx, dy, dz

    return graph_backward


def gw_numerical(x, y, z):
    def f(x, y, z):
        return (max(x * y, z) + x) * y

    e = 1e-6
    return (
        (f(x + e, y, z) - f(x - e, y, z)) / (2 * e),
        (f(x, y + e, z) - f(x, y - e, z)) / (2 * e),
        (f(x, y, z + e) - f(x, y, z - e)) / (2 * e),
    )


def gw_library(x, y, z):
    g = bp.chain.EXERCISE.backward({"x": x, "y": y, "z": z})
    return g["x"], g["y"], g["z"]


GRAPH_BACKWARD = [
    ("= where += belongs (x)", _gw("overwrite x"), "x:one-share:u"),
    ("= where += belongs (y)", _gw("overwrite y"), "y:one-share:u"),
    ("max to both", _gw("both"), "v:max-both"),
    ("max to the smaller", _gw("smaller"), "v:max-smaller"),
    ("product not swapped", _gw("own"), "u:own:x"),
    ("the upstream gradient forgotten", _gw("no upstream"), "u:no-upstream:x"),
    ("df = f", _gw("seed"), "seed-value"),
    ("another order", _gw("order"), "order:dz,dx,dy"),
    ("finite differences", gw_numerical, "numerical"),
    ("the library's walk", gw_library, "library-call"),
    ("forgot return", lambda x, y, z: None, "returned"),
    ("returns a dict", lambda x, y, z: {"dx": 0.0, "dy": 0.0, "dz": 0.0}, "returned"),
]


# ---------------------------------------------------------------------------- lesson 02: a tanh hidden layer


def hb_right(dA, Z, A_prev, W, g_prime):
    m = A_prev.shape[1]
    dZ = dA * g_prime(Z)
    dW = dZ @ A_prev.T / m
    db = np.sum(dZ, axis=1, keepdims=True) / m
    dA_prev = W.T @ dZ
    return dZ, dW, db, dA_prev


def hb_multiply(dA, Z, A_prev, W, g_prime):
    m = Z.shape[1]
    dZ = np.multiply(dA, g_prime(Z))
    return dZ, np.dot(dZ, A_prev.T) / m, np.mean(dZ, axis=1, keepdims=True), np.dot(W.T, dZ)


def hb_einsum(dA, Z, A_prev, W, g_prime):
    dZ = np.multiply(dA, g_prime(Z))
    m = Z.shape[1]
    return dZ, np.einsum("im,jm->ij", dZ, A_prev) / m, dZ.mean(axis=1, keepdims=True), np.einsum("ji,jm->im", W, dZ)


def hb_from_A(dA, Z, A_prev, W, g_prime):
    m = A_prev.shape[1]
    A = np.tanh(Z)
    dZ = dA * (1 - A**2)
    return dZ, dZ @ A_prev.T / m, np.sum(dZ, axis=1, keepdims=True) / m, W.T @ dZ


def _hb(bug):
    def hidden_backward(dA, Z, A_prev, W, g_prime):
        m = A_prev.shape[1]
        A = np.tanh(Z)
        dZ = {
            "no derivative": dA,
            "@ for *": lambda: dA @ g_prime(Z),
            "g' at A": lambda: dA * g_prime(A),
            "1 - A": lambda: dA * (1 - A),
            "times A": lambda: dA * A,
        }.get(bug, lambda: dA * g_prime(Z))
        dZ = dZ() if callable(dZ) else dZ
        dW = dZ @ A_prev.T / m if bug != "no 1/m" else dZ @ A_prev.T
        if bug == "transpose":
            dW = A_prev @ dZ.T / m
        db = np.sum(dZ, axis=1, keepdims=True) / m
        if bug == "axis 0":
            db = np.sum(dZ, axis=0, keepdims=True) / m
        dA_prev = W.T @ dZ
        if bug == "dA_prev from dA":
            dA_prev = W.T @ dA
        if bug == "1/m on dA_prev":
            dA_prev = W.T @ dZ / m
        if bug == "in place":
            dA *= g_prime(Z)
            dZ = dA
        return dZ, dW, db, dA_prev

    return hidden_backward


m = 6  # a notebook variable, read by the "global m" mistake below


def hb_global_m(dA, Z, A_prev, W, g_prime):
    dZ = dA * g_prime(Z)
    return dZ, dZ @ A_prev.T / m, np.sum(dZ, axis=1, keepdims=True) / m, W.T @ dZ


HIDDEN_BACKWARD = [
    ("no derivative", _hb("no derivative"), "dZ:missing:tanh'(Z)"),
    ("@ for *", _hb("@ for *"), "dZ:@-for-*:dA * tanh'(Z)"),
    ("g' at A", _hb("g' at A"), "dZ:Z->A"),
    ("1 - A", _hb("1 - A"), "dZ:tanh'~1 - tanh(Z)"),
    ("times A", _hb("times A"), "dZ:g-not-g':tanh"),
    ("no 1/m", _hb("no 1/m"), "dW:missing:/m"),
    ("dW transpose", _hb("transpose"), "dW:transposed"),
    ("db axis 0", _hb("axis 0"), "db:axis:0"),
    ("dA_prev from dA", _hb("dA_prev from dA"), "dA_prev:dZ->dA"),
    ("1/m on dA_prev", _hb("1/m on dA_prev"), "dA_prev:over:m"),
    ("m from a global", hb_global_m, "outside-variable"),
    ("tanh' written in, g_prime unused", hb_from_A, "probe:g_prime"),
    ("dA changed in place", _hb("in place"), "changed-input"),
]


# ---------------------------------------------------------------------------- lesson 03: ReLU


def rb_right(dA, Z):
    return dA * (Z > 0)


def rb_where(dA, Z):
    return np.where(Z > 0, dA, 0.0)


def rb_from_A(dA, Z):
    A = np.maximum(Z, 0)
    return np.multiply(dA, A > 0)


def rb_copy(dA, Z):
    dZ = dA.copy()
    dZ[Z <= 0] = 0
    return dZ


def rb_in_place(dA, Z):
    dA[Z <= 0] = 0
    return dA


RELU_BACKWARD = [
    ("no mask", lambda dA, Z: dA, "dZ:missing:relu'(Z)"),
    ("Z >= 0", lambda dA, Z: dA * (Z >= 0), "dZ:Z>=0"),
    ("times A", lambda dA, Z: dA * np.maximum(Z, 0), "dZ:g-not-g':relu"),
    ("mask from dA", lambda dA, Z: dA * (dA > 0), "dZ:mask-from-dA"),
    ("@ for *", lambda dA, Z: dA @ (Z > 0), "dZ:@-for-*:dA * relu'(Z)"),
    ("inverted mask", lambda dA, Z: dA * (Z < 0), "dZ:relu'~Z < 0"),
    ("mask alone", lambda dA, Z: Z > 0, "dZ:missing:dA"),
    ("sign", lambda dA, Z: -dA * (Z > 0), "dZ:sign"),
    ("dA changed in place", rb_in_place, "changed-input"),
    ("a generator", lambda dA, Z: (x for x in dA * (Z > 0)), "returned"),
    ("complex", lambda dA, Z: dA * (Z > 0) + 0j, "returned"),
]


def sp_right(dA, Z):
    return dA / (1 + np.exp(-Z))


def sp_exp_ratio(dA, Z):
    e = np.exp(Z)
    return dA * e / (1 + e)


def sp_tanh(dA, Z):
    return dA * 0.5 * (1 + np.tanh(Z / 2))  # sigmoid(z) written with tanh


SOFTPLUS_BACKWARD = [
    ("g itself", lambda dA, Z: dA * np.log(1 + np.exp(Z)), "dZ:g-not-g':softplus"),
    ("e^z alone", lambda dA, Z: dA * np.exp(Z), "dZ:softplus'~e^Z"),
    ("1 / (1 + e^z)", lambda dA, Z: dA / (1 + np.exp(Z)), "dZ:softplus'~1 / (1 + e^Z)"),
    ("1 / (1 + e^z)^2", lambda dA, Z: dA / (1 + np.exp(Z)) ** 2, "dZ:softplus'~1 / (1 + e^Z)^2"),
    ("the sigmoid's slope", lambda dA, Z: dA * np.exp(-Z) / (1 + np.exp(-Z)) ** 2, "dZ:softplus'->sigmoid'"),
    ("ReLU's mask: softplus is a smooth ReLU", lambda dA, Z: dA * (Z > 0), "dZ:softplus'->relu'"),
    ("the slope alone", lambda dA, Z: 1 / (1 + np.exp(-Z)), "dZ:missing:dA"),
    ("1/m inside", lambda dA, Z: dA / (1 + np.exp(-Z)) / Z.shape[1], "dZ:over:m"),
    ("@ for *", lambda dA, Z: dA @ (1 / (1 + np.exp(-Z))).T, "dZ:@-for-*:dA * softplus'(Z)"),
    ("the library's activation_backward", lambda dA, Z: bp.activation_backward(dA, Z, "sigmoid"), "library-call"),
]


# ---------------------------------------------------------------------------- lesson 04: db and dW by outer products


def bg_right(dZ):
    m = dZ.shape[1]
    return np.sum(dZ, axis=1, keepdims=True) / m


def bg_mean(dZ):
    return np.mean(dZ, axis=1, keepdims=True)


def bg_ones(dZ):
    return np.dot(dZ, np.ones((dZ.shape[1], 1))) / dZ.shape[1]


BIAS_GRADIENT = [
    ("no 1/m", lambda dZ: np.sum(dZ, axis=1, keepdims=True), "db:missing:/m"),
    ("1/m twice", lambda dZ: np.sum(dZ, axis=1, keepdims=True) / dZ.shape[1] ** 2, "db:twice:/m"),
    ("m from rows", lambda dZ: np.sum(dZ, axis=1, keepdims=True) / dZ.shape[0], "m:m-from-rows:dZ"),
    ("axis 0", lambda dZ: np.sum(dZ, axis=0, keepdims=True) / dZ.shape[1], "db:axis:0"),
    ("keepdims lost", lambda dZ: np.sum(dZ, axis=1) / dZ.shape[1], "db:no-keepdims"),
    ("not summed", lambda dZ: dZ / dZ.shape[1], "db:not-summed"),
    ("summed everything", lambda dZ: np.sum(dZ) / dZ.shape[1], "db:axis:None:no-keepdims"),
    ("mean over axis 0", lambda dZ: np.mean(dZ, axis=0), "db:axis:0:no-keepdims"),
    ("sign", lambda dZ: -np.mean(dZ, axis=1, keepdims=True), "db:sign"),
    ("a tuple", lambda dZ: (np.mean(dZ, axis=1, keepdims=True),), "returned"),
    ("the first example's", lambda dZ: dZ[:, 0:1] / dZ.shape[1], "db:first:1"),
    ("the whole sum in every unit", lambda dZ: np.full((dZ.shape[0], 1), dZ.sum() / dZ.shape[1]), "db:axis:all-filled"),
]


def outer_right(dZ, A_prev):
    m = dZ.shape[1]
    dW = np.zeros((dZ.shape[0], A_prev.shape[0]))
    for i in range(m):
        dW += np.outer(dZ[:, i], A_prev[:, i])
    return dW / m


def outer_columns(dZ, A_prev):
    m = dZ.shape[1]
    total = 0
    for i in range(m):
        total = total + dZ[:, [i]] @ A_prev[:, [i]].T
    return total / m


def outer_np_dot_columns(dZ, A_prev):
    m = dZ.shape[1]
    dW = np.zeros((dZ.shape[0], A_prev.shape[0]))
    for i in range(m):
        dW = dW + np.dot(dZ[:, i : i + 1], A_prev[:, i : i + 1].T) / m
    return dW


def ng_flat(J, theta, eps):
    grad = np.zeros_like(theta)
    for k in range(theta.size):
        old = theta.flat[k]
        theta.flat[k] = old + eps
        up = J(theta)
        theta.flat[k] = old - eps
        down = J(theta)
        theta.flat[k] = old
        grad.flat[k] = (up - down) / (2 * eps)
    return grad


# Not right for these exercises: the loop exercise asks for the loop, the numerical one for the formula
CHEATS = [
    ("check_dW_by_outer_products", "einsum", lambda dZ, A_prev: np.einsum("ij,kj->ik", dZ, A_prev) / dZ.shape[1]),
    (
        "check_dW_by_outer_products",
        "a loop around the product",
        lambda dZ, A_prev: [dZ @ A_prev.T / dZ.shape[1] for _ in range(1)][0],
    ),
    ("check_dW_by_outer_products", "ndarray.dot", lambda dZ, A_prev: dZ.dot(A_prev.T) / dZ.shape[1]),
]


def outer_einsum(dZ, A_prev):
    return np.einsum("ki,ji->kj", dZ, A_prev) / dZ.shape[1]


def _outer(bug):
    def dW_by_outer_products(dZ, A_prev):
        m = dZ.shape[1]
        dW = np.zeros((A_prev.shape[0], dZ.shape[0])) if bug == "order" else np.zeros((dZ.shape[0], A_prev.shape[0]))
        for i in range(m):
            if bug == "order":
                dW += np.outer(A_prev[:, i], dZ[:, i])
            elif bug == "overwrite":
                dW = np.outer(dZ[:, i], A_prev[:, i])
            elif bug == "*":
                dW = dW + dZ[:, i] * A_prev[:, i]
            elif bug == "inner":
                dW = dW + dZ[:, i] @ A_prev[:, i]
            else:
                dW += np.outer(dZ[:, i], A_prev[:, i])
        if bug == "sum":
            return dW
        if bug == "m from rows":
            return dW / dZ.shape[0]
        if bug == "twice":
            return dW / m / m
        if bug == "overwrite":
            return dW
        if bug == "infinite":
            while True:
                pass
        return dW / m

    return dW_by_outer_products


OUTER_PRODUCTS = [
    ("summed, not averaged", _outer("sum"), "dW:missing:/m"),
    ("outer products in the wrong order", _outer("order"), "dW:transposed"),
    ("last example only", _outer("overwrite"), "dW:last-only-no-1/m"),
    ("* instead of outer", _outer("*"), "dW:elementwise-broadcast"),
    ("inner instead of outer", _outer("inner"), "dW:inner"),
    ("m from rows", _outer("m from rows"), "m:m-from-rows:dZ"),
    ("1/m twice", _outer("twice"), "dW:twice:/m"),
    ("infinite loop", _outer("infinite"), "timeout"),
    ("sign", lambda dZ, A_prev: -outer_right(dZ, A_prev), "static"),
]


# ---------------------------------------------------------------------------- lesson 05: the 2-layer network


def tl_right(params, cache, X, Y):
    m = X.shape[1]
    A1, A2 = cache["A1"], cache["A2"]
    dZ2 = A2 - Y
    dW2 = dZ2 @ A1.T / m
    db2 = np.sum(dZ2, axis=1, keepdims=True) / m
    dZ1 = (params["W2"].T @ dZ2) * (1 - A1**2)
    dW1 = dZ1 @ X.T / m
    db1 = np.sum(dZ1, axis=1, keepdims=True) / m
    return {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}


def tl_dot(params, cache, X, Y):
    m = Y.shape[1]
    dZ2 = cache["A2"] - Y
    dZ1 = np.multiply(np.dot(params["W2"].T, dZ2), 1 - np.tanh(cache["Z1"]) ** 2)
    return {
        "dW2": np.dot(dZ2, cache["A1"].T) / m,
        "db2": np.mean(dZ2, axis=1, keepdims=True),
        "dW1": np.dot(dZ1, X.T) / m,
        "db1": np.mean(dZ1, axis=1, keepdims=True),
        "dZ1": dZ1,
    }


def tl_from_Z(params, cache, X, Y):
    m = X.shape[1]
    grads = {}
    dZ = cache["A2"] - Y
    for l, A_prev in ((2, cache["A1"]), (1, X)):
        if l == 1:
            dZ = (params["W2"].T @ dZ) / np.cosh(cache["Z1"]) ** 2
        grads[f"dW{l}"] = dZ @ A_prev.T / m
        grads[f"db{l}"] = dZ.sum(axis=1, keepdims=True) / m
    return grads


def _tl(bug):
    def two_layer_backward(params, cache, X, Y):
        m = X.shape[1]
        A1, A2 = cache["A1"], cache["A2"]
        dZ2 = A2 - Y
        if bug == "sign":
            dZ2 = Y - A2
        if bug == "extra sigmoid derivative":
            dZ2 = (A2 - Y) * A2 * (1 - A2)
        dW2 = dZ2 @ A1.T / m
        db2 = np.sum(dZ2, axis=1, keepdims=True) / m
        dA1 = params["W2"].T @ dZ2
        dZ1 = dA1 * (1 - A1**2)
        if bug == "1 - A1":
            dZ1 = dA1 * (1 - A1)
        if bug == "no derivative":
            dZ1 = dA1
        if bug == "g' at A":
            dZ1 = dA1 * (1 - np.tanh(A1) ** 2)
        if bug == "@ for *":
            dZ1 = dA1 @ (1 - A1**2)
        dW1 = dZ1 @ X.T / m
        if bug == "no 1/m in dW1":
            dW1 = dZ1 @ X.T
        if bug == "dW1 transpose":
            dW1 = X @ dZ1.T / m
        db1 = np.sum(dZ1, axis=1, keepdims=True) / m
        if bug == "db1 axis 0":
            db1 = np.sum(dZ1, axis=0, keepdims=True) / m
        grads = {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}
        if bug == "key dw1":
            grads["dw1"] = grads.pop("dW1")
        if bug == "key W1":
            grads["W1"] = grads.pop("dW1")
        if bug == "missing db1":
            del grads["db1"]
        if bug == "zero params":
            for v in params.values():
                v[...] = 0
        if bug == "no return":
            return None
        return grads

    return two_layer_backward


TWO_LAYER_BACKWARD = [
    ("dZ2 sign", _tl("sign"), "dZ[L]:reversed:A2 - Y"),
    ("extra sigmoid derivative", _tl("extra sigmoid derivative"), "dZ[L]:extra-derivative"),
    ("1 - A1", _tl("1 - A1"), "dZ1:1-A1"),
    ("no derivative", _tl("no derivative"), "dZ[l]:missing:tanh'(Z1)"),
    ("g' at A", _tl("g' at A"), "dZ[l]:Z1->A1"),
    ("@ for *", _tl("@ for *"), "dZ[l]:@-for-*:dA1 * tanh'(Z1)"),
    ("no 1/m in dW1", _tl("no 1/m in dW1"), "dW[l]:missing:/m"),
    ("dW1 transpose", _tl("dW1 transpose"), "dW[l]:transposed"),
    ("db1 axis 0", _tl("db1 axis 0"), "db[l]:axis:0"),
    ("key dw1", _tl("key dw1"), "returned"),
    ("key W1", _tl("key W1"), "returned"),
    ("missing db1", _tl("missing db1"), "returned"),
    ("params zeroed", _tl("zero params"), "changed-input"),
    ("no return", _tl("no return"), "returned"),
    ("a list", lambda params, cache, X, Y: list(tl_right(params, cache, X, Y).values()), "returned"),
]


def rs_right(params, cache, X, Y):
    m = X.shape[1]
    dZ2 = cache["A2"] - Y
    dZ1 = (params["W2"].T @ dZ2) * (cache["Z1"] > 0)
    return {
        "dW2": dZ2 @ cache["A1"].T / m,
        "db2": dZ2.mean(axis=1, keepdims=True),
        "dW1": dZ1 @ X.T / m,
        "db1": dZ1.mean(axis=1, keepdims=True),
    }


def rs_where(params, cache, X, Y):
    m = X.shape[1]
    dZ2 = cache["A2"] - Y
    dZ1 = np.where(cache["Z1"] > 0, params["W2"].T @ dZ2, 0.0)
    return {"dW1": dZ1 @ X.T / m, "db1": dZ1.sum(1, keepdims=True) / m, "dW2": dZ2 @ cache["A1"].T / m,
            "db2": dZ2.sum(1, keepdims=True) / m}  # fmt: skip


def rs_from_A(params, cache, X, Y):
    m = X.shape[1]
    dZ2 = cache["A2"] - Y
    dZ1 = (params["W2"].T @ dZ2) * (cache["A1"] > 0)  # A1 > 0 exactly where Z1 > 0
    return {"dW1": np.dot(dZ1, X.T) / m, "db1": np.sum(dZ1, axis=1, keepdims=True) / m,
            "dW2": np.dot(dZ2, cache["A1"].T) / m, "db2": np.sum(dZ2, axis=1, keepdims=True) / m}  # fmt: skip


def _rs(dZ1_of, extra2=lambda A2: 1):
    def relu_softmax_backward(params, cache, X, Y):
        m = X.shape[1]
        dZ2 = (cache["A2"] - Y) * extra2(cache["A2"])
        dA1 = params["W2"].T @ dZ2
        dZ1 = dZ1_of(dA1, cache)
        return {"dW1": dZ1 @ X.T / m, "db1": np.sum(dZ1, axis=1, keepdims=True) / m,
                "dW2": dZ2 @ cache["A1"].T / m, "db2": np.sum(dZ2, axis=1, keepdims=True) / m}  # fmt: skip

    return relu_softmax_backward


def rs_db1_all(params, cache, X, Y):
    grads = rs_right(params, cache, X, Y)
    dZ1 = (params["W2"].T @ (cache["A2"] - Y)) * (cache["Z1"] > 0)
    grads["db1"] = np.sum(dZ1, axis=0, keepdims=True) / X.shape[1]  # summed over the units: one per example
    return grads


RELU_SOFTMAX_BACKWARD = [
    ("tanh's slope kept from the lesson", _rs(lambda dA1, c: dA1 * (1 - c["A1"] ** 2)), "dZ[l]:relu'->from-A:tanh@A1"),
    ("no mask", _rs(lambda dA1, c: dA1), "dZ[l]:missing:relu'(Z1)"),
    ("mask Z1 >= 0", _rs(lambda dA1, c: dA1 * (c["Z1"] >= 0)), "dZ[l]:Z>=0"),
    ("A1 itself for the mask", _rs(lambda dA1, c: dA1 * c["A1"]), "dZ[l]:g-not-g':relu"),
    ("db1 summed over the units", rs_db1_all, "db[l]:axis:0"),
    (
        "the sigmoid's slope at the output",
        _rs(lambda dA1, c: dA1 * (c["Z1"] > 0), lambda A2: A2 * (1 - A2)),
        "dZ[L]:extra-derivative",
    ),
    ("@ for the mask", _rs(lambda dA1, c: dA1 @ (c["Z1"] > 0).T), "dZ[l]:@-for-*:dA1 * relu'(Z1)"),
    ("the mask reversed", _rs(lambda dA1, c: dA1 * (c["Z1"] < 0)), "dZ[l]:relu'~Z < 0"),
    ("the library's backward", lambda params, cache, X, Y: bp.backward(cache["A2"], Y, []), "library-call"),
]


# ---------------------------------------------------------------------------- lesson 07: L layers, update


def Lb_right(AL, Y, caches):
    grads = {}
    L = len(caches)
    dZ = AL - Y
    for cache in reversed(caches):
        l, m = cache.l, cache.A_prev.shape[1]
        if l < L:
            dZ = grads[f"dA{l}"] * (cache.Z > 0)
        grads[f"dZ{l}"] = dZ
        grads[f"dW{l}"] = dZ @ cache.A_prev.T / m
        grads[f"db{l}"] = np.sum(dZ, axis=1, keepdims=True) / m
        grads[f"dA{l - 1}"] = cache.W.T @ dZ
    return grads


def Lb_dot(AL, Y, caches):
    grads = {}
    dA = None
    for cache in caches[::-1]:
        l = cache.l
        dZ = np.subtract(AL, Y) if dA is None else np.multiply(dA, cache.A > 0)
        grads["dW" + str(l)] = np.dot(dZ, cache.A_prev.T) / Y.shape[1]
        grads["db" + str(l)] = np.mean(dZ, axis=1, keepdims=True)
        dA = np.dot(cache.W.T, dZ)
    return grads


def Lb_where(AL, Y, caches):
    grads = {}
    dZ = AL - Y
    for l in range(len(caches), 0, -1):
        A_prev, W, b, Z, A, _ = caches[l - 1][1:]
        grads[f"dW{l}"] = dZ @ A_prev.T / Z.shape[1]
        grads[f"db{l}"] = dZ.mean(axis=1, keepdims=True)
        if l > 1:
            dZ = np.where(caches[l - 2].Z > 0, W.T @ dZ, 0)
    return grads


def _Lb(bug):
    def backward(AL, Y, caches):
        grads = {}
        L = len(caches)
        dZ = AL - Y if bug != "sign" else Y - AL
        if bug == "extra softmax derivative":
            dZ = (AL - Y) * AL * (1 - AL)
        for cache in reversed(caches):
            l, m = cache.l, cache.A_prev.shape[1]
            if l < L:
                dA = grads[f"dA{l}"]
                dZ = dA * (cache.Z > 0)
                if bug == "Z >= 0" and l == 1:
                    dZ = dA * (cache.Z >= 0)
                if bug == "mask from dA" and l == 2:
                    dZ = dA * (dA > 0)
                if bug == "no mask" and l == 1:
                    dZ = dA
                if bug == "@ for *" and l == 2:
                    dZ = dA @ (cache.Z > 0)
            grads[f"dW{l}"] = dZ @ cache.A_prev.T / m
            if bug == "no 1/m" and l == 2:
                grads[f"dW{l}"] = dZ @ cache.A_prev.T
            if bug == "transpose" and l == 1:
                grads[f"dW{l}"] = cache.A_prev @ dZ.T / m
            grads[f"db{l}"] = np.sum(dZ, axis=1, keepdims=True) / m
            if bug == "keepdims" and l == 3:
                grads[f"db{l}"] = np.sum(dZ, axis=1) / m
            grads[f"dA{l - 1}"] = cache.W.T @ (dA if bug == "dA from dA" and l == 2 else dZ)
        if bug == "misnamed":
            grads["db_2"] = grads.pop("db2")
        if bug == "dA from dA, no dA":
            return {k: v for k, v in _Lb("dA from dA")(AL, Y, caches).items() if k[:2] in ("dW", "db")}
        return grads

    return backward


def Lb_forward_order(AL, Y, caches):
    """The caches as they come, layer 1 first, the gradient carried in a variable."""
    grads, m, dA = {}, AL.shape[1], None
    for cache in caches:
        dZ = AL - Y if dA is None else dA * (cache.Z > 0)
        grads[f"dW{cache.l}"] = dZ @ cache.A_prev.T / m
        grads[f"db{cache.l}"] = np.sum(dZ, axis=1, keepdims=True) / m
        dA = cache.W.T @ dZ
    return grads


def Lb_cache_above(AL, Y, caches):
    """The output layer written apart, then caches[l] for hidden layer l."""
    L, m = len(caches), AL.shape[1]
    dZ = AL - Y
    grads = {f"dW{L}": dZ @ caches[-1].A_prev.T / m, f"db{L}": dZ.sum(axis=1, keepdims=True) / m}
    grads[f"dA{L - 1}"] = caches[-1].W.T @ dZ
    for l in range(L - 1, 0, -1):
        c = caches[l]
        dZ = grads[f"dA{l}"] * (c.Z > 0)
        grads[f"dW{l}"] = dZ @ c.A_prev.T / m
        grads[f"db{l}"] = dZ.sum(axis=1, keepdims=True) / m
        grads[f"dA{l - 1}"] = c.W.T @ dZ
    return grads


def _Lb_loop(bug):
    """The lesson's loop with its indices written wrong."""

    def backward(AL, Y, caches):
        L, m = len(caches), AL.shape[1]
        grads, dZ = {}, AL - Y
        for l in range(L, 0, -1):
            c = caches[{"cache below": l - 2, "from the end": -l}.get(bug, l - 1)]
            if l < L:
                new = grads[f"dA{l + 1}" if bug == "dA one up" else f"dA{l}"] * (c.Z > 0)
                if bug != "stale dZ":
                    dZ = new
            grads[f"dW{l}"] = dZ @ c.A_prev.T / m
            grads[f"db{l}"] = np.sum(dZ, axis=1, keepdims=True) / m
            grads[f"dA{l}" if bug == "dA one up" else f"dA{l - 1}"] = c.W.T @ dZ
        return grads

    return backward


L_LAYER_BACKWARD = [
    ("dZ3 sign", _Lb("sign"), "dZ[L]:reversed:A3 - Y"),
    ("extra softmax derivative", _Lb("extra softmax derivative"), "dZ[L]:extra-derivative"),
    ("Z >= 0 in layer 1", _Lb("Z >= 0"), "dZ[l]:Z>=0"),
    ("mask from dA", _Lb("mask from dA"), "dZ[l]:Z2->dA2"),
    ("no mask in layer 1", _Lb("no mask"), "dZ[l]:missing:relu'(Z1)"),
    ("@ for *", _Lb("@ for *"), "dZ[l]:@-for-*:dA2 * relu'(Z2)"),
    ("no 1/m in dW2", _Lb("no 1/m"), "dW[l]:missing:/m"),
    ("dW1 transpose", _Lb("transpose"), "dW[l]:transposed"),
    ("db3 keepdims lost", _Lb("keepdims"), "db[l]:no-keepdims"),
    ("dA1 from dA2", _Lb("dA from dA"), "dA[l-1]:dZ2->dA2"),
    ("dA1 from dA2, no dA keys", _Lb("dA from dA, no dA"), "dA[l-1]:dZ2->dA2"),
    ("misnamed key", _Lb("misnamed"), "returned"),
    ("a tuple", lambda AL, Y, caches: tuple(Lb_right(AL, Y, caches).values()), "returned"),
    ("layer 1 first", Lb_forward_order, "loop:up"),
    ("caches[l] below the top", Lb_cache_above, "loop:cache-above"),
    ("caches[l - 2]", _Lb_loop("cache below"), "loop:cache-below"),
    ("caches[-l]", _Lb_loop("from the end"), "loop:cache-from-end"),
    ("dA keys one layer up", _Lb_loop("dA one up"), "loop:dA-up"),
    ("the new dZ never used", _Lb_loop("stale dZ"), "loop:stale-dZ"),
]


def up_right(params, grads, learning_rate):
    return {key: value - learning_rate * grads["d" + key] for key, value in params.items()}


def up_loop(params, grads, learning_rate):
    new_params = {}
    for key in params:
        new_params[key] = params[key] - np.multiply(learning_rate, grads["d" + key])
    return new_params


def up_copy(params, grads, learning_rate):
    new_params = {key: value.copy() for key, value in params.items()}
    for key in new_params:
        new_params[key] -= learning_rate * grads["d" + key]
    return new_params


def up_in_place(params, grads, learning_rate):
    for key in params:
        params[key] -= learning_rate * grads["d" + key]
    return params


def up_zero_grads(params, grads, learning_rate):
    new = {key: value - learning_rate * grads["d" + key] for key, value in params.items()}
    for g in grads.values():
        g[...] = 0
    return new


def up_empty_params(params, grads, learning_rate):
    new = {key: value - learning_rate * grads["d" + key] for key, value in params.items()}
    params.clear()
    return new


learning_rate = 0.5  # a notebook variable


def up_global_lr(params, grads, lr):
    return {key: value - learning_rate * grads["d" + key] for key, value in params.items()}


UPDATE = [
    (
        "uphill",
        lambda p, g, lr: {k: v + lr * g["d" + k] for k, v in p.items()},
        "W := W - alpha dW:plus:learning_rate * dW1:every-layer",
    ),
    (
        "learning rate left out",
        lambda p, g, lr: {k: v - g["d" + k] for k, v in p.items()},
        "W := W - alpha dW:missing:learning_rate:every-layer",
    ),
    ("global learning rate", up_global_lr, "outside-variable"),
    ("in place", up_in_place, "changed-input"),
    ("grads zeroed", up_zero_grads, "changed-input"),
    ("params emptied", up_empty_params, "changed-input"),
    (
        "b not updated",
        lambda p, g, lr: {k: v - lr * g["d" + k] if k[0] == "W" else v for k, v in p.items()},
        "W := W - alpha dW:missing:-learning_rate * db1",
    ),
    ("grads keys", lambda p, g, lr: {"d" + k: v - lr * g["d" + k] for k, v in p.items()}, "returned"),
    ("a list", lambda p, g, lr: [v - lr * g["d" + k] for k, v in p.items()], "returned"),
    ("no return", lambda p, g, lr: None, "returned"),
    ("wrong key looked up", lambda p, g, lr: {k: v - lr * g[k] for k, v in p.items()}, "raised:key"),
]


# ---------------------------------------------------------------------------- lesson 06: central differences


def ng_right(J, theta, eps):
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


def ng_copies(J, theta, eps):
    grad = np.zeros(theta.shape)
    for i in np.ndindex(theta.shape):
        e = np.zeros(theta.shape)
        e[i] = eps
        grad[i] = (J(theta + e) - J(theta - e)) / (2 * eps)
    return grad


def _ng(bug):
    def numerical_gradient(J, theta, eps):
        grad = np.zeros_like(theta)
        if bug == "all at once":
            return grad + (J(theta + eps) - J(theta - eps)) / (2 * eps)
        for i in np.ndindex(theta.shape):
            old = theta[i]
            theta[i] = old + eps
            J_plus = J(theta)
            theta[i] = old - eps
            J_minus = J(theta)
            if bug != "not restored":
                theta[i] = old
            if bug == "one-sided":
                theta[i] = old
                J_minus = J(theta)
                grad[i] = (J_plus - J_minus) / eps
                continue
            grad[i] = (J_plus - J_minus) / (eps if bug == "eps" else 2 * eps)
            if bug == "sign":
                grad[i] = -grad[i]
            if bug == "no division":
                grad[i] = J_plus - J_minus
        return grad

    return numerical_gradient


def ng_own_eps(J, theta, eps):
    return ng_right(J, theta, 1e-2)


def ng_forever(J, theta, eps):
    i = 0
    while i < theta.size:
        theta.flat[i] += 0.0
    return theta


NUMERICAL_GRADIENT = [
    ("divided by eps", _ng("eps"), "grad:missing:2"),
    ("one-sided", _ng("one-sided"), "grad:Jminus->J0"),
    ("every entry at once", _ng("all at once"), "grad:all-at-once"),
    ("theta not restored", _ng("not restored"), "changed-input"),
    ("sign", _ng("sign"), "grad:reversed:Jplus - Jminus"),
    ("no division", _ng("no division"), "grad:missing:/2 * eps"),
    ("own eps", ng_own_eps, "grad:own-eps"),
    ("infinite loop", ng_forever, "timeout"),
    ("returns a scalar", lambda J, theta, eps: (J(theta + eps) - J(theta - eps)) / (2 * eps), "grad:shape"),
]

# ---------------------------------------------------------------------------- lesson 06: the mystery bug


def mr_right(AL, Y, caches):
    grads = bp.exercises.mystery_backward(AL, Y, caches)
    L, m = len(caches), Y.shape[1]
    for l in range(1, L):
        grads[f"dW{l}"] = grads[f"dW{l}"] * float(m) ** (L - l)
        grads[f"db{l}"] = grads[f"db{l}"] * float(m) ** (L - l)
    return grads


def mr_running(AL, Y, caches):
    grads = bp.exercises.mystery_backward(AL, Y, caches)
    factor = 1.0
    for l in range(len(caches) - 1, 0, -1):
        factor *= AL.shape[1]
        grads["dW" + str(l)] = factor * grads["dW" + str(l)]
        grads["db" + str(l)] = factor * grads["db" + str(l)]
    return grads


def mr_own(AL, Y, caches):
    """Written again from scratch, from the tanh caches: passes, the diagnosis aside."""
    L, m = len(caches), Y.shape[1]
    grads, dZ = {}, AL - Y
    for l in range(L, 0, -1):
        c = caches[l - 1]
        grads[f"dW{l}"] = dZ @ c.A_prev.T / m
        grads[f"db{l}"] = dZ.sum(axis=1, keepdims=True) / m
        if l > 1:
            dZ = (c.W.T @ dZ) * (1 - caches[l - 2].A ** 2)
    return grads


def _mr(bug):
    def fixed_backward(AL, Y, caches):
        grads = bp.exercises.mystery_backward(AL, Y, caches)
        L, m = len(caches), Y.shape[1]
        for l in range(1, L):
            factor = {
                "hard-coded": {1: 36.0, 2: 6.0}.get(l, 1.0),
                "once": m,
                "linear": m * (L - l),
                "one layer": m if l == L - 1 else 1.0,
                "divided": 1 / float(m) ** (L - l),
                "off by one": float(m) ** (L - l + 1),
                "dW only": float(m) ** (L - l),
            }[bug]
            grads[f"dW{l}"] = grads[f"dW{l}"] * factor
            if bug != "dW only":
                grads[f"db{l}"] = grads[f"db{l}"] * factor
        return grads

    return fixed_backward


MYSTERY_REPAIR = [
    ("numbers read off one network", _mr("hard-coded"), "mystery:factor"),
    ("m once per layer", _mr("once"), "dA[l-1]:over:m"),
    ("m times the layers below", _mr("linear"), "mystery:factor"),
    ("layer 2 only", _mr("one layer"), "mystery:factor"),
    ("divided instead", _mr("divided"), "mystery:factor"),
    ("one power too many", _mr("off by one"), "dA[l-1]:times:m"),
    ("dW repaired, db not", _mr("dW only"), "mystery:factor"),
    ("unrepaired", lambda AL, Y, caches: bp.exercises.mystery_backward(AL, Y, caches), "mystery:unrepaired"),
    ("the library's backward", lambda AL, Y, caches: bp.backward(AL, Y, caches), "library-call"),
]


# ---------------------------------------------------------------------------- lesson 08: a network from scratch


def ih_right(layer_dims, rng):
    params = {}
    for l in range(1, len(layer_dims)):
        params[f"W{l}"] = rng.standard_normal((layer_dims[l], layer_dims[l - 1])) * np.sqrt(2 / layer_dims[l - 1])
        params[f"b{l}"] = np.zeros((layer_dims[l], 1))
    return params


def ih_normal(layer_dims, rng):
    params = {}
    for l, (n_prev, n) in enumerate(zip(layer_dims[:-1], layer_dims[1:], strict=True), start=1):
        params["W" + str(l)] = rng.normal(0.0, np.sqrt(2.0 / n_prev), size=(n, n_prev))
        params["b" + str(l)] = np.zeros((n, 1))
    return params


def ih_divide(layer_dims, rng):
    params = {}
    for l in range(1, len(layer_dims)):
        params[f"W{l}"] = rng.standard_normal((layer_dims[l], layer_dims[l - 1])) / np.sqrt(layer_dims[l - 1] / 2)
        params[f"b{l}"] = np.zeros(layer_dims[l])[:, None]
    return params


def _ih(scale=lambda p, n: np.sqrt(2 / p), b=None, shape=None, draw=None):
    def init_params(layer_dims, rng):
        params = {}
        for l in range(1, len(layer_dims)):
            p, n = layer_dims[l - 1], layer_dims[l]
            G = draw((n, p)) if draw else rng.standard_normal(shape(n, p) if shape else (n, p))
            params[f"W{l}"] = G * scale(p, n)
            params[f"b{l}"] = b(rng, n) if b else np.zeros((n, 1))
        return params

    return init_params


INIT_HE = [
    ("LeCun's scale", _ih(scale=lambda p, n: np.sqrt(1 / p)), "W[l]:scale-sqrt(1 / n[l-1])"),
    ("Xavier's scale", _ih(scale=lambda p, n: np.sqrt(2 / (p + n))), "W[l]:scale-sqrt(2 / (n[l-1] + n[l]))"),
    ("n[l] for n[l-1]", _ih(scale=lambda p, n: np.sqrt(2 / n)), "W[l]:scale-sqrt(2 / n[l])"),
    ("variance as std", _ih(scale=lambda p, n: 2 / p), "W[l]:scale-2 / n[l-1]"),
    ("0.01", _ih(scale=lambda p, n: 0.01), "W[l]:scale-0.01"),
    ("no scale", _ih(scale=lambda p, n: 1.0), "W[l]:scale-1"),
    ("a new generator", _ih(draw=lambda shape: np.random.default_rng().standard_normal(shape)), "W[l]:other-draws"),
    ("random b", _ih(b=lambda rng, n: 0.01 * rng.standard_normal((n, 1))), "b[l]:random"),
    ("W transposed", _ih(shape=lambda n, p: (p, n)), "W1:reshaped"),
    ("only two layers", lambda layer_dims, rng: ih_right(layer_dims[:3], rng), "probe:depth-4"),
    ("a list", lambda layer_dims, rng: list(ih_right(layer_dims, rng).values()), "returned"),
]


def sc_right(ZL, Y):
    shifted = ZL - np.max(ZL, axis=0, keepdims=True)
    log_AL = shifted - np.log(np.sum(np.exp(shifted), axis=0, keepdims=True))
    return np.exp(log_AL), -np.sum(Y * log_AL) / ZL.shape[1]


def sc_logaddexp(ZL, Y):
    lse = np.logaddexp.reduce(ZL, axis=0, keepdims=True)
    return np.exp(ZL - lse), float(np.mean(-np.sum(Y * (ZL - lse), axis=0)))


def sc_divide(ZL, Y):
    E = np.exp(ZL - ZL.max(axis=0))
    S = E.sum(axis=0)
    return E / S, -(Y * (ZL - ZL.max(axis=0) - np.log(S))).sum() / Y.shape[1]


def _sc(bug):
    def softmax_cross_entropy(ZL, Y):
        m = ZL.shape[1]
        if bug == "naive":
            A = np.exp(ZL) / np.sum(np.exp(ZL), axis=0, keepdims=True)
            return A, -np.sum(Y * np.log(A)) / m
        if bug == "global max":
            E = np.exp(ZL - np.max(ZL))
            A = E / np.sum(E, axis=0, keepdims=True)
            return A, -np.sum(Y * np.log(A)) / m
        shifted = ZL - np.max(ZL, axis=0, keepdims=True)
        A = np.exp(shifted) / np.sum(np.exp(shifted), axis=0, keepdims=True)
        log_A = shifted - np.log(np.sum(np.exp(shifted), axis=0, keepdims=True))
        if bug == "log of A":
            return A, -np.sum(Y * np.log(A)) / m
        if bug == "no 1/m":
            return A, -np.sum(Y * log_A)
        if bug == "mean":
            return A, -np.mean(Y * log_A)
        if bug == "plus":
            return A, np.sum(Y * log_A) / m
        if bug == "rows":
            R = np.exp(ZL - ZL.max(axis=1, keepdims=True))
            return R / R.sum(axis=1, keepdims=True), -np.sum(Y * log_A) / m
        if bug == "binary":
            return A, -np.sum(Y * log_A + (1 - Y) * np.log(1 - A)) / m
        if bug == "swapped":
            return -np.sum(Y * log_A) / m, A
        raise ValueError(bug)

    return softmax_cross_entropy


SOFTMAX_CROSS_ENTROPY = [
    ("no shift", _sc("naive"), "probe:overflow"),
    ("one max for the matrix", _sc("global max"), "probe:one-max"),
    ("log of A", _sc("log of A"), "probe:log-of-zero"),
    ("no 1/m", _sc("no 1/m"), "J:missing:/m"),
    ("np.mean", _sc("mean"), "J:mean-of-all"),
    ("sign", _sc("plus"), "J:sign"),
    ("softmax over rows", _sc("rows"), "AL:rows"),
    ("binary cross-entropy", _sc("binary"), "J:binary"),
    ("J and A swapped", _sc("swapped"), "swapped"),
]


def fp_right(X, params):
    L = len(params) // 2
    A, caches = X, []
    for l in range(1, L + 1):
        Z = params[f"W{l}"] @ A + params[f"b{l}"]
        caches.append((A, Z))
        A = np.maximum(0, Z) if l < L else Z
    return A, caches


def fp_two_loops(X, params):
    L = len(params) // 2
    caches, A_prev = [], X
    for l in range(1, L):
        Z = np.dot(params["W" + str(l)], A_prev) + params["b" + str(l)]
        caches.append([A_prev, Z])
        A_prev = Z * (Z > 0)
    ZL = np.dot(params["W" + str(L)], A_prev) + params["b" + str(L)]
    caches.append([A_prev, ZL])
    return ZL, caches


def fp_where(X, params):
    caches, A = [], X
    keys = sorted(k for k in params if k.startswith("W"))
    for i, key in enumerate(keys, start=1):
        Z = params[key] @ A + params["b" + key[1:]]
        caches.append((A, Z))
        A = np.where(Z > 0, Z, 0.0) if i < len(keys) else Z
    return A, caches


def _fp(bug):
    def forward(X, params):
        if bug == "two layers":
            return fp_right(X, {k: params[k] for k in ("W1", "b1", "W2", "b2")})
        L = len(params) // 2
        A, caches = X, []
        for l in range(1, L + 1):
            W, b = params[f"W{l}"], params[f"b{l}"]
            if bug == "W^T":
                Z = W.T @ A + b
            elif bug == "no b":
                Z = W @ A
            elif bug == "b summed":
                Z = W @ A + b.sum()
            else:
                Z = W @ A + b
            last = l == L
            A_new = np.maximum(0, Z) if (not last or bug == "relu on top") else Z
            if bug == "softmax on top" and last:
                A_new = np.exp(Z - Z.max(0)) / np.exp(Z - Z.max(0)).sum(0)
            if bug == "tanh":
                A_new = np.tanh(Z) if not last else Z
            caches.append((A_new, Z) if bug == "cache A" else (A, Z))
            A = A_new
        return A, caches

    return forward


FORWARD_PASS = [
    ("W transposed", _fp("W^T"), "Z[l]:T-on:W1:every-layer"),
    ("no b", _fp("no b"), "Z[l]:missing:+b1:every-layer"),
    ("ReLU on the output", _fp("relu on top"), "returned"),
    ("softmax in forward", _fp("softmax on top"), "returned"),
    ("tanh hidden", _fp("tanh"), "A[l]:relu->tanh"),
    ("cache holds A", _fp("cache A"), "returned"),
    ("two layers only", _fp("two layers"), "probe:depth-3"),
    ("b summed", _fp("b summed"), "Z[l]:b-summed"),
    ("no caches", lambda X, params: fp_right(X, params)[0], "returned"),
]


def bp_right(AL, Y, caches, params):
    L, m = len(caches), Y.shape[1]
    grads, dZ, dA = {}, AL - Y, None
    for l in range(L, 0, -1):
        A_prev, Z = caches[l - 1]
        if l < L:
            dZ = dA * (Z > 0)
        grads[f"dW{l}"] = dZ @ A_prev.T / m
        grads[f"db{l}"] = np.sum(dZ, axis=1, keepdims=True) / m
        dA = params[f"W{l}"].T @ dZ
    return grads


def bp_unpacked(AL, Y, caches, params):
    grads, m = {}, AL.shape[1]
    dA = None
    for l in reversed(range(1, len(caches) + 1)):
        A_prev, Z = caches[l - 1]
        dZ = AL - Y if dA is None else np.where(Z > 0, dA, 0.0)
        grads["dW" + str(l)] = np.dot(dZ, A_prev.T) / m
        grads["db" + str(l)] = np.mean(dZ, axis=1, keepdims=True)
        dA = np.dot(params["W" + str(l)].T, dZ)
    return grads


def bp_dZ_chain(AL, Y, caches, params):
    L, m = len(caches), Y.shape[1]
    grads, dZ = {}, AL - Y
    for l in range(L, 0, -1):
        A_prev, _ = caches[l - 1]
        grads[f"dW{l}"] = dZ @ A_prev.T / m
        grads[f"db{l}"] = dZ.sum(axis=1, keepdims=True) / m
        if l > 1:
            dZ = (params[f"W{l}"].T @ dZ) * (caches[l - 2][1] > 0)
    return grads


def _bpw(bug):
    def backward(AL, Y, caches, params):
        L, m = len(caches), Y.shape[1]
        grads, dZ, dA = {}, AL - Y, None
        if bug == "sign":
            dZ = Y - AL
        for l in range(L, 0, -1):
            A_prev, Z = caches[l - 1]
            if l < L:
                dZ = dA * {"Z >= 0": Z >= 0, "no mask": 1.0}.get(bug, Z > 0)
            W = params[f"W{l}"]
            grads[f"dW{l}"] = (dZ @ A_prev.T) * (1 if bug == "no 1/m" else 1 / m)
            if bug == "transpose":
                grads[f"dW{l}"] = A_prev @ dZ.T / m
            grads[f"db{l}"] = np.sum(dZ, axis=1, keepdims=bug != "keepdims") / m
            dA = (W @ dZ.T).T if bug == "W not transposed" else W.T @ dZ
        return grads

    return backward


BACKWARD_PASS = [
    ("dZ[L] sign", _bpw("sign"), "dZ[L]:reversed:A3 - Y"),
    ("Z >= 0", _bpw("Z >= 0"), "dZ[l]:Z>=0"),
    ("no mask", _bpw("no mask"), "dZ[l]:missing:relu'(Z2):every-layer"),
    ("no 1/m", _bpw("no 1/m"), "dW[l]:missing:/m:every-layer"),
    ("dW transposed", _bpw("transpose"), "dW[l]:transposed:every-layer"),
    ("db keepdims lost", _bpw("keepdims"), "db[l]:no-keepdims:every-layer"),
    ("W not transposed", _bpw("W not transposed"), "dA[l-1]:swapped:W3.T @ dZ3:every-layer"),
    ("a list", lambda AL, Y, caches, params: list(bp_right(AL, Y, caches, params).values()), "returned"),
    ("layer 1 first", lambda AL, Y, caches, params: _bp_loop(AL, Y, caches, params, up=True), "loop:up"),
    (
        "caches[-l]",
        lambda AL, Y, caches, params: _bp_loop(AL, Y, caches, params, index=lambda l: -l),
        "loop:cache-from-end",
    ),
]


def _bp_loop(AL, Y, caches, params, up=False, index=lambda l: l - 1):
    """bp_right's loop, walked up from layer 1 or reading the caches at another index."""
    L, m = len(caches), Y.shape[1]
    grads, dZ, dA = {}, AL - Y, None
    for l in range(1, L + 1) if up else range(L, 0, -1):
        A_prev, Z = caches[index(l)]
        if dA is not None:
            dZ = dA * (Z > 0)
        grads[f"dW{l}"] = dZ @ A_prev.T / m
        grads[f"db{l}"] = np.sum(dZ, axis=1, keepdims=True) / m
        dA = params[f"W{l}"].T @ dZ
    return grads


def tr_right(X, Y, layer_dims, epochs, batch_size, learning_rate, seed):
    rng = np.random.default_rng(seed)
    params = ih_right(layer_dims, rng)
    m, costs = X.shape[1], []
    for _ in range(epochs):
        order = rng.permutation(m)
        for k in range(0, m, batch_size):
            batch = order[k : k + batch_size]
            ZL, caches = fp_right(X[:, batch], params)
            AL, _ = sc_right(ZL, Y[:, batch])
            grads = bp_right(AL, Y[:, batch], caches, params)
            for key in params:
                params[key] = params[key] - learning_rate * grads["d" + key]
        costs.append(sc_right(fp_right(X, params)[0], Y)[1])
    return params, costs


def tr_in_place(X, Y, layer_dims, epochs, batch_size, learning_rate, seed):
    rng = np.random.default_rng(seed)
    params = ih_normal(layer_dims, rng)
    costs = []
    for _ in range(epochs):
        perm = rng.permutation(X.shape[1])
        Xs, Ys = X[:, perm], Y[:, perm]
        for k in range(0, X.shape[1], batch_size):
            Xb, Yb = Xs[:, k : k + batch_size], Ys[:, k : k + batch_size]
            ZL, caches = fp_where(Xb, params)
            grads = bp_unpacked(sc_logaddexp(ZL, Yb)[0], Yb, caches, params)
            for key in params:
                params[key] -= learning_rate * grads["d" + key]
        costs.append(sc_logaddexp(fp_where(X, params)[0], Y)[1])
    return params, costs


def tr_shuffled(X, Y, layer_dims, epochs, batch_size, learning_rate, seed):
    rng = np.random.default_rng(seed)
    params = ih_normal(layer_dims, rng)
    costs, m = [], X.shape[1]
    for _ in range(epochs):
        order = np.arange(m)
        rng.shuffle(order)  # the same order as rng.permutation(m)
        batches = [order[k : k + batch_size] for k in range(0, m, batch_size)]
        for batch in batches:
            ZL, caches = fp_right(X[:, batch], params)
            grads = bp_right(sc_right(ZL, Y[:, batch])[0], Y[:, batch], caches, params)
            params = {key: v - learning_rate * grads["d" + key] for key, v in params.items()}
        costs.append(sc_right(fp_right(X, params)[0], Y)[1])
    return params, costs


def tr_other_order(X, Y, layer_dims, epochs, batch_size, learning_rate, seed):
    """Learns, with another order of draws (a seed of its own): not the lesson's run."""
    rng = np.random.default_rng(seed + 1)
    params = ih_right(layer_dims, rng)
    costs = []
    for _ in range(epochs):
        order = rng.permutation(X.shape[1])
        for k in range(0, X.shape[1], batch_size):
            batch = order[k : k + batch_size]
            ZL, caches = fp_right(X[:, batch], params)
            grads = bp_right(sc_right(ZL, Y[:, batch])[0], Y[:, batch], caches, params)
            params = {key: v - learning_rate * grads["d" + key] for key, v in params.items()}
        costs.append(sc_right(fp_right(X, params)[0], Y)[1])
    return params, costs


def _tr(bug):
    def train(X, Y, layer_dims, epochs, batch_size, learning_rate, seed):
        rng = np.random.default_rng(seed)
        params = ih_right(layer_dims, rng)
        m, costs = X.shape[1], []
        order = rng.permutation(m) if bug == "shuffle once" else None
        for _ in range(epochs):
            if bug == "cost before":
                costs.append(sc_right(fp_right(X, params)[0], Y)[1])
            if bug != "shuffle once":
                order = np.arange(m) if bug == "no shuffle" else rng.permutation(m)
            stop = m - batch_size + 1 if bug == "drop last" else m
            for k in range(0, stop, batch_size):
                batch = order[k : k + batch_size]
                Xb = X[:, batch]
                Yb = Y[:, k : k + batch_size] if bug == "Y in order" else Y[:, batch]
                ZL, caches = fp_right(Xb, params)
                grads = bp_right(sc_right(ZL, Yb)[0], Yb, caches, params)
                sign = 1 if bug == "uphill" else -1
                new = {key: v + sign * learning_rate * grads["d" + key] for key, v in params.items()}
                if bug != "no update":
                    params = new
            if bug != "cost before":
                costs.append(sc_right(fp_right(X, params)[0], Y)[1])
        return params, costs

    return train


TRAINING_LOOP = [
    ("shuffled once", _tr("shuffle once"), "loop:shuffle-once"),
    ("not shuffled", _tr("no shuffle"), "loop:no-shuffle"),
    ("last batch dropped", _tr("drop last"), "loop:drop-last"),
    ("Y in the old order", _tr("Y in order"), "loop:Y-unshuffled"),
    ("uphill", _tr("uphill"), "loop:uphill"),
    ("update lost", _tr("no update"), "loop:no-update"),
    ("cost before the epoch", _tr("cost before"), "loop:cost-before"),
    ("another seed", tr_other_order, "loop:not-reference"),
    ("no costs", lambda *a: tr_right(*a)[0], "returned"),
    (
        "the library's train",
        lambda X, Y, layer_dims, epochs, batch_size, learning_rate, seed: (
            bp.train(X, Y, layer_dims, learning_rate=learning_rate, steps=epochs, seed=seed, progress=False).params,
            [],
        ),
        "library-call",
    ),
]


def pr_right(X, params):
    return np.argmax(fp_right(X, params)[0], axis=0)


def pr_softmax(X, params):
    ZL, _ = fp_right(X, params)
    return sc_right(ZL, np.zeros_like(ZL))[0].argmax(axis=0)


def pr_loop(X, params):
    ZL = fp_where(X, params)[0]
    return np.array([int(np.argmax(ZL[:, i])) for i in range(ZL.shape[1])])


PREDICT = [
    ("axis 1", lambda X, params: np.argmax(fp_right(X, params)[0], axis=1), "labels:rows"),
    ("max", lambda X, params: np.max(fp_right(X, params)[0], axis=0), "labels:max"),
    ("argmin", lambda X, params: np.argmin(fp_right(X, params)[0], axis=0), "labels:argmin"),
    ("no axis", lambda X, params: np.argmax(fp_right(X, params)[0]), "labels:shape"),
    ("the logits", lambda X, params: fp_right(X, params)[0], "labels:no-argmax"),
    ("keepdims", lambda X, params: np.argmax(fp_right(X, params)[0], axis=0, keepdims=True), "labels:reshaped"),
    ("with its caches", lambda X, params: (pr_right(X, params), fp_right(X, params)[1]), "returned"),
    ("forgot return", lambda X, params: None, "returned"),
    (
        "ReLU before the argmax",
        lambda X, params: np.argmax(np.maximum(fp_right(X, params)[0], 0), axis=0),
        "probe:negative-logits",
    ),
    ("float labels", lambda X, params: np.argmax(fp_right(X, params)[0], axis=0).astype(float), "returned"),
]


# ---------------------------------------------------------------------------- lesson 09: from formulas to autograd


def mb_right(a, b, grad):
    grad_a = grad @ b.T
    grad_b = a.T @ grad
    return grad_a, grad_b


def mb_dot(a, b, grad):
    return np.dot(grad, b.T), np.dot(a.T, grad)


def mb_transposes(a, b, grad):
    return (b @ grad.T).T, (grad.T @ a).T


MATMUL_BACKWARD = [
    ("b not transposed", lambda a, b, grad: (grad @ b, a.T @ grad), "grad_a:T-on:b.T"),
    ("a not transposed", lambda a, b, grad: (grad @ b.T, a @ grad), "grad_b:T-on:a.T"),
    ("factors swapped", lambda a, b, grad: (b.T @ grad, a.T @ grad), "grad_a:swapped:grad @ b.T"),
    ("1/m as in dW", lambda a, b, grad: (grad @ b.T / b.shape[1], a.T @ grad / b.shape[1]), "grad:over-m"),
    ("grad_b from b", lambda a, b, grad: (grad @ b.T, b.T @ grad), "grad_b:a->b"),
    ("grad_a from a", lambda a, b, grad: (grad @ a.T, a.T @ grad), "grad_a:b->a"),
    ("grad_a transposed", lambda a, b, grad: ((grad @ b.T).T, a.T @ grad), "grad_a:transposed"),
    ("returned swapped", lambda a, b, grad: (a.T @ grad, grad @ b.T), "swapped"),
    ("only grad_a", lambda a, b, grad: grad @ b.T, "returned"),
    ("ones for grad in grad_a", lambda a, b, grad: (np.ones(grad.shape) @ b.T, a.T @ grad), "grad_a:grad->ones"),
    (
        "grad_b from the sums",
        lambda a, b, grad: (grad @ b.T, a.sum(axis=0)[:, None] * grad.sum(axis=0)[None, :]),
        "grad_b:sum-first:a.T @ grad",
    ),
]


def ab_right(a, b, grad):
    grad_b = np.sum(grad, axis=1, keepdims=True) if b.shape[1] == 1 else grad
    return grad, grad_b


def ab_general(a, b, grad):
    """Sums over every axis where b has size 1 and grad does not."""
    axes = tuple(i for i in range(grad.ndim) if b.shape[i] == 1 and grad.shape[i] > 1)
    return grad, grad.sum(axis=axes, keepdims=True)


def ab_reshape(a, b, grad):
    grad_b = grad if b.shape == grad.shape else grad.sum(axis=1).reshape(b.shape)
    return grad.copy(), grad_b


ADD_BACKWARD = [
    ("b's gradient not summed", lambda a, b, grad: (grad, grad), "grad_b:not-summed"),
    ("the mean, as db", lambda a, b, grad: (grad, grad.mean(axis=1, keepdims=True)), "grad_b:mean"),
    ("summed over units", lambda a, b, grad: (grad, grad.sum(axis=0, keepdims=True)), "grad_b:axis:0"),
    ("keepdims lost", lambda a, b, grad: (grad, grad.sum(axis=1)), "grad_b:no-keepdims"),
    ("one number", lambda a, b, grad: (grad, np.sum(grad)), "grad_b:one-number"),
    ("always summed", lambda a, b, grad: (grad, grad.sum(axis=1, keepdims=True)), "probe:same-shape"),
    (
        "a's gradient summed too",
        lambda a, b, grad: (grad.sum(axis=1, keepdims=True), grad.sum(axis=1, keepdims=True)),
        "grad_a:summed",
    ),
    ("a for grad", lambda a, b, grad: (a, ab_right(a, b, grad)[1]), "grad_a:grad->a"),
    ("forgot return", lambda a, b, grad: None, "returned"),
    (
        "the first column, flat",
        lambda a, b, grad: (grad, grad[:, 0] if b.shape != grad.shape else grad),
        "grad_b:first:1:no-keepdims",
    ),
    ("b's ones", lambda a, b, grad: (grad, np.ones_like(b)), "grad_b:ones"),
    (
        "grad_b times m",
        lambda a, b, grad: (grad, ab_right(a, b, grad)[1] * grad.shape[1]),
        "grad_b:times:a.shape[1]",
    ),
    ("the total, tiled", lambda a, b, grad: (grad, np.tile(grad.sum(), b.shape)), "grad_b:axis:all-filled"),
]


def _visit(node, order, seen):
    if id(node) not in seen:
        seen.add(id(node))
        for p in node.parents:
            _visit(p, order, seen)
        order.append(node)


def eb_right(self):
    order, seen = [], set()
    _visit(self, order, seen)
    self.grad = np.ones_like(self.value)
    for node in reversed(order):
        for parent, g in zip(node.parents, node.backward_fn(node.grad), strict=True):
            parent.grad += g


def eb_stack(self):
    """Depth first without recursion: a node goes into the order once all its parents are in it."""
    order, seen, stack = [], set(), [(self, False)]
    while stack:
        node, parents_done = stack.pop()
        if parents_done:
            order.append(node)
        elif id(node) not in seen:
            seen.add(id(node))
            stack.append((node, True))
            stack.extend((p, False) for p in node.parents)
    self.grad = np.ones_like(self.value)
    for node in order[::-1]:
        grads = node.backward_fn(node.grad)
        for i, parent in enumerate(node.parents):
            parent.grad = parent.grad + grads[i]


def eb_kahn(self):
    """Kahn's order: a node passes its gradient on once every node computed from it has passed its own."""
    children, seen, todo = {}, {id(self)}, [self]
    while todo:
        node = todo.pop()
        for p in node.parents:
            children[id(p)] = children.get(id(p), 0) + 1
            if id(p) not in seen:
                seen.add(id(p))
                todo.append(p)
    self.grad = 1.0 + 0 * self.value
    ready = [self]
    while ready:
        node = ready.pop()
        for parent, g in zip(node.parents, node.backward_fn(node.grad), strict=True):
            parent.grad += g
            children[id(parent)] -= 1
            if children[id(parent)] == 0:
                ready.append(parent)


def _eb(bug):
    def backward(self):
        order, seen = [], set()

        def visit(node):
            if id(node) in seen and bug != "no seen":
                return
            seen.add(id(node))
            if bug == "pre-order":
                order.append(node)
            for p in node.parents:
                visit(p)
            if bug != "pre-order":
                order.append(node)

        visit(self)
        if bug != "no seed":
            self.grad = np.ones_like(self.value)
        walk = order if bug in ("not reversed", "pre-order") else reversed(order)
        for node in walk:
            given = node.value if bug == "value" else node.grad
            for parent, g in zip(node.parents, node.backward_fn(given), strict=True):
                if bug == "=":
                    parent.grad = g
                else:
                    parent.grad += g

    return backward


def eb_breadth_first(self):
    self.grad = np.ones_like(self.value)
    queue, seen = [self], {id(self)}
    while queue:
        node = queue.pop(0)
        for parent, g in zip(node.parents, node.backward_fn(node.grad), strict=True):
            parent.grad += g
            if id(parent) not in seen:
                seen.add(id(parent))
                queue.append(parent)


def eb_recursive(self):
    if self.grad.sum() == 0 and not self.grad.shape:  # the root: start from dJ/dJ = 1
        self.grad = np.ones_like(self.value)
    for parent, g in zip(self.parents, self.backward_fn(self.grad), strict=True):
        parent.grad += g
        eb_recursive(parent)


def eb_itself(self):
    self.grad = np.ones_like(self.value)
    order = []

    def visit(node):
        visit(node)  # meant node's parents
        order.append(node)

    visit(self)


def eb_below_root(self):
    """The order of what J was computed from, J left out: its grad is the seed."""
    order, seen = [], set()
    for parent in self.parents:
        _visit(parent, order, seen)
    self.grad = np.ones_like(self.value)
    for node in reversed(order):
        for parent, g in zip(node.parents, node.backward_fn(node.grad), strict=True):
            parent.grad += g


def eb_stack_assign(self):
    """eb_stack's order, with = for +=: the share that arrives last wins, in that order."""
    order, seen, stack = [], set(), [(self, False)]
    while stack:
        node, parents_done = stack.pop()
        if parents_done:
            order.append(node)
        elif id(node) not in seen:
            seen.add(id(node))
            stack.append((node, True))
            stack.extend((p, False) for p in node.parents)
    self.grad = np.ones_like(self.value)
    for node in order[::-1]:
        for parent, g in zip(node.parents, node.backward_fn(node.grad), strict=True):
            parent.grad = g


def eb_stack_first_seen(self):
    """A stack walk that passes each node on when it is first popped."""
    self.grad = np.ones_like(self.value)
    stack, seen = [self], set()
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        for parent, g in zip(node.parents, node.backward_fn(node.grad), strict=True):
            parent.grad = parent.grad + g
            stack.append(parent)


def eb_queue_assign(self):
    self.grad = np.ones_like(self.value)
    queue, seen = [self], {id(self)}
    while queue:
        node = queue.pop(0)
        for parent, g in zip(node.parents, node.backward_fn(node.grad), strict=True):
            parent.grad = g
            if id(parent) not in seen:
                seen.add(id(parent))
                queue.append(parent)


ENGINE_BACKWARD = [
    ("= for +=", _eb("="), "engine:assign"),
    ("no seed", _eb("no seed"), "engine:no-seed"),
    ("not reversed", _eb("not reversed"), "engine:leaves-first"),
    ("pre-order", _eb("pre-order"), "engine:pre-order"),
    ("no visited set", _eb("no seen"), "engine:no-seen"),
    ("the value for the gradient", _eb("value"), "engine:value"),
    ("breadth first", eb_breadth_first, "engine:breadth-first"),
    ("recursion", eb_recursive, "engine:recursive"),
    ("visits itself", eb_itself, "recursion"),
    ("J left out of the walk", eb_below_root, "engine:root-skipped"),
    ("= with a stack's order", eb_stack_assign, "engine:assign"),
    ("a stack, passed on when first popped", eb_stack_first_seen, "engine:pre-order"),
    ("a queue with =", eb_queue_assign, "engine:breadth-first"),
]


# every checker: (right answers, its table of mistakes); a new exercise adds its line here
TABLES = {
    "check_linear_forward": ([lf_right, lf_dot, lf_transposes], LINEAR_FORWARD),
    "check_output_backward": ([ob_right, ob_dot, ob_list], OUTPUT_BACKWARD),
    "check_sigmoid_squared_error_dZ": ([se_right, se_multiply, se_from_Z], SIGMOID_SQUARED_ERROR),
    "check_graph_backward": ([gw_right, gw_dict, gw_symbolic], GRAPH_BACKWARD),
    "check_hidden_backward": ([hb_right, hb_multiply, hb_einsum], HIDDEN_BACKWARD),
    "check_relu_backward": ([rb_right, rb_where, rb_from_A, rb_copy], RELU_BACKWARD),
    "check_softplus_backward": ([sp_right, sp_exp_ratio, sp_tanh], SOFTPLUS_BACKWARD),
    "check_bias_gradient": ([bg_right, bg_mean, bg_ones], BIAS_GRADIENT),
    "check_dW_by_outer_products": ([outer_right, outer_columns, outer_np_dot_columns], OUTER_PRODUCTS),
    "check_two_layer_backward": ([tl_right, tl_dot, tl_from_Z], TWO_LAYER_BACKWARD),
    "check_relu_softmax_backward": ([rs_right, rs_where, rs_from_A], RELU_SOFTMAX_BACKWARD),
    "check_L_layer_backward": ([Lb_right, Lb_dot, Lb_where], L_LAYER_BACKWARD),
    "check_numerical_gradient": ([ng_right, ng_copies, ng_flat], NUMERICAL_GRADIENT),
    "check_update": ([up_right, up_loop, up_copy], UPDATE),
    "check_mystery_repair": ([mr_right, mr_running, mr_own], MYSTERY_REPAIR),
    "check_init_he": ([ih_right, ih_normal, ih_divide], INIT_HE),
    "check_softmax_cross_entropy": ([sc_right, sc_logaddexp, sc_divide], SOFTMAX_CROSS_ENTROPY),
    "check_forward_pass": ([fp_right, fp_two_loops, fp_where], FORWARD_PASS),
    "check_backward_pass": ([bp_right, bp_unpacked, bp_dZ_chain], BACKWARD_PASS),
    "check_training_loop": ([tr_right, tr_in_place, tr_shuffled], TRAINING_LOOP),
    "check_predict": ([pr_right, pr_softmax, pr_loop], PREDICT),
    "check_matmul_backward": ([mb_right, mb_dot, mb_transposes], MATMUL_BACKWARD),
    "check_add_backward": ([ab_right, ab_general, ab_reshape], ADD_BACKWARD),
    "check_engine_backward": ([eb_right, eb_stack, eb_kahn], ENGINE_BACKWARD),
}


# ---------------------------------------------------------------------------- lesson 10: training in practice


def l2_right(grads, params, lambd, m):
    L = len(params) // 2
    new = dict(grads)
    for l in range(1, L + 1):
        new[f"dW{l}"] = grads[f"dW{l}"] + lambd / m * params[f"W{l}"]
    return new


def l2_comprehension(grads, params, lambd, m):
    return {
        key: g + (lambd / m) * params["W" + key[2:]] if key.startswith("dW") else g.copy() for key, g in grads.items()
    }


def l2_decay_form(grads, params, lambd, m):
    new = {}
    for key, W in params.items():
        if key.startswith("W"):
            new["d" + key] = np.add(grads["d" + key], np.multiply(lambd / m, W))
        else:
            new["d" + key] = grads["d" + key]
    return new


def _l2(bug):
    def l2_backward(grads, params, lambd, m):
        L = len(params) // 2
        new = {}
        layers = {"last layer only": [L], "forgot the last layer": range(1, L)}.get(bug, range(1, L + 1))
        for l in range(1, L + 1):
            dW, db, W, b = grads[f"dW{l}"], grads[f"db{l}"], params[f"W{l}"], params[f"b{l}"]
            term = {
                "lambda W": lambd * W,
                "2 lambda/m": 2 * lambd / m * W,
                "lambda/(2m)": lambd / (2 * m) * W,
                "W squared": lambd / m * W**2,
                "the penalty itself": lambd / (2 * m) * np.sum(W**2),
                "lambda m": lambd * m * W,
                "m from W": lambd / W.shape[1] * W,
                "the layer number": lambd / l * W,
                "divided by L": lambd / L * W,
            }.get(bug, lambd / m * W)
            if l not in layers:
                term = 0
            new[f"dW{l}"] = {"sign": dW - term, "penalty only": term}.get(bug, dW + term)
            new[f"db{l}"] = db + lambd / m * b if bug == "db too" else db
        return new

    return l2_backward


def l2_in_place(grads, params, lambd, m):
    for l in range(1, len(params) // 2 + 1):
        grads[f"dW{l}"] += lambd / m * params[f"W{l}"]
    return grads


L2_BACKWARD = [
    ("lambda W, no 1/m", _l2("lambda W"), "dW[l]:missing:/m:every-layer"),
    ("2 lambda/m", _l2("2 lambda/m"), "dW:2lambda/m"),
    ("lambda/(2m)", _l2("lambda/(2m)"), "dW:lambda/2m"),
    ("sign", _l2("sign"), "dW[l]:minus:lambd / m * W1:every-layer"),
    ("added to db too", _l2("db too"), "db:decayed"),
    ("W squared", _l2("W squared"), "dW:W-squared"),
    ("the penalty itself", _l2("the penalty itself"), "dW:layer-penalty-added"),
    ("the last layer only", _l2("last layer only"), "dW[l]:missing:+lambd / m * W1"),
    ("forgot the last layer", _l2("forgot the last layer"), "dW[l]:missing:+lambd / m * W2"),
    ("lambda m", _l2("lambda m"), "dW[l]:times:m:every-layer"),
    ("m from W", _l2("m from W"), "dW:m-from-W.shape[1]"),
    ("the penalty's gradient only", _l2("penalty only"), "dW:penalty-only"),
    ("lambda / l", _l2("the layer number"), "dW:factor-per-layer"),
    ("lambda / L", _l2("divided by L"), "dW:other-factor"),
    ("grads changed in place", l2_in_place, "changed-input"),
    ("only the dWs returned", lambda grads, params, lambd, m: {k: grads[k] for k in grads if k[1] == "W"}, "returned"),
    ("the library's l2_gradient", lambda grads, params, lambd, m: {
        k: bp.l2_gradient(g, params["W" + k[2:]], lambd, m) if k[1] == "W" else g for k, g in grads.items()
    }, "library-call"),
]  # fmt: skip


def dr_right(dA_drop, mask, keep_prob):
    dA = dA_drop * mask / keep_prob
    return dA


def dr_where(dA_drop, mask, keep_prob):
    return np.where(mask == 1, dA_drop / keep_prob, 0.0)


def dr_multiply(dA_drop, mask, keep_prob):
    scale = 1.0 / keep_prob
    return np.multiply(np.multiply(dA_drop, mask), scale)


def dr_fresh_mask(dA_drop, mask, keep_prob):
    D = np.random.rand(*dA_drop.shape) < keep_prob  # noqa: NPY002  (a learner's fresh draw)
    return dA_drop * D / keep_prob


DROPOUT_BACKWARD = [
    ("forgot 1/keep_prob", lambda dA_drop, mask, keep_prob: dA_drop * mask, "dA:missing:/keep_prob"),
    ("divided twice", lambda dA_drop, mask, keep_prob: dA_drop * mask / keep_prob / keep_prob, "dA:twice:/keep_prob"),
    ("multiplied by keep_prob", lambda dA_drop, mask, keep_prob: dA_drop * mask * keep_prob, "dA:times:keep_prob"),
    ("a fresh mask", dr_fresh_mask, "dA:fresh-mask"),
    ("1 - keep_prob", lambda dA_drop, mask, keep_prob: dA_drop * mask / (1 - keep_prob), "dA:drop-rate"),
    ("inverted mask", lambda dA_drop, mask, keep_prob: dA_drop * (1 - mask) / keep_prob, "dA:inverted-mask"),
    ("no mask", lambda dA_drop, mask, keep_prob: dA_drop / keep_prob, "dA:missing:mask"),
    ("unchanged", lambda dA_drop, mask, keep_prob: dA_drop, "dA:unchanged"),
    ("mask from dA", lambda dA_drop, mask, keep_prob: dA_drop * (dA_drop > 0) / keep_prob, "dA:mask-from-dA"),
    ("a matrix product", lambda dA_drop, mask, keep_prob: dA_drop @ mask / keep_prob, "dA:@-for-*:dA_drop * mask"),
    ("the library", lambda dA_drop, mask, keep_prob: bp.dropout_backward(dA_drop, mask, keep_prob), "library-call"),
    ("the forward formula", lambda dA, mask, keep_prob: bp.dropout_forward(dA, mask, keep_prob), "library-call"),
]  # fmt: skip

TABLES["check_l2_backward"] = ([l2_right, l2_comprehension, l2_decay_form], L2_BACKWARD)
TABLES["check_dropout_backward"] = ([dr_right, dr_where, dr_multiply], DROPOUT_BACKWARD)
