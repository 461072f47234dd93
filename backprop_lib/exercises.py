"""Checkers for the lessons' exercises, and the bug zoo.

A checker calls the learner's function on a small seeded case, compares every
output with backprop_lib's own, and says what is wrong *in the learner's terms*:
the shape it expected and why, off by a factor of m, transposed, summed over
the wrong axis, a mask built from A, a matrix product where an element-wise
one belongs. When everything matches it says what the learner just proved.

Every checker returns a :class:`Feedback`; in a notebook it shows as text.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import numpy as np

from .activations import HIDDEN, sigmoid
from .losses import output_backward
from .network import activation_backward, linear_backward, linear_forward
from .shapes import explain_grad_shape

NOT_YET = "not implemented yet: replace the `raise NotImplementedError()` line with your code, then run this cell again"


@dataclass
class Feedback:
    """The outcome of a checker: ``passed`` and the lines said to the learner."""

    title: str
    passed: bool
    lines: list[str] = field(default_factory=list)

    @property
    def message(self) -> str:
        mark = "PASSED" if self.passed else "NOT YET"
        return "\n".join([f"{self.title}: {mark}", *(f"  - {ln}" for ln in self.lines)])

    def __repr__(self) -> str:
        return self.message

    def __bool__(self) -> bool:
        return self.passed


def _close(a: np.ndarray, b: np.ndarray) -> bool:
    return a.shape == b.shape and np.allclose(a, b, rtol=1e-7, atol=1e-10)


def diagnose(
    label: str, got: object, want: np.ndarray, m: int | None = None, variants: Mapping[str, np.ndarray] | None = None
) -> str | None:
    """None when ``got`` equals ``want``; otherwise the likely mistake, in words.

    ``label`` is the lessons' name of the quantity (``"dW2"``, ``"dZ1"``, ``"Z1"``...);
    ``variants`` maps a message to the array a known mistake would produce.
    """
    if got is None:
        return f"{label}: your function returned None for it; did you forget a `return`?"
    try:
        g = np.asarray(got, dtype=float)
    except (TypeError, ValueError):
        return f"{label}: expected an array, got {type(got).__name__}"
    if g.shape != want.shape:
        if label[:1] == "d" and label[1:2] in "WbZA" and label[2:].isdigit():
            why = explain_grad_shape(label, g.shape, want.shape)
        else:
            why = None
        for msg, v in (variants or {}).items():
            if _close(g, np.asarray(v)):
                return f"{label} has shape {g.shape}, expected {want.shape}: {msg}"
        return why or f"{label} has shape {g.shape}, expected {want.shape}"
    if _close(g, want):
        return None
    if not np.all(np.isfinite(g)):
        return f"{label} contains NaN or inf"
    for msg, v in (variants or {}).items():
        if _close(g, np.asarray(v)):
            return f"{label}: {msg}"
    if m and m > 1:
        if _close(g, want * m):
            return f"{label} is m = {m} times too large: the 1/m is missing (J is a mean over the m examples)"
        if _close(g, want / m):
            return f"{label} is m = {m} times too small: the 1/m was applied twice"
    if _close(g, -want):
        return f"{label} has the wrong sign everywhere"
    if g.ndim == 2 and g.shape[0] == g.shape[1] and _close(g.T, want):
        return f"{label} is transposed: check which factor carries the ^T"
    idx = np.unravel_index(int(np.argmax(np.abs(g - want))), want.shape)
    return f"{label} differs: at index {tuple(int(i) for i in idx)} yours is {g[idx]:.4f}, expected {want[idx]:.4f}"


def _run(title: str, fn: Callable, args: tuple, expect: dict[str, np.ndarray], m: int | None, variants, success: str):  # noqa: ANN001, ANN202
    try:
        out = fn(*args)
    except NotImplementedError:
        return Feedback(title, False, [NOT_YET])
    except Exception as exc:  # the learner's code failed: say how, in their terms
        text = f"{type(exc).__name__}: {exc}"
        hint = ""
        if "matmul" in text or "shapes" in text and "aligned" in text:
            hint = " (a matrix product whose inner sizes differ: write the shapes under each factor)"
        return Feedback(title, False, [f"your function raised {text}{hint}"])
    names = list(expect)
    if len(names) == 1:
        out = (out,)
    if not isinstance(out, (tuple, list)) or len(out) != len(names):
        return Feedback(title, False, [f"return {len(names)} values, in this order: {', '.join(names)}"])
    problems = [
        p
        for name, got in zip(names, out, strict=True)
        if (p := diagnose(name, got, expect[name], m, variants.get(name))) is not None
    ]
    return Feedback(title, not problems, problems or [success])


def _case(seed: int, n: int = 3, n_prev: int = 4, m: int = 5):  # noqa: ANN202
    rng = np.random.default_rng(seed)
    A_prev = rng.standard_normal((n_prev, m))
    W = rng.standard_normal((n, n_prev))
    b = rng.standard_normal((n, 1))
    return rng, A_prev, W, b


# ---------------------------------------------------------------------------- the checkers


def check_linear_forward(fn: Callable) -> Feedback:
    """``fn(A_prev, W, b) -> Z``: the forward step Z[l] = W[l] A[l-1] + b[l]."""
    _, A_prev, W, b = _case(1)
    Z = linear_forward(A_prev, W, b)
    variants = {"Z": {"b was not added: Z = W A_prev + b, the bias broadcast over the examples": W @ A_prev}}
    return _run(
        "linear forward",
        fn,
        (A_prev, W, b),
        {"Z": Z},
        None,
        variants,
        "Z = W A_prev + b has shape (n[l], m) = (3, 5): (3, 4)(4, 5) + (3, 1), the bias broadcast over the 5 examples",
    )


def check_output_backward(fn: Callable) -> Feedback:
    """``fn(AL, Y, A_prev, W) -> (dZ, dW, db, dA_prev)`` for a softmax output layer."""
    rng, A_prev, W, b = _case(2)
    Z = linear_forward(A_prev, W, b)
    E = np.exp(Z - Z.max(axis=0))
    AL = E / E.sum(axis=0)
    Y = np.eye(3)[:, rng.integers(0, 3, 5)]
    dZ = output_backward(AL, Y)
    dW, db, dA_prev = linear_backward(dZ, A_prev, W)
    m = 5
    variants = {
        "dZ": {"that is Y - A[L]: the sign is flipped (it is prediction minus truth)": Y - AL},
        "dW": {"transpose on the wrong factor: dW = 1/m dZ A_prev^T": (A_prev @ dZ.T) / m},
        "db": {
            "summed over axis 0 (the units); sum over axis 1, the examples": dZ.sum(axis=0, keepdims=True) / m,
            "db = 1/m sum over axis 1 with keepdims=True keeps it a column": dZ.sum(axis=1) / m,
        },
        "dA_prev": {"dA_prev needs no 1/m: it stays one column per example": (W.T @ dZ) / m},
    }
    return _run(
        "output-layer backward",
        fn,
        (AL, Y, A_prev, W),
        {"dZ": dZ, "dW": dW, "db": db, "dA_prev": dA_prev},
        m,
        variants,
        "dZ = A - Y (3, 5); dW = 1/m dZ A_prev^T (3, 4) like W; db (3, 1) like b; dA_prev = W^T dZ (4, 5) like A_prev",
    )


def check_hidden_backward(fn: Callable) -> Feedback:
    """``fn(dA, Z, A_prev, W, g_prime) -> (dZ, dW, db, dA_prev)`` for a hidden layer."""
    rng, A_prev, W, b = _case(3, n=4, n_prev=3, m=6)
    Z = linear_forward(A_prev, W, b)
    dA = rng.standard_normal(Z.shape)
    g_prime = HIDDEN["tanh"][1]
    dZ = activation_backward(dA, Z, "tanh")
    dW, db, dA_prev = linear_backward(dZ, A_prev, W)
    variants = {
        "dZ": {
            "the derivative g'(Z) is missing: dZ = dA * g'(Z)": dA,
            "g' was evaluated at A = g(Z) instead of at Z": dA * g_prime(np.tanh(Z)),
        }
    }
    return _run(
        "hidden-layer backward",
        fn,
        (dA, Z, A_prev, W, g_prime),
        {"dZ": dZ, "dW": dW, "db": db, "dA_prev": dA_prev},
        6,
        variants,
        "dZ = dA * g'(Z) entry by entry (4, 6); then the same three formulas as the output layer",
    )


def check_relu_backward(fn: Callable) -> Feedback:
    """``fn(dA, Z) -> dZ`` for ReLU, with ReLU'(0) = 0."""
    rng = np.random.default_rng(4)
    Z = np.round(rng.standard_normal((4, 6)), 1)
    Z[1, 2] = 0.0  # the kink: ReLU'(0) = 0 by convention
    dA = rng.standard_normal((4, 6))
    dZ = activation_backward(dA, Z, "relu")
    A = np.maximum(Z, 0)
    variants = {
        "dZ": {
            "the mask is missing: dZ = dA * ReLU'(Z), and ReLU'(Z) is 0 where Z <= 0": dA,
            "you multiplied by A = ReLU(Z) itself; the mask is 1 where Z > 0 and 0 elsewhere (build it from Z)": dA * A,
            "at Z = 0 you let the gradient through; the convention is ReLU'(0) = 0, so use Z > 0, not Z >= 0": dA
            * (Z >= 0),
        }
    }
    return _run(
        "ReLU backward",
        fn,
        (dA, Z),
        {"dZ": dZ},
        None,
        variants,
        "dZ = dA * (Z > 0): an element-wise mask, the same shape as Z, zero at the kink",
    )


def check_bias_gradient(fn: Callable) -> Feedback:
    """``fn(dZ) -> db`` = 1/m sum over the examples, kept as a column."""
    dZ = np.random.default_rng(5).standard_normal((3, 7))
    db = dZ.sum(axis=1, keepdims=True) / 7
    return _run(
        "db",
        fn,
        (dZ,),
        {"db3": db},
        7,
        {"db3": {"summed over every entry: sum over axis 1 only": np.full((3, 1), dZ.sum() / 7)}},
        "db = 1/m np.sum(dZ, axis=1, keepdims=True): one number per unit, a (3, 1) column like b",
    )


def check_two_layer_backward(fn: Callable) -> Feedback:
    """``fn(params, cache, X, Y) -> grads`` for the 2-layer tanh/sigmoid network (keys dW1, db1, dW2, db2)."""
    rng = np.random.default_rng(6)
    X = rng.standard_normal((2, 8))
    Y = (rng.random((1, 8)) < 0.5).astype(float)
    params = {
        "W1": rng.standard_normal((4, 2)),
        "b1": rng.standard_normal((4, 1)),
        "W2": rng.standard_normal((1, 4)),
        "b2": rng.standard_normal((1, 1)),
    }
    Z1 = params["W1"] @ X + params["b1"]
    A1 = np.tanh(Z1)
    Z2 = params["W2"] @ A1 + params["b2"]
    A2 = sigmoid(Z2)
    cache = {"Z1": Z1, "A1": A1, "Z2": Z2, "A2": A2}
    dZ2 = A2 - Y
    dW2, db2, dA1 = linear_backward(dZ2, A1, params["W2"])
    dZ1 = activation_backward(dA1, Z1, "tanh", A1)
    dW1, db1, _ = linear_backward(dZ1, X, params["W1"])
    want = {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}
    try:
        got = fn(params, cache, X, Y)
    except NotImplementedError:
        return Feedback("2-layer backward", False, [NOT_YET])
    except Exception as exc:
        return Feedback("2-layer backward", False, [f"your function raised {type(exc).__name__}: {exc}"])
    if not isinstance(got, Mapping):
        return Feedback("2-layer backward", False, ["return a dict with keys dW1, db1, dW2, db2"])
    variants = {
        "dW1": {
            "the tanh derivative is missing: dZ1 = (W2^T dZ2) * (1 - A1^2)": linear_backward(dA1, X, params["W1"])[0]
        }
    }
    problems = [p for k in want if (p := diagnose(k, got.get(k), want[k], 8, variants.get(k))) is not None]
    return Feedback(
        "2-layer backward",
        not problems,
        problems or ["all four gradients match: dZ2 = A2 - Y, then back through W2^T and tanh' = 1 - A1^2"],
    )


def check_numerical_gradient(fn: Callable) -> Feedback:
    """``fn(J, theta, eps) -> grad``: central differences of a scalar function J(theta) of an array theta."""
    rng = np.random.default_rng(7)
    theta = rng.standard_normal((2, 3))
    C = rng.standard_normal((2, 3))

    def J(t: np.ndarray) -> float:
        return float(np.sum(C * t**3))

    want = 3 * C * theta**2
    before = theta.copy()
    fb = _run(
        "numerical gradient",
        fn,
        (J, theta, 1e-5),
        {"grad": want},
        None,
        {
            "grad": {
                "a one-sided difference (J(t + eps) - J(t)) / eps: use (J(t + eps) - J(t - eps)) / (2 eps)": _one_sided(
                    J, theta.copy(), 1e-5
                )
            }
        },
        "central differences agree with the true gradient to about eps^2",
    )
    if not np.array_equal(theta, before):
        fb.passed = False
        fb.lines.append("theta was left changed: put each entry back after nudging it")
    return fb


def _one_sided(J: Callable, theta: np.ndarray, eps: float) -> np.ndarray:
    """The mistake: (J(theta + eps) - J(theta)) / eps, each entry put back afterwards."""
    g = np.zeros_like(theta)
    base = J(theta)
    for i in np.ndindex(theta.shape):
        old = theta[i]
        theta[i] = old + eps
        g[i] = (J(theta) - base) / eps
        theta[i] = old
    return g


def check_update(fn: Callable) -> Feedback:
    """``fn(params, grads, learning_rate) -> new_params`` (gradient descent, params unchanged)."""
    rng = np.random.default_rng(8)
    params = {"W1": rng.standard_normal((3, 2)), "b1": rng.standard_normal((3, 1))}
    grads = {"dW1": rng.standard_normal((3, 2)), "db1": rng.standard_normal((3, 1))}
    before = {k: v.copy() for k, v in params.items()}
    try:
        new = fn(params, grads, 0.1)
    except NotImplementedError:
        return Feedback("update", False, [NOT_YET])
    except Exception as exc:
        return Feedback("update", False, [f"your function raised {type(exc).__name__}: {exc}"])
    problems = []
    for k in params:
        want = before[k] - 0.1 * grads["d" + k]
        flip = {"you stepped uphill: subtract the gradient, W := W - alpha dW": before[k] + 0.1 * grads["d" + k]}
        p = diagnose(k, (new or {}).get(k), want, None, flip)
        if p:
            problems.append(p)
        if not np.array_equal(params[k], before[k]):
            problems.append(f"params[{k!r}] was changed in place: build new arrays and leave the caller's dict alone")
    return Feedback("update", not problems, problems or ["W := W - alpha dW, b := b - alpha db, in new arrays"])


# ---------------------------------------------------------------------------- the bug zoo

BUGS = {
    "transpose on the wrong factor": "dW[l] = 1/m A[l-1] dZ[l]^T",
    "missing 1/m": "dW[l] = dZ[l] A[l-1]^T",
    "db over the wrong axis": "db[l] = 1/m sum over axis 0 of dZ[l]",
    "g' evaluated at A instead of Z": "dZ[l] = dA[l] * g'(A[l])",
    "forgot the derivative": "dZ[l] = dA[l]",
}


def buggy_backward(bug: str) -> Callable:
    """A backward pass with one classic bug switched on (a name from :data:`BUGS`).

    Returns ``f(AL, Y, caches, output) -> grads``, the same signature as
    :func:`backprop_lib.backward`. Everything but the named step is correct.
    """
    if bug not in BUGS:
        raise ValueError(f"unknown bug {bug!r}; the zoo has: {', '.join(BUGS)}")

    def backward_with_bug(AL, Y, caches, output="softmax"):  # noqa: ANN001, ANN202
        grads: dict[str, np.ndarray] = {}
        L = len(caches)
        dZ = output_backward(AL, np.asarray(Y, dtype=float))
        for c in reversed(caches):
            m = c.A_prev.shape[1]
            if c.l < L:
                dA = grads[f"dA{c.l}"]
                if bug == "forgot the derivative":
                    dZ = dA
                elif bug == "g' evaluated at A instead of Z":
                    dZ = dA * HIDDEN[c.activation][1](c.A)
                else:
                    dZ = activation_backward(dA, c.Z, c.activation, c.A)
            dW, db, dA_prev = linear_backward(dZ, c.A_prev, c.W)
            if bug == "transpose on the wrong factor":
                dW = c.A_prev @ dZ.T / m
            elif bug == "missing 1/m":
                dW = dW * m
            elif bug == "db over the wrong axis":
                db = dZ.sum(axis=0, keepdims=True) / m
            grads.update({f"dZ{c.l}": dZ, f"dW{c.l}": dW, f"db{c.l}": db, f"dA{c.l - 1}": dA_prev})
        return grads

    return backward_with_bug


def bug_zoo() -> dict[str, Callable]:
    """Every bug of :data:`BUGS`, ready for ``GradCheckExplorer(bugs=bug_zoo())``."""
    return {name: buggy_backward(name) for name in BUGS}
