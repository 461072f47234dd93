"""How the size of the signal and of the gradient changes from layer to layer, before any training.

Lesson 07's explorer for vanishing and exploding gradients: choose the depth, the hidden activation and the
start (He, LeCun or Xavier, times a gain), and read, layer by layer, the typical size of A[l] (going up) and
of one entry of dW[l] (coming down). A fixed log axis, so a move shows how far the sizes drift.
"""

from __future__ import annotations

import html

import ipywidgets as w
import numpy as np

from .. import plots
from .._validate import InputError, check_int, check_number
from ..data import digits
from ..network import _backward, _forward, hidden_names, init_params
from ._inputs import clip
from .base import Displayable

TEXT = "var(--jp-content-font-color1,#222)"  # JupyterLab's text colours: readable in the light and the dark theme
NOTE = "var(--jp-content-font-color2,#555)"
TRACK = "var(--jp-layout-color2,#eee)"
UP, DOWN = "#4c78a8", "#e45756"  # A going up, dW coming down: mid-tones, visible on white and on black
LOW, HIGH = -8, 2  # the bars' log10 axis: 1e-8 .. 1e2
STARTS = ("he", "lecun", "xavier")
HIDDEN = ("relu", "tanh", "sigmoid")


def _rms(x: np.ndarray) -> float:
    return float(np.sqrt(np.vdot(x, x) / x.size))


class GradientFlowExplorer(Displayable):
    """Depth, activation and start: the size of each layer's A and of each entry of its dW, at the start.

    The network: the 8x8 digits (the first ``m`` images) in, ``depth`` hidden layers of ``width`` units, a
    softmax over the 10 digits out, started with ``init_params(dims, seed, scale=start)`` and every W[l]
    multiplied by ``gain``. ``sizes()`` gives the numbers drawn.
    """

    def __init__(
        self,
        depth: int = 10,
        hidden: str = "relu",
        start: str = "he",
        gain: float = 1.0,
        width: int = 32,
        m: int = 200,
        seed: int = 0,
    ):
        depth = check_int(depth, "depth", 1, "the number of hidden layers")
        if depth > 20:
            raise InputError(f"GradientFlowExplorer: depth = {depth}; its slider runs from 1 to 20 hidden layers")
        if hidden not in HIDDEN:
            raise InputError(f"GradientFlowExplorer: hidden = {clip(hidden)}; choose one of {', '.join(HIDDEN)}")
        if start not in STARTS:
            raise InputError(f"GradientFlowExplorer: start = {clip(start)}; choose one of {', '.join(STARTS)}")
        gain = check_number(gain, "gain", "W[l] = gain * (the start's draws)", positive=True)
        if not 0.25 <= gain <= 4:
            raise InputError(f"GradientFlowExplorer: gain = {clip(gain)}; its slider runs from 0.25 to 4")
        width = check_int(width, "width", 1, "the units of each hidden layer")
        m = check_int(m, "m", 1, "the number of examples")
        if width > 256 or m > 1797:
            raise InputError(
                f"GradientFlowExplorer: width = {width}, m = {m}; at most 256 units per layer and the 1,797 digits"
            )
        seed = check_int(seed, "seed", 0, "the seed of the start")
        if depth * width * (width + m) > 10**7:
            raise InputError(f"GradientFlowExplorer: depth {depth} x width {width} with m = {m} is too large to redraw")
        X, Y = digits()
        self._X, self._Y, self._width, self._seed = X[:, :m], Y[:, :m], width, seed
        self._starts: dict = {}
        with self._owning():
            self.depth = w.IntSlider(depth, 1, 20, description="depth", layout=w.Layout(width="300px"))
            self.hidden = w.Dropdown(options=list(HIDDEN), value=hidden, description="hidden")
            self.start = w.Dropdown(options=list(STARTS), value=start, description="start")
            self.gain = w.FloatLogSlider(
                float(gain), base=2, min=-2, max=2, step=0.25, description="gain", layout=w.Layout(width="300px")
            )
            self.html = w.HTML()
            for control in (self.depth, self.hidden, self.start, self.gain):
                control.observe(lambda _: self.refresh(), names="value")
            self.widget = w.VBox(
                [w.HBox([w.VBox([self.depth, self.gain]), w.VBox([self.hidden, self.start])]), self.html]
            )
            self.refresh()
        self._built()

    def sizes(self) -> tuple[list[float], list[float]]:
        """(rms of A[l] for l = 1..L-1, rms of one entry of dW[l] for l = 1..L) at the start."""
        key = (self.depth.value, self.start.value)
        if key not in self._starts:  # the draws depend on the depth and the start only: made once each
            dims = [self._X.shape[0]] + [self._width] * self.depth.value + [self._Y.shape[0]]
            self._starts[key] = init_params(dims, seed=self._seed, scale=self.start.value)
        params = {k: v * self.gain.value if k[0] == "W" else v for k, v in self._starts[key].items()}
        L = self.depth.value + 1
        with np.errstate(over="ignore", invalid="ignore"):
            AL, caches = _forward(self._X, params, [*hidden_names(self.hidden.value, L), "softmax"])
        grads = _backward(AL, self._Y, caches, to_X=False)
        return [_rms(c.A) for c in caches[:-1]], [_rms(grads[f"dW{c.l}"]) for c in caches]

    def _bar(self, value: float, colour: str) -> str:
        x = (np.log10(max(value, 10.0**LOW)) - LOW) / (HIGH - LOW)
        width = max(1.0, min(1.0, x) * 100)
        return (
            f"<div style='background:{TRACK};width:220px;height:11px;display:inline-block;vertical-align:middle'>"
            f"<div style='background:{colour};width:{width:.1f}%;height:11px'></div></div>"
            f"<span style='font-family:monospace;font-size:11px;color:{TEXT};margin-left:6px'>{value:.1e}</span>"
        )

    def refresh(self) -> None:
        up, down = self.sizes()
        L = len(down)
        rows = [
            f"<tr><th style='text-align:left;color:{TEXT}'>layer</th>"
            f"<th style='text-align:left;color:{UP}'>size of A[l] (going up)</th>"
            f"<th style='text-align:left;color:{DOWN}'>size of one entry of dW[l] (coming down)</th></tr>"
        ]
        for l in range(L, 0, -1):
            a = self._bar(up[l - 1], UP) if l < L else f"<span style='color:{NOTE}'>softmax output</span>"
            rows.append(
                f"<tr><td style='color:{TEXT};font-family:monospace'>{l}</td><td>{a}</td>"
                f"<td>{self._bar(down[l - 1], DOWN)}</td></tr>"
            )
        self.html.value = (
            f"<table style='border-collapse:separate;border-spacing:8px 2px'>{''.join(rows)}</table>"
            f"<div style='font-size:12px;color:{NOTE}'>{html.escape(self._verdict(up, down))}; bars on a log scale "
            f"from 1e{LOW} to 1e{HIGH}</div>"
        )

    def _verdict(self, up: list[float], down: list[float]) -> str:
        ratio = down[0] / down[-1] if down[-1] else float("inf")
        return f"dW[1] / dW[{len(down)}] = {ratio:.2g} per entry"

    def summary(self) -> str:
        up, down = self.sizes()
        lines = [
            f"Gradient flow at the start: {self.depth.value} hidden {self.hidden.value} layers of {self._width}, "
            f"start {self.start.value} x {self.gain.value:g}, {self._X.shape[1]} digits",
            f"  {'layer':>5} {'size of A[l]':>13} {'size of dW[l]':>14}",
        ]
        for l in range(len(down), 0, -1):
            a = f"{up[l - 1]:>13.1e}" if l < len(down) else f"{'(output)':>13}"
            lines.append(f"  {l:>5} {a} {down[l - 1]:>14.1e}")
        lines.append(f"  {self._verdict(up, down)}")
        return "\n".join(lines)

    def snapshot(self) -> bytes:
        import matplotlib.pyplot as plt

        up, down = self.sizes()
        L = len(down)
        fig, ax = plt.subplots(figsize=(6, 0.22 * L + 1.2))
        ys = np.arange(1, L + 1)
        ax.barh(ys[:-1] + 0.2, up, height=0.4, color=UP, label="size of A[l]")
        ax.barh(ys - 0.2, down, height=0.4, color=DOWN, label="size of one entry of dW[l]")
        ax.set_xscale("log")
        ax.set_xlim(10.0**LOW, 10.0**HIGH)
        ax.set_yticks(ys)
        ax.set_ylabel("layer l")
        ax.legend(fontsize=7, loc="lower right")
        ax.set_title(f"{self.depth.value} hidden {self.hidden.value} layers, start {self.start.value}", fontsize=9)
        return plots.png_of(fig)
