"""Live explorers: move a weight, watch Z, A, dZ, dW, db and dA change, shapes written beside them.

Every explorer here is one line in a lesson, e.g. ``bp.widgets.LayerExplorer()``.

How they draw. Each move recomputes the network (tens of microseconds) and
rewrites one ``ipywidgets.HTML`` value holding all the heatmaps as coloured
HTML tables. The browser swaps the table in place: no new figure per move, no
flicker, no pile-up, and a few milliseconds end to end, where re-rendering a
matplotlib figure and sending a PNG costs 50-300 ms per move. Core ipywidgets
only, so it works wherever ipywidgets does (JupyterLab, Notebook 7, VS Code,
Colab) with no extension to build. Colour limits stay fixed while you drag;
"Rescale colours" refits them.

Without a kernel (GitHub, nbviewer, a CI log) an explorer's output still shows a
PNG picture of its state and a text summary of shapes and norms: both sit in
the same display bundle as the widget, and a front end that cannot render the
widget shows them instead.
"""

from __future__ import annotations

import base64
import html
from collections.abc import Sequence

import ipywidgets as w
import numpy as np

from . import plots
from ._validate import shape_str
from .activations import HIDDEN
from .gradcheck import gradcheck
from .losses import cost
from .network import backward, forward, init_params
from .plots import Matrix

STEP = 0.05


def demo_batch(layer_dims: Sequence[int], m: int, output: str, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """A small seeded batch for an explorer: X (n[0], m) and labels Y (n[L], m) for ``output``."""
    rng = np.random.default_rng(seed + 1)
    X = np.round(rng.standard_normal((layer_dims[0], m)), 2)
    n_L = layer_dims[-1]
    if output == "softmax":
        Y = np.zeros((n_L, m))
        Y[np.arange(m) % n_L, np.arange(m)] = 1.0
    elif output == "sigmoid":
        Y = (rng.random((n_L, m)) < 0.5).astype(float)
    else:
        Y = np.round(rng.standard_normal((n_L, m)), 2)
    return X, Y


def _snap(v: float, limit: float) -> float:
    return float(np.clip(np.round(v / STEP) * STEP, -limit, limit))


class Displayable:
    """A widget view that leaves a PNG and a text summary behind for viewers without a kernel.

    Subclasses provide ``widget`` (the ipywidgets root), ``summary()`` and ``snapshot()``.
    """

    def _repr_mimebundle_(self, **kwargs):  # noqa: ANN003
        data = self.widget._repr_mimebundle_(**kwargs)
        data["text/plain"] = self.summary()
        data["image/png"] = base64.b64encode(self.snapshot()).decode("ascii")
        return data

    def __repr__(self) -> str:
        return self.summary()


class Explorer(Displayable):
    """The shared machinery: a small network, weight sliders, reset, in-place redraw.

    Parameters
    ----------
    layer_dims : [n[0], ..., n[L]]
    m : int
        Examples in the batch.
    hidden, output : as in :func:`backprop_lib.forward`
    seed : int
        Seeds the weights and the batch.
    sliders : list of (key, i, j)
        The parameter entries the learner can move, e.g. ``[("W2", 0, 1)]``
        for W[2][0, 1]. Their starting values are rounded to the slider grid.
    data : (X, Y), optional
        A batch of your own instead of the seeded demo batch.
    """

    title = "explorer"
    slider_limit = 3.0  # sliders run from -slider_limit to +slider_limit
    fixed_vmax: float | None = None  # a fixed colour limit for every map (else fitted once per map)

    def __init__(
        self,
        layer_dims: Sequence[int] = (3, 5, 4, 2),
        m: int = 8,
        hidden: str = "relu",
        output: str = "softmax",
        seed: int = 0,
        sliders: Sequence[tuple[str, int, int]] | None = None,
        data: tuple[np.ndarray, np.ndarray] | None = None,
    ):
        self.layer_dims = list(layer_dims)
        self.L = len(self.layer_dims) - 1
        self.hidden, self.output = hidden, output
        self.params = init_params(self.layer_dims, seed=seed, scale="xavier")
        for l in range(1, self.L):  # a small positive bias keeps most hidden ReLUs awake at the start
            self.params[f"b{l}"][:] = 0.2
        self.X, self.Y = data if data is not None else demo_batch(self.layer_dims, m, output, seed)
        self.m = self.X.shape[1]
        if sliders is None:
            sliders = [(f"W{l}", 0, 1 % self.layer_dims[l - 1]) for l in range(self.L, 0, -1)] + [("b1", 0, 0)]
        self.sliders: list[tuple[str, int, int, w.FloatSlider]] = []
        for key, i, j in sliders:
            self.params[key][i, j] = _snap(self.params[key][i, j], self.slider_limit)
            s = w.FloatSlider(
                value=self.params[key][i, j],
                min=-self.slider_limit,
                max=self.slider_limit,
                step=STEP,
                description=f"{key[0]}[{key[1:]}][{i},{j}]",
                continuous_update=True,
                readout_format=".2f",
                style={"description_width": "78px"},
                layout=w.Layout(width="300px"),
            )
            s.observe(self._on_slider, names="value")
            self.sliders.append((key, i, j, s))
        self._start = {k: v.copy() for k, v in self.params.items()}
        self.vmax: dict[str, float] = {}
        self._hold = False
        self.html = w.HTML()
        self.status = w.HTML()
        reset = w.Button(description="Reset", icon="undo", layout=w.Layout(width="90px"))
        reset.on_click(lambda _: self.reset())
        rescale = w.Button(description="Rescale colours", layout=w.Layout(width="140px"))
        rescale.on_click(lambda _: self.rescale())
        self.buttons = w.HBox([reset, rescale])
        self.extra_controls: list[w.Widget] = []
        self._build()
        self.refresh()

    # -------------------------------------------------------------- to override
    def _build(self) -> None:
        """Create view-specific controls in ``self.extra_controls``."""

    def matrices(self) -> list[Matrix | str]:
        """The heatmaps to draw for the current state (strings are operators)."""
        raise NotImplementedError

    def caption(self) -> str:
        """HTML under the heatmaps (formulas, counts)."""
        return ""

    # -------------------------------------------------------------- machinery
    def compute(self) -> None:
        self.AL, self.caches = forward(self.X, self.params, self.hidden, self.output)
        self.grads = backward(self.AL, self.Y, self.caches, self.output)
        self.J = cost(self.AL, self.Y, self.output, ZL=self.caches[-1].Z)

    def refresh(self) -> None:
        """Recompute and redraw in place (one HTML value)."""
        if self._hold:
            return
        self.compute()
        items = self.matrices()
        for M in items:
            if isinstance(M, Matrix) and M.name not in self.vmax and not np.all(np.isnan(M.values)):
                self.vmax[M.name] = self.fixed_vmax or plots.symmetric_limit(M.values)
        self.html.value = plots.row_html(items, self.vmax) + self.caption()
        self.status.value = f"<span style='font-family:monospace'>J = {self.J:.4f}</span>"

    def _on_slider(self, change) -> None:  # noqa: ANN001
        for key, i, j, s in self.sliders:
            if s is change["owner"]:
                self.params[key][i, j] = change["new"]
        self.refresh()

    def set(self, key: str, i: int, j: int, value: float) -> None:
        """Set a parameter entry (moves its slider when it has one) and redraw."""
        for k, a, b, s in self.sliders:
            if (k, a, b) == (key, i, j):
                s.value = value
                return
        self.params[key][i, j] = value
        self.refresh()

    def reset(self) -> None:
        """Every slider and parameter back to its starting value; one redraw."""
        self._hold = True
        try:
            self.params = {k: v.copy() for k, v in self._start.items()}
            for key, i, j, s in self.sliders:
                s.value = self._start[key][i, j]
        finally:
            self._hold = False
        self.refresh()

    def rescale(self) -> None:
        """Refit every colour scale to the current values."""
        self.vmax = {}
        self.refresh()

    @property
    def widget(self) -> w.VBox:
        if not hasattr(self, "_root"):
            controls = [s for *_, s in self.sliders] + self.extra_controls
            self._root = w.VBox(
                [
                    w.HTML(f"<b>{html.escape(self.title)}</b>"),
                    w.HBox([w.VBox(controls), w.VBox([self.buttons, self.status])]),
                    self.html,
                ]
            )
            # CSS hooks for instructors' styling and for the browser tests: "bp-explorer bp-layerexplorer"
            self._root.add_class("bp-explorer")
            self._root.add_class(f"bp-{type(self).__name__.lower()}")
        return self._root

    # -------------------------------------------------------------- without a kernel
    def summary(self) -> str:
        """Shapes and norms of what is drawn: stable text for nbval and text-only viewers."""
        lines = [f"{self.title}: layers {self.layer_dims}, m = {self.m}, {self.hidden} hidden, {self.output} output"]
        if self.sliders:
            lines.append("  sliders: " + ", ".join(f"{s.description} = {s.value:.2f}" for *_, s in self.sliders))
        for M in self.matrices():
            if isinstance(M, Matrix):
                norm = "not computed yet" if np.all(np.isnan(M.values)) else f"norm {np.linalg.norm(M.values):.4f}"
                lines.append(f"  {M.name:<14} {shape_str(M.values):<8} {norm}")
        lines.append(f"  J = {self.J:.4f}")
        return "\n".join(lines)

    def snapshot(self) -> bytes:
        """A PNG of the current heatmaps (for viewers without a kernel)."""
        mats = [M for M in self.matrices() if isinstance(M, Matrix)]
        if not mats:
            import matplotlib.pyplot as plt

            fig = plt.figure(figsize=(7, 1))
            fig.text(0.01, 0.5, self.summary(), fontsize=8, family="monospace", va="center")
            return plots.png_of(fig)
        return plots.png_of(plots.figure_of(mats, self.vmax))


# ---------------------------------------------------------------------------- the views


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

    def __init__(self, *args, layer: int | None = None, **kwargs):  # noqa: ANN002, ANN003
        self.layer = layer
        super().__init__(*args, **kwargs)

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

    def _on_layer(self, change) -> None:  # noqa: ANN001
        self.layer = change["new"]
        self.refresh()

    def matrices(self) -> list[Matrix | str]:
        return list(layer_matrices(self, self.layer))


class OutputExplorer(Explorer):
    """A[L], Y and dZ[L] = A[L] - Y side by side, for a softmax or a sigmoid output."""

    title = "Output layer: dZ[L] = A[L] - Y"

    def __init__(self, layer_dims: Sequence[int] = (3, 4, 3), m: int = 8, output: str = "softmax", **kwargs):  # noqa: ANN003
        kwargs.setdefault("sliders", [("W2", 0, 0), ("W2", 1, 0), ("b2", 2, 0)])
        super().__init__(layer_dims, m, output=output, **kwargs)

    def _build(self) -> None:
        self.out_toggle = w.ToggleButtons(options=["softmax", "sigmoid"], value=self.output, description="output")
        self.out_toggle.observe(self._on_output, names="value")
        self.extra_controls = [self.out_toggle]

    def _on_output(self, change) -> None:  # noqa: ANN001
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

    def __init__(self, *args, layer: int = 1, **kwargs):  # noqa: ANN002, ANN003
        self.layer = layer
        super().__init__(*args, **kwargs)

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
            Matrix(f"g'(Z[{l}])", HIDDEN[c.activation][1](c.Z, c.A), f"(n[{l}], m)", units, note=f"{c.activation}'"),
            "=",
            Matrix(f"dZ[{l}]", g[f"dZ{l}"], f"(n[{l}], m)", units, note="entry by entry"),
        ]


class MaskExplorer(Explorer):
    """g'(Z[l]) as a heatmap (a 0/1 mask for ReLU), dead or saturated units counted, a bias slider."""

    title = "The activation mask: dZ[l] = dA[l] ⊙ g'(Z[l])"
    slider_limit = 5.0  # wide enough to push sigmoid and tanh deep into saturation

    def __init__(self, layer_dims: Sequence[int] = (3, 6, 2), m: int = 8, hidden: str = "relu", **kwargs):  # noqa: ANN003
        kwargs.setdefault("sliders", [("b1", 0, 0), ("b1", 1, 0), ("W1", 0, 0)])
        super().__init__(layer_dims, m, hidden=hidden, **kwargs)

    def _build(self) -> None:
        self.act = w.ToggleButtons(options=list(HIDDEN), value=self.hidden, description="g")
        self.act.observe(self._on_act, names="value")
        self.extra_controls = [self.act]

    def _on_act(self, change) -> None:  # noqa: ANN001
        self.hidden = change["new"]
        self.vmax.pop("g'(Z[1])", None)
        self.refresh()

    def mask_stats(self) -> tuple[list[int], int, int]:
        """(dead units, saturated entries, entries) of layer 1: dead = g' = 0 for every example."""
        c = self.caches[0]
        gp = HIDDEN[c.activation][1](c.Z, c.A)
        dead = [int(i) for i in np.flatnonzero(np.all(gp == 0, axis=1))]
        peak = {"sigmoid": 0.25, "tanh": 1.0}.get(c.activation, 1.0)
        saturated = int(np.sum(gp < 0.1 * peak))
        return dead, saturated, gp.size

    def matrices(self) -> list[Matrix | str]:
        c, g = self.caches[0], self.grads
        gp = HIDDEN[c.activation][1](c.Z, c.A)
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
            Matrix("dZ[1]", g["dZ1"], "(n[1], m)", units, note="zero wherever the mask is zero"),
        ]

    def caption(self) -> str:
        dead, sat, total = self.mask_stats()
        if self.hidden in ("relu", "leaky_relu"):
            who = ", ".join(str(u) for u in dead) or "none"
            return (
                f"<div style='font-size:13px'>dead units (g' = 0 for all {self.m} examples): "
                f"<b>{len(dead)} of {self.layer_dims[1]}</b> (units: {who}). "
                "Move b[1][0,0] down until row 0 of g'(Z[1]) is all 0 and unit 0 is dead; "
                "raise it to revive it.</div>"
            )
        return (
            f"<div style='font-size:13px'>saturated entries (g' below 10% of its peak): <b>{sat} of {total}</b>: "
            "these 'asleep' units pass back almost no blame.</div>"
        )

    def summary(self) -> str:
        dead, sat, total = self.mask_stats()
        return super().summary() + f"\n  dead units: {len(dead)}; saturated entries: {sat} of {total}"


class MatmulExplorer(Explorer):
    """Pick a cell of dW[l] (or dA[l-1]) and see the row and column that make it, with the sum in numbers."""

    title = "The matrix product made visible"

    def __init__(self, layer_dims: Sequence[int] = (3, 4, 2), m: int = 5, layer: int = 2, **kwargs):  # noqa: ANN003
        self.layer = layer
        super().__init__(layer_dims, m, **kwargs)

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

    def written_sum(self) -> str:
        """The highlighted cell as a sum of products, in numbers."""
        l, m = self.layer, self.m
        is_dW, i, j = self._cell()
        dZ, A_prev, W = self.grads[f"dZ{l}"], self.caches[l - 1].A_prev, self.params[f"W{l}"]
        if is_dW:
            terms = " + ".join(f"({dZ[i, k]:.2f})({A_prev[j, k]:.2f})" for k in range(m))
            val = self.grads[f"dW{l}"][i, j]
            return (
                f"dW[{l}][{i},{j}] = 1/m sum_k dZ[{l}][{i},k] A[{l - 1}][{j},k]\n"
                f"         = 1/{m} [{terms}]\n         = {val:.4f}"
            )
        n = self.layer_dims[l]
        terms = " + ".join(f"({W[r, i]:.2f})({dZ[r, j]:.2f})" for r in range(n))
        val = self.grads[f"dA{l - 1}"][i, j]
        return (
            f"dA[{l - 1}][{i},{j}] = sum_r W[{l}][r,{i}] dZ[{l}][r,{j}]"
            f"   (column {i} of W[{l}] against column {j} of dZ[{l}])\n"
            f"          = {terms}\n          = {val:.4f}"
        )

    def caption(self) -> str:
        return f"<div class='bp-sum'>{html.escape(self.written_sum())}</div>"

    def summary(self) -> str:
        return super().summary() + "\n" + self.written_sum()


class BackwardStepper(Explorer):
    """The backward pass one step at a time: press Play and the blame flows back, layer by layer."""

    title = "Backward pass, step by step"

    def _build(self) -> None:
        self.steps = self._steps()
        self.play = w.Play(value=0, min=0, max=len(self.steps) - 1, step=1, interval=1200, description="play")
        self.step = w.IntSlider(0, 0, len(self.steps) - 1, description="step")
        w.jslink((self.play, "value"), (self.step, "value"))
        self.step.observe(lambda _: self.refresh(), names="value")
        self.extra_controls = [w.HBox([self.play, self.step])]

    def _steps(self) -> list[tuple[str, str]]:
        out: list[tuple[str, str]] = []
        for l in range(self.L, 0, -1):
            if l == self.L:
                out.append((f"dZ{l}", f"dZ[{l}] = A[{l}] - Y: the error at the output"))
            else:
                out.append((f"dZ{l}", f"dZ[{l}] = dA[{l}] * g'(Z[{l}]): each unit's blame, scaled by its own slope"))
            out.append((f"dW{l}", f"dW[{l}] = 1/m dZ[{l}] A[{l - 1}]^T: how each weight of layer {l} shares the blame"))
            out.append((f"db{l}", f"db[{l}] = 1/m sum over examples of dZ[{l}]"))
            out.append((f"dA{l - 1}", f"dA[{l - 1}] = W[{l}]^T dZ[{l}]: the blame passed back to layer {l - 1}"))
        return out

    def matrices(self) -> list[Matrix | str]:
        k = self.step.value if hasattr(self, "step") else 0
        done = {key for key, _ in self.steps[: k + 1]}
        current = self.steps[k][0]
        mats: list[Matrix | str] = []
        for l in range(self.L, 0, -1):
            for key in (f"dZ{l}", f"dW{l}", f"db{l}", f"dA{l - 1}"):
                val = self.grads[key]
                name = f"{key[:2]}[{key[2:]}]"
                M = Matrix(name, val if key in done else np.full(val.shape, np.nan), examples_axis=key[1] in "ZA")
                M.symbols = {
                    "Z": f"(n[{l}], m)",
                    "W": f"(n[{l}], n[{l - 1}])",
                    "b": f"(n[{l}], 1)",
                    "A": f"(n[{l - 1}], m)",
                }[key[1]]
                M.rows, M.cols = (
                    "units",
                    "examples" if key[1] in "ZA" else ("units" if key[1] == "W" else "one column"),
                )
                if key == current:
                    M.highlight = {"rows": set(range(val.shape[0]))}
                elif key not in done:
                    M.note = "not computed yet"
                mats.append(M)
        return mats

    def caption(self) -> str:
        k = self.step.value
        text = html.escape(self.steps[k][1])
        return f"<div style='font-size:14px;margin-top:6px'>step {k + 1} of {len(self.steps)}: <b>{text}</b></div>"


class GradCheckExplorer(Explorer):
    """The per-element relative error of every dW[l], backprop against finite differences.

    ``bugs`` maps a name to a function ``(AL, Y, caches, output) -> grads``; a
    dropdown switches between them (the lessons' bug zoo).
    """

    title = "Gradient check: |analytic - numerical| / (|analytic| + |numerical|), per entry"
    fixed_vmax = 1.0  # relative errors live on 0..1

    def __init__(self, layer_dims: Sequence[int] = (3, 4, 4, 2), m: int = 6, hidden: str = "tanh", bugs=None, **kwargs):  # noqa: ANN001, ANN003
        self.bugs = {"no bug": None, **(bugs or {})}
        kwargs.setdefault("sliders", [])
        super().__init__(layer_dims, m, hidden=hidden, **kwargs)

    def _build(self) -> None:
        self.bug = w.Dropdown(options=list(self.bugs), description="bug")
        self.bug.observe(lambda _: self.refresh(), names="value")
        self.extra_controls = [self.bug]

    def compute(self) -> None:
        super().compute()
        fn = self.bugs[self.bug.value]
        self.check_grads = self.grads if fn is None else fn(self.AL, self.Y, self.caches, self.output)
        self.problem = None
        try:
            self.result = gradcheck(self.params, self.X, self.Y, self.hidden, self.output, grads=self.check_grads)
        except ValueError as exc:  # a shape bug: the shape check names it
            self.result, self.problem = None, str(exc)

    def matrices(self) -> list[Matrix | str]:
        if self.result is None:
            return []
        return [
            Matrix(
                f"error in dW[{l}]",
                self.result.elementwise[f"dW{l}"],
                f"(n[{l}], n[{l - 1}])",
                f"units of layer {l}",
                f"units of layer {l - 1}",
                False,
                fmt="{:.0e}",
            )
            for l in range(1, self.L + 1)
        ]

    def caption(self) -> str:
        if self.problem:
            return f"<div class='bp-sum' style='color:#b91c1c'>shape check: {html.escape(self.problem)}</div>"
        return f"<div class='bp-sum'>{html.escape(self.result.summary())}</div>"

    def summary(self) -> str:
        text = self.problem if self.problem else self.result.summary()
        return super().summary() + "\n" + text


class ShapeExplorer(Displayable):
    """Sliders for n[0..3] and m; every shape of the forward and backward pass updates."""

    def __init__(self, layer_dims: Sequence[int] = (3, 5, 4, 2), m: int = 6):
        self.sizes = [
            w.IntSlider(n, 1, 10, description=f"n[{i}]", layout=w.Layout(width="260px"))
            for i, n in enumerate(layer_dims)
        ]
        self.m = w.IntSlider(m, 1, 16, description="m", layout=w.Layout(width="260px"))
        self.html = w.HTML()
        for s in [*self.sizes, self.m]:
            s.observe(lambda _: self.refresh(), names="value")
        self.widget = w.VBox([w.HBox([w.VBox(self.sizes[:2] + [self.m]), w.VBox(self.sizes[2:])]), self.html])
        self.refresh()

    @property
    def dims(self) -> list[int]:
        return [s.value for s in self.sizes]

    @staticmethod
    def _box(name: str, rows: int, cols: int, colour: str) -> str:
        cell = 9
        return (
            f"<div style='display:inline-block;margin:0 4px;vertical-align:middle;text-align:center'>"
            f"<div style='width:{cols * cell}px;height:{rows * cell}px;background:{colour};"
            f"border:1px solid #555;margin:auto'></div><div style='font-family:monospace;font-size:11px'>"
            f"{html.escape(name)}<br>({rows}, {cols})</div></div>"
        )

    def refresh(self) -> None:
        d, m = self.dims, self.m.value
        rows = []
        for l in range(1, len(d)):
            rows.append(
                "<div style='margin:6px 0'>"
                + self._box(f"W[{l}]", d[l], d[l - 1], "#c7d2fe")
                + "<span style='font-size:18px'>·</span>"
                + self._box(f"A[{l - 1}]", d[l - 1], m, "#fde68a")
                + "<span style='font-size:18px'>+</span>"
                + self._box(f"b[{l}]", d[l], 1, "#c7d2fe")
                + "<span style='font-size:18px'>=</span>"
                + self._box(f"Z[{l}]", d[l], m, "#fecaca")
                + f"<span style='font-size:12px;color:#555'>  ({d[l]}, {d[l - 1]})({d[l - 1]}, {m}) + ({d[l]}, 1)"
                f" -> ({d[l]}, {m}); the b column is copied across the {m} examples</span></div>"
            )
        from .shapes import shape_table

        self.html.value = "".join(rows) + shape_table(d, m)._repr_html_()

    def summary(self) -> str:
        from .shapes import shape_table

        return str(shape_table(self.dims, self.m.value))

    def snapshot(self) -> bytes:
        import matplotlib.pyplot as plt

        d, m = self.dims, self.m.value
        fig, ax = plt.subplots(figsize=(7, 0.9 * (len(d) - 1) + 0.4))
        xmax = 0.0
        for l in range(1, len(d)):
            y = -(l - 1) * 12
            x = 0
            boxes = (
                (f"W[{l}]", d[l], d[l - 1]),
                (f"A[{l - 1}]", d[l - 1], m),
                (f"b[{l}]", d[l], 1),
                (f"Z[{l}]", d[l], m),
            )
            for name, r, c in boxes:
                ax.add_patch(plt.Rectangle((x, y - r), c, r, fc="#c7d2fe", ec="k"))
                ax.text(x + c / 2, y + 0.8, f"{name} ({r}, {c})", ha="center", fontsize=7)
                x += c + 8
            xmax = max(xmax, x)
        ax.set_xlim(-1, xmax)
        ax.set_ylim(-(len(d) - 1) * 12, 3)
        ax.set_aspect("equal")
        ax.axis("off")
        return plots.png_of(fig)


class TrainingExplorer(Displayable):
    """Loss curve and decision boundary, redrawn every few steps; Play/Pause and a learning-rate slider.

    The two plots are one small matplotlib figure drawn with the Agg renderer
    and sent as a PNG to an ``ipywidgets.Image`` (updated in place). At a
    redraw every ``steps_per_frame`` steps, the ~40 ms a frame costs is fine.
    """

    def __init__(
        self,
        X: np.ndarray,
        Y: np.ndarray,
        layer_dims: Sequence[int],
        hidden: str = "tanh",
        output: str = "sigmoid",
        learning_rate: float = 1.2,
        seed: int = 0,
        steps_per_frame: int = 20,
        max_steps: int = 4000,
    ):
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure

        self.X, self.Y, self.hidden, self.output = X, Y, hidden, output
        self.layer_dims = list(layer_dims)
        self.start = init_params(self.layer_dims, seed=seed, scale="xavier")
        self.per_frame = steps_per_frame
        self.play = w.Play(value=0, min=0, max=max_steps // steps_per_frame, step=1, interval=120)
        self.lr = w.FloatSlider(
            value=round(learning_rate, 2),
            min=0.01,
            max=3.0,
            step=0.01,
            description="learning rate",
            readout_format=".2f",
        )
        self.lr.style.description_width = "90px"
        reset = w.Button(description="Reset", icon="undo", layout=w.Layout(width="90px"))
        reset.on_click(lambda _: self.reset())
        self.status = w.HTML()
        self.image = w.Image(format="png")
        self.widget = w.VBox([w.HBox([self.play, self.lr, reset]), self.status, self.image])
        self.fig = Figure(figsize=(8, 3.2), dpi=80)
        self.canvas = FigureCanvasAgg(self.fig)
        self.ax_loss, self.ax_map = self.fig.subplots(1, 2)
        x0, x1 = X[0].min() - 0.5, X[0].max() + 0.5
        y0, y1 = X[1].min() - 0.5, X[1].max() + 0.5
        gx, gy = np.meshgrid(np.linspace(x0, x1, 120), np.linspace(y0, y1, 120))
        self.grid = np.vstack([gx.ravel(), gy.ravel()])
        self.grid_shape = gx.shape
        self.labels = np.argmax(Y, axis=0) if Y.shape[0] > 1 else Y[0]
        self.field = self.ax_map.imshow(
            np.zeros(gx.shape),
            origin="lower",
            extent=(x0, x1, y0, y1),
            cmap="RdBu_r",
            vmin=0,
            vmax=1,
            aspect="auto",
            alpha=0.55,
        )
        colours = np.where(self.labels > 0, "#8b0000", "#08306b")  # class 1 dark red, class 0 dark blue
        self.ax_map.scatter(X[0], X[1], c=colours, s=12, edgecolors="white", linewidths=0.4)
        self.ax_map.set_title("decision boundary (colour: P(y = 1))", fontsize=9)
        (self.line,) = self.ax_loss.plot([], [], color="#b91c1c")
        self.ax_loss.set_xlabel("step", fontsize=8)
        self.ax_loss.set_ylabel("J", fontsize=8)
        self.ax_loss.set_title("cost J", fontsize=9)
        self.fig.tight_layout()
        self.play.observe(self._on_tick, names="value")
        self.reset()

    def reset(self) -> None:
        """Back to the starting weights, step 0."""
        self.params = {k: v.copy() for k, v in self.start.items()}
        self.steps: list[int] = []
        self.costs: list[float] = []
        self.k = 0
        self.play.value = 0
        self._record()
        self.redraw()

    def _record(self) -> None:
        AL, caches = forward(self.X, self.params, self.hidden, self.output)
        self.steps.append(self.k)
        self.costs.append(cost(AL, self.Y, self.output, ZL=caches[-1].Z))
        pred = np.argmax(AL, axis=0) if AL.shape[0] > 1 else (AL[0] > 0.5)
        self.acc = float(np.mean(pred == self.labels))

    def run(self, steps: int) -> None:
        """Train ``steps`` more steps at the slider's learning rate (what one Play tick does)."""
        from .training import step

        for _ in range(steps):
            self.params, _, _ = step(self.params, self.X, self.Y, self.hidden, self.output, self.lr.value)
            self.k += 1
            if self.k % self.per_frame == 0:  # one point of the loss curve per frame's worth of steps
                self._record()
        if self.steps[-1] != self.k:
            self._record()

    def _on_tick(self, change) -> None:  # noqa: ANN001
        if change["new"] == 0:
            return
        self.run(self.per_frame)
        self.redraw()

    def redraw(self) -> None:
        AL, _ = forward(self.grid, self.params, self.hidden, self.output)
        P = AL[0] if AL.shape[0] == 1 else np.argmax(AL, axis=0) / max(1, AL.shape[0] - 1)
        self.field.set_data(P.reshape(self.grid_shape))
        self.line.set_data(self.steps, self.costs)
        self.ax_loss.set_xlim(0, max(10, self.k))
        self.ax_loss.set_ylim(0, max(self.costs) * 1.05)
        import io

        buf = io.BytesIO()
        self.canvas.print_png(buf)
        self.image.value = buf.getvalue()
        self.status.value = (
            f"<span style='font-family:monospace'>step {self.k}: J = {self.costs[-1]:.4f}, "
            f"training accuracy {100 * self.acc:.1f}%</span>"
        )

    def summary(self) -> str:
        return (
            f"training explorer: layers {self.layer_dims}, {self.hidden} hidden, {self.output} output, "
            f"m = {self.X.shape[1]}\n  step {self.k}: J = {self.costs[-1]:.4f}, training accuracy {100 * self.acc:.1f}%"
        )

    def snapshot(self) -> bytes:
        return self.image.value
