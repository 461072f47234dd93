"""A row of heatmaps that the browser draws on canvases, with clicks and edits sent back to Python.

One widget holds every heatmap of an explorer, so one move is one message (values as a
single float32 buffer: 4 bytes per entry, no JSON for the numbers) and the browser repaints
all maps in the same frame. Two or more small messages per move would cost up to 40 ms each:
the Jupyter server does not switch off Nagle's algorithm on its websocket (measured, see
docs). The JavaScript is the package file ``heatmap.js``, loaded by anywidget (its front-end
loader ships prebuilt: nothing to build or install in JupyterLab, Notebook 7, VS Code, Colab).

In the browser:

* hover an entry: its name, indices, value and formula;
* click it (or Enter on it): ``on_select(name, i, j)`` runs in Python, one message;
* an editable map (W[l], b[l]): drag an entry up or down, or press Shift+Up / Shift+Down,
  and ``on_nudge(name, i, j, steps)`` runs once per step change;
* each map is an ARIA grid: Tab to it, arrow keys move between entries, a screen reader reads
  the name, the indices, the value and the shape. The root carries
  ``data-lm-suppress-shortcuts`` so Notebook 7's command-mode keys leave them alone.
"""

from __future__ import annotations

import pathlib
from collections.abc import Callable, Collection, Sequence

import anywidget
import numpy as np
import traitlets

from .._validate import InputError
from ..plots import Matrix, _lut

JS = pathlib.Path(__file__).parent / "heatmap.js"
LINE = "\n"  # in an explorer's maps: what follows starts a new line, kept whole (a layer of the BackwardStepper)


def lut_bytes() -> bytes:
    """The colour map (RdBu reversed, as the HTML and matplotlib heatmaps) as 256 RGB triples."""
    hexes, _ = _lut()
    return bytes(int(h[k : k + 2], 16) for h in hexes for k in (1, 3, 5))


class Heatmaps(anywidget.AnyWidget):
    """Heatmaps side by side (strings between them are operators: "=", "·", ...).

    Traits (all synced): ``values`` one float32 buffer of every map, row-major, one after the
    other; ``maps`` one dict per map (name, shape, symbols, row and column labels, colour limit,
    note, hover formula, editable, offset into ``values``) or ``{"op": "="}`` (``{"op": LINE}`` starts a
    line); ``highlight`` by map name, ``{"rows": [...], "cols": [...], "cells": [[i, j], ...]}``;
    ``selected`` [name, i, j]; ``caption`` (HTML above the maps), ``explanation`` (text), ``status`` (text).
    """

    _esm = JS
    values = traitlets.Bytes(b"").tag(sync=True)
    maps = traitlets.List().tag(sync=True)
    highlight = traitlets.Dict().tag(sync=True)
    selected = traitlets.List().tag(sync=True)
    caption = traitlets.Unicode("").tag(sync=True)
    explanation = traitlets.Unicode("").tag(sync=True)
    status = traitlets.Unicode("").tag(sync=True)
    step = traitlets.Float(0.05).tag(sync=True)
    lut = traitlets.Bytes(b"").tag(sync=True)

    def __init__(self, **kwargs):
        super().__init__(lut=lut_bytes(), **kwargs)
        self.on_select: Callable[[str, int, int], None] | None = None
        self.on_nudge: Callable[[str, int, int, int], None] | None = None
        self.on_msg(self._on_msg)

    def _on_msg(self, _widget, content, _buffers) -> None:
        """A click or an edit from the page. A message that is not one (another front end, a hand-made one)
        is ignored; an edit the explorer refuses is said in the status line, never raised into the kernel's log."""
        if not isinstance(content, dict):
            return
        kind, name = content.get("type"), content.get("map")
        i, j, steps = content.get("i", 0), content.get("j", 0), content.get("steps", 0)
        if not (isinstance(name, str) and all(type(v) is int for v in (i, j, steps))):
            return
        try:
            if kind == "select" and self.on_select:
                self.on_select(name, i, j)
            elif kind == "nudge" and self.on_nudge:
                self.on_nudge(name, i, j, steps)
        except InputError as exc:
            self.status = f"{self.status.split(';')[0]}; refused: {exc}"

    def show(
        self,
        items: Sequence[Matrix | str],
        vmaxes: dict[str, float] | None = None,
        editable: Collection[str] = (),
        formulas: dict[str, str] | None = None,
        **traits,
    ) -> None:
        """Draw ``items`` (and set any other ``traits``: highlight, caption, ...) in ONE message;
        a layout equal to the last one is not sent again, only the values."""
        vmaxes = vmaxes if vmaxes is not None else {}
        with self.hold_sync():
            self.maps = self.layout_of(items, vmaxes, editable, formulas)
            self.values = self.buffer_of(items)
            for name, value in traits.items():
                setattr(self, name, value)

    @staticmethod
    def layout_of(
        items: Sequence[Matrix | str],
        vmaxes: dict[str, float],
        editable: Collection[str] = (),
        formulas: dict[str, str] | None = None,
    ) -> list[dict]:
        """The ``maps`` trait for ``items``: ``editable`` names the maps whose entries can be
        changed; ``formulas`` gives each map's hover formula ({r} and {c} stand for the indices)."""
        out: list[dict] = []
        offset = 0
        for M in items:
            if isinstance(M, str):
                out.append({"op": M})
                continue
            V = np.asarray(M.values)
            r, c = (V.shape[0], 1) if V.ndim == 1 else V.shape
            out.append(
                {
                    "name": M.name,
                    "shape": [int(r), int(c)],
                    "offset": offset,
                    "shape_text": M.shape_text,
                    "rows": M.rows,
                    "cols": M.cols,
                    "m": bool(M.examples_axis),
                    "note": M.note,
                    "vmax": float(vmaxes.get(M.name, 1.0)),
                    "digits": 0 if "e" in M.fmt else 2,
                    "formula": (formulas or {}).get(M.name, ""),
                    "editable": M.name in editable,
                }
            )
            offset += int(r) * int(c)
        return out

    @staticmethod
    def buffer_of(items: Sequence[Matrix | str]) -> bytes:
        """Every map's values, float32, row-major, one after the other."""
        parts = [np.asarray(M.values, dtype=np.float32).ravel() for M in items if not isinstance(M, str)]
        return np.concatenate(parts).tobytes() if parts else b""
