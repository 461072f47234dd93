"""The catalog: one declarative entry per exercise.

An entry says what the learner's function takes and returns, the seeded cases it runs on (the first with every
size different, so a wrong axis or transpose shows; the second square, where a matrix product written for an
element-wise one still runs and can be named), the right computation as a program (:mod:`.program`, from which
the search derives the wrong ones), the words for each name, the few mistakes the search cannot derive, the
library functions that refuse while it runs, its points in nbgrader, and what passing proves.

To add an exercise: an entry here, a solution cell and a checker cell in the lesson, and a right answer and a
few wrong ones in ``tests/mistakes.py``.
"""

from __future__ import annotations

import ast
import inspect
import textwrap
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as _np

from .._validate import Refused
from ..network import LayerCache
from .program import FUNCTIONS, Change, Program, Step, V, cols, fn, total
from .search import Explicit, close

_rng, _eye, _tanh, _maximum, _outer = _np.random.default_rng, _np.eye, _np.tanh, _np.maximum, _np.outer


@dataclass(frozen=True)
class Exercise:
    name: str  # the checker is check_<name>
    title: str
    lesson: str
    points: int  # in nbgrader: one per quantity the learner's function returns
    passed: str  # what passing proves, said to the learner
    args: tuple[str, ...]  # the learner's function's arguments, in order
    cases: tuple[Callable[[], dict], ...]  # each makes the names a case's program reads
    right: Callable[[dict], Program]
    outputs: tuple[str, ...]  # what is compared, in the order the lesson computes it
    read: Callable[[object, dict], tuple[dict | None, list[str]]]  # (what it returned, env) -> outputs or problems
    labels: Mapping[str, str] = field(default_factory=dict)
    sizes: tuple[str, ...] = ("m",)
    explicit: tuple[Explicit, ...] = ()
    refuse: Mapping[str, str] = field(default_factory=dict)
    static: Callable[[Callable], str | None] | None = None
    build: Callable[[dict], list] | None = None  # env -> the arguments (default: env[a] for each a in args)
    hint: Callable[[list, list], Change | None] | None = None  # (outputs, envs) -> a mistake no program gives
    # cases that change what a learner could write in by hand (the activation, the depth), run once the others
    # pass: (id, case, what a function right on the cases but wrong here did)
    probes: tuple[tuple[str, Callable[[], dict], str], ...] = ()

    def __post_init__(self) -> None:
        if self.build is None:
            object.__setattr__(self, "build", lambda env: [env[a] for a in self.args])


def _refuse(exercise: str, formula: str, *names: str) -> dict[str, str]:
    why = (
        f"your function calls the library's {{}}, which computes this exercise's answer: write it yourself "
        f"with numpy ({formula}); the exercise is the formula"
    )
    return {n: why.format(f"bp.{n}") for n in names}


# ---------------------------------------------------------------------------- reading what a function returned


def returns(*names: str) -> Callable[[object, dict], tuple[dict | None, list[str]]]:
    """The function returns ``names`` (one array, or a tuple of them in this order)."""
    from .checker import as_array

    def read(value: object, env: dict) -> tuple[dict | None, list[str]]:
        if len(names) == 1:
            arr, problem = as_array(names[0], value)
            return ({names[0]: arr}, []) if problem is None else (None, [problem])
        want = f"return {len(names)} values, in this order: return {', '.join(names)}"
        if value is None:
            return None, [f"your function returned None: did you forget the `return` line? {want}"]
        if inspect.isgenerator(value) or isinstance(value, Mapping) or not isinstance(value, (tuple, list)):
            return None, [f"your function returned a {type(value).__name__}: {want}"]
        if len(value) != len(names):
            return None, [f"your function returned {len(value)} values: {want}"]
        out = {}
        for n, v in zip(names, value, strict=True):
            arr, problem = as_array(n, v)
            if problem:
                return None, [problem]
            out[n] = arr
        return out, []

    return read


def returns_dict(
    required: Sequence[str] | Callable[[dict], Sequence[str]],
    optional: Callable[[dict], Sequence[str]] = lambda e: (),
    returned: str = "grads",
) -> Callable:
    """The function returns a dict holding ``required`` keys (and maybe ``optional`` ones, checked when there)."""
    from .checker import as_array

    def read(value: object, env: dict) -> tuple[dict | None, list[str]]:
        keys = list(required(env) if callable(required) else required)
        if value is None:
            return None, [
                f"your function returned None: did you forget `return {returned}`? "
                f"Return a dict with keys {', '.join(keys)}"
            ]
        if not isinstance(value, Mapping):
            return None, [f"your function returned a {type(value).__name__}: return a dict with keys {', '.join(keys)}"]
        if not value and keys:
            return None, [
                f"your function returned an empty dict: the loop that fills it never ran, or returned before it "
                f"stored anything. Check its range (range(L, 0, -1) counts down; range(L, 0) is empty) and that "
                f"`return` comes after the loop. Expected keys: {', '.join(keys)}"
            ]
        problems = []
        truth = env.get("__truth__", {})
        for k in keys:
            if k in value:
                continue
            by_case = [g for g in value if isinstance(g, str) and g.lower() == k.lower()]
            by_value = [g for g in value if g not in keys and k in truth and close(value[g], truth[k])]
            if by_case:
                problems.append(f"the dict has {by_case[0]!r} where {k!r} is expected: keys are case-sensitive")
            elif by_value:
                problems.append(f"the dict's {by_value[0]!r} holds what {k!r} should: name the key {k!r}")
            else:
                problems.append(f"the dict has no key {k!r} (its keys: {', '.join(map(repr, value)) or 'none'})")
        if problems:
            return None, problems
        out = {}
        for k in [*keys, *(k for k in optional(env) if k in value and k not in keys)]:
            arr, problem = as_array(k, value[k])
            if problem:
                return None, [problem]
            out[k] = arr
        return out, []

    return read


# ---------------------------------------------------------------------------- one layer

LAYER = {  # the words of one layer's names, as lesson 01 and 02 write them
    "A_prev": "A_prev (A[l-1])",
    "dA_prev": "dA_prev (dA[l-1])",
    "AL": "A[L]",
    "m": "m",
}


def _layer(seed: int, n: int, n_prev: int, m: int) -> tuple:
    rng = _rng(seed)
    return rng, rng.standard_normal((n_prev, m)), rng.standard_normal((n, n_prev)), rng.standard_normal((n, 1))


def _linear_forward_case(seed: int, n: int, n_prev: int, m: int) -> Callable[[], dict]:
    def case() -> dict:
        _, A_prev, W, b = _layer(seed, n, n_prev, m)
        return {"A_prev": A_prev, "W": W, "b": b}

    return case


def _activated(name: str) -> Explicit:
    return Explicit(
        f"Z:activation-{name}",
        f"you applied an activation ({name}): this step is the linear part only, Z = W A_prev + b",
        lambda e: {
            "Z": {"tanh": _tanh, "relu": lambda z: _maximum(z, 0), "sigmoid": lambda z: 1 / (1 + _np.exp(-z))}[name](
                e["W"] @ e["A_prev"] + e["b"]
            )
        },
    )


LINEAR_FORWARD = Exercise(
    name="linear_forward",
    title="linear forward",
    lesson="00",
    points=1,  # one per quantity the function returns
    passed=(
        "you wrote the forward step Z = W A_prev + b: (3, 4)(4, 5) + (3, 1) = (3, 5), the bias broadcast over the "
        "5 examples"
    ),
    args=("A_prev", "W", "b"),
    cases=(_linear_forward_case(1, 3, 4, 5), _linear_forward_case(11, 4, 4, 4)),
    right=lambda e: Program(("A_prev", "W", "b"), (Step("Z", V("W") @ V("A_prev") + V("b")),)),
    outputs=("Z",),
    read=returns("Z"),
    labels=LAYER,
    sizes=(),
    explicit=(
        _activated("tanh"),
        _activated("relu"),
        _activated("sigmoid"),
        Explicit(
            "Z:b-summed",
            "b was summed into one number: add the column b, one bias per unit",
            lambda e: {"Z": e["W"] @ e["A_prev"] + e["b"].sum()},
        ),
    ),
    refuse=_refuse("linear_forward", "Z = W @ A_prev + b", "linear_forward", "forward"),
)


def _output_case(seed: int, n: int, n_prev: int, m: int) -> Callable[[], dict]:
    def case() -> dict:
        rng, A_prev, W, b = _layer(seed, n, n_prev, m)
        Z = W @ A_prev + b
        E = _np.exp(Z - Z.max(axis=0, keepdims=True))
        return {
            "AL": E / E.sum(axis=0, keepdims=True),
            "Y": _eye(n)[:, rng.integers(0, n, m)],
            "A_prev": A_prev,
            "W": W,
        }

    return case


def _sigmoid_case(seed: int, n: int, m: int) -> Callable[[], dict]:
    """A sigmoid output layer: A = sigmoid(Z) with some units confident (|Z| up to 4), labels 0 or 1."""

    def case() -> dict:
        rng = _rng(seed)
        Z = _np.round(rng.uniform(-4, 4, (n, m)), 2)
        return {"AL": FUNCTIONS["sigmoid"](Z), "Y": rng.integers(0, 2, (n, m)).astype(float)}

    return case


SIGMOID_SQUARED_ERROR = Exercise(
    name="sigmoid_squared_error_dZ",
    title="dZ for a sigmoid output with squared error",
    lesson="01",
    points=1,  # one per quantity the function returns
    passed=(
        "you derived dZ for a pair the lesson did not: with squared error the sigmoid's slope does not cancel, "
        "dZ = (A - Y) * A * (1 - A); where a unit is confident, A(1 - A) is near 0 and so is dZ, right or wrong"
    ),
    args=("AL", "Y"),
    cases=(_sigmoid_case(31, 3, 5), _sigmoid_case(32, 4, 4)),
    right=lambda e: Program(
        ("AL", "Y"),
        (Step("m", cols(V("AL"))), Step("dA", V("AL") - V("Y")), Step("dZ", V("dA") * (V("AL") * (1.0 - V("AL"))))),
    ),
    outputs=("dZ",),
    read=returns("dZ"),
    labels={"AL": "A"},
    explicit=(
        Explicit(
            "dZ:cancelled",
            "A - Y is dZ for sigmoid with cross-entropy, where the slope A(1 - A) cancels against the loss; with "
            "squared error nothing cancels it: dZ = dA * A(1 - A), with dA = A - Y",
            lambda e: {"dZ": e["AL"] - e["Y"]},
        ),
        Explicit(
            "dZ:tanh-slope",
            "1 - A^2 is tanh's slope written from its A; the sigmoid's, written from A, is A(1 - A)",
            lambda e: {"dZ": (e["AL"] - e["Y"]) * (1 - e["AL"] ** 2)},
        ),
    ),
    refuse=_refuse("sigmoid_squared_error_dZ", "dZ = dA * g'(Z)", "output_backward", "backward", "sigmoid_prime"),
)


def _layer_backward(dZ, inputs: tuple[str, ...]) -> Program:  # noqa: ANN001
    """dZ (given), then dW, db and dA_prev from it: the four lines every layer's backward step shares."""
    dZv, A_prev, W, m = V("dZ"), V("A_prev"), V("W"), V("m")
    return Program(
        inputs,
        (
            Step("m", cols(A_prev)),
            Step("dZ", dZ),
            Step("dW", dZv @ A_prev.T / m),
            Step("db", total(dZv) / m),
            Step("dA_prev", W.T @ dZv),
        ),
    )


LAYER_OUTPUTS = ("dZ", "dW", "db", "dA_prev")

OUTPUT_BACKWARD = Exercise(
    name="output_backward",
    title="output-layer backward",
    lesson="01",
    points=4,  # one per quantity the function returns
    passed=(
        "you backpropagated through a softmax output layer: dZ = A - Y (3, 5); dW = 1/m dZ A_prev^T (3, 4) like W; "
        "db (3, 1) like b; dA_prev = W^T dZ (4, 5) like A_prev"
    ),
    args=("AL", "Y", "A_prev", "W"),
    cases=(_output_case(2, 3, 4, 5), _output_case(12, 4, 4, 4)),
    right=lambda e: _layer_backward(V("AL") - V("Y"), ("AL", "Y", "A_prev", "W")),
    outputs=LAYER_OUTPUTS,
    read=returns(*LAYER_OUTPUTS),
    labels=LAYER,
    explicit=(
        Explicit(
            "dZ:1/m-in-dZ",
            "dZ carries the 1/m (and dW and db none): in these lessons dZ holds one column per example, without the "
            "1/m; the 1/m enters once, in dW and db",
            lambda e: {
                **_layer_values(e["AL"] - e["Y"], e),
                "dZ": (e["AL"] - e["Y"]) / e["A_prev"].shape[1],
                "dA_prev": e["W"].T @ (e["AL"] - e["Y"]) / e["A_prev"].shape[1],
            },
        ),
        Explicit(
            "dZ:extra-derivative",
            "an extra softmax derivative A(1 - A) was multiplied onto A - Y: the loss was chosen so that it cancels, "
            "and dZ[L] = A[L] - Y exactly",
            lambda e: _layer_values((e["AL"] - e["Y"]) * e["AL"] * (1 - e["AL"]), e),
        ),
        Explicit(
            "dZ:dA",
            "that is dA = -Y / A, the loss's derivative with respect to A; dZ = A - Y",
            lambda e: _layer_values(-e["Y"] / e["AL"], e),
        ),
    ),
    refuse=_refuse(
        "output_backward", "dZ = A - Y, dW = 1/m dZ A_prev^T, ...", "output_backward", "linear_backward", "backward"
    ),
)


def _layer_values(dZ: _np.ndarray, e: dict) -> dict:
    m = e["A_prev"].shape[1]
    return {"dZ": dZ, "dW": dZ @ e["A_prev"].T / m, "db": dZ.sum(axis=1, keepdims=True) / m, "dA_prev": e["W"].T @ dZ}


def _hidden_case(seed: int, n: int, n_prev: int, m: int, g: str = "tanh") -> Callable[[], dict]:
    def case() -> dict:
        rng, A_prev, W, b = _layer(seed, n, n_prev, m)
        Z = W @ A_prev + b
        return {
            "dA": rng.standard_normal(Z.shape),
            "Z": Z,
            "A": FUNCTIONS[g](Z),
            "A_prev": A_prev,
            "W": W,
            "g_prime": _tanh_prime if g == "tanh" else _sigmoid_prime,
            "g": g,
        }

    return case


def _tanh_prime(Z: _np.ndarray) -> _np.ndarray:
    """tanh'(Z) = 1 - tanh(Z)^2, the g_prime the hidden-layer exercise hands the learner."""
    return 1 - _tanh(Z) ** 2


def _sigmoid_prime(Z: _np.ndarray) -> _np.ndarray:
    """sigmoid'(Z): the g_prime of the probe that checks the learner used the g_prime given."""
    return FUNCTIONS["sigmoid'"](Z)


HIDDEN_BACKWARD = Exercise(
    name="hidden_backward",
    title="hidden-layer backward",
    lesson="02",
    points=4,  # one per quantity the function returns
    passed=(
        "you backpropagated through a hidden layer: dZ = dA * g'(Z) entry by entry (4, 6), then the same three "
        "formulas as the output layer"
    ),
    args=("dA", "Z", "A_prev", "W", "g_prime"),
    cases=(_hidden_case(3, 4, 3, 6), _hidden_case(13, 4, 4, 4)),
    right=lambda e: _layer_backward(V("dA") * fn(e["g"] + "'", V("Z")), ("dA", "Z", "A", "A_prev", "W")),
    probes=(
        (
            "g_prime",
            _hidden_case(23, 3, 4, 5, g="sigmoid"),
            "your function is right with the tanh layer, but not when g_prime is another activation's slope "
            "(sigmoid'): dZ must use the g_prime it is given, dZ = dA * g_prime(Z), not a derivative written in",
        ),
    ),
    outputs=LAYER_OUTPUTS,
    read=returns(*LAYER_OUTPUTS),
    labels={**LAYER, "A": "A = g(Z)", "tanh'": "g'"},
    refuse=_refuse(
        "hidden_backward", "dZ = dA * g'(Z), then dW, db, dA_prev", "linear_backward", "activation_backward", "backward"
    ),
)


def _relu_case(seed: int, n: int, m: int) -> Callable[[], dict]:
    def case() -> dict:
        rng = _rng(seed)
        Z = _np.round(rng.standard_normal((n, m)), 1)
        Z[1, 2] = 0.0  # the kink: ReLU'(0) = 0 by convention
        return {"dA": rng.standard_normal((n, m)), "Z": Z, "A": _maximum(Z, 0)}

    return case


def _softplus_case(seed: int, n: int, m: int) -> Callable[[], dict]:
    def case() -> dict:
        rng = _rng(seed)
        return {"dA": rng.standard_normal((n, m)), "Z": _np.round(rng.uniform(-4, 4, (n, m)), 2)}

    return case


SOFTPLUS_BACKWARD = Exercise(
    name="softplus_backward",
    title="softplus backward",
    lesson="03",
    points=1,  # one per quantity the function returns
    passed=(
        "you derived the backward step of an activation the lesson did not: softplus'(z) = e^z / (1 + e^z), "
        "which is sigmoid(z); it is never 0, so no softplus unit is ever dead"
    ),
    args=("dA", "Z"),
    cases=(_softplus_case(33, 4, 6), _softplus_case(34, 5, 5)),
    right=lambda e: Program(("dA", "Z"), (Step("m", cols(V("Z"))), Step("dZ", V("dA") * fn("softplus'", V("Z"))))),
    outputs=("dZ",),
    read=returns("dZ"),
    labels={"softplus'": "softplus'", "softplus": "softplus"},
    refuse=_refuse("softplus_backward", "dZ = dA * g'(Z)", "activation_backward", "backward"),
)


def _masked(mask: Callable[[dict], _np.ndarray]) -> Callable[[dict], dict]:
    return lambda e: {"dZ": e["dA"] * mask(e)}


RELU_BACKWARD = Exercise(
    name="relu_backward",
    title="ReLU backward",
    lesson="03",
    points=1,  # one per quantity the function returns
    passed="you wrote ReLU's backward step: dZ = dA * (Z > 0), an element-wise mask the shape of Z, zero at the kink",
    args=("dA", "Z"),
    cases=(_relu_case(4, 4, 6), _relu_case(14, 5, 5)),
    right=lambda e: Program(("dA", "Z", "A"), (Step("dZ", V("dA") * fn("relu'", V("Z"))),)),
    outputs=("dZ",),
    read=returns("dZ"),
    labels={"A": "A = relu(Z)", "relu'": "the mask ReLU'"},
    sizes=(),
    explicit=(
        Explicit(
            "dZ:mask-from-dA",
            "the mask was built from dA: it is 1 where the unit was active (Z > 0), whatever the sign of dA",
            _masked(lambda e: e["dA"] > 0),
        ),
        Explicit(
            "dZ:Z>=0",
            "at Z = 0 you let the gradient through; the convention is ReLU'(0) = 0, so use Z > 0, not Z >= 0",
            _masked(lambda e: e["Z"] >= 0),
        ),
        Explicit(
            "dZ:inverted",
            "the mask is inverted: it is 1 where Z > 0 and 0 where Z <= 0",
            _masked(lambda e: e["Z"] <= 0),
        ),
        Explicit(
            "dZ:Z-itself",
            "you multiplied by Z itself; the mask is 1 where Z > 0 and 0 elsewhere",
            _masked(lambda e: e["Z"]),
        ),
    ),
    refuse=_refuse("relu_backward", "dZ = dA * (Z > 0)", "relu_prime", "activation_backward", "backward", "relu"),
)


def _bias_case(seed: int, n: int, m: int) -> Callable[[], dict]:
    return lambda: {"dZ": _rng(seed).standard_normal((n, m))}


BIAS_GRADIENT = Exercise(
    name="bias_gradient",
    title="db",
    lesson="04",
    points=1,  # one per quantity the function returns
    passed=(
        "you averaged dZ over the examples: db = 1/m np.sum(dZ, axis=1, keepdims=True), one number per unit, "
        "a (3, 1) column like b"
    ),
    args=("dZ",),
    cases=(_bias_case(5, 3, 7), _bias_case(15, 4, 4)),
    right=lambda e: Program(("dZ",), (Step("m", cols(V("dZ"))), Step("db", total(V("dZ")) / V("m")))),
    outputs=("db",),
    read=returns("db"),
    explicit=(
        Explicit(
            "db:not-summed",
            "dZ was not summed over the examples (axis 1): db is one number per unit",
            lambda e: {"db": e["dZ"] / e["dZ"].shape[1]},
        ),
    ),
    refuse=_refuse("bias_gradient", "db = 1/m np.sum(dZ, axis=1, keepdims=True)", "linear_backward", "backward"),
)


def _outer_case(seed: int, n: int, n_prev: int, m: int) -> Callable[[], dict]:
    def case() -> dict:
        rng, A_prev, _, _ = _layer(seed, n, n_prev, m)
        return {"dZ": rng.standard_normal((n, m)), "A_prev": A_prev}

    return case


OUTER = "np.outer(dZ[:, i], A_prev[:, i])"
LOOP_ONLY = (
    "this exercise asks for the loop: add the m outer products " + OUTER + " one by one. A matrix product of the "
    "whole matrices (dZ @ A_prev.T, np.dot, np.einsum) computes all of them at once: that is the next cell's point, "
    "so write the loop here"
)


class ColumnsOnly(_np.ndarray):
    """The loop exercise's inputs: a matrix product of two whole matrices refuses (a column or a row is fine)."""

    @staticmethod
    def _whole(x: object) -> bool:
        return _np.ndim(x) == 2 and min(_np.shape(x)) > 1

    @staticmethod
    def _plain(x: object) -> object:
        return x.view(_np.ndarray) if isinstance(x, ColumnsOnly) else x

    def __array_ufunc__(self, ufunc, method, *inputs, **kwargs):  # noqa: ANN001, ANN002, ANN003, ANN204
        if ufunc is _np.matmul and sum(self._whole(x) for x in inputs) == 2:
            raise Refused(LOOP_ONLY)
        if "out" in kwargs:
            kwargs["out"] = tuple(self._plain(x) for x in kwargs["out"])
        return getattr(ufunc, method)(*(self._plain(x) for x in inputs), **kwargs)

    def __array_function__(self, func, types, args, kwargs):  # noqa: ANN001, ANN204
        products = (_np.dot, _np.matmul, _np.einsum, _np.tensordot, _np.inner, _np.vdot)
        if func in products and sum(self._whole(a) for a in args if isinstance(a, _np.ndarray)) >= 2:
            raise Refused(LOOP_ONLY)
        return func(*(self._plain(a) for a in args), **{k: self._plain(v) for k, v in kwargs.items()})

    def dot(self, other, out=None):  # noqa: ANN001, ANN201
        return _np.dot(self, other, out=out)


def _inside(e: dict) -> _np.ndarray:
    dW, m = 0.0, e["dZ"].shape[1]
    for i in range(m):
        dW = (dW + _outer(e["dZ"][:, i], e["A_prev"][:, i])) / m
    return dW


def _loop_only(fn: Callable) -> str | None:
    """The loop exercise refuses the vectorised product it is the long way round to."""
    try:
        tree = ast.parse(textwrap.dedent(inspect.getsource(fn)))
    except (OSError, TypeError, SyntaxError):
        return None  # no source to read (a builtin, a lambda in a string): judged by its numbers only
    loops = [n for n in ast.walk(tree) if isinstance(n, (ast.For, ast.While, ast.comprehension))]
    inside = {id(x) for loop in loops for x in ast.walk(loop)}
    names = {"dot", "matmul", "einsum", "tensordot", "inner"}
    for node in ast.walk(tree):
        product = isinstance(node, ast.BinOp) and isinstance(node.op, ast.MatMult)
        called = isinstance(node, ast.Call) and getattr(node.func, "attr", getattr(node.func, "id", "")) in names
        if (product or called) and id(node) not in inside:
            return LOOP_ONLY
    if not loops:
        return "this exercise asks for a loop over the m examples, adding one outer product " + OUTER + " each time"
    return None


OUTER_PRODUCTS = Exercise(
    name="dW_by_outer_products",
    title="dW as an average of outer products",
    lesson="04",
    points=1,  # one per quantity the function returns
    passed=(
        "you built dW one example at a time: 1/m sum over i of dZ[:, i] A_prev[:, i]^T equals 1/m dZ A_prev^T, so "
        "the matrix product is exactly the sum of the m outer products"
    ),
    args=("dZ", "A_prev"),
    cases=(_outer_case(9, 3, 4, 5), _outer_case(19, 4, 4, 4)),
    right=lambda e: Program(
        ("dZ", "A_prev"), (Step("m", cols(V("A_prev"))), Step("dW", V("dZ") @ V("A_prev").T / V("m")))
    ),
    outputs=("dW",),
    read=returns("dW"),
    labels=LAYER,
    explicit=(
        Explicit(
            "dW:elementwise-broadcast",
            "you multiplied the two columns entry by entry (*) and numpy spread the result over dW's rows: "
            "the outer product of two columns is " + OUTER,
            lambda e: {
                "dW": _np.broadcast_to(
                    sum(e["dZ"][:, i] * e["A_prev"][:, i] for i in range(e["dZ"].shape[1])) / e["dZ"].shape[1],
                    (e["dZ"].shape[0], e["A_prev"].shape[0]),
                )
            },
        ),
        Explicit(
            "dW:elementwise-broadcast",
            "you multiplied the two columns entry by entry (*) and numpy spread the result over dW's rows: "
            "the outer product of two columns is " + OUTER,
            lambda e: {
                "dW": _np.broadcast_to(
                    sum(e["dZ"][:, i] * e["A_prev"][:, i] for i in range(e["dZ"].shape[1])) / e["dZ"].shape[1],
                    (e["dZ"].shape[0], e["A_prev"].shape[0]),
                )
            },
        ),
        Explicit(
            "dW:first-only",
            "only the first example's outer product is counted: is the `return` inside the loop?",
            lambda e: {"dW": _outer(e["dZ"][:, 0], e["A_prev"][:, 0]) / e["dZ"].shape[1]},
        ),
        Explicit(
            "dW:first-only-no-1/m",
            "only the first example's outer product is counted, without the 1/m: is the `return` inside the loop?",
            lambda e: {"dW": _outer(e["dZ"][:, 0], e["A_prev"][:, 0])},
        ),
        Explicit(
            "dW:example-0-missing",
            "example 0 is missing: the loop must run over every example, i = 0, 1, ..., m - 1 (range(m))",
            lambda e: {
                "dW": sum(_outer(e["dZ"][:, i], e["A_prev"][:, i]) for i in range(1, e["dZ"].shape[1]))
                / e["dZ"].shape[1]
            },
        ),
        Explicit(
            "dW:last-example-missing",
            "the last example is missing: range(m) already stops at m - 1",
            lambda e: {
                "dW": sum(_outer(e["dZ"][:, i], e["A_prev"][:, i]) for i in range(e["dZ"].shape[1] - 1))
                / e["dZ"].shape[1]
            },
        ),
        Explicit(
            "dW:1/m-inside-loop",
            "the 1/m is inside the loop, so it is applied again at every example: divide once, after the loop",
            lambda e: {"dW": _inside(e)},
        ),
        Explicit(
            "dW:last-only",
            "only the last example's outer product is left: add each one to a running total (dW += ...)",
            lambda e: {"dW": _outer(e["dZ"][:, -1], e["A_prev"][:, -1]) / e["dZ"].shape[1]},
        ),
        Explicit(
            "dW:last-only-no-1/m",
            "only the last example's outer product is left, without the 1/m: accumulate with dW += ...",
            lambda e: {"dW": _outer(e["dZ"][:, -1], e["A_prev"][:, -1])},
        ),
        Explicit(
            "dW:elementwise-columns",
            "you multiplied the two columns entry by entry (*): the outer product of two columns is " + OUTER,
            lambda e: {
                "dW": sum(e["dZ"][:, i] * e["A_prev"][:, i] for i in range(e["dZ"].shape[1])) / e["dZ"].shape[1]
            },
        ),
        Explicit(
            "dW:inner",
            "you took an inner product (a single number) per example: use the outer product " + OUTER,
            lambda e: {
                "dW": _np.full(
                    (e["dZ"].shape[0], e["A_prev"].shape[0]),
                    sum(e["dZ"][:, i] @ e["A_prev"][:, i] for i in range(e["dZ"].shape[1])) / e["dZ"].shape[1],
                )
            },
        ),
        Explicit(
            "dW:rows",
            "you took rows (dZ[i], A_prev[i]) where columns belong: example i is column i, dZ[:, i] and A_prev[:, i]",
            lambda e: {
                "dW": sum(
                    _outer(e["dZ"][i], e["A_prev"][i]) for i in range(min(e["dZ"].shape[0], e["A_prev"].shape[0]))
                )
                / e["dZ"].shape[1]
            },
        ),
    ),
    refuse=_refuse("dW_by_outer_products", "the loop of outer products", "linear_backward", "backward"),
    static=_loop_only,
    build=lambda e: [e["dZ"].view(ColumnsOnly), e["A_prev"].view(ColumnsOnly)],
)


# ---------------------------------------------------------------------------- whole networks


def _network(dims: Sequence[int], m: int, hidden: str, output: str, seed: int, kink: bool = False) -> dict:
    """A seeded network's names, flat: X = A0, W1, b1, Z1, A1, ..., Y, AL (forward pass in plain numpy)."""
    rng = _rng(seed)
    env: dict = {}
    for l in range(1, len(dims)):
        env[f"W{l}"] = rng.standard_normal((dims[l], dims[l - 1])) / _np.sqrt(dims[l - 1])
        env[f"b{l}"] = 0.1 * rng.standard_normal((dims[l], 1))
    env["A0"] = env["X"] = rng.standard_normal((dims[0], m))
    env["Y"] = (
        _eye(dims[-1])[:, rng.integers(0, dims[-1], m)]
        if output == "softmax"
        else (rng.random((dims[-1], m)) < 0.5).astype(float)
    )
    L = len(dims) - 1
    for l in range(1, L + 1):
        Z = env[f"W{l}"] @ env[f"A{l - 1}"] + env[f"b{l}"]
        if kink and l == 1:  # put Z[1][0, 1] exactly on the ReLU kink: ReLU'(0) = 0 must hold there
            env["b1"] = env["b1"].copy()
            env["b1"][0, 0] -= Z[0, 1]
            Z = env["W1"] @ env["A0"] + env["b1"]
        env[f"Z{l}"] = Z
        if l < L:
            env[f"A{l}"] = _tanh(Z) if hidden == "tanh" else _maximum(Z, 0)
        elif output == "softmax":
            E = _np.exp(Z - Z.max(axis=0, keepdims=True))
            env[f"A{l}"] = E / E.sum(axis=0, keepdims=True)
        else:
            env[f"A{l}"] = 1 / (1 + _np.exp(-Z))
    env["AL"], env["L"] = env[f"A{L}"], L
    return env


def network_backward(L: int, hidden: str, first: str = "A0") -> Program:
    """The backward pass of an L-layer network, unrolled, one template per line of the lessons' loop."""
    g = f"{hidden}'"
    steps = [Step("m", cols(V(first)))]
    for l in range(L, 0, -1):
        a_prev = first if l == 1 else f"A{l - 1}"
        if l == L:
            steps.append(Step(f"dZ{l}", V(f"A{l}") - V("Y"), "dZ[L]"))
        else:
            steps.append(Step(f"dZ{l}", V(f"dA{l}") * fn(g, V(f"Z{l}")), "dZ[l]"))
        steps.append(Step(f"dW{l}", V(f"dZ{l}") @ V(a_prev).T / V("m"), "dW[l]"))
        steps.append(Step(f"db{l}", total(V(f"dZ{l}")) / V("m"), "db[l]"))
        steps.append(Step(f"dA{l - 1}", V(f"W{l}").T @ V(f"dZ{l}"), "dA[l-1]"))
    names = [first, "Y", *(f"{p}{l}" for l in range(1, L + 1) for p in ("W", "b", "Z", "A"))]
    return Program(tuple(names), tuple(steps))


def _order(L: int) -> tuple[str, ...]:
    return tuple(k for l in range(L, 0, -1) for k in (f"dZ{l}", f"dW{l}", f"db{l}", f"dA{l - 1}"))


def _two_layer_case(dims: Sequence[int], m: int, seed: int) -> Callable[[], dict]:
    return lambda: _network(dims, m, "tanh", "sigmoid", seed)


TWO_LAYER = ("dW1", "db1", "dW2", "db2")

TWO_LAYER_BACKWARD = Exercise(
    name="two_layer_backward",
    title="2-layer backward",
    lesson="05",
    points=4,  # one per quantity the function returns
    passed=(
        "you wrote the whole backward pass of a 2-layer network: dZ2 = A2 - Y, then back through W2^T and "
        "tanh' = 1 - A1^2; all four gradients match"
    ),
    args=("params", "cache", "X", "Y"),
    cases=(_two_layer_case([2, 4, 1], 8, 6), _two_layer_case([4, 4, 4], 4, 16)),
    right=lambda e: network_backward(2, "tanh", first="X"),
    outputs=tuple(k for k in _order(2) if k != "dA0"),
    read=returns_dict(TWO_LAYER, lambda e: ("dZ2", "dA1", "dZ1")),
    labels={"tanh'": "tanh' = 1 - A1^2", "X": "X (A0)"},
    build=lambda e: [
        {k: e[k] for k in ("W1", "b1", "W2", "b2")},
        {k: e[k] for k in ("Z1", "A1", "Z2", "A2")},
        e["X"],
        e["Y"],
    ],
    explicit=(
        Explicit(
            "dZ[L]:extra-derivative",
            "an extra output derivative A(1 - A) was multiplied onto A - Y: the loss was chosen so that it cancels, "
            "and dZ[L] = A[L] - Y exactly",
            lambda e: _extra_output_derivative(e, "tanh", "X"),
        ),
        Explicit(
            "dZ1:1-A1",
            "1 - A1 instead of 1 - A1^2: tanh'(Z) = 1 - tanh(Z)^2 = 1 - A^2",
            lambda e: _two_layer_values(e, lambda A1: 1 - A1),
        ),
        Explicit(
            "dZ1:1-Z1^2",
            "1 - Z1^2 is the formula written for A applied to Z: tanh'(Z1) = 1 - A1^2",
            lambda e: _two_layer_values(e, lambda A1: 1 - e["Z1"] ** 2),
        ),
        Explicit(
            "dZ1:A1(1-A1)",
            "A1(1 - A1) is the sigmoid's derivative; the hidden layer is tanh: tanh'(Z1) = 1 - A1^2",
            lambda e: _two_layer_values(e, lambda A1: A1 * (1 - A1)),
        ),
    ),
    refuse=_refuse(
        "two_layer_backward",
        "the six lines of the lesson",
        "backward",
        "linear_backward",
        "activation_backward",
        "output_backward",
        "gradcheck",
        "numerical_gradient",
    ),
)


RELU_SOFTMAX_BACKWARD = Exercise(
    name="relu_softmax_backward",
    title="2-layer backward, ReLU and softmax",
    lesson="05",
    points=4,  # one per quantity the function returns
    passed=(
        "you carried the backward pass over to another network: with a softmax output dZ2 = A2 - Y still (its "
        "loss cancels the softmax's Jacobian), and the ReLU hidden layer passes dA1 through its mask (Z1 > 0)"
    ),
    args=("params", "cache", "X", "Y"),
    cases=(
        lambda: _network([2, 5, 3], 8, "relu", "softmax", 41, kink=True),
        lambda: _network([4, 4, 4], 4, "relu", "softmax", 42),
    ),
    right=lambda e: network_backward(2, "relu", first="X"),
    outputs=tuple(k for k in _order(2) if k != "dA0"),
    read=returns_dict(TWO_LAYER, lambda e: ("dZ2", "dA1", "dZ1")),
    labels={"relu'": "the ReLU mask (Z1 > 0)", "X": "X (A0)"},
    build=lambda e: [
        {k: e[k] for k in ("W1", "b1", "W2", "b2")},
        {k: e[k] for k in ("Z1", "A1", "Z2", "A2")},
        e["X"],
        e["Y"],
    ],
    explicit=(
        Explicit(
            "dZ[L]:extra-derivative",
            "an extra output derivative A(1 - A) was multiplied onto A - Y: softmax with cross-entropy cancels "
            "it, and dZ2 = A2 - Y exactly",
            lambda e: _extra_output_derivative({**e, "A0": e["X"]}, "relu", "X"),
        ),
        Explicit(
            "dZ[l]:Z>=0",
            "at Z = 0 you let the gradient through; the convention is ReLU'(0) = 0, so use Z1 > 0, not Z1 >= 0",
            lambda e: _relu_network_values({**e, "A0": e["X"]}, lambda Z: Z >= 0),
        ),
    ),
    refuse=_refuse(
        "relu_softmax_backward",
        "the six lines of the lesson, with the ReLU mask",
        "backward",
        "linear_backward",
        "activation_backward",
        "output_backward",
        "gradcheck",
        "numerical_gradient",
    ),
)


def _two_layer_values(e: dict, slope: Callable) -> dict:
    m = e["X"].shape[1]
    dZ2 = e["A2"] - e["Y"]
    dA1 = e["W2"].T @ dZ2
    dZ1 = dA1 * slope(e["A1"])
    return {
        "dZ2": dZ2,
        "dW2": dZ2 @ e["A1"].T / m,
        "db2": dZ2.sum(axis=1, keepdims=True) / m,
        "dA1": dA1,
        "dZ1": dZ1,
        "dW1": dZ1 @ e["X"].T / m,
        "db1": dZ1.sum(axis=1, keepdims=True) / m,
    }


def _L_case(dims: Sequence[int], m: int, seed: int, kink: bool) -> Callable[[], dict]:
    return lambda: _network(dims, m, "relu", "softmax", seed, kink)


def _caches(e: dict) -> list:
    L = e["L"]
    return [
        LayerCache(l, e[f"A{l - 1}"], e[f"W{l}"], e[f"b{l}"], e[f"Z{l}"], e[f"A{l}"], "relu" if l < L else "softmax")
        for l in range(1, L + 1)
    ]


L_LAYER_BACKWARD = Exercise(
    name="L_layer_backward",
    title="L-layer backward",
    lesson="07",
    points=6,  # one per quantity the function returns
    passed=(
        "you wrote backprop for any depth: dZ3 = A3 - Y, then for l = 2, 1: dA = W^T dZ of the layer above, "
        "dZ = dA * (Z > 0); every layer matches"
    ),
    args=("AL", "Y", "caches"),
    cases=(_L_case([4, 5, 3, 3], 6, 10, True), _L_case([4, 4, 4, 4], 4, 20, False)),
    probes=tuple(
        (
            f"depth-{len(dims) - 1}",
            _L_case(dims, 5, 30 + len(dims), False),
            f"your function is right for the L = 3 layers of the cases, but not for a network of L = {len(dims) - 1} "
            "layers: read L from the caches (L = len(caches)) and loop over every layer, from L down to 1",
        )
        for dims in ([3, 4, 2], [3, 5, 4, 4, 2])
    ),
    right=lambda e: network_backward(e["L"], "relu"),
    outputs=_order(3),
    read=returns_dict(
        lambda e: [f"d{p}{l}" for l in range(1, e["L"] + 1) for p in ("W", "b")], lambda e: _order(e["L"])
    ),
    labels={"relu'": "the ReLU mask (Z > 0)"},
    build=lambda e: [e["AL"], e["Y"], _caches(e)],
    explicit=(
        Explicit(
            "dZ[L]:extra-derivative",
            "an extra output derivative A(1 - A) was multiplied onto A - Y: the loss was chosen so that it cancels, "
            "and dZ[L] = A[L] - Y exactly",
            lambda e: _extra_output_derivative(e, "relu", "A0"),
        ),
        Explicit(
            "dZ[l]:Z>=0",
            "at Z = 0 you let the gradient through; the convention is ReLU'(0) = 0, so use Z > 0, not Z >= 0",
            lambda e: _relu_network_values(e, lambda Z: Z >= 0),
        ),
        Explicit(
            "dZ[L]:mask",
            "the ReLU mask was applied to the output layer too: dZ[L] = A[L] - Y for softmax with cross-entropy; "
            "the mask belongs to the hidden layers only",
            lambda e: _relu_network_values(e, lambda Z: Z > 0, output_mask=True),
        ),
    ),
    refuse=_refuse(
        "L_layer_backward",
        "the loop from l = L down to 1",
        "backward",
        "linear_backward",
        "activation_backward",
        "output_backward",
    ),
)


def _relu_network_values(e: dict, mask: Callable, output_mask: bool = False) -> dict:
    L, m, out = e["L"], e["A0"].shape[1], {}
    dZ = (e["AL"] - e["Y"]) * (mask(e[f"Z{L}"]) if output_mask else 1)
    for l in range(L, 0, -1):
        if l < L:
            dZ = out[f"dA{l}"] * mask(e[f"Z{l}"])
        out.update(
            {
                f"dZ{l}": dZ,
                f"dW{l}": dZ @ e[f"A{l - 1}"].T / m,
                f"db{l}": dZ.sum(axis=1, keepdims=True) / m,
                f"dA{l - 1}": e[f"W{l}"].T @ dZ,
            }
        )
    return out


# ---------------------------------------------------------------------------- numerical gradient, update


def _numerical_case(seed: int, shape: tuple[int, ...]) -> Callable[[], dict]:
    """J(theta) = sum C theta^3; the nudged costs, entry by entry, are in the case for the search to combine."""

    def case() -> dict:
        rng = _rng(seed)
        theta, C, eps = rng.standard_normal(shape), rng.standard_normal(shape), 1e-5

        def J(t: _np.ndarray) -> float:
            return float(_np.sum(C * _np.asarray(t) ** 3))

        def each(d: float) -> _np.ndarray:
            out = _np.empty(shape)
            for i in _np.ndindex(shape):
                t = theta.copy()
                t[i] += d
                out[i] = J(t)
            return out

        return {
            "J": J,
            "theta": theta,
            "eps": eps,
            "C": C,
            "Jplus": each(eps),
            "Jminus": each(-eps),
            "J0": _np.full(shape, J(theta)),
        }

    return case


NUMERICAL_GRADIENT = Exercise(
    name="numerical_gradient",
    title="numerical gradient",
    lesson="06",
    points=1,  # one per quantity the function returns
    passed=(
        "you measured the gradient with central differences, nudging one entry at a time: it agrees with the true "
        "gradient to about eps^2"
    ),
    args=("J", "theta", "eps"),
    cases=(_numerical_case(7, (2, 3)), _numerical_case(17, (4,))),
    right=lambda e: Program(
        ("Jplus", "Jminus", "J0", "eps"), (Step("grad", (V("Jplus") - V("Jminus")) / (2.0 * V("eps"))),)
    ),
    outputs=("grad",),
    read=returns("grad"),
    labels={"Jplus": "J(theta + eps e_i)", "Jminus": "J(theta - eps e_i)", "J0": "J(theta)", "eps": "eps"},
    sizes=("eps",),
    explicit=(
        Explicit(
            "grad:all-at-once",
            "every entry was nudged at once (theta + eps): nudge one entry at a time, the others held still",
            lambda e: {
                "grad": _np.full(
                    e["theta"].shape, (e["J"](e["theta"] + e["eps"]) - e["J"](e["theta"] - e["eps"])) / (2 * e["eps"])
                )
            },
        ),
    ),
    hint=lambda got, envs: _own_eps(got, envs),
    refuse=_refuse(
        "numerical_gradient", "(J(theta + eps e_i) - J(theta - eps e_i)) / (2 eps)", "numerical_gradient", "gradcheck"
    ),
)


def _update_case(seed: int) -> Callable[[], dict]:
    def case() -> dict:
        rng = _rng(seed)
        env = {
            "W1": rng.standard_normal((3, 2)),
            "b1": rng.standard_normal((3, 1)),
            "W2": rng.standard_normal((2, 3)),
            "b2": rng.standard_normal((2, 1)),
        }
        env |= {"d" + k: rng.standard_normal(v.shape) for k, v in list(env.items())}
        return env | {"learning_rate": 0.03}

    return case


PARAMS = ("W1", "b1", "W2", "b2")

UPDATE = Exercise(
    name="update",
    title="update",
    lesson="05",
    points=1,  # one per quantity the function returns
    passed="you took a gradient-descent step: W := W - alpha dW, b := b - alpha db, in new arrays",
    args=("params", "grads", "learning_rate"),
    cases=(_update_case(8),),
    right=lambda e: Program(
        (*PARAMS, *(f"d{k}" for k in PARAMS), "learning_rate"),
        tuple(Step(f"new_{k}", V(k) - V("learning_rate") * V(f"d{k}"), "W := W - alpha dW") for k in PARAMS),
    ),
    outputs=tuple(f"new_{k}" for k in PARAMS),
    read=lambda value, e: _renamed(returns_dict(PARAMS, returned="new_params")(value, e)),
    labels={"learning_rate": "alpha (learning_rate)"},
    sizes=("learning_rate",),
    build=lambda e: [{k: e[k] for k in PARAMS}, {f"d{k}": e[f"d{k}"] for k in PARAMS}, e["learning_rate"]],
    refuse=_refuse("update", "W := W - alpha dW", "update", "train"),
)


def _renamed(read: tuple[dict | None, list[str]]) -> tuple[dict | None, list[str]]:
    out, problems = read
    return ({f"new_{k}": v for k, v in out.items()} if out is not None else None), problems


EXERCISES = {
    ex.name: ex
    for ex in (
        LINEAR_FORWARD,
        OUTPUT_BACKWARD,
        SIGMOID_SQUARED_ERROR,
        HIDDEN_BACKWARD,
        RELU_BACKWARD,
        SOFTPLUS_BACKWARD,
        BIAS_GRADIENT,
        OUTER_PRODUCTS,
        TWO_LAYER_BACKWARD,
        RELU_SOFTMAX_BACKWARD,
        NUMERICAL_GRADIENT,
        L_LAYER_BACKWARD,
        UPDATE,
    )
}


def _extra_output_derivative(e: dict, hidden: str, first: str) -> dict:
    """The whole backward pass with dZ[L] = (A[L] - Y) A[L](1 - A[L]): the output's slope multiplied back in."""
    L = e["L"]
    program = network_backward(L, hidden, first)
    steps = tuple(st for st in program.steps if st.target != f"dZ{L}")
    wrong = {**e, f"dZ{L}": (e[f"A{L}"] - e["Y"]) * e[f"A{L}"] * (1 - e[f"A{L}"])}
    values = Program((*program.inputs, f"dZ{L}"), steps).run(wrong) or {}
    return {k: v for k, v in values.items() if k.startswith("d")}


def _own_eps(got: list, envs: list) -> Change | None:
    """For J = sum C theta^3 the central difference with step e is exact plus C e^2: the learner's e, if constant."""
    found = []
    for g, e in zip(got, envs, strict=True):
        grad = _np.asarray(g.get("grad"), dtype=float)
        if grad.shape != e["theta"].shape:
            return None
        err = (grad - 3 * e["C"] * e["theta"] ** 2) / e["C"]
        if not (err > 0).all() or not _np.allclose(err, err.flat[0], rtol=1e-3):
            return None
        found.append(float(_np.sqrt(err.flat[0])))
    if not found or abs(found[0] - envs[0]["eps"]) < 1e-3 * envs[0]["eps"]:
        return None
    return Change(
        "grad:own-eps",
        f"grad is what central differences give with eps = {found[0]:.2g}, not with the eps = {envs[0]['eps']:g} "
        "your function was given: use the eps argument",
    )
