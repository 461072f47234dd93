"""An exercise's right answer as a small program, and every wrong answer a learner can write from it.

A checker does not keep a list of the mistakes it knows. It keeps the right computation, written in the
lessons' notation as a straight-line program::

    m       = cols(A_prev)
    dW      = dZ @ A_prev.T / m
    db      = sum(dZ, axis=1, keepdims=True) / m
    dA_prev = W.T @ dZ

and :func:`mutants` derives from it the programs a learner writes by mistake, one change at a time, each with
an id and the words that name it: an operand replaced by another array in scope (``A`` where ``A_prev``
belongs, ``Z`` of another layer), a transpose added or dropped, ``@`` for ``*`` and ``*`` for ``@``, the
factors of a product swapped, a factor dropped or doubled (1/m missing, twice, m from the wrong axis), the
wrong axis or no keepdims in a sum, one column picked or every entry summed where a sum over one axis belongs,
an operand (or a whole step) replaced by ones of its shape (the local slope without the gradient that arrives),
the two factors of a matrix product summed before they are multiplied, a flipped sign, ``//`` for ``/``, a term
left out, g' of another activation, evaluated at A, or g itself. A checker runs every mutant on its cases and
names the one that reproduces the learner's numbers (:mod:`.search`).

Every numpy function used here is captured when the module is imported: an answer that replaces
``np.allclose`` or another numpy function cannot change how the right answer is computed or compared.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace

import numpy as _np

# numpy, as it was at import (a learner's cell may replace attributes of numpy later)
_matmul, _multiply, _add, _subtract = _np.matmul, _np.multiply, _np.add, _np.subtract
_divide, _floor_divide, _negative, _power = _np.true_divide, _np.floor_divide, _np.negative, _np.power
_sum, _ones, _shape, _asarray, _errstate, _tanh, _exp, _abs, _where = (
    _np.sum,
    _np.ones,
    _np.shape,
    _np.asarray,
    _np.errstate,
    _np.tanh,
    _np.exp,
    _np.abs,
    _np.where,
)


def _sigmoid(Z):
    e = _exp(-_abs(Z))
    return _where(Z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


_max, _log = _np.max, _np.log


def _log_softmax(Z):
    """log softmax(Z), column by column, as log-sum-exp: no overflow where Z is large, no log(0) where it is small."""
    S = Z - _max(Z, axis=0, keepdims=True)
    return S - _log(_sum(_exp(S), axis=0, keepdims=True))


FUNCTIONS: dict[str, Callable] = {  # the element-wise functions a program may apply, by the name the lessons use
    "tanh": _tanh,
    "sigmoid": _sigmoid,
    "relu": lambda Z: _np.maximum(Z, 0),
    "leaky_relu": lambda Z: _np.where(Z > 0, Z, 0.01 * Z),
    "tanh'": lambda Z: 1 - _tanh(Z) ** 2,
    "sigmoid'": lambda Z: _sigmoid(Z) * (1 - _sigmoid(Z)),
    "relu'": lambda Z: (Z > 0).astype(float),
    "leaky_relu'": lambda Z: _np.where(Z > 0, 1.0, 0.01),
    "softplus": lambda Z: _np.logaddexp(0.0, Z),  # log(1 + e^Z), with no overflow
    "softplus'": _sigmoid,  # its slope: e^Z / (1 + e^Z)
    # column by column, not element-wise: the output layer of lesson 08, written from scratch
    "softmax": lambda Z: _exp(_log_softmax(Z)),
    "log_softmax": _log_softmax,
    "argmax": lambda Z: _np.argmax(Z, axis=0),  # the row of each column's largest: a prediction
}
_t, _s = _tanh, _sigmoid
# each slope as a learner miswrites it: (how it is written, the function of Z it computes, what is wrong). The
# search tries every one wherever the slope appears, at Z and (through the operand swaps) at A or another layer
MISWRITTEN: dict[str, tuple[tuple[str, Callable, str], ...]] = {
    "tanh'": (
        ("1 + tanh(Z)^2", lambda Z: 1 + _t(Z) ** 2, "a + where tanh'(Z) = 1 - tanh(Z)^2 has a -"),
        ("1 - tanh(Z)", lambda Z: 1 - _t(Z), "the square is missing: tanh'(Z) = 1 - tanh(Z)^2 = 1 - A^2"),
        ("(1 - tanh(Z))^2", lambda Z: (1 - _t(Z)) ** 2, "the square is on (1 - A); tanh'(Z) = 1 - A^2, A squared"),
        ("1 - Z^2", lambda Z: 1 - Z**2, "1 - Z^2 squares Z, not A = tanh(Z): tanh'(Z) = 1 - tanh(Z)^2 = 1 - A^2"),
        ("tanh(Z)^2", lambda Z: _t(Z) ** 2, "the 1 - is missing: tanh'(Z) = 1 - tanh(Z)^2"),
    ),
    "sigmoid'": (
        ("s(1 + s)", lambda Z: _s(Z) * (1 + _s(Z)), "a + where sigmoid'(Z) = s(1 - s) has a -"),
        ("1 - s", lambda Z: 1 - _s(Z), "the factor s is missing: sigmoid'(Z) = s(1 - s), s = sigmoid(Z)"),
        ("s^2", lambda Z: _s(Z) ** 2, "s * s where sigmoid'(Z) = s(1 - s)"),
        ("Z(1 - Z)", lambda Z: Z * (1 - Z), "A(1 - A) was written with Z: sigmoid'(Z) = s(1 - s) with s = sigmoid(Z)"),
    ),
    "relu'": (
        (
            "the leaky slope",
            lambda Z: _np.where(Z > 0, 1.0, 0.01),
            "0.01 where Z <= 0 is the leaky ReLU's; ReLU's is 0",
        ),
        ("A / Z", lambda Z: _np.maximum(Z, 0) / Z, "A / Z is 1 where Z > 0 but 0 / 0 = NaN at Z = 0: use (Z > 0)"),
        ("sign(Z)", lambda Z: _np.sign(Z), "np.sign(Z) is -1 where Z < 0; the ReLU's slope is 0 there: (Z > 0)"),
        ("Z < 0", lambda Z: (Z < 0).astype(float), "the mask is reversed: ReLU passes the gradient where Z > 0"),
        ("|Z|", lambda Z: _abs(Z), "|Z| is no slope: the ReLU's slope is 1 where Z > 0 and 0 elsewhere"),
    ),
    "softplus'": (
        ("e^Z", lambda Z: _exp(Z), "e^z is the slope of the inside alone; the log's slope divides it by 1 + e^z"),
        ("1 / (1 + e^Z)", lambda Z: _sigmoid(-Z), "the e^z on top is missing: the slope is e^z / (1 + e^z)"),
        ("1 / (1 + e^Z)^2", lambda Z: 1 / (1 + _exp(Z)) ** 2, "the log's slope is 1 / u, not 1 / u^2"),
    ),
    "leaky_relu'": (
        ("slope 0.01 where Z > 0", lambda Z: _np.where(Z > 0, 0.01, 1.0), "the two slopes are swapped: 1 where Z > 0"),
    ),
}
FROM_A = {  # a slope written from A = g(Z), as the lessons write it: applied to an A (this layer's or another's)
    "sigmoid'": ("A(1 - A)", lambda A: A * (1 - A)),
    "tanh'": ("1 - A*A", lambda A: 1 - A**2),
}
for _g, _forms in MISWRITTEN.items():
    FUNCTIONS.update({f"{_g}~{written}": f for written, f, _ in _forms})
FUNCTIONS.update({f"from-A~{written}": f for written, f in FROM_A.values()})

RELATED = {  # for g'(Z): what a learner writes instead
    "tanh'": ("tanh", "sigmoid'", "relu'"),
    "sigmoid'": ("sigmoid", "tanh'", "relu'"),
    "relu'": ("relu", "tanh'", "sigmoid'"),
    "leaky_relu'": ("relu'",),
    "softplus'": ("softplus", "sigmoid'", "relu'"),
}


@dataclass(frozen=True)
class Expr:
    """A node: ``op`` with ``args``; a name for a variable or a function, a value for a constant."""

    op: str  # var const @ * + - / // neg T sum cols rows fn first ones take
    args: tuple = ()
    name: str = ""
    value: float = 0.0
    axis: int | None = None
    keepdims: bool = False

    # operators, so that programs read as the lessons write them
    def __matmul__(self, o: Expr) -> Expr:
        return Expr("@", (self, _e(o)))

    def __mul__(self, o: object) -> Expr:
        return Expr("*", (self, _e(o)))

    def __rmul__(self, o: object) -> Expr:
        return Expr("*", (_e(o), self))

    def __add__(self, o: object) -> Expr:
        return Expr("+", (self, _e(o)))

    def __sub__(self, o: object) -> Expr:
        return Expr("-", (self, _e(o)))

    def __rsub__(self, o: object) -> Expr:
        return Expr("-", (_e(o), self))

    def __truediv__(self, o: object) -> Expr:
        return Expr("/", (self, _e(o)))

    def __neg__(self) -> Expr:
        return Expr("neg", (self,))

    @property
    def T(self) -> Expr:
        return Expr("T", (self,))

    def text(self) -> str:
        """The expression as the lessons write it: ``1/m dZ A_prev^T``, ``dA * tanh'(Z)``."""
        a = [x.text() for x in self.args]
        if self.op == "var":
            return self.name
        if self.op == "const":
            return f"{self.value:g}"
        if self.op == "T":
            return f"{_paren(self.args[0])}.T"
        if self.op == "neg":
            return f"-{_paren(self.args[0])}"
        if self.op == "sum":
            return f"np.sum({a[0]}, axis={self.axis}{', keepdims=True' if self.keepdims else ''})"
        if self.op in ("cols", "rows"):
            return f"{a[0]}.shape[{1 if self.op == 'cols' else 0}]"
        if self.op == "fn":
            return f"{self.name}({a[0]})"
        if self.op == "first":
            return f"{_paren(self.args[0])}[0, 0]"
        if self.op == "ones":
            return f"np.ones_like({a[0]})"
        if self.op == "take":
            one = ":1" if self.keepdims else "0"
            return f"{_paren(self.args[0])}[{one if self.axis == 0 else ':, ' + one}]"
        sep = {"@": " @ ", "*": " * ", "+": " + ", "-": " - ", "/": " / ", "//": " // "}[self.op]
        rank = {"+": 1, "-": 1, "@": 2, "*": 2, "/": 2, "//": 2}  # Python's precedence: a right operand of the
        left, right = self.args  # same rank needs brackets unless the operator is + or * (a - (b - c), a / (b * c))

        def side(x: Expr, is_right: bool) -> str:
            if x.op not in rank:
                return x.text()
            tighter = rank[x.op] > rank[self.op] or (rank[x.op] == rank[self.op] and not is_right)
            loose_ok = is_right and rank[x.op] == rank[self.op] and self.op in "+*" and x.op == self.op
            return x.text() if tighter or loose_ok else f"({x.text()})"

        return side(left, False) + sep + side(right, True)

    def evaluate(self, env: Mapping[str, object]) -> object:
        if self.op == "var":
            return env[self.name]
        if self.op == "const":
            return self.value
        v = [x.evaluate(env) for x in self.args]
        if self.op == "@":
            return _matmul(v[0], v[1])
        if self.op == "*":
            return _multiply(v[0], v[1])
        if self.op == "+":
            return _add(v[0], v[1])
        if self.op == "-":
            return _subtract(v[0], v[1])
        if self.op == "/":
            return _divide(v[0], v[1])
        if self.op == "//":
            return _floor_divide(v[0], v[1])
        if self.op == "neg":
            return _negative(v[0])
        if self.op == "T":
            return _asarray(v[0]).T
        if self.op == "sum":
            return _sum(v[0], axis=self.axis, keepdims=self.keepdims)
        if self.op in ("cols", "rows"):
            return _asarray(v[0]).shape[1 if self.op == "cols" else 0]
        if self.op == "first":  # one entry for the whole array: b[0] where b belongs
            return _asarray(v[0]).flat[0]
        if self.op == "ones":  # an array of ones of the operand's shape: np.ones_like(x)
            return _ones(_shape(v[0]))
        if self.op == "take":  # the first row (axis 0) or column (axis 1) alone: x[:1], x[:, :1], x[0], x[:, 0]
            return _asarray(v[0]).take([0] if self.keepdims else 0, axis=self.axis)
        if self.op == "fn":
            return FUNCTIONS[self.name](v[0])
        raise ValueError(self.op)


def _e(o: object) -> Expr:
    return o if isinstance(o, Expr) else Expr("const", value=float(o))


def _paren(x: Expr) -> str:
    return f"({x.text()})" if x.op in ("+", "-", "@", "*", "/", "//") else x.text()


def V(name: str) -> Expr:
    """A variable: an input, or a value an earlier step computed."""
    return Expr("var", name=name)


def total(x: Expr, axis: int | None = 1, keepdims: bool = True) -> Expr:
    """np.sum(x, axis=axis, keepdims=keepdims)."""
    return Expr("sum", (x,), axis=axis, keepdims=keepdims)


def cols(x: Expr) -> Expr:
    """x.shape[1]: m, the number of examples, from an (n, m) array."""
    return Expr("cols", (x,))


def fn(name: str, x: Expr) -> Expr:
    """An element-wise function of :data:`FUNCTIONS` (tanh, relu', sigmoid', ...)."""
    return Expr("fn", (x,), name=name)


# ---------------------------------------------------------------------------- programs


@dataclass(frozen=True)
class Step:
    target: str
    expr: Expr
    template: str = ""  # steps of one loop share a template: a mistake in a loop repeats in every layer


@dataclass(frozen=True)
class Program:
    inputs: tuple[str, ...]
    steps: tuple[Step, ...]

    def run(self, env: Mapping[str, object], partial: bool = False) -> dict[str, object] | None:
        """Every step's value, or None where a step fails (a mutant whose shapes do not fit). ``partial``: the
        values of the steps that ran, a failed step (and any step that reads it) left out, as in a learner's code
        that never computes what it does not return."""
        values = dict(env)
        with _errstate(all="ignore"):
            for s in self.steps:
                try:
                    values[s.target] = s.expr.evaluate(values)
                except Exception:
                    if not partial:
                        return None
                    values.pop(s.target, None)  # not a value an earlier pass left under that name
        return values

    def scope(self, k: int) -> list[str]:
        """The names step k can read: the inputs and what the steps before it computed."""
        return [*self.inputs, *(s.target for s in self.steps[:k])]


@dataclass(frozen=True)
class Change:
    """One mistake: its id (stable, for tests and the catalog) and the words that name it."""

    id: str
    words: str


Edit = tuple  # (step index, path in its expression, the new node)


@dataclass(frozen=True)
class Mutant:
    """A wrong program: the right one with ``edits`` made, named by ``changes``."""

    edits: tuple[Edit, ...]
    changes: tuple[Change, ...]

    def program(self, right: Program) -> Program:
        steps = list(right.steps)
        for k, path, node in sorted(self.edits, key=lambda e: -len(e[1])):  # deeper edits first
            steps[k] = replace(steps[k], expr=_put(steps[k].expr, path, node))
        return replace(right, steps=tuple(steps))

    def __add__(self, other: Mutant) -> Mutant | None:
        """Both mistakes at once, when they change different places (None when one place holds both)."""
        for k, p, _ in self.edits:
            for k2, p2, _ in other.edits:
                if k == k2 and (p[: len(p2)] == p2 or p2[: len(p)] == p):
                    return None
        return Mutant(self.edits + other.edits, self.changes + other.changes)


def _paths(e: Expr, path: tuple = ()) -> Iterator[tuple[tuple, Expr]]:
    yield path, e
    for i, a in enumerate(e.args):
        yield from _paths(a, (*path, i))


def _put(e: Expr, path: tuple, new: Expr) -> Expr:
    if not path:
        return new
    args = list(e.args)
    args[path[0]] = _put(args[path[0]], path[1:], new)
    return replace(e, args=tuple(args))


def _at(e: Expr, path: tuple) -> Expr | None:
    for i in path:
        if i >= len(e.args):
            return None
        e = e.args[i]
    return e


SYMBOLS = ("@", "*", "+", "-", "/")


def _node_changes(
    node: Expr, names: Sequence[str], labels: Mapping[str, str], sizes: Sequence[str] = ()
) -> Iterator[tuple[Expr, str, str]]:
    """(new node, id, words) for every way a learner writes ``node`` wrong."""
    say = lambda n: labels.get(n, n)  # noqa: E731
    op, a = node.op, node.args
    if op == "var" and node.name in sizes:  # a size read from another array, right where it is used
        for other in names:
            yield (
                Expr("rows", (V(other),)),
                f"{node.name}-from-rows:{other}",
                (
                    f"{node.name} was taken from {other}.shape[0], the rows of {say(other)} (units, not examples); "
                    f"{node.name} is the number of examples, the columns (.shape[1])"
                ),
            )
            yield V(other), f"{node.name}->{other}", f"you used {say(other)} where {node.name} (a number) belongs"
            yield (
                Expr("rows", (V(other),)) * Expr("cols", (V(other),)),
                f"{node.name}-from-size:{other}",
                f"you divided by {other}.size, every entry (units x examples), where {node.name}, the number of "
                "examples, belongs (np.mean over all of an array divides by its size)",
            )
        return
    if op == "var":
        for other in [*names, *sizes]:
            if other != node.name:
                yield V(other), f"{node.name}->{other}", f"you used {say(other)} where {say(node.name)} belongs"
        yield (
            Expr("first", (node,)),
            f"{node.name}[0]",
            f"you used one entry of {say(node.name)} ({node.name}[0], a single number) for the whole array",
        )
        chain = (  # a gradient replaced by ones: the local slope alone, the chain rule's other factor left out
            f": that is this step's own slope alone; the chain rule multiplies it by the gradient that arrives, "
            f"{node.name} itself"
            if _gradient(node.name)
            else ""
        )
        yield (
            Expr("ones", (node,)),
            f"{node.name}->ones",
            f"you used ones (np.ones_like({node.name})) where {say(node.name)} belongs{chain}",
        )
        yield (
            node.T,
            f"{node.name}^T",
            (
                f"{say(node.name)} is used transposed here: a .T, or a flatten to (n,) that numpy lines up as a row; "
                "use it as given"
            ),
        )
    if op in SYMBOLS:  # any other operator in its place: a typo, or a formula misremembered
        named = {("@", "*"), ("*", "@"), ("+", "-"), ("-", "+"), ("/", "*")}  # said in the lessons' words below
        for other in SYMBOLS:
            if other != op and (op, other) not in named:
                new = Expr(other, a)
                yield new, f"op:{op}->{other}", f"you wrote {new.text()} where {node.text()} belongs ({other} for {op})"
    if op == "T":
        yield a[0], f"no-T:{a[0].text()}", f"the transpose on {a[0].text()} is missing"
    if op == "@":
        ew = f"you used the element-wise product * where a matrix product belongs: {node.text()}"
        yield Expr("*", a), f"*-for-@:{node.text()}", ew
        yield Expr("@", a[::-1]), f"swapped:{node.text()}", f"the factors are swapped: {node.text()}, in this order"
        x, y = a  # each factor summed over the shared axis first, then the two sums multiplied (an outer product)
        sums = Expr("*", (total(x, 1, True), total(y, 0, True)))
        yield (
            sums,
            f"sum-first:{node.text()}",
            (
                f"you summed {x.text()} and {y.text()} over the axis they share and then multiplied the sums: "
                f"{node.text()} adds up the products of matching entries (row i of {x.text()} times column j of "
                f"{y.text()}), and a sum of products is not a product of sums; keep the matrix product {node.text()}"
            ),
        )
        for i in (0, 1):  # the transpose a shape error tempts: on the other factor
            t = list(a)
            t[i] = t[i].T if t[i].op != "T" else t[i].args[0]
            moved = "is transposed" if a[i].op != "T" else "lost its transpose"
            yield Expr("@", tuple(t)), f"T-on:{a[i].text()}", f"{a[i].text()} {moved} in {node.text()}"
    if op == "*":
        at = (
            f"you used a matrix product (@ / np.dot) where the element-wise product * belongs: {node.text()}, "
            "entry by entry"
        )
        yield Expr("@", a), f"@-for-*:{node.text()}", at
        yield Expr("@", (a[0], a[1].T)), f"@-for-*:{node.text()}", at  # transposed to make the shapes fit
        yield Expr("@", (a[0].T, a[1])), f"@-for-*:{node.text()}", at
        for i in (0, 1):
            yield a[1 - i], f"missing:{a[i].text()}", f"the factor {a[i].text()} is missing: {node.text()}"
    if op == "/":
        d = a[1].text()
        yield a[0], f"missing:/{d}", f"the division by {d} is missing ({d} times too large)"
        yield a[0] / a[1] / a[1], f"twice:/{d}", f"you divided by {d} twice ({d} times too small)"
        yield a[0] * a[1], f"times:{d}", f"you multiplied by {d} where you should divide"
        yield Expr("//", a), f"//:{d}", f"integer division // by {d} rounds the values down: use /"
        yield (
            a[0] * Expr("//", (Expr("const", value=1.0), a[1])),
            f"1//:{d}",
            (f"1 // {d} is integer division, 0 for any {d} > 1: use 1 / {d}"),
        )
        if a[1].op == "*":  # a / (x * y) written a / x * y: the precedence of / and *
            x, y = a[1].args
            yield (
                a[0] / x * y,
                f"precedence:{d}",
                (
                    f"/ {x.text()} * {y.text()} divides by {x.text()} and then multiplies by {y.text()}: "
                    f"write / ({a[1].text()})"
                ),
            )
    if op == "+":
        yield a[0], f"missing:+{a[1].text()}", f"{a[1].text()} was not added: {node.text()}"
        if a[0].op == "@":  # the term moved into the product: W @ (A + b)
            x, y = a[0].args
            inside = x @ (y + a[1])
            yield (
                inside,
                f"inside:+{a[1].text()}",
                f"{a[1].text()} was added inside the product, {inside.text()}; it is added after it: {node.text()}",
            )
        yield a[0] - a[1], f"minus:{a[1].text()}", f"{a[1].text()} was subtracted: {node.text()}"
        yield a[0] + a[1] * 2.0, f"twice:+{a[1].text()}", f"{a[1].text()} was added twice: {node.text()}"
    if op == "-":
        yield a[1] - a[0], f"reversed:{node.text()}", f"the sign is flipped: {node.text()}, in this order"
        yield a[0] + a[1], f"plus:{a[1].text()}", f"{a[1].text()} was added where it is subtracted: {node.text()}"
        yield a[0], f"missing:-{a[1].text()}", f"{a[1].text()} was not subtracted: {node.text()}"
    if op == "sum":
        if node.axis == 1 and node.keepdims:  # the same column shape, but one entry per example
            yield (
                replace(node, args=(a[0].T,)),
                "per-example",
                f"you summed each example over the units: one number per example, shape (m, 1); sum each unit "
                f"over the examples instead: {node.text()}",
            )
        axis = {0: "axis 0 (the units)", 1: "axis 1 (the examples)", None: "every entry (units and examples)"}
        for ax in (0, 1, None):
            if ax != node.axis:
                yield replace(node, axis=ax), f"axis:{ax}", f"you summed over {axis[ax]}; sum over {axis[node.axis]}"
        if node.axis is not None:  # one slice picked where the sum over all of them belongs
            one = {0: "row (one unit)", 1: "column (one example)"}[node.axis]
            every = {0: "rows (the units)", 1: "columns (the examples)"}[node.axis]
            for keep in dict.fromkeys((node.keepdims, False)):  # x[:, :1] keeps the column, x[:, 0] does not
                picked = Expr("take", (a[0],), axis=node.axis, keepdims=keep)
                yield (
                    picked,
                    f"first:{node.axis}{'' if keep == node.keepdims else ':no-keepdims'}",
                    f"you took only the first {one}, {picked.text()}; the sum adds up all the {every}: {node.text()}",
                )
        if node.axis is not None:  # the sum of every entry, spread over the right shape (np.full(b.shape, ...))
            filled = total(a[0], None, False) * Expr("ones", (node,))
            yield (
                filled,
                "axis:all-filled",
                f"you summed every entry (units and examples) into one number and filled the array with it; sum "
                f"over {axis[node.axis]} only, one entry per {'unit' if node.axis == 1 else 'example'}: "
                f"{node.text()}",
            )
        if node.keepdims:
            lost = f"keepdims was lost: {node.text()} keeps it a column, shape (n, 1)"
            yield replace(node, keepdims=False), "no-keepdims", lost
            for ax in (0, None):
                yield (
                    replace(node, axis=ax, keepdims=False),
                    f"axis:{ax}:no-keepdims",
                    (f"you summed over {axis[ax]} and lost the column: {node.text()}"),
                )
    if op == "cols":
        yield (
            node - Expr("const", value=1.0),
            "m-minus-1",
            "you divided by m - 1 (the sample variance's n - 1); the mean over the m examples divides by m",
        )
        yield (
            Expr("rows", a) * node,
            "m-from-size",
            f"m was taken as {a[0].text()}.size, every entry (units x examples); m is the number of examples, "
            f"{a[0].text()}.shape[1]",
        )
        for other in names:
            yield (
                Expr("rows", (V(other),)),
                f"m-from-rows:{other}",
                (
                    f"m was taken from {other}.shape[0], the rows of {say(other)} (units, not examples); "
                    f"m = {a[0].text()}.shape[1], the number of examples, the columns"
                ),
            )
    if op == "fn":
        if node.name.endswith("'"):
            g = node.name[:-1]
            yield a[0], f"no-{node.name}", f"the derivative {node.name}(...) is missing: {node.text()}"
            for written, _, words in MISWRITTEN.get(node.name, ()):
                yield fn(f"{node.name}~{written}", a[0]), f"{node.name}~{written}", f"you wrote {written}: {words}"
            own = a[0].name.replace("Z", "A", 1) if a[0].op == "var" and "Z" in a[0].name else None
            for other, (written, _) in FROM_A.items():
                for act in [n for n in names if n.startswith("A")]:
                    if act == own and other == node.name:
                        continue  # the right slope, written from A
                    whose = "" if act == own else f" of {say(act)}, not of this layer's {say(own or 'A')}"
                    kind = (
                        f"{written} is {other[:-1]}'s slope; this layer's is {node.name}"
                        if other != node.name
                        else f"the slope {written} is this layer's formula, but read from another A"
                    )
                    yield (
                        fn(f"from-A~{written}", V(act)),
                        f"{node.name}->from-A:{other[:-1]}@{act}",
                        f"{kind}: you wrote it with {act}{whose}",
                    )
            for other in RELATED.get(node.name, ()):
                if other == g:
                    yield (
                        fn(other, a[0]),
                        f"g-not-g':{g}",
                        (f"you multiplied by {g}(...) itself; it is the slope {node.name}(...) that belongs here"),
                    )
                else:
                    yield (
                        fn(other, a[0]),
                        f"{node.name}->{other}",
                        (f"{other} is the derivative of another activation: this layer's is {node.name}"),
                    )
        else:
            yield a[0], f"no-{node.name}", f"{node.name} was not applied: {node.text()}"


WHOLE = [  # what a learner does to a whole step: (id, words, change)
    ("sign", "the sign is flipped", lambda e: -e),
    ("transposed", "it is transposed: examples are columns", lambda e: e.T),
    ("times-2", "it is 2 times too large (a factor 2 that does not belong)", lambda e: e * 2.0),
    ("half", "it is half the right value (a factor 1/2 that does not belong)", lambda e: e / 2.0),
    (
        "ones",
        "it is all ones (np.ones_like): a slope of 1 alone, not the formula; the chain rule multiplies each slope "
        "by the gradient that arrives",
        lambda e: Expr("ones", (e,)),
    ),
]


def _gradient(name: str) -> bool:
    """Whether ``name`` is a gradient of the lessons' notation: dZ, dA_prev, dW1, grad (of out)."""
    return name.startswith("grad") or (len(name) > 1 and name[0] == "d" and name[1].isupper())


def mutants(right: Program, labels: Mapping[str, str], sizes: Sequence[str] = ()) -> list[Mutant]:
    """Every program a learner writes with one mistake in one step, or in every step of one loop template.

    ``labels`` gives a name its words in the lesson (``"A_prev": "A_prev (A[l-1])"``); ``sizes`` are the
    scalar sizes in scope (``m``), which no array may replace and which a step may wrongly carry."""
    out = []
    for k, step in enumerate(right.steps):
        names = [n for n in right.scope(k) if n not in sizes]
        where = f"{labels.get(step.target, step.target)} = {step.expr.text()}"
        edits = [
            (path, new, cid, words)
            for path, node in _paths(step.expr)
            for new, cid, words in _node_changes(node, names, labels, sizes)
        ]
        if step.target in sizes:  # a size (m): only how it was read can be wrong
            edits = [e for e in edits if e[2].startswith(("m-from-rows", "m-minus-1", "m-from-size"))]
        else:
            edits += [((), f(step.expr), cid, words) for cid, words, f in WHOLE]
            edits += [  # one step too far: the slope of a layer multiplied on (dA_prev * (1 - A_prev^2))
                (
                    (),
                    step.expr * fn(f"from-A~{written}", V(act)),
                    f"extra-slope:{g[:-1]}@{act}",
                    f"it is also multiplied by {written.replace('A', act)}, a slope: that step belongs to the next "
                    "formula (dZ = dA * g'), not to this one",
                )
                for g, (written, _) in FROM_A.items()
                for act in names
                if act.startswith("A")
            ]
        for n in sizes:
            if n in right.scope(k) and step.target not in sizes:
                say = labels.get(n, n)
                edits.append(((), step.expr * V(n), f"times:{n}", f"it carries a factor {say} that does not belong"))
                edits.append(((), step.expr / V(n), f"over:{n}", f"it carries a 1/{say} that does not belong"))
        layers = [j for j, s in enumerate(right.steps) if step.template and s.template == step.template]
        for path, new, cid, words in edits:
            name = f"{step.template or step.target}:{cid}"
            out.append(Mutant(((k, path, new),), (Change(name, f"{where}: {words}"),)))
            if len(layers) > 1 and k == layers[0]:  # the same mistake in every step of the loop
                every = [(j, path, _alike(cid, k, j, path, right, labels, sizes, new)) for j in layers]
                if all(e[2] is not None for e in every):
                    out.append(
                        Mutant(tuple(every), (Change(f"{name}:every-layer", f"{where}: {words}, in every layer"),))
                    )
    return out


def _layer_of(name: str) -> int:
    digits = "".join(c for c in name if c.isdigit())
    return int(digits) if digits else 0


def _relative(cid: str, l: int) -> str:
    """A change's id with each layer number relative to the step's layer: 'Z2->A2' in layer 2 is 'Z{0}->A{0}'."""
    return re.sub(r"\d+", lambda m: "{" + str(int(m.group()) - l) + "}", cid)


def _alike(cid: str, k: int, j: int, path: tuple, right: Program, labels: Mapping, sizes: Sequence, new: Expr):
    """Step j's own version of change ``cid`` made to step k (both of one loop template), or None."""
    if j == k:
        return new
    src, dst = right.steps[k], right.steps[j]
    node = _at(dst.expr, path)
    if node is None:
        return None
    names_k = [n for n in right.scope(k) if n not in sizes]
    names = [n for n in right.scope(j) if n not in sizes]
    if "->" in cid:  # an operand replaced: the same name relative to this step's layer
        want = _relative(cid, _layer_of(src.target))
        for other, c, _ in _node_changes(node, names, labels, sizes):
            if _relative(c, _layer_of(dst.target)) == want:
                return other
    else:  # any other change: the one at the same place in the list of changes of the same kind
        kind = cid.split(":")[0]
        mine = [c for _, c, _ in _node_changes(_at(src.expr, path), names_k, labels, sizes) if c.split(":")[0] == kind]
        theirs = [o for o, c, _ in _node_changes(node, names, labels, sizes) if c.split(":")[0] == kind]
        if cid in mine and len(mine) == len(theirs):
            return theirs[mine.index(cid)]
    if path == ():  # a change of the whole step: the same change of this one
        for c, _, f in WHOLE:
            if c == cid:
                return f(dst.expr)
        for n in sizes:
            if cid == f"times:{n}":
                return dst.expr * V(n)
            if cid == f"over:{n}":
                return dst.expr / V(n)
    return None


# ---------------------------------------------------------------------------- the loop over the layers, as written


@dataclass(frozen=True)
class Loop:
    """How a loop over the layers is written. ``Loop()`` is the lessons' backward loop: l from L down to 1, layer
    l's values read from ``caches[l - 1]``, dZ[l] from the dA[l] the layer above stored, W[l]^T dZ[l] stored as
    dA[l-1]. A program built from a loop (:func:`loop_variants`) reads these; each other value is a way of
    writing the loop wrong, and the search runs the right formulas through it."""

    up: bool = False  # the layers in the forward order, 1 to L
    cache: str = "l"  # the layer whose cache layer l reads: "l", "l+1" (caches[l]), "l-1" (caches[l - 2]), "L+1-l"
    running: bool = False  # the incoming gradient from the previous pass of the loop (a variable), not a dict key
    stale: bool = False  # the hidden layers' dZ never replaces the running one: every layer goes on with dZ[L]
    dA_up: bool = False  # W[l]^T dZ[l] stored under dA[l], one layer up (and read from there)

    def layer(self, l: int, L: int) -> int:
        """The layer whose cache layer ``l`` of ``L`` reads (where an index would be past the end, the learner's
        code could only run with that layer written apart, right: its own)."""
        if self.cache == "l+1":
            return l + 1 if l < L else l
        if self.cache == "l-1":
            return l - 1 if l > 1 else L  # caches[-1]: Python counts a negative index from the end
        if self.cache == "L+1-l":
            return L + 1 - l
        return l


def loop_variants(
    build: Callable[[Loop], Program | None],
    mistakes: Mapping[str, tuple[Mapping[str, object], str]],
    styles: Sequence[Mapping[str, object]] = ({}, {"running": True}),
    most: int = 2,
) -> list[tuple[tuple[Change, ...], Program]]:
    """Every program ``build`` makes from a loop written with up to ``most`` of ``mistakes`` (id -> (the
    :class:`Loop` fields it sets, its words)), in each of ``styles`` (ways of writing the loop that are no
    mistake, e.g. a running variable for the incoming gradient): the fewest mistakes first. Two mistakes that set
    one field are not combined; a loop whose program cannot be built (an index past the end) is left out."""
    ids = list(mistakes)
    combos: list[tuple[str, ...]] = [()]
    for n in range(1, most + 1):
        combos += [c for c in _combinations(ids, n) if _disjoint([mistakes[i][0] for i in c])]
    out = []
    for combo in combos[1:]:
        fields = {k: v for i in combo for k, v in mistakes[i][0].items()}
        changes = tuple(Change(f"loop:{i}", mistakes[i][1]) for i in combo)
        for style in styles:
            program = build(Loop(**{**style, **fields}))
            if program is not None:
                out.append((changes, program))
    return out


def _combinations(items: Sequence[str], n: int) -> Iterator[tuple[str, ...]]:
    if n == 0:
        yield ()
        return
    for i, x in enumerate(items):
        for rest in _combinations(items[i + 1 :], n - 1):
            yield (x, *rest)


def _disjoint(fields: Sequence[Mapping[str, object]]) -> bool:
    keys = [k for f in fields for k in f]
    return len(keys) == len(set(keys))
