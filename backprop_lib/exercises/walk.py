"""Lesson 02's exercise on a graph of numbers: the learner's ``graph_backward(x, y, z)``, judged by a search.

The learner writes the backward walk of :data:`backprop_lib.chain.EXERCISE` by hand and returns (dx, dy, dz).
The ways to miswrite a walk are not listed here: they are derived from the graph. For each operation and each of
its inputs the share can be miswritten as its kind of gate invites (a product not swapped, or passing the
gradient unchanged; a sum multiplied by the other term; max routing to both inputs, or to the smaller); any share
can lose the gradient arriving at its node; a value read twice can keep one share only (``=`` where ``+=``
belongs); the walk can start from the value of f instead of df/df = 1; and the answers can come back with a
sign flipped or in another order. The judge runs the learner's function at a few points (max routing both ways),
and names the mistake, or the pair of mistakes, whose numbers are the learner's. Where none is, it names, per
wrong gradient, a mistake that explains that one, or writes out its shares.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass

import numpy as _np

from ..chain import EXERCISE, Graph, Op
from . import sandbox
from .checker import Feedback, failed

POINTS = (  # max(u, z) routes to z at the first and third, to u at the second and fourth; no ties, no zeros
    {"x": 1.25, "y": -2.5, "z": 0.75},
    {"x": -1.5, "y": 0.75, "z": -2.25},
    {"x": 2.25, "y": 1.5, "z": 4.5},
    {"x": -0.5, "y": -3.25, "z": 1.0},
)
RTOL = 1e-12  # the chain rule in floats is exact to rounding; finite differences are not


@dataclass(frozen=True)
class Mistake:
    """One way to miswrite the walk: its id, what it did in the lesson's words, and how it changes the walk."""

    id: str
    words: str
    share: Callable[[Op, int, float, float, dict], float | None] | None = None  # -> a wrong share, or None
    keep: tuple[str, str, int] | None = None  # (a value read twice, the reader whose share it keeps, which input)
    seed: str = "one"  # "one": df/df = 1; "value": the walk starts from f's value
    after: Callable[[tuple], tuple] | None = None  # a change to (dx, dy, dz) as returned
    combine: str = "sum"  # how the shares of keep[0] meet: "sum", or "product"
    forward: bool = False  # the walk goes up from the inputs, in the order the forward pass computed


def _edge_mistakes(g: Graph) -> list[Mistake]:
    out: list[Mistake] = []
    for op in reversed(g.ops):  # in the order the walk meets them
        for k, x in enumerate(op.inputs):
            other = op.inputs[1 - k]

            def at(o=op, kk=k):  # a share function for this edge only
                return lambda fn: lambda op_, k_, up, loc, v: fn(up, loc, v) if (op_, k_) == (o, kk) else None

            edge = at()
            if op.op == "mul":
                out.append(Mistake(
                    f"{op.out}:own:{x}",
                    f"in {op.text}, the share to {x} must be d{op.out} times the OTHER factor, {other} (multiply "
                    f"swaps: ∂{op.out}/∂{x} = {other}); yours multiplies by {x} itself",
                    edge(lambda up, loc, v, x=x: up * v[x]),
                ))  # fmt: skip
                for w in g.names:
                    if w not in (x, other) and w != op.out:
                        out.append(Mistake(
                            f"{op.out}:{w}-for-{other}:{x}",
                            f"in {op.text}, the share to {x} is d{op.out} times the other factor, {other}; yours "
                            f"multiplies by {w}",
                            edge(lambda up, loc, v, w=w: up * v[w]),
                        ))  # fmt: skip
                out.append(Mistake(
                    f"{op.out}:unchanged:{x}",
                    f"in {op.text}, you passed d{op.out} to {x} unchanged, as a sum would; a product multiplies it by "
                    f"the other factor: d{x} += d{op.out} * {other}",
                    edge(lambda up, loc, v: up),
                ))  # fmt: skip
            elif op.op == "add":
                out.append(Mistake(
                    f"{op.out}:times-other:{x}",
                    f"{op.text} is a sum: each input gets d{op.out} unchanged (∂{op.out}/∂{x} = 1, add distributes); "
                    f"yours multiplies it by {other}",
                    edge(lambda up, loc, v, o=other: up * v[o]),
                ))  # fmt: skip
            out.append(Mistake(
                f"{op.out}:no-upstream:{x}",
                f"your share from {op.text} to {x} is the local derivative ∂{op.out}/∂{x} alone: multiply it by the "
                f"gradient arriving at {op.out}, d{x} += d{op.out} * ∂{op.out}/∂{x}",
                edge(lambda up, loc, v: loc),
            ))  # fmt: skip
        out.append(Mistake(
            f"{op.out}:no-upstream",
            f"the shares {op.text} passes down are its local derivatives alone: multiply each by the gradient "
            f"arriving at {op.out}, d{op.out}",
            lambda op_, k_, up, loc, v, o=op: loc if op_ == o else None,
        ))  # fmt: skip
        out.append(Mistake(
            f"{op.out}:value-not-grad",
            f"{op.text} passed its value, {op.out}, down where its gradient d{op.out} belongs: each share is "
            f"d{op.out} times the local derivative",
            lambda op_, k_, up, loc, v, o=op: v[o.out] * loc if op_ == o else None,
        ))  # fmt: skip
        if op.op == "max":
            a, b = op.inputs
            out.append(Mistake(
                f"{op.out}:max-both",
                f"max routes: in {op.text} only the larger of {a} and {b} gets d{op.out}, the other gets 0; yours "
                f"passes d{op.out} to both",
                lambda op_, k_, up, loc, v, o=op: up if op_ == o else None,
            ))  # fmt: skip
            for rule, words, gate in (
                ("max-first", f"always to {a}, the first input", lambda k_, loc: float(k_ == 0)),
                ("max-second", f"always to {b}, the second input", lambda k_, loc: float(k_ == 1)),
                ("max-half", "half to each input", lambda k_, loc: 0.5),
                ("max-vs-0", "to each input that is above 0, as ReLU's max(0, z) would", lambda k_, loc, o=op: None),
            ):
                out.append(Mistake(
                    f"{op.out}:{rule}",
                    f"max routes: in {op.text} all of d{op.out} goes to the larger of {a} and {b}, the other gets 0; "
                    f"yours goes {words}",
                    _max_rule(op, gate) if rule != "max-vs-0" else
                    (lambda op_, k_, up, loc, v, o=op: up * float(v[o.inputs[k_]] > 0) if op_ == o else None),
                ))  # fmt: skip
            out.append(Mistake(
                f"{op.out}:max-smaller",
                f"in {op.text} the gradient goes to the LARGER input; yours goes to the smaller (is the comparison "
                "the wrong way round?)",
                lambda op_, k_, up, loc, v, o=op: up * (1 - loc) if op_ == o else None,
            ))  # fmt: skip
    return out


def _max_rule(op: Op, gate: Callable) -> Callable:
    return lambda op_, k_, up, loc, v: up * gate(k_, loc) if op_ == op else None


def _keep_mistakes(g: Graph) -> list[Mistake]:
    out = []
    for name in g.names:
        users = g.users(name)
        if len(users) < 2:
            continue
        readers = " and ".join(u.text for u, _ in users)
        full = " + ".join(f"d{u.out} * ∂{u.out}/∂{name}" for u, _ in users)
        for user, k in users:
            out.append(Mistake(
                f"{name}:one-share:{user.out}",
                f"{name} is read twice, by {readers}; your d{name} holds only its share through {user.text}. A value "
                f"read twice adds both shares: d{name} = {full} (= where += belongs?)",
                keep=(name, user.out, k),
            ))  # fmt: skip
        out.append(Mistake(
            f"{name}:shares-multiplied",
            f"{name} is read twice, by {readers}: its two shares are ADDED, d{name} = {full}; yours multiplies them",
            combine="product", keep=(name, "", -1),
        ))  # fmt: skip
    return out


def mistakes(g: Graph) -> list[Mistake]:
    """Every single mistake the judge tries on ``g``, in the order it prefers them when two give the same
    numbers."""
    names = [f"d{x}" for x in g.inputs]
    out = _keep_mistakes(g)
    out.append(Mistake("walk-forward", f"the walk goes from {g.output} DOWN to the inputs, in the reverse of the "
                       "order the forward pass computed; yours goes up, so each node passes on its gradient before its "
                       "shares have arrived", forward=True))  # fmt: skip
    out.append(Mistake("seed-value", f"the walk starts from df/df = 1, not from the value of {g.output}",
                       seed="value"))  # fmt: skip
    out += _edge_mistakes(g)
    for i, n in enumerate(names):
        out.append(Mistake(f"sign:{n}", f"{n} has the wrong sign: check the signs in its shares",
                           after=lambda t, i=i: tuple(-v if j == i else v for j, v in enumerate(t))))  # fmt: skip
    for perm in itertools.permutations(range(len(names))):
        if perm != tuple(range(len(names))):
            said = ", ".join(names[p] for p in perm)
            out.append(Mistake(
                "order:" + ",".join(names[p] for p in perm),
                f"the right numbers in another order: return {', '.join(names)} (yours are {said})",
                after=lambda t, perm=perm: tuple(t[p] for p in perm),
            ))  # fmt: skip
    return out


def run(g: Graph, given: dict, changes: tuple[Mistake, ...] = ()) -> tuple[float, ...]:
    """(d of each input) from the walk on ``g`` at ``given``, written with ``changes``, as the learner returns it."""
    grad = _walk(g, given, changes)
    out = tuple(grad[x] for x in g.inputs)
    for c in changes:
        if c.after is not None:
            out = c.after(out)
    return out


def _walk(g: Graph, given: dict, changes: tuple[Mistake, ...] = ()) -> dict[str, float]:
    """Every node's gradient from the walk written with ``changes`` (here, not the library's Graph.backward, which
    is refused while the learner's function runs)."""
    v = g.values(given)
    grad = dict.fromkeys(g.names, 0.0)
    grad[g.output] = v[g.output] if any(c.seed == "value" for c in changes) else 1.0
    keeps = {c.keep[0]: c.keep[1:] for c in changes if c.keep and c.combine == "sum"}
    products = {c.keep[0] for c in changes if c.combine == "product"}
    got: dict[str, list[float]] = {}
    for op in g.ops if any(c.forward for c in changes) else reversed(g.ops):
        for k, x in enumerate(op.inputs):
            up, loc = grad[op.out], g.local(op, k, v)
            share = up * loc
            for c in changes:
                if c.share is not None:
                    changed = c.share(op, k, up, loc, v)
                    share = share if changed is None else changed
            if x in keeps and keeps[x] != (op.out, k):
                continue  # this share was overwritten by the one kept
            if x in products:
                got.setdefault(x, []).append(share)
                grad[x] = float(_np.prod(got[x]))
                continue
            grad[x] += share
    return grad


def _same(a: tuple, b: tuple) -> bool:
    return _np.allclose(a, b, rtol=RTOL, atol=1e-12)


def diagnose(g: Graph, got: list[tuple]) -> tuple[list[str], tuple[str, ...]]:
    """(lines, mistake ids) for answers ``got`` at :data:`POINTS` that are not the right ones."""
    singles = mistakes(g)
    found = [m for m in singles if all(_same(run(g, p, (m,)), y) for p, y in zip(POINTS, got, strict=True))]
    if found:
        lines = [found[0].words]
        if len(found) > 1:
            lines.append(f"(another slip gives the same numbers: {found[1].words})")
        return lines, tuple(m.id for m in found[:2])
    for m1, m2 in itertools.combinations(singles, 2):
        if all(_same(run(g, p, (m1, m2)), y) for p, y in zip(POINTS, got, strict=True)):
            return [f"two mistakes: {m1.words}", f"and {m2.words}"], (m1.id, m2.id)
    right = [run(g, p) for p in POINTS]
    lines, ids = [], []
    for i, x in enumerate(g.inputs):
        if all(_np.isclose(y[i], r[i], rtol=RTOL, atol=1e-12) for y, r in zip(got, right, strict=True)):
            continue
        mine = [y[i] for y in got]
        for m in singles:
            if m.after is None and all(
                _np.isclose(run(g, p, (m,))[i], v, rtol=RTOL, atol=1e-12) for p, v in zip(POINTS, mine, strict=True)
            ):
                lines.append(f"d{x}: {m.words}")
                ids.append(m.id)
                break
        else:
            lines.append(_shares(g, x, mine[0], right[0][i]))
            ids.append(f"d{x}:differs")
    return lines, tuple(ids)


def _shares(g: Graph, x: str, mine: float, right: float) -> str:
    """d{x} written out at the first point, share by share: what the walk adds up."""
    p = POINTS[0]
    v, grad = g.values(p), _walk(g, p)
    parts = []
    for user, k in g.users(x):
        parts.append(f"through {user.text}: d{user.out} * ∂{user.out}/∂{x} = {grad[user.out]:.4g} * "
                     f"{g.local(user, k, v):.4g}")  # fmt: skip
    at = ", ".join(f"{k} = {val:g}" for k, val in p.items())
    return f"d{x} at {at} is {right:.6g}, yours {mine:.6g}; d{x} adds one share per use of {x}: " + "; ".join(parts)


def _read(value: object, n: int) -> tuple[float, ...] | str:
    """The learner's (dx, dy, dz) as floats, or what is wrong with what came back."""
    want = "return dx, dy, dz: three numbers"
    if value is None:
        return f"your function returned None: did you forget the `return` line? {want}"
    if not isinstance(value, (tuple, list)) or len(value) != n:
        size = f" of {len(value)}" if isinstance(value, (tuple, list)) else ""
        return f"your function returned a {type(value).__name__}{size}: {want}"
    out = []
    for name, v in zip(("dx", "dy", "dz"), value, strict=True):
        if _np.ndim(v) != 0 or isinstance(v, (bool, str)) or not _np.isreal(v):
            return f"{name} is a {type(v).__name__}, not one number: {want}"
        f = float(v)
        if not _np.isfinite(f):
            return f"{name} = {f}: not a finite number"
        out.append(f)
    return tuple(out)


def judge(ex, fn: Callable) -> Feedback:
    """Run the learner's ``graph_backward`` at each point; pass it when it is the walk's answer, else name the
    mistake (or pair) that gives its numbers."""
    g, title, got = EXERCISE, ex.title, []
    for p in POINTS:
        run_ = sandbox.call(fn, dict(p), ex.refuse)
        stopped = failed(title, run_, f"your function was still running after {sandbox.TIME_LIMIT:g} s")
        if stopped is not None:
            return stopped
        read = _read(run_.value, len(g.inputs))
        if isinstance(read, str):
            return Feedback(title, False, [read], mistakes=("returned",))
        got.append(read)
    right = [run(g, p) for p in POINTS]
    if all(_same(y, r) for y, r in zip(got, right, strict=True)):
        return Feedback(title, True, [ex.passed])
    if all(_np.allclose(y, r, rtol=1e-5, atol=1e-7) for y, r in zip(got, right, strict=True)):
        return Feedback(
            title,
            False,
            [
                "your numbers are close to the right ones but not equal, as finite differences give: the exercise "
                "is the chain rule, walked by hand, which is exact"
            ],
            mistakes=("numerical",),
        )
    lines, ids = diagnose(g, got)
    return Feedback(title, False, lines, mistakes=ids)
