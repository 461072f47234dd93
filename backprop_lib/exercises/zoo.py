"""The bug zoo: backward passes with one classic bug switched on, for the gradient-check explorer (lesson 06)."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from ..activations import HIDDEN
from ..network import _activation_backward, _linear_backward

BUGS = {
    "transpose on the wrong factor": "dW[l] = 1/m A[l-1] dZ[l]^T",
    "missing 1/m": "dW[l] = dZ[l] A[l-1]^T",
    "db over the wrong axis": "db[l] = 1/m sum over axis 0 of dZ[l]",
    "g' evaluated at A instead of Z": "dZ[l] = dA[l] * g'(A[l])",
    "forgot the derivative": "dZ[l] = dA[l]",
}
# lesson 06's mystery: a bug of the same loop, kept out of BUGS so that no menu or table names it
MYSTERY = "the 1/m taken again on every dA"


def buggy_backward(bug: str) -> Callable:
    """A backward pass with one classic bug switched on (a name from :data:`BUGS`).

    Returns ``f(AL, Y, caches, output) -> grads``, the same signature as
    :func:`backprop_lib.backward`. Everything but the named step is correct
    (each step is the package's own formula, unchecked: the caches come from a forward pass, and an exercise's
    checker refuses the public functions while the learner's code calls this one; only the bug is written here).
    """
    if bug not in BUGS and bug != MYSTERY:
        raise ValueError(f"unknown bug {bug!r}; the zoo has: {', '.join(BUGS)}")

    def backward_with_bug(AL, Y, caches, output="softmax"):
        grads: dict[str, np.ndarray] = {}
        L = len(caches)
        dZ = AL - np.asarray(Y, dtype=float)  # dZ[L] = A[L] - Y
        for c in reversed(caches):
            m = c.A_prev.shape[1]
            if c.l < L:
                dA = grads[f"dA{c.l}"]
                if bug == "forgot the derivative":
                    dZ = dA
                elif bug == "g' evaluated at A instead of Z":
                    dZ = dA * HIDDEN[c.activation].prime(c.A)
                else:
                    dZ = _activation_backward(dA, c.Z, c.activation, c.A)
            dW, db, dA_prev = _linear_backward(dZ, c.A_prev, c.W)
            if bug == "transpose on the wrong factor":
                dW = c.A_prev @ dZ.T / m
            elif bug == "missing 1/m":
                dW = dW * m
            elif bug == "db over the wrong axis":
                db = dZ.sum(axis=0, keepdims=True) / m
            elif bug == MYSTERY:
                dA_prev = dA_prev / m
            grads.update({f"dZ{c.l}": dZ, f"dW{c.l}": dW, f"db{c.l}": db, f"dA{c.l - 1}": dA_prev})
        return grads

    return backward_with_bug


def bug_zoo() -> dict[str, Callable]:
    """Every bug of :data:`BUGS`, ready for ``GradCheckExplorer(bugs=bug_zoo())``."""
    return {name: buggy_backward(name) for name in BUGS}


def mystery_backward(AL, Y, caches, output="softmax"):
    """Lesson 06's mystery: a backward pass with one bug that is not in :data:`BUGS`.

    Same signature and keys as :func:`backprop_lib.backward`. Find the bug with the lesson's tools (the
    gradient check, the per-entry errors, the ratio of backprop's numbers to the numerical ones) before you
    read this function's code.
    """
    return buggy_backward(MYSTERY)(AL, Y, caches, output)
