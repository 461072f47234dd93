"""Where one number comes from: any entry of Z, A, dZ, dW, db or dA as the sum that makes it.

    ex = bp.widgets.LayerExplorer()
    e = bp.explain.explain(ex, "dW2", 1, 3)
    print(e.text())        # the formula, the first terms in numbers, the total
    e.lights               # the entries it is made of: {"dZ[2]": {"rows": [1]}, "A[1]": {"rows": [3]}, ...}

``state`` is anything with ``params``, ``caches`` and ``grads`` (and ``Y`` for the output
layer's dZ), as :func:`backprop_lib.forward` and :func:`backprop_lib.backward` make them; an
explorer is one. The total is summed from the same terms the text shows and equals the
package's own value (to rounding: tests/test_explain.py checks it on random networks).

The formulas, in the lessons' notation (i is an example, j a unit of layer l, p a unit of
layer l-1):

    Z[l][j, i]    = sum_p W[l][j, p] A[l-1][p, i] + b[l][j]
    A[l][j, i]    = g(Z[l][j, i])            (softmax: exp(Z[j, i]) / sum_r exp(Z[r, i]))
    dZ[L][j, i]   = A[L][j, i] - Y[j, i]
    dZ[l][j, i]   = dA[l][j, i] g'(Z[l][j, i])   (l < L)
    dW[l][j, p]   = 1/m sum_i dZ[l][j, i] A[l-1][p, i]
    db[l][j]      = 1/m sum_i dZ[l][j, i]
    dA[l-1][p, i] = sum_j W[l][j, p] dZ[l][j, i]
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

import numpy as np

from ._validate import InputError, ShapeError, check_int, public
from .activations import HIDDEN
from .plots import cell_text

KINDS = ("Z", "A", "dZ", "dW", "db", "dA", "W", "b")
_NAME = re.compile(r"^(dZ|dW|db|dA|Z|A|W|b)(?:(\d{1,6})|\[(\d{1,6})\])$")


@dataclass
class Explanation:
    """One entry and the sum that makes it.

    Attributes
    ----------
    entry : str
        ``"dW[2][1, 3]"``.
    formula : str
        The rule with this entry's indices, ``"dW[2][1, 3] = 1/m Σ_i dZ[2][1, i] A[1][3, i]"``.
    where : str
        In words, which rows and columns it is made of.
    terms : list of str
        Each term in numbers, ``"(0.12)(-0.40)"``.
    values : list of float
        Each term's value (the products, or the pieces of a sum).
    scale : float
        1/m for dW and db, else 1.
    total : float
        ``scale * sum(values)``: equals the package's own value.
    lights : dict
        The entries it is made of, by matrix name: ``{"dZ[2]": {"rows": [1]}}`` (also
        ``"cols"`` and ``"cells"`` as [i, j] pairs); the entry itself is in ``cells``.
    """

    entry: str
    formula: str
    where: str
    terms: list[str] = field(default_factory=list)
    values: list[float] = field(default_factory=list)
    scale: float = 1.0
    scale_text: str = ""
    total: float = 0.0
    lights: dict[str, dict] = field(default_factory=dict)

    def text(self, every: int = 8, per_line: int = 4) -> str:
        """The formula, what it is made of in words, its terms in numbers (all of them up to ``every``, else the
        first ``per_line`` and how many more), how many of them are 0, the total."""
        pad = " " * len(self.entry)
        lines = [self.formula, f"{pad}   ({self.where})"]
        if self.terms:
            n = len(self.terms)
            shown = self.terms if n <= every else self.terms[:per_line]
            rows = [" + ".join(shown[k : k + per_line]) for k in range(0, len(shown), per_line)]
            body = f"\n{pad}   + ".join(rows)
            if n > every:
                body += f" + … ({n - per_line} more, not written out: the total adds all {n})"
            lines.append(f"{pad} = {self.scale_text}{body}" + ("]" if self.scale_text else ""))
            zeros = sum(1 for v in self.values if v == 0)
            if 0 < zeros < n:
                lines.append(f"{pad}   ({zeros} of the {n} terms are 0)")
        lines.append(f"{pad} = {self.total:.4f}")
        return "\n".join(lines)


def number(v: float) -> str:
    """A factor of a written sum: 4 significant digits, so that multiplying the shown factors by hand
    gives the shown total to its last digit or so (2 decimals did not: (-0.32)(0.95) "= -0.3012");
    an exact 0 prints as 0 and a tiny negative never as -0."""
    return "0" if v == 0 else cell_text("{:.4g}", v)


def _n(v: float) -> str:
    return f"({number(v)})"


def parse_name(name: str) -> tuple[str, int]:
    """``"dW2"`` or ``"dW[2]"`` -> ("dW", 2)."""
    hit = _NAME.match(name.strip()) if isinstance(name, str) else None
    if not hit:
        raise InputError(
            f"explain: {name!r} is not an entry name; use one of {', '.join(KINDS)} "
            "with its layer, e.g. 'dW2' or 'dW[2]'"
        )
    return hit.group(1), int(hit.group(2) or hit.group(3))


def rule(name: str, L: int) -> str:
    """The formula of an entry of ``name`` ("dW[2]", or "W[2]^T" for a transposed map) in a network
    of ``L`` layers, with ``{r}`` and ``{c}`` for the entry's row and column ("" if none applies)."""
    if name.endswith("^T"):
        return f"{name}[{{r}}, {{c}}] = {name[:-2]}[{{c}}, {{r}}]"
    try:
        kind, l = parse_name(name)
    except InputError:
        return ""
    e = f"{kind}[{l}][{{r}}, {{c}}]"
    return {
        "Z": f"{e} = Σ_p W[{l}][{{r}}, p] A[{l - 1}][p, {{c}}] + b[{l}][{{r}}]",
        "A": f"{e} = g(Z[{l}][{{r}}, {{c}}])",
        "dZ": f"{e} = A[{l}][{{r}}, {{c}}] - Y[{{r}}, {{c}}]"
        if l == L
        else f"{e} = dA[{l}][{{r}}, {{c}}] g'(Z[{l}][{{r}}, {{c}}])",
        "dW": f"{e} = 1/m Σ_i dZ[{l}][{{r}}, i] A[{l - 1}][{{c}}, i]",
        "db": f"{kind}[{l}][{{r}}] = 1/m Σ_i dZ[{l}][{{r}}, i]",
        "dA": f"{e} = Σ_j W[{l + 1}][j, {{r}}] dZ[{l + 1}][j, {{c}}]",
        "W": f"{e}: a weight of layer {l}",
        "b": f"{kind}[{l}][{{r}}]: a bias of layer {l}",
    }[kind]


def _formula(kind: str, l: int, L: int, r: int, c: int) -> str:
    return rule(f"{kind}[{l}]", L).replace("{r}", str(r)).replace("{c}", str(c))


def _check_index(name: str, a: np.ndarray, i: int, j: int) -> None:
    if not (0 <= i < a.shape[0] and 0 <= j < a.shape[1]):
        raise ShapeError(
            f"explain: {name} is ({a.shape[0]}, {a.shape[1]}), so [{i}, {j}] is outside it "
            f"(rows 0..{a.shape[0] - 1}, columns 0..{a.shape[1] - 1})"
        )


def _fsum(values: list[float]) -> float:
    return math.fsum(values)


@public("explain(state, name, i, j)")
def explain(state: object, name: str, i: int, j: int = 0) -> Explanation:
    """The entry ``name[i, j]`` (e.g. ``"dW2", 1, 3``) as the sum that makes it, in numbers.

    Raises InputError for an unknown name or a layer the network has not, ShapeError for an
    index outside the matrix.
    """
    kind, l = parse_name(name)
    if not all(hasattr(state, a) for a in ("params", "caches", "grads")):
        raise InputError(
            f"explain: state is {type(state).__name__}; pass an explorer (or anything with the .params, .caches "
            "and .grads of one forward and backward pass)"
        )
    i, j = (check_int(v, n, 0, f"the {what} index of {name}") for v, n, what in ((i, "i", "row"), (j, "j", "column")))
    params, caches, grads = state.params, state.caches, state.grads  # type: ignore[attr-defined]
    L = len(caches)
    low = 0 if kind == "dA" else 1
    high = L - 1 if kind == "dA" else L
    if not low <= l <= high and not (kind == "A" and l == 0):
        raise InputError(f"explain: {kind}[{l}] does not exist in a network of L = {L} layers ({kind}[{low}..{high}])")
    if kind == "dW":
        return _dW(grads, caches, l, i, j)
    if kind == "db":
        return _db(grads, l, i, j)
    if kind == "dA":
        return _dA(params, grads, l, i, j)
    if kind == "dZ":
        return _dZ(state, grads, caches, l, L, i, j)
    if kind == "Z":
        return _Z(caches, l, i, j)
    if kind == "A":
        return _A(caches, l, i, j)
    P = params[f"{kind}{l}"]
    _check_index(f"{kind}[{l}]", P, i, j)
    entry = f"{kind}[{l}][{i}, {j}]"
    return Explanation(
        entry,
        f"{entry} is a parameter",
        "drag it up or down on its heatmap, or press Shift+Up / Shift+Down, to change it",
        total=float(P[i, j]),
        lights={f"{kind}[{l}]": {"cells": [[i, j]]}},
    )


def _dW(grads: dict, caches: list, l: int, j: int, p: int) -> Explanation:
    dZ, A = grads[f"dZ{l}"], caches[l - 1].A_prev
    _check_index(f"dW[{l}]", grads[f"dW{l}"], j, p)
    m = dZ.shape[1]
    values = [float(v) for v in dZ[j] * A[p]]
    entry = f"dW[{l}][{j}, {p}]"
    return Explanation(
        entry,
        _formula("dW", l, len(caches), j, p),
        f"row {j} of dZ[{l}] against row {p} of A[{l - 1}], summed over the m = {m} examples",
        [f"{_n(a)}{_n(b)}" for a, b in zip(dZ[j], A[p], strict=True)],
        values,
        1.0 / m,
        f"1/{m} [",
        _fsum(values) / m,
        {f"dZ[{l}]": {"rows": [j]}, f"A[{l - 1}]": {"rows": [p]}, f"dW[{l}]": {"cells": [[j, p]]}},
    )


def _db(grads: dict, l: int, j: int, c: int) -> Explanation:
    dZ = grads[f"dZ{l}"]
    _check_index(f"db[{l}]", grads[f"db{l}"], j, c)
    m = dZ.shape[1]
    values = [float(v) for v in dZ[j]]
    entry = f"db[{l}][{j}]"
    return Explanation(
        entry,
        _formula("db", l, 0, j, 0),
        f"row {j} of dZ[{l}], summed over the m = {m} examples",
        [_n(v) for v in values],
        values,
        1.0 / m,
        f"1/{m} [",
        _fsum(values) / m,
        {f"dZ[{l}]": {"rows": [j]}, f"db[{l}]": {"cells": [[j, 0]]}},
    )


def _dA(params: dict, grads: dict, lower: int, p: int, i: int) -> Explanation:
    l = lower + 1
    W, dZ = params[f"W{l}"], grads[f"dZ{l}"]
    _check_index(f"dA[{lower}]", grads[f"dA{lower}"], p, i)
    values = [float(v) for v in W[:, p] * dZ[:, i]]
    entry = f"dA[{lower}][{p}, {i}]"
    return Explanation(
        entry,
        _formula("dA", lower, 0, p, i),
        f"column {p} of W[{l}] against column {i} of dZ[{l}]",
        [f"{_n(a)}{_n(b)}" for a, b in zip(W[:, p], dZ[:, i], strict=True)],
        values,
        total=_fsum(values),
        lights={f"W[{l}]": {"cols": [p]}, f"dZ[{l}]": {"cols": [i]}, f"dA[{lower}]": {"cells": [[p, i]]}},
    )


def _dZ(state: object, grads: dict, caches: list, l: int, L: int, j: int, i: int) -> Explanation:
    c = caches[l - 1]
    _check_index(f"dZ[{l}]", grads[f"dZ{l}"], j, i)
    entry = f"dZ[{l}][{j}, {i}]"
    if l == L:
        if not hasattr(state, "Y"):
            raise InputError(f"explain: dZ[{c.l}] = A[{c.l}] - Y needs the labels: state has no .Y")
        a, y = float(c.A[j, i]), float(np.asarray(state.Y)[j, i])  # type: ignore[attr-defined]
        return Explanation(
            entry,
            _formula("dZ", l, L, j, i),
            f"the output minus the label, for unit {j} and example {i}",
            [_n(a), _n(-y)],
            [a, -y],
            total=a - y,
            lights={f"A[{l}]": {"cells": [[j, i]]}, "Y": {"cells": [[j, i]]}, f"dZ[{l}]": {"cells": [[j, i]]}},
        )
    dA = float(grads[f"dA{l}"][j, i])
    gp = float(HIDDEN[c.activation].prime(c.Z[j : j + 1, i : i + 1], c.A[j : j + 1, i : i + 1])[0, 0])
    return Explanation(
        entry,
        _formula("dZ", l, L, j, i),
        f"the blame arriving at unit {j} for example {i}, times the slope of {c.activation} there "
        f"(Z[{l}][{j}, {i}] = {c.Z[j, i]:.2f})",
        [f"{_n(dA)}{_n(gp)}"],
        [dA * gp],
        total=dA * gp,
        lights={
            f"dA[{l}]": {"cells": [[j, i]]},
            f"Z[{l}]": {"cells": [[j, i]]},
            f"g'(Z[{l}])": {"cells": [[j, i]]},
            f"dZ[{l}]": {"cells": [[j, i]]},
        },
    )


def _Z(caches: list, l: int, j: int, i: int) -> Explanation:
    c = caches[l - 1]
    _check_index(f"Z[{l}]", c.Z, j, i)
    values = [float(v) for v in c.W[j] * c.A_prev[:, i]] + [float(c.b[j, 0])]
    entry = f"Z[{l}][{j}, {i}]"
    terms = [f"{_n(a)}{_n(b)}" for a, b in zip(c.W[j], c.A_prev[:, i], strict=True)]
    return Explanation(
        entry,
        _formula("Z", l, len(caches), j, i),
        f"row {j} of W[{l}] against column {i} of A[{l - 1}], plus b[{l}][{j}] = {c.b[j, 0]:.2f}",
        terms + [_n(values[-1])],
        values,
        total=_fsum(values),
        lights={
            f"W[{l}]": {"rows": [j]},
            f"A[{l - 1}]": {"cols": [i]},
            f"b[{l}]": {"cells": [[j, 0]]},
            f"Z[{l}]": {"cells": [[j, i]]},
        },
    )


def _A(caches: list, l: int, j: int, i: int) -> Explanation:
    if l == 0:
        X = caches[0].A_prev
        _check_index("A[0]", X, j, i)
        return Explanation(
            f"A[0][{j}, {i}]",
            f"A[0][{j}, {i}] = X[{j}, {i}]",
            "the input: feature j of example i",
            total=float(X[j, i]),
        )
    c = caches[l - 1]
    _check_index(f"A[{l}]", c.A, j, i)
    entry = f"A[{l}][{j}, {i}]"
    if c.activation == "softmax":
        e = np.exp(c.Z[:, i] - c.Z[:, i].max())
        return Explanation(
            entry,
            f"{entry} = exp(Z[{l}][{j}, {i}]) / Σ_r exp(Z[{l}][r, {i}])",
            f"column {i} of Z[{l}], made positive and scaled to sum to 1",
            total=float(e[j] / e.sum()),
            lights={f"Z[{l}]": {"cols": [i]}, f"A[{l}]": {"cells": [[j, i]]}},
        )
    z = float(c.Z[j, i])
    return Explanation(
        entry,
        f"{entry} = {c.activation}(Z[{l}][{j}, {i}]) = {c.activation}({z:.2f})",
        f"{c.activation} of the same entry of Z[{l}]",
        total=float(c.A[j, i]),
        lights={f"Z[{l}]": {"cells": [[j, i]]}, f"A[{l}]": {"cells": [[j, i]]}},
    )
