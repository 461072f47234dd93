"""Gradient checking made visible: the per-entry relative error, with a bug zoo to switch on."""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence

import ipywidgets as w
import numpy as np

from .._validate import InputError
from ..gradcheck import gradcheck
from ..plots import Matrix
from .base import Explorer

SHOWN = 500  # entries of one dW[l] checked at most on each refresh; a larger layer is checked at random entries
WHITE = 1e-5  # the error drawn white: halfway (in powers of ten) between 1e-7, agreement, and 1e-3, a bug
DECADES = 5.0  # powers of ten from white to the deepest colour: 1e-10 deep blue, 1 deep red


def log_error(error: np.ndarray) -> np.ndarray:
    """log10(error / 1e-5), kept within [-5, 5]: what the maps draw (0 white, 0.05 is +3.7, deep red)."""
    with np.errstate(divide="ignore"):
        return np.clip(np.log10(np.asarray(error, dtype=float) / WHITE), -DECADES, DECADES)


class GradCheckExplorer(Explorer):
    """The per-element relative error of every dW[l], backprop against finite differences.

    A layer with more than ``SHOWN`` weights is checked at that many entries drawn at random (the others
    are drawn blank), so a refresh stays quick however large the network.
    ``bugs`` maps a name to a function ``(AL, Y, caches, output) -> grads``; a
    dropdown switches between them (the lessons' bug zoo).
    """

    title = "Gradient check: |analytic - numerical| / (|analytic| + |numerical|), per entry, on a log10 scale"
    # the maps draw log10(error / 1e-5): a linear 0..1 scale left a 0.05 error, clearly a bug, almost white
    fixed_vmax = DECADES

    def __init__(self, layer_dims: Sequence[int] = (3, 4, 4, 2), m: int = 6, hidden: str = "tanh", bugs=None, **kwargs):
        if bugs is not None and (
            not isinstance(bugs, Mapping) or not all(isinstance(k, str) and callable(f) for k, f in bugs.items())
        ):
            raise InputError(
                "GradCheckExplorer: bugs must map a name to a backward function (AL, Y, caches, output) -> grads, "
                f"e.g. bp.exercises.bug_zoo(); got {type(bugs).__name__}"
            )
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
        if not isinstance(self.check_grads, Mapping):  # else gradcheck would compute the right ones itself
            self.result, self.problem = (
                None,
                (
                    f"the backward function of bug {self.bug.value!r} returned {type(self.check_grads).__name__}, "
                    "not a dict of gradients {'dW1': ..., 'db1': ..., ...}"
                ),
            )
            return
        try:
            big = max(self.params[f"W{l}"].size for l in range(1, self.L + 1)) > SHOWN
            self.result = gradcheck(
                self.params,
                self.X,
                self.Y,
                self.hidden,
                self.output,
                grads=self.check_grads,
                sample=SHOWN if big else None,
            )
        except ValueError as exc:  # a shape bug: the shape check names it
            self.result, self.problem = None, str(exc)

    def matrices(self) -> list[Matrix | str]:
        if self.result is None:
            return []
        return [
            Matrix(
                f"error in dW[{l}]",
                log_error(self.result.elementwise[f"dW{l}"]),
                f"(n[{l}], n[{l - 1}])",
                f"units of layer {l}",
                f"units of layer {l - 1}",
                False,
                note="log10(error / 1e-5)",
                fmt="{:+.1f}",
            )
            for l in range(1, self.L + 1)
        ]

    def caption(self) -> str:
        if self.problem:
            return f"<div class='bp-sum' style='color:#b91c1c'>shape check: {html.escape(self.problem)}</div>"
        scale = (
            "colours and numbers: log10(error / 1e-5). 0 is white; -2 (1e-7, agreement) is blue; "
            "+2 (1e-3, a bug) is red; a 0.05 error is +3.7, deep red."
        )
        return f"<div class='bp-sum'>{scale}\n{html.escape(self.result.summary())}</div>"

    def summary(self) -> str:
        text = self.problem if self.problem else self.result.summary()
        lines = [f"{self.title}: layers {self.layer_dims}, m = {self.m}, {self.hidden} hidden, {self.output} output"]
        for l in range(1, self.L + 1) if self.result is not None else ():
            err = self.result.elementwise[f"dW{l}"]
            lines.append(f"  error in dW[{l}] {str(err.shape):<8} largest {np.nanmax(err):.0e}")
        lines.append(f"  J = {self.J:.4f}")
        return "\n".join(lines) + "\n" + text
