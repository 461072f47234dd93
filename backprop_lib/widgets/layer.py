"""One layer's forward and backward quantities: the layer, output, chain-rule and mask explorers."""

from __future__ import annotations

from collections.abc import Sequence

import ipywidgets as w
import numpy as np

from .._validate import InputError
from ..activations import HIDDEN
from ..plots import Matrix
from ._inputs import clip
from .base import Explorer


def layer_matrices(ex: Explorer, l: int) -> list[Matrix]:
    """Z, A, dZ, dW, db, dA_prev of layer ``l``, each with its formula and shape algebra."""
    c, g, m = ex.caches[l - 1], ex.grads, ex.m
    n, n_prev = ex.layer_dims[l], ex.layer_dims[l - 1]
    units, prev = f"units of layer {l}", ("features of X" if l == 1 else f"units of layer {l - 1}")
    dz_rule = (
        f"dZ[{l}] = A[{l}] - Y: ({n}, {m}) = ({n}, {m}) - ({n}, {m})"
        if l == ex.L
        else f"dZ[{l}] = dA[{l}] * g'(Z[{l}]) element-wise: ({n}, {m}) = ({n}, {m}) * ({n}, {m})"
    )
    return [
        Matrix(
            f"Z[{l}]",
            c.Z,
            f"(n[{l}], m)",
            units,
            note=f"Z[{l}] = W[{l}] A[{l - 1}] + b[{l}]: ({n}, {m}) = ({n}, {n_prev})({n_prev}, {m}) + ({n}, 1)",
        ),
        Matrix(
            f"A[{l}]",
            c.A,
            f"(n[{l}], m)",
            units,
            note=f"A[{l}] = softmax(Z[{l}]), column by column"
            if c.activation == "softmax"
            else f"A[{l}] = {c.activation}(Z[{l}]), element-wise",
        ),
        Matrix(f"dZ[{l}]", g[f"dZ{l}"], f"(n[{l}], m)", units, note=dz_rule),
        Matrix(
            f"dW[{l}]",
            g[f"dW{l}"],
            f"(n[{l}], n[{l - 1}])",
            units,
            prev,
            examples_axis=False,
            note=f"dW[{l}] = 1/m dZ[{l}] A[{l - 1}]^T: ({n}, {n_prev}) = ({n}, {m})({m}, {n_prev}); "
            f"the m = {m} examples are summed away",
        ),
        Matrix(
            f"db[{l}]",
            g[f"db{l}"],
            f"(n[{l}], 1)",
            units,
            "one column",
            examples_axis=False,
            note=f"db[{l}] = 1/m sum over the m = {m} examples (axis 1) of dZ[{l}]: ({n}, 1)",
        ),
        Matrix(
            f"dA[{l - 1}]",
            g[f"dA{l - 1}"],
            f"(n[{l - 1}], m)",
            prev,
            note=f"dA[{l - 1}] = W[{l}]^T dZ[{l}]: ({n_prev}, {m}) = ({n_prev}, {n})({n}, {m})"
            + (" (the gradient for X)" if l == 1 else f", passed back to layer {l - 1}"),
        ),
    ]


class LayerExplorer(Explorer):
    """Z, A, dZ, dW, db and dA_prev of one layer (a layer chooser picks which)."""

    title = "Layer explorer: forward and backward of one layer"

    def __init__(self, *args, layer: int | None = None, **kwargs):
        self.layer = layer
        super().__init__(*args, **kwargs)

    def _check_args(self, dims: list[int], m: int) -> None:
        if self.layer is not None:
            self.layer = self._check_layer(self.layer, 1, len(dims) - 1, "the layer shown", dims)

    def _build(self) -> None:
        self.layer = self.L if self.layer is None else self.layer
        self.chooser = w.Dropdown(
            options=[(f"layer {l}", l) for l in range(self.L, 0, -1)],
            value=self.layer,
            description="show",
            layout=w.Layout(width="200px"),
        )
        self.chooser.observe(self._on_layer, names="value")
        self.extra_controls = [self.chooser]

    def _on_layer(self, change) -> None:
        self.layer = change["new"]
        self.refresh()

    def matrices(self) -> list[Matrix | str]:
        return list(layer_matrices(self, self.layer))

    def map_names(self) -> set[str]:
        every = {f"{k}[{l}]" for l in range(1, self.L + 1) for k in ("Z", "A", "dZ", "dW", "db")}
        return super().map_names() | every | {f"dA[{l - 1}]" for l in range(1, self.L + 1)}


class OutputExplorer(Explorer):
    """A[L], Y and dZ[L] = A[L] - Y side by side, for a softmax or a sigmoid output."""

    title = "Output layer: dZ[L] = A[L] - Y"

    def __init__(self, layer_dims: Sequence[int] = (3, 4, 3), m: int = 8, output: str = "softmax", **kwargs):
        if output not in ("softmax", "sigmoid"):
            raise InputError(
                f"OutputExplorer: output = {output!r}; it shows a 'softmax' or a 'sigmoid' output "
                "(for a linear output with squared error, use LayerExplorer(output='linear'))"
            )
        super().__init__(layer_dims, m, output=output, **kwargs)

    def default_sliders(self) -> list[tuple[str, int, int]]:
        L = self.L
        return [(f"W{L}", 0, 0), (f"W{L}", 1, 0), (f"b{L}", 2, 0)]

    def _build(self) -> None:
        self.out_toggle = w.ToggleButtons(options=["softmax", "sigmoid"], value=self.output, description="output")
        self.out_toggle.observe(self._on_output, names="value")
        self.extra_controls = [self.out_toggle]

    def _on_output(self, change) -> None:
        self.output = change["new"]  # one-hot labels are valid 0/1 labels too
        self.vmax = {}
        self.refresh()

    def matrices(self) -> list[Matrix | str]:
        L, n, m = self.L, self.layer_dims[-1], self.m
        return [
            Matrix(f"A[{L}]", self.AL, f"(n[{L}], m)", "output units", note=f"{self.output} of Z[{L}]"),
            "−",
            Matrix("Y", self.Y, f"(n[{L}], m)", "output units", note="the labels"),
            "=",
            Matrix(f"dZ[{L}]", self.grads[f"dZ{L}"], f"(n[{L}], m)", "output units", note=f"({n}, {m}), no 1/m yet"),
        ]

    def caption(self) -> str:
        col_sums = self.AL.sum(axis=0)
        extra = (
            "each column of A sums to 1, so each column of dZ sums to 0"
            if self.output == "softmax"
            else "each entry of A is its own probability; dZ = A - Y entry by entry"
        )
        return (
            f"<div style='font-size:12px'>{extra} (column sums of A: "
            f"{', '.join(f'{v:.2f}' for v in col_sums[:8])})</div>"
        )


class ChainExplorer(Explorer):
    """The hidden-layer chain: W[l+1]^T dZ[l+1] -> dA[l] -> (element-wise) g'(Z[l]) -> dZ[l]."""

    title = "Hidden-layer chain rule: dZ[l] = W[l+1]^T dZ[l+1] * g'(Z[l])"

    def __init__(self, *args, layer: int = 1, **kwargs):
        self.layer = layer
        super().__init__(*args, **kwargs)

    def _check_args(self, dims: list[int], m: int) -> None:
        if len(dims) < 3:
            raise InputError(
                f"ChainExplorer: layers {dims} have no hidden layer; the chain "
                "dZ[l] = W[l+1]^T dZ[l+1] * g'(Z[l]) needs at least one, e.g. layer_dims=(3, 4, 2)"
            )
        self.layer = self._check_layer(self.layer, 1, len(dims) - 2, "the hidden layer shown", dims)

    def _build(self) -> None:
        self.chooser = w.Dropdown(
            options=[(f"layer {l}", l) for l in range(self.L - 1, 0, -1)], value=self.layer, description="hidden"
        )
        self.chooser.observe(lambda ch: (setattr(self, "layer", ch["new"]), self.refresh()), names="value")
        self.extra_controls = [self.chooser]

    def matrices(self) -> list[Matrix | str]:
        l, g = self.layer, self.grads
        c = self.caches[l - 1]
        n, n_next, m = self.layer_dims[l], self.layer_dims[l + 1], self.m
        units = f"units of layer {l}"
        return [
            Matrix(
                f"W[{l + 1}]^T",
                self.params[f"W{l + 1}"].T,
                f"(n[{l}], n[{l + 1}])",
                units,
                f"units of layer {l + 1}",
                False,
            ),
            "·",
            Matrix(f"dZ[{l + 1}]", g[f"dZ{l + 1}"], f"(n[{l + 1}], m)", f"units of layer {l + 1}"),
            "=",
            Matrix(f"dA[{l}]", g[f"dA{l}"], f"(n[{l}], m)", units, note=f"({n}, {n_next})({n_next}, {m}) = ({n}, {m})"),
            "⊙",
            Matrix(f"g'(Z[{l}])", HIDDEN[c.activation].prime(c.Z, c.A), f"(n[{l}], m)", units, note=f"{c.activation}'"),
            "=",
            Matrix(f"dZ[{l}]", g[f"dZ{l}"], f"(n[{l}], m)", units, note="entry by entry"),
        ]

    def map_names(self) -> set[str]:
        names = super().map_names()
        for l in range(1, self.L):
            names |= {f"W[{l + 1}]^T", f"dZ[{l + 1}]", f"dA[{l}]", f"g'(Z[{l}])", f"dZ[{l}]"}
        return names


class MaskExplorer(Explorer):
    """g'(Z[l]) as a heatmap (a 0/1 mask for ReLU), dead or saturated units counted, a bias slider."""

    title = "The activation mask: dZ[l] = dA[l] ⊙ g'(Z[l])"
    slider_limit = 5.0  # wide enough to push sigmoid and tanh deep into saturation

    def __init__(self, layer_dims: Sequence[int] = (3, 6, 2), m: int = 8, hidden: str = "relu", **kwargs):
        if not isinstance(hidden, str) or hidden not in HIDDEN:
            raise InputError(
                f"MaskExplorer: hidden = {clip(hidden)}; it shows the mask of hidden layer 1 under one activation, "
                f"one of {', '.join(HIDDEN)}"
            )
        super().__init__(layer_dims, m, hidden=hidden, **kwargs)

    def _check_args(self, dims: list[int], m: int) -> None:
        if len(dims) < 3:
            raise InputError(
                f"MaskExplorer: layers {dims}; it shows the mask of hidden layer 1, so it needs a hidden layer "
                "(e.g. layer_dims=(3, 6, 2))"
            )

    def default_sliders(self) -> list[tuple[str, int, int]]:
        # unit 0's bias (the ReLU that dies), unit 3's (the unit that gets the most blame), one weight
        return [("b1", 0, 0), ("b1", 3, 0), ("W1", 0, 0)]

    def _build(self) -> None:
        self.act = w.ToggleButtons(options=list(HIDDEN), value=self.hidden, description="g")
        self.act.observe(self._on_act, names="value")
        self.extra_controls = [self.act]

    def _on_act(self, change) -> None:
        self.hidden = change["new"]
        # the maps g changes are refitted: under sigmoid every slope is at most 0.25, so dZ[1] drawn on
        # ReLU's colour scale would start nearly white and a fading row would show nothing
        for name in ("dA[1]", "g'(Z[1])", "dZ[1]"):
            self.vmax.pop(name, None)
        self.refresh()

    def mask_stats(self) -> tuple[list[int], int, int]:
        """(dead units, saturated entries, entries) of layer 1: dead = g' = 0 for every example."""
        c = self.caches[0]
        gp = HIDDEN[c.activation].prime(c.Z, c.A)
        dead = [int(i) for i in np.flatnonzero(np.all(gp == 0, axis=1))]
        peak = {"sigmoid": 0.25, "tanh": 1.0}.get(c.activation, 1.0)
        saturated = int(np.sum(gp < 0.1 * peak))
        return dead, saturated, gp.size

    def matrices(self) -> list[Matrix | str]:
        c, g = self.caches[0], self.grads
        gp = HIDDEN[c.activation].prime(c.Z, c.A)
        units = "units of layer 1"
        return [
            Matrix("Z[1]", c.Z, "(n[1], m)", units),
            Matrix("dA[1]", g["dA1"], "(n[1], m)", units, note="blame arriving from layer 2"),
            "⊙",
            Matrix(
                "g'(Z[1])",
                gp,
                "(n[1], m)",
                units,
                note=f"{c.activation}'(Z), 1 where Z > 0" if c.activation == "relu" else f"{c.activation}'(Z)",
            ),
            "=",
            Matrix(
                "dZ[1]",
                g["dZ1"],
                "(n[1], m)",
                units,
                note="blame let through: 0 where g' is 0"
                if c.activation == "relu"
                else "blame let through: dA scaled by g'",
            ),
        ]

    def caption(self) -> str:
        dead, sat, total = self.mask_stats()
        if self.hidden in ("relu", "leaky_relu"):
            who = ", ".join(str(u) for u in dead) or "none"
            return (
                f"<div style='font-size:13px'>dead units (g' = 0 for all {self.m} examples): "
                f"<b>{len(dead)} of {self.layer_dims[1]}</b> (units: {who}). "
                "A dead unit's blame dA[1] still arrives, but none of it gets through to dZ[1]. "
                "Move b[1][0,0] down until row 0 of g'(Z[1]) is all 0 and unit 0 is dead; "
                "raise it to revive it.</div>"
            )
        return (
            f"<div style='font-size:13px'>saturated entries (g' below 10% of its peak): <b>{sat} of {total}</b>. "
            "The blame dA[1] arrives there too, but the small slope lets little of it through to dZ[1].</div>"
        )

    def summary(self) -> str:
        dead, sat, total = self.mask_stats()
        return super().summary() + f"\n  dead units: {len(dead)}; saturated entries: {sat} of {total}"
