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
node's gradient with the reference. The ways of writing it wrong (``=`` for ``+=``, no seed, leaves first, a
depth-first order taken before the parents, breadth-first, no record of visited nodes, recursion, the value
passed for the gradient) are variants in :data:`VARIANTS`; the one that gives the learner's gradients names
the mistake.
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


def _seeded(root: Node) -> Node:
    root.grad = _np.ones_like(root.value)
    return root


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


def _recursive(node: Node) -> None:
    for parent, g in zip(node.parents, node.backward_fn(node.grad), strict=True):
        parent.grad = parent.grad + g
        _recursive(parent)


VARIANTS: dict[str, tuple[Callable[[Node], None], str]] = {  # id -> (the backward it is, what it did)
    "assign": (
        lambda r: _push(reversed(_order(_seeded(r))), assign=True),
        "a parent's gradient is replaced (=) where it must be added to (+=): a value used twice, like H or a W in "
        "two layers, keeps only the last path's share; its gradient is the sum over every path",
    ),
    "no-seed": (
        lambda r: _push(reversed(_order(r))),
        "every gradient is 0: the root's own gradient must be set first, self.grad = np.ones_like(self.value) "
        "(dJ/dJ = 1); everything below is a multiple of it",
    ),
    "leaves-first": (
        lambda r: _push(_order(_seeded(r))),
        "the nodes are visited leaves first: the order your search builds puts each node after its parents, so it "
        "must be walked backwards, from the root down: reversed(order)",
    ),
    "pre-order": (
        lambda r: _push(_order(_seeded(r), before=True)),
        "each node passes its gradient on as your depth-first search first reaches it, before every path has added "
        "to it: H is reached by one path before the other is done. Append a node to the order after the loop "
        "over its parents, then walk the order reversed",
    ),
    "breadth-first": (
        lambda r: _push(_breadth_first(_seeded(r))),
        "a breadth-first order (layer by layer from the root) passes on a node's gradient before every path has "
        "added to it: H is reached by its short path before its long one is done. Order the nodes depth first, "
        "each appended after its parents, and walk that order reversed",
    ),
    "no-seen": (
        lambda r: _push(reversed(_order(_seeded(r), seen_set=False))),
        "a node reached by two paths is in your order twice, and passes its gradient on twice: keep a set of the "
        "nodes visited and skip those already in it",
    ),
    "recursive": (
        lambda r: _recursive(_seeded(r)),
        "each node passes its gradient on as soon as it gets a share, and again with the next share: a node used "
        "twice sends the first share twice. Pass a node's gradient on once, after every share has arrived: that is "
        "what the topological order is for",
    ),
    "value": (
        lambda r: _push(reversed(_order(_seeded(r))), value=True),
        "backward_fn was given the node's value; it takes the node's gradient: node.backward_fn(node.grad)",
    ),
}


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
    for vid, (variant, words) in VARIANTS.items():
        if all(_same(got[g], _run(variant, g)) for g in GRAPHS):
            return Feedback(title, False, [words], mistakes=(f"engine:{vid}",))
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
