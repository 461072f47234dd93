"""Gradient-descent training built from forward, backward and update, with a progress bar.

Nothing here adds a formula: a training step is

    AL, caches = forward(X, params);  J = cost(AL, Y);  grads = backward(AL, Y, caches);
    params = update(params, grads, learning_rate)
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from .losses import cost
from .network import backward, forward, init_params, update


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
    """

    params: dict[str, np.ndarray]
    costs: list[float] = field(default_factory=list)
    steps: list[int] = field(default_factory=list)
    grad_norms: dict[str, list[float]] = field(default_factory=dict)
    seconds: float = 0.0


def step(params, X, Y, hidden="relu", output="softmax", learning_rate=0.1):  # noqa: ANN001, ANN201
    """One gradient-descent step: returns (new params, J before the step, grads)."""
    AL, caches = forward(X, params, hidden, output)
    J = cost(AL, Y, output, ZL=caches[-1].Z)
    grads = backward(AL, Y, caches, output)
    return update(params, grads, learning_rate), J, grads


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

    Parameters
    ----------
    X : (n[0], m);  Y : (n[L], m)
    layer_dims : [n[0], ..., n[L]], used to initialise params (seeded) unless ``params`` is given.
    hidden, output : as in :func:`backprop_lib.forward`
    learning_rate, steps, seed : the run's settings
    record_every : int
        Record J and the per-layer norms of dW every this many steps.
    progress : bool
        Show a progress bar with the current cost (in a notebook) while training.

    Returns
    -------
    History
    """
    if params is None:
        if layer_dims is None:
            raise ValueError("train: give layer_dims (to initialise the parameters) or params")
        params = init_params(layer_dims, seed=seed, scale="he" if hidden == "relu" else "xavier")
    L = len(params) // 2
    hist = History(params, grad_norms={f"dW{l}": [] for l in range(1, L + 1)})
    bar = _Progress(steps) if progress else None
    t0 = time.perf_counter()
    for k in range(steps + 1):
        if k == steps:  # the final cost, without a further update
            AL, caches = forward(X, params, hidden, output)
            J = cost(AL, Y, output, ZL=caches[-1].Z)
            grads = backward(AL, Y, caches, output)
        else:
            new, J, grads = step(params, X, Y, hidden, output, learning_rate)
        if k % record_every == 0 or k == steps:
            hist.costs.append(J)
            hist.steps.append(k)
            for l in range(1, L + 1):
                hist.grad_norms[f"dW{l}"].append(float(np.linalg.norm(grads[f"dW{l}"])))
            if bar:
                bar.update(k, J)
        if k < steps:
            params = new
    hist.params, hist.seconds = params, time.perf_counter() - t0
    if bar:
        bar.close(steps, hist.costs[-1])
    return hist


def predict(X: np.ndarray, params: dict[str, np.ndarray], hidden="relu", output="softmax") -> np.ndarray:  # noqa: ANN001
    """Predicted classes (m,): argmax of A[L] for softmax, A[L] > 0.5 for a sigmoid unit."""
    AL, _ = forward(X, params, hidden, output)
    return np.argmax(AL, axis=0) if AL.shape[0] > 1 else (AL[0] > 0.5).astype(int)


def accuracy(X: np.ndarray, Y: np.ndarray, params: dict[str, np.ndarray], hidden="relu", output="softmax") -> float:  # noqa: ANN001
    """The fraction of the m examples classified correctly."""
    truth = np.argmax(Y, axis=0) if Y.shape[0] > 1 else Y[0].astype(int)
    return float(np.mean(predict(X, params, hidden, output) == truth))


class _Progress:
    """An ipywidgets progress bar with the current cost, or nothing outside a notebook."""

    def __init__(self, total: int):
        self.bar = None
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

    def update(self, k: int, J: float) -> None:
        if self.bar is not None:
            self.bar.value = k
            self.label.value = f"step {k}: J = {J:.4f}"

    def close(self, k: int, J: float) -> None:
        if self.bar is not None:
            self.update(k, J)
            self.bar.bar_style = "success"
