"""Diagnosis by search: the wrong program that reproduces the learner's numbers, on every case they ran.

:func:`diagnose` tries the explicit mistakes of an exercise first (what the search cannot derive), then every
single mutant of the right program (:func:`.program.mutants`), then pairs of mutants: one that reproduces the
learner's first wrong output, plus any other. It names the fewest mistakes that explain everything the learner
returned. When nothing fits, it says which output is the first wrong one, in the order the lesson computes
them, and what is wrong about it (:func:`describe`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import numpy as _np

from .program import Change, Mutant, Program, mutants

_isclose, _asarray, _isfinite, _vdot, _errstate = _np.isclose, _np.asarray, _np.isfinite, _np.vdot, _np.errstate
RTOL, ATOL = 1e-7, 1e-10
PAIR_BUDGET = 30_000  # program runs, at most, when looking for two mistakes at once


def close(a: object, b: object) -> bool:
    """Equal to rounding: the same shape, every entry within 1e-7 relative (numpy as it was at import)."""
    if a is None or b is None:
        return False
    try:
        a, b = _asarray(a, dtype=float), _asarray(b, dtype=float)
    except (TypeError, ValueError):
        return False
    return a.shape == b.shape and bool(_isclose(a, b, rtol=RTOL, atol=ATOL, equal_nan=True).all())


@dataclass(frozen=True)
class Explicit:
    """A mistake the search cannot derive: its id, its words, and the outputs it gives on a case."""

    id: str
    words: str
    value: Callable[[Mapping[str, object]], Mapping[str, object]]


@dataclass
class Diagnosis:
    changes: tuple[Change, ...]  # empty when nothing was found
    first_wrong: str  # the first output (in the lesson's order) that differs


def diagnose(
    right: Sequence[Program],
    envs: Sequence[Mapping[str, object]],
    got: Sequence[Mapping[str, object]],
    outputs: Sequence[str],
    labels: Mapping[str, str],
    sizes: Sequence[str] = (),
    explicit: Sequence[Explicit] = (),
    loops: Sequence[Sequence[tuple[tuple[Change, ...], Program]]] = (),
) -> Diagnosis:
    """Name the mistakes behind ``got`` (the learner's outputs on each case), given each case's right program
    (and, in ``loops``, each case's right formulas run through a loop written wrong, in one order for all)."""
    truth = [p.run(e) for p, e in zip(right, envs, strict=True)]
    wrong = [k for k in outputs if any(not close(g.get(k), t[k]) for g, t in zip(got, truth, strict=True) if k in g)]
    first = wrong[0] if wrong else ""

    def fits(values: Sequence[Mapping[str, object] | None], keys: Sequence[str] = outputs) -> bool:
        return all(
            v is not None and all(close(g[k], v.get(k)) for k in keys if k in g)
            for g, v in zip(got, values, strict=True)
        )

    for mistake in explicit:
        values = []
        for e, t in zip(envs, truth, strict=True):
            try:
                with _errstate(all="ignore"):
                    values.append({**t, **mistake.value(e)})
            except Exception:
                values.append(None)
        if fits(values):
            return Diagnosis((Change(mistake.id, mistake.words),), first)
    singles = mutants(right[0], labels, sizes)
    runs: list[list] = []
    found: list[Mutant] = []
    # all zeros: an operand swap that cancels (x - x) explains any zeros, so only other changes may name them
    zeros = bool(first) and all(not _np.any(g[first]) for g in got if first in g)
    swap = lambda mu: zeros and any("->" in c.id for c in mu.changes)  # noqa: E731
    for mu in singles:
        values = [mu.program(p).run(e) for p, e in zip(right, envs, strict=True)]
        runs.append(values)
        if fits(values) and not swap(mu):
            found.append(mu)
    if found:
        return Diagnosis(_best(found).changes, first)
    # the formulas right, the loop around them written wrong (the fewest mistakes first)
    if loops and len({len(v) for v in loops}) == 1:
        for variant in zip(*loops, strict=True):
            if fits([p.run(e, partial=True) for (_, p), e in zip(variant, envs, strict=True)]):
                return Diagnosis(variant[0][0], first)
    # two mistakes: one in the step of the first wrong output (or explaining it alone), and one more anywhere
    k_first = next((k for k, st in enumerate(right[0].steps) if st.target == first), -1)
    explains = [bool(first) and fits(values, [first]) for values in runs]
    in_step = [any(e[0] == k_first for e in mu.edits) for mu in singles]
    # those that reproduce the first wrong output come first: the likelier half of a pair
    partial = [singles[i] for i in range(len(singles)) if explains[i]]
    partial += [singles[i] for i in range(len(singles)) if first and in_step[i] and not explains[i]]
    budget = PAIR_BUDGET
    for a in partial:
        for b in singles:
            both = a + b
            if both is None or b is a:
                continue
            budget -= len(envs)
            if budget < 0:
                return Diagnosis((), first)
            if not swap(both) and fits([both.program(p).run(e) for p, e in zip(right, envs, strict=True)]):
                return Diagnosis(both.changes, first)
    return Diagnosis((), first)


def _best(found: Sequence[Mutant]) -> Mutant:
    """Of the mutants that explain the answer, the one a learner most likely wrote: a mistake inside the
    formula before one on the whole step (a flipped subtraction before a flipped sign), then the first."""
    whole = ("sign", "transposed", "times-2", "half", "ones")
    return min(found, key=lambda mu: (len(mu.changes), any(c.id.split(":")[1] in whole for c in mu.changes)))


def describe(label: str, got: object, want: _np.ndarray) -> tuple[str, str]:
    """What is wrong with one output when no mistake explains it, and its id: its shape, a factor, a sign, all
    zeros, whole numbers, or where it differs."""
    g = _asarray(got, dtype=float)
    if g.shape != want.shape:
        if g.size and g.shape == want.shape[::-1] and close(g.T, want):
            return f"{label} is transposed: it is {_shape(g)}, expected {_shape(want)}", "transposed"
        if g.ndim == 1 and 0 < g.size < want.size and close(g, want[want != 0]):
            return (
                f"{label} is a flat list of the {g.size} entries that pass, not a {_shape(want)} array: indexing with "
                "a mask (dA[Z > 0]) selects entries and flattens them; keep the shape with a product, dA * (Z > 0)",
                "mask-indexed",
            )
        if g.size == want.size and close(g.reshape(want.shape), want):
            return (
                f"{label} holds the right numbers in the wrong shape {_shape(g)}: return it as {_shape(want)} "
                "(a reshape or flatten lost the layout; columns are examples)",
                "reshaped",
            )
        return f"{label} has shape {_shape(g)}, expected {_shape(want)}", "shape"
    if not _isfinite(g).all():
        return f"{label} contains NaN or inf", "not-finite"
    if not g.any() and want.any():
        return (
            f"{label} is all zeros: nothing reached it (a loop that never ran, an array never filled, or two values "
            "that cancel, like two nudges made to one shared array)",
            "zeros",
        )
    if close(g, _np.trunc(want)) and not close(g, want):
        return (
            f"{label} holds whole numbers only: an integer array (an int input, or np.zeros(..., dtype=int)) "
            "cuts off the fractions; use float arrays",
            "integers",
        )
    if close(_np.sort(g, axis=None), _np.sort(want, axis=None)):
        return (
            f"{label} holds the right numbers in the wrong places: a reshape of a transposed array (or a loop that "
            "fills the wrong index) scrambles the entries; use .T to transpose, never reshape",
            "permuted",
        )
    for k in range(5):  # rounded for display, then returned
        if close(g, _np.round(want, k)):
            return (
                f"{label} is rounded to {k} decimals: return the full numbers (round only what you print)",
                "rounded",
            )
    if close(_np.abs(g), _np.abs(want)) and not close(g, -want):
        return f"{label} has the right sizes but some signs are lost (an abs(), or a square root of a square?)", "abs"
    offset = g - want
    if want.size > 1 and close(offset, _np.full_like(offset, offset.flat[0])):
        return (
            f"every entry of {label} is off by the same {offset.flat[0]:.4g}: something was added to all of them "
            "(an array started from np.ones instead of np.zeros, or a term that does not belong)",
            "offset",
        )
    if want.any() and g.any():
        c = float(_vdot(g, want) / _vdot(want, want))
        if close(g, c * want) and abs(c - 1) > 1e-4:  # a factor of 1.00001 is no factor a learner wrote
            if abs(c + 1) < 1e-9:
                return f"{label} has the wrong sign everywhere", "sign"
            return f"{label} is {c:.4g} times the expected value: a factor is wrong", "factor"
    bad = ~_isclose(g, want, rtol=RTOL, atol=ATOL)
    idx = [tuple(int(i) for i in ix) for ix in _np.argwhere(bad)[:3]]
    show = "; ".join(f"at {ix} yours is {g[ix]:.4f}, expected {want[ix]:.4f}" for ix in idx)
    return f"{label} differs in {int(bad.sum())} of {bad.size} entries: {show}", "differs"


def swapped(got: Mapping[str, object], truth: Mapping[str, object], outputs: Sequence[str]) -> str | None:
    """When every output is right but under another name (or in another place), say which went where."""
    names = [k for k in outputs if k in got]
    moved = {}
    for k in names:
        if close(got[k], truth[k]):
            continue
        home = [j for j in names if j != k and close(got[k], truth[j])]
        if not home:
            return None
        moved[k] = home[0]
    if not moved or set(moved.values()) != set(moved):  # a swap moves each output into another's place
        return None
    pairs = "; ".join(f"what you returned as {k} is {j}" for k, j in moved.items())
    return f"your outputs are right but swapped: {pairs}. Return them as {', '.join(names)}, in this order"


def _shape(a: _np.ndarray) -> str:
    return "(" + ", ".join(str(s) for s in a.shape) + ("," if a.ndim == 1 else "") + ")"
