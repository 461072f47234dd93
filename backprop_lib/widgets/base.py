"""The shared machinery of every explorer: a seeded batch, sliders on the grid, reset, in-place redraw,
and a PNG plus a text summary for viewers without a kernel.
"""

from __future__ import annotations

import base64
import contextlib
import dataclasses
import html
import inspect
import re
from collections.abc import Sequence
from urllib.parse import quote

import ipywidgets as w
import numpy as np

from .. import plots
from .._blas import one_blas_thread
from .._validate import InputError, ShapeError, as_float_array, check_2d, check_number, is_int, public, shape_str
from ..explain import Explanation, explain, rule
from ..losses import check_output, cost
from ..network import backward, forward, hidden_names, init_params
from ..plots import Matrix
from ._inputs import (
    FLOAT32_MAX,
    MAX_SLIDERS,
    check_entries,
    check_index,
    checked_dims,
    checked_m,
    clip,
    close_widgets,
    collecting,
    executing_cell,
    network_entries,
    replace_in_cell,
)
from .heatmap import Heatmaps

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


def _on_grid(value: float, steps: int, limit: float) -> float:
    """``steps`` slider steps from the grid point nearest ``value``, kept within [-limit, limit]."""
    return float(np.clip(round((round(value / STEP) + steps) * STEP, 10), -limit, limit))


_PARAM = re.compile(r"^([Wb])\[(\d+)\](\^T)?$")
_LAYER_OF = re.compile(r"^(?:Z|A|dZ|g'\(Z)\[(\d+)\]")


def _canonical(name: str) -> tuple[str, bool]:
    """A map's name without a trailing ``^T``, and whether it was transposed."""
    return (name[:-2], True) if name.endswith("^T") else (name, False)


def _lights_for(name: str, lights: dict[str, dict], shape: tuple[int, int]) -> dict:
    """What of map ``name`` to light, from an explanation's ``lights`` (by untransposed name)."""
    base, transposed = _canonical(name)
    hl = lights.get(base)
    if not hl:
        return {}
    if not transposed:
        return hl
    return {
        "rows": list(hl.get("cols", [])),
        "cols": list(hl.get("rows", [])),
        "cells": [[j, i] for i, j in hl.get("cells", [])],
    }


class Displayable:
    """A widget view that leaves a PNG and a text summary behind for viewers without a kernel.

    Subclasses provide ``widget`` (the ipywidgets root), ``summary()`` and ``snapshot()``, and make
    their widgets inside ``with self._owning():`` so that :meth:`close` closes every one of them.
    """

    _closed = False

    @contextlib.contextmanager
    def _owning(self):
        """A block whose new widgets this view owns (``close()`` closes them); when the block fails, the view
        is closed: a refused build leaves nothing in ipywidgets' registry."""
        if "_widgets" not in self.__dict__:
            self._widgets: list = []
        try:
            with collecting(self._widgets):  # records the new widgets when the block ends
                yield
        except BaseException:
            self.close()
            raise

    def _built(self) -> None:
        """Call at the end of a successful build: a cell run again closes what its earlier run built."""
        replace_in_cell(self, executing_cell())

    def close(self) -> None:
        """Close every widget of this view and drop their observers: they leave ipywidgets' registry (and
        memory) and the view disappears from the page. The object stays readable (``summary()``, ``state``),
        but it no longer changes: build a new one (``from_state(state)`` rebuilds the same view)."""
        self._closed = True
        close_widgets(self.__dict__.get("_widgets", []))

    def _check_open(self, where: str) -> None:
        if self._closed:
            raise InputError(
                f"{type(self).__name__}.{where}: this view was closed; build a new one "
                "(bp.widgets.from_state(explorer.state) rebuilds the same view)"
            )

    def _repr_mimebundle_(self, **kwargs):
        if self._closed:
            return {"text/plain": self.summary() + "\n  (closed)"}
        data = self.widget._repr_mimebundle_(**kwargs)
        data["text/plain"] = self.summary()
        data["image/png"] = base64.b64encode(self.snapshot()).decode("ascii")
        return data

    def __repr__(self) -> str:
        return self.summary()


class _Page:
    """An HTML string with a ``value``, like an ``ipywidgets.HTML`` (see ``Explorer.html``)."""

    def __init__(self, value: str):
        self.value = value


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
    editable : list of str, optional
        The parameters shown as heatmaps whose entries you can change in place (drag up or
        down, or Shift+Up / Shift+Down), e.g. ``["W2", "b2"]``. Default: W[l] and b[l] of the
        layer the explorer shows (none when it has no sliders). A map the explorer already
        draws (W[l]^T) is editable too.

    Click any entry (or Enter on it) and the panel under the maps writes the sum that makes it,
    in numbers, and lights the entries it is made of (:mod:`backprop_lib.explain`); ``select``
    does the same from code. ``state`` is a one-line string of the view and
    :func:`from_state` rebuilds it.
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
        editable: Sequence[str] | None = None,
    ):
        where = type(self).__name__
        if type(self).matrices is Explorer.matrices:
            raise InputError(
                f"{where} is the machinery the explorers share, not an explorer; build one of them, e.g. "
                "LayerExplorer(), or from_state(line) with a line that an explorer's .state gave"
            )
        if not is_int(seed) or seed < 0:
            raise InputError(
                f"{where}: seed = {clip(seed)}; an explorer needs a whole number >= 0, "
                "so that Reset and explorer.state rebuild the same picture"
            )
        # every size is checked before anything is allocated or drawn (a state line is untrusted input)
        dims = checked_dims(layer_dims, where)
        L = len(dims) - 1
        names = hidden_names(hidden, L)
        check_output(output)
        X = Y = None
        if data is not None:
            X, Y = self._checked_data(data, dims)
            m = checked_m(X.shape[1], where, "m (the columns of X)")
        else:
            m = checked_m(m, where)
        sliders = self._checked_slider_list(sliders, dims)
        self._check_args(dims, m)
        check_entries(where, network_entries(dims, m) + self._extra_entries(dims, m), f"layers {dims} and m = {m}")
        self._args = {
            "hidden": hidden if isinstance(hidden, str) else list(names),
            "output": output,
            "seed": int(seed),
            "sliders": None if sliders is None else [tuple(e) for e in sliders],
            "editable": editable,
            "data": data is not None,
        }
        self.params = init_params(dims, seed=seed, scale="lecun")
        self.layer_dims = dims
        self.L = L
        self.hidden, self.output = self._args["hidden"], output
        for l in range(1, self.L):  # a small positive bias keeps most hidden ReLUs awake at the start
            self.params[f"b{l}"][:] = 0.2
        if data is not None:
            self.X, self.Y = X, Y
        else:
            self.X, self.Y = demo_batch(self.layer_dims, m, output, seed)
        self.m = self.X.shape[1]
        if sliders is None:  # the family's defaults, less those a small network does not have
            sliders = [(k, i, j) for k, i, j in self.default_sliders() if self._inside(k, i, j)]
        sliders = [self._checked_entry(*entry, where=f"{where}: sliders") for entry in sliders]
        if len(set(sliders)) != len(sliders):
            twice = next(e for e in sliders if sliders.count(e) > 1)
            raise InputError(f"{where}: sliders = {clip(sliders, 80)}; {twice} has two sliders, give each entry one")
        if editable is not None and (
            isinstance(editable, (str, bytes))
            or not isinstance(editable, Sequence)
            or not all(isinstance(k, str) and k in self.params for k in editable)
            or len(set(editable)) != len(editable)
        ):
            raise InputError(
                f"{where}: editable = {clip(editable, 80)}; give the parameters to draw as editable "
                f"maps, a list of keys of {', '.join(self.params)}, each once"
            )
        self._editable_arg = None if editable is None else list(editable)
        self.selected: tuple[str, int, int] | None = None  # (map name, row, column) as drawn
        self.explanation: Explanation | None = None
        self.vmax: dict[str, float] = {}
        self._hold = False
        self.sliders: list[tuple[str, int, int, w.FloatSlider]] = []
        with self._owning():
            self._make_widgets(sliders)
        # what a fresh build draws: ``state`` lists the changes from it
        self._vmax_at_build = dict(self.vmax)
        self._layer_at_build = getattr(self, "layer", None)
        self._built()

    def _make_widgets(self, sliders: list[tuple[str, int, int]]) -> None:
        """The sliders, buttons, heatmaps and the family's controls; the first drawing."""
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
        self.heatmaps = Heatmaps(step=STEP)
        self.heatmaps.on_select = self.select
        self.heatmaps.on_nudge = self.nudge
        reset = w.Button(description="Reset", icon="undo", layout=w.Layout(width="90px"))
        reset.on_click(lambda _: self.reset())
        rescale = w.Button(description="Rescale colours", layout=w.Layout(width="140px"))
        rescale.on_click(lambda _: self.rescale())
        self.buttons = w.HBox([reset, rescale])
        self.extra_controls: list[w.Widget] = []
        self._build()
        self.refresh()

    def _checked_slider_list(self, sliders: object, dims: list[int]) -> list | None:
        """``sliders`` as given (None for the family's defaults): a list of at most MAX_SLIDERS (key, i, j)."""
        if sliders is None:
            return None
        if (
            isinstance(sliders, (str, bytes))
            or not isinstance(sliders, Sequence)
            or not all(isinstance(e, (tuple, list)) and len(e) == 3 for e in sliders)
        ):
            raise InputError(
                f"{type(self).__name__}: sliders = {clip(sliders, 80)}; give a list of (key, i, j), "
                'e.g. [("W2", 0, 1)] for a slider on W[2][0, 1]'
            )
        if len(sliders) > MAX_SLIDERS:
            raise InputError(
                f"{type(self).__name__}: sliders has {len(sliders)} entries; an explorer shows at most {MAX_SLIDERS} "
                "sliders (drag any entry of an editable map instead)"
            )
        return list(sliders)

    def _check_args(self, dims: list[int], m: int) -> None:
        """The family's own arguments, checked before anything is built (a layer number, a mode)."""

    def _extra_entries(self, dims: list[int], m: int) -> int:
        """Numbers the family computes beyond one forward and backward pass (for the size budget)."""
        return 0

    def default_sliders(self) -> list[tuple[str, int, int]]:
        """The parameter entries that get a slider when none are given: one weight per layer and b[1][0]."""
        return [(f"W{l}", 0, 1 % self.layer_dims[l - 1]) for l in range(self.L, 0, -1)] + [("b1", 0, 0)]

    def _inside(self, key: str, i: int, j: int) -> bool:
        return key in self.params and i < self.params[key].shape[0] and j < self.params[key].shape[1]

    def _check_layer(self, layer: object, low: int, high: int, what: str, dims: list[int] | None = None) -> int:
        """``layer`` as an int (a Python or numpy integer) after checking ``low <= layer <= high``."""
        dims = self.layer_dims if dims is None else dims
        if not is_int(layer) or not low <= layer <= high:
            raise InputError(
                f"{type(self).__name__}: layer = {clip(layer)}, but {what} of a network with layers "
                f"{dims} (L = {len(dims) - 1}) is one of {low}..{high}"
            )
        return int(layer)

    def _checked_data(self, data: object, dims: list[int]) -> tuple[np.ndarray, np.ndarray]:
        """``data = (X, Y)`` as float arrays, X (n[0], m) and Y (n[L], m) for the network of sizes ``dims``."""
        formula = "data = (X, Y)"
        if not isinstance(data, (tuple, list)) or len(data) != 2:
            raise InputError(f"{formula}: give a pair (X, Y), not {type(data).__name__}")
        X = as_float_array(data[0], "X", formula)
        Y = as_float_array(data[1], "Y", formula)
        check_2d(X, "X", formula, "(n[0], m): one column per example")
        check_2d(Y, "Y", formula, "(n[L], m): one column per example")
        n0, nL, L = dims[0], dims[-1], len(dims) - 1
        if X.shape[0] != n0 or Y.shape != (nL, X.shape[1]):
            raise ShapeError(
                f"{formula}: X is {shape_str(X)} and Y is {shape_str(Y)}, but layers {dims} need "
                f"X (n[0], m) = ({n0}, m) and Y (n[{L}], m) = ({nL}, m), one column per example"
            )
        return X, Y

    def _checked_entry(self, key: object, i: object, j: object, where: str = "set") -> tuple[str, int, int]:
        """``(key, i, j)`` after checking that params[key][i, j] exists (indices: Python or numpy integers)."""
        if not isinstance(key, str) or key not in self.params:
            raise InputError(f"{where}: no parameter {clip(repr(key))}; this network has {', '.join(self.params)}")
        i, j = check_index(where, f"{key[0]}[{key[1:]}]", i, j, self.params[key].shape)
        return key, i, j

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

    def _check_drawable(self, items: Sequence[Matrix | str]) -> None:
        """Refuse numbers the heatmaps cannot draw: every quantity of the network finite and within float32's
        range (the maps travel as float32), and every map drawn within it too (NaN stands for "not computed")."""

        def check(name: str, a: np.ndarray, nan_ok: bool = False) -> None:
            a = np.asarray(a, dtype=float)
            finite = np.isfinite(a)
            top = float(np.max(np.abs(a), initial=0.0, where=finite))
            if top > FLOAT32_MAX or not (finite.all() or (nan_ok and not np.isinf(a).any())):
                what = f"reach {top:.3g}" if finite.all() or nan_ok else "overflow to inf or NaN"
                raise InputError(
                    f"{name} {shape_str(a)} would {what}: beyond {FLOAT32_MAX:.3g}, the largest number the heatmaps "
                    "draw (float32). Weights this large give no picture; use values near the sliders' range"
                )

        for k, v in self.params.items():
            check(f"{k[0]}[{k[1:]}]", v)
        for c in self.caches:
            check(f"Z[{c.l}]", c.Z)
            check(f"A[{c.l}]", c.A)
        for k, v in self.grads.items():
            check(f"{k[:2]}[{k[2:]}]", v)
        for M in items:
            if isinstance(M, Matrix):
                check(M.name, M.values, nan_ok=True)
        if not np.isfinite(self.J):
            raise InputError(f"J = {self.J} is not a finite number: the weights are too large")

    def editable_params(self) -> list[str]:
        """The parameters drawn as editable heatmaps beside the explorer's own maps ("W2", "b2")."""
        if self._editable_arg is not None:
            return list(self._editable_arg)
        if not self.sliders:
            return []
        layer = getattr(self, "layer", None)
        if isinstance(layer, int):
            layers = [layer]
        else:
            names = [M.name for M in self.matrices() if isinstance(M, Matrix)]
            layers = sorted({int(h.group(1)) for n in names if (h := _LAYER_OF.match(n))}, reverse=True)
        return [f"{k}{l}" for l in layers for k in ("W", "b") if 1 <= l <= self.L]

    def shown(self) -> list[Matrix | str]:
        """Every map drawn: the editable parameters, then ``matrices()``."""
        items = self.matrices()
        names = {M.name for M in items if isinstance(M, Matrix)}
        extra: list[Matrix | str] = []
        for key in self.editable_params():
            kind, l = key[0], int(key[1:])
            name = f"{kind}[{l}]"
            if name in names or f"{name}^T" in names:
                continue
            units, prev = f"units of layer {l}", ("features of X" if l == 1 else f"units of layer {l - 1}")
            if kind == "W":
                extra.append(Matrix(name, self.params[key], f"(n[{l}], n[{l - 1}])", units, prev, False))
            else:
                extra.append(Matrix(name, self.params[key], f"(n[{l}], 1)", units, "one column", False))
        if extra:
            extra[-1].note = "drag an entry up or down to change it"
        return extra + items

    def _editable_maps(self, items: Sequence[Matrix | str]) -> dict[str, tuple[str, bool]]:
        """Map name -> (parameter key, transposed) for every drawn map of W[l] or b[l]."""
        out = {}
        for M in items:
            if isinstance(M, Matrix) and (hit := _PARAM.match(M.name)):
                out[M.name] = (f"{hit.group(1)}{hit.group(2)}", bool(hit.group(3)))
        return out

    def refresh(self) -> None:
        """Recompute and redraw in place: one message to the browser (values as one float32 buffer).

        Raises InputError, before anything is drawn, when the numbers cannot be drawn (a weight so large
        that a map passes float32's range); :meth:`_change` then puts the weights back."""
        if self._hold:
            return
        with one_blas_thread(), np.errstate(all="ignore"):  # an overflow is found below and said in words
            self.compute()
        items = self.shown()
        self._check_drawable(items)
        for M in items:
            if isinstance(M, Matrix) and M.name not in self.vmax and not np.all(np.isnan(M.values)):
                self.vmax[M.name] = self.fixed_vmax or plots.symmetric_limit(M.values)
        self.explanation = self._explanation(items, self.selected)
        if self.explanation is None:
            self.selected = None  # a control changed the maps under it (another layer, mode or activation)
        lights = self.explanation.lights if self.explanation else {}
        highlight = {}
        for M in items:
            if isinstance(M, str):
                continue
            own = {k: [list(c) for c in v] if k == "cells" else sorted(v) for k, v in (M.highlight or {}).items()}
            hl = _lights_for(M.name, lights, M.values.shape) if lights else {}
            merged = {k: own.get(k, []) + hl.get(k, []) for k in ("rows", "cols", "cells")}
            if any(merged.values()):
                highlight[M.name] = merged
        hm = self.heatmaps
        formulas = {M.name: rule(M.name, self.L) for M in items if isinstance(M, Matrix)}
        hm.show(  # every trait that changed, in ONE message
            items,
            self.vmax,
            self._editable_maps(items),
            formulas,
            highlight=highlight,
            selected=list(self.selected) if self.selected else [],
            caption=self.caption(),
            explanation=self.explanation.text() if self.explanation else "",
            status=f"J = {self.J:.4f}",
        )

    def _explanation(self, items: Sequence[Matrix | str], selected: tuple[str, int, int] | None) -> Explanation | None:
        """The explanation of the entry ``selected`` (name as drawn, row, column) for the current numbers;
        None when nothing is selected or the entry is not there (no such map, an index outside it)."""
        if selected is None:
            return None
        name, i, j = selected
        base, transposed = _canonical(name)
        r, c = (j, i) if transposed else (i, j)
        try:
            return explain(self, base, r, c)
        except InputError:  # not a sum (Y, g'(Z), an error map): its value and what it is
            M = next((M for M in items if isinstance(M, Matrix) and M.name == name), None)
            if M is None or not (0 <= i < M.values.shape[0] and 0 <= j < M.values.shape[1]):
                return None
            entry = f"{name}[{i}, {j}]"
            e = Explanation(entry, entry, M.note or f"rows: {M.rows}; columns: {M.cols}", total=float(M.values[i, j]))
            e.lights = {name: {"cells": [[i, j]]}}
            return e

    def select(self, name: str, i: int, j: int = 0) -> Explanation:
        """Select entry [i, j] of the map ``name`` (as drawn, e.g. "dW[2]" or "A[1]^T"): the panel
        explains it and lights what it is made of. Returns the explanation.

        The map must be one the explorer draws (or an entry :func:`backprop_lib.explain.explain` knows, e.g.
        "dW[1]" while layer 2 is shown) and [i, j] inside it, integers; else InputError, and the selection
        stays as it was."""
        self._check_open("select")
        items = self.shown()
        drawn = [M for M in items if isinstance(M, Matrix)]
        if not isinstance(name, str):
            raise InputError(f"select: name = {clip(name)}; give a map's name, one of {_names(drawn)}")
        M = next((M for M in drawn if M.name == name), None)
        if M is not None:
            i, j = check_index("select", name, i, j, M.values.shape)
        elif not (is_int(i) and is_int(j) and i >= 0 and j >= 0):
            raise InputError(f"select: {clip(name)}[{clip(i, 20)}, {clip(j, 20)}]; the indices are integers >= 0")
        explanation = self._explanation(items, (name, int(i), int(j)))
        if explanation is None:
            raise InputError(
                f"select: {clip(name)}[{i}, {j}] is not an entry of this explorer's maps ({_names(drawn)}), nor "
                "one explain() knows at these indices"
            )
        self.selected = (name, int(i), int(j))
        self.refresh()
        return self.explanation

    def nudge(self, name: str, i: int, j: int, steps: int) -> None:
        """Move entry [i, j] of the parameter map ``name`` (e.g. "W[2]") by ``steps`` slider steps,
        from the slider grid point nearest its value (what a drag or Shift+Up on the heatmap does),
        never beyond the sliders' range."""
        self._check_open("nudge")
        items = self.shown()
        editable = self._editable_maps(items)
        if not isinstance(name, str) or name not in editable:
            raise InputError(
                f"nudge: {clip(name)} is not a parameter map of this explorer (editable: {', '.join(editable)})"
            )
        M = next(M for M in items if isinstance(M, Matrix) and M.name == name)
        i, j = check_index("nudge", name, i, j, M.values.shape)
        if not is_int(steps):
            raise InputError(f"nudge {name}[{i}, {j}]: steps = {clip(steps)}; give a whole number of slider steps")
        key, transposed = editable[name]
        r, c = (j, i) if transposed else (i, j)
        span = int(2 * self.slider_limit / STEP) + 1  # more steps than this only meet the end of the range
        steps = max(-span, min(span, int(steps)))
        self.set(key, r, c, _on_grid(float(self.params[key][r, c]), steps, self.slider_limit))

    @property
    def html(self) -> _Page:
        """The current maps as HTML tables and the caption (``.value``): the same picture as text, for
        exporting or searching it (the live view draws on canvases, see ``heatmaps``)."""
        return _Page(plots.row_html(self.matrices(), self.vmax) + self.caption())

    def _on_slider(self, change) -> None:
        for key, i, j, s in self.sliders:
            if s is change["owner"]:
                self.params[key][i, j] = change["new"]
                if self._hold:
                    return
                try:
                    self.refresh()
                except InputError as exc:  # a move from the page: put it back and say why on the page
                    self._hold = True
                    try:
                        self.params[key][i, j] = change["old"]
                        s.value = change["old"]
                    finally:
                        self._hold = False
                    self.refresh()
                    self.heatmaps.status = f"J = {self.J:.4f}; that move was refused: {exc}"
                return

    def _slider_of(self, key: str, i: int, j: int) -> w.FloatSlider | None:
        return next((s for k, a, b, s in self.sliders if (k, a, b) == (key, i, j)), None)

    def _change(self, moves: Sequence[tuple[str, int, int, float]], what: str) -> None:
        """Set parameter entries (and their sliders) and redraw once; if the new numbers cannot be drawn,
        every entry and slider goes back to what it was and InputError says why (names ``what``)."""
        old = [(key, i, j, float(self.params[key][i, j])) for key, i, j, _ in moves]

        def put(entries: Sequence[tuple[str, int, int, float]]) -> None:
            self._hold = True
            try:
                for key, i, j, value in entries:
                    self.params[key][i, j] = value
                    s = self._slider_of(key, i, j)
                    if s is not None:
                        s.value = value
            finally:
                self._hold = False

        put(moves)
        try:
            self.refresh()
        except InputError as exc:
            put(old[::-1])
            self.refresh()
            raise InputError(f"{what}: {exc}. Refused; the explorer is as it was") from None

    def set(self, key: str, i: int, j: int, value: float) -> None:
        """Set a parameter entry (moves its slider when it has one) and redraw.

        A value that is not a finite number, lies beyond a slider's range, or makes a map too large to
        draw is refused with an InputError, and the explorer stays exactly as it was."""
        self._check_open("set")
        key, i, j = self._checked_entry(key, i, j)
        name = f"{key[0]}[{key[1:]}][{i}, {j}]"
        value = check_number(value, name, f"set {name}")
        if self._slider_of(key, i, j) is not None and abs(value) > self.slider_limit:
            raise InputError(
                f"set {name} = {value:g}: its slider runs from {-self.slider_limit:g} to "
                f"{self.slider_limit:g}; a value beyond it would not be what the slider shows"
            )
        self._change([(key, i, j, value)], f"set {name} = {value:g}")

    def reset(self) -> None:
        """Every slider and parameter back to its starting value; one redraw."""
        self._check_open("reset")
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
        self._check_open("rescale")
        self.vmax = {}
        self.refresh()

    # -------------------------------------------------------------- a view to share
    def _controls(self) -> list[w.ValueWidget]:
        """The family's own controls with a value (layer chooser, toggles, step), in order; not Play."""
        out: list[w.ValueWidget] = []

        def walk(x: w.Widget) -> None:
            if isinstance(x, w.Box):
                for c in x.children:
                    walk(c)
            elif isinstance(x, w.ValueWidget) and not isinstance(x, w.Play):
                out.append(x)

        for c in self.extra_controls:
            walk(c)
        return out

    @property
    def state(self) -> str:
        """This view as one line: the explorer, its network and seed, its controls, every weight
        moved from its start, the selected entry. ``bp.widgets.from_state(line)`` rebuilds it."""
        hidden = self._args["hidden"]  # as built: the demo batch's labels depend on the output
        hidden = hidden if isinstance(hidden, str) else ",".join(hidden)
        parts = [
            type(self).__name__,
            "dims=" + ",".join(str(n) for n in self.layer_dims),
            f"m={self.m}",
            f"hidden={hidden}",
            f"output={self._args['output']}",
            f"seed={self._args['seed']}",
        ]
        if "layer" in inspect.signature(type(self).__init__).parameters:
            parts.append(f"layer={self._layer_at_build}")  # as built: the controls (ctl=) then show today's
        if self._args["sliders"] is not None:
            parts.append("sliders=" + ",".join(f"{k}.{i}.{j}" for k, i, j in self._args["sliders"]))
        if self._args["editable"] is not None:
            parts.append("editable=" + ",".join(self._args["editable"]))
        if self._args["data"]:
            parts.append("data=own")
        bugs = getattr(self, "bugs", None)
        if bugs and len(bugs) > 1:
            from ..exercises import bug_zoo

            parts.append("bugs=zoo" if set(bugs) - {"no bug"} <= set(bug_zoo()) else "bugs=own")
        controls = self._controls()
        if controls:
            parts.append("ctl=" + ",".join(quote(str(c.value), safe="") for c in controls))
        for key in self.params:
            for i, j in zip(*np.nonzero(self.params[key] != self._start[key]), strict=True):
                parts.append(f"{key}[{i},{j}]={float(self.params[key][i, j])!r}")
        if self.selected:
            name, i, j = self.selected
            parts.append(f"select={quote(name, safe=_SAFE)}:{i}:{j}")
        # colour limits that are no longer the ones a fresh build fits (Rescale colours, a map first
        # drawn after a move): "name:vmax", and "name:" for a limit dropped (to be fitted when drawn)
        start = self._vmax_at_build
        scale = [f"{quote(n, safe=_SAFE)}:{v!r}" for n, v in sorted(self.vmax.items()) if start.get(n) != v]
        scale += [f"{quote(n, safe=_SAFE)}:" for n in sorted(start) if n not in self.vmax]
        if scale:
            parts.append("scale=" + ",".join(scale))
        return " ".join(parts)

    @classmethod
    def from_state(cls, state: str, **kwargs) -> Explorer:
        """Rebuild the view ``state`` describes (see :attr:`state`); it must be one of this class."""
        return _from_state(state, cls, kwargs)

    @property
    def widget(self) -> w.VBox:
        if not hasattr(self, "_root"):
            self._check_open("widget")
            controls = [s for *_, s in self.sliders] + self.extra_controls
            with self._owning():
                self._root = w.VBox(
                    [
                        w.HTML(f"<b>{html.escape(self.title)}</b>"),
                        w.HBox([w.VBox(controls), w.VBox([self.buttons])]),
                        self.heatmaps,
                    ]
                )
            # CSS hooks for instructors' styling and for the browser tests: "bp-explorer bp-layerexplorer"
            self._root.add_class("bp-explorer")
            self._root.add_class(f"bp-{type(self).__name__.lower()}")
        return self._root

    def map_names(self) -> set[str]:
        """Every map this explorer can draw, under any of its controls: the names a state line may give
        colour limits for. The families whose controls change the maps add theirs."""
        names = {M.name for M in self.shown() if isinstance(M, Matrix)} | set(self._vmax_at_build) | set(self.vmax)
        return names | {f"{k}[{l}]" for l in range(1, self.L + 1) for k in "Wb"}

    def close(self) -> None:
        """Close every widget of this explorer (sliders, buttons, heatmaps, its controls) and drop their
        observers and callbacks; see :meth:`Displayable.close`."""
        heatmaps = self.__dict__.get("heatmaps")
        if heatmaps is not None:
            heatmaps.on_select = heatmaps.on_nudge = None
        super().close()

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
        return plots.png_of(plots.figure_of([_outlined(M) for M in mats], self.vmax))


OUTLINES = 4096  # the still picture outlines at most this many entries of a map (each one is a patch to draw)


def _outlined(M: Matrix) -> Matrix:
    """``M`` for the still picture: a highlight that would outline more than OUTLINES entries one by one (the
    backward stepper lights every row of the current map) is left out: at that size an outline is thinner
    than a pixel, and drawing each one took minutes (a 1024 x 700 map)."""
    hl = M.highlight or {}
    r, c = np.shape(M.values)[0], (np.shape(M.values) + (1,))[1]
    if len(hl.get("rows", ())) * c + len(hl.get("cols", ())) * r + len(hl.get("cells", ())) <= OUTLINES:
        return M
    return dataclasses.replace(M, highlight={})


def _names(drawn: Sequence[Matrix]) -> str:
    return ", ".join(M.name for M in drawn) or "none"


_SAFE = "[]^'()"


@public("from_state(state): the view a state line describes")
def from_state(state: str, **kwargs) -> Explorer:
    """The explorer ``state`` (an explorer's :attr:`Explorer.state` line) describes, rebuilt: same
    network, seed, controls, moved weights and selected entry. ``kwargs`` go to the explorer
    (``data=(X, Y)`` for a view built on your own batch, ``bugs=`` for your own bug list).

    The line is untrusted input (it may come from anyone): nothing in it is evaluated, its length and
    sizes are checked before anything is built, and a malformed field raises an InputError naming it
    (see ``stateline.py``)."""
    return _from_state(state, None, kwargs)


def _from_state(state: object, family: type | None, kwargs: dict) -> Explorer:
    from . import stateline

    cls, args, fields, moved = stateline.parse(state, family, kwargs)
    try:
        ex = cls(**args)
    except InputError as exc:
        raise InputError(f"from_state: {exc}") from None
    try:
        stateline.apply(ex, fields, moved)
    except BaseException:
        ex.close()
        raise
    return ex
