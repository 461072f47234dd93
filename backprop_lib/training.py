"""Gradient-descent training built from forward, backward and update, with a progress bar.

Nothing here adds a formula: a training step is

    AL, caches = forward(X, params);  J = cost(AL, Y);  grads = backward(AL, Y, caches);
    params = update(params, grads, learning_rate)
"""

from __future__ import annotations

import math
import time
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from ._validate import InputError, as_float_array, check_int, check_number, check_seed, public, shape_str
from .losses import _cost, check_labels, check_output, cost
from .network import _backward, _forward, _update, backward, check_step, forward, init_params, num_layers

# train stops when J passes this many times max(J at step 0, 1): only weights blown up by
# steps far too large reach it (a learning rate that is merely too large, like lesson 7's
# alpha = 10, bounces J up by a factor of hundreds and comes back down)
DIVERGED = 1e6
MAX_STEPS = 10_000_000  # steps of one call to train: a typo like 10**12 is refused, not left to run for days


class TrainingDiverged(InputError):
    """Gradient descent blew up: the cost overflowed or grew by more than ``DIVERGED`` times.

    Attributes
    ----------
    history : History
        Everything recorded up to the step where training stopped; its
        ``params`` are the weights of that step.
    step : int
    learning_rate : float
    """

    def __init__(self, message: str, history: History, step: int, learning_rate: float):
        super().__init__(message)
        self.history, self.step, self.learning_rate = history, step, learning_rate


@dataclass
class History:
    """What :func:`train` returns.

    Attributes
    ----------
    params : dict
        The trained parameters.
    costs : list of float
        J after every ``record_every`` steps (and at step 0).
    steps : list of int
        The step number of each recorded cost.
    grad_norms : dict
        ``"dW1"``, ...: the norm of each layer's dW at each recorded step.
    seconds : float
        Wall time of the whole run.

    A :class:`TrainingDiverged` error carries the History up to the step where
    training stopped (that step's cost recorded last, when it was finite).
    """

    params: dict[str, np.ndarray]
    costs: list[float] = field(default_factory=list)
    steps: list[int] = field(default_factory=list)
    grad_norms: dict[str, list[float]] = field(default_factory=dict)
    seconds: float = 0.0


class Run:
    """A training run's X, Y and activations, checked once; then its steps, on arrays the library made.

    The first :meth:`evaluate` goes through the public :func:`forward`, :func:`cost` and
    :func:`backward`, with every input check. Each later one, and each :meth:`step`, runs the same
    formulas (``network._forward``, ``losses._cost``, ``network._backward``, ``network._update``)
    without them: the weights are the ones the last step made. What a diverging run does is still
    caught where it happens: a Z[l] or a step that overflows raises :class:`InputError` naming it.
    """

    def __init__(self, X: object, Y: object, hidden: str | Sequence[str], output: str):
        self.X, self.Y, self.hidden, self.output = X, Y, hidden, output
        self.names: list[str] | None = None  # known after the first, checked, evaluation

    def evaluate(self, params: dict[str, np.ndarray]) -> tuple[float, dict[str, np.ndarray], np.ndarray]:
        """J, the gradients and A[L] at ``params``."""
        if self.names is None:
            AL, caches = forward(self.X, params, self.hidden, self.output)  # every check, once
            self.X, self.names = caches[0].A_prev, [c.activation for c in caches]
            J = cost(AL, self.Y, self.output, ZL=caches[-1].Z)
            self.Y = check_labels(self.Y, AL, self.output)
            return J, backward(AL, self.Y, caches, self.output), AL
        AL, caches = _forward(self.X, params, self.names)
        return _cost(AL, caches[-1].Z, self.Y, self.output), _backward(AL, self.Y, caches, to_X=False), AL

    def step(self, params: dict[str, np.ndarray], learning_rate: float) -> tuple[dict, float, dict]:
        """One gradient-descent step from ``params``: (new params, J before the step, its gradients).

        A step that overflows raises here (an explorer keeps the weights it had); :func:`train` leaves that to
        the next forward pass, which finds it at no extra cost."""
        J, grads, _ = self.evaluate(params)
        return check_step(_update(params, grads, learning_rate), learning_rate), J, grads

    @staticmethod
    def start(params: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
        """The W[l] and b[l] of ``params`` as float arrays (int weights become float64), other keys dropped."""
        L = num_layers(params)
        return {
            k: as_float_array(params[k], f"{k[0]}[{l}]", "W[l] := W[l] - alpha dW[l]")
            for l in range(1, L + 1)
            for k in (f"W{l}", f"b{l}")
        }


@public("train: W[l] := W[l] - alpha dW[l], step after step", X="X", Y="Y")
def train(
    X: np.ndarray,
    Y: np.ndarray,
    layer_dims: Sequence[int] | None = None,
    hidden: str | Sequence[str] = "relu",
    output: str = "softmax",
    learning_rate: float = 0.1,
    steps: int = 1000,
    seed: int = 0,
    params: dict[str, np.ndarray] | None = None,
    record_every: int = 10,
    progress: bool = True,
) -> History:
    """Full-batch gradient descent for ``steps`` steps.

    Introduced in lesson 05.

    Parameters
    ----------
    X : (n[0], m);  Y : (n[L], m)
    layer_dims : [n[0], ..., n[L]], used to initialise params (seeded) unless ``params`` is given.
    hidden, output : as in :func:`backprop_lib.forward`
    learning_rate : float > 0
    steps : int >= 0
    seed : int >= 0, the seed of :func:`backprop_lib.init_params`
    params : dict, optional
        Starting ``"W{l}"``, ``"b{l}"`` (other keys are ignored and not returned).
    record_every : int >= 1
        Record J and the per-layer norms of dW every this many steps (and at the last step).
    progress : bool
        Show a progress bar with the current cost (in a notebook) while training;
        it redraws a few times a second at most.

    Returns
    -------
    History

    Raises
    ------
    TrainingDiverged
        When a step overflows (inf or NaN in Z[l]) or J grows past ``DIVERGED`` times
        max(J at step 0, 1). The message names the learning rate and the step; the
        error's ``.history`` keeps everything recorded so far.
    """
    lr = check_number(
        learning_rate, "learning_rate", "W[l] := W[l] - alpha dW[l] (alpha = learning_rate)", positive=True
    )
    steps = check_int(steps, "steps", 0, "the number of gradient-descent steps")
    if steps > MAX_STEPS:
        raise InputError(
            f"train: steps = {steps:,}; one call trains at most {MAX_STEPS:,} steps (hours on a laptop). "
            "To go on, call train again with params=history.params"
        )
    if not isinstance(progress, (bool, np.bool_)):
        raise InputError(f"train: progress = {progress!r}; give True (show a progress bar) or False")
    record_every = check_int(record_every, "record_every", 1, "the recording interval (in steps)")
    seed = check_seed(seed, "train")
    if params is None:
        if layer_dims is None:
            raise InputError("train: give layer_dims (to initialise the parameters) or params")
        params = init_params(layer_dims, seed=seed, scale="he" if hidden == "relu" else "lecun")
    L = num_layers(params)
    if layer_dims is not None:
        dims = [np.shape(params["W1"])[-1]] + [np.shape(params[f"W{l}"])[0] for l in range(1, L + 1)]
        if list(layer_dims) != dims:
            raise InputError(
                f"train: layer_dims = {list(layer_dims)} but params are a network of sizes {dims}; "
                "give one of the two (params fix every layer size)"
            )
    hist = History(params, grad_norms={f"dW{l}": [] for l in range(1, L + 1)})
    run = Run(X, Y, hidden, output)
    params = Run.start(params)
    bar = _Progress(steps) if progress else None
    t0 = time.perf_counter()
    J0 = None
    with np.errstate(over="ignore", invalid="ignore"):  # an overflow is reported below, in words
        for k in range(steps + 1):
            try:
                J, grads, _ = run.evaluate(params)
                if k < steps:
                    new = _update(params, grads, lr)
            except InputError as exc:
                if J0 is None:
                    raise  # X, Y, params or a name are wrong from the start: not a divergence
                # step 0 ran, so X, Y and the names are fine: only the weights changed since
                _diverged(hist, params, t0, k, lr, f"the numbers overflowed ({exc})", bar)
            if J0 is None:
                J0 = J
            diverged = has_diverged(J, J0)
            if k % record_every == 0 or k == steps or diverged:
                hist.costs.append(J)
                hist.steps.append(k)
                for l in range(1, L + 1):
                    hist.grad_norms[f"dW{l}"].append(float(np.linalg.norm(grads[f"dW{l}"])))
            if diverged:
                _diverged(hist, params, t0, k, lr, f"J went from {J0:.4g} at step 0 to {J:.4g}", bar)
            if bar:
                bar.update(k, J)
            if k < steps:
                params = new
    hist.params, hist.seconds = params, time.perf_counter() - t0
    if bar:
        bar.close(steps, hist.costs[-1])
    return hist


def has_diverged(J: float, J0: float) -> bool:
    """The divergence rule, in one place: J is not finite, or grew past ``DIVERGED`` times max(J0, 1)."""
    return not math.isfinite(J) or J > DIVERGED * max(J0, 1.0)


def _diverged(hist: History, params: dict, t0: float, k: int, lr: float, what: str, bar: _Progress | None) -> None:
    hist.params, hist.seconds = params, time.perf_counter() - t0
    if bar:
        bar.stop(k)
    raise TrainingDiverged(
        f"train: gradient descent diverged at step {k} with learning_rate = {lr:g}: {what}. "
        f"Each step W[l] := W[l] - alpha dW[l] went too far; lower the learning rate (try {lr / 10:g}). "
        f"The History up to step {k} is in this error's .history",
        hist,
        k,
        lr,
    )


def predicted_classes(AL: np.ndarray, output: str) -> np.ndarray:
    """The prediction rule, in one place: the class of each example from A[L].

    softmax: argmax over the classes (m,). One sigmoid unit: 1 where A[L] > 0.5,
    else 0 (m,). Several sigmoid units (each its own yes/no): A[L] > 0.5 per
    unit, (n[L], m).
    """
    check_output(output)
    if output == "linear":
        raise InputError("predict: a linear output gives numbers, not classes; use bp.forward for its A[L] = Z[L]")
    if output == "softmax":
        return np.argmax(AL, axis=0)
    P = (AL > 0.5).astype(int)
    return P[0] if AL.shape[0] == 1 else P


@public("predict: the class of each column of A[L]", X="X")
def predict(X: np.ndarray, params: dict[str, np.ndarray], hidden="relu", output="softmax") -> np.ndarray:
    """Predicted classes: argmax of A[L] for softmax (m,), A[L] > 0.5 for sigmoid (see :func:`predicted_classes`).

    Introduced in lesson 05.
    """
    AL, _ = forward(X, params, hidden, output)
    return predicted_classes(AL, output)


@public("accuracy: the share of examples whose predicted class is their label", X="X", Y="Y")
def accuracy(X: np.ndarray, Y: np.ndarray, params: dict[str, np.ndarray], hidden="relu", output="softmax") -> float:
    """The fraction of the m examples classified correctly.

    Introduced in lesson 05.

    ``Y`` is laid out as for :func:`backprop_lib.cost` (one-hot (n[L], m) for
    softmax, 0/1 of shape (n[L], m) for sigmoid), or given as m class numbers
    (m,): 0..n[L]-1 for softmax, 0/1 for one sigmoid unit. With several sigmoid
    units an example counts as correct when every unit is.
    """
    formula = "accuracy = mean(prediction == label)"
    AL, _ = forward(X, params, hidden, output)
    pred = predicted_classes(AL, output)
    Yarr = as_float_array(Y, "Y", formula)
    n_L, m = AL.shape
    if Yarr.ndim == 1:
        if Yarr.shape[0] != m:
            raise InputError(f"{formula}: A[L] is {shape_str(AL)} (m = {m}) but the labels Y are {shape_str(Yarr)}")
        k = n_L if output == "softmax" else 2
        if output == "sigmoid" and n_L > 1:
            raise InputError(f"{formula}: A[L] is {shape_str(AL)}, {n_L} sigmoid units; give Y as ({n_L}, m) 0s and 1s")
        bad = (Yarr != np.round(Yarr)) | (Yarr < 0) | (Yarr > k - 1)
        if bad.any():
            i = int(np.argmax(bad))
            raise InputError(f"{formula}: labels must be class numbers 0..{k - 1}, but Y[{i}] = {Yarr[i]:g}")
        truth = Yarr.astype(int)
    else:
        Yarr = check_labels(Yarr, AL, output, formula, "A[L]")
        truth = np.argmax(Yarr, axis=0) if output == "softmax" else Yarr.astype(int)
        if output == "sigmoid" and n_L == 1:
            truth = truth[0]
    right = pred == truth
    if right.ndim == 2:
        right = right.all(axis=0)
    return float(np.mean(right))


class _Progress:
    """An ipywidgets progress bar with the current cost, or nothing outside a notebook.

    It redraws at most every ``interval`` seconds (each redraw is a message to
    the front end), and once more at the end.
    """

    interval = 0.25

    def __init__(self, total: int):
        self.bar = None
        self.sent = 0
        self.last = -float("inf")
        try:
            from IPython import get_ipython

            if get_ipython() is None or not hasattr(get_ipython(), "kernel"):
                return
            import ipywidgets as w
            from IPython.display import display

            self.bar = w.IntProgress(value=0, min=0, max=total, description="training")
            self.label = w.Label("")
            display(w.HBox([self.bar, self.label]))
        except ImportError:
            self.bar = None

    def update(self, k: int, J: float, force: bool = False) -> None:
        if self.bar is None:
            return
        now = time.perf_counter()
        if force or now - self.last >= self.interval:
            self.last = now
            self.sent += 1
            self.bar.value = k
            self.label.value = f"step {k}: J = {J:.4f}"

    def close(self, k: int, J: float) -> None:
        if self.bar is not None:
            self.update(k, J, force=True)
            self.bar.bar_style = "success"

    def stop(self, k: int) -> None:
        if self.bar is not None:
            self.bar.value = k
            self.label.value = f"diverged at step {k}"
            self.bar.bar_style = "danger"
