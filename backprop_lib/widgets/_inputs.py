"""What an explorer accepts, checked before anything is built: its sizes, and the widgets it owns.

Every explorer checks its sizes here before it allocates an array or makes a widget: the layer sizes
(a list, a tuple or a 1-D integer array), their number, m, its sliders, and the numbers it would compute
and draw. A state line (``explorer.state``) is untrusted input: ``stateline.py`` parses it with the same
limits, so a line can ask for nothing a constructor call could not.

The limits hold every view the lessons and a curious learner make, with room to spare: the
digits-size explorer ``LayerExplorer([64, 32, 10], m=500)`` computes about 0.17 million numbers, a
TrainingExplorer of ``[2, 64, 64, 1]`` on the flower about 3.8 million (its maps of the plane are
120 x 120 points for every unit); the budget is 8 million (64 MB as float64; a build peaks at about
three times that, a move redraws in well under a second).
"""

from __future__ import annotations

import contextlib
import weakref
from collections.abc import Iterator, Sequence

import numpy as np

from .._validate import InputError, check_budget, is_int

MAX_LAYERS = 16  # L, the layers after the input
MAX_UNITS = 1024  # n[l], every size
MAX_M = 10_000  # examples in an explorer's batch
MAX_SLIDERS = 64  # sliders of one explorer (each one a widget)
MAX_ENTRIES = 8_000_000  # numbers one explorer computes and draws (64 MB as float64)
FLOAT32_MAX = float(np.finfo(np.float32).max)  # the heatmaps draw float32: a larger number would be inf


def clip(text: object, n: int = 40) -> str:
    """``text`` for a message, cut to about ``n`` characters (a line may be 200,000 long)."""
    s = text if isinstance(text, str) else repr(text)
    return s if len(s) <= n else s[: n - 3] + "..."


def checked_dims(layer_dims: object, where: str, low: int = 2) -> list[int]:
    """``layer_dims`` as a list of ints: a list, a tuple or a 1-D integer array of ``low``..``MAX_LAYERS + 1`` sizes,
    each 1..``MAX_UNITS`` (numpy integers welcome; bools, floats and strings refused)."""
    if isinstance(layer_dims, np.ndarray) and layer_dims.ndim == 1 and layer_dims.dtype.kind in "iu":
        dims = [int(n) for n in layer_dims]
    elif isinstance(layer_dims, (list, tuple)):
        dims = list(layer_dims)
    else:
        raise InputError(
            f"{where}: layer_dims = {clip(layer_dims)}; give the layer sizes [n[0], n[1], ..., n[L]] as a list, "
            "a tuple or a 1-D integer array"
        )
    if not low <= len(dims) <= MAX_LAYERS + 1:
        raise InputError(
            f"{where}: layer_dims has {len(dims)} sizes; an explorer shows {low} to {MAX_LAYERS + 1} "
            f"(n[0] and up to L = {MAX_LAYERS} layers)"
        )
    for i, n in enumerate(dims):
        if not is_int(n) or not 1 <= n <= MAX_UNITS:
            raise InputError(
                f"{where}: layer_dims = {clip(dims, 60)}: n[{i}] = {clip(n)}, but every layer size must be an "
                f"integer from 1 to {MAX_UNITS} in an explorer"
            )
    return [int(n) for n in dims]


def checked_m(m: object, where: str, name: str = "m") -> int:
    """The number of examples, 1..``MAX_M``."""
    if not is_int(m) or not 1 <= m <= MAX_M:
        raise InputError(f"{where}: {name} = {clip(m)}; an explorer's batch holds 1 to {MAX_M:,} examples")
    return int(m)


def network_entries(dims: Sequence[int], m: int) -> int:
    """The numbers one forward and backward pass of an explorer holds: X and Y; Z, A, dZ and dA[l-1] of every
    layer (n x m each); W, b, their starting copy and dW, db."""
    total = dims[0] * m + dims[-1] * m
    for n_prev, n in zip(dims, dims[1:], strict=False):
        total += 3 * n * m + n_prev * m + 3 * (n * n_prev + n)
    return total


def check_entries(where: str, entries: int, what: str) -> None:
    """Refuse an explorer that would compute and draw more than ``MAX_ENTRIES`` numbers, before it allocates any."""
    check_budget(entries, what, where)  # the package's memory limit for one call (1 GiB), as every function
    if entries > MAX_ENTRIES:
        raise InputError(
            f"{where}: {what} would compute and draw {entries:,} numbers; an explorer draws at most "
            f"{MAX_ENTRIES:,} (every move recomputes and redraws them). Ask for fewer units or examples"
        )


# ----------------------------------------------------------------------------------- the widgets an explorer owns


def widget_registry() -> dict:
    """ipywidgets' registry of live widgets (model id -> widget): ``widget._instances`` in ipywidgets 8,
    ``Widget.widgets`` in 7. A widget stays in it, and in memory, until it is closed."""
    from ipywidgets.widgets import widget as module

    registry = getattr(module, "_instances", None)
    return registry if isinstance(registry, dict) else module.Widget.widgets


@contextlib.contextmanager
def collecting(into: list) -> Iterator[None]:
    """Append to ``into`` every widget made inside the block (what ``close()`` closes), also when it fails."""
    registry = widget_registry()
    before = set(registry)
    try:
        yield
    finally:
        into.extend(w for k, w in list(registry.items()) if k not in before)


def close_widgets(widgets: list) -> None:
    """Close every widget (its comm, its place in the registry) and drop its observers."""
    for w in widgets:
        with contextlib.suppress(Exception):
            w.unobserve_all()
        with contextlib.suppress(Exception):
            w.close()
    widgets.clear()


# An explorer built by a cell closes the explorers the same cell built at its earlier runs: running a cell
# again replaces its output, and without this every rerun would leave its old widgets in the registry.
_BY_CELL: dict[str, tuple[str, list]] = {}


def executing_cell() -> tuple[str, str] | None:
    """(cell id, message id) of the cell the kernel is executing, or None (no kernel, no cell id, a callback)."""
    try:
        from IPython import get_ipython

        kernel = getattr(get_ipython(), "kernel", None)
        parent = kernel.get_parent("shell") if kernel is not None else None
        if not isinstance(parent, dict) or parent.get("msg_type", parent.get("header", {}).get("msg_type")) not in (
            "execute_request",
            None,
        ):
            return None
        cell = (parent.get("metadata") or {}).get("cellId")
        msg = (parent.get("header") or {}).get("msg_id")
    except Exception:
        return None
    return (cell, msg) if isinstance(cell, str) and isinstance(msg, str) else None


def replace_in_cell(view: object, where: tuple[str, str] | None) -> None:
    """Remember ``view`` as built by the cell ``where``; close what an earlier run of that cell built."""
    if where is None:
        return
    cell, msg = where
    run, views = _BY_CELL.get(cell, (None, []))
    if run != msg:
        for ref in views:
            old = ref()
            if old is not None and old is not view:
                old.close()
        views = []
    views.append(weakref.ref(view))
    _BY_CELL[cell] = (msg, views)


def check_index(where: str, what: str, i: object, j: object, shape: tuple[int, int]) -> tuple[int, int]:
    """``(i, j)`` as ints after checking they are integers inside ``shape`` (numpy integers welcome)."""
    r, c = shape
    if not (is_int(i) and is_int(j) and 0 <= i < r and 0 <= j < c):
        raise InputError(
            f"{where}: {what}[{clip(i, 20)}, {clip(j, 20)}] is outside {what}, which is ({r}, {c}): "
            f"rows 0..{r - 1}, columns 0..{c - 1}, as integers"
        )
    return int(i), int(j)
