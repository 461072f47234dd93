"""Input checks that fail with a message in the lessons' notation.

Every check here raises :class:`ShapeError` or :class:`InputError` (both are
``ValueError``) naming the formula that would have broken and the shapes
involved, so a learner never sees a numpy traceback from deep inside.
"""

from __future__ import annotations

import functools
import inspect
import math
from collections.abc import Sequence

import numpy as np


class InputError(ValueError):
    """Bad input to a backprop_lib function (NaN, wrong labels, unknown name...)."""


class ShapeError(InputError):
    """Two arrays whose shapes do not fit the formula they meet in."""


class Refused(InputError):
    """A library call refused while an exercise's checker runs the learner's function: it would compute the
    exercise's answer (or a step the exercise asks to write out, such as a loop)."""


def shape_str(a: object = None, *, shape: Sequence[int] | None = None) -> str:
    """``(4, 3)`` for an array (or for ``shape=(4, 3)``), ``(4,)`` for 1-D, ``'a list'`` for what has no shape.

    The one place that writes a shape as text: messages, tables and captions all call it.
    """
    if shape is None:
        shape = getattr(a, "shape", None)
        if shape is None:
            return f"a {type(a).__name__}"
    shape = tuple(shape)
    return "(" + ", ".join(str(s) for s in shape) + ")" if len(shape) != 1 else f"({shape[0]},)"


def is_int(n: object) -> bool:
    """True for a Python or numpy integer (not a bool, not a float with a whole value)."""
    return isinstance(n, (int, np.integer)) and not isinstance(n, (bool, np.bool_))


def check_int(n: object, name: str, low: int, what: str) -> int:
    """``n`` as an int after checking it is an integer >= ``low``; ``what`` says what it counts."""
    if not is_int(n) or n < low:
        raise InputError(f"{name} = {n!r}: {what} must be an integer >= {low}")
    return int(n)


def check_seed(seed: object, where: str) -> int | None:
    """A seed for ``np.random.default_rng``: None or an integer >= 0."""
    if seed is not None and (not is_int(seed) or seed < 0):
        raise InputError(
            f"{where}: seed = {seed!r}; a seed is a whole number >= 0 (the same seed gives the same numbers) or None"
        )
    return None if seed is None else int(seed)


def check_number(x: object, name: str, formula: str, positive: bool = False) -> float:
    """``x`` as a finite float (a Python or numpy number, or a 0-d/size-1 array is not accepted: one number)."""
    ok = isinstance(x, (int, float, np.integer, np.floating)) and not isinstance(x, (bool, np.bool_))
    if ok:
        try:
            v = float(x)
        except OverflowError:  # an int beyond the float range
            v = math.inf
        ok = math.isfinite(v) and (v > 0 or not positive)
    if not ok:
        need = "a finite number > 0" if positive else "a finite number"
        got = f"{x!r}" if not isinstance(x, np.ndarray) else f"an array {shape_str(x)}"
        raise InputError(f"{formula}: {name} = {got}, but it must be {need}")
    return v


def as_float_array(a: object, name: str, formula: str) -> np.ndarray:
    """``a`` as a plain floating-point ndarray: float32 and float64 kept, bool, integers and float16 as float64.

    Refused with a message: ``np.matrix`` (its ``*`` is a matrix product, so an element-wise formula would
    silently compute another one), masked arrays (their masked entries would be used as data), and anything
    that is not real numbers (complex, strings, objects, dates). Other ndarray subclasses (a memmap) become
    plain arrays.
    """
    if isinstance(a, np.matrix):
        raise InputError(
            f"{formula}: {name} is an np.matrix, whose * is a matrix product; backprop's element-wise products "
            "would silently become matrix products. Pass a plain array: np.asarray(...)"
        )
    if isinstance(a, np.ma.MaskedArray):
        raise InputError(
            f"{formula}: {name} is a masked array; its masked entries would be used as numbers. Fill them or "
            "drop those examples, and pass a plain array (np.ma.filled(...) or .compressed())"
        )
    try:
        arr = np.asarray(a)
    except Exception as exc:  # ragged lists, objects whose conversion raises
        raise InputError(f"{formula}: {name} cannot be read as an array ({type(exc).__name__}: {exc})") from None
    if type(arr) is not np.ndarray:
        arr = np.asarray(arr).view(np.ndarray)
    if arr.dtype == np.float32 or arr.dtype == np.float64:
        return arr
    if arr.dtype.kind in "biuf":  # bool, integers, float16, long double
        return arr.astype(np.float64)
    what = "complex numbers" if arr.dtype.kind == "c" else f"values of dtype {arr.dtype}"
    raise InputError(f"{formula}: {name} must hold real numbers, but it holds {what}")


# ---------------------------------------------------------------------------- budgets

MAX_BYTES = 2**30  # what one call may allocate for the arrays a caller's sizes ask for: 1 GiB


def check_budget(entries: float, what: str, formula: str, itemsize: int = 8) -> None:
    """Refuse a request for ``entries`` numbers beyond :data:`MAX_BYTES`, before anything is allocated."""
    need = float(entries) * itemsize
    if need > MAX_BYTES:
        raise InputError(
            f"{formula}: {what} would need {need / 2**30:,.1f} GiB of memory ({float(entries):,.0f} numbers); "
            f"the limit is {MAX_BYTES / 2**30:g} GiB. Ask for fewer units or examples"
        )


# ---------------------------------------------------------------------------- the one path of public functions

PUBLIC: list = []  # every function declared with @public: tests/test_fuzz.py draws hostile arguments for each
# While an exercise's checker runs the learner's function: the public functions that would compute the answer,
# each with the sentence it refuses with (the exercise is the formula, not a call to it). Empty otherwise.
REFUSE: dict[str, str] = {}


def public(formula: str, same_shape: Sequence[tuple[str, str]] = (), two_d: Sequence[str] = (), **arrays: str):
    """Declare a public function's array arguments: ``name=label`` (the label in the lessons' notation).

    Before the function runs, each such argument goes through :func:`as_float_array` (np.matrix, masked,
    complex and object arrays refused; lists, bools and integers converted) and :func:`check_finite` (no NaN,
    no inf), each name in ``two_d`` must be a 2-D (n, m) array, and each pair in ``same_shape``
    must have one shape: two arrays that meet entry by entry are never broadcast into each other. The message
    names ``formula``. Plain finite float32/float64 arrays pass in about a microsecond.
    """

    def wrap(fn):
        sig = inspect.signature(fn)
        names = list(sig.parameters)
        fast = [names.index(a) for a in arrays]  # positions, for the fast path
        optional = {a for a in arrays if sig.parameters[a].default is None}
        pairs = [(a, b, arrays.get(a, a), arrays.get(b, b)) for a, b in same_shape]

        @functools.wraps(fn)
        def checked(*args, **kwargs):
            if REFUSE and fn.__name__ in REFUSE:
                raise Refused(REFUSE[fn.__name__])
            if not kwargs and len(args) > max(fast, default=-1) and not pairs and not two_d:
                if all(
                    type(args[i]) is np.ndarray and args[i].dtype.char in "fd" and all_finite(args[i]) for i in fast
                ):
                    return fn(*args)
            try:
                bound = sig.bind(*args, **kwargs)
            except TypeError as exc:
                raise InputError(f"{formula}: {exc}") from None
            given = bound.arguments
            for arg, label in arrays.items():
                if given.get(arg) is None:
                    if arg in optional:
                        continue
                    raise InputError(f"{formula}: {label} is {given.get(arg)!r}; give it an array")
                given[arg] = as_float_array(given[arg], label, formula)
                check_finite(given[arg], label, formula)
                if arg in two_d:
                    check_2d(given[arg], label, formula, "(n, m): one row per unit, one column per example")
            for a, b, la, lb in pairs:
                if given.get(a) is not None and given.get(b) is not None and given[a].shape != given[b].shape:
                    raise ShapeError(
                        f"{formula}: {la} is {shape_str(given[a])} but {lb} is {shape_str(given[b])}; they meet entry "
                        "by entry, so they must have the same shape (numpy would broadcast them into a wrong result)"
                    )
            return fn(*bound.args, **bound.kwargs)

        checked.formula, checked.arrays = formula, dict(arrays)
        PUBLIC.append(checked)
        return checked

    return wrap


def all_finite(a: np.ndarray) -> bool:
    """True when ``a`` has no NaN and no inf.

    A small array is checked entry by entry (``np.isfinite``: about a microsecond). For a large one,
    the sum of its squares (one BLAS dot product of ``a`` with itself; a plain sum for a strided view)
    is NaN or inf whenever an element is, so a finite result proves the array finite without building
    a boolean array as large as ``a`` (about twice as fast). A result that overflows from large finite
    values (above ~1e154 in float64, ~1e19 in float32) falls back to the exact check.
    """
    if a.dtype.kind != "f":  # integers are finite; anything else: the exact check
        return a.dtype.kind in "biu" or bool(np.isfinite(a).all())
    if a.size <= SMALL:
        return bool(np.isfinite(a).all())
    with np.errstate(over="ignore", invalid="ignore"):
        if a.flags.c_contiguous or a.flags.f_contiguous:
            flat = a.ravel(order="K")  # a view, no copy
            total = np.dot(flat, flat)
        else:  # strided views: a sum, which needs no copy either
            total = np.add.reduce(a, axis=None)
        if np.isfinite(total):
            return True
    return bool(np.isfinite(a).all())


SMALL = 4096  # entries: below this, np.isfinite is as fast as the dot product and needs no error state


def finite_quiet(a: np.ndarray) -> bool:
    """:func:`all_finite` of a contiguous float array, for callers already inside
    ``np.errstate(over="ignore", invalid="ignore")`` (a training loop: half a microsecond, no error state of its own).
    """
    flat = a.ravel()
    return math.isfinite(np.dot(flat, flat)) or bool(np.isfinite(a).all())


def check_finite(a: np.ndarray, name: str, formula: str) -> None:
    if not all_finite(a):
        bad = ~np.isfinite(a)
        idx = tuple(int(i) for i in np.argwhere(bad)[0])
        kinds = []
        if np.isnan(a).any():
            kinds.append("NaN")
        if np.isinf(a).any():
            kinds.append("inf")
        raise InputError(
            f"{formula}: {name} {shape_str(a)} contains {' and '.join(kinds)} "
            f"({int(bad.sum())} of {a.size} entries, the first at index {idx}); "
            "backprop on it would only spread NaN through every gradient"
        )


def check_2d(a: np.ndarray, name: str, formula: str, expected: str) -> None:
    if a.ndim != 2:
        hint = ""
        if a.ndim == 1:
            hint = " (a 1-D array: reshape it to a column with .reshape(-1, 1) or a row with .reshape(1, -1))"
        raise ShapeError(f"{formula}: {name} must be 2-D {expected}, but it is {shape_str(a)}{hint}")
