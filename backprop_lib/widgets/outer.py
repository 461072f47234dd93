"""dW[l] as the average of m outer products, one per example, built up example by example.

After k of the m examples the map holds the partial sum of k outer products divided by m. That is
not an average (the average of those k would divide by k): it becomes the average, dW[l], at k = m.
"""

from __future__ import annotations

import html
from collections.abc import Sequence

import ipywidgets as w
import numpy as np

from .._validate import InputError, is_int
from ..plots import Matrix, symmetric_limit
from ._inputs import clip
from .base import Explorer


class OuterProductExplorer(Explorer):
    """Step through the examples of a layer: example i's outer product dZ[l][:, i] A[l-1][:, i]^T,
    and the sum of the outer products so far divided by m (the map "1/m Σ so far"), which ends equal
    to dW[l].

    The ``added`` slider (and Play) counts the examples added so far, k = 1 .. m; the maps show
    example i = k - 1 (examples are numbered from 0). It opens at k = m: the whole sum.

    ``partial_over_m(k)`` is 1/m Σ_{i<k} dZ[l][:, i] A[l-1][:, i]^T, the map drawn after k examples:
    a partial sum divided by m, which is the average only at k = m.
    """

    title = "dW as an average of outer products, one per example"

    def __init__(
        self,
        layer_dims: Sequence[int] = (3, 5, 4, 2),
        m: int = 8,
        layer: int | None = None,
        **kwargs,
    ):
        self.layer = layer
        kwargs.setdefault("sliders", [])
        super().__init__(layer_dims, m, **kwargs)

    def _check_args(self, dims: list[int], m: int) -> None:
        L = len(dims) - 1
        if self.layer is not None and not (is_int(self.layer) and 1 <= self.layer <= L):
            raise InputError(f"OuterProductExplorer: layer = {clip(self.layer)}; this network has layers 1 to {L}")
        self.layer = L if self.layer is None else int(self.layer)

    def _extra_entries(self, dims: list[int], m: int) -> int:
        # the colour scale of the partial sums: every one of the m partial sums at once, and their cumsum
        return 2 * m * dims[self.layer] * dims[self.layer - 1]

    def _build(self) -> None:
        m = self.m
        self.play = w.Play(value=m, min=1, max=m, step=1, interval=900, description="play")  # restarts at 1
        self.example = w.IntSlider(m, 1, m, description="added", style={"description_width": "70px"})
        # a link in the kernel, not in the browser: each Play tick is one step the kernel draws
        w.link((self.play, "value"), (self.example, "value"))
        self.example.observe(lambda _: self.refresh(), names="value")
        self.extra_controls = [w.HBox([self.play, self.example])]

    # -------------------------------------------------------------- the math
    def _pair(self) -> tuple[np.ndarray, np.ndarray]:
        """dZ[l] and A[l-1] of the current network."""
        l = self.layer
        return self.grads[f"dZ{l}"], self.caches[l - 1].A_prev

    def outer(self, i: int) -> np.ndarray:
        """Example i's outer product dZ[l][:, i] A[l-1][:, i]^T, shape (n[l], n[l-1])."""
        dZ, A_prev = self._pair()
        if not (is_int(i) and 0 <= i < self.m):
            raise InputError(f"outer(i): example i = {clip(i)}; the examples are 0 to {self.m - 1}")
        return np.outer(dZ[:, i], A_prev[:, i])

    def partial_over_m(self, k: int) -> np.ndarray:
        """1/m Σ_{i<k} dZ[l][:, i] A[l-1][:, i]^T: the sum of the first k outer products divided by m
        (not their average, which would divide by k); k = m gives the average, dW[l]."""
        dZ, A_prev = self._pair()
        if not (is_int(k) and 0 <= k <= self.m):
            raise InputError(f"partial_over_m(k): k = {clip(k)} examples; k runs from 0 to m = {self.m}")
        return dZ[:, :k] @ A_prev[:, :k].T / self.m

    @property
    def k(self) -> int:
        """Examples added so far (the slider)."""
        return int(self.example.value) if hasattr(self, "example") else self.m

    def compute(self) -> None:
        super().compute()
        l = self.layer
        names = self.names()
        if names["outer"] not in self.vmax:  # one colour scale for every example, fitted over all of them
            dZ, A_prev = self._pair()
            self.vmax[names["outer"]] = symmetric_limit(np.abs(dZ).max(axis=0) * np.abs(A_prev).max(axis=0))
        if names["so far"] not in self.vmax:  # the partial sums and dW[l] share one scale: equal at the end
            dZ, A_prev = self._pair()
            partial = np.cumsum(np.einsum("ji,ki->ijk", dZ, A_prev), axis=0) / self.m
            self.vmax[names["so far"]] = self.vmax[f"dW[{l}]"] = symmetric_limit(partial)
            self.vmax[names["dz"]], self.vmax[names["a"]] = symmetric_limit(dZ), symmetric_limit(A_prev)

    def names(self) -> dict[str, str]:
        """The maps' names (fixed while you step, so each keeps its colour scale)."""
        l = self.layer
        a = "X" if l == 1 else f"A[{l - 1}]"
        return {"dz": f"dZ[{l}][:,i]", "a": f"{a}[:,i]^T", "outer": "outer i", "so far": "1/m Σ so far"}

    def matrices(self) -> list[Matrix | str]:
        l, k, m = self.layer, self.k, self.m
        i = k - 1
        dZ, A_prev = self._pair()
        n, n_prev = self.layer_dims[l], self.layer_dims[l - 1]
        units, prev = f"units of layer {l}", ("features of X" if l == 1 else f"units of layer {l - 1}")
        a_name = "X" if l == 1 else f"A[{l - 1}]"
        nm = self.names()
        dz = Matrix(nm["dz"], dZ[:, i : i + 1], f"(n[{l}], 1)", units, f"example {i}", False, note=f"i = {i}")
        a = Matrix(nm["a"], A_prev[:, i : i + 1].T, f"(1, n[{l - 1}])", f"example {i}", prev, False)
        a.note = f"i = {i}"
        outer = Matrix(
            nm["outer"], self.outer(i), f"(n[{l}], n[{l - 1}])", units, prev, False,
            note=f"i = {i}: ({n}, 1)(1, {n_prev})",
        )  # fmt: skip
        run = Matrix(
            nm["so far"], self.partial_over_m(k), f"(n[{l}], n[{l - 1}])", units, prev, False,
            note=f"sum of examples 0..{i} ({k} of {m}), divided by m = {m}",
        )  # fmt: skip
        dW = Matrix(
            f"dW[{l}]", self.grads[f"dW{l}"], f"(n[{l}], n[{l - 1}])", units, prev, False,
            note=f"1/m dZ[{l}] {a_name}^T",
        )  # fmt: skip
        return [dz, "·", a, "=", outer, "→", run, "vs", dW]

    def difference(self) -> float:
        """The largest |partial_over_m(k) - dW[l]| entry at the slider's k (0 to rounding once k = m)."""
        return float(np.max(np.abs(self.partial_over_m(self.k) - self.grads[f"dW{self.layer}"])))

    def _verdict(self) -> str:
        l, k, m = self.layer, self.k, self.m
        if k < m:
            left = f"{m - k} outer product{'s' if m - k > 1 else ''}"
            return f"after {k} of {m} examples the sum so far, divided by m = {m}, is not dW[{l}] yet: {left} to add"
        return (
            f"after all {m} examples the sum divided by m = {m} is the average, and equals backprop_lib's dW[{l}] "
            f"(largest difference {self.difference():.1e})"
        )

    def caption(self) -> str:
        l, i = self.layer, self.k - 1
        return (
            f"<div style='font-size:14px;margin-top:6px'>example {i}: dZ[{l}][:, {i}] times its input "
            f"column, transposed, gives one ({self.layer_dims[l]}, {self.layer_dims[l - 1]}) matrix. "
            f"<b>{html.escape(self._verdict(), quote=False)}</b></div>"
        )

    def summary(self) -> str:
        verdict = self._verdict()
        if self.k == self.m:  # stable text: the tolerance, not the rounding noise
            verdict = verdict.split(" (largest")[0] + (" (to 1e-12)" if self.difference() <= 1e-12 else " (NOT!)")
        return super().summary() + f"\n  layer {self.layer}, {verdict}"
