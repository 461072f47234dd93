"""The computation graph of a 2-layer network, and the backward pass walking it from J back to W[1].

The graph is drawn at matrix level: one node per matrix (X, Z[1], A[1], Z[2], A[2], J, the
parameters W[l], b[l] and the labels Y), each with its shape, and one edge per operation. It is an
SVG string in an ``ipywidgets.HTML`` (no graphviz needed), and a matplotlib figure for viewers
without a kernel.

The 1/m sits on the edge into J, because J = 1/m Σ_i ℓ(i) is the mean of the per-example losses:
the first step's local derivative is ∂J/∂A[2] = 1/m ∂ℓ/∂A[2]. The walk produces the lessons'
per-example gradients (dA, dZ without the 1/m, as backprop_lib does) and applies that one number
once, in dW[1], where the examples are added up; the captions say so at both ends.
"""

from __future__ import annotations

import html
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass

import ipywidgets as w
import numpy as np

from .._validate import InputError
from ..activations import HIDDEN
from ..plots import Matrix
from ._inputs import clip
from .base import Explorer

# node -> (x, y) in the SVG (and, scaled, in the still picture): the forward chain on one row,
# each layer's parameters above the Z they feed, the labels above J
POS = {
    "X": (50, 150),
    "W[1]": (155, 50),
    "b[1]": (265, 50),
    "Z[1]": (210, 150),
    "A[1]": (360, 150),
    "W[2]": (455, 50),
    "b[2]": (565, 50),
    "Z[2]": (510, 150),
    "A[2]": (660, 150),
    "Y": (800, 50),
    "J": (800, 150),
}
COLOURS = ("#555555", "#f59e0b", "#dc2626")  # an edge not walked yet, walked, the one the step is on
WIDTH, HEIGHT, BOX_W, BOX_H = 850, 200, 84, 40


@dataclass
class Step:
    """One edge of the backward walk: the local derivative on it and the gradient it produces."""

    edge: tuple[str, str]  # (from, to) in the forward direction
    local: str  # the local derivative, in words and symbols
    produces: str  # the gradient it produces: "dZ[2]"
    formula: str  # how: "dZ[2] = dA[2] ⊙ σ'(Z[2]) = A[2] - Y"
    factor_shape: str  # the local derivative's shape in the matrix formula
    value: np.ndarray  # the produced gradient, computed by this step's formula
    library: np.ndarray | None  # backprop_lib's own value (None where it never forms it: dA[2])


class GraphStepper(Explorer):
    """The backward pass on the computation graph of a 2-layer network, one edge per step.

    Step k lights the edge the chain rule crosses (from J back to W[1]), writes its local derivative
    and computes the gradient it produces from the step before, with its shape and norm, beside
    backprop_lib's own. ``steps`` holds the five :class:`Step` records; the ``step`` slider and Play
    move through them.
    """

    title = "The computation graph: backprop walks it from J back to W[1]"

    def __init__(
        self,
        layer_dims: Sequence[int] = (2, 3, 1),
        m: int = 8,
        hidden: str = "tanh",
        output: str = "sigmoid",
        **kwargs,
    ):
        if not isinstance(hidden, str) or hidden not in HIDDEN:
            raise InputError(f"GraphStepper: hidden = {clip(hidden)}; one of {', '.join(HIDDEN)}")
        kwargs.setdefault("sliders", [])
        super().__init__(layer_dims, m, hidden=hidden, output=output, **kwargs)

    def _check_args(self, dims: list[int], m: int) -> None:
        if len(dims) != 3:
            raise InputError(f"GraphStepper draws a 2-layer network, [n[0], n[1], n[2]]; got layers {dims}")

    def map_names(self) -> set[str]:
        every = {"A[2]", "Y", "dA[2]", "W[2]^T", "dZ[2]", "dA[1]", "g'(Z[1])", "dZ[1]", "X^T", "σ'(Z[2])", "dW[1]"}
        return super().map_names() | every

    def _build(self) -> None:
        self.svg = w.HTML()
        n = 5
        self.play = w.Play(value=n, min=1, max=n, step=1, interval=1500, description="play")  # restarts at 1
        self.step = w.IntSlider(n, 1, n, description="step")
        w.link((self.play, "value"), (self.step, "value"))  # in the kernel: each tick is a step it draws
        self.step.observe(lambda _: self.refresh(), names="value")
        self.extra_controls = [w.HBox([self.play, self.step])]

    # -------------------------------------------------------------- the walk
    def compute(self) -> None:
        super().compute()
        self.steps = self._walk()

    def _walk(self) -> list[Step]:
        c1, c2 = self.caches
        A2, Y, Z1, X, m = self.AL, self.Y, c1.Z, self.X, self.m
        n0, n1, n2 = self.layer_dims
        out = self.output
        with np.errstate(divide="ignore", invalid="ignore"):
            if out == "sigmoid":
                dA2 = (A2 - Y) / (A2 * (1 - A2))
                local1, local2 = "∂ℓ/∂a = (a - y) / (a (1 - a))", "σ'(Z[2]) = A[2] (1 - A[2]), per entry"
                dZ2 = dA2 * (A2 * (1 - A2)) if np.all(np.isfinite(dA2)) else A2 - Y
            elif out == "softmax":
                dA2 = -Y / A2
                local1, local2 = "∂ℓ/∂a = -y / a", "the softmax Jacobian of each column"
                dZ2 = A2 - Y
            else:
                dA2 = A2 - Y
                local1, local2 = "∂ℓ/∂a = a - y", "1 (a linear output: A[2] = Z[2])"
                dZ2 = dA2 * 1.0
        dA2 = np.where(np.isfinite(dA2), dA2, np.nan)
        fold = (
            "dZ[2] = each column's softmax Jacobian times dA[2], folded: dZ[2] = A[2] - Y"
            if out == "softmax"
            else "dZ[2] = dA[2] ⊙ g'(Z[2]), folded: dZ[2] = A[2] - Y"
        )
        g_prime = HIDDEN[c1.activation].prime(Z1, c1.A)
        dA1 = self.params["W2"].T @ dZ2
        dZ1 = dA1 * g_prime
        dW1 = dZ1 @ X.T / m
        g = {"relu": "ReLU", "leaky_relu": "leaky ReLU"}.get(self.hidden, self.hidden)
        local1 = f"∂J/∂A[2] = 1/m ∂ℓ/∂a per entry (J = 1/m Σ ℓ, the mean), {local1}"
        return [
            Step(("A[2]", "J"), local1, "dA[2]",
                 f"dA[2] = ∂ℓ/∂A[2], entry by entry ({self.output} output); the 1/m waits until dW[1]",
                 f"({n2}, {m})", dA2, None),
            Step(("Z[2]", "A[2]"), local2, "dZ[2]", fold,
                 f"({n2}, {m})" if out != "softmax" else f"({n2}, {n2}) per column", dZ2, self.grads["dZ2"]),
            Step(("A[1]", "Z[2]"), "∂Z[2]/∂A[1] = W[2]: W[2]^T on the left", "dA[1]", "dA[1] = W[2]^T dZ[2]",
                 f"({n1}, {n2})", dA1, self.grads["dA1"]),
            Step(("Z[1]", "A[1]"), f"g'(Z[1]) = {g}'(Z[1]), per entry", "dZ[1]", "dZ[1] = dA[1] ⊙ g'(Z[1])",
                 f"({n1}, {m})", dZ1, self.grads["dZ1"]),
            Step(("W[1]", "Z[1]"), "∂Z[1]/∂W[1] = X: X^T on the right", "dW[1]",
                 "dW[1] = 1/m dZ[1] X^T, with the 1/m of step 1", f"({m}, {n0})", dW1, self.grads["dW1"]),
        ]  # fmt: skip

    @property
    def k(self) -> int:
        """The step shown, 1..5."""
        return int(self.step.value) if hasattr(self, "step") else 5

    def lit_edges(self) -> list[tuple[str, str]]:
        """The edges of steps 1..k, in the order the walk crosses them (the last one is lit)."""
        return [s.edge for s in self.steps[: self.k]]

    def shapes(self) -> dict[str, tuple[int, ...]]:
        """Every node's shape."""
        c1, c2 = self.caches
        out = {"X": self.X.shape, "Z[1]": c1.Z.shape, "A[1]": c1.A.shape, "Z[2]": c2.Z.shape, "A[2]": c2.A.shape}
        out.update({f"{k[0]}[{k[1:]}]": v.shape for k, v in self.params.items()})
        out.update({"Y": self.Y.shape, "J": ()})
        return out

    def edges(self) -> list[tuple[str, str, str]]:
        """(from, to, operation) of every edge of the forward graph."""
        g = self.hidden
        return [
            ("X", "Z[1]", "W[1] ·"),
            ("W[1]", "Z[1]", "· X"),
            ("b[1]", "Z[1]", "+ b[1]"),
            ("Z[1]", "A[1]", f"g = {g}"),
            ("A[1]", "Z[2]", "W[2] ·"),
            ("W[2]", "Z[2]", "· A[1]"),
            ("b[2]", "Z[2]", "+ b[2]"),
            ("Z[2]", "A[2]", self.output),
            ("A[2]", "J", "1/m Σ ℓ"),
            ("Y", "J", "ℓ(a, y)"),
        ]

    # -------------------------------------------------------------- the pictures
    @staticmethod
    def _shape_text(shape: tuple[int, ...]) -> str:
        return "scalar" if shape == () else "(" + ", ".join(str(s) for s in shape) + ")"

    def drawing(self) -> Drawing:
        """The graph to draw: walked edges orange, the current one red and thick, each node with its shape."""
        walked = self.lit_edges()
        now = walked[-1] if walked else None
        arrows = []
        for a, b, op in self.edges():
            kind = 2 if (a, b) == now else 1 if (a, b) in walked else 0
            note = f"← {self.steps[self.k - 1].produces}" if (a, b) == now else ""
            arrows.append(Arrow(a, b, op, kind, note))
        boxes = []
        for name, shape in self.shapes().items():
            fill = "#fee2e2" if now and name == now[0] else "#eef2ff" if name[0] in "WbY" else "#f8fafc"
            boxes.append(Box(name, *POS[name], name, self._shape_text(shape), fill))
        return Drawing(boxes, arrows, WIDTH, HEIGHT, BOX_W, BOX_H, "computation graph")

    def svg_text(self) -> str:
        """The graph as SVG (:meth:`drawing`)."""
        return self.drawing().svg()

    def matrices(self) -> list[Matrix | str]:
        s = self.steps[self.k - 1]
        c1, c2 = self.caches
        g = {k: self.grads[k] for k in ("dZ2", "dA1", "dZ1")}
        by_step = {
            1: [Matrix("A[2]", self.AL, "(n[2], m)", "output units"), Matrix("Y", self.Y, "(n[2], m)", "output units")],
            2: [Matrix("dA[2]", self.steps[0].value, "(n[2], m)", "output units")],
            3: [Matrix("W[2]^T", self.params["W2"].T, "(n[1], n[2])", "units of layer 1", "units of layer 2", False),
                "·", Matrix("dZ[2]", g["dZ2"], "(n[2], m)", "output units")],
            4: [Matrix("dA[1]", g["dA1"], "(n[1], m)", "units of layer 1"), "⊙",
                Matrix("g'(Z[1])", HIDDEN[c1.activation].prime(c1.Z, c1.A), "(n[1], m)", "units of layer 1")],
            5: ["1/m ·", Matrix("dZ[1]", g["dZ1"], "(n[1], m)", "units of layer 1"), "·", Matrix("X^T", self.X.T,
                "(m, n[0])", "examples", "features of X", False)],
        }[self.k]  # fmt: skip
        if self.k == 2 and self.output == "sigmoid":
            by_step += ["⊙", Matrix("σ'(Z[2])", self.AL * (1 - self.AL), "(n[2], m)", "output units")]
        elif self.k == 2:
            by_step += ["→", Matrix("A[2]", self.AL, "(n[2], m)", "output units"), "−",
                        Matrix("Y", self.Y, "(n[2], m)", "output units")]  # fmt: skip
        symbols = {"dA[2]": "(n[2], m)", "dZ[2]": "(n[2], m)", "dA[1]": "(n[1], m)", "dZ[1]": "(n[1], m)"}
        produced = Matrix(
            s.produces,
            s.value,
            symbols.get(s.produces, "(n[1], n[0])"),
            "output units" if s.produces.endswith("[2]") else "units of layer 1",
            "features of X" if s.produces == "dW[1]" else "examples",
            s.produces != "dW[1]",
            note=s.formula,
        )
        if s.produces == "dA[2]" and np.isnan(s.value).any():
            produced.note = "not finite where a(1 - a) = 0: backprop_lib never forms it, it goes straight to A - Y"
        return [*by_step, "=", produced]

    def _step_lines(self, s: Step, k: int) -> list[str]:
        a, b = s.edge
        val = s.value
        norm = f"norm {np.linalg.norm(val):.4f}" if np.all(np.isfinite(val)) else "not finite somewhere"
        same = (
            "backprop_lib folds it into the next step (it never forms dA[2])"
            if s.library is None
            else f"equals backprop_lib's grads['{s.produces.replace('[', '').replace(']', '')}'] to 1e-12"
            if np.max(np.abs(val - s.library)) <= 1e-12
            else "DIFFERS from backprop_lib"
        )
        return [
            f"step {k} of 5: edge {a} -> {b}; local derivative {s.local}, shape {s.factor_shape}",
            f"  produces {s.formula}: {self._shape_text(val.shape)}, {norm}; {same}",
        ]

    def caption(self) -> str:
        s = self.steps[self.k - 1]
        first, second = self._step_lines(s, self.k)
        return (
            f"<div style='font-size:14px;margin-top:6px'><b>{html.escape(first, quote=False)}</b><br>"
            f"{html.escape(second.strip(), quote=False)}</div>"
        )

    def refresh(self) -> None:
        super().refresh()
        if not self._hold:
            self.svg.value = self.svg_text()

    @property
    def widget(self) -> w.VBox:
        if not hasattr(self, "_root"):
            self._check_open("widget")
            with self._owning():
                self._root = w.VBox(
                    [
                        w.HTML(f"<b>{html.escape(self.title)}</b>"),
                        w.HBox([w.VBox(self.extra_controls), w.VBox([self.buttons])]),
                        self.svg,
                        self.heatmaps,
                    ]
                )
            self._root.add_class("bp-explorer")
            self._root.add_class("bp-graphstepper")
        return self._root

    def summary(self) -> str:
        n0, n1, n2 = self.layer_dims
        lines = [
            f"{self.title}: layers {self.layer_dims}, m = {self.m}, {self.hidden} hidden, {self.output} output",
            "  nodes: " + ", ".join(f"{k} {self._shape_text(v)}" for k, v in self.shapes().items()),
        ]
        for k, s in enumerate(self.steps[: self.k], start=1):
            lines += ["  " + line for line in self._step_lines(s, k)]
        lines.append(f"  J = {self.J:.4f}")
        return "\n".join(lines)

    def snapshot(self) -> bytes:
        """A PNG of the graph (the walked edges orange, the current one red) and the current step."""
        first, second = self._step_lines(self.steps[self.k - 1], self.k)
        return self.drawing().png(first + "\n" + second.strip())


# ------------------------------------------------------------------ drawing a graph: one SVG, one still


@dataclass
class Box:
    """A node: its name, its centre, a bold first line and a second line (a shape, a value), its fill."""

    name: str
    x: float
    y: float
    title: str
    sub: str
    fill: str
    third: str = ""  # an optional third line (a gradient), in the colour of the walk
    clickable: bool = False  # focusable, with data-node, for a view that reports clicks


@dataclass
class Arrow:
    """An edge from node ``a`` to node ``b``: its label, 0 not walked, 1 walked, 2 the current one, and a note
    written in red beside it (the gradient the current step produces)."""

    a: str
    b: str
    label: str
    kind: int = 0
    note: str = ""


@dataclass
class Drawing:
    """Boxes and arrows, drawn as SVG for the live view and with matplotlib for the still picture."""

    boxes: list[Box]
    arrows: list[Arrow]
    width: int
    height: int
    box_w: int
    box_h: int
    label: str  # what a screen reader hears
    above: bool = False  # edge labels centred above the middle of each edge (else beside it, GraphStepper's way)

    def _label(self, x0: float, y0: float, x1: float, y1: float) -> tuple[float, float, str]:
        if not self.above:
            return _label_at(x0, y0, x1, y1)
        dx, dy = x1 - x0, y1 - y0
        norm = max((dx * dx + dy * dy) ** 0.5, 1e-9)
        nx, ny = dy / norm, -dx / norm  # the normal on the upper side of a left-to-right edge
        if ny > 0:
            nx, ny = -nx, -ny
        return (x0 + x1) / 2 + 9 * nx, (y0 + y1) / 2 + 9 * ny - 2, "center"

    def _ends(self, a: str, b: str) -> tuple[tuple[float, float], tuple[float, float]]:
        """Where the edge from a to b leaves a's box and enters b's."""
        pos = {box.name: (box.x, box.y) for box in self.boxes}
        (xa, ya), (xb, yb) = pos[a], pos[b]
        dx, dy = xb - xa, yb - ya
        t = min(self.box_w / 2 / abs(dx) if dx else 1e9, self.box_h / 2 / abs(dy) if dy else 1e9)
        return (xa + t * dx, ya + t * dy), (xb - t * dx, yb - t * dy)

    def svg(self) -> str:
        parts = [
            f"<svg xmlns='http://www.w3.org/2000/svg' class='bp-graph' width='{self.width}' height='{self.height}' "
            f"viewBox='0 0 {self.width} {self.height}' role='img' aria-label='{html.escape(self.label)}' "
            "font-family='sans-serif' font-size='12'>",
            "<defs>"
            + "".join(
                f"<marker id='bp-arrow-{k}' viewBox='0 0 10 10' refX='10' refY='5' markerUnits='userSpaceOnUse' "
                f"markerWidth='10' markerHeight='10' orient='auto'><path d='M0,0 L10,5 L0,10 z' fill='{c}'/></marker>"
                for k, c in enumerate(COLOURS)
            )
            + "</defs>",
        ]
        for arrow in self.arrows:
            (x0, y0), (x1, y1) = self._ends(arrow.a, arrow.b)
            tx, ty, ha = self._label(x0, y0, x1, y1)
            width = (1.2, 2.5, 3.5)[arrow.kind]
            colour = COLOURS[arrow.kind]
            text = f"fill='{colour}'" if arrow.kind else f"style='fill:{MUTED}'"
            parts.append(
                f"<g class='bp-edge' data-edge='{html.escape(arrow.a)}->{html.escape(arrow.b)}'>"
                f"<line x1='{x0:.0f}' y1='{y0:.0f}' x2='{x1:.0f}' y2='{y1:.0f}' stroke='{colour}' "
                f"stroke-width='{width}' marker-end='url(#bp-arrow-{arrow.kind})'/>"
                f"<text x='{tx:.0f}' y='{ty:.0f}' text-anchor='{_ANCHOR[ha]}' {text} "
                f"font-size='11'>{html.escape(arrow.label)}</text></g>"
            )
            if arrow.note:
                gx, gy, anchor = _gradient_at((x0, y0), (x1, y1))
                parts.append(
                    f"<text class='bp-grad' x='{gx:.0f}' y='{gy:.0f}' text-anchor='{_ANCHOR[anchor]}' "
                    f"fill='{COLOURS[2]}' font-weight='bold'>{html.escape(arrow.note)}</text>"
                )
        for box in self.boxes:
            x, y, h = box.x, box.y, self.box_h
            top = y - 3 if not box.third else y - 9
            focus = " tabindex='0' role='button' style='cursor:pointer'" if box.clickable else ""
            parts.append(
                f"<g class='bp-node' data-node='{html.escape(box.name)}'{focus}>"
                f"<title>{html.escape(' '.join(t for t in (box.title, box.sub, box.third) if t))}</title>"
                f"<rect x='{x - self.box_w / 2:.0f}' y='{y - h / 2:.0f}' width='{self.box_w}' height='{h}' rx='6' "
                f"fill='{box.fill}' stroke='#334155'/>"
                f"<text x='{x}' y='{top}' text-anchor='middle' font-weight='bold' fill='#111827'>"
                f"{html.escape(box.title)}</text>"
                f"<text x='{x}' y='{top + 15}' text-anchor='middle' fill='#334155'>{html.escape(box.sub)}</text>"
                + (
                    f"<text x='{x}' y='{top + 30}' text-anchor='middle' fill='{COLOURS[2]}' font-weight='bold'>"
                    f"{html.escape(box.third)}</text>"
                    if box.third
                    else ""
                )
                + "</g>"
            )
        parts.append("</svg>")
        return "".join(parts)

    def png(self, footer: str) -> bytes:
        """The same picture with matplotlib, ``footer`` (monospace text) under it."""
        import matplotlib.pyplot as plt
        from matplotlib.patches import FancyArrowPatch, FancyBboxPatch

        from .. import plots

        lines = [part for line in footer.splitlines() for part in textwrap.wrap(line, int(self.width / 5.6)) or [""]]
        foot = max(0.7, 0.16 * len(lines) + 0.25)  # inches under the graph for the footer
        fig = plt.figure(figsize=(self.width / 80, self.height / 80 + foot))
        ax = fig.add_axes((0, foot / (self.height / 80 + foot), 1, self.height / 80 / (self.height / 80 + foot)))
        ax.set_xlim(0, self.width)
        ax.set_ylim(self.height, 0)
        ax.axis("off")
        for arrow in self.arrows:
            (x0, y0), (x1, y1) = self._ends(arrow.a, arrow.b)
            colour, lw = COLOURS[arrow.kind], (1, 2, 3)[arrow.kind]
            ax.add_patch(FancyArrowPatch((x0, y0), (x1, y1), arrowstyle="-|>", mutation_scale=12, color=colour, lw=lw))
            tx, ty, ha = self._label(x0, y0, x1, y1)
            ax.text(tx, ty, arrow.label, ha=ha, va="baseline", fontsize=8, color=colour)
            if arrow.note:
                gx, gy, anchor = _gradient_at((x0, y0), (x1, y1))
                ax.text(gx, gy, arrow.note, ha=anchor, va="baseline", fontsize=9, color=COLOURS[2], weight="bold")
        for box in self.boxes:
            shape = FancyBboxPatch(
                (box.x - self.box_w / 2, box.y - self.box_h / 2),
                self.box_w,
                self.box_h,
                boxstyle="round,pad=0,rounding_size=6",
            )
            shape.set(facecolor=box.fill, edgecolor="#334155")
            ax.add_patch(shape)
            top = box.y - 4 if not box.third else box.y - 10
            ax.text(box.x, top, box.title, ha="center", va="bottom", fontsize=9, weight="bold")
            ax.text(box.x, top + 6, box.sub, ha="center", va="top", fontsize=8, color="#334155")
            if box.third:
                ax.text(box.x, top + 19, box.third, ha="center", va="top", fontsize=8, color=COLOURS[2], weight="bold")
        fig.text(0.01, 0.1 / (self.height / 80 + foot), "\n".join(lines), fontsize=8, family="monospace", va="bottom")
        return plots.png_of(fig)


_ANCHOR = {"center": "middle", "left": "start", "right": "end"}
MUTED = "var(--jp-content-font-color2, #555555)"  # an edge not walked yet: JupyterLab's second text colour


def _label_at(x0: float, y0: float, x1: float, y1: float) -> tuple[float, float, str]:
    """Where an edge's label goes: above a level edge, beside a slanted one (on its outer side)."""
    x, y = (x0 + x1) / 2, (y0 + y1) / 2
    if y0 == y1:
        return x, y - 6, "center"
    return (x - 7, y + 4, "right") if x1 > x0 else (x + 7, y + 4, "left")


def _gradient_at(start: tuple[float, float], end: tuple[float, float]) -> tuple[float, float, str]:
    """Where the gradient a step produces is written: under a level edge, under the label of a slanted edge."""
    (x0, y0), (x1, y1) = start, end
    x, y = (x0 + x1) / 2, (y0 + y1) / 2
    if y0 == y1:
        return x, y + 16, "center"
    return (x - 9, y + 20, "right") if x1 > x0 else (x + 9, y + 20, "left")
