"""Lesson 09's engine: a reverse-mode autograd on matrices, the answer key the checkers hold.

A :class:`Node` is what the lesson's ``Tensor`` is: a ``value`` (a numpy array), a ``grad`` of the same shape
(zeros until ``backward`` fills it), its ``parents`` (the nodes it was computed from) and ``backward_fn``, a
closure that takes the node's gradient and returns one gradient per parent, in the order of ``parents``. The
operations are the lessons' own: ``a @ b``, ``a + b`` with a column ``b`` added to every column (its gradient
summed over the examples, the sum in db), ReLU, tanh, sigmoid, and the mean cross-entropy of a sigmoid output
taken from its logits, whose gradient is ``(A[L] - Y) / m``.

:func:`backward` is the reference: the nodes in topological order (every node after the nodes it was computed
from), the root's gradient set to ones, then each node, from the root down, passes its gradient to its parents
and each parent *adds* what it receives (``+=``): a node used twice gets the sum of both paths.

:func:`judge` checks the learner's ``Tensor.backward``: it calls it on the root of each of :data:`GRAPHS` (built
from these nodes, so that only the learner's ``backward`` is judged, not their closures) and compares every
node's gradient with the reference. A backward pass as written is a walk (:data:`ORDERS`: leaves first, a
depth-first order taken before the parents, breadth-first, no record of visited nodes, recursion) with slips in
it (:data:`SLIPS`: ``=`` for ``+=``, no seed, the value passed for the gradient, the root left out of the walk);
each single mistake is in :data:`VARIANTS`, and with every two at once in :data:`CANDIDATES`. The one that gives
the learner's gradients names the mistakes, the fewest first.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as _np

from . import sandbox
from .checker import Feedback, failed


class Node:
    """A value, its gradient, the nodes it was computed from, and the closure that passes its gradient on."""

    def __init__(self, value: object, parents: tuple = (), backward_fn: Callable | None = None):
        self.value = _np.asarray(value, dtype=float)
        self.grad = _np.zeros_like(self.value)
        self.parents = parents
        self.backward_fn = backward_fn if backward_fn is not None else (lambda grad: ())

    def __matmul__(self, other: Node) -> Node:
        a, b = self.value, other.value
        return Node(a @ b, (self, other), lambda grad: (grad @ b.T, a.T @ grad))

    def __add__(self, other: Node) -> Node:
        shape = other.value.shape
        return Node(self.value + other.value, (self, other), lambda grad: (grad, unbroadcast(grad, shape)))

    def relu(self) -> Node:
        Z = self.value
        return Node(_np.maximum(Z, 0), (self,), lambda grad: (grad * (Z > 0),))

    def tanh(self) -> Node:
        A = _np.tanh(self.value)
        return Node(A, (self,), lambda grad: (grad * (1 - A**2),))

    def sigmoid(self) -> Node:
        A = _sigmoid(self.value)
        return Node(A, (self,), lambda grad: (grad * A * (1 - A),))

    def sigmoid_cross_entropy(self, Y: _np.ndarray) -> Node:
        """J = -1/m sum(Y log A + (1 - Y) log(1 - A)) with A = sigmoid(Z), from the logits Z (no log(0))."""
        Z, m = self.value, self.value.shape[1]
        J = _np.sum(_np.maximum(Z, 0) - Z * Y + _np.log1p(_np.exp(-_np.abs(Z)))) / m
        return Node(J, (self,), lambda grad: (grad * (_sigmoid(Z) - Y) / m,))


def _sigmoid(Z: _np.ndarray) -> _np.ndarray:
    e = _np.exp(-_np.abs(Z))
    return _np.where(Z >= 0, 1 / (1 + e), e / (1 + e))


def unbroadcast(grad: _np.ndarray, shape: tuple[int, ...]) -> _np.ndarray:
    """The gradient of an operand of ``shape`` that broadcasting stretched to ``grad``'s shape: summed over every
    axis where the operand had size 1 (a column b added to every column: summed over the examples, as db is)."""
    if len(shape) != grad.ndim:
        raise ValueError(f"unbroadcast: an operand of shape {shape} cannot give a gradient of shape {grad.shape}")
    axes = tuple(i for i, (n, g) in enumerate(zip(shape, grad.shape, strict=True)) if n == 1 and g != 1)
    return grad.sum(axis=axes, keepdims=True) if axes else grad


def topological(root: Node) -> list[Node]:
    """Every node the root was computed from, each after its parents (depth first, each node once)."""
    order, seen = [], set()

    def visit(node: Node) -> None:
        if id(node) in seen:
            return
        seen.add(id(node))
        for p in node.parents:
            visit(p)
        order.append(node)

    visit(root)
    return order


def backward(root: Node) -> None:
    """The reference: the root's gradient is ones, then from the root down each node adds its share to its
    parents' gradients."""
    root.grad = _np.ones_like(root.value)
    for node in reversed(topological(root)):
        for parent, g in zip(node.parents, node.backward_fn(node.grad), strict=True):
            parent.grad += g


# ---------------------------------------------------------------------------- the graphs the checker runs


def _logits_net(rng: _np.random.Generator) -> tuple[dict, Node]:
    """Lesson 05's network in small: Z1 = W1 X + b1, A1 = tanh(Z1), Z2 = W2 A1 + b2, J = cross-entropy."""
    X, W1, b1 = Node(rng.standard_normal((3, 5))), Node(rng.standard_normal((4, 3))), Node(rng.standard_normal((4, 1)))
    W2, b2 = Node(rng.standard_normal((2, 4))), Node(rng.standard_normal((2, 1)))
    Y = (rng.random((2, 5)) < 0.5).astype(float)
    Z1 = W1 @ X + b1
    A1 = Z1.tanh()
    Z2 = W2 @ A1 + b2
    J = Z2.sigmoid_cross_entropy(Y)
    return {"X": X, "W1": W1, "b1": b1, "Z1": Z1, "A1": A1, "W2": W2, "b2": b2, "Z2": Z2, "J": J}, J


def _shared_W(rng: _np.random.Generator) -> tuple[dict, Node]:
    """One W in two layers: Z1 = W X + b1, A1 = relu(Z1), Z2 = W A1 + b2; W's gradient is the sum of both."""
    X, W = Node(rng.standard_normal((3, 4))), Node(rng.standard_normal((3, 3)))
    b1, b2 = Node(rng.standard_normal((3, 1))), Node(rng.standard_normal((3, 1)))
    Y = (rng.random((3, 4)) < 0.5).astype(float)
    Z1 = W @ X + b1
    A1 = Z1.relu()
    Z2 = W @ A1 + b2
    J = Z2.sigmoid_cross_entropy(Y)
    return {"X": X, "W": W, "b1": b1, "Z1": Z1, "A1": A1, "b2": b2, "Z2": Z2, "J": J}, J


def _skip(rng: _np.random.Generator, short_first: bool = True) -> tuple[dict, Node]:
    """H used twice at two depths: Z = H + W3 tanh(W2 H + b2), with H = sigmoid(W1 X + b1) (or the two terms of
    Z the other way round: a search then meets H first by the long path)."""
    X, W1, b1 = Node(rng.standard_normal((2, 4))), Node(rng.standard_normal((3, 2))), Node(rng.standard_normal((3, 1)))
    W2, b2, W3 = Node(rng.standard_normal((3, 3))), Node(rng.standard_normal((3, 1))), Node(rng.standard_normal((3, 3)))
    Y = (rng.random((3, 4)) < 0.5).astype(float)
    H = (W1 @ X + b1).sigmoid()
    T = (W2 @ H + b2).tanh()
    Z = H + W3 @ T if short_first else W3 @ T + H
    J = Z.sigmoid_cross_entropy(Y)
    return {"X": X, "W1": W1, "b1": b1, "H": H, "W2": W2, "b2": b2, "T": T, "W3": W3, "Z": Z, "J": J}, J


GRAPHS: dict[str, tuple[str, Callable]] = {  # name -> (what it is, in the lesson's words; its builder)
    "network": ("a two-layer tanh network", lambda: _logits_net(_np.random.default_rng(91))),
    "shared-W": ("one W used in two layers", lambda: _shared_W(_np.random.default_rng(92))),
    "skip": ("H used twice: directly and through two more layers", lambda: _skip(_np.random.default_rng(93))),
    "skip-2": (
        "H used twice, the long path first",
        lambda: _skip(_np.random.default_rng(94), short_first=False),
    ),
}


def _run(fn: Callable, graph: str) -> dict:
    """Build ``graph``, call the learner's ``backward`` on its root, return every node's gradient (in the sandbox's
    child process: the gradients are what comes back)."""
    nodes, root = GRAPHS[graph][1]()
    fn(root)
    return {name: _np.array(node.grad, dtype=float, copy=True) for name, node in nodes.items()}


def grads_of(backward_fn: Callable, graph: str) -> dict:
    """Every node's gradient after ``backward_fn(root)`` on ``graph`` (here, not in the sandbox: for the tests)."""
    return _run(backward_fn, graph)


# ---------------------------------------------------------------------------- backward as learners miswrite it


def _order(root: Node, before: bool = False, seen_set: bool = True) -> list[Node]:
    order, seen = [], set()

    def visit(node: Node) -> None:
        if seen_set and id(node) in seen:
            return
        seen.add(id(node))
        if before:
            order.append(node)
        for p in node.parents:
            visit(p)
        if not before:
            order.append(node)

    visit(root)
    return order


def _push(order: list[Node], assign: bool = False, value: bool = False) -> None:
    for node in order:
        for parent, g in zip(node.parents, node.backward_fn(node.value if value else node.grad), strict=True):
            if assign:
                parent.grad = g
            else:
                parent.grad = parent.grad + g


def _breadth_first(root: Node) -> list[Node]:
    order, seen, queue = [], {id(root)}, [root]
    while queue:
        node = queue.pop(0)
        order.append(node)
        for p in node.parents:
            if id(p) not in seen:
                seen.add(id(p))
                queue.append(p)
    return order


def _stacked(root: Node, before: bool = False) -> list[Node]:
    """A depth-first order built with a stack instead of recursion: each node after its parents (the last parent
    pushed is the first visited), or, ``before``, each node as it is first popped."""
    order, seen, stack = [], set(), [(root, False)]
    while stack:
        node, done = stack.pop()
        if done:
            order.append(node)
        elif id(node) not in seen:
            seen.add(id(node))
            if before:
                order.append(node)
            else:
                stack.append((node, True))
            stack.extend((p, False) for p in node.parents)
    return order


def _recursive(node: Node, assign: bool = False, value: bool = False) -> None:
    for parent, g in zip(node.parents, node.backward_fn(node.value if value else node.grad), strict=True):
        parent.grad = g if assign else parent.grad + g
        _recursive(parent, assign, value)


# A backward pass as a learner writes it is a walk (the order in which the nodes pass their gradients on) and the
# slips made in it (how the root starts, what is passed on, how a parent takes it). The right pass is the reversed
# topological order with no slip; each mistake is one change of it, and two mistakes are two changes. An order
# comes in each way it is commonly built (a recursive search, or a stack): with a slip such as =, which of the
# valid orders was taken decides the numbers.
ORDERS: dict[str, tuple[tuple[Callable[[Node], list[Node]], ...], str]] = {  # id -> (its ways, what it did)
    "": ((lambda r: list(reversed(_order(r))), lambda r: list(reversed(_stacked(r)))), ""),  # the right one
    "leaves-first": (
        (_order, _stacked),
        "the nodes are visited leaves first: the order your search builds puts each node after its parents, so it "
        "must be walked backwards, from the root down: reversed(order)",
    ),
    "pre-order": (
        (lambda r: _order(r, before=True), lambda r: _stacked(r, before=True)),
        "each node passes its gradient on as your depth-first search first reaches it, before every path has added "
        "to it: H is reached by one path before the other is done. Append a node to the order after the loop "
        "over its parents, then walk the order reversed",
    ),
    "breadth-first": (
        (_breadth_first,),
        "a breadth-first order (layer by layer from the root) passes on a node's gradient before every path has "
        "added to it: H is reached by its short path before its long one is done. Order the nodes depth first, "
        "each appended after its parents, and walk that order reversed",
    ),
    "no-seen": (
        (lambda r: list(reversed(_order(r, seen_set=False))),),
        "a node reached by two paths is in your order twice, and passes its gradient on twice: keep a set of the "
        "nodes visited and skip those already in it",
    ),
    "recursive": (
        (),  # no order: each node calls its parents as soon as it has passed a share on
        "each node passes its gradient on as soon as it gets a share, and again with the next share: a node used "
        "twice sends the first share twice. Pass a node's gradient on once, after every share has arrived: that is "
        "what the topological order is for",
    ),
}
SLIPS: dict[str, str] = {  # id -> what it did, in any order of the walk
    "assign": (
        "a parent's gradient is replaced (=) where it must be added to (+=): a value used twice, like H or a W in "
        "two layers, keeps only the last path's share; its gradient is the sum over every path"
    ),
    "no-seed": (
        "every gradient is 0: the root's own gradient must be set first, self.grad = np.ones_like(self.value) "
        "(dJ/dJ = 1); everything below is a multiple of it"
    ),
    "value": "backward_fn was given the node's value; it takes the node's gradient: node.backward_fn(node.grad)",
    "root-skipped": (
        "the root's gradient is set to ones, but the root never passes it on: your walk leaves J out (or starts "
        "below it), so nothing reaches J's parents and every gradient below it stays 0. Walk the whole order "
        "backwards, J first: for t in reversed(order), with J the last node appended to the order"
    ),
}


def walk(root: Node, order: str = "", slips: tuple[str, ...] = (), way: int = 0) -> None:
    """Backward from ``root`` walked in ``order`` (a key of :data:`ORDERS`, built its ``way``-th way) with ``slips``
    (keys of :data:`SLIPS`): ``walk(root)`` is the right pass, ``walk(root, "leaves-first", ("assign",))`` two
    mistakes at once."""
    if "no-seed" not in slips:
        root.grad = _np.ones_like(root.value)
    assign, value = "assign" in slips, "value" in slips
    if order == "recursive":
        if "root-skipped" not in slips:
            _recursive(root, assign, value)
        return
    nodes = ORDERS[order][0][way](root)
    _push([n for n in nodes if n is not root or "root-skipped" not in slips], assign, value)


def _ways(order: str, slips: tuple[str, ...]) -> list[Callable[[Node], None]]:
    """The backward passes with this order and these slips, one for each way the order is built."""
    n = max(1, len(ORDERS[order][0]))
    return [lambda r, w=w: walk(r, order, slips, w) for w in range(n)]


def _split(vid: str) -> tuple[str, tuple[str, ...]]:
    return (vid, ()) if vid in ORDERS else ("", (vid,))


def _words(vid: str) -> str:
    return ORDERS[vid][1] if vid in ORDERS else SLIPS[vid]


# the single mistakes, by id (each with its order built the first way: see :data:`CANDIDATES` for them all)
_SINGLE = ("assign", "no-seed", "leaves-first", "pre-order", "breadth-first", "no-seen", "recursive", "value")
VARIANTS: dict[str, tuple[Callable[[Node], None], str]] = {  # id -> (the backward it is, what it did)
    vid: (_ways(*_split(vid))[0], _words(vid)) for vid in (*_SINGLE, *(s for s in SLIPS if s not in _SINGLE))
}
# every backward :func:`judge` tries, the fewest mistakes first: (their ids, the backward), each way of each order
PAIRS = [(o, (s,)) for o in ORDERS if o for s in SLIPS]  # another order and a slip, or two slips
PAIRS += [("", (a, b)) for i, a in enumerate(SLIPS) for b in list(SLIPS)[i + 1 :]]
CANDIDATES: list[tuple[tuple[str, ...], Callable[[Node], None]]] = [
    ((vid,), way) for vid in VARIANTS for way in _ways(*_split(vid))
] + [(((o,) if o else ()) + slips, way) for o, slips in PAIRS for way in _ways(o, slips)]


def miswritten_backward(root: object, mistake: str) -> None:
    """Run backward from ``root`` as it is written with ``mistake`` (a key of :data:`VARIANTS`, e.g. "assign": =
    where += belongs), every gradient of the graph reset to zero first: lesson 09's classic mistakes, on the
    learner's own tensors (any nodes with value, grad, parents and backward_fn)."""
    if mistake not in VARIANTS:
        raise ValueError(f"miswritten_backward: no mistake {mistake!r}; the mistakes are {', '.join(VARIANTS)}")
    for node in topological(root):
        node.grad = _np.zeros_like(node.value)
    VARIANTS[mistake][0](root)


def _same(a: dict, b: dict) -> bool:
    return set(a) == set(b) and all(
        _np.shape(a[k]) == _np.shape(b[k]) and _np.allclose(a[k], b[k], rtol=1e-9, atol=1e-12) for k in b
    )


def judge(ex, fn: Callable) -> Feedback:
    """Run the learner's ``backward(self)`` on each graph's root; pass it when every gradient is the reference's,
    else name the variant that gives its gradients, or the first node whose gradient is wrong."""
    title, got = ex.title, {}
    if isinstance(fn, type):  # the class itself: its method is judged
        if not callable(getattr(fn, "backward", None)):
            return Feedback(title, False, [f"your class {fn.__name__} has no method backward"], mistakes=("returned",))
        fn = fn.backward
    for graph in GRAPHS:
        run = sandbox.call(_run, {"fn": fn, "graph": graph}, ex.refuse)
        if isinstance(run.error, RecursionError):
            return Feedback(
                title,
                False,
                [
                    "your backward calls itself without end (RecursionError): each node has finitely many parents, "
                    "and a leaf has none; does the recursion go to node.parents, not back to the same node?"
                ],
                mistakes=("recursion",),
            )
        stopped = failed(
            title,
            run,
            f"your backward was still running after {sandbox.TIME_LIMIT:g} s on {GRAPHS[graph][0]}: does your "
            "search skip the nodes it has already visited?",
        )
        if stopped is not None:
            return stopped
        got[graph] = run.value
    truth = {graph: _run(backward, graph) for graph in GRAPHS}
    if all(_same(got[g], truth[g]) for g in GRAPHS):
        return Feedback(title, True, [ex.passed])
    for ids, variant in CANDIDATES:
        if all(_same(got[g], _run(variant, g)) for g in GRAPHS):
            return Feedback(title, False, [_words(i) for i in ids], mistakes=tuple(f"engine:{i}" for i in ids))
    for graph in GRAPHS:
        wrong = [k for k in truth[graph] if not _same({k: got[graph][k]}, {k: truth[graph][k]})]
        if wrong:
            return Feedback(
                title,
                False,
                [
                    f"on {GRAPHS[graph][0]}, the gradient of {', '.join(wrong)} is not dJ/d{wrong[0]}: the root's "
                    "gradient is ones, and each node passes its gradient to its parents once, after all its shares "
                    "arrived, adding (+=) to theirs"
                ],
                mistakes=("engine:result",),
            )
    return Feedback(title, False, ["your gradients differ from dJ/d of each node"], mistakes=("engine:result",))
