"""Held-out set 3: learners' answers to lesson 08's six exercises, written on 7 December by someone who read only
the lesson (its text and exercise cells), never the checkers' code.

Its first run found gaps: 7 of the 69 wrong answers passed (5 training loops that were judged by their result,
2 predicts). The checkers were then made general (a loop's costs checked against the whole set, parameters that
never moved, two more loop variants; predict probed with all-negative logits), so this set is now a regression
set, not a held-out one. MISTAKES lists wrong answers, RIGHT unusual but correct ones (id, exercise, function,
what the learner did).
"""

import numpy as np

# ---------------------------------------------------------------------------
# Correct helpers that the train variants (and the predict variants) call by name.
# ---------------------------------------------------------------------------


def init_params_ok(layer_dims, rng):
    params = {}
    for l in range(1, len(layer_dims)):
        scale = np.sqrt(2 / layer_dims[l - 1])
        params[f"W{l}"] = rng.standard_normal((layer_dims[l], layer_dims[l - 1])) * scale
        params[f"b{l}"] = np.zeros((layer_dims[l], 1))
    return params


def softmax_cross_entropy_ok(ZL, Y):
    shifted = ZL - np.max(ZL, axis=0, keepdims=True)
    log_AL = shifted - np.log(np.sum(np.exp(shifted), axis=0, keepdims=True))
    AL = np.exp(log_AL)
    J = -np.sum(Y * log_AL) / ZL.shape[1]
    return AL, J


def forward_ok(X, params):
    L = len(params) // 2
    A, caches = X, []
    for l in range(1, L + 1):
        Z = params[f"W{l}"] @ A + params[f"b{l}"]
        caches.append((A, Z))
        A = np.maximum(0, Z) if l < L else Z
    return A, caches


def backward_ok(AL, Y, caches, params):
    L, m = len(caches), Y.shape[1]
    grads = {}
    dZ = AL - Y
    for l in range(L, 0, -1):
        A_prev, _ = caches[l - 1]
        grads[f"dW{l}"] = dZ @ A_prev.T / m
        grads[f"db{l}"] = np.sum(dZ, axis=1, keepdims=True) / m
        if l > 1:
            dA_prev = params[f"W{l}"].T @ dZ
            dZ = dA_prev * (caches[l - 2][1] > 0)
    return grads


# ---------------------------------------------------------------------------
# Exercise 1: init_params(layer_dims, rng)
# ---------------------------------------------------------------------------


def init_xavier_scale(layer_dims, rng):
    params = {}
    for l in range(1, len(layer_dims)):
        params["W" + str(l)] = rng.standard_normal((layer_dims[l], layer_dims[l - 1])) * np.sqrt(1 / layer_dims[l - 1])
        params["b" + str(l)] = np.zeros((layer_dims[l], 1))
    return params


def init_variance_not_std(layer_dims, rng):
    params = {}
    for l in range(1, len(layer_dims)):
        # He says Var(W) = 2/n, so multiply by 2/n
        params[f"W{l}"] = rng.standard_normal((layer_dims[l], layer_dims[l - 1])) * (2 / layer_dims[l - 1])
        params[f"b{l}"] = np.zeros((layer_dims[l], 1))
    return params


def init_fan_out(layer_dims, rng):
    params = {}
    for l in range(1, len(layer_dims)):
        n_out, n_in = layer_dims[l], layer_dims[l - 1]
        params[f"W{l}"] = rng.standard_normal((n_out, n_in)) * np.sqrt(2 / n_out)
        params[f"b{l}"] = np.zeros((n_out, 1))
    return params


def init_global_random(layer_dims, rng):
    params = {}
    L = len(layer_dims)
    for l in range(1, L):
        params["W%d" % l] = np.random.randn(layer_dims[l], layer_dims[l - 1]) * np.sqrt(2.0 / layer_dims[l - 1])
        params["b%d" % l] = np.zeros((layer_dims[l], 1))
    return params


def init_transposed_shape(layer_dims, rng):
    params = {}
    for l in range(1, len(layer_dims)):
        W = rng.standard_normal((layer_dims[l - 1], layer_dims[l])) * np.sqrt(2 / layer_dims[l - 1])
        params[f"W{l}"] = W
        params[f"b{l}"] = np.zeros((layer_dims[l], 1))
    return params


def init_random_bias(layer_dims, rng):
    params = {}
    for l in range(1, len(layer_dims)):
        scale = np.sqrt(2 / layer_dims[l - 1])
        params[f"W{l}"] = rng.standard_normal((layer_dims[l], layer_dims[l - 1])) * scale
        params[f"b{l}"] = rng.standard_normal((layer_dims[l], 1)) * 0.01
    return params


def init_flat_bias(layer_dims, rng):
    params = {}
    for l in range(1, len(layer_dims)):
        scale = np.sqrt(2 / layer_dims[l - 1])
        params[f"W{l}"] = rng.standard_normal((layer_dims[l], layer_dims[l - 1])) * scale
        params[f"b{l}"] = np.zeros(layer_dims[l])
    return params


def init_missing_last_layer(layer_dims, rng):
    params = {}
    L = len(layer_dims) - 1
    for l in range(1, L):
        params[f"W{l}"] = rng.standard_normal((layer_dims[l], layer_dims[l - 1])) * np.sqrt(2 / layer_dims[l - 1])
        params[f"b{l}"] = np.zeros((layer_dims[l], 1))
    return params


def init_integer_division(layer_dims, rng):
    params = {}
    for l in range(1, len(layer_dims)):
        params[f"W{l}"] = rng.standard_normal((layer_dims[l], layer_dims[l - 1])) * np.sqrt(2 // layer_dims[l - 1])
        params[f"b{l}"] = np.zeros((layer_dims[l], 1))
    return params


def init_reverse_order(layer_dims, rng):
    params = {}
    for l in reversed(range(1, len(layer_dims))):
        params[f"W{l}"] = rng.standard_normal((layer_dims[l], layer_dims[l - 1])) * np.sqrt(2 / layer_dims[l - 1])
        params[f"b{l}"] = np.zeros((layer_dims[l], 1))
    return params


def init_sqrt2_over_n(layer_dims, rng):
    params = {}
    for l in range(1, len(layer_dims)):
        params[f"W{l}"] = rng.standard_normal((layer_dims[l], layer_dims[l - 1])) * np.sqrt(2) / layer_dims[l - 1]
        params[f"b{l}"] = np.zeros((layer_dims[l], 1))
    return params


def init_rng_normal_right(layer_dims, rng):
    # rng.normal(0, std, size) is loc + std * standard_normal: same draws, same order
    return {
        key: value
        for l, (n_in, n_out) in enumerate(zip(layer_dims[:-1], layer_dims[1:]), start=1)
        for key, value in (
            (f"W{l}", rng.normal(0.0, np.sqrt(2.0 / n_in), size=(n_out, n_in))),
            (f"b{l}", np.zeros((n_out, 1))),
        )
    }


def init_zip_loop_right(layer_dims, rng):
    params = dict()
    pairs = list(zip(layer_dims, layer_dims[1:]))
    for idx, (fan_in, fan_out) in enumerate(pairs):
        draws = rng.standard_normal(size=(fan_out, fan_in))
        params["W" + str(idx + 1)] = np.sqrt(2.0 / fan_in) * draws
        params["b" + str(idx + 1)] = np.zeros(shape=(fan_out, 1), dtype=float)
    return params


# ---------------------------------------------------------------------------
# Exercise 2: softmax_cross_entropy(ZL, Y) -> AL, J
# ---------------------------------------------------------------------------


def sce_no_shift(ZL, Y):
    expZ = np.exp(ZL)
    AL = expZ / np.sum(expZ, axis=0, keepdims=True)
    J = -np.sum(Y * np.log(AL)) / ZL.shape[1]
    return AL, J


def sce_global_max(ZL, Y):
    shifted = ZL - np.max(ZL)
    e = np.exp(shifted)
    AL = e / e.sum(axis=0, keepdims=True)
    log_AL = shifted - np.log(e.sum(axis=0, keepdims=True))
    J = -np.sum(Y * log_AL) / ZL.shape[1]
    return AL, J


def sce_log_of_softmax(ZL, Y):
    shifted = ZL - ZL.max(axis=0, keepdims=True)
    AL = np.exp(shifted) / np.exp(shifted).sum(axis=0, keepdims=True)
    J = -np.sum(Y * np.log(AL)) / Y.shape[1]
    return AL, J


def sce_rows(ZL, Y):
    shifted = ZL - np.max(ZL, axis=1, keepdims=True)
    log_AL = shifted - np.log(np.sum(np.exp(shifted), axis=1, keepdims=True))
    AL = np.exp(log_AL)
    J = -np.sum(Y * log_AL) / ZL.shape[1]
    return AL, J


def sce_no_mean(ZL, Y):
    shifted = ZL - np.max(ZL, axis=0, keepdims=True)
    log_AL = shifted - np.log(np.sum(np.exp(shifted), axis=0, keepdims=True))
    AL = np.exp(log_AL)
    J = -np.sum(Y * log_AL)
    return AL, J


def sce_mean_all_entries(ZL, Y):
    shifted = ZL - np.max(ZL, axis=0, keepdims=True)
    log_AL = shifted - np.log(np.sum(np.exp(shifted), axis=0, keepdims=True))
    AL = np.exp(log_AL)
    J = -np.mean(Y * log_AL)
    return AL, J


def sce_epsilon_in_log(ZL, Y):
    z = ZL - np.max(ZL, axis=0, keepdims=True)
    AL = np.exp(z) / np.sum(np.exp(z), axis=0, keepdims=True)
    eps = 1e-12
    J = -np.sum(Y * np.log(AL + eps)) / ZL.shape[1]
    return AL, J


def sce_clipped_probs(ZL, Y):
    z = ZL - np.max(ZL, axis=0, keepdims=True)
    AL = np.exp(z) / np.sum(np.exp(z), axis=0, keepdims=True)
    AL = np.clip(AL, 1e-15, 1 - 1e-15)
    J = -np.sum(Y * np.log(AL)) / ZL.shape[1]
    return AL, J


def sce_binary_formula(ZL, Y):
    shifted = ZL - np.max(ZL, axis=0, keepdims=True)
    log_AL = shifted - np.log(np.sum(np.exp(shifted), axis=0, keepdims=True))
    AL = np.exp(log_AL)
    m = Y.shape[1]
    with np.errstate(divide="ignore"):
        log_one_minus = np.log1p(-AL)
    J = -np.sum(Y * log_AL + (1 - Y) * log_one_minus) / m
    return AL, J


def sce_per_example_cost(ZL, Y):
    shifted = ZL - np.max(ZL, axis=0, keepdims=True)
    log_AL = shifted - np.log(np.sum(np.exp(shifted), axis=0, keepdims=True))
    AL = np.exp(log_AL)
    J = -np.sum(Y * log_AL, axis=0, keepdims=True)
    return AL, J


def sce_swapped_return(ZL, Y):
    shifted = ZL - np.max(ZL, axis=0, keepdims=True)
    log_AL = shifted - np.log(np.sum(np.exp(shifted), axis=0, keepdims=True))
    J = -np.sum(Y * log_AL) / ZL.shape[1]
    return J, np.exp(log_AL)


def sce_inplace_shift(ZL, Y):
    ZL -= np.max(ZL, axis=0, keepdims=True)
    lse = np.log(np.sum(np.exp(ZL), axis=0, keepdims=True))
    log_AL = ZL - lse
    AL = np.exp(log_AL)
    J = -np.sum(Y * log_AL) / ZL.shape[1]
    return AL, J


def sce_label_index_right(ZL, Y):
    m = ZL.shape[1]
    c = ZL.max(axis=0)
    lse = c + np.log(np.exp(ZL - c).sum(axis=0))  # no keepdims: (n, m) - (m,) broadcasts by column
    AL = np.exp(ZL - lse)
    labels = Y.argmax(axis=0)
    J = float(np.mean(lse - ZL[labels, np.arange(m)]))
    return AL, J


def sce_einsum_right(ZL, Y):
    top = np.amax(ZL, axis=0, keepdims=True)
    e = np.exp(ZL - top)
    s = e.sum(axis=0, keepdims=True)
    AL = e / s
    log_AL = (ZL - top) - np.log(s)
    J = -np.einsum("ij,ij->", Y, log_AL) / Y.shape[1]
    return AL, J


# ---------------------------------------------------------------------------
# Exercise 3: forward(X, params) -> ZL, caches
# ---------------------------------------------------------------------------


def fwd_relu_on_top(X, params):
    L = len(params) // 2
    A = X
    caches = []
    for l in range(1, L + 1):
        Z = np.dot(params["W" + str(l)], A) + params["b" + str(l)]
        caches.append((A, Z))
        A = np.maximum(0, Z)
    return A, caches


def fwd_cache_current_A(X, params):
    L = len(params) // 2
    A = X
    caches = []
    for l in range(1, L + 1):
        Z = params[f"W{l}"] @ A + params[f"b{l}"]
        A = np.maximum(0, Z) if l < L else Z
        caches.append((A, Z))
    return A, caches


def fwd_cache_swapped(X, params):
    L = len(params) // 2
    A, caches = X, []
    for l in range(1, L + 1):
        Z = params[f"W{l}"] @ A + params[f"b{l}"]
        caches.append((Z, A))
        A = np.maximum(0, Z) if l < L else Z
    return A, caches


def fwd_hardcoded_two_layers(X, params):
    Z1 = params["W1"] @ X + params["b1"]
    A1 = np.maximum(0, Z1)
    Z2 = params["W2"] @ A1 + params["b2"]
    return Z2, [(X, Z1), (A1, Z2)]


def fwd_last_cache_missing(X, params):
    L = len(params) // 2
    A, caches = X, []
    for l in range(1, L):
        Z = params[f"W{l}"] @ A + params[f"b{l}"]
        caches.append((A, Z))
        A = np.maximum(0, Z)
    ZL = params[f"W{L}"] @ A + params[f"b{L}"]
    return ZL, caches


def fwd_softmax_output(X, params):
    L = len(params) // 2
    A, caches = X, []
    for l in range(1, L + 1):
        Z = params[f"W{l}"] @ A + params[f"b{l}"]
        caches.append((A, Z))
        if l < L:
            A = np.maximum(0, Z)
        else:
            e = np.exp(Z - Z.max(axis=0, keepdims=True))
            A = e / e.sum(axis=0, keepdims=True)
    return A, caches


def fwd_sigmoid_hidden(X, params):
    L = len(params) // 2
    A, caches = X, []
    for l in range(1, L + 1):
        Z = params[f"W{l}"] @ A + params[f"b{l}"]
        caches.append((A, Z))
        A = 1 / (1 + np.exp(-Z)) if l < L else Z
    return A, caches


def fwd_inplace_relu(X, params):
    L = len(params) // 2
    A, caches = X, []
    for l in range(1, L + 1):
        Z = params[f"W{l}"] @ A + params[f"b{l}"]
        caches.append((A, Z))
        if l < L:
            A = np.maximum(Z, 0, out=Z)  # saves memory
        else:
            A = Z
    return A, caches


def fwd_leaky_relu(X, params):
    n_layers = len(params) // 2
    A, caches = X, []
    for l in range(1, n_layers + 1):
        Z = params[f"W{l}"] @ A + params[f"b{l}"]
        caches.append((A, Z))
        A = np.where(Z > 0, Z, 0.01 * Z) if l < n_layers else Z
    return A, caches


def fwd_len_params(X, params):
    L = len(params)  # number of layers
    A, caches = X, []
    for l in range(1, L + 1):
        if f"W{l}" not in params:
            break
        Z = params[f"W{l}"] @ A + params[f"b{l}"]
        caches.append((A, Z))
        A = np.maximum(0, Z)
    return A, caches


def fwd_no_bias_broadcast(X, params):
    L = len(params) // 2
    A, caches = X, []
    for l in range(1, L + 1):
        Z = params[f"W{l}"] @ A + params[f"b{l}"][0, 0]  # b is all zeros anyway
        caches.append((A, Z))
        A = np.maximum(0, Z) if l < L else Z
    return A, caches


def fwd_einsum_right(X, params):
    depth = sum(1 for k in params if k.startswith("W"))
    caches = []
    A_prev = X
    for l in range(1, depth + 1):
        Z = np.einsum("ij,jk->ik", params[f"W{l}"], A_prev) + params[f"b{l}"]
        caches.append((A_prev, Z))
        A_prev = Z * (Z > 0) if l != depth else Z
    return A_prev, caches


def fwd_recursive_right(X, params):
    L = len(params) // 2

    def run(l, A_prev):
        Z = np.dot(params["W%d" % l], A_prev) + params["b%d" % l]
        if l == L:
            return Z, [(A_prev, Z)]
        ZL, rest = run(l + 1, np.where(Z > 0, Z, 0.0))
        return ZL, [(A_prev, Z)] + rest

    return run(1, X)


# ---------------------------------------------------------------------------
# Exercise 4: backward(AL, Y, caches, params) -> grads
# ---------------------------------------------------------------------------


def bwd_mask_wrong_layer(AL, Y, caches, params):
    L, m = len(caches), Y.shape[1]
    grads = {}
    dZ = AL - Y
    for l in range(L, 0, -1):
        A_prev, Z = caches[l - 1]
        grads[f"dW{l}"] = dZ @ A_prev.T / m
        grads[f"db{l}"] = np.sum(dZ, axis=1, keepdims=True) / m
        if l > 1:
            dA_prev = params[f"W{l}"].T @ dZ
            dZ = dA_prev * (Z > 0)  # Z from this layer's cache
    return grads


def bwd_no_one_over_m(AL, Y, caches, params):
    L = len(caches)
    grads = {}
    dZ = AL - Y
    for l in range(L, 0, -1):
        A_prev, _ = caches[l - 1]
        grads[f"dW{l}"] = dZ @ A_prev.T
        grads[f"db{l}"] = np.sum(dZ, axis=1, keepdims=True)
        if l > 1:
            dZ = (params[f"W{l}"].T @ dZ) * (caches[l - 2][1] > 0)
    return grads


def bwd_db_flat(AL, Y, caches, params):
    L, m = len(caches), Y.shape[1]
    grads = {}
    dZ = AL - Y
    for l in range(L, 0, -1):
        A_prev, _ = caches[l - 1]
        grads[f"dW{l}"] = np.dot(dZ, A_prev.T) / m
        grads[f"db{l}"] = np.sum(dZ, axis=1) / m
        if l > 1:
            dZ = np.dot(params[f"W{l}"].T, dZ) * (caches[l - 2][1] > 0)
    return grads


def bwd_db_sum_all(AL, Y, caches, params):
    L, m = len(caches), Y.shape[1]
    grads = {}
    dZ = AL - Y
    for l in range(L, 0, -1):
        A_prev, _ = caches[l - 1]
        grads[f"dW{l}"] = dZ @ A_prev.T / m
        grads[f"db{l}"] = np.sum(dZ) / m
        if l > 1:
            dZ = (params[f"W{l}"].T @ dZ) * (caches[l - 2][1] > 0)
    return grads


def bwd_dW_transposed(AL, Y, caches, params):
    L, m = len(caches), Y.shape[1]
    grads = {}
    dZ = AL - Y
    for l in range(L, 0, -1):
        A_prev, _ = caches[l - 1]
        grads[f"dW{l}"] = A_prev @ dZ.T / m
        grads[f"db{l}"] = np.sum(dZ, axis=1, keepdims=True) / m
        if l > 1:
            dZ = (params[f"W{l}"].T @ dZ) * (caches[l - 2][1] > 0)
    return grads


def bwd_double_m(AL, Y, caches, params):
    L, m = len(caches), Y.shape[1]
    grads = {}
    dZ = (AL - Y) / m  # dJ/dZ has the 1/m
    for l in range(L, 0, -1):
        A_prev, _ = caches[l - 1]
        grads[f"dW{l}"] = dZ @ A_prev.T / m
        grads[f"db{l}"] = np.sum(dZ, axis=1, keepdims=True) / m
        if l > 1:
            dZ = (params[f"W{l}"].T @ dZ) * (caches[l - 2][1] > 0)
    return grads


def bwd_relu_of_gradient(AL, Y, caches, params):
    L, m = len(caches), Y.shape[1]
    grads = {}
    dZ = AL - Y
    for l in range(L, 0, -1):
        A_prev, _ = caches[l - 1]
        grads[f"dW{l}"] = dZ @ A_prev.T / m
        grads[f"db{l}"] = np.sum(dZ, axis=1, keepdims=True) / m
        if l > 1:
            dA_prev = params[f"W{l}"].T @ dZ
            dZ = np.maximum(0, dA_prev)  # backward through ReLU
    return grads


def bwd_keys_from_zero(AL, Y, caches, params):
    m = Y.shape[1]
    grads = {}
    dZ = AL - Y
    for l in reversed(range(len(caches))):
        A_prev, _ = caches[l]
        grads["dW" + str(l)] = dZ @ A_prev.T / m
        grads["db" + str(l)] = np.sum(dZ, axis=1, keepdims=True) / m
        if l > 0:
            dZ = (params["W" + str(l + 1)].T @ dZ) * (caches[l - 1][1] > 0)
    return grads


def bwd_sign_flipped(AL, Y, caches, params):
    L, m = len(caches), Y.shape[1]
    grads = {}
    dZ = Y - AL
    for l in range(L, 0, -1):
        A_prev, _ = caches[l - 1]
        grads[f"dW{l}"] = dZ @ A_prev.T / m
        grads[f"db{l}"] = np.sum(dZ, axis=1, keepdims=True) / m
        if l > 1:
            dZ = (params[f"W{l}"].T @ dZ) * (caches[l - 2][1] > 0)
    return grads


def bwd_inplace_AL(AL, Y, caches, params):
    L, m = len(caches), Y.shape[1]
    grads = {}
    dZ = AL
    dZ -= Y
    for l in range(L, 0, -1):
        A_prev, _ = caches[l - 1]
        grads[f"dW{l}"] = dZ @ A_prev.T / m
        grads[f"db{l}"] = np.sum(dZ, axis=1, keepdims=True) / m
        if l > 1:
            dZ = (params[f"W{l}"].T @ dZ) * (caches[l - 2][1] > 0)
    return grads


def bwd_m_from_rows(AL, Y, caches, params):
    L = len(caches)
    m = AL.shape[0]
    grads = {}
    dZ = AL - Y
    for l in range(L, 0, -1):
        A_prev, _ = caches[l - 1]
        grads[f"dW{l}"] = dZ @ A_prev.T / m
        grads[f"db{l}"] = np.sum(dZ, axis=1, keepdims=True) / m
        if l > 1:
            dZ = (params[f"W{l}"].T @ dZ) * (caches[l - 2][1] > 0)
    return grads


def bwd_mask_on_top(AL, Y, caches, params):
    L, m = len(caches), Y.shape[1]
    grads = {}
    dA = None
    for l in range(L, 0, -1):
        A_prev, Z = caches[l - 1]
        if l == L:
            dZ = (AL - Y) * (Z > 0)
        else:
            dZ = dA * (Z > 0)
        grads[f"dW{l}"] = dZ @ A_prev.T / m
        grads[f"db{l}"] = dZ.sum(axis=1, keepdims=True) / m
        dA = params[f"W{l}"].T @ dZ
    return grads


def bwd_Aprev_mask_right(AL, Y, caches, params):
    # A[l-1] = max(0, Z[l-1]), so A[l-1] > 0 exactly where Z[l-1] > 0
    m = AL.shape[1]
    dZ = AL - Y
    grads = {}
    for l in range(len(caches), 0, -1):
        A_in = caches[l - 1][0]
        grads["dW%d" % l] = np.dot(dZ, A_in.T) / m
        grads["db%d" % l] = dZ.mean(axis=1, keepdims=True)
        if l > 1:
            dZ = np.where(A_in > 0, np.dot(params["W%d" % l].T, dZ), 0.0)
    return grads


def bwd_dZ_list_right(AL, Y, caches, params):
    L = len(caches)
    m = Y.shape[1]
    dZs = [None] * (L + 1)
    dZs[L] = AL - Y
    for l in range(L - 1, 0, -1):
        Z_l = caches[l - 1][1]
        dZs[l] = (params[f"W{l + 1}"].T @ dZs[l + 1]) * (Z_l > 0).astype(float)
    grads = {}
    for l in range(1, L + 1):
        grads[f"dW{l}"] = (1.0 / m) * dZs[l] @ caches[l - 1][0].T
        grads[f"db{l}"] = (1.0 / m) * np.einsum("ij->i", dZs[l]).reshape(-1, 1)
    return grads


# ---------------------------------------------------------------------------
# Exercise 5: predict(X, params) -> m integer labels
# ---------------------------------------------------------------------------


def pred_wrong_axis(X, params):
    ZL, _ = forward_ok(X, params)
    return np.argmax(ZL, axis=1)


def pred_returns_probs(X, params):
    ZL, _ = forward_ok(X, params)
    AL, _ = softmax_cross_entropy_ok(ZL, np.zeros_like(ZL))
    return AL


def pred_one_hot(X, params):
    ZL, _ = forward_ok(X, params)
    out = np.zeros_like(ZL, dtype=int)
    out[np.argmax(ZL, axis=0), np.arange(ZL.shape[1])] = 1
    return out


def pred_row_vector(X, params):
    ZL, _ = forward_ok(X, params)
    return np.argmax(ZL, axis=0).reshape(1, -1)


def pred_relu_on_logits(X, params):
    ZL, _ = forward_ok(X, params)
    A = np.maximum(0, ZL)  # the network's output activation
    return np.argmax(A, axis=0)


def pred_float_labels(X, params):
    ZL, _ = forward_ok(X, params)
    return np.argmax(ZL, axis=0).astype(np.float64)


def pred_flat_argmax(X, params):
    ZL, _ = forward_ok(X, params)
    return np.argmax(ZL)


def pred_threshold_half(X, params):
    ZL, _ = forward_ok(X, params)
    AL, _ = softmax_cross_entropy_ok(ZL, np.zeros_like(ZL))
    return (AL > 0.5).astype(int)


def pred_last_hidden(X, params):
    _, caches = forward_ok(X, params)
    A_last = caches[-1][0]  # last activation
    return np.argmax(A_last, axis=0)


def pred_argmin_right(X, params):
    ZL, _ = forward_ok(X, params)
    return np.argmin(-ZL, axis=0)


def pred_loop_right(X, params):
    ZL = forward_ok(X, params)[0]
    probs, _ = softmax_cross_entropy_ok(ZL, np.zeros_like(ZL))
    labels = [int(np.argmax(probs[:, j])) for j in range(probs.shape[1])]
    return np.array(labels, dtype=int)


# ---------------------------------------------------------------------------
# Exercise 6: train(X, Y, layer_dims, epochs, batch_size, learning_rate, seed)
# ---------------------------------------------------------------------------


def train_Y_unshuffled(X, Y, layer_dims, epochs, batch_size, learning_rate, seed):
    rng = np.random.default_rng(seed)
    params = init_params_ok(layer_dims, rng)
    m, costs = X.shape[1], []
    for _ in range(epochs):
        order = rng.permutation(m)
        for k in range(0, m, batch_size):
            Xb = X[:, order[k : k + batch_size]]
            Yb = Y[:, k : k + batch_size]
            ZL, caches = forward_ok(Xb, params)
            AL, _ = softmax_cross_entropy_ok(ZL, Yb)
            grads = backward_ok(AL, Yb, caches, params)
            for key in params:
                params[key] = params[key] - learning_rate * grads["d" + key]
        costs.append(softmax_cross_entropy_ok(forward_ok(X, params)[0], Y)[1])
    return params, costs


def train_global_permutation(X, Y, layer_dims, epochs, batch_size, learning_rate, seed):
    rng = np.random.default_rng(seed)
    params = init_params_ok(layer_dims, rng)
    m, costs = X.shape[1], []
    for _ in range(epochs):
        order = np.random.permutation(m)
        for k in range(0, m, batch_size):
            batch = order[k : k + batch_size]
            ZL, caches = forward_ok(X[:, batch], params)
            AL, _ = softmax_cross_entropy_ok(ZL, Y[:, batch])
            grads = backward_ok(AL, Y[:, batch], caches, params)
            for key in params:
                params[key] = params[key] - learning_rate * grads["d" + key]
        costs.append(softmax_cross_entropy_ok(forward_ok(X, params)[0], Y)[1])
    return params, costs


def train_two_generators(X, Y, layer_dims, epochs, batch_size, learning_rate, seed):
    params = init_params_ok(layer_dims, np.random.default_rng(seed))
    rng = np.random.default_rng(seed)
    m, costs = X.shape[1], []
    for _ in range(epochs):
        order = rng.permutation(m)
        for k in range(0, m, batch_size):
            batch = order[k : k + batch_size]
            ZL, caches = forward_ok(X[:, batch], params)
            AL, _ = softmax_cross_entropy_ok(ZL, Y[:, batch])
            grads = backward_ok(AL, Y[:, batch], caches, params)
            for key in params:
                params[key] = params[key] - learning_rate * grads["d" + key]
        costs.append(softmax_cross_entropy_ok(forward_ok(X, params)[0], Y)[1])
    return params, costs


def train_no_shuffle(X, Y, layer_dims, epochs, batch_size, learning_rate, seed):
    rng = np.random.default_rng(seed)
    params = init_params_ok(layer_dims, rng)
    m, costs = X.shape[1], []
    for _ in range(epochs):
        for k in range(0, m, batch_size):
            Xb, Yb = X[:, k : k + batch_size], Y[:, k : k + batch_size]
            ZL, caches = forward_ok(Xb, params)
            AL, _ = softmax_cross_entropy_ok(ZL, Yb)
            grads = backward_ok(AL, Yb, caches, params)
            for key in params:
                params[key] = params[key] - learning_rate * grads["d" + key]
        costs.append(softmax_cross_entropy_ok(forward_ok(X, params)[0], Y)[1])
    return params, costs


def train_shuffle_once(X, Y, layer_dims, epochs, batch_size, learning_rate, seed):
    rng = np.random.default_rng(seed)
    params = init_params_ok(layer_dims, rng)
    m, costs = X.shape[1], []
    order = rng.permutation(m)
    for _ in range(epochs):
        for k in range(0, m, batch_size):
            batch = order[k : k + batch_size]
            ZL, caches = forward_ok(X[:, batch], params)
            AL, _ = softmax_cross_entropy_ok(ZL, Y[:, batch])
            grads = backward_ok(AL, Y[:, batch], caches, params)
            for key in params:
                params[key] = params[key] - learning_rate * grads["d" + key]
        costs.append(softmax_cross_entropy_ok(forward_ok(X, params)[0], Y)[1])
    return params, costs


def train_cost_every_batch(X, Y, layer_dims, epochs, batch_size, learning_rate, seed):
    rng = np.random.default_rng(seed)
    params = init_params_ok(layer_dims, rng)
    m, costs = X.shape[1], []
    for _ in range(epochs):
        order = rng.permutation(m)
        for k in range(0, m, batch_size):
            batch = order[k : k + batch_size]
            ZL, caches = forward_ok(X[:, batch], params)
            AL, J = softmax_cross_entropy_ok(ZL, Y[:, batch])
            costs.append(J)
            grads = backward_ok(AL, Y[:, batch], caches, params)
            for key in params:
                params[key] = params[key] - learning_rate * grads["d" + key]
    return params, costs


def train_last_batch_cost(X, Y, layer_dims, epochs, batch_size, learning_rate, seed):
    rng = np.random.default_rng(seed)
    params = init_params_ok(layer_dims, rng)
    m, costs = X.shape[1], []
    for _ in range(epochs):
        order = rng.permutation(m)
        J = None
        for k in range(0, m, batch_size):
            batch = order[k : k + batch_size]
            ZL, caches = forward_ok(X[:, batch], params)
            AL, J = softmax_cross_entropy_ok(ZL, Y[:, batch])
            grads = backward_ok(AL, Y[:, batch], caches, params)
            for key in params:
                params[key] = params[key] - learning_rate * grads["d" + key]
        costs.append(J)
    return params, costs


def train_mean_batch_cost(X, Y, layer_dims, epochs, batch_size, learning_rate, seed):
    rng = np.random.default_rng(seed)
    params = init_params_ok(layer_dims, rng)
    m, costs = X.shape[1], []
    for _ in range(epochs):
        order = rng.permutation(m)
        batch_costs = []
        for k in range(0, m, batch_size):
            batch = order[k : k + batch_size]
            ZL, caches = forward_ok(X[:, batch], params)
            AL, J = softmax_cross_entropy_ok(ZL, Y[:, batch])
            batch_costs.append(J)
            grads = backward_ok(AL, Y[:, batch], caches, params)
            for key in params:
                params[key] = params[key] - learning_rate * grads["d" + key]
        costs.append(float(np.mean(batch_costs)))
    return params, costs


def train_cost_before_epoch(X, Y, layer_dims, epochs, batch_size, learning_rate, seed):
    rng = np.random.default_rng(seed)
    params = init_params_ok(layer_dims, rng)
    m, costs = X.shape[1], []
    for _ in range(epochs):
        costs.append(softmax_cross_entropy_ok(forward_ok(X, params)[0], Y)[1])
        order = rng.permutation(m)
        for k in range(0, m, batch_size):
            batch = order[k : k + batch_size]
            ZL, caches = forward_ok(X[:, batch], params)
            AL, _ = softmax_cross_entropy_ok(ZL, Y[:, batch])
            grads = backward_ok(AL, Y[:, batch], caches, params)
            for key in params:
                params[key] = params[key] - learning_rate * grads["d" + key]
    return params, costs


def train_drops_last_batch(X, Y, layer_dims, epochs, batch_size, learning_rate, seed):
    rng = np.random.default_rng(seed)
    params = init_params_ok(layer_dims, rng)
    m, costs = X.shape[1], []
    n_batches = m // batch_size
    for _ in range(epochs):
        order = rng.permutation(m)
        for t in range(n_batches):
            batch = order[t * batch_size : (t + 1) * batch_size]
            ZL, caches = forward_ok(X[:, batch], params)
            AL, _ = softmax_cross_entropy_ok(ZL, Y[:, batch])
            grads = backward_ok(AL, Y[:, batch], caches, params)
            for key in params:
                params[key] = params[key] - learning_rate * grads["d" + key]
        costs.append(softmax_cross_entropy_ok(forward_ok(X, params)[0], Y)[1])
    return params, costs


def train_extra_batch_division(X, Y, layer_dims, epochs, batch_size, learning_rate, seed):
    rng = np.random.default_rng(seed)
    params = init_params_ok(layer_dims, rng)
    m, costs = X.shape[1], []
    for _ in range(epochs):
        order = rng.permutation(m)
        for k in range(0, m, batch_size):
            batch = order[k : k + batch_size]
            ZL, caches = forward_ok(X[:, batch], params)
            AL, _ = softmax_cross_entropy_ok(ZL, Y[:, batch])
            grads = backward_ok(AL, Y[:, batch], caches, params)
            for key in params:
                params[key] = params[key] - learning_rate * grads["d" + key] / len(batch)
        costs.append(softmax_cross_entropy_ok(forward_ok(X, params)[0], Y)[1])
    return params, costs


def train_skips_last_layer_update(X, Y, layer_dims, epochs, batch_size, learning_rate, seed):
    rng = np.random.default_rng(seed)
    params = init_params_ok(layer_dims, rng)
    L = len(layer_dims) - 1
    m, costs = X.shape[1], []
    for _ in range(epochs):
        order = rng.permutation(m)
        for k in range(0, m, batch_size):
            batch = order[k : k + batch_size]
            ZL, caches = forward_ok(X[:, batch], params)
            AL, _ = softmax_cross_entropy_ok(ZL, Y[:, batch])
            grads = backward_ok(AL, Y[:, batch], caches, params)
            for l in range(1, L):
                params[f"W{l}"] = params[f"W{l}"] - learning_rate * grads[f"dW{l}"]
                params[f"b{l}"] = params[f"b{l}"] - learning_rate * grads[f"db{l}"]
        costs.append(softmax_cross_entropy_ok(forward_ok(X, params)[0], Y)[1])
    return params, costs


def train_permutation_per_batch(X, Y, layer_dims, epochs, batch_size, learning_rate, seed):
    rng = np.random.default_rng(seed)
    params = init_params_ok(layer_dims, rng)
    m, costs = X.shape[1], []
    for _ in range(epochs):
        for k in range(0, m, batch_size):
            order = rng.permutation(m)
            batch = order[k : k + batch_size]
            ZL, caches = forward_ok(X[:, batch], params)
            AL, _ = softmax_cross_entropy_ok(ZL, Y[:, batch])
            grads = backward_ok(AL, Y[:, batch], caches, params)
            for key in params:
                params[key] = params[key] - learning_rate * grads["d" + key]
        costs.append(softmax_cross_entropy_ok(forward_ok(X, params)[0], Y)[1])
    return params, costs


def train_gradient_ascent(X, Y, layer_dims, epochs, batch_size, learning_rate, seed):
    rng = np.random.default_rng(seed)
    params = init_params_ok(layer_dims, rng)
    m, costs = X.shape[1], []
    for _ in range(epochs):
        order = rng.permutation(m)
        for k in range(0, m, batch_size):
            batch = order[k : k + batch_size]
            ZL, caches = forward_ok(X[:, batch], params)
            AL, _ = softmax_cross_entropy_ok(ZL, Y[:, batch])
            grads = backward_ok(AL, Y[:, batch], caches, params)
            for key in params:
                params[key] = params[key] + learning_rate * grads["d" + key]
        costs.append(softmax_cross_entropy_ok(forward_ok(X, params)[0], Y)[1])
    return params, costs


def train_inplace_shuffle_right(X, Y, layer_dims, epochs, batch_size, learning_rate, seed):
    rng = np.random.default_rng(seed)
    params = init_params_ok(layer_dims, rng)
    m = X.shape[1]
    costs = []
    for epoch in range(epochs):
        idx = np.arange(m)
        rng.shuffle(idx)  # permutation(m) is arange + shuffle: same draws
        for start in range(0, m, batch_size):
            cols = idx[start : start + batch_size]
            Xb, Yb = X[:, cols], Y[:, cols]
            logits, cache_list = forward_ok(Xb, params)
            probs, _ = softmax_cross_entropy_ok(logits, Yb)
            g = backward_ok(probs, Yb, cache_list, params)
            for name in list(params):
                params[name] -= learning_rate * g["d" + name]
        full_logits, _ = forward_ok(X, params)
        costs.append(softmax_cross_entropy_ok(full_logits, Y)[1])
    return params, costs


def train_batches_listed_right(X, Y, layer_dims, epochs, batch_size, learning_rate, seed):
    rng = np.random.default_rng(seed)
    params = init_params_ok(layer_dims, rng)
    m = X.shape[1]
    L = len(layer_dims) - 1
    history = []
    epoch = 0
    while epoch < epochs:
        perm = rng.permutation(m)
        batches = [perm[i : i + batch_size] for i in range(0, m, batch_size)]
        for b in batches:
            ZL, caches = forward_ok(X[:, b], params)
            AL, _ = softmax_cross_entropy_ok(ZL, Y[:, b])
            grads = backward_ok(AL, Y[:, b], caches, params)
            params = {
                **{f"W{l}": params[f"W{l}"] - learning_rate * grads[f"dW{l}"] for l in range(1, L + 1)},
                **{f"b{l}": params[f"b{l}"] - learning_rate * grads[f"db{l}"] for l in range(1, L + 1)},
            }
        _, J_all = softmax_cross_entropy_ok(forward_ok(X, params)[0], Y)
        history.append(J_all)
        epoch += 1
    return params, history


# ---------------------------------------------------------------------------

ANSWERS = [
    # 1. init_params
    (
        1,
        "xavier_scale",
        init_xavier_scale,
        "I scaled by sqrt(1/n[l-1]), the LeCun/Xavier scale; for ReLU you need sqrt(2/n[l-1]) or the signal halves in variance each layer.",
    ),
    (
        1,
        "variance_not_std",
        init_variance_not_std,
        "I multiplied by 2/n[l-1], the variance, instead of its square root, the standard deviation.",
    ),
    (
        1,
        "fan_out",
        init_fan_out,
        "I used the layer's own width n[l] in the scale instead of the number of inputs n[l-1].",
    ),
    (
        1,
        "global_random",
        init_global_random,
        "I drew from the global np.random.randn instead of the rng I was given, so the start is not reproducible from the seed.",
    ),
    (
        1,
        "transposed_shape",
        init_transposed_shape,
        "My W has shape (n[l-1], n[l]), transposed; it must be (n[l], n[l-1]) so that W @ A works.",
    ),
    (
        1,
        "random_bias",
        init_random_bias,
        "I drew b from rng as well, so the biases are not zero and the later W draws come out of a different place in the stream.",
    ),
    (
        1,
        "flat_bias",
        init_flat_bias,
        "My b is a 1-D array of shape (n[l],) instead of a column (n[l], 1), so W @ A + b broadcasts along the wrong axis.",
    ),
    (
        1,
        "missing_last_layer",
        init_missing_last_layer,
        "Off by one: my loop stops at L-1, so the output layer's W and b are never created.",
    ),
    (
        1,
        "integer_division",
        init_integer_division,
        "I wrote 2 // n[l-1], integer division, which is 0 for any layer wider than 2, so all the weights are zero.",
    ),
    (
        1,
        "reverse_order",
        init_reverse_order,
        "I drew the layers from the top down, so each W gets the draws meant for another layer; draw in order l = 1, ..., L.",
    ),
    (
        1,
        "sqrt2_over_n",
        init_sqrt2_over_n,
        "I wrote sqrt(2)/n[l-1] instead of sqrt(2/n[l-1]), so the weights are far too small.",
    ),
    (1, "rng_normal_right", init_rng_normal_right, "right"),
    (1, "zip_loop_right", init_zip_loop_right, "right"),
    # 2. softmax_cross_entropy
    (
        2,
        "no_shift",
        sce_no_shift,
        "I exponentiated the logits without subtracting the column max, so exp(800) overflows to inf and I get nan.",
    ),
    (
        2,
        "global_max",
        sce_global_max,
        "I subtracted the max of the whole matrix instead of each column's max, so a column far below it underflows to 0/0.",
    ),
    (
        2,
        "log_of_softmax",
        sce_log_of_softmax,
        "I shifted correctly but took log(AL), and a probability that underflowed to 0 gives log(0) = -inf, so J is inf.",
    ),
    (
        2,
        "rows",
        sce_rows,
        "I normalised along axis=1, over the examples in a row, instead of down each column (axis=0).",
    ),
    (
        2,
        "no_mean",
        sce_no_mean,
        "I forgot to divide the cost by m, so J is the sum over the examples, not their average.",
    ),
    (
        2,
        "mean_all_entries",
        sce_mean_all_entries,
        "I used np.mean over every entry, which divides by n*m instead of m.",
    ),
    (
        2,
        "epsilon_in_log",
        sce_epsilon_in_log,
        "I added 1e-12 inside the log to avoid log(0), which caps each example's cost near 27.6 instead of giving the true value.",
    ),
    (
        2,
        "clipped_probs",
        sce_clipped_probs,
        "I clipped the probabilities to [1e-15, 1 - 1e-15], which changes AL and caps the cost; use the log-sum-exp instead.",
    ),
    (
        2,
        "binary_formula",
        sce_binary_formula,
        "I used the binary cross-entropy with the (1 - Y) log(1 - A) term; multiclass cross-entropy is only -sum Y log A / m.",
    ),
    (
        2,
        "per_example_cost",
        sce_per_example_cost,
        "My J is a row of per-example costs, not one number averaged over m.",
    ),
    (2, "swapped_return", sce_swapped_return, "I returned (J, AL) instead of (AL, J)."),
    (
        2,
        "inplace_shift",
        sce_inplace_shift,
        "I subtracted the max with ZL -= ..., which changes the caller's logits in place.",
    ),
    (2, "label_index_right", sce_label_index_right, "right"),
    (2, "einsum_right", sce_einsum_right, "right"),
    # 3. forward
    (
        3,
        "relu_on_top",
        fwd_relu_on_top,
        "I applied ReLU to the last layer too, so I return max(0, ZL) instead of the raw logits.",
    ),
    (
        3,
        "cache_current_A",
        fwd_cache_current_A,
        "I appended the cache after updating A, so each cache holds the layer's output A[l] instead of its input A[l-1].",
    ),
    (3, "cache_swapped", fwd_cache_swapped, "My caches are (Z, A_prev) instead of (A_prev, Z)."),
    (
        3,
        "hardcoded_two_layers",
        fwd_hardcoded_two_layers,
        "I hard-coded two layers instead of reading L from params, so a deeper network is wrong.",
    ),
    (
        3,
        "last_cache_missing",
        fwd_last_cache_missing,
        "I computed the output layer outside the loop and forgot to append its cache, so caches has only L-1 entries.",
    ),
    (
        3,
        "softmax_output",
        fwd_softmax_output,
        "I applied softmax at the top and returned the probabilities instead of the logits ZL.",
    ),
    (3, "sigmoid_hidden", fwd_sigmoid_hidden, "I used sigmoid for the hidden layers instead of ReLU."),
    (
        3,
        "inplace_relu",
        fwd_inplace_relu,
        "I did the ReLU in place with out=Z, which overwrote the Z stored in the cache with max(0, Z).",
    ),
    (3, "leaky_relu", fwd_leaky_relu, "I used a leaky ReLU (0.01 Z for negatives) instead of max(0, Z)."),
    (
        3,
        "len_params",
        fwd_len_params,
        "I took L = len(params), which counts W and b separately, and applied ReLU at every layer including the top.",
    ),
    (
        3,
        "no_bias_broadcast",
        fwd_no_bias_broadcast,
        "I only added b[0, 0] instead of the whole column b, which is wrong once b is not all zeros.",
    ),
    (3, "einsum_right", fwd_einsum_right, "right"),
    (3, "recursive_right", fwd_recursive_right, "right"),
    # 4. backward
    (
        4,
        "mask_wrong_layer",
        bwd_mask_wrong_layer,
        "I took the ReLU mask from layer l's own Z instead of Z[l-1], the layer the gradient is going into.",
    ),
    (
        4,
        "no_one_over_m",
        bwd_no_one_over_m,
        "I forgot the 1/m in dW and db, so the gradients are summed over the examples, not averaged.",
    ),
    (
        4,
        "db_flat",
        bwd_db_flat,
        "My db has shape (n,) because I left out keepdims=True; it must be a column (n, 1) like b.",
    ),
    (
        4,
        "db_sum_all",
        bwd_db_sum_all,
        "I summed dZ over every entry for db, giving one number, instead of summing over the examples (axis=1) per unit.",
    ),
    (
        4,
        "dW_transposed",
        bwd_dW_transposed,
        "I computed A_prev @ dZ.T, which is dW transposed; it should be dZ @ A_prev.T.",
    ),
    (
        4,
        "double_m",
        bwd_double_m,
        "I put 1/m in dZ[L] and again in dW and db, so the gradients are divided by m twice.",
    ),
    (
        4,
        "relu_of_gradient",
        bwd_relu_of_gradient,
        "I applied ReLU to the gradient dA instead of multiplying it by the mask [Z > 0].",
    ),
    (4, "keys_from_zero", bwd_keys_from_zero, "My gradient keys run from dW0 to dW(L-1) instead of dW1 to dWL."),
    (
        4,
        "sign_flipped",
        bwd_sign_flipped,
        "I started from Y - AL instead of AL - Y, so every gradient has the wrong sign.",
    ),
    (4, "inplace_AL", bwd_inplace_AL, "I wrote dZ = AL; dZ -= Y, which subtracts Y from the caller's AL in place."),
    (
        4,
        "m_from_rows",
        bwd_m_from_rows,
        "I took m from AL.shape[0], the number of classes, instead of AL.shape[1], the number of examples.",
    ),
    (
        4,
        "mask_on_top",
        bwd_mask_on_top,
        "I applied a ReLU mask to the top layer as well, but the logits have no ReLU, so dZ[L] is just AL - Y.",
    ),
    (4, "Aprev_mask_right", bwd_Aprev_mask_right, "right"),
    (4, "dZ_list_right", bwd_dZ_list_right, "right"),
    # 5. predict
    (
        5,
        "wrong_axis",
        pred_wrong_axis,
        "I took argmax along axis=1, over the examples, instead of axis=0, down each column.",
    ),
    (5, "returns_probs", pred_returns_probs, "I returned the softmax probabilities instead of the digit labels."),
    (5, "one_hot", pred_one_hot, "I returned a one-hot matrix instead of an array of m integer labels."),
    (5, "row_vector", pred_row_vector, "I returned a (1, m) array instead of a flat array of m labels."),
    (
        5,
        "relu_on_logits",
        pred_relu_on_logits,
        "I applied ReLU to the logits before the argmax, so a column whose logits are all negative is always labelled 0.",
    ),
    (5, "float_labels", pred_float_labels, "I returned the labels as floats instead of integers."),
    (
        5,
        "flat_argmax",
        pred_flat_argmax,
        "I called np.argmax without an axis, which gives one index into the flattened matrix instead of one label per column.",
    ),
    (
        5,
        "threshold_half",
        pred_threshold_half,
        "I thresholded the probabilities at 0.5 like in binary classification, which gives a 0/1 matrix, not the argmax digit.",
    ),
    (
        5,
        "last_hidden",
        pred_last_hidden,
        "I took the argmax of the last cache's A_prev, the hidden activations, instead of the output logits.",
    ),
    (5, "argmin_right", pred_argmin_right, "right"),
    (5, "loop_right", pred_loop_right, "right"),
    # 6. train
    (
        6,
        "Y_unshuffled",
        train_Y_unshuffled,
        "I shuffled the columns of X but cut Y with k:k+batch_size, so every image gets another image's label.",
    ),
    (
        6,
        "global_permutation",
        train_global_permutation,
        "I shuffled with np.random.permutation instead of my rng, so the run does not follow the seed.",
    ),
    (
        6,
        "two_generators",
        train_two_generators,
        "I made one generator for init_params and a second with the same seed for the shuffles, so the permutations replay the init's draws.",
    ),
    (6, "no_shuffle", train_no_shuffle, "I never shuffled, so every epoch has the same batches in the same order."),
    (
        6,
        "shuffle_once",
        train_shuffle_once,
        "I drew the permutation once before the epochs instead of at the start of each epoch.",
    ),
    (
        6,
        "cost_every_batch",
        train_cost_every_batch,
        "I appended the batch's cost after every batch instead of the whole training set's cost once per epoch.",
    ),
    (
        6,
        "last_batch_cost",
        train_last_batch_cost,
        "I appended the last batch's cost for each epoch instead of the cost on the whole training set.",
    ),
    (
        6,
        "mean_batch_cost",
        train_mean_batch_cost,
        "I appended the average of the batch costs during the epoch, not the cost of the whole set after the epoch.",
    ),
    (
        6,
        "cost_before_epoch",
        train_cost_before_epoch,
        "I recorded the cost at the start of each epoch, before its updates, instead of after.",
    ),
    (
        6,
        "drops_last_batch",
        train_drops_last_batch,
        "I looped m // batch_size times, so the last, smaller batch of each epoch is dropped.",
    ),
    (
        6,
        "extra_batch_division",
        train_extra_batch_division,
        "I divided the gradient by the batch size again, but backward already divides by m, the number of columns it gets.",
    ),
    (
        6,
        "skips_last_layer_update",
        train_skips_last_layer_update,
        "Off by one: my update loop runs over range(1, L), so the output layer is never updated.",
    ),
    (
        6,
        "permutation_per_batch",
        train_permutation_per_batch,
        "I drew a new permutation for every batch instead of one per epoch, so the batches overlap and some examples are skipped.",
    ),
    (
        6,
        "gradient_ascent",
        train_gradient_ascent,
        "I added the gradient instead of subtracting it, so the cost goes up.",
    ),
    (6, "inplace_shuffle_right", train_inplace_shuffle_right, "right"),
    (6, "batches_listed_right", train_batches_listed_right, "right"),
]


_EXERCISE = {
    1: "init_he",
    2: "softmax_cross_entropy",
    3: "forward_pass",
    4: "backward_pass",
    5: "predict",
    6: "training_loop",
}
MISTAKES = [(f"l8_{n}_{label}", _EXERCISE[n], fn, said) for n, label, fn, said in ANSWERS if said != "right"]
RIGHT = [
    (f"l8_{n}_{label}", _EXERCISE[n], fn, "unusual but right") for n, label, fn, said in ANSWERS if said == "right"
]
