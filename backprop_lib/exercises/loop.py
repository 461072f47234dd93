"""Lesson 08's training loop, judged by what it does: the reference run, and the loops a learner writes instead.

The learner's ``train(X, Y, layer_dims, epochs, batch_size, learning_rate, seed)`` calls the pieces they wrote
(init, forward, softmax with cross-entropy, backward) and returns ``params, costs``: the trained parameters and,
after each epoch, the cost on the whole training set. It is run on the lesson's digits. The reference is the
same loop written out here (the answer key, as every exercise has one); each way of writing the loop wrong
(no shuffle, one shuffle for all epochs, a new order per batch, two generators, the last small batch dropped,
Y not shuffled with X, a step uphill, the parameters never replaced, the cost taken before the epoch) is a
variant of it. The variant whose costs the learner's run reproduces names the mistake. A loop that is none of them is
told what its run shows: costs that are not the whole set's, a run that learns but is not the lesson's (a draw
from elsewhere), or a run that does not learn.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

import numpy as _np

from ..data import digits, split
from ..losses import _cost as _stable_cost
from ..network import _backward, _forward, _logits
from . import sandbox
from .checker import Feedback, as_array, failed

SETTINGS = {"layer_dims": [64, 32, 10], "epochs": 20, "batch_size": 32, "learning_rate": 0.05, "seed": 0}
THRESHOLD = 0.90  # held-out accuracy of a loop that learns (told apart from one that does not)
SECONDS = 30.0  # a whole training run, in the sandbox (the reference takes about 0.1 s)

VARIANTS: dict[str, str] = {  # what a loop did, in the learner's words; "" is the reference
    "": "",
    "no-shuffle": "your run is the loop without shuffling: each epoch must visit the examples in a new random order, "
    "order = rng.permutation(m), drawn from the rng at the start of every epoch",
    "shuffle-once": "your run shuffles once, before the first epoch: draw a new order = rng.permutation(m) at the "
    "start of every epoch",
    "drop-last": "your run drops the last, smaller batch of each epoch: range(0, m, batch_size) visits every "
    "example; the last batch simply has fewer columns",
    "Y-unshuffled": "your run shuffles X but takes Y in the old order, so each image gets another image's label: "
    "slice X and Y with the same indices, order[k:k + batch_size]",
    "uphill": "your run steps uphill, W := W + alpha dW: gradient descent subtracts, W := W - alpha dW",
    "no-update": "your parameters never change: the update makes new arrays, and the loop must keep them "
    "(params = update(params, grads, learning_rate)) or change the arrays in place",
    "cost-before": "your costs are each taken before its epoch, not after it: costs[0] is the cost of the start",
    "two-generators": "your run draws the start and the orders from two generators made from the same seed, so the "
    "orders replay the start's numbers: make one rng and draw everything from it, the start first",
    "step-over-batch": "your run is the lesson's run with a learning rate batch_size times smaller: the gradient is "
    "divided by the batch size twice (backward already divides by m, the number of columns it gets)",
    "order-per-batch": "your run draws a new order for every batch (the permutation line is inside the batch loop): "
    "some examples come twice in an epoch and others never; draw one order = rng.permutation(m) per epoch and walk "
    "through it, k in range(0, m, batch_size)",
}
PROTOCOL = (
    "the lesson's loop makes one generator, rng = np.random.default_rng(seed), starts with "
    "init_params(layer_dims, rng), and draws nothing else from it but order = rng.permutation(m) at the start of "
    "each epoch"
)


def reference(
    X: _np.ndarray, Y: _np.ndarray, settings: Mapping, variant: str = "", start_ulps: int = 0
) -> tuple[dict, list[float]]:
    """The lesson's loop (``variant`` "") or one of its wrong variants (see :data:`VARIANTS`). ``start_ulps``
    moves every starting weight that many steps of the last bit up: a claim about the run must survive it."""
    dims, lr = settings["layer_dims"], settings["learning_rate"]
    lr = lr / settings["batch_size"] if variant == "step-over-batch" else lr
    rng, L, m, bs = _np.random.default_rng(settings["seed"]), len(dims) - 1, X.shape[1], settings["batch_size"]
    params = {}
    for l in range(1, L + 1):
        params[f"W{l}"] = rng.standard_normal((dims[l], dims[l - 1])) * _np.sqrt(2.0 / dims[l - 1])
        params[f"b{l}"] = _np.zeros((dims[l], 1))
        for _ in range(start_ulps):
            params[f"W{l}"] = _np.nextafter(params[f"W{l}"], _np.inf)
    shuffler = _np.random.default_rng(settings["seed"]) if variant == "two-generators" else rng
    costs, order = [], rng.permutation(m) if variant == "shuffle-once" else None
    for _ in range(settings["epochs"]):
        if variant == "cost-before":
            costs.append(_cost(X, Y, params))
        if variant not in ("shuffle-once", "no-shuffle"):
            order = shuffler.permutation(m)
        elif variant == "no-shuffle":
            order = _np.arange(m)
        stop = m - bs + 1 if variant == "drop-last" else m
        for k in range(0, stop, bs):
            idx = rng.permutation(m)[k : k + bs] if variant == "order-per-batch" else order[k : k + bs]
            Xb, Yb = X[:, idx], Y[:, idx]
            if variant == "Y-unshuffled":
                Yb = Y[:, k : k + bs]
            grads = _gradients(Xb, Yb, params)
            if variant != "no-update":
                sign = 1.0 if variant == "uphill" else -1.0
                params = {key: v + sign * lr * grads["d" + key] for key, v in params.items()}
        if variant != "cost-before":
            costs.append(_cost(X, Y, params))
    return params, costs


def _names(params: Mapping) -> list[str]:
    """The lesson's network: ReLU hidden layers, a softmax output."""
    return ["relu"] * (len(params) // 2 - 1) + ["softmax"]


def _cost(X: _np.ndarray, Y: _np.ndarray, params: Mapping) -> float:
    ZL = _logits(X, params, _names(params))
    return _stable_cost(ZL, ZL, Y, "softmax")


def _gradients(X: _np.ndarray, Y: _np.ndarray, params: Mapping) -> dict:
    with _np.errstate(over="ignore", invalid="ignore"):
        AL, caches = _forward(X, params, _names(params))
    return _backward(AL, Y, caches, to_X=False)


def accuracy(X: _np.ndarray, Y: _np.ndarray, params: Mapping) -> float:
    return float(_np.mean(_logits(X, params, _names(params)).argmax(axis=0) == Y.argmax(axis=0)))


def data() -> tuple[_np.ndarray, ...]:
    """The lesson's split of the digits: X_train, Y_train, X_test, Y_test."""
    X, Y = digits()
    return split(X, Y, test_fraction=0.25, seed=0)


def judge(ex, fn: Callable) -> Feedback:
    """Run the learner's training loop on the digits; pass it when it is the reference run, else name what it
    did."""
    title = ex.title
    X_train, Y_train, X_test, Y_test = data()
    inputs = {"X": X_train, "Y": Y_train, **SETTINGS}
    run = sandbox.call(fn, inputs, ex.refuse, seconds=SECONDS)
    stopped = failed(
        title,
        run,
        f"your loop was still running after {SECONDS:g} s (the reference takes well under a second): does each "
        "epoch step through the batches once, k in range(0, m, batch_size)?",
    )
    if stopped is not None:
        return stopped
    params, costs, problems = _read(run.value, SETTINGS["layer_dims"], SETTINGS["epochs"])
    if problems:
        return Feedback(title, False, problems, mistakes=("returned",))
    ref_params, ref_costs = reference(X_train, Y_train, SETTINGS)
    ref_acc, acc = accuracy(X_test, Y_test, ref_params), accuracy(X_test, Y_test, params)
    said = (
        f"held-out accuracy: yours {100 * acc:.1f}%, the reference loop's {100 * ref_acc:.1f}%; cost after the "
        f"last epoch: yours {costs[-1]:.4f}, the reference's {ref_costs[-1]:.4f}"
    )
    if _same(costs, ref_costs) and all(_same(params[k], v) for k, v in ref_params.items()):
        return Feedback(title, True, [ex.passed, said])
    for variant, words in VARIANTS.items():
        if variant and _same(costs, reference(X_train, Y_train, SETTINGS, variant)[1]):
            return Feedback(title, False, [words, said], mistakes=(f"loop:{variant}",))
    whole = _cost(X_train, Y_train, params)
    if not _same(costs[-1], whole):
        return Feedback(
            title,
            False,
            [
                f"your last cost, {costs[-1]:.4f}, is not the cost of the whole training set at the parameters you "
                f"return ({whole:.4f}): after each epoch, append the cost of all of X and Y (one forward pass on the "
                "whole set), not a batch's cost or the average of the epoch's batches",
                said,
            ],
            mistakes=("loop:costs-not-whole-set",),
        )
    if acc >= THRESHOLD and costs[-1] < costs[0]:
        return Feedback(
            title,
            False,
            [
                f"your loop learns, but its run is not the lesson's, so its numbers cannot be checked: {PROTOCOL}. "
                "A call to np.random (the global generator), a second generator or a new order for each batch each "
                "gives another run",
                said,
            ],
            mistakes=("loop:not-reference",),
        )
    start = reference(X_train, Y_train, {**SETTINGS, "epochs": 0})[0]
    still = [k for k in start if _same(params[k], start[k])]
    if still and len(still) < len(start):
        return Feedback(
            title,
            False,
            [
                f"{', '.join(still)} never moved from the start: the update misses "
                f"{'it' if len(still) == 1 else 'them'}. Loop over every key of params (for l in range(1, L + 1))",
                said,
            ],
            mistakes=("loop:not-updated",),
        )
    return Feedback(title, False, [_what_happened(costs, ref_costs), said], mistakes=("loop:result",))


def _same(a: object, b: object) -> bool:
    a, b = _np.asarray(a, dtype=float), _np.asarray(b, dtype=float)
    return a.shape == b.shape and bool(_np.allclose(a, b, rtol=1e-6, atol=1e-9))


def _read(value: object, dims: Sequence[int], epochs: int) -> tuple[dict, list, list[str]]:
    want = "return params, costs: the trained parameters (a dict W1, b1, ...) and one cost per epoch"
    if not isinstance(value, (tuple, list)) or len(value) != 2:
        kind = "None" if value is None else f"a {type(value).__name__}"
        return {}, [], [f"your loop returned {kind}: {want}"]
    params, costs = value
    if not isinstance(params, Mapping):
        return {}, [], [f"params is a {type(params).__name__}: {want}"]
    out = {}
    for l in range(1, len(dims)):
        for key, shape in ((f"W{l}", (dims[l], dims[l - 1])), (f"b{l}", (dims[l], 1))):
            arr, problem = as_array(key, params.get(key))
            if problem:
                return {}, [], [f"params[{key!r}]: {problem}"]
            if arr.shape != shape:
                return {}, [], [f"params[{key!r}] has shape {arr.shape}; it should be {shape}"]
            out[key] = arr
    try:
        costs = [float(c) for c in costs]
    except (TypeError, ValueError):
        return {}, [], [f"costs should be a list of numbers, one per epoch: {want}"]
    if len(costs) != epochs:
        return {}, [], [f"costs has {len(costs)} numbers; one per epoch makes {epochs}: append after each epoch"]
    if not _np.isfinite(costs).all():
        return out, costs, ["your costs reach inf or nan: the run diverged (a step too large, or uphill)"]
    return out, costs, []


def _what_happened(costs: list[float], ref: list[float]) -> str:
    if costs[-1] >= costs[0] * 0.999:
        if abs(costs[-1] - costs[0]) <= 1e-9 * abs(costs[0]):
            return VARIANTS["no-update"]
        return (
            "your cost does not fall: check the update's sign (W := W - alpha dW) and that each step's grads "
            "come from that step's batch"
        )
    return (
        f"your loop learns, but less than it should: held-out accuracy below {100 * THRESHOLD:.0f}%. Check that X "
        "and Y are sliced with the same indices, that every batch is used once per epoch, and that backward gets "
        "the batch's A[L] and Y"
    )
