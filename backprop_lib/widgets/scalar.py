"""The chain rule on a graph of numbers, walked one node at a time: lesson 02's opening explorer.

Built on the computation-graph drawing of :mod:`.graph` (the same boxes, arrows and colours as the
GraphStepper), on :mod:`backprop_lib.chain`'s graphs: choose a graph and its inputs' values, step the backward
walk from f down, and click a node (or Tab to it and press Enter) to read its local derivatives and every
gradient share arriving at it. A value used twice shows its shares adding up, one step at a time.
"""

from __future__ import annotations

import html
import pathlib
from collections.abc import Mapping

import anywidget
import ipywidgets as w
import traitlets

from .._validate import InputError, check_int, check_number
from ..chain import GRAPHS, LOCAL, PATTERN, Graph, Op, Share
from ._inputs import clip, collecting
from .base import Displayable
from .graph import Arrow, Box, Drawing

TEXT = "var(--jp-content-font-color1,#222)"
LOW, HIGH = -4.0, 4.0  # the inputs' sliders
COL, ROW, BOX_W, BOX_H = 215, 86, 124, 54


class GraphView(anywidget.AnyWidget):
    """An SVG (``svg``) whose nodes report a click as ``selected`` (their name)."""

    _esm = pathlib.Path(__file__).parent / "scalar.js"
    svg = traitlets.Unicode("").tag(sync=True)
    selected = traitlets.Unicode("").tag(sync=True)


def num(x: float) -> str:
    """A number as the panel writes it: 3, -1.5, 0.25 (no trailing zeros, 4 significant digits)."""
    return f"{x:.4g}" if x != 0 else "0"


class ScalarGraphExplorer(Displayable):
    """Step the backward walk on a small graph of numbers and click a node to see what arrives at it.

    ``graph`` is one of :data:`backprop_lib.chain.GRAPHS` (``"f = (x + y) z"``, ``"f = x y + max(z, w)"``,
    ``"f = (x + y) x"``); ``values`` sets some inputs (each from -4 to 4); ``step`` 0 shows the forward values
    only, 1 seeds df/df = 1, and each further step lets one node, from f down, pass its shares to its inputs.
    ``select(name)`` does what a click on a node does.
    """

    def __init__(
        self,
        graph: str = "f = (x + y) z",
        values: Mapping[str, float] | None = None,
        step: int | None = None,
        select: str | None = None,
    ):
        if not isinstance(graph, str) or graph not in GRAPHS:
            raise InputError(f"ScalarGraphExplorer: graph = {clip(graph)}; one of {', '.join(map(repr, GRAPHS))}")
        g, start = GRAPHS[graph]
        given = dict(start)
        if values is not None:
            if not isinstance(values, Mapping):
                raise InputError(f"ScalarGraphExplorer: values = {clip(values)}; a dict such as {{'x': 1.0}}")
            for name, x in values.items():
                if name not in g.inputs:
                    raise InputError(f"ScalarGraphExplorer: {clip(name)} is not an input of {graph}: {g.inputs}")
                x = check_number(x, name, f"the input {name} of {graph}")
                if not LOW <= x <= HIGH:
                    raise InputError(f"ScalarGraphExplorer: {name} = {x:g}; its slider runs from {LOW:g} to {HIGH:g}")
                given[name] = x
        n = len(g.ops) + 1
        step = n if step is None else check_int(step, "step", 0, f"0 to {n}: how far the walk has gone")
        if step > n:
            raise InputError(f"ScalarGraphExplorer: step = {step}; {graph} has steps 0 to {n}")
        if select is not None and select not in g.names:
            raise InputError(f"ScalarGraphExplorer: select = {clip(select)}; a node of {graph}: {', '.join(g.names)}")
        self._hold = True
        with self._owning():
            self.graph = w.Dropdown(options=list(GRAPHS), value=graph, description="graph")
            self.sliders = w.VBox()
            self.play = w.Play(value=step, min=0, max=n, step=1, interval=1400, description="play")
            self.step = w.IntSlider(step, 0, n, description="step")
            w.jslink((self.play, "value"), (self.step, "value"))
            self.view = GraphView()
            self.caption_html = w.HTML()
            self.panel = w.HTML()
            self.graph.observe(lambda _: self._new_graph(), names="value")
            self.step.observe(lambda _: self.refresh(), names="value")
            self.view.observe(lambda change: self.select(change["new"]), names="selected")
            self._make_sliders(g, given)
            self.widget = w.VBox(
                [
                    w.HBox([self.graph, self.play, self.step]),
                    self.sliders,
                    self.caption_html,
                    self.view,
                    self.panel,
                ]
            )
            self.widget.add_class("bp-explorer")
            self.widget.add_class("bp-scalargraph")
            self._hold = False
            self.selected = select or ""
            self.refresh()
        self._built()

    # ------------------------------------------------------------------ state
    @property
    def g(self) -> Graph:
        return GRAPHS[self.graph.value][0]

    @property
    def given(self) -> dict[str, float]:
        return {s.description: float(s.value) for s in self.sliders.children}

    @property
    def k(self) -> int:
        return int(self.step.value)

    def _make_sliders(self, g: Graph, given: Mapping[str, float]) -> None:
        for old in self.sliders.children:
            old.close()
        sliders = []
        for name in g.inputs:
            s = w.FloatSlider(given[name], min=LOW, max=HIGH, step=0.5, description=name)
            s.observe(lambda _: self.refresh(), names="value")
            sliders.append(s)
        self.sliders.children = sliders

    def _new_graph(self) -> None:
        g, start = GRAPHS[self.graph.value]
        self._hold = True
        with collecting(self._widgets):  # the new sliders are this view's: close() closes them
            self._make_sliders(g, start)
        n = len(g.ops) + 1
        self.step.max = self.play.max = n
        self.step.value = n
        self.selected = ""
        self._hold = False
        self.refresh()

    def select(self, name: str) -> None:
        """Explain node ``name`` in the panel, as a click on it does ("" clears the panel)."""
        if name and name not in self.g.names:
            raise InputError(f"ScalarGraphExplorer.select: {clip(name)} is not a node of {self.g.title}")
        self.selected = name
        self.refresh()

    # ------------------------------------------------------------------ the walk so far
    def shares(self) -> list[Share]:
        """The shares passed by step k: step 1 seeds df/df = 1, each later step one node's two shares."""
        return self.g.walk(self.given)[: 2 * max(self.k - 1, 0)]

    def grads(self) -> dict[str, float | None]:
        """Each node's gradient so far (None before any share, or before the seed, has reached it)."""
        g = self.g
        grads: dict[str, float | None] = dict.fromkeys(g.names)
        if self.k >= 1:
            grads[g.output] = 1.0
        for share in self.shares():
            grads[share.to] = (grads[share.to] or 0.0) + share.value
        return grads

    def arrived(self, name: str) -> int:
        return sum(1 for s in self.shares() if s.to == name)

    def current(self) -> Op | None:
        """The node passing its shares at this step (None at steps 0 and 1)."""
        return self.g.ops[len(self.g.ops) - self.k + 1] if self.k >= 2 else None

    # ------------------------------------------------------------------ words
    def step_text(self) -> str:
        g, n = self.g, len(self.g.ops) + 1
        if self.k == 0:
            return f"step 0 of {n}: the forward pass only, f = {num(g.values(self.given)[g.output])}"
        if self.k == 1:
            return f"step 1 of {n}: the walk starts at the output, df/df = 1"
        op, v = self.current(), g.values(self.given)
        a, b = self.shares()[-2:]
        return (
            f"step {self.k} of {n}: {op.text} passes d{op.out} = {num(a.upstream)} on ({PATTERN[op.op]}): "
            f"{num(a.value)} to {a.to} (× {num(g.local(op, 0, v))}), {num(b.value)} to {b.to} "
            f"(× {num(g.local(op, 1, v))})"
        )

    def explain(self, name: str) -> list[str]:
        """What the panel says about node ``name``: its value, its local derivatives, the shares arriving."""
        g, v, grads = self.g, self.g.values(self.given), self.grads()
        lines = []
        op = g.op(name)
        if op is None:
            lines.append(f"{name} = {num(v[name])}, an input.")
        else:
            lines.append(f"{op.text} = {num(v[name])}.")
            locals_ = ", ".join(f"∂{name}/∂{x} = {num(g.local(op, k, v))}" for k, x in enumerate(op.inputs))
            words = ", ".join(f"∂{name}/∂{x} = {LOCAL[op.op](op.a, op.b, k)}" for k, x in enumerate(op.inputs))
            here = "" if words == locals_ else f"; here {locals_}"
            lines.append(f"Its local derivatives ({PATTERN[op.op]}): {words}{here}.")
        if name == g.output:
            lines.append("The output: df/df = 1, where the walk starts." if self.k >= 1 else "The walk starts here.")
            return lines
        uses = sorted(g.users(name), key=lambda use: -g.ops.index(use[0]))  # in the order the shares arrive
        walk = {(s.node.out, s.k): s for s in self.shares()}
        if len(uses) == 1:
            lines.append(f"{name} is read once, so d{name} is one share: the gradient arriving at its reader times "
                         "the reader's local derivative:")  # fmt: skip
        else:
            lines.append(
                f"{name} is read {len(uses)} times, so d{name} is the sum of {len(uses)} shares (the multivariable "
                "chain rule), each the gradient arriving at a reader times that reader's local derivative:"
            )
        for user, k in uses:
            share = walk.get((user.out, k))
            if share is None:
                lines.append(f"  through {user.text}: not arrived yet (d{user.out} is not known before {user.out} "
                             "has every share of its own)")  # fmt: skip
            else:
                lines.append(
                    f"  through {user.text}: d{user.out} · ∂{user.out}/∂{name} = {num(share.upstream)} × "
                    f"{num(share.local)} = {num(share.value)}"
                )
        total = grads[name]
        if total is None:
            lines.append(f"d{name} = ? so far: no share has arrived.")
        elif self.arrived(name) < len(uses):
            lines.append(
                f"d{name} = {num(total)} so far ({self.arrived(name)} of {len(uses)} shares: += adds the rest)"
            )
        else:
            terms = " + ".join(num(walk[(u.out, k)].value) for u, k in uses)
            lines.append(f"d{name} = {terms} = {num(total)}" if len(uses) > 1 else f"d{name} = {num(total)}")
        return lines

    # ------------------------------------------------------------------ pictures
    def positions(self) -> dict[str, tuple[float, float]]:
        """Inputs down the first column; each node one column right of its deepest input, at its inputs' mean
        height, moved up a row while an edge into it would cross a box on its way."""
        g, col, row = self.g, {}, {}
        for i, name in enumerate(g.inputs):
            col[name], row[name] = 0, float(i)
        for op in g.ops:
            col[op.out] = 1 + max(col[op.a], col[op.b])
            row[op.out] = (row[op.a] + row[op.b]) / 2
            for _ in range(4):
                if not any(self._crosses(col, row, x, op.out) for x in op.inputs):
                    break
                row[op.out] -= 1
        top = min(row.values())
        return {n: (20 + BOX_W / 2 + COL * col[n], 30 + BOX_H / 2 + ROW * (row[n] - top)) for n in g.names}

    @staticmethod
    def _crosses(col: dict, row: dict, a: str, b: str) -> bool:
        """Whether the straight edge a -> b passes through the box of a node in a column between them."""
        for n in col:
            if n not in (a, b) and col[a] < col[n] < col[b]:
                t = (col[n] - col[a]) / (col[b] - col[a])
                if abs(row[a] + t * (row[b] - row[a]) - row[n]) * ROW < BOX_H / 2 + 14:
                    return True
        return False

    def drawing(self) -> Drawing:
        g, v, grads = self.g, self.g.values(self.given), self.grads()
        pos, now = self.positions(), self.current()
        passed = {(s.node.out, s.k): s for s in self.shares()}
        arrows = []
        for op in g.ops:
            for k, x in enumerate(op.inputs):
                share = passed.get((op.out, k))
                kind = 0 if share is None else 2 if op == now else 1
                label = f"× {num(g.local(op, k, v))}" + ("" if share is None else f"  ← {num(share.value)}")
                arrows.append(Arrow(x, op.out, label, kind))
        boxes = []
        for name in g.names:
            op = g.op(name)
            title = op.text if op else name
            grad = grads[name]
            uses = len(g.users(name))
            part = name != g.output and self.arrived(name) < uses
            third = (
                f"d{name} = ?" if grad is None
                else f"d{name} = {num(grad)} ({self.arrived(name)}/{uses})" if part
                else f"d{name} = {num(grad)}"
            )  # fmt: skip
            fill = "#fee2e2" if op is not None and op == now else "#fef3c7" if name == self.selected else "#f8fafc"
            boxes.append(Box(name, *pos[name], title, f"= {num(v[name])}", fill, third, clickable=True))
        width = int(max(x for x, _ in pos.values()) + BOX_W / 2 + 30)
        height = int(max(y for _, y in pos.values()) + BOX_H / 2 + 30)
        return Drawing(boxes, arrows, width, height, BOX_W, BOX_H, f"the graph {g.title}", above=True)

    def refresh(self) -> None:
        if self._hold or self._closed:
            return
        self.view.svg = self.drawing().svg()
        self.caption_html.value = (
            f"<div style='font-size:14px;color:{TEXT}'><b>{html.escape(self.step_text())}</b></div>"
        )
        if self.selected:
            lines = self.explain(self.selected)
            body = "<br>".join(html.escape(line).replace("  ", "&emsp;") for line in lines)
        else:
            body = "Click a node (or Tab to it and press Enter): its local derivatives and the shares arriving at it."
        self.panel.value = f"<div class='bp-panel' style='font-size:13px;color:{TEXT};max-width:760px'>{body}</div>"

    def summary(self) -> str:
        g = self.g
        values = ", ".join(f"{k} = {num(x)}" for k, x in self.given.items())
        lines = [f"The chain rule on the graph {g.title}, at {values}", "  " + self.step_text()]
        grads = self.grads()
        lines.append("  " + ", ".join(f"d{n} = {'?' if grads[n] is None else num(grads[n])}" for n in g.names))
        if self.selected:
            lines += ["  " + line for line in self.explain(self.selected)]
        return "\n".join(lines)

    def snapshot(self) -> bytes:
        footer = self.step_text() + ("\n" + "\n".join(self.explain(self.selected)) if self.selected else "")
        return self.drawing().png(footer)
