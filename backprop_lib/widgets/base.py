"""The shared machinery of every explorer: a seeded batch, sliders on the grid, reset, in-place redraw,
and a PNG plus a text summary for viewers without a kernel.
"""

from __future__ import annotations

import base64
import html
from collections.abc import Sequence

import ipywidgets as w
import numpy as np

from .. import plots
from .._validate import shape_str
from ..losses import cost
from ..network import backward, forward, init_params
from ..plots import Matrix

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
