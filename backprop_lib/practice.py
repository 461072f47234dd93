"""Training in practice (lesson 10): what is done to the dW that backprop computed, one formula a function.

In the lessons' notation, layer l, m examples (columns)::

    J_L2     = J + lambda/(2m) sum_l ||W[l]||^2                    l2_cost (the penalty term)
    dW[l]   := dW[l] + lambda/m W[l]        (db[l] unchanged)       l2_gradient
    A~[l]    = A[l] * D[l] / keep_prob       (D[l] 0 or 1)          dropout_forward (inverted dropout)
    dA[l]    = dA~[l] * D[l] / keep_prob     (the same D[l])        dropout_backward
    v       := beta v + (1 - beta) dW;   W := W - alpha v                              momentum_update
    v       := beta1 v + (1 - beta1) dW;  s := beta2 s + (1 - beta2) dW^2;
    W       := W - alpha v^ / (sqrt(s^) + eps),  v^ = v / (1 - beta1^t),  s^ = s / (1 - beta2^t)   adam_update

The passes (:func:`forward_dropout`, :func:`backward_practice`), the gradient check of the cost with the penalty
and the masks (:func:`gradcheck_practice`), the spread of a minibatch's dW (:func:`gradient_noise`), minibatch
training (:func:`train_minibatch`) and the elongated bowl of the optimisers (:func:`bowl_path`) are built from
those formulas and from :mod:`.network`'s. Every step ``W := W - alpha (direction)`` goes through
``network._update``, the one home of the step.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

from ._validate import (
    InputError,
    ShapeError,
    all_finite,
    as_float_array,
    check_budget,
    check_finite,
    check_int,
    check_number,
    check_seed,
    public,
    shape_str,
)
from .gradcheck import GradCheckResult, central_differences, elementwise_error, relative_error
from .losses import _cost, check_labels, output_backward
from .network import (
    LayerCache,
    _activation_backward,
    _linear_backward,
    _update,
    _z,
    activation_forward,
    check_step,
    forward,
    init_params,
    num_layers,
)
from .training import TrainingDiverged, has_diverged

OPTIMIZERS = ("gd", "momentum", "adam")
MAX_STEPS = 10_000_000  # steps of one call to train_minibatch (as bp.train)

# ---------------------------------------------------------------------------- the formulas, on checked arrays


def _l2_gradient(dW: np.ndarray, W: np.ndarray, lambd: float, m: int) -> np.ndarray:
    """dW[l] + lambda/m W[l]: the gradient of J + lambda/(2m) ||W[l]||^2 (see :func:`l2_gradient`)."""
    return dW + (lambd / m) * W


def _l2_cost(Ws: Sequence[np.ndarray], lambd: float, m: int) -> float:
    """lambda/(2m) sum_l ||W[l]||^2 (see :func:`l2_cost`)."""
    return float(lambd / (2 * m) * sum(np.sum(W * W) for W in Ws))


def _dropout_forward(A: np.ndarray, D: np.ndarray, keep_prob: float) -> np.ndarray:
    """A~ = A * D / keep_prob (see :func:`dropout_forward`)."""
    return A * D / keep_prob


def _dropout_backward(dA_drop: np.ndarray, D: np.ndarray, keep_prob: float) -> np.ndarray:
    """dA = dA~ * D / keep_prob (see :func:`dropout_backward`)."""
    return dA_drop * D / keep_prob


def _momentum(v: np.ndarray, g: np.ndarray, beta: float) -> np.ndarray:
    """v := beta v + (1 - beta) dW, an average of the recent dW (see :func:`momentum_update`)."""
    return beta * v + (1 - beta) * g


def _adam(v, s, g, t, beta1, beta2, eps):
    """The new v and s, and the direction v^ / (sqrt(s^) + eps) the step takes (see :func:`adam_update`)."""
    v = beta1 * v + (1 - beta1) * g
    s = beta2 * s + (1 - beta2) * (g * g)
    v_hat, s_hat = v / (1 - beta1**t), s / (1 - beta2**t)
    return v, s, v_hat / (np.sqrt(s_hat) + eps)


@dataclass
class OptimizerState:
    """The running averages of :func:`_direction`: momentum's ``velocity`` and Adam's ``moments``."""

    velocity: dict | None = None
    moments: AdamMoments | None = None


def _direction(grads: Mapping[str, np.ndarray], keys: Sequence[str], optimizer: str, state: OptimizerState) -> dict:
    """What ``W := W - alpha (direction)`` steps along, for the gradients ``"d" + key`` of each key: dW itself
    ("gd"), its average v ("momentum", beta = 0.9) or Adam's v^ / (sqrt(s^) + eps) (0.9, 0.999, 1e-8). ``state``
    carries the averages from one step to the next."""
    names = [f"d{k}" for k in keys]
    if optimizer == "momentum":
        v = state.velocity or {}
        state.velocity = {g: _momentum(v.get(g, 0.0), grads[g], 0.9) for g in names}
        return state.velocity
    if optimizer == "adam":
        mo = state.moments = state.moments or AdamMoments()
        mo.t += 1
        direction = {}
        for g in names:
            mo.v[g], mo.s[g], direction[g] = _adam(mo.v.get(g, 0.0), mo.s.get(g, 0.0), grads[g], mo.t, 0.9, 0.999, 1e-8)
        return direction
    return grads


# ---------------------------------------------------------------------------- checks in the lessons' words


def _keep_prob(keep_prob: object, formula: str) -> float:
    p = check_number(keep_prob, "keep_prob", formula, positive=True)
    if p > 1:
        raise InputError(
            f"{formula}: keep_prob = {keep_prob!r}; it is the probability that a unit is kept, between 0 and 1 "
            "(1 keeps every unit: no dropout)"
        )
    return p


def _lambd(lambd: object, formula: str) -> float:
    v = check_number(lambd, "lambd", formula)
    if v < 0:
        raise InputError(
            f"{formula}: lambd = {lambd!r}; the strength of the penalty is >= 0 (a negative one would reward large "
            "weights)"
        )
    return v


def _beta(beta: object, name: str, formula: str) -> float:
    v = check_number(beta, name, formula)
    if not 0 <= v < 1:
        raise InputError(
            f"{formula}: {name} = {beta!r}; an average's weight on the past is between 0 (no memory) and 1, "
            "1 excluded (1 would never let a new dW in)"
        )
    return v


def _check_mask(D: np.ndarray, label: str, formula: str) -> None:
    bad = (D != 0) & (D != 1)
    if bad.any():
        idx = tuple(int(i) for i in np.argwhere(bad)[0])
        raise InputError(
            f"{formula}: {label} must hold 0s and 1s (a unit dropped or kept), but {label}[{', '.join(map(str, idx))}]"
            f" = {D[idx]:g}; the 1/keep_prob is applied by the formula, not stored in the mask"
        )


def _finite_out(out: np.ndarray, name: str, formula: str) -> np.ndarray:
    if not all_finite(out):
        raise InputError(
            f"{formula}: {name} passed the {out.dtype} range (inf or NaN) although the inputs are finite: their "
            "entries are too large"
        )
    return out


# ---------------------------------------------------------------------------- L2 weight decay


@public("J_L2 = J + lambda/(2m) sum_l ||W[l]||^2")
def l2_cost(params: Mapping[str, np.ndarray], lambd: float, m: int) -> float:
    """The L2 penalty term lambda/(2m) sum_l ||W[l]||^2 (the sum of the squares of every weight; biases are not in
    it), to add to the cost J. Introduced in lesson 10.

    Parameters
    ----------
    params : dict
        ``"W{l}"`` (n[l], n[l-1]) and ``"b{l}"`` for l = 1..L.
    lambd : float >= 0
        lambda, the strength of the penalty (``lambda`` is a Python keyword).
    m : int >= 1
        The number of training examples the cost J averages over.

    Returns
    -------
    float
    """
    formula = "J_L2 = J + lambda/(2m) sum_l ||W[l]||^2"
    lambd = _lambd(lambd, formula)
    m = check_int(m, "m", 1, "the number of examples")
    L = num_layers(params)
    Ws = []
    for l in range(1, L + 1):
        W = as_float_array(params[f"W{l}"], f"W[{l}]", formula)
        check_finite(W, f"W[{l}]", formula)
        Ws.append(W)
    with np.errstate(over="ignore", invalid="ignore"):  # said in words below
        penalty = _l2_cost(Ws, lambd, m)
    if not math.isfinite(penalty):
        raise InputError(f"{formula}: the sum of the squared weights passes the float range; the weights are too large")
    return penalty


@public("dW[l] := dW[l] + lambda/m W[l]", same_shape=[("dW", "W")], dW="dW[l]", W="W[l]")
def l2_gradient(dW: np.ndarray, W: np.ndarray, lambd: float, m: int) -> np.ndarray:
    """dW[l] + lambda/m W[l]: the gradient of J + lambda/(2m) sum ||W||^2 with respect to W[l]. Introduced in
    lesson 10.

    The penalty's derivative: d/dW_jk of lambda/(2m) W_jk^2 is lambda/m W_jk (the 2 of the square cancels the
    1/2), and no other term of the cost holds W_jk twice. db[l] gets nothing: the penalty has no b.

    Parameters
    ----------
    dW : ndarray, (n[l], n[l-1])
        Backprop's dW[l], the gradient of J alone.
    W : ndarray, (n[l], n[l-1])
    lambd : float >= 0
    m : int >= 1
        The number of examples J averages over (a minibatch step uses the training set's m: the penalty belongs
        to the whole cost).

    Returns
    -------
    ndarray, (n[l], n[l-1])
    """
    formula = "dW[l] := dW[l] + lambda/m W[l]"
    lambd = _lambd(lambd, formula)
    m = check_int(m, "m", 1, "the number of examples")
    if dW.shape != W.shape:  # the fast path of @public skips the pair check
        raise ShapeError(f"{formula}: dW[l] is {shape_str(dW)} but W[l] is {shape_str(W)}; they must match")
    with np.errstate(over="ignore", invalid="ignore"):
        return _finite_out(_l2_gradient(dW, W, lambd, m), "dW[l] + lambda/m W[l]", formula)


# ---------------------------------------------------------------------------- dropout


@public("D[l] = (a uniform draw < keep_prob), entry by entry")
def dropout_mask(shape: Sequence[int], keep_prob: float, seed: int | None = 0) -> np.ndarray:
    """A dropout mask D[l]: 1 (keep the unit for this example) with probability keep_prob, else 0. Introduced in
    lesson 10.

    Parameters
    ----------
    shape : (n[l], m)
        The shape of A[l]: each unit of each example is kept or dropped on its own.
    keep_prob : float in (0, 1]
    seed : int or None
        The same seed gives the same mask.

    Returns
    -------
    D : ndarray of 0.0 and 1.0, ``shape``
    """
    formula = "D[l] = (uniform draw < keep_prob)"
    keep_prob = _keep_prob(keep_prob, formula)
    if isinstance(shape, np.ndarray):
        shape = shape.tolist()
    if isinstance(shape, (str, bytes)) or not isinstance(shape, Sequence) or len(shape) != 2:
        raise InputError(f"{formula}: shape = {shape!r:.60}; give the shape of A[l], (n[l], m)")
    n = check_int(shape[0], "n[l]", 1, "the units of the layer")
    m = check_int(shape[1], "m", 1, "the number of examples")
    check_budget(float(n) * m, f"a mask of shape ({n}, {m})", formula)
    rng = np.random.default_rng(check_seed(seed, "dropout_mask"))
    return _mask(rng, (n, m), keep_prob)


def _mask(rng: np.random.Generator, shape: tuple[int, int], keep_prob: float) -> np.ndarray:
    return (rng.random(shape) < keep_prob).astype(np.float64)


@public("A~[l] = A[l] * D[l] / keep_prob", same_shape=[("A", "mask")], A="A[l]", mask="D[l]")
def dropout_forward(A: np.ndarray, mask: np.ndarray, keep_prob: float) -> np.ndarray:
    """Inverted dropout: A~[l] = A[l] * D[l] / keep_prob, element-wise. Introduced in lesson 10.

    A dropped unit gives 0; a kept one is scaled up by 1/keep_prob, so that the expected value of A~[l] over the
    masks is A[l] itself: E[D / keep_prob] = keep_prob / keep_prob = 1. That is why nothing changes at test
    time: the forward pass then uses A[l] itself, no mask, no scaling.

    Parameters
    ----------
    A : ndarray, (n[l], m)
    mask : ndarray of 0s and 1s, (n[l], m)
        D[l], from :func:`dropout_mask`.
    keep_prob : float in (0, 1]

    Returns
    -------
    A_drop : ndarray, (n[l], m)
    """
    formula = "A~[l] = A[l] * D[l] / keep_prob"
    keep_prob = _keep_prob(keep_prob, formula)
    if A.shape != mask.shape:
        raise ShapeError(f"{formula}: A[l] is {shape_str(A)} but D[l] is {shape_str(mask)}; they must match")
    _check_mask(mask, "D[l]", formula)
    with np.errstate(over="ignore", invalid="ignore"):
        return _finite_out(_dropout_forward(A, mask, keep_prob), "A~[l]", formula)


@public("dA[l] = dA~[l] * D[l] / keep_prob", same_shape=[("dA_drop", "mask")], dA_drop="dA~[l]", mask="D[l]")
def dropout_backward(dA_drop: np.ndarray, mask: np.ndarray, keep_prob: float) -> np.ndarray:
    """The backward step of inverted dropout: dA[l] = dA~[l] * D[l] / keep_prob. Introduced in lesson 10.

    Each entry of A~[l] is its entry of A[l] times the number D / keep_prob, so the chain rule multiplies the
    gradient arriving for A~[l] by that same number: the same mask as the forward pass (a dropped unit passed
    nothing forward and gets no blame back), and the same 1/keep_prob. Like ReLU's backward step (lesson 03),
    it is an element-wise mask.

    Parameters
    ----------
    dA_drop : ndarray, (n[l], m)
        The gradient for the dropped activations A~[l]: what W[l+1]^T dZ[l+1] gives.
    mask : ndarray of 0s and 1s, (n[l], m)
        The D[l] of the forward pass.
    keep_prob : float in (0, 1]

    Returns
    -------
    dA : ndarray, (n[l], m)
        The gradient for A[l], which dZ[l] = dA[l] * g'(Z[l]) needs.
    """
    formula = "dA[l] = dA~[l] * D[l] / keep_prob"
    keep_prob = _keep_prob(keep_prob, formula)
    if dA_drop.shape != mask.shape:
        raise ShapeError(f"{formula}: dA~[l] is {shape_str(dA_drop)} but D[l] is {shape_str(mask)}; they must match")
    _check_mask(mask, "D[l]", formula)
    with np.errstate(over="ignore", invalid="ignore"):
        return _finite_out(_dropout_backward(dA_drop, mask, keep_prob), "dA[l]", formula)


# ---------------------------------------------------------------------------- momentum and Adam


def _checked_step(
    params: object, grads: object, formula: str, extra: Mapping[str, object] = ()
) -> tuple[dict[str, np.ndarray], dict[str, np.ndarray], dict[str, dict[str, np.ndarray]]]:
    """params and grads as float arrays, ``grads["d" + key]`` for every key of params, same shapes; and each dict of
    ``extra`` (velocity, v, s) holding an array of each gradient's shape."""
    if not isinstance(params, Mapping) or not params:
        raise InputError(f"{formula}: params must be a dict of arrays ('W1', 'b1', ...), not {type(params).__name__}")
    if not isinstance(grads, Mapping):
        raise InputError(
            f"{formula}: grads must be a dict of gradients ('dW1', 'db1', ...), not {type(grads).__name__}"
        )
    P, G = {}, {}
    for key, value in params.items():
        if not isinstance(key, str):
            raise InputError(f"{formula}: the keys of params are names ('W1', 'b1', ...), not {key!r}")
        gkey = "d" + key
        if gkey not in grads:
            raise InputError(f"{formula}: grads is missing {gkey!r}, the gradient of {key!r}")
        P[key] = as_float_array(value, key, formula)
        G[gkey] = as_float_array(grads[gkey], gkey, formula)
        if P[key].shape != G[gkey].shape:
            raise ShapeError(
                f"{formula}: {gkey} is {shape_str(G[gkey])} but {key} is {shape_str(P[key])}; a variable and its "
                "gradient have the same shape"
            )
        check_finite(P[key], key, formula)
        check_finite(G[gkey], gkey, formula)
    out: dict[str, dict[str, np.ndarray]] = {}
    for name, given in dict(extra).items():
        if given is None:
            out[name] = {k: np.zeros_like(g) for k, g in G.items()}
            continue
        if not isinstance(given, Mapping):
            raise InputError(f"{formula}: {name} must be a dict with one array per gradient ('dW1', ...), or None")
        out[name] = {}
        for gkey, g in G.items():
            if gkey not in given:
                raise InputError(f"{formula}: {name} is missing {gkey!r} (None starts every average at 0)")
            arr = as_float_array(given[gkey], f"{name}[{gkey!r}]", formula)
            if arr.shape != g.shape:
                raise ShapeError(f"{formula}: {name}[{gkey!r}] is {shape_str(arr)} but {gkey} is {shape_str(g)}")
            check_finite(arr, f"{name}[{gkey!r}]", formula)
            out[name][gkey] = arr
    return P, G, out


def _stepped(params: dict, direction: dict, lr: float) -> dict[str, np.ndarray]:
    """W := W - alpha (direction), through the one home of the step, checked for overflow."""
    with np.errstate(over="ignore", invalid="ignore"):
        return check_step(_update(params, direction, lr), lr)


@public("v := beta v + (1 - beta) dW;  W := W - alpha v")
def momentum_update(
    params: Mapping[str, np.ndarray],
    grads: Mapping[str, np.ndarray],
    velocity: Mapping[str, np.ndarray] | None,
    learning_rate: float,
    beta: float = 0.9,
) -> tuple[dict[str, np.ndarray], dict[str, np.ndarray]]:
    """One step of gradient descent with momentum. Introduced in lesson 10.

    ``v`` is an exponentially weighted average of the recent dW: ``v := beta v + (1 - beta) dW``, then
    ``W := W - alpha v`` (and the same for every b). Where dW keeps its sign from step to step, v grows to dW's
    size; where dW flips sign (a zigzag across a narrow valley), the average cancels it.

    Parameters
    ----------
    params : dict of arrays (``"W1"``, ``"b1"``, ..., any names)
    grads : dict with ``"d" + name`` for every name of params, of the same shape
    velocity : dict like grads, or None
        The averages of the step before (None: all 0, the first step).
    learning_rate : float > 0
    beta : float in [0, 1)
        The average's weight on the past: 0.9 averages about the last 10 steps.

    Returns
    -------
    (new_params, new_velocity) : new dicts; the ones given are unchanged.
    """
    formula = "v := beta v + (1 - beta) dW;  W := W - alpha v"
    lr = check_number(learning_rate, "learning_rate", formula, positive=True)
    beta = _beta(beta, "beta", formula)
    P, G, state = _checked_step(params, grads, formula, {"velocity": velocity})
    with np.errstate(over="ignore", invalid="ignore"):
        v = {k: _finite_out(_momentum(state["velocity"][k], g, beta), f"v[{k!r}]", formula) for k, g in G.items()}
    return _stepped(P, v, lr), v


@dataclass
class AdamMoments:
    """Adam's running averages: ``v`` of dW, ``s`` of dW^2 (dicts keyed like the gradients), and ``t``, the number
    of steps taken (for the bias correction 1 / (1 - beta^t))."""

    v: dict[str, np.ndarray] = field(default_factory=dict)
    s: dict[str, np.ndarray] = field(default_factory=dict)
    t: int = 0


@public("Adam: W := W - alpha v^ / (sqrt(s^) + eps)")
def adam_update(
    params: Mapping[str, np.ndarray],
    grads: Mapping[str, np.ndarray],
    moments: AdamMoments | None,
    learning_rate: float,
    beta1: float = 0.9,
    beta2: float = 0.999,
    eps: float = 1e-8,
) -> tuple[dict[str, np.ndarray], AdamMoments]:
    """One Adam step. Introduced in lesson 10.

    ``v := beta1 v + (1 - beta1) dW`` (the momentum average) and ``s := beta2 s + (1 - beta2) dW^2`` (an average
    of each entry's square), both corrected for their start at 0 (``v^ = v / (1 - beta1^t)``,
    ``s^ = s / (1 - beta2^t)``), then ``W := W - alpha v^ / (sqrt(s^) + eps)``, entry by entry. Dividing by the
    root mean square of its own recent gradients gives every entry a step of about alpha, whether its dW is large
    or small.

    Parameters
    ----------
    params, grads : as in :func:`momentum_update`
    moments : AdamMoments or None
        The averages and step count of the step before (None: the first step).
    learning_rate : float > 0
    beta1, beta2 : float in [0, 1)
    eps : float > 0
        Keeps the division finite where s^ is 0.

    Returns
    -------
    (new_params, new_moments)
    """
    formula = "Adam: W := W - alpha v^ / (sqrt(s^) + eps)"
    lr = check_number(learning_rate, "learning_rate", formula, positive=True)
    beta1, beta2 = _beta(beta1, "beta1", formula), _beta(beta2, "beta2", formula)
    eps = check_number(eps, "eps", formula, positive=True)
    if moments is not None and not isinstance(moments, AdamMoments):
        raise InputError(f"{formula}: moments must be the AdamMoments of the step before, or None for the first step")
    t = 0 if moments is None else moments.t
    if not isinstance(t, int) or isinstance(t, bool) or t < 0 or t >= MAX_STEPS:
        raise InputError(f"{formula}: moments.t = {t!r}; the steps taken so far, a whole number >= 0")
    P, G, state = _checked_step(
        params,
        grads,
        formula,
        {"v": None if moments is None else moments.v, "s": None if moments is None else moments.s},
    )
    t += 1
    v, s, direction = {}, {}, {}
    with np.errstate(over="ignore", invalid="ignore", under="ignore"):
        for k, g in G.items():
            v[k], s[k], direction[k] = _adam(state["v"][k], state["s"][k], g, t, beta1, beta2, eps)
            _finite_out(s[k], f"s[{k!r}]", formula)
            _finite_out(direction[k], f"v^ / (sqrt(s^) + eps) of {k!r}", formula)
    return _stepped(P, direction, lr), AdamMoments(v, s, t)


# ---------------------------------------------------------------------------- the passes, with dropout and L2


def _forward_dropout(
    X: np.ndarray, params: Mapping[str, np.ndarray], names: Sequence[str], masks: Mapping[int, np.ndarray], keep: float
) -> tuple[np.ndarray, list[LayerCache]]:
    """The forward pass with A~[l] = A[l] * D[l] / keep_prob after each hidden layer l in ``masks``: layer l + 1
    reads A~[l] (its cache's A_prev), and layer l's cache keeps A[l] itself (g'(Z[l]) may read it)."""
    A, caches, L = X, [], len(names)
    for l, name in enumerate(names, start=1):
        Z = _z(A, params, l)
        A_l = activation_forward.__wrapped__(Z, name)
        caches.append(LayerCache(l, A, params[f"W{l}"], params[f"b{l}"], Z, A_l, name))
        A = _dropout_forward(A_l, masks[l], keep) if l < L and l in masks else A_l
    return A, caches


def _backward_practice(
    AL: np.ndarray,
    Y: np.ndarray,
    caches: Sequence[LayerCache],
    masks: Mapping[int, np.ndarray],
    keep: float,
    lambd: float,
    m_l2: int,
    step: Callable = _dropout_backward,
    to_X: bool = True,
) -> dict[str, np.ndarray]:
    """The backward pass of :func:`network._backward`, with the dropout step dA[l] = dA~[l] * D[l] / keep_prob
    (``step``) before each masked layer's dZ[l], and lambda/m W[l] added to each dW[l] (m = ``m_l2``)."""
    L = len(caches)
    grads: dict[str, np.ndarray] = {}
    dZ = output_backward.__wrapped__(AL, Y)
    for cache in reversed(caches):
        l = cache.l
        if l < L:
            dA = grads[f"dA{l}"]  # what W[l+1]^T dZ[l+1] gave: the gradient for A~[l]
            if l in masks:
                dA = grads[f"dA{l}"] = step(dA, masks[l], keep)
            dZ = _activation_backward(dA, cache.Z, cache.activation, cache.A)
        grads[f"dZ{l}"] = dZ
        dW, db, dA_prev = _linear_backward(dZ, cache.A_prev, cache.W if l > 1 or to_X else None)
        grads[f"dW{l}"] = _l2_gradient(dW, cache.W, lambd, m_l2) if lambd else dW
        grads[f"db{l}"] = db
        if dA_prev is not None:
            grads[f"dA{l - 1}"] = dA_prev
    return grads


def _checked_masks(masks: object, caches: Sequence[LayerCache], formula: str) -> dict[int, np.ndarray]:
    """``{"D1": ..., "D{L-1}"}`` (any subset of the hidden layers) as {l: D[l]}, each 0/1 of A[l]'s shape."""
    if masks is None:
        return {}
    if not isinstance(masks, Mapping):
        raise InputError(f"{formula}: masks must be a dict {{'D1': D[1], ...}}, one 0/1 mask per hidden layer, or None")
    L, out = len(caches), {}
    for key, D in masks.items():
        l = int(key[1:]) if isinstance(key, str) and key[:1] == "D" and key[1:].isdigit() else None
        if l is None or not 1 <= l < L:
            raise InputError(
                f"{formula}: masks has the key {key!r}; dropout masks hidden layers only: 'D1', ..., 'D{L - 1}'"
                if L > 1
                else f"{formula}: masks has the key {key!r}, but a 1-layer network has no hidden layer to drop"
            )
        D = as_float_array(D, f"D[{l}]", formula)
        if D.shape != caches[l - 1].A.shape:
            raise ShapeError(f"{formula}: D[{l}] is {shape_str(D)} but A[{l}] is {shape_str(caches[l - 1].A)}")
        _check_mask(D, f"D[{l}]", formula)
        out[l] = D
    return out


@public("A~[l] = A[l] * D[l] / keep_prob, layer by layer", X="X = A[0]")
def forward_dropout(
    X: object,
    params: Mapping[str, np.ndarray],
    masks: Mapping[str, np.ndarray] | None,
    keep_prob: float,
    hidden: str | Sequence[str] = "relu",
    output: str = "softmax",
) -> tuple[np.ndarray, list[LayerCache]]:
    """The forward pass of :func:`backprop_lib.forward` with inverted dropout after each hidden layer that has a
    mask. Introduced in lesson 10.

    Parameters
    ----------
    X, params, hidden, output : as in :func:`backprop_lib.forward`
    masks : dict or None
        ``"D{l}"``: a 0/1 mask of A[l]'s shape (n[l], m) for each hidden layer l to drop (None: no dropout, the
        test-time pass).
    keep_prob : float in (0, 1]

    Returns
    -------
    AL, caches
        ``caches[l-1].A`` is A[l] before its mask; ``caches[l].A_prev``, what layer l + 1 read, is A~[l].
    """
    formula = "A~[l] = A[l] * D[l] / keep_prob"
    keep = _keep_prob(keep_prob, formula)
    AL, caches = forward(X, params, hidden, output)  # every check of X, params and the names
    D = _checked_masks(masks, caches, formula)
    if not D:
        return AL, caches
    with np.errstate(over="ignore", invalid="ignore"):
        return _forward_dropout(caches[0].A_prev, _params_of(caches), [c.activation for c in caches], D, keep)


@public("backward with dropout and L2", Y="Y")
def backward_practice(
    AL: np.ndarray,
    Y: object,
    caches: Sequence[LayerCache],
    lambd: float = 0.0,
    masks: Mapping[str, np.ndarray] | None = None,
    keep_prob: float = 1.0,
    dropout_step: Callable | None = None,
) -> dict[str, np.ndarray]:
    """The backward pass of the cost J + lambda/(2m) sum ||W[l]||^2 through a forward pass with dropout masks.
    Introduced in lesson 10.

    The pass of :func:`backprop_lib.backward`, with two changes: before dZ[l] = dA[l] * g'(Z[l]) of a masked
    layer, dA[l] = dA~[l] * D[l] / keep_prob (:func:`dropout_backward`), and each dW[l] gets lambda/m W[l]
    (:func:`l2_gradient`, m = the columns of A[L]). ``grads["dA{l}"]`` is the gradient for A[l] (after the mask).

    Parameters
    ----------
    AL, caches : from :func:`forward_dropout` (or :func:`backprop_lib.forward`), with the same masks
    Y : labels, as in :func:`backprop_lib.backward`
    lambd : float >= 0
    masks, keep_prob : the ones the forward pass used
    dropout_step : function (dA_drop, mask, keep_prob) -> dA, optional
        Computes the dropout step instead of the library (a learner's own, to check it in a whole network).

    Returns
    -------
    grads : dict, as :func:`backprop_lib.backward` returns
    """
    formula = "backward with dropout and L2"
    lambd = _lambd(lambd, formula)
    keep = _keep_prob(keep_prob, formula)
    if dropout_step is not None and not callable(dropout_step):
        raise InputError(f"{formula}: dropout_step must be a function (dA_drop, mask, keep_prob) -> dA, or None")
    if not isinstance(caches, Sequence) or isinstance(caches, (str, bytes)) or not caches:
        raise InputError(f"{formula}: caches must be the non-empty list forward_dropout returned")
    if not all(isinstance(c, LayerCache) for c in caches) or [c.l for c in caches] != list(range(1, len(caches) + 1)):
        raise InputError(f"{formula}: caches must be the LayerCache list of one forward pass, layer 1 first")
    D = _checked_masks(masks, caches, formula)
    last, L = caches[-1], len(caches)
    if not isinstance(AL, np.ndarray) or AL is not last.A and not np.array_equal(AL, last.A):
        raise InputError(f"{formula}: pass the AL of the forward pass that made the caches (A[{L}] of caches[-1])")
    Y = check_labels(Y, last.A, last.activation, f"dZ[{L}] = A[{L}] - Y", f"A[{L}]")
    for c in caches:
        if c.l > 1:
            below = caches[c.l - 2]
            want = below.A if c.l - 1 not in D else _dropout_forward(below.A, D[c.l - 1], keep)
            if c.A_prev.shape != below.A.shape or not np.allclose(c.A_prev, want, rtol=1e-12, atol=0):
                raise InputError(
                    f"{formula}: layer {c.l} read an A[{c.l - 1}] that is not "
                    + (
                        "A~ = A * D / keep_prob with these masks"
                        if c.l - 1 in D
                        else f"the A[{c.l - 1}] layer {c.l - 1} made"
                    )
                    + ": pass the masks and keep_prob the forward pass used"
                )
    step = _dropout_backward if dropout_step is None else _learner_step(dropout_step, formula)
    with np.errstate(over="ignore", invalid="ignore"):
        grads = _backward_practice(last.A, Y, caches, D, keep, lambd, AL.shape[1], step)
    for k, g in grads.items():
        _finite_out(np.asarray(g, dtype=float), k, formula)
    return grads


def _learner_step(fn: Callable, formula: str) -> Callable:
    """A dropout step given by the caller, whose answer is checked for its shape before it is used."""

    def step(dA_drop: np.ndarray, D: np.ndarray, keep: float) -> np.ndarray:
        try:
            out = fn(dA_drop.copy(), D.copy(), keep)
        except Exception as exc:
            raise InputError(f"{formula}: dropout_step raised {type(exc).__name__}: {exc}") from exc
        out = as_float_array(out, "dropout_step's dA", formula)
        if out.shape != dA_drop.shape:
            raise ShapeError(
                f"{formula}: dropout_step returned {shape_str(out)} for a dA~ of {shape_str(dA_drop)}; dA has A's shape"
            )
        return out

    return step


@public("gradient check of J + lambda/(2m) sum ||W||^2, masks held fixed", X="X = A[0]", Y="Y")
def gradcheck_practice(
    params: Mapping[str, np.ndarray],
    X: object,
    Y: object,
    hidden: str | Sequence[str] = "relu",
    output: str = "softmax",
    grads: Mapping[str, np.ndarray] | None = None,
    lambd: float = 0.0,
    masks: Mapping[str, np.ndarray] | None = None,
    keep_prob: float = 1.0,
    eps: float = 1e-6,
    sample: int | None = None,
) -> GradCheckResult:
    """:func:`backprop_lib.gradcheck` for the cost with the L2 penalty, through a forward pass with fixed dropout
    masks. Introduced in lesson 10.

    With the masks held fixed, J + lambda/(2m) sum ||W||^2 is an ordinary function of the weights, and central
    differences measure its slope entry by entry. ``grads`` default to :func:`backward_practice`'s. ``sample``
    checks at most that many entries of each W[l] and b[l], drawn at random (the same ones every time), as
    :func:`backprop_lib.gradcheck` does.

    Returns
    -------
    GradCheckResult (its ``summary()`` prints the table)
    """
    formula = "gradient check of J + lambda/(2m) sum ||W||^2"
    lambd = _lambd(lambd, formula)
    keep = _keep_prob(keep_prob, formula)
    eps = check_number(eps, "eps", formula, positive=True)
    if sample is not None:
        sample = check_int(sample, "sample", 1, "the entries checked per parameter")
    L = num_layers(params)
    P = {
        k: as_float_array(params[k], f"{k[0]}[{l}]", formula).astype(np.float64)
        for l in range(1, L + 1)
        for k in (f"W{l}", f"b{l}")
    }
    X = as_float_array(X, "X = A[0]", formula).astype(np.float64)
    AL, caches = forward_dropout(X, P, masks, keep, hidden, output)  # checks X, P, the names and the masks
    D = _checked_masks(masks, caches, formula)
    names, Yc, m = [c.activation for c in caches], check_labels(Y, AL, output), X.shape[1]
    Ws = [P[f"W{l}"] for l in range(1, L + 1)]

    def J(_: np.ndarray) -> float:
        ZL = _forward_dropout(X, P, names, D, keep)[1][-1].Z
        return _cost(ZL, ZL, Yc, output) + _l2_cost(Ws, lambd, m)

    if grads is None:
        grads = backward_practice(AL, Yc, caches, lambd, masks, keep)
    keys = [f"d{p}{l}" for l in range(1, L + 1) for p in ("W", "b")]
    if not isinstance(grads, Mapping) or any(k not in grads for k in keys):
        raise InputError(f"{formula}: grads must be a dict with {', '.join(keys)}")
    analytic, numerical, elem, per, checked = {}, {}, {}, {}, {}
    rng = np.random.default_rng(0)
    for key in keys:
        theta = P[key[1:]]
        a = as_float_array(grads[key], key, formula).astype(np.float64)
        if a.shape != theta.shape:
            raise ShapeError(f"{formula}: {key} is {shape_str(a)} but {key[1:]} is {shape_str(theta)}")
        check_finite(a, key, formula)
        entries = list(np.ndindex(theta.shape))
        if sample is not None and sample < len(entries):
            entries = [entries[k] for k in sorted(rng.choice(len(entries), sample, replace=False))]
        checked[key] = np.zeros(theta.shape, bool)
        for i in entries:
            checked[key][i] = True
        with np.errstate(over="ignore", invalid="ignore"):
            slopes = central_differences(J, theta, eps, entries)
        analytic[key] = a
        numerical[key] = np.where(checked[key], slopes, np.nan)
        per[key] = relative_error(a[checked[key]], slopes[checked[key]])
        elem[key] = np.where(checked[key], elementwise_error(a, slopes), np.nan)
    overall = relative_error(
        np.concatenate([analytic[k][checked[k]] for k in keys]),
        np.concatenate([numerical[k][checked[k]] for k in keys]),
    )
    near = sum(int(np.sum(np.abs(c.Z) < 1e-5)) for c in caches[:-1] if c.activation in ("relu", "leaky_relu"))
    sampled = None if all(c.all() for c in checked.values()) else checked
    return GradCheckResult(overall, per, elem, analytic, numerical, near, eps, "float64", sampled)


# ---------------------------------------------------------------------------- how noisy a minibatch's dW is


@dataclass
class GradientNoise:
    """What :func:`gradient_noise` measured: for each batch size B, the spread of a minibatch's gradient around the
    full-batch gradient, relative to the full gradient's size.

    Attributes
    ----------
    batch_sizes : list of int
    measured : list of float
        sqrt(mean over the draws of ||g_B - g||^2) / ||g||, g every dW and db of the network together.
    predicted : list of float
        The same from the per-example gradients alone: sigma / sqrt(B) * sqrt((m - B) / (m - 1)) / ||g||, sigma^2
        the mean of ||g_i - g||^2 over the m examples (B drawn without replacement).
    m : int
    draws : int
    """

    batch_sizes: list[int]
    measured: list[float]
    predicted: list[float]
    m: int
    draws: int

    def summary(self) -> str:
        lines = [f"spread of a minibatch's gradient around the full one (m = {self.m}, {self.draws} batches each)"]
        lines.append(f"{'B':>6} {'measured':>9} {'predicted':>10} {'x sqrt(B)':>10}")
        for B, a, p in zip(self.batch_sizes, self.measured, self.predicted, strict=True):
            lines.append(f"{B:>6} {a:>9.3f} {p:>10.3f} {a * math.sqrt(B):>10.2f}")
        return "\n".join(lines)


@public("the spread of a minibatch's dW", X="X = A[0]", Y="Y")
def gradient_noise(
    X: object,
    Y: object,
    params: Mapping[str, np.ndarray],
    batch_sizes: Sequence[int],
    draws: int = 200,
    seed: int = 0,
    hidden: str | Sequence[str] = "relu",
    output: str = "softmax",
) -> GradientNoise:
    """How far a minibatch's gradient lies from the full-batch gradient, for each batch size. Introduced in
    lesson 10.

    A batch of B examples drawn at random (without replacement) gives dW = 1/B dZ A_prev^T on its own columns:
    the average of B per-example gradients g_i = dZ[:, i] A_prev[:, i]^T (lesson 04's outer products). Its mean
    over the draws is the full-batch dW, and its spread shrinks like 1/sqrt(B): the variance of an average of B
    independent draws is sigma^2 / B (times (m - B)/(m - 1) without replacement, 0 at B = m).

    Parameters
    ----------
    X, Y, params, hidden, output : as in :func:`backprop_lib.backward` (the whole training set)
    batch_sizes : list of int, each 1..m
    draws : int >= 2, batches drawn for each size
    seed : int
    """
    formula = "the spread of a minibatch's dW"
    AL, caches = forward(X, params, hidden, output)
    Yc = check_labels(Y, AL, output)
    m = AL.shape[1]
    if isinstance(batch_sizes, (str, bytes)) or not isinstance(batch_sizes, Sequence) or not batch_sizes:
        raise InputError(f"{formula}: batch_sizes must be a list of batch sizes, each from 1 to m = {m}")
    sizes = [check_int(B, "batch size", 1, "the examples of a batch") for B in batch_sizes]
    if max(sizes) > m:
        raise InputError(f"{formula}: a batch of {max(sizes)} examples, but there are only m = {m}")
    draws = check_int(draws, "draws", 2, "the batches drawn for each size")
    check_budget(
        float(draws) * sum(sizes) * sum(c.A.shape[0] + c.A_prev.shape[0] for c in caches), "the batches", formula
    )
    rng = np.random.default_rng(check_seed(seed, formula))
    names, P = [c.activation for c in caches], _params_of(caches)
    X = caches[0].A_prev
    with np.errstate(over="ignore", invalid="ignore"):
        full = _backward_practice(AL, Yc, caches, {}, 1.0, 0.0, m, to_X=False)
        keys = [f"d{p}{c.l}" for c in caches for p in ("W", "b")]
        g = np.concatenate([full[k].ravel() for k in keys])
        # per-example gradients: ||g_i||^2 = sum_l ||dZ_i||^2 (||A_prev_i||^2 + 1), and their mean is g
        sq = sum(np.sum(full[f"dZ{c.l}"] ** 2, axis=0) * (np.sum(c.A_prev**2, axis=0) + 1.0) for c in caches)
        sigma2 = float(np.mean(sq) - g @ g)
        norm = float(np.linalg.norm(g))
        measured, predicted = [], []
        for B in sizes:
            total = 0.0
            for _ in range(draws):
                cols = rng.choice(m, B, replace=False)
                ALb, cb = _forward_dropout(X[:, cols], P, names, {}, 1.0)
                gb = _backward_practice(ALb, Yc[:, cols], cb, {}, 1.0, 0.0, B, to_X=False)
                d = np.concatenate([gb[k].ravel() for k in keys]) - g
                total += float(d @ d)
            measured.append(math.sqrt(total / draws) / norm)
            predicted.append(math.sqrt(max(sigma2, 0.0) / B * (m - B) / max(m - 1, 1)) / norm)
    if not all(math.isfinite(v) for v in measured + predicted):
        raise InputError(f"{formula}: the gradients passed the float range; the weights or inputs are too large")
    return GradientNoise(sizes, measured, predicted, m, draws)


def _params_of(caches: Sequence[LayerCache]) -> dict[str, np.ndarray]:
    """The W[l] and b[l] a forward pass used, from its caches."""
    return {k: v for c in caches for k, v in ((f"W{c.l}", c.W), (f"b{c.l}", c.b))}


# ---------------------------------------------------------------------------- minibatch training


@dataclass
class MinibatchHistory:
    """What :func:`train_minibatch` returns.

    Attributes
    ----------
    params : dict
        The trained W[l] and b[l].
    epochs : list of int
        0 (the start), 1, 2, ...: when each cost below was measured.
    costs : list of float
        J on the whole training set after each epoch (the data term alone, no penalty, no dropout: the cost the
        network has at test time).
    val_costs : list of float
        J on the validation set, at the same epochs (empty without one).
    steps : int
        The gradient-descent steps taken.
    seconds : float
    """

    params: dict[str, np.ndarray]
    epochs: list[int] = field(default_factory=list)
    costs: list[float] = field(default_factory=list)
    val_costs: list[float] = field(default_factory=list)
    steps: int = 0
    seconds: float = 0.0


@public("minibatch training: W := W - alpha (dW + lambda/m W)", X="X", Y="Y")
def train_minibatch(
    X: np.ndarray,
    Y: np.ndarray,
    layer_dims: Sequence[int] | None = None,
    hidden: str | Sequence[str] = "relu",
    output: str = "softmax",
    learning_rate: float = 0.1,
    epochs: int = 10,
    batch_size: int = 64,
    lambd: float = 0.0,
    keep_prob: float = 1.0,
    optimizer: str = "gd",
    seed: int = 0,
    params: Mapping[str, np.ndarray] | None = None,
    validation: tuple[np.ndarray, np.ndarray] | None = None,
) -> MinibatchHistory:
    """Minibatch training with L2 weight decay, inverted dropout and an optimiser. Introduced in lesson 10.

    Each epoch draws a new order of the m columns; each batch of ``batch_size`` of them (the last one smaller)
    runs :func:`forward_dropout` with fresh masks (when keep_prob < 1), the backward pass with
    dA[l] = dA~[l] * D[l] / keep_prob and dW[l] += lambda/m W[l] (m = the training set's size: the penalty
    belongs to the whole cost, so its weight does not change with the batch size), and one step of
    ``optimizer``: "gd" (W := W - alpha dW), "momentum" (:func:`momentum_update`, beta = 0.9) or "adam"
    (:func:`adam_update`, beta1 = 0.9, beta2 = 0.999). One generator, ``np.random.default_rng(seed)``, draws
    the orders and the masks; the start is ``init_params(layer_dims, seed=seed)`` unless ``params`` is given.

    Parameters
    ----------
    X, Y : the training set, (n[0], m) and (n[L], m)
    validation : (X_val, Y_val), optional
        Its cost is recorded after every epoch, beside the training cost.

    Returns
    -------
    MinibatchHistory
    """
    formula = "minibatch training"
    lr = check_number(learning_rate, "learning_rate", "W[l] := W[l] - alpha dW[l]", positive=True)
    epochs = check_int(epochs, "epochs", 0, "the passes over the training set")
    batch_size = check_int(batch_size, "batch_size", 1, "the examples of one batch")
    lambd = _lambd(lambd, formula)
    keep = _keep_prob(keep_prob, formula)
    if not isinstance(optimizer, str) or optimizer not in OPTIMIZERS:
        raise InputError(f"{formula}: optimizer = {optimizer!r}; choose one of {', '.join(map(repr, OPTIMIZERS))}")
    seed = check_seed(seed, formula)
    if params is None:
        if layer_dims is None:
            raise InputError(f"{formula}: give layer_dims (to initialise the parameters) or params")
        params = init_params(layer_dims, seed=seed, scale="he" if hidden == "relu" else "lecun")
    AL, caches = forward(X, params, hidden, output)  # every check of X, params and the names, once
    Yc = check_labels(Y, AL, output)
    m = AL.shape[1]
    if layer_dims is not None:
        dims = [caches[0].A_prev.shape[0]] + [c.A.shape[0] for c in caches]
        if isinstance(layer_dims, (str, bytes)) or not isinstance(layer_dims, Sequence) or list(layer_dims) != dims:
            raise InputError(f"{formula}: layer_dims = {layer_dims!r:.60} but params are a network of sizes {dims}")
    per_epoch = -(-m // batch_size)
    if epochs * per_epoch > MAX_STEPS:
        raise InputError(f"{formula}: {epochs:,} epochs of {per_epoch:,} steps; one call trains at most {MAX_STEPS:,}")
    val = None
    if validation is not None:
        if not isinstance(validation, (tuple, list)) or len(validation) != 2:
            raise InputError(f"{formula}: validation must be a pair (X_val, Y_val)")
        ALv, cv = forward(validation[0], params, hidden, output)
        val = (cv[0].A_prev, check_labels(validation[1], ALv, output))
    X = caches[0].A_prev
    names = [c.activation for c in caches]
    L = len(names)
    P = _params_of(caches)
    hist = MinibatchHistory(P)
    rng = np.random.default_rng(seed)
    state = OptimizerState()
    t0 = time.perf_counter()

    def record(epoch: int) -> float:
        ZL = _forward_dropout(X, P, names, {}, 1.0)[1][-1].Z
        J = _cost(ZL, ZL, Yc, output)
        hist.epochs.append(epoch)
        hist.costs.append(J)
        if val is not None:
            Zv = _forward_dropout(val[0], P, names, {}, 1.0)[1][-1].Z
            hist.val_costs.append(_cost(Zv, Zv, val[1], output))
        return J

    with np.errstate(over="ignore", invalid="ignore", under="ignore"):
        J0 = record(0)
        for epoch in range(1, epochs + 1):
            order = rng.permutation(m)
            for k in range(0, m, batch_size):
                cols = order[k : k + batch_size]
                n = [c.A.shape[0] for c in caches]
                D = {l: _mask(rng, (n[l - 1], len(cols)), keep) for l in range(1, L)} if keep < 1 else {}
                try:
                    ALb, cb = _forward_dropout(X[:, cols], P, names, D, keep)
                except InputError as exc:
                    _stop(hist, P, t0, epoch, lr, f"the numbers overflowed ({exc})")
                grads = _backward_practice(ALb, Yc[:, cols], cb, D, keep, lambd, m, to_X=False)
                direction = _direction(grads, list(P), optimizer, state)
                P = _update(P, direction, lr)
                hist.steps += 1
            hist.params = P
            try:
                J = record(epoch)
            except InputError as exc:  # the last step of the epoch overflowed
                _stop(hist, P, t0, epoch, lr, f"the numbers overflowed ({exc})")
            if has_diverged(J, J0):
                _stop(hist, P, t0, epoch, lr, f"J went from {J0:.4g} at the start to {J:.4g}")
    hist.params, hist.seconds = P, time.perf_counter() - t0
    return hist


def _stop(hist: MinibatchHistory, P: dict, t0: float, epoch: int, lr: float, what: str) -> None:
    hist.params, hist.seconds = P, time.perf_counter() - t0
    raise TrainingDiverged(
        f"train_minibatch: training diverged in epoch {epoch} with learning_rate = {lr:g}: {what}. Lower the "
        f"learning rate (try {lr / 10:g}); the history so far is in this error's .history",
        hist,  # type: ignore[arg-type]
        epoch,
        lr,
    )


# ---------------------------------------------------------------------------- the elongated bowl

BOWL = (100.0, 1.0)  # J(w) = 1/2 (100 w1^2 + w2^2): a valley 100 times steeper across (w1) than along it (w2)
BOWL_START = (-0.2, 2.0)


@public("J(w) = 1/2 (100 w1^2 + w2^2), one optimiser's steps")
def bowl_path(optimizer: str = "gd", learning_rate: float = 0.018, steps: int = 50) -> np.ndarray:
    """The points an optimiser visits on the elongated bowl J(w) = 1/2 (100 w1^2 + w2^2), from w = (-0.2, 2).
    Introduced in lesson 10.

    Its gradient is dW = (100 w1, w2): 100 times steeper across the valley than along it. The steps are those of
    ``optimizer`` ("gd", "momentum" with beta = 0.9, or "adam"), each through :func:`momentum_update` /
    :func:`adam_update` / the plain step.

    Returns
    -------
    path : ndarray, (steps + 1, 2)
        w after 0, 1, ..., steps steps (:func:`bowl_cost` gives J along it).
    """
    formula = "J(w) = 1/2 (100 w1^2 + w2^2)"
    if not isinstance(optimizer, str) or optimizer not in OPTIMIZERS:
        raise InputError(f"{formula}: optimizer = {optimizer!r}; choose one of {', '.join(map(repr, OPTIMIZERS))}")
    lr = check_number(learning_rate, "learning_rate", formula, positive=True)
    steps = check_int(steps, "steps", 0, "the steps to take")
    if steps > 100_000:
        raise InputError(f"{formula}: steps = {steps:,}; the bowl is drawn for at most 100,000 steps")
    curv = np.array(BOWL).reshape(1, 2)
    w = {"W": np.array(BOWL_START, dtype=float).reshape(1, 2)}
    path = [w["W"].ravel().copy()]
    velocity, moments = None, None
    for _ in range(steps):
        with np.errstate(over="ignore", invalid="ignore"):  # an overflow is refused by the step, in words
            grads = {"dW": curv * w["W"]}
        try:
            if optimizer == "gd":
                w = _stepped(w, grads, lr)
            elif optimizer == "momentum":
                w, velocity = momentum_update(w, grads, velocity, lr, 0.9)
            else:
                w, moments = adam_update(w, grads, moments, lr)
        except InputError as exc:
            raise InputError(
                f"{formula}: with learning_rate = {lr:g} the steps of {optimizer} overflowed ({exc}); lower it"
            ) from None
        path.append(w["W"].ravel().copy())
    return np.array(path)


def bowl_cost(w1: object, w2: object) -> np.ndarray:
    """J(w) = 1/2 (100 w1^2 + w2^2), entry by entry (``bowl_cost(path[:, 0], path[:, 1])`` along a
    :func:`bowl_path`, or over a grid for its contour lines)."""
    w1 = as_float_array(w1, "w1", "J(w) = 1/2 (100 w1^2 + w2^2)")
    w2 = as_float_array(w2, "w2", "J(w) = 1/2 (100 w1^2 + w2^2)")
    return 0.5 * (BOWL[0] * w1**2 + BOWL[1] * w2**2)


def fresh_mask_backward(seed: int = 0) -> Callable:
    """The classic mistake, as a dropout step for :func:`backward_practice`: dA = dA~ * (a mask drawn anew) /
    keep_prob, instead of the forward pass's mask. Introduced in lesson 10 (its classic mistake)."""
    rng = np.random.default_rng(check_seed(seed, "fresh_mask_backward"))

    def dropout_step(dA_drop: np.ndarray, mask: np.ndarray, keep_prob: float) -> np.ndarray:
        return _dropout_backward(dA_drop, _mask(rng, dA_drop.shape, keep_prob), keep_prob)

    return dropout_step
