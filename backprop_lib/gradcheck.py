"""Gradient checking: backprop's answer against central finite differences.

For each parameter entry theta_i, the numerical gradient is

    (J(theta + eps e_i) - J(theta - eps e_i)) / (2 eps),

whose truncation error shrinks like eps^2, while its rounding error, about
machine epsilon * |J| / eps, grows as eps shrinks: the sum is smallest near
eps = 1e-5 for the lessons' costs (lesson 06 measures it). With eps = 1e-6, a
power of ten on the rounding side, a correct backprop still agrees to about
1e-9 in relative terms. The relative error of a whole
gradient is ||analytic - numerical|| / (||analytic|| + ||numerical||): about
1e-7 or less means correct; 1e-3 or more means a bug.

The ReLU kink. ReLU (and leaky ReLU) has a corner at Z = 0. If a pre-activation
Z lies within reach of the +-eps nudge, the two sides of the difference see two
different slopes and the numerical gradient is wrong, not backprop. The result
reports how many hidden pre-activations lie that close (``near_kink``); check
with a different seed or batch when it is not zero.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

from ._validate import InputError, as_float_array, check_finite, check_int, check_number, public
from .losses import _cost, check_labels
from .network import _logits, backward, forward, num_layers
from .shapes import check_grad_shapes


@dataclass
class GradCheckResult:
    """The outcome of :func:`gradcheck`.

    Attributes
    ----------
    relative_error : float
        Over all parameters together.
    per_param : dict
        ``"dW1"``, ``"db1"``, ...: the relative error of each gradient.
    elementwise : dict
        ``"dW1"``, ...: |a - n| / (|a| + |n|) per entry, the same shape as the
        parameter (0 where both are 0), ready for a heatmap.
    analytic, numerical : dict
        The two gradients, keyed ``"dW1"``, ``"db1"``, ...
    near_kink : int
        Hidden ReLU/leaky-ReLU pre-activations within ``kink_tol`` of 0.
    eps : float
    dtype : str
        The dtype of the gradients checked: ``"float64"``, or ``"float32"`` when
        ``grads`` held float32 arrays. It sets the default tolerance: float64
        keeps about 16 digits, so a correct backprop agrees to 1e-7; float32
        keeps about 7, so correct float32 gradients differ from the float64
        finite differences by up to about 1e-5 and the tolerance is 1e-4.
    checked : dict or None
        With ``gradcheck(..., sample=k)``: ``"dW1"``, ...: True at the entries
        checked. Elsewhere ``numerical`` and ``elementwise`` hold NaN (not
        checked, not an error), and the errors above cover the checked entries.
    """

    relative_error: float
    per_param: dict[str, float]
    elementwise: dict[str, np.ndarray]
    analytic: dict[str, np.ndarray] = field(repr=False)
    numerical: dict[str, np.ndarray] = field(repr=False)
    near_kink: int = 0
    eps: float = 1e-6
    dtype: str = "float64"
    checked: dict[str, np.ndarray] | None = field(default=None, repr=False)

    @property
    def tolerance(self) -> float:
        """The default tolerance for gradients of :attr:`dtype` (see above)."""
        return TOLERANCE.get(self.dtype, TOLERANCE["float32"])

    def passed(self, tol: float | None = None) -> bool:
        """True when the overall relative error is at most ``tol`` (default: :attr:`tolerance`)."""
        return self.relative_error <= (self.tolerance if tol is None else tol)

    def summary(self, tol: float | None = None) -> str:
        tol = self.tolerance if tol is None else tol
        lines = [f"gradient check (central differences, eps = {self.eps:g})"]
        if self.checked is not None:
            done = sum(int(c.sum()) for c in self.checked.values())
            total = sum(c.size for c in self.checked.values())
            lines[0] += f", {done:,} of {total:,} entries, drawn at random (sample)"
        for key, err in self.per_param.items():
            flag = "ok" if err <= tol else "MISMATCH"
            lines.append(f"  {key:<5} relative error {err:9.2e}  {flag}")
        verdict = "backprop matches" if self.passed(tol) else "backprop does NOT match"
        lines.append(f"  overall {self.relative_error:.2e} -> {verdict} (tolerance {tol:g})")
        if self.dtype != "float64":
            lines.append(
                f"  note: the gradients checked are {self.dtype}, which keeps about 7 digits, so the tolerance "
                f"is {tol:g} instead of float64's {TOLERANCE['float64']:g}"
            )
        if self.near_kink:
            lines.append(
                f"  note: {self.near_kink} hidden pre-activations lie within the nudge of the ReLU kink at 0; "
                "there the finite difference itself is off"
            )
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.summary()


TOLERANCE = {"float64": 1e-7, "float32": 1e-4}


@public("||a - n|| / (||a|| + ||n||)", same_shape=[("a", "n")], a="a", n="n")
def relative_error(a: np.ndarray, n: np.ndarray) -> float:
    """||a - n|| / (||a|| + ||n||), and 0 when both are 0. Both are scaled by their largest entry first, which
    changes nothing in the ratio and keeps it finite for entries near the float range (1e308 against -1e308).

    Introduced in lesson 06 (the gradient check).
    """
    big = max(float(np.max(np.abs(a), initial=0)), float(np.max(np.abs(n), initial=0)))
    if big == 0:
        return 0.0
    a, n = a / big, n / big
    return float(np.linalg.norm(a - n) / (np.linalg.norm(a) + np.linalg.norm(n)))


@public("|a - n| / (|a| + |n|)", same_shape=[("a", "n")], a="a", n="n")
def elementwise_error(a: np.ndarray, n: np.ndarray) -> np.ndarray:
    """|a - n| / (|a| + |n|) per entry, 0 where both are 0 (each pair scaled first, as in :func:`relative_error`).

    Introduced in lesson 06 (the gradient check).
    """
    big = np.maximum(np.abs(a), np.abs(n))
    scale = np.where(big > 0, big, 1)
    a, n = a / scale, n / scale
    out = np.zeros(a.shape)
    np.divide(np.abs(a - n), np.abs(a) + np.abs(n), out=out, where=big > 0)
    return out


@public("(J(theta + eps e_i) - J(theta - eps e_i)) / (2 eps)")
def numerical_gradient(J: Callable[[np.ndarray], float], theta: np.ndarray, eps: float = 1e-6) -> np.ndarray:
    """Central differences of a scalar function J with respect to every entry of the array ``theta``.

    Introduced in lesson 06 (the gradient check).

    Each entry is nudged by +eps and -eps in place (J must read ``theta``) and
    put back afterwards, so ``theta`` ends unchanged. ``theta`` must be a
    float64 array: in an integer array the nudge rounds away, and in float32
    a nudge of 1e-6 is below the resolution of the entries (about 1e-7 of
    their size), which makes the differences wrong by percents.

    Returns
    -------
    grad : ndarray, the shape of ``theta``
        (J(theta + eps e_i) - J(theta - eps e_i)) / (2 eps) for every entry i.
    """
    formula = "(J(theta + eps e_i) - J(theta - eps e_i)) / (2 eps)"
    if not callable(J):
        raise InputError(f"{formula}: J must be a function of theta returning a number, not {type(J).__name__}")
    if not isinstance(theta, np.ndarray):
        raise InputError(
            f"{formula}: theta must be a numpy array that J reads (it is nudged in place), not {type(theta).__name__}"
        )
    if theta.dtype != np.float64:
        raise InputError(
            f"{formula}: theta has dtype {theta.dtype}; the nudge eps = {eps!r} "
            + ("would round back to a whole number" if theta.dtype.kind in "biu" else "is lost in rounding")
            + ", so the differences would be wrong. Give J and numerical_gradient a float64 theta "
            "(theta = theta.astype(np.float64), and let J read that array)"
        )
    eps = check_number(eps, "eps", formula, positive=True)
    check_finite(theta, "theta", formula)
    if not theta.flags.writeable:
        raise InputError(f"{formula}: theta is read-only, but it is nudged in place (J reads it): pass a writable copy")
    return central_differences(J, theta, eps, list(np.ndindex(theta.shape)))


def central_differences(J: Callable[[np.ndarray], float], theta: np.ndarray, eps: float, entries: list) -> np.ndarray:
    """(J(theta + eps e_i) - J(theta - eps e_i)) / (2 eps) at each index in ``entries`` (0 elsewhere).

    ``theta`` is a float64 array that J reads, nudged in place and put back. The nudge is checked against
    every entry first (a wide stretch, or a step float64 cannot hold next to the entry), one J is evaluated
    per side in a lean loop, and the results after it (one number each, finite, and a difference that the
    rounding of J does not decide).
    """
    formula = "(J(theta + eps e_i) - J(theta - eps e_i)) / (2 eps)"
    olds = np.array([theta[i] for i in entries], dtype=np.float64)
    size = np.maximum(1.0, np.abs(olds))
    for k in np.flatnonzero(eps > 0.1 * size)[:1]:
        raise InputError(
            f"{formula}: eps = {eps:g} is no small nudge next to theta{list(entries[k])} = {olds[k]:g}: the "
            "difference would measure J over a wide stretch, not its slope at theta (and lose its digits to "
            f"cancellation). Use an eps of about 1e-6 times the size of the entries (here {1e-6 * size[k]:g})"
        )
    with np.errstate(over="ignore", invalid="ignore"):  # an entry near the float range: said in words below
        steps = (olds + eps) - (olds - eps)  # the nudge as float64 can hold it, next to each entry
    for k in np.flatnonzero(~(np.abs(steps - 2 * eps) <= 1e-6 * 2 * eps))[:1]:
        raise InputError(
            f"{formula}: eps = {eps:g} is too small next to theta{list(entries[k])} = {olds[k]:g}: theta +- eps "
            f"rounds to a step of {steps[k]:g} instead of 2 eps = {2 * eps:g}, so the difference would be wrong. "
            f"Use an eps of about 1e-6 times the size of the entries (here {1e-6 * size[k]:g})"
        )
    plus, minus = np.empty(len(entries)), np.empty(len(entries))
    for k, i in enumerate(entries):
        old = theta[i]
        try:
            theta[i] = old + eps
            jp = J(theta)
            theta[i] = old - eps
            jm = J(theta)
        except InputError:
            raise
        except Exception as exc:  # the caller's J: its own error, said with the entry it was at
            raise InputError(f"{formula}: J raised {type(exc).__name__} at entry {i}: {exc}") from exc
        finally:
            theta[i] = old
        for side, value in (("+", jp), ("-", jm)):
            if not isinstance(value, (int, float, np.integer, np.floating)) or not math.isfinite(value):
                raise InputError(
                    f"{formula}: J(theta {side} eps e_i) at entry {i} returned {value!r}; "
                    "J must return one finite number"
                )
        plus[k], minus[k] = jp, jm
    slopes = (plus - minus) / (2 * eps)
    rounding = np.spacing(np.maximum(np.abs(plus), np.abs(minus))) / (2 * eps)  # the slope one ulp of J fakes
    scale = np.maximum(np.abs(slopes), np.maximum(np.abs(plus), np.abs(minus)) / size)
    for k in np.flatnonzero(rounding > 1e-3 * scale)[:1]:
        raise InputError(
            f"{formula}: eps = {eps:g} is too small for a J of about {abs(plus[k]):.3g}: one unit in the last place "
            f"of J already changes the difference by {rounding[k]:.3g}, so rounding, not the slope of J, decides "
            f"entry {list(entries[k])} (it came out {slopes[k]:.3g}). Use an eps of about 1e-6 times the size of "
            f"the entries (here {1e-6 * size[k]:g})"
        )
    grad = np.zeros(theta.shape)
    for k, i in enumerate(entries):
        grad[i] = slopes[k]
    return grad


@public("gradcheck: backprop against central differences", X="X = A[0]", Y="Y")
def gradcheck(
    params: Mapping[str, np.ndarray],
    X: object,
    Y: object,
    hidden: str | Sequence[str] = "relu",
    output: str = "softmax",
    grads: Mapping[str, np.ndarray] | None = None,
    eps: float = 1e-6,
    kink_tol: float = 1e-5,
    sample: int | None = None,
) -> GradCheckResult:
    """Compare backprop's dW and db with central finite differences of J.

    Introduced in lesson 00; how it works in lesson 06.

    Parameters
    ----------
    params : dict
        ``"W{l}"``, ``"b{l}"``; copied to float64, never changed.
    X : array_like, (n[0], m)
    Y : array_like, (n[L], m)
    hidden, output : as in :func:`backprop_lib.forward`
    grads : dict, optional
        The gradients to check (for example from a learner's own backward).
        By default, :func:`backprop_lib.backward` computes them.
    eps : float
        The nudge.
    kink_tol : float
        How close to 0 a ReLU pre-activation counts as "near the kink".
    sample : int, optional
        Check at most this many entries of each W[l] and b[l], drawn at random (the same ones every
        time), as CS231n's sparse check does: two cost evaluations per entry, so a [784, 256, 10]
        network takes seconds instead of minutes. None (the default) checks every entry.

    Returns
    -------
    GradCheckResult
        Its ``summary()`` prints a per-parameter table.

    Raises
    ------
    ShapeError
        When a given gradient's shape differs from its parameter's, with the
        likely cause (see :func:`backprop_lib.shapes.check_grad_shapes`).
    """
    L = num_layers(params)
    eps = check_number(eps, "eps", "(J(theta + eps) - J(theta - eps)) / (2 eps)", positive=True)
    kink_tol = check_number(kink_tol, "kink_tol", "|Z[l]| < kink_tol")
    if kink_tol < 0:
        raise InputError(f"|Z[l]| < kink_tol: kink_tol = {kink_tol:g}; a distance from the kink, >= 0")
    P = {  # only W[l] and b[l]: other keys are not parameters of J
        k: as_float_array(params[k], f"{k[0]}[{l}]", "gradcheck").astype(np.float64)
        for l in range(1, L + 1)
        for k in (f"W{l}", f"b{l}")
    }
    X = as_float_array(X, "X = A[0]", "gradcheck").astype(np.float64)

    AL, caches = forward(X, P, hidden, output)  # checks X, P and the names; the nudged costs below trust them
    names, Yc = [c.activation for c in caches], check_labels(Y, AL, output)

    def J(_: np.ndarray) -> float:  # called under np.errstate below: a nudge that overflows is said by _logits
        ZL = _logits(X, P, names)
        return _cost(ZL, ZL, Yc, output)  # the cost reads Z[L] (A[L] = Z[L] only for a linear output)

    if grads is None:
        grads = backward(AL, Y, caches, output)
    else:
        check_grad_shapes(P, grads)
        for k in (f"d{p}{l}" for l in range(1, L + 1) for p in ("W", "b")):
            check_finite(as_float_array(grads[k], k, "gradcheck"), k, "gradcheck: the gradient to check")
    dtype = "float64"
    if any(getattr(grads[f"d{p}{l}"], "dtype", None) == np.float32 for l in range(1, L + 1) for p in ("W", "b")):
        dtype = "float32"
    near = sum(int(np.sum(np.abs(c.Z) < kink_tol)) for c in caches[:-1] if c.activation in ("relu", "leaky_relu"))
    analytic: dict[str, np.ndarray] = {}
    numerical: dict[str, np.ndarray] = {}
    if sample is not None:
        sample = check_int(sample, "sample", 1, "the entries checked per parameter")
    rng = np.random.default_rng(0)
    checked: dict[str, np.ndarray] = {}
    for l in range(1, L + 1):
        for p in ("W", "b"):
            key, theta = f"d{p}{l}", P[f"{p}{l}"]
            analytic[key] = np.asarray(grads[key], dtype=np.float64)
            everything = list(np.ndindex(theta.shape))
            if sample is None or sample >= len(everything):
                entries = everything
            else:
                entries = [everything[k] for k in sorted(rng.choice(len(everything), sample, replace=False))]
            checked[key] = np.zeros(theta.shape, bool)
            checked[key][tuple(np.array(entries).reshape(len(entries), theta.ndim).T)] = True
            with np.errstate(over="ignore", invalid="ignore"):
                slopes = central_differences(J, theta, eps, entries)
            numerical[key] = np.where(checked[key], slopes, np.nan)
    per = {k: relative_error(analytic[k][checked[k]], numerical[k][checked[k]]) for k in analytic}
    elem = {
        k: np.where(checked[k], elementwise_error(analytic[k], np.nan_to_num(numerical[k])), np.nan) for k in analytic
    }
    overall = relative_error(
        np.concatenate([analytic[k][checked[k]] for k in analytic]),
        np.concatenate([numerical[k][checked[k]] for k in analytic]),
    )
    sampled = None if all(c.all() for c in checked.values()) else checked
    return GradCheckResult(overall, per, elem, analytic, numerical, near, eps, dtype, sampled)
