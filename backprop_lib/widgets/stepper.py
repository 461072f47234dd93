"""The backward pass one step at a time."""

from __future__ import annotations

import html

import ipywidgets as w
import numpy as np

from ..plots import Matrix
from .base import Explorer
from .heatmap import LINE


class BackwardStepper(Explorer):
    """The backward pass one step at a time: press Play and the blame flows back, layer by layer.

    The captions use the lessons' one meaning of blame: dA[l], the gradient arriving at a unit's output
    (per example, no 1/m). dZ[l] = dA[l] * g'(Z[l]) is the blame that gets through the unit's own slope.
    """

    title = "Backward pass, step by step"

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("sliders", [])  # every W[l] and b[l] is drawn and can be dragged: no sliders above them
        super().__init__(*args, **kwargs)

    def editable_params(self) -> list[str]:
        """Every W[l] and b[l], from layer L down, unless ``editable`` chose others."""
        if self._editable_arg is not None:
            return list(self._editable_arg)
        return [f"{k}{l}" for l in range(self.L, 0, -1) for k in ("W", "b")]

    def shown(self) -> list[Matrix | str]:
        """The editable W[l] and b[l] on a line of their own, then one line per layer from L down: dZ[l], dW[l],
        db[l], dA[l-1]."""
        out: list[Matrix | str] = [LINE]
        for M in super().shown():
            if isinstance(M, Matrix) and M.name.startswith("dZ["):
                out.append(LINE)
            out.append(M)
        return out

    def _build(self) -> None:
        self.steps = self._steps()
        n = len(self.steps)
        # the slider counts from 1, like the caption ("step 12 of 12"); the picture saved for viewers
        # without a kernel is the last step (the whole backward pass), not the first
        self.play = w.Play(value=n, min=1, max=n, step=1, interval=1200, description="play")  # Play restarts at 1
        self.step = w.IntSlider(n, 1, n, description="step")
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
            got_through = "the blame that got through, times each weight's input, averaged over the examples"
            out.append((f"dW{l}", f"dW[{l}] = 1/m dZ[{l}] A[{l - 1}]^T: {got_through}"))
            out.append((f"db{l}", f"db[{l}] = 1/m sum over examples of dZ[{l}]"))
            out.append((f"dA{l - 1}", f"dA[{l - 1}] = W[{l}]^T dZ[{l}]: the blame passed back to layer {l - 1}"))
        return out

    def matrices(self) -> list[Matrix | str]:
        k = self.step.value - 1 if hasattr(self, "step") else 0
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
        text = html.escape(self.steps[k - 1][1])
        return f"<div style='font-size:14px;margin-top:6px'>step {k} of {len(self.steps)}: <b>{text}</b></div>"
