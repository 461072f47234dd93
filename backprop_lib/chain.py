"""The chain rule on a graph of numbers: lesson 02's opening, before any matrix.

A :class:`Graph` is a list of operations in the order they are computed, each after the values it reads (a
*topological order*). There are three operations, the three gate patterns of backprop:

* ``add``, q = a + b: ∂q/∂a = ∂q/∂b = 1. Each input gets the arriving gradient unchanged: add *distributes*.
* ``mul``, q = a · b: ∂q/∂a = b and ∂q/∂b = a. Each input gets the gradient times the *other* value: multiply
  *swaps*.
* ``max``, q = max(a, b): the larger input gets all of the gradient and the other none: max *routes*. On a tie
  the first input counts as the larger.

:meth:`Graph.backward` walks the operations in reverse order. Each passes its share, the gradient arriving at
it times its local derivative, to each of its inputs, and the input *adds* it (``+=``): a value used twice gets
the sum of both shares. That sum is the multivariable chain rule,

    ∂f/∂x = Σ over the nodes u that read x of  ∂f/∂u · ∂u/∂x,

and the walk's order makes sure every share has arrived at a node before the node passes its own gradient on.
:meth:`Graph.walk` lists the shares one by one, as the lesson's explorer shows them.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from . import _validate
from ._validate import InputError, Refused

SYMBOL = {"add": "+", "mul": "·"}
LOCAL = {  # op -> the local derivative with respect to input k, in words, given the inputs' names (a, b)
    "add": lambda a, b, k: "1",
    "mul": lambda a, b, k: (b, a)[k],
    "max": lambda a, b, k: f"1 if {(a, b)[k]} is the larger, else 0",
}
PATTERN = {"add": "add distributes", "mul": "multiply swaps", "max": "max routes"}


@dataclass(frozen=True)
class Op:
    """``out = op(a, b)``: one node of the graph, computed from two earlier ones."""

    out: str
    op: str  # "add", "mul" or "max"
    a: str
    b: str

    @property
    def inputs(self) -> tuple[str, str]:
        return (self.a, self.b)

    @property
    def text(self) -> str:
        """``u = x · y``, ``v = max(u, z)``: the node as the lesson writes it."""
        if self.op == "max":
            return f"{self.out} = max({self.a}, {self.b})"
        return f"{self.out} = {self.a} {SYMBOL[self.op]} {self.b}"


@dataclass(frozen=True)
class Share:
    """One share of the walk: ``node`` passes ``upstream · local`` to its input ``to``."""

    node: Op
    k: int  # which input of node: 0 or 1
    upstream: float  # d(node), the gradient arriving at the node
    local: float  # ∂node/∂to, its local derivative

    @property
    def to(self) -> str:
        return self.node.inputs[self.k]

    @property
    def value(self) -> float:
        return self.upstream * self.local


class Graph:
    """A graph of numbers: ``inputs`` (the leaves), then ``ops`` in a topological order; the last is f."""

    def __init__(self, title: str, inputs: Sequence[str], ops: Sequence[tuple[str, str, str, str]]):
        self.title = title
        self.inputs = tuple(inputs)
        self.ops = tuple(Op(*op) for op in ops)
        known: set[str] = set()
        for name in self.inputs:
            if not name.isidentifier() or name in known:
                raise InputError(f"Graph {title!r}: input {name!r} is not a new name")
            known.add(name)
        for op in self.ops:
            if op.op not in LOCAL:
                raise InputError(f"Graph {title!r}: {op.out} uses {op.op!r}; the operations are add, mul and max")
            missing = [v for v in op.inputs if v not in known]
            if missing:
                raise InputError(f"Graph {title!r}: {op.text} reads {missing[0]} before it is computed")
            if op.out in known or not op.out.isidentifier():
                raise InputError(f"Graph {title!r}: {op.out!r} is not a new name")
            known.add(op.out)
        if not self.ops:
            raise InputError(f"Graph {title!r}: at least one operation")

    @property
    def output(self) -> str:
        return self.ops[-1].out

    @property
    def names(self) -> tuple[str, ...]:
        return self.inputs + tuple(op.out for op in self.ops)

    def op(self, name: str) -> Op | None:
        """The operation that computes ``name`` (None for an input)."""
        return next((op for op in self.ops if op.out == name), None)

    def users(self, name: str) -> list[tuple[Op, int]]:
        """Every (node, k) whose input k is ``name``: one per use (x · x uses x twice)."""
        return [(op, k) for op in self.ops for k, v in enumerate(op.inputs) if v == name]

    # ------------------------------------------------------------------ forward and backward
    def values(self, given: Mapping[str, object]) -> dict[str, float]:
        """Every node's value, from the inputs' values (finite numbers)."""
        if set(given) != set(self.inputs):
            raise InputError(f"{self.title}: give a number for each of {', '.join(self.inputs)}; got {sorted(given)}")
        v: dict[str, float] = {}
        for name in self.inputs:
            x = given[name]
            if isinstance(x, bool) or not isinstance(x, (int, float)) or not math.isfinite(x):
                raise InputError(f"{self.title}: {name} = {x!r}; a finite number")
            v[name] = float(x)
        for op in self.ops:
            a, b = v[op.a], v[op.b]
            v[op.out] = a + b if op.op == "add" else a * b if op.op == "mul" else max(a, b)
        return v

    def local(self, op: Op, k: int, v: Mapping[str, float]) -> float:
        """∂op/∂(its input k), at the values ``v``."""
        a, b = v[op.a], v[op.b]
        if op.op == "add":
            return 1.0
        if op.op == "mul":
            return b if k == 0 else a
        return float((a >= b) if k == 0 else (b > a))

    def walk(self, given: Mapping[str, object]) -> list[Share]:
        """The shares in the order backward passes them: the nodes from f down, each node's inputs in order."""
        _refuse()
        v = self.values(given)
        grad = dict.fromkeys(self.names, 0.0)
        grad[self.output] = 1.0
        shares = []
        for op in reversed(self.ops):
            for k in (0, 1):
                share = Share(op, k, grad[op.out], self.local(op, k, v))
                grad[share.to] += share.value
                shares.append(share)
        return shares

    def backward(self, given: Mapping[str, object]) -> dict[str, float]:
        """df/d(every node): df/df = 1, then each node, from f down, adds its shares to its inputs."""
        _refuse()
        grad = dict.fromkeys(self.names, 0.0)
        grad[self.output] = 1.0
        for share in self.walk(given):
            grad[share.to] += share.value
        return grad

    def numerical(self, given: Mapping[str, object], eps: float = 1e-6) -> dict[str, float]:
        """df/d(each input) by central differences: (f(x + eps) - f(x - eps)) / (2 eps)."""
        _refuse()
        v = self.values(given)
        out = {}
        for name in self.inputs:
            up, down = dict(v), dict(v)
            up[name] += eps
            down[name] -= eps
            f_up = self.values({k: up[k] for k in self.inputs})[self.output]
            f_down = self.values({k: down[k] for k in self.inputs})[self.output]
            out[name] = (f_up - f_down) / (2 * eps)
        return out

    def __repr__(self) -> str:
        return f"Graph({self.title}: " + "; ".join(op.text for op in self.ops) + ")"


def _refuse() -> None:
    """While the exercise's checker runs the learner's function, the graph's own gradients are refused."""
    if _validate.REFUSE and "graph_backward" in _validate.REFUSE:
        raise Refused(_validate.REFUSE["graph_backward"])


GRAPHS = {  # the lesson's graphs: title -> (graph, the inputs' starting values)
    "f = (x + y) z": (Graph("f = (x + y) z", "xyz", [("q", "add", "x", "y"), ("f", "mul", "q", "z")]),
                      {"x": 1.0, "y": 2.0, "z": -3.0}),
    "f = x y + max(z, w)": (Graph("f = x y + max(z, w)", "xyzw",
                                  [("p", "mul", "x", "y"), ("r", "max", "z", "w"), ("f", "add", "p", "r")]),
                            {"x": 2.0, "y": -1.0, "z": 3.0, "w": 1.0}),
    "f = (x + y) x": (Graph("f = (x + y) x", "xy", [("q", "add", "x", "y"), ("f", "mul", "q", "x")]),
                      {"x": 3.0, "y": -1.0}),
}  # fmt: skip

# the exercise's graph: x and y are each used twice, and max routes
EXERCISE = Graph(
    "f = (max(x y, z) + x) y",
    "xyz",
    [("u", "mul", "x", "y"), ("v", "max", "u", "z"), ("s", "add", "v", "x"), ("f", "mul", "s", "y")],
)
