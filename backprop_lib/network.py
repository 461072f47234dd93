"""A fully connected network, one layer step at a time, in the lessons' notation.

Shapes (examples are columns; n[0] = n_x input features, m examples)::

    X = A[0]   (n[0], m)        W[l]  (n[l], n[l-1])       b[l]  (n[l], 1)
    Z[l] = W[l] A[l-1] + b[l]   (n[l], m)                   A[l] = g[l](Z[l])  (n[l], m)

Backward, for l = L, L-1, ..., 1 (one formula per line, each in one function)::

    dZ[L]   = A[L] - Y                      losses.output_backward
    dZ[l]   = dA[l] * g'(Z[l])  (l < L)     activation_backward   (element-wise)
    dW[l]   = 1/m dZ[l] A[l-1]^T            linear_backward
    db[l]   = 1/m sum over examples dZ[l]   linear_backward
    dA[l-1] = W[l]^T dZ[l]                  linear_backward

A variable and its gradient have the same shape. dW[l] and db[l] are exactly
dJ/dW[l] and dJ/db[l]. dZ[l] and dA[l] hold one column per example: column i is
the gradient of example i's own loss, which is m times dJ/dZ[l] (the 1/m of the
mean is applied once, in dW and db). In particular dA[0] is the gradient of each
example's loss with respect to its input column of X.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import NamedTuple

import numpy as np

from ._validate import (
    InputError,
    ShapeError,
    all_finite,
    as_float_array,
    check_2d,
    check_budget,
    check_finite,
    check_number,
    check_seed,
    finite_quiet,
    public,
    shape_str,
)
from .activations import HIDDEN, OUTPUT, check_A_is_g_of_Z
from .losses import check_labels, check_output, output_backward


class LayerCache(NamedTuple):
    """What the forward pass of layer l keeps for its backward pass.

    Attributes
    ----------
    l : int
        The layer number, 1..L.
    A_prev : ndarray, (n[l-1], m)
        A[l-1], the input of the layer (not a copy).
    W : ndarray, (n[l], n[l-1])
    b : ndarray, (n[l], 1)
    Z : ndarray, (n[l], m)
        Z[l] = W[l] A[l-1] + b[l].
    A : ndarray, (n[l], m)
        A[l] = g(Z[l]).
    activation : str
        The name of g.
    """

    l: int
    A_prev: np.ndarray
    W: np.ndarray
    b: np.ndarray
    Z: np.ndarray
    A: np.ndarray
    activation: str


# ---------------------------------------------------------------------------- init


@public("W[l] ~ N(0, scale^2), b[l] = 0")
def init_params(
    layer_dims: Sequence[int],
    seed: int | None = 0,
    scale: str | float = "he",
    dtype: type = np.float64,
) -> dict[str, np.ndarray]:
    """Random weights and zero biases for a network of the given layer sizes.

    Introduced in lesson 00.

    Parameters
    ----------
    layer_dims : sequence of int, [n[0], n[1], ..., n[L]]
        n[0] = n_x input features, then the units of each layer; at least two
        sizes, each >= 1.
    seed : int or None
        Seed of numpy's default generator: the same seed gives the same params.
    scale : "he", "lecun", "xavier" or float
        Standard deviation of W[l]: sqrt(2 / n[l-1]) ("he", He et al. 2015, suits ReLU),
        sqrt(1 / n[l-1]) ("lecun", LeCun et al. 1998, suits tanh and sigmoid),
        sqrt(2 / (n[l-1] + n[l])) ("xavier", Glorot and Bengio 2010), or a fixed number.
    dtype : numpy float type
        float64 (default) or float32.

    Returns
    -------
    params : dict
        ``"W{l}"``: (n[l], n[l-1]) and ``"b{l}"``: (n[l], 1) for l = 1..L.
    """
    if isinstance(layer_dims, (str, bytes)) or not isinstance(layer_dims, Sequence):
        raise InputError(f"layer_dims = {layer_dims!r}: give a list of layer sizes [n[0], n[1], ..., n[L]]")
    dims = list(layer_dims)
    if len(dims) < 2:
        raise InputError(
            f"layer_dims = {dims}: a network needs at least two sizes, [n[0], n[1]] (the inputs and one layer)"
        )
    for i, n in enumerate(dims):
        if not isinstance(n, (int, np.integer)) or isinstance(n, bool) or n < 1:
            raise InputError(f"layer_dims = {dims}: n[{i}] = {n!r}, but every layer size must be an integer >= 1")
    if isinstance(scale, str):
        if scale not in ("he", "lecun", "xavier"):
            raise InputError(f"scale = {scale!r}: use 'he', 'lecun', 'xavier' or a number")
    else:
        scale = check_number(scale, "scale", "W[l] ~ scale * N(0, 1)", positive=True)
    try:
        dt = np.dtype(dtype)
    except TypeError:
        dt = None
    if dt is None or dtype is None or dt not in (np.dtype(np.float32), np.dtype(np.float64)):
        raise InputError(
            f"dtype = {dtype!r}: W[l] and b[l] must be float64 (the default) or float32; "
            "integer weights would round most of the small random numbers to 0"
        )
    check_budget(
        sum(n * n_prev + n for n_prev, n in zip(dims, dims[1:], strict=False)),
        f"layer_dims = {dims}",
        "W[l] (n[l], n[l-1]) and b[l] (n[l], 1)",
        np.dtype(dt).itemsize,
    )
    rng = np.random.default_rng(check_seed(seed, "init_params"))
    params: dict[str, np.ndarray] = {}
    for l in range(1, len(dims)):
        n_prev, n = dims[l - 1], dims[l]
        std = {
            "he": np.sqrt(2.0 / n_prev),
            "lecun": np.sqrt(1.0 / n_prev),
            "xavier": np.sqrt(2.0 / (n_prev + n)),
        }.get(scale, scale)  # type: ignore[arg-type]
        with np.errstate(over="ignore"):  # said in words below
            params[f"W{l}"] = (rng.standard_normal((n, n_prev)) * std).astype(dt)
        if not all_finite(params[f"W{l}"]):
            raise InputError(f"scale = {scale!r}: W[{l}] ~ scale * N(0, 1) passes the {dt} range; use a scale near 1")
        params[f"b{l}"] = np.zeros((n, 1), dtype=dt)
    return params


def num_layers(params: Mapping[str, np.ndarray]) -> int:
    """L, the number of layers in ``params``, after checking no W or b is missing."""
    if not isinstance(params, Mapping):
        raise InputError(f"params must be a dict with keys 'W1', 'b1', ..., not {type(params).__name__}")
    nums = [int(k[1:]) for k in params if isinstance(k, str) and k[:1] in ("W", "b") and k[1:].isdigit()]
    if not nums:
        raise InputError(f"params has no 'W1' / 'b1' keys (its keys: {_keys(params)})")
    L = max(nums)
    for l in range(1, L + 1):
        for key in (f"W{l}", f"b{l}"):
            if key not in params:
                raise InputError(
                    f"params is missing {key!r}: a network with {L} layers needs W1, b1, ..., W{L}, b{L} "
                    f"(it has {_keys(params)})"
                )
    return L


def _keys(params: Mapping) -> str:
    """The keys of ``params`` for a message, sorted as text (keys of any type)."""
    return ", ".join(sorted((k if isinstance(k, str) else repr(k) for k in params), key=lambda k: (k[1:], k)))


def hidden_names(hidden: str | Sequence[str], L: int) -> list[str]:
    """One activation name per hidden layer 1..L-1, checked."""
    if isinstance(hidden, str):
        names = [hidden] * (L - 1)
    elif isinstance(hidden, Sequence):
        names = list(hidden)
    else:
        raise InputError(
            f"hidden = {hidden!r}: give the hidden activation g as a name ({', '.join(HIDDEN)}) "
            "or a list with one name per hidden layer"
        )
    if len(names) != L - 1:
        raise InputError(f"hidden = {hidden!r}: a network with {L} layers has {L - 1} hidden layers, one name for each")
    for l, name in enumerate(names, start=1):
        if not isinstance(name, str) or name not in HIDDEN:
            raise InputError(f"unknown activation {name!r} for hidden layer {l}; valid: {', '.join(HIDDEN)}")
    return names


def _checked_param(params: Mapping[str, np.ndarray], key: str, formula: str) -> np.ndarray:
    """params[key] as a 2-D float array with no NaN or inf."""
    name = f"{key[0]}[{key[1:]}]"
    arr = as_float_array(params[key], name, formula)
    check_2d(arr, name, formula, "(n[l], n[l-1])" if key[0] == "W" else "(n[l], 1)")
    check_finite(arr, name, formula)
    return arr


# ---------------------------------------------------------------------------- the formulas
# The lessons' steps, on arrays that were checked: the public functions below check what they are given, then
# call these, and bp.train checks its inputs once and calls these at every step. No checks but one: a Z that
# overflowed, the sign of a diverging run, raises at the layer where it happens.


def _linear_forward(A_prev: np.ndarray, W: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Z[l] = W[l] A[l-1] + b[l]."""
    return W @ A_prev + b


def _linear_backward(dZ: np.ndarray, A_prev: np.ndarray, W: np.ndarray | None) -> tuple:
    """dW[l], db[l] and dA[l-1] from dZ[l] (see :func:`linear_backward`); no dA[l-1] (None) when W is None."""
    m = A_prev.shape[1]
    dW = dZ @ A_prev.T / m
    db = np.sum(dZ, axis=1, keepdims=True) / m
    dA_prev = W.T @ dZ if W is not None else None
    return dW, db, dA_prev


def _activation_backward(dA: np.ndarray, Z: np.ndarray, name: str, A: np.ndarray | None) -> np.ndarray:
    """dZ[l] = dA[l] * g'(Z[l]), element-wise (see :func:`activation_backward`)."""
    return dA * HIDDEN[name].prime(Z, A)


def _forward(X: np.ndarray, params: Mapping[str, np.ndarray], names: Sequence[str]) -> tuple[np.ndarray, list]:
    """The forward pass (see :func:`forward`); ``names`` holds g of layers 1..L, the output's last.

    Call it under ``np.errstate(over="ignore", invalid="ignore")``: an overflow is reported in words instead."""
    A = X
    caches: list[LayerCache] = []
    for l, name in enumerate(names, start=1):
        Z = _z(A, params, l)
        A_next = activation_forward.__wrapped__(Z, name)  # the formula; Z was checked in _z
        caches.append(LayerCache(l, A, params[f"W{l}"], params[f"b{l}"], Z, A_next, name))
        A = A_next
    return A, caches


def _z(A_prev: np.ndarray, params: Mapping[str, np.ndarray], l: int) -> np.ndarray:
    """Z[l] = W[l] A[l-1] + b[l], said in words if it overflowed."""
    W, b = params[f"W{l}"], params[f"b{l}"]
    Z = _linear_forward(A_prev, W, b)
    if not finite_quiet(Z):
        _overflow(f"Z[{l}] = W[{l}] A[{l - 1}] + b[{l}]", l, Z, A_prev, W, b)
    return Z


def _logits(X: np.ndarray, params: Mapping[str, np.ndarray], names: Sequence[str]) -> np.ndarray:
    """Z[L] alone: the forward pass without the output's g, which the cost takes from Z[L] (the gradient check
    evaluates J twice per entry, and needs nothing else)."""
    A = _forward(X, params, names[:-1])[0] if len(names) > 1 else X
    return _z(A, params, len(names))


def _backward(AL: np.ndarray, Y: np.ndarray, caches: Sequence[LayerCache], to_X: bool = True) -> dict[str, np.ndarray]:
    """The backward pass (see :func:`backward`), from dZ[L] = A[L] - Y down to layer 1.

    ``to_X=False`` leaves out dA[0], the gradient with respect to X, which training never uses (one matrix
    product of the size of X fewer per step)."""
    L = len(caches)
    grads: dict[str, np.ndarray] = {}
    dZ = output_backward.__wrapped__(AL, Y)  # the formula, on the checked A[L] and Y
    for cache in reversed(caches):
        l = cache.l
        if l < L:
            dZ = _activation_backward(grads[f"dA{l}"], cache.Z, cache.activation, cache.A)
        grads[f"dZ{l}"] = dZ
        grads[f"dW{l}"], grads[f"db{l}"], dA_prev = _linear_backward(
            dZ, cache.A_prev, cache.W if l > 1 or to_X else None
        )
        if dA_prev is not None:
            grads[f"dA{l - 1}"] = dA_prev
    return grads


def _update(params: Mapping[str, np.ndarray], grads: Mapping[str, np.ndarray], lr: float) -> dict[str, np.ndarray]:
    """W[l] := W[l] - alpha dW[l] and b[l] := b[l] - alpha db[l] for every key of ``params`` (see :func:`update`).

    A step that overflows leaves inf or NaN in the new weights: :func:`update` checks for it, and in training the
    next forward pass finds it (an inf or NaN weight makes its whole row of Z non-finite)."""
    return {key: (P - lr * grads[f"d{key}"]).astype(P.dtype, copy=False) for key, P in params.items()}


# ---------------------------------------------------------------------------- one layer


@public("Z[l] = W[l] A[l-1] + b[l]", A_prev="A[l-1]", W="W[l]", b="b[l]")
def linear_forward(A_prev: np.ndarray, W: np.ndarray, b: np.ndarray, l: int | str = "l") -> np.ndarray:
    """Z[l] = W[l] A[l-1] + b[l].

    Introduced in lesson 00 (the forward step).

    Parameters
    ----------
    A_prev : ndarray, (n[l-1], m)
    W : ndarray, (n[l], n[l-1])
    b : ndarray, (n[l], 1)
        Broadcast across the m columns: the same bias for every example.
    l : int or str
        The layer number, only used in error messages.

    Returns
    -------
    Z : ndarray, (n[l], m)
    """
    lp = l - 1 if isinstance(l, int) else f"{l}-1"
    formula = f"Z[{l}] = W[{l}] A[{lp}] + b[{l}]"
    if not (type(A_prev) is np.ndarray and type(W) is np.ndarray and type(b) is np.ndarray):  # lists, scalars
        A_prev = as_float_array(A_prev, f"A[{lp}]", formula)
        W = as_float_array(W, f"W[{l}]", formula)
        b = as_float_array(b, f"b[{l}]", formula)
    _check_linear(A_prev.shape, W, b, l)
    return _linear_forward(A_prev, W, b)


def _check_linear(A_shape: tuple[int, ...], W: np.ndarray, b: np.ndarray, l: int | str) -> None:
    """W[l] fits an A[l-1] of shape ``A_shape``, and b[l] is one bias per unit of W[l]."""
    lp = l - 1 if isinstance(l, int) else f"{l}-1"
    formula = f"Z[{l}] = W[{l}] A[{lp}] + b[{l}]"
    if W.ndim != 2 or len(A_shape) != 2 or W.shape[1] != A_shape[0]:
        hint = ""
        if l == 1 or l == "1":
            hint = f" (A[0] = X must have one row per input feature: n[0] = {W.shape[-1]} rows, one column per example)"
        elif W.ndim == 2 and len(A_shape) == 2:
            hint = f" (the columns of W[{l}] must equal the rows of A[{lp}])"
        raise ShapeError(f"{formula}: W[{l}] is {shape_str(W)} but A[{lp}] is {shape_str(shape=A_shape)}{hint}")
    if b.shape != (W.shape[0], 1):
        raise ShapeError(
            f"{formula}: b[{l}] is {shape_str(b)} but must be (n[{l}], 1) = ({W.shape[0]}, 1), "
            "one bias per unit, broadcast over the examples"
        )


@public("dW[l] = 1/m dZ[l] A[l-1]^T, dA[l-1] = W[l]^T dZ[l]", dZ="dZ[l]", A_prev="A[l-1]", W="W[l]")
def linear_backward(dZ: np.ndarray, A_prev: np.ndarray, W: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The three gradients of Z[l] = W[l] A[l-1] + b[l].

    Introduced in lesson 01 (dW, db and dA[L-1] of the output layer).

    Parameters
    ----------
    dZ : ndarray, (n[l], m)
        Per-example gradients with respect to Z[l].
    A_prev : ndarray, (n[l-1], m)
    W : ndarray, (n[l], n[l-1])

    Returns
    -------
    dW : ndarray, (n[l], n[l-1])
        dW[l] = 1/m dZ[l] A[l-1]^T: (n[l], m)(m, n[l-1]), the m examples summed
        away by the matrix product and averaged by the 1/m.
    db : ndarray, (n[l], 1)
        db[l] = 1/m sum over the examples (axis 1) of dZ[l], kept as a column.
    dA_prev : ndarray, (n[l-1], m)
        dA[l-1] = W[l]^T dZ[l]: (n[l-1], n[l])(n[l], m).
    """
    if not (type(dZ) is np.ndarray and type(A_prev) is np.ndarray and type(W) is np.ndarray):  # lists, scalars
        dZ, A_prev, W = (as_float_array(a, n, "linear_backward") for a, n in ((dZ, "dZ"), (A_prev, "A_prev"), (W, "W")))
    shapes_fit = dZ.ndim == A_prev.ndim == W.ndim == 2 and dZ.shape[1] == A_prev.shape[1]
    if not shapes_fit or W.shape != (dZ.shape[0], A_prev.shape[0]):
        raise ShapeError(
            f"dW[l] = 1/m dZ[l] A[l-1]^T, dA[l-1] = W[l]^T dZ[l]: dZ[l] is {shape_str(dZ)}, A[l-1] is "
            f"{shape_str(A_prev)} and W[l] is {shape_str(W)}; they must be (n[l], m), (n[l-1], m) and (n[l], n[l-1])"
        )
    if A_prev.shape[1] == 0:
        raise ShapeError("dW[l] = 1/m dZ[l] A[l-1]^T: m = 0 examples; the 1/m needs m >= 1")
    with np.errstate(over="ignore", invalid="ignore"):  # said in words below
        out = _linear_backward(dZ, A_prev, W)
    for name, G in zip(("dW[l]", "db[l]", "dA[l-1]"), out, strict=True):
        if not all_finite(G):
            raise InputError(
                f"dW[l] = 1/m dZ[l] A[l-1]^T, dA[l-1] = W[l]^T dZ[l]: {name} passed the {G.dtype} range (inf or NaN) "
                "although dZ[l], A[l-1] and W[l] are finite: their entries are too large"
            )
    return out


@public("A[l] = g(Z[l])", Z="Z[l]")
def activation_forward(Z: np.ndarray, name: str) -> np.ndarray:
    """A[l] = g(Z[l]) for a hidden ``name`` or an output ``name``.

    Introduced in lesson 00.
    """
    if isinstance(name, str) and name in HIDDEN:
        return HIDDEN[name].g(Z)
    if isinstance(name, str) and name in OUTPUT:
        return OUTPUT[name](Z)
    raise InputError(f"A[l] = g(Z[l]): unknown activation {name!r}; valid: {', '.join([*HIDDEN, *OUTPUT])}")


@public("dZ[l] = dA[l] * g'(Z[l])", same_shape=[("dA", "Z"), ("Z", "A")], dA="dA[l]", Z="Z[l]", A="A[l]")
def activation_backward(dA: np.ndarray, Z: np.ndarray, name: str, A: np.ndarray | None = None) -> np.ndarray:
    """dZ[l] = dA[l] * g'(Z[l]), an element-wise (Hadamard) product.

    Introduced in lesson 02 (dZ = dA * g'(Z)); ReLU's mask in lesson 03.

    Each unit of each example applied g on its own number, so each entry of dA
    is scaled by the slope of g at its own Z: no mixing between entries, hence
    no matrix product.

    Parameters
    ----------
    dA : ndarray, (n[l], m)
    Z : ndarray, (n[l], m)
    name : str
        The hidden activation of layer l.
    A : ndarray, (n[l], m), optional
        g(Z) from the forward pass (saves recomputing it for sigmoid and tanh).

    Returns
    -------
    dZ : ndarray, (n[l], m)
    """
    if not isinstance(name, str) or name not in HIDDEN:
        raise InputError(f"dZ[l] = dA[l] * g'(Z[l]): unknown hidden activation {name!r}; valid: {', '.join(HIDDEN)}")
    if np.shape(dA) != np.shape(Z):
        raise ShapeError(
            f"dZ[l] = dA[l] * g'(Z[l]): dA[l] is {shape_str(np.asarray(dA))} but Z[l] is {shape_str(np.asarray(Z))}; "
            "the product is element-wise, so they must have the same shape (n[l], m)"
        )
    check_A_is_g_of_Z(name, Z, A, "dZ[l] = dA[l] * g'(Z[l])")
    return _activation_backward(dA, np.asarray(Z), name, A)


# ---------------------------------------------------------------------------- whole network


@public("Z[1] = W[1] A[0] + b[1]", X="X = A[0]")
def forward(
    X: object,
    params: Mapping[str, np.ndarray],
    hidden: str | Sequence[str] = "relu",
    output: str = "softmax",
) -> tuple[np.ndarray, list[LayerCache]]:
    """The forward pass through L layers.

    Introduced in lesson 00; its backward partner is derived in lessons 01 to 05.

    Parameters
    ----------
    X : array_like, (n[0], m)
        One example per column.
    params : dict
        ``"W{l}"``: (n[l], n[l-1]), ``"b{l}"``: (n[l], 1), for l = 1..L.
    hidden : str or list of str
        Activation of the hidden layers 1..L-1: "relu", "leaky_relu",
        "sigmoid" or "tanh"; one name for all, or a list with one per layer.
    output : {"softmax", "sigmoid", "linear"}
        Activation of layer L.

    Returns
    -------
    AL : ndarray, (n[L], m)
        A[L], the network's output.
    caches : list of LayerCache, length L
        ``caches[l-1]`` holds A[l-1], W[l], b[l], Z[l], A[l] of layer l.
    """
    L = num_layers(params)
    names = hidden_names(hidden, L) + [check_output(output)]
    formula = "Z[1] = W[1] A[0] + b[1]"
    A = as_float_array(X, "X = A[0]", formula)
    check_2d(A, "X = A[0]", formula, "(n[0], m): one row per feature, one column per example")
    if A.shape[1] == 0:
        raise ShapeError(
            f"{formula}: X = A[0] is {shape_str(A)}, that is m = 0 examples; "
            "J and every dW carry a 1/m, so a batch needs m >= 1"
        )
    check_finite(A, "X = A[0]", formula)
    checked = {}
    A_shape = A.shape
    for l in range(1, L + 1):
        lf = f"Z[{l}] = W[{l}] A[{l - 1}] + b[{l}]"
        W = checked[f"W{l}"] = _checked_param(params, f"W{l}", lf)
        b = checked[f"b{l}"] = _checked_param(params, f"b{l}", lf)
        _check_linear(A_shape, W, b, l)
        A_shape = (W.shape[0], A_shape[1])
    with np.errstate(over="ignore", invalid="ignore"):  # an overflow is reported by _forward, in words
        return _forward(A, checked, names)


def _overflow(formula: str, l: int, Z: np.ndarray, A_prev: np.ndarray, W: np.ndarray, b: np.ndarray) -> None:
    """Raise: Z[l] is not finite. Either W[l] or b[l] already was (a training step overflowed), or the product
    passed the float range although A[l-1], W[l] and b[l] are finite."""
    for name, P in ((f"W[{l}]", W), (f"b[{l}]", b)):
        if not all_finite(P):
            raise InputError(
                f"{formula}: {name} {shape_str(P)} holds inf or NaN in {int(np.sum(~np.isfinite(P)))} entries: the "
                f"gradient-descent step that made it overflowed ({name} - alpha d{name} passed the {P.dtype} range). "
                "The learning rate is too large"
            )
    bad = ~np.isfinite(Z)
    big = max(float(np.abs(A_prev).max()), 0.0), float(np.abs(W).max()), float(np.abs(b).max())
    raise InputError(
        f"{formula}: Z[{l}] {shape_str(Z)} overflowed to inf or NaN in {int(bad.sum())} of {Z.size} entries, "
        f"although A[{l - 1}], W[{l}] and b[{l}] are finite (largest |A[{l - 1}]| = {big[0]:.3g}, "
        f"|W[{l}]| = {big[1]:.3g}, |b[{l}]| = {big[2]:.3g}): the numbers passed the {Z.dtype} range "
        f"(about {np.finfo(Z.dtype).max:.3g}). Weights this large usually come from a learning rate that is too large"
    )


@public("dZ[L] = A[L] - Y")
def backward(
    AL: np.ndarray,
    Y: object,
    caches: Sequence[LayerCache],
    output: str = "softmax",
) -> dict[str, np.ndarray]:
    """The backward pass: every gradient of every layer, from L down to 1.

    Introduced in lesson 00 (used); derived layer by layer in lessons 01 to 05.

    Parameters
    ----------
    AL : ndarray, (n[L], m)
        A[L] from :func:`forward`.
    Y : array_like, (n[L], m)
        Labels: one-hot for "softmax", 0/1 for "sigmoid", numbers for "linear".
    caches : list of LayerCache
        From the same :func:`forward` call.
    output : {"softmax", "sigmoid", "linear"}
        Must be the output the forward pass used.

    Returns
    -------
    grads : dict
        For l = L..1: ``"dZ{l}"`` (n[l], m), ``"dW{l}"`` (n[l], n[l-1]),
        ``"db{l}"`` (n[l], 1), ``"dA{l-1}"`` (n[l-1], m). ``dW`` and ``db``
        are exactly dJ/dW[l] and dJ/db[l]; ``dZ`` and ``dA`` hold per-example
        gradients (m times dJ/dZ, see the module docstring); ``dA0`` is the
        gradient with respect to X.
    """
    check_output(output)
    _check_caches(caches)
    last = caches[-1]
    if last.activation != output:
        raise InputError(
            f"backward(output={output!r}) but the forward pass used output={last.activation!r}; "
            "dZ[L] = A[L] - Y only holds for the output/cost pair the forward pass used"
        )
    L = len(caches)
    if not isinstance(AL, np.ndarray) or AL.shape != last.A.shape:
        raise ShapeError(
            f"dZ[{L}] = A[{L}] - Y: A[{L}] is {shape_str(AL)} but the forward pass made A[{L}] "
            f"{shape_str(last.A)}; pass the AL and caches of one forward call"
        )
    if AL is not last.A:  # a copy is fine, other numbers are not
        AL = as_float_array(AL, f"A[{L}]", f"dZ[{L}] = A[{L}] - Y")
    if AL is not last.A and not np.array_equal(AL, last.A):
        check_finite(AL, f"A[{L}]", f"dZ[{L}] = A[{L}] - Y")
        diff = float(np.max(np.abs(AL - last.A)))
        raise InputError(
            f"dZ[{L}] = A[{L}] - Y: this A[{L}] {shape_str(AL)} is not the A[{L}] of the forward pass that made "
            f"the caches (they differ by up to {diff:.3g}); every gradient uses the caches, so pass the AL and "
            "caches of one forward call"
        )
    Y = check_labels(Y, AL, output, f"dZ[{L}] = A[{L}] - Y", f"A[{L}]")
    return _backward(AL, Y, caches)


def _check_caches(caches: object) -> None:
    """caches is forward's list: LayerCache of layers 1..L in order, each A[l-1] the shape of the A[l-1] before."""
    if not isinstance(caches, Sequence) or isinstance(caches, (str, bytes)):
        raise InputError(f"backward: caches = {type(caches).__name__}; pass the list of caches returned by forward")
    if len(caches) == 0:
        raise InputError("backward: caches is empty; pass the caches returned by forward")
    for i, c in enumerate(caches):
        if not isinstance(c, LayerCache):
            raise InputError(
                f"backward: caches[{i}] = {c!r:.40} is no LayerCache; pass the caches returned by forward, unchanged"
            )
        if c.l != i + 1:
            raise InputError(
                f"backward: caches[{i}] holds layer {c.l}, but caches[{i}] must be layer {i + 1}: "
                f"pass all L caches returned by forward, in order, none dropped (layer 1 first)"
            )
        if i and c.A_prev.shape != caches[i - 1].A.shape:
            raise ShapeError(
                f"backward: the caches do not chain: A[{i}] of layer {i} is {shape_str(caches[i - 1].A)} but "
                f"layer {i + 1} read A[{i}] {shape_str(c.A_prev)}; pass the caches of one forward call"
            )
        if i and c.A_prev is not caches[i - 1].A and not np.array_equal(c.A_prev, caches[i - 1].A):
            raise InputError(
                f"backward: the caches do not chain: layer {i + 1} read an A[{i}] that is not the A[{i}] layer {i} "
                "made (caches from two forward passes?); pass the caches of one forward call"
            )


@public("W[l] := W[l] - alpha dW[l]")
def update(
    params: Mapping[str, np.ndarray], grads: Mapping[str, np.ndarray], learning_rate: float
) -> dict[str, np.ndarray]:
    """One gradient-descent step: W[l] - alpha dW[l], b[l] - alpha db[l].

    Introduced in lesson 03.

    Parameters
    ----------
    params : dict
        ``"W{l}"``, ``"b{l}"``.
    grads : dict
        From :func:`backward`; must hold ``"dW{l}"`` and ``"db{l}"`` of the
        same shapes.
    learning_rate : float
        alpha, a finite number > 0.

    Returns
    -------
    new_params : dict
        New arrays, of the dtype of ``params`` (float32 stays float32; integer
        weights become float64, so a small step is not rounded away);
        ``params`` and its arrays are left unchanged.
    """
    lr = check_number(
        learning_rate, "learning_rate", "W[l] := W[l] - alpha dW[l] (alpha = learning_rate)", positive=True
    )
    L = num_layers(params)
    if not isinstance(grads, Mapping):
        raise InputError(f"grads must be the dict from backward ('dW1', 'db1', ...), not {type(grads).__name__}")
    checked: dict[str, np.ndarray] = {}
    steps: dict[str, np.ndarray] = {}
    for l in range(1, L + 1):
        for p in ("W", "b"):
            key, gkey = f"{p}{l}", f"d{p}{l}"
            if gkey not in grads:
                raise InputError(f"{p}[{l}] := {p}[{l}] - alpha d{p}[{l}]: grads is missing {gkey!r}")
            formula = f"{p}[{l}] := {p}[{l}] - alpha d{p}[{l}]"
            P = as_float_array(params[key], f"{p}[{l}]", formula)  # int weights become float64, never truncated
            G = as_float_array(grads[gkey], f"d{p}[{l}]", formula)
            if P.shape != G.shape:
                raise ShapeError(
                    f"{p}[{l}] := {p}[{l}] - alpha d{p}[{l}]: d{p}[{l}] is {shape_str(G)} but {p}[{l}] is "
                    f"{shape_str(P)}; a variable and its gradient must have the same shape"
                )
            check_finite(G, f"d{p}[{l}]", formula)
            checked[key], steps[gkey] = P, G.astype(P.dtype, copy=False)  # float32 weights stay float32
    with np.errstate(over="ignore", invalid="ignore"):  # an overflow is reported by check_step, in words
        return check_step(_update(checked, steps, lr), lr)


def check_step(new: dict[str, np.ndarray], lr: float) -> dict[str, np.ndarray]:
    """``new``, the weights a gradient-descent step made, after checking that the step did not overflow."""
    for key, P in new.items():
        if not all_finite(P):
            p, l = key[0], key[1:]
            raise InputError(
                f"{p}[{l}] := {p}[{l}] - alpha d{p}[{l}]: the step overflowed ({p}[{l}] - alpha d{p}[{l}] is not "
                f"finite in {P.dtype}); alpha = {lr:g} times d{p}[{l}] is too large: lower the learning rate"
            )
    return new
