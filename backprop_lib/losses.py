r"""The cost J of each output/loss pairing, and the output-layer error dZ[L] = A[L] - Y.

Three pairings, one rule
------------------------
Write a for one example's output column, y for its label column, z = Z[L] for
its logits, and l for that example's loss; J = (1/m) sum of l over the m examples.

* ``"softmax"`` + categorical cross-entropy, l = -sum_k y_k log a_k, with
  a_k = e^{z_k} / sum_j e^{z_j}. The softmax Jacobian is
  da_k/dz_j = a_k (delta_kj - a_j), so by the chain rule

      dl/dz_j = sum_k (-y_k / a_k) a_k (delta_kj - a_j) = -y_j + a_j sum_k y_k = a_j - y_j,

  because a one-hot y sums to 1.
* ``"sigmoid"`` + binary cross-entropy, l = -[y log a + (1 - y) log(1 - a)],
  with a = sigma(z): dl/da = (a - y) / (a (1 - a)) and da/dz = a (1 - a), so
  dl/dz = a - y.
* ``"linear"`` + squared error, l = (1/2)(a - y)^2 with a = z: dl/dz = a - y,
  so J = 1/(2m) sum (A - Y)^2.

In each case the loss was chosen to *match* the output activation: the
derivative of the loss cancels the derivative of the activation, and what is
left is the plain error, prediction minus truth. Stacked over the m examples
(one column each) this is

    dZ[L] = A[L] - Y,        shape (n[L], m).

Note the convention of the lessons: dZ[L] holds the per-example gradients
dl/dz, *without* the 1/m; the 1/m of the mean enters once, in dW and db.
"""

from __future__ import annotations

import math

import numpy as np

from ._validate import InputError, ShapeError, as_float_array, check_2d, check_finite, public, shape_str
from .activations import OUTPUT

COSTS = {
    "softmax": "categorical cross-entropy, J = -1/m sum_i sum_k Y[k,i] log A[k,i]",
    "sigmoid": "binary cross-entropy, J = -1/m sum [Y log A + (1 - Y) log(1 - A)]",
    "linear": "squared error, J = 1/(2m) sum (A - Y)^2",
}


def check_output(output: str) -> str:
    if not isinstance(output, str) or output not in OUTPUT:
        raise InputError(
            f"unknown output activation {output!r}; valid: {', '.join(OUTPUT)} "
            "(each paired with its cost: softmax + cross-entropy, sigmoid + binary "
            "cross-entropy, linear + squared error)"
        )
    return output


def check_labels(
    Y: object, AL: np.ndarray, output: str, formula: str = "dZ[L] = A[L] - Y", A_name: str = "A[L]"
) -> np.ndarray:
    """Y as an array of AL's dtype, after checking its shape and its values.

    Parameters
    ----------
    Y : array_like, (n[L], m)
        One-hot columns for ``"softmax"``; 0s and 1s for ``"sigmoid"``; any
        finite numbers for ``"linear"``.
    AL : ndarray, (n[L], m)
    output : {"softmax", "sigmoid", "linear"}

    Returns
    -------
    Y : ndarray, (n[L], m), of AL's dtype
    """
    check_output(output)
    Y = as_float_array(Y, "Y", formula)
    if Y.shape != AL.shape:
        hint = ""
        if Y.ndim == 1 and Y.shape[0] == AL.shape[1]:
            hint = (
                "; Y looks like a vector of labels: one-hot encode it for softmax "
                "(bp.data.one_hot) or reshape it to (1, m) for sigmoid"
            )
        elif Y.ndim == 2 and Y.shape == AL.shape[::-1]:
            hint = "; Y looks transposed: examples must be columns"
        raise ShapeError(f"{formula}: {A_name} is {shape_str(AL)} but Y is {shape_str(Y)}; they must match{hint}")
    check_finite(Y, "Y", formula)
    one_unit = (
        " (a softmax over one unit always outputs 1; for two classes use output='sigmoid' with labels 0 and 1)"
        if output == "softmax" and AL.shape[0] == 1
        else ""
    )
    if output in ("softmax", "sigmoid"):
        not01 = (Y != 0) & (Y != 1)
        if not01.any():
            i, k = (int(v) for v in np.argwhere(not01)[0])
            what = "one-hot (a single 1 in each column)" if output == "softmax" else "0 or 1"
            raise InputError(
                f"{formula}: with a {output} output Y must be {what}, but Y[{i}, {k}] = {Y[i, k]:g}{one_unit}"
            )
    if output == "softmax":
        sums = Y.sum(axis=0)
        bad = np.flatnonzero(sums != 1)
        if bad.size:
            k = int(bad[0])
            raise InputError(
                f"{formula}: with a softmax output Y must be one-hot (a single 1 in each column), "
                f"but column {k} (example {k}) sums to {sums[k]:g} ({bad.size} such columns){one_unit}"
            )
    return Y.astype(AL.dtype, copy=False)


def check_probabilities(AL: np.ndarray, output: str, formula: str) -> None:
    """A softmax or sigmoid A[L] holds probabilities: entries in [0, 1], softmax columns summing to 1."""
    low, high = float(AL.min()), float(AL.max())
    if low < 0 or high > 1:
        k, i = (int(v) for v in np.argwhere((AL < 0) | (AL > 1))[0])
        raise InputError(
            f"{formula} with a {output} output: A[L] {shape_str(AL)} must hold probabilities in [0, 1], "
            f"but A[{k}, {i}] = {AL[k, i]:g}; pass A[L] = {output}(Z[L]), not the logits Z[L]"
        )
    if output == "softmax":
        tol = 1e3 * np.finfo(AL.dtype).eps * AL.shape[0]  # rounding of the sum, never a real gap
        gap = np.abs(AL.sum(axis=0) - 1)
        if gap.max() > tol:
            i = int(np.argmax(gap))
            raise InputError(
                f"{formula} with a softmax output: each column of A[L] must sum to 1 (one probability per class), "
                f"but column {i} (example {i}) sums to {AL[:, i].sum():.6g}; pass A[L] = softmax(Z[L])"
            )


@public("dZ[L] = A[L] - Y", same_shape=[("AL", "Y")], AL="A[L]", Y="Y")
def output_backward(AL: np.ndarray, Y: np.ndarray) -> np.ndarray:
    """dZ[L] = A[L] - Y for every pairing above (see the module docstring for why).

    Introduced in lesson 01 (dZ[L] = A[L] - Y).

    Parameters
    ----------
    AL : ndarray, (n[L], m)
        The output activations A[L].
    Y : ndarray, (n[L], m)
        The labels, already checked by :func:`check_labels`.

    Returns
    -------
    dZL : ndarray, (n[L], m)
        Per-example gradients of the loss with respect to Z[L] (no 1/m).
    """
    return AL - Y


def _cost(AL: np.ndarray, ZL: np.ndarray, Y: np.ndarray, output: str) -> float:
    """J on checked arrays, from the logits Z[L] where a log is taken (exact even for logits of +-1000)."""
    m = AL.shape[1]
    if output == "linear":
        D = AL - Y
        return float(np.sum(D * D) / (2 * m))
    if output == "softmax":  # log A = Z - log sum_r e^(Z_r), with the largest logit taken out first
        zmax = ZL.max(axis=0, keepdims=True)
        logA = ZL - zmax - np.log(np.exp(ZL - zmax).sum(axis=0, keepdims=True))
        return float(-np.sum(Y * logA) / m) + 0.0  # + 0.0: a perfect fit is 0, not -0
    # binary cross-entropy from logits: max(z, 0) - z y + log(1 + e^-|z|)
    losses = np.maximum(ZL, 0) - ZL * Y + np.log1p(np.exp(-np.abs(ZL)))
    return float(np.sum(losses) / m)


@public("J = cost(A[L], Y)", AL="A[L]", Y="Y", ZL="Z[L]")
def cost(AL: object, Y: object, output: str = "softmax", ZL: object | None = None) -> float:
    """The mean loss J over the m examples.

    Introduced in lesson 00; its gradient in lesson 01.

    Parameters
    ----------
    AL : array_like, (n[L], m)
        Output activations A[L] from :func:`backprop_lib.forward`.
    Y : array_like, (n[L], m)
        Labels in the layout of ``output`` (see :func:`check_labels`).
    output : {"softmax", "sigmoid", "linear"}
        Chooses the cost: cross-entropy, binary cross-entropy, squared error.
    ZL : array_like, (n[L], m), optional
        The logits Z[L] (``caches[-1].Z``). When given, the log-probabilities
        are computed from the logits (log-sum-exp), which is exact even when a
        probability underflows to 0 (logits of +-1000). Without it, a
        J is computed from A[L] alone. That is exact unless A[L] rounded to a
        certainty on the wrong side (a probability of the true class of exactly
        0, or a sigmoid output of exactly 1 where Y = 0): the loss of that
        example is then lost in rounding, and ``cost`` raises
        :class:`InputError` asking for ``ZL`` instead of returning a number.

    Returns
    -------
    J : float

    Raises
    ------
    InputError
        For a softmax or sigmoid output whose A[L] is no probability (outside
        [0, 1], or softmax columns that do not sum to 1), or that rounded to a
        certainty on the wrong side when ``ZL`` is not given.
    """
    check_output(output)
    formula = "J = cost(A[L], Y)"
    AL = as_float_array(AL, "A[L]", formula)
    check_2d(AL, "A[L]", formula, "(n[L], m)")
    if AL.shape[1] == 0:
        raise ShapeError(f"{formula}: A[L] is {shape_str(AL)}, m = 0 examples; the mean needs m >= 1")
    check_finite(AL, "A[L]", formula)
    Y = check_labels(Y, AL, output, formula)
    if output != "linear":
        check_probabilities(AL, output, formula)
    m = AL.shape[1]
    if output == "linear":
        with np.errstate(over="ignore"):  # said in words below
            J = _cost(AL, AL, Y, output)
        if not math.isfinite(J):
            raise InputError(
                f"{formula} with a linear output: J = 1/(2m) sum (A - Y)^2 passes the {AL.dtype} range (the largest "
                f"|A[L] - Y| is {float(np.max(np.abs(AL - Y))):.3g}); outputs this large usually come from a learning "
                "rate that is too large"
            )
        return J
    if ZL is not None:
        ZL = as_float_array(ZL, "Z[L]", formula)
        if ZL.shape != AL.shape:
            raise ShapeError(f"{formula}: Z[L] is {shape_str(ZL)} but A[L] is {shape_str(AL)}; they must match")
        check_finite(ZL, "Z[L]", formula)
        gap = float(np.max(np.abs(OUTPUT[output](ZL) - AL)))
        if gap > 1e-6:
            raise InputError(
                f"{formula}: this Z[L] is not the logits of this A[L] ({output}(Z[L]) differs from A[L] by up to "
                f"{gap:.3g}); J is computed from the logits, so pass the A[L] and Z[L] of one forward pass "
                "(AL and caches[-1].Z)"
            )
        return _cost(AL, ZL, Y, output)
    # the probability each example gave its true label: A where Y = 1, and 1 - A where Y = 0 (sigmoid)
    P = np.where(Y == 1, AL, 1 - AL) if output == "sigmoid" else AL
    lost = (P == 0) & ((Y == 1) | (output == "sigmoid"))
    if lost.any():
        k, i = (int(v) for v in np.argwhere(lost)[0])
        what = f"A[{k}, {i}] = {AL[k, i]:g} where Y[{k}, {i}] = {Y[k, i]:g}"
        raise InputError(
            f"{formula} with a {output} output: {what}, so the probability of the true label rounded to 0 "
            f"({int(lost.sum())} such entries) and its loss -log(0) is lost in rounding (the true loss is finite, "
            f"at least {-np.log(np.finfo(AL.dtype).eps / 2):.1f} in {AL.dtype}, but A[L] no longer says how large). "
            "Pass the logits, bp.cost(AL, Y, output, ZL=caches[-1].Z), for the exact J"
        )
    with np.errstate(divide="ignore"):  # log(0) only where Y = 0 multiplies it: those terms are set to 0
        logP = np.log(P)
    if output == "softmax":
        return float(-np.sum(np.where(Y == 1, logP, 0.0)) / m) + 0.0  # + 0.0: a perfect fit is 0, not -0
    return float(-np.sum(logP) / m) + 0.0
