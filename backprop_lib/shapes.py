"""Shape tables, and shape checks that explain a mismatch in the formula's terms.

The one rule: a variable and its gradient have the same shape. dW[l] is shaped
like W[l], db[l] like b[l], dZ[l] like Z[l], dA[l] like A[l]. When a gradient
breaks the rule, the *way* it breaks it usually names the bug: the transposed
shape means the transpose is on the wrong factor; (n[l], m) for db means the
sum over the examples is missing; (1, m) means the sum ran over the wrong axis.
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from ._validate import InputError, ShapeError, check_int, is_int, public, shape_str


@dataclass(frozen=True)
class ShapeRow:
    layer: int
    names: str  # "W[1], dW[1]"
    symbols: str  # "(n[1], n[0])"
    shape: tuple[int, ...]


class ShapeTable:
    """Every quantity of a network, its shape in symbols and in numbers.

    Print it for text; in a notebook it shows as an HTML table.
    """

    def __init__(self, layer_dims: Sequence[int], m: int):
        if isinstance(layer_dims, (str, bytes)) or not isinstance(layer_dims, Sequence):
            raise InputError(f"shape_table: layer_dims = {layer_dims!r} must be a list [n[0], n[1], ..., n[L]]")
        if len(layer_dims) < 1:
            raise InputError("shape_table: layer_dims = []: give at least n[0], the number of input features")
        bad = next((i for i, n in enumerate(layer_dims) if not is_int(n) or n < 1), None)
        if bad is not None:  # the message names the whole list once (not once per entry)
            shown = list(layer_dims) if len(layer_dims) <= 20 else f"{list(layer_dims)[:20]}..."[:-4] + ", ...]"
            check_int(layer_dims[bad], f"n[{bad}]", 1, f"layer_dims = {shown}: every layer size")
        dims = [int(n) for n in layer_dims]
        m = check_int(m, "m", 1, "the number of examples")
        self.layer_dims, self.m = dims, m
        rows = [ShapeRow(0, "X = A[0], dA[0]", "(n[0], m)", (dims[0], m))]
        for l in range(1, len(dims)):
            rows += [
                ShapeRow(l, f"W[{l}], dW[{l}]", f"(n[{l}], n[{l - 1}])", (dims[l], dims[l - 1])),
                ShapeRow(l, f"b[{l}], db[{l}]", f"(n[{l}], 1)", (dims[l], 1)),
                ShapeRow(l, f"Z[{l}], A[{l}], dZ[{l}], dA[{l}]", f"(n[{l}], m)", (dims[l], m)),
            ]
        self.rows = rows

    def __str__(self) -> str:
        w = max(len(r.names) for r in self.rows)
        head = f"{'layer':>5}  {'quantity':<{w}}  {'in symbols':<14}  shape"
        body = [f"{r.layer:>5}  {r.names:<{w}}  {r.symbols:<14}  {shape_str(shape=r.shape)}" for r in self.rows]
        dims = ", ".join(f"n[{i}] = {n}" for i, n in enumerate(self.layer_dims))
        return "\n".join([f"{dims}, m = {self.m}", head, *body])

    __repr__ = __str__

    def _repr_html_(self) -> str:
        cells = "".join(
            f"<tr><td>{r.layer}</td><td>{html.escape(r.names)}</td><td><code>{r.symbols}</code></td>"
            f"<td><code>{shape_str(shape=r.shape)}</code></td></tr>"
            for r in self.rows
        )
        dims = ", ".join(f"n[{i}] = {n}" for i, n in enumerate(self.layer_dims))
        return (
            f"<p>{dims}, m = {self.m}</p><table><thead><tr><th>layer</th><th>quantity</th>"
            f"<th>in symbols</th><th>shape</th></tr></thead><tbody>{cells}</tbody></table>"
        )


@public("shape_table(layer_dims, m)")
def shape_table(layer_dims: Sequence[int], m: int) -> ShapeTable:
    """The shapes of X, W[l], b[l], Z[l], A[l] and their gradients.

    Introduced in lesson 00.

    Parameters
    ----------
    layer_dims : [n[0], ..., n[L]]
    m : int
        Examples in the batch.
    """
    return ShapeTable(layer_dims, m)


def explain_grad_shape(name: str, got: Sequence[int], want: Sequence[int]) -> str | None:
    """Why gradient ``name`` (e.g. ``"dW2"``) of shape ``got`` should be ``want``, or None if it is.

    The message names the likely bug from the way the shapes differ.
    """
    got, want = tuple(got), tuple(want)
    if got == want:
        return None
    kind, l = name[1], name[2:]
    var = name[1:]
    head = f"{name} is {shape_str(shape=got)} but {var} is {shape_str(shape=want)}"
    if kind == "W":
        rule = f"dW[{l}] = 1/m dZ[{l}] A[{int(l) - 1}]^T is (n[{l}], m)(m, n[{int(l) - 1}]) = {shape_str(shape=want)}"
        if got == want[::-1]:
            return f"{head}: is the transpose on the wrong factor? {rule}"
        return f"{head}: a variable and its gradient have the same shape; {rule}"
    if kind == "b":
        rule = f"db[{l}] = 1/m np.sum(dZ[{l}], axis=1, keepdims=True), shape (n[{l}], 1) = {shape_str(shape=want)}"
        if got == (want[0],):
            return f"{head}: the column was lost; keep it with keepdims=True ({rule})"
        if len(got) == 2 and got[0] == want[0]:
            return f"{head}: dZ[{l}] was not summed over the examples (axis 1); {rule}"
        if len(got) in (1, 2) and got[-1] != want[0]:
            return f"{head}: the sum ran over axis 0 (the units) instead of axis 1 (the examples); {rule}"
        if len(got) == 0:
            return f"{head}: the sum ran over every axis, units and examples alike; {rule}"
        return f"{head}: {rule}"
    # dZ or dA: shaped like Z or A, (n[l], m)
    if got == want[::-1]:
        return f"{head}: it looks transposed; examples are columns, so {name} is (n[{l}], m) = {shape_str(shape=want)}"
    return f"{head}: a variable and its gradient have the same shape, (n[{l}], m) = {shape_str(shape=want)}"


@public("check_grad_shapes(params, grads)")
def check_grad_shapes(params: Mapping[str, np.ndarray], grads: Mapping[str, np.ndarray]) -> None:
    """Raise ShapeError with an explanation if any dW[l] or db[l] is not shaped like W[l] or b[l].

    Introduced in lesson 01.

    A missing gradient is reported too.
    """
    for name, d in (("params", params), ("grads", grads)):
        if not isinstance(d, Mapping):
            raise InputError(f"{name} must be a dict keyed 'W1', 'b1', ... / 'dW1', 'db1', ..., not {type(d).__name__}")
    keys = [k for k in params if isinstance(k, str) and k[:1] in ("W", "b") and k[1:].isdigit()]
    for key in sorted(keys, key=lambda k: (int(k[1:]), k[0])):
        gkey = "d" + key
        if gkey not in grads:
            raise ShapeError(f"grads is missing {gkey!r}, the gradient of {key}")
        problem = explain_grad_shape(gkey, np.shape(grads[gkey]), np.shape(params[key]))
        if problem:
            raise ShapeError(problem)


__all__ = ["ShapeTable", "shape_table", "explain_grad_shape", "check_grad_shapes", "shape_str"]
