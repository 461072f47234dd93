"""Every shape of the forward and backward pass, from sliders for n[l] and m."""

from __future__ import annotations

import html
from collections.abc import Sequence

import ipywidgets as w
import numpy as np

from .. import plots
from .._validate import InputError, check_int, is_int
from ._inputs import clip
from .base import Displayable

NOTE = "var(--jp-content-font-color2,#555)"  # JupyterLab's secondary text colour, readable in any theme


class ShapeExplorer(Displayable):
    """Sliders for n[0..3] and m; every shape of the forward and backward pass updates."""

    def __init__(self, layer_dims: Sequence[int] = (3, 5, 4, 2), m: int = 6):
        # the sliders' ranges: a size outside them is refused, not silently clamped to the slider's end
        if isinstance(layer_dims, np.ndarray) and layer_dims.ndim == 1 and layer_dims.dtype.kind in "iu":
            layer_dims = [int(n) for n in layer_dims]  # a 1-D integer array is a list of sizes, as in every explorer
        if (
            isinstance(layer_dims, (str, bytes))
            or not isinstance(layer_dims, (list, tuple))
            or not 2 <= len(layer_dims) <= 6
            or not all(is_int(n) and 1 <= n <= 10 for n in layer_dims)
        ):
            raise InputError(
                f"ShapeExplorer: layer_dims = {clip(layer_dims)}; give 2 to 6 sizes n[0], ..., n[L], each 1..10 "
                "(the range of its sliders)"
            )
        m = check_int(m, "m", 1, "the number of examples")
        layer_dims = [int(n) for n in layer_dims]
        if m > 16:
            raise InputError(f"ShapeExplorer: m = {m}; its slider runs from 1 to 16 examples")
        with self._owning():
            self._make(layer_dims, m)
        self._built()

    def _make(self, layer_dims: Sequence[int], m: int) -> None:
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
        examples = "the 1 example" if m == 1 else f"the {m} examples"
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
                + f"<span style='font-size:12px;color:{NOTE}'>  ({d[l]}, {d[l - 1]})({d[l - 1]}, {m}) + ({d[l]}, 1)"
                f" -> ({d[l]}, {m}); the b column is copied across {examples}</span></div>"
            )
        from ..shapes import shape_table

        self.html.value = "".join(rows) + shape_table(d, m)._repr_html_()

    def summary(self) -> str:
        from ..shapes import shape_table

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
