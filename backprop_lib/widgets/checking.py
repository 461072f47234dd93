"""Gradient checking made visible: the per-entry relative error, with a bug zoo to switch on."""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence

import ipywidgets as w

from .._validate import InputError
from ..gradcheck import gradcheck
from ..plots import Matrix
from .base import Explorer


class GradCheckExplorer(Explorer):
    """The per-element relative error of every dW[l], backprop against finite differences.

    ``bugs`` maps a name to a function ``(AL, Y, caches, output) -> grads``; a
    dropdown switches between them (the lessons' bug zoo).
    """

    title = "Gradient check: |analytic - numerical| / (|analytic| + |numerical|), per entry"
    fixed_vmax = 1.0  # relative errors live on 0..1

    def __init__(self, layer_dims: Sequence[int] = (3, 4, 4, 2), m: int = 6, hidden: str = "tanh", bugs=None, **kwargs):  # noqa: ANN001, ANN003
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
