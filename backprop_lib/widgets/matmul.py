"""The matrix product made visible: one cell of dW[l] or dA[l-1] as a row against a column."""

from __future__ import annotations

import html
from collections.abc import Sequence

import ipywidgets as w

from ..explain import number
from ..plots import Matrix
from .base import Explorer


class MatmulExplorer(Explorer):
    """Pick a cell of dW[l] (or dA[l-1]) and see the row and column that make it, with the sum in numbers."""

    title = "The matrix product made visible"

    def __init__(self, layer_dims: Sequence[int] = (3, 4, 2), m: int = 5, layer: int = 2, **kwargs):
        self.layer = layer
        super().__init__(layer_dims, m, **kwargs)

    def _check_args(self, dims: list[int], m: int) -> None:
        self.layer = self._check_layer(self.layer, 1, len(dims) - 1, "the layer whose product is shown", dims)

    def _build(self) -> None:
        l = self.layer
        n, n_prev = self.layer_dims[l], self.layer_dims[l - 1]
        self.mode = w.ToggleButtons(options=[f"dW[{l}]", f"dA[{l - 1}]"], description="cell of")
        self.row = w.IntSlider(0, 0, max(n, n_prev) - 1, description="row")
        self.col = w.IntSlider(0, 0, max(n_prev, self.m) - 1, description="column")
        for c in (self.mode, self.row, self.col):
            c.observe(lambda _: self.refresh(), names="value")
        self.extra_controls = [self.mode, self.row, self.col]

    def _cell(self) -> tuple[bool, int, int]:
        l = self.layer
        is_dW = self.mode.value.startswith("dW")
        n, n_prev = self.layer_dims[l], self.layer_dims[l - 1]
        rows, cols = (n, n_prev) if is_dW else (n_prev, self.m)
        self.row.max, self.col.max = rows - 1, cols - 1
        return is_dW, min(self.row.value, rows - 1), min(self.col.value, cols - 1)

    def matrices(self) -> list[Matrix | str]:
        l = self.layer
        is_dW, i, j = self._cell()
        dZ, A_prev, W = self.grads[f"dZ{l}"], self.caches[l - 1].A_prev, self.params[f"W{l}"]
        units, prev = f"units of layer {l}", f"units of layer {l - 1}" if l > 1 else "features of X"
        if is_dW:
            return [
                Matrix(f"dZ[{l}]", dZ, f"(n[{l}], m)", units, highlight={"rows": {i}}),
                "·",
                Matrix(f"A[{l - 1}]^T", A_prev.T, f"(m, n[{l - 1}])", "examples", prev, False, highlight={"cols": {j}}),
                "× 1/m =",
                Matrix(
                    f"dW[{l}]",
                    self.grads[f"dW{l}"],
                    f"(n[{l}], n[{l - 1}])",
                    units,
                    prev,
                    False,
                    highlight={"cells": {(i, j)}},
                ),
            ]
        return [
            Matrix(f"W[{l}]^T", W.T, f"(n[{l - 1}], n[{l}])", prev, units, False, highlight={"rows": {i}}),
            "·",
            Matrix(f"dZ[{l}]", dZ, f"(n[{l}], m)", units, highlight={"cols": {j}}),
            "=",
            Matrix(f"dA[{l - 1}]", self.grads[f"dA{l - 1}"], f"(n[{l - 1}], m)", prev, highlight={"cells": {(i, j)}}),
        ]

    def map_names(self) -> set[str]:
        l = self.layer
        return super().map_names() | {f"dZ[{l}]", f"A[{l - 1}]^T", f"dW[{l}]", f"W[{l}]^T", f"dA[{l - 1}]"}

    def written_sum(self) -> str:
        """The highlighted cell as a sum of products, in numbers (i runs over the examples, as in the lessons)."""

        l, m = self.layer, self.m
        is_dW, i, j = self._cell()
        dZ, A_prev, W = self.grads[f"dZ{l}"], self.caches[l - 1].A_prev, self.params[f"W{l}"]
        if is_dW:
            terms = " + ".join(f"({number(dZ[i, k])})({number(A_prev[j, k])})" for k in range(m))
            val = self.grads[f"dW{l}"][i, j]
            return (
                f"dW[{l}][{i},{j}] = 1/m sum_i dZ[{l}][{i},i] A[{l - 1}][{j},i]   (i: the examples)\n"
                f"         = 1/{m} [{terms}]\n         = {val:.4f}"
            )
        n = self.layer_dims[l]
        terms = " + ".join(f"({number(W[r, i])})({number(dZ[r, j])})" for r in range(n))
        val = self.grads[f"dA{l - 1}"][i, j]
        return (
            f"dA[{l - 1}][{i},{j}] = sum_j W[{l}][j,{i}] dZ[{l}][j,{j}]   (j: the units of layer {l})"
            f"   (column {i} of W[{l}] against column {j} of dZ[{l}])\n"
            f"          = {terms}\n          = {val:.4f}"
        )

    def caption(self) -> str:
        return f"<div class='bp-sum'>{html.escape(self.written_sum())}</div>"

    def summary(self) -> str:
        return super().summary() + "\n" + self.written_sum()
