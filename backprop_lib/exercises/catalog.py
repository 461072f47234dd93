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
from .program import FUNCTIONS, Change, Loop, Program, Step, V, cols, fn, loop_variants, total
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
    # an exercise judged by what the learner's function achieves, not by its numbers (a whole training run):
    # (exercise, function) -> Feedback, in place of the comparison with the right program
    judge: Callable | None = None
    # a loop written wrong: env -> [(its mistakes, the right formulas run through that loop)], searched when no
    # single mistake in a formula explains the answer (:func:`.program.loop_variants`)
    loops: Callable[[dict], list] | None = None

    def __post_init__(self) -> None:
        if self.build is None:
            object.__setattr__(self, "build", lambda env: [env[a] for a in self.args])


def _refuse(exercise: str, formula: str, *names: str) -> dict[str, str]:
    why = (
        f"your function calls the library's {{}}, which computes this exercise's answer: write it yourself "
        f"with numpy ({formula}); the exercise is the formula"
    )
    return {n: why.format(f"bp.{n}") for n in names}


def _judged_by(module: str) -> Callable:
    """The judge of an exercise judged by what the learner's function does: ``module``'s ``judge(ex, fn)``, imported
    when it first runs, so that the catalog loads without the judges."""

    def judge(ex: Exercise, fn: Callable):
        import importlib

        return importlib.import_module(f".{module}", __package__).judge(ex, fn)

    return judge


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


def _layer_backward(dZ, inputs: tuple[str, ...]) -> Program:
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

    def __array_ufunc__(self, ufunc, method, *inputs, **kwargs):
        if ufunc is _np.matmul and sum(self._whole(x) for x in inputs) == 2:
            raise Refused(LOOP_ONLY)
        if "out" in kwargs:
            kwargs["out"] = tuple(self._plain(x) for x in kwargs["out"])
        return getattr(ufunc, method)(*(self._plain(x) for x in inputs), **kwargs)

    def __array_function__(self, func, types, args, kwargs):
        products = (_np.dot, _np.matmul, _np.einsum, _np.tensordot, _np.inner, _np.vdot)
        if func in products and sum(self._whole(a) for a in args if isinstance(a, _np.ndarray)) >= 2:
            raise Refused(LOOP_ONLY)
        return func(*(self._plain(a) for a in args), **{k: self._plain(v) for k, v in kwargs.items()})

    def dot(self, other, out=None):
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


LESSONS_LOOP = Loop()  # for l in range(L, 0, -1), caches[l - 1], dA[l-1] stored


def network_backward(
    L: int, hidden: str, first: str = "A0", loop: Loop = LESSONS_LOOP, cached: tuple[str, ...] = ("A", "W", "Z")
) -> Program:
    """The backward pass of an L-layer network, unrolled, one template per line of the lessons' loop; ``loop``
    says how the loop is written (:class:`~.program.Loop`, the lessons' by default), ``cached`` which of each
    layer's values it reads from that layer's cache (the rest by the layer's own number, as params[f"W{l}"])."""
    g = f"{hidden}'"
    steps = [Step("m", cols(V(first)))]
    top, passed = "", ""  # the dZ[L] of the first pass, and the dA the pass before stored
    for i, l in enumerate(range(1, L + 1) if loop.up else range(L, 0, -1)):
        shift = loop.layer(l, L) - l

        def at(p: str, j: int, shift: int = shift) -> str:  # value p of layer j, as this pass of the loop reads it
            k = j + shift if p in cached else j
            return first if p == "A" and k == 0 else f"{p}{k}"

        if (i == 0) if loop.running else (l == L):
            steps.append(Step(f"dZ{l}", V(f"A{L}") - V("Y"), "dZ[L]"))
            top = top or f"dZ{l}"
        elif loop.stale:  # the new dZ went into another name: the running one is still dZ[L]
            steps.append(Step(f"dZ{l}", V(top), "dZ[l]"))
        else:
            incoming = passed if loop.running else f"dA{l + 1}" if loop.dA_up else f"dA{l}"
            steps.append(Step(f"dZ{l}", V(incoming) * fn(g, V(at("Z", l))), "dZ[l]"))
        steps.append(Step(f"dW{l}", V(f"dZ{l}") @ V(at("A", l - 1)).T / V("m"), "dW[l]"))
        steps.append(Step(f"db{l}", total(V(f"dZ{l}")) / V("m"), "db[l]"))
        passed = f"dA{l}" if loop.dA_up else f"dA{l - 1}"
        steps.append(Step(passed, V(at("W", l)).T @ V(f"dZ{l}"), "dA[l-1]"))
    names = [first, "Y", *(f"{p}{l}" for l in range(1, L + 1) for p in ("W", "b", "Z", "A"))]
    return Program(tuple(names), tuple(steps))


LOOP_MISTAKES = {  # the ways of writing the loop over the layers wrong: id -> (the Loop it is, what it did)
    "up": (
        {"up": True},
        "your loop runs from layer 1 up to L, the forward order: backprop runs from l = L down to 1 "
        "(for l in range(L, 0, -1)), since each layer's dZ = dA * g'(Z) needs the dA that the layer above computes",
    ),
    "cache-above": (
        {"cache": "l+1"},
        "layer l reads caches[l], the cache of layer l + 1: the list counts from 0, so caches[l - 1] belongs to "
        "layer l",
    ),
    "cache-below": (
        {"cache": "l-1"},
        "layer l reads caches[l - 2], the cache of the layer below (and layer 1 wraps round to caches[-1], layer "
        "L): caches[l - 1] belongs to layer l",
    ),
    "cache-from-end": (
        {"cache": "L+1-l"},
        "layer l reads caches[-l], counted from the end: caches[-1] is layer L, so caches[-l] is layer L + 1 - l. "
        "Layer l's cache is caches[l - 1] (or walk reversed(caches) and read l from each cache)",
    ),
    "stale-dZ": (
        {"stale": True},
        "every layer goes on with the output's dZ[L] = A[L] - Y: the hidden layers' dZ = dA * g'(Z) was computed "
        "into another name (or not at all) and never used. Assign it to the dZ that dW, db and dA are computed from",
    ),
    "dA-up": (
        {"dA_up": True},
        "W[l]^T dZ[l] is stored as dA{l}, one layer up: it is dA[l-1], the gradient of the layer below, "
        'grads[f"dA{l - 1}"]; dA[l] is the one the layer above stored',
    ),
}


def _loops(hidden: str, cached: tuple[str, ...] = ("A", "W", "Z")) -> Callable[[dict], list]:
    """The backward pass of a case's network with the loop over its layers written wrong, every way of
    :data:`LOOP_MISTAKES` and every two of them."""
    return lambda e: loop_variants(
        lambda loop: network_backward(e["L"], hidden, loop=loop, cached=cached), LOOP_MISTAKES
    )


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


def _deeper(seed: int) -> tuple:
    """Probes of an L-layer backward pass written for the cases' L = 3 only: a network of 2 and one of 4 layers."""
    return tuple(
        (
            f"depth-{len(dims) - 1}",
            _L_case(dims, 5, seed + len(dims), False),
            f"your function is right for the L = 3 layers of the cases, but not for a network of L = {len(dims) - 1} "
            "layers: read L from the caches (L = len(caches)) and loop over every layer, from L down to 1",
        )
        for dims in ([3, 4, 2], [3, 5, 4, 4, 2])
    )


# an L-layer backward pass returns dW and db of every layer (and maybe dZ and dA, checked when there)
L_GRADS = returns_dict(
    lambda e: [f"d{p}{l}" for l in range(1, e["L"] + 1) for p in ("W", "b")], lambda e: _order(e["L"])
)


def _caches(e: dict, hidden: str = "relu") -> list:
    """The case's network as the LayerCache list bp.forward returns (``hidden`` below a softmax output)."""
    L = e["L"]
    return [
        LayerCache(l, e[f"A{l - 1}"], e[f"W{l}"], e[f"b{l}"], e[f"Z{l}"], e[f"A{l}"], hidden if l < L else "softmax")
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
    probes=_deeper(30),
    right=lambda e: network_backward(e["L"], "relu"),
    loops=_loops("relu"),
    outputs=_order(3),
    read=L_GRADS,
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


# ---------------------------------------------------------------------------- lesson 06's mystery bug


def _tanh_case(dims: Sequence[int], m: int, seed: int) -> Callable[[], dict]:
    return lambda: _network(dims, m, "tanh", "softmax", seed)


def _grad_keys(e: dict) -> list[str]:
    return [f"d{p}{l}" for l in range(e["L"], 0, -1) for p in ("W", "b")]


def _factors(got: list, envs: list) -> Change | None:
    """Each wrong gradient as a constant times the true one, if it is: the signature of a misplaced factor."""
    for g, e in zip(got, envs, strict=True):
        truth, m, said = e["__truth__"], e["A0"].shape[1], []
        for key in _grad_keys(e):
            mine, right = _np.asarray(g[key], dtype=float), _np.asarray(truth[key], dtype=float)
            if mine.shape != right.shape or close(mine, right) or not _np.all(right):
                continue
            ratio = mine / right
            r = float(ratio.flat[0])
            if not _np.allclose(ratio, r, rtol=1e-6) or r == 0:
                return None
            power = round(float(_np.log(abs(r)) / _np.log(m)))
            exact = power and abs(abs(r) - float(m) ** power) < 1e-6 * abs(r)
            said.append(f"{key} is {r:.6g} times the true one" + (f" (m^{power})" if exact else ""))
        if said:
            return Change(
                "mystery:factor",
                f"on a network with m = {m} and L = {e['L']}, your gradients are off by constant factors, the same "
                f"for every entry: {'; '.join(said)}. Which step puts the factor there, and how does it grow from "
                "layer to layer? Write the repair from m and L, not from numbers read off one network",
            )
    return None


MYSTERY_REPAIR = Exercise(
    name="mystery_repair",
    title="the mystery bug, repaired",
    lesson="06",
    points=2,
    passed=(
        "you found a bug nobody named: the 1/m taken again on every dA on the way down, so each layer below the top "
        "is m times smaller than the one above (m^(L-l) in layer l). Your repair holds for any m and any depth"
    ),
    args=("AL", "Y", "caches"),
    cases=(_tanh_case([3, 4, 4, 2], 6, 91), _tanh_case([3, 5, 4, 2], 4, 92)),
    probes=(
        (
            "m",
            _tanh_case([3, 4, 4, 2], 9, 93),
            "your repair is right for the lesson's m = 6, but not for m = 9: the factor depends on m. Find how",
        ),
        (
            "depth",
            _tanh_case([3, 4, 4, 4, 2], 6, 94),
            "your repair is right for 3 layers, but not for 4: the factor grows with each layer below the top. "
            "Write it for any L = len(caches)",
        ),
    ),
    right=lambda e: network_backward(e["L"], "tanh"),
    outputs=tuple(f"d{p}{l}" for l in range(3, 0, -1) for p in ("W", "b")),
    read=returns_dict(_grad_keys),
    labels={"tanh'": "tanh'"},
    build=lambda e: [e["AL"], e["Y"], _caches(e, "tanh")],
    explicit=(
        Explicit(
            "mystery:unrepaired",
            "these are the mystery's gradients unchanged: find what is wrong with them first (the gradient check, "
            "the per-entry errors, the ratio of each gradient to the numerical one)",
            lambda e: {k: v for k, v in _mystery(e).items() if k.startswith(("dW", "db"))},
        ),
    ),
    hint=_factors,
    refuse=_refuse(
        "mystery_repair",
        "repair the mystery's output",
        "backward",
        "linear_backward",
        "activation_backward",
        "output_backward",
        "buggy_backward",
    ),
)


def _mystery(e: dict) -> dict:
    from .zoo import mystery_backward

    return mystery_backward(e["AL"], e["Y"], _caches(e, "tanh"))


# ---------------------------------------------------------------------------- lesson 08: a network from scratch

SCRATCH_REFUSED = (  # every network function of the library: in lesson 08 each line is the learner's
    "init_params",
    "linear_forward",
    "activation_forward",
    "forward",
    "cost",
    "output_backward",
    "linear_backward",
    "activation_backward",
    "backward",
    "update",
    "train",
    "predict",
    "accuracy",
)


def _scratch_refuse(exercise: str, formula: str) -> dict[str, str]:
    return _refuse(exercise, formula, *SCRATCH_REFUSED)


HE = "sqrt(2 / n[l-1])"


def _init_case(seed: int, dims: Sequence[int]) -> Callable[[], dict]:
    """The draws the learner's rng gives, in the lesson's order: W[1], W[2], ..., each standard normal."""

    def case() -> dict:
        rng, env = _rng(seed), {"layer_dims": list(dims), "seed": seed, "L": len(dims) - 1}
        for l in range(1, len(dims)):
            env[f"G{l}"] = rng.standard_normal((dims[l], dims[l - 1]))
            env[f"s{l}"] = float(_np.sqrt(2.0 / dims[l - 1]))
            env[f"zeros{l}"] = _np.zeros((dims[l], 1))
        return env

    return case


def _init_program(e: dict) -> Program:
    L = e["L"]
    names = tuple(f"{p}{l}" for l in range(1, L + 1) for p in ("G", "s", "zeros"))
    steps = []
    for l in range(1, L + 1):
        steps += [Step(f"W{l}", V(f"G{l}") * V(f"s{l}"), "W[l]"), Step(f"b{l}", V(f"zeros{l}"), "b[l]")]
    return Program(names, tuple(steps))


# the scales a learner writes for W[l] instead of He's: (how it is written, its value from n[l-1] and n[l], why)
SCALES = (
    (
        "sqrt(1 / n[l-1])",
        lambda p, n: _np.sqrt(1 / p),
        "LeCun's scale, right for tanh or linear units; for ReLU, "
        "which zeroes half of Z, He doubles the variance: sqrt(2 / n[l-1])",
    ),
    (
        "sqrt(2 / (n[l-1] + n[l]))",
        lambda p, n: _np.sqrt(2 / (p + n)),
        "Xavier (Glorot)'s scale, the average of the "
        "two widths; for ReLU units, He's sqrt(2 / n[l-1]) keeps the forward signal's size",
    ),
    (
        "sqrt(2 / n[l])",
        lambda p, n: _np.sqrt(2 / n),
        "n[l] is this layer's width; the variance argument counts the n[l-1] inputs each unit sums: sqrt(2 / n[l-1])",
    ),
    (
        "sqrt(1 / n[l])",
        lambda p, n: _np.sqrt(1 / n),
        "the wrong width and the wrong factor: He's scale is "
        "sqrt(2 / n[l-1]), 2 for ReLU, n[l-1] for the inputs each unit sums",
    ),
    (
        "2 / n[l-1]",
        lambda p, n: 2 / p,
        "that is the variance; the standard deviation multiplies the draws: np.sqrt(2 / n[l-1])",
    ),
    (
        "1 / n[l-1]",
        lambda p, n: 1 / p,
        "that is a variance, and LeCun's: the standard deviation for ReLU is np.sqrt(2 / n[l-1])",
    ),
    ("2 / sqrt(n[l-1])", lambda p, n: 2 / _np.sqrt(p), "the 2 is inside the square root: sqrt(2 / n[l-1])"),
    ("sqrt(2) / n[l-1]", lambda p, n: _np.sqrt(2) / p, "n[l-1] is inside the square root too: sqrt(2 / n[l-1])"),
    (
        "0.01",
        lambda p, n: 0.01,
        "a small fixed scale: 0.01 shrinks the signal at every layer; He's scale depends on "
        "the width, sqrt(2 / n[l-1])",
    ),
    ("1", lambda p, n: 1.0, "the draws are not scaled: multiply them by sqrt(2 / n[l-1])"),
)


def _init_scale(written: str, value: Callable, why: str) -> Explicit:
    """W[l] = the draws times another scale, in every layer."""

    def values(e: dict) -> dict:
        dims = e["layer_dims"]
        return {f"W{l}": e[f"G{l}"] * value(dims[l - 1], dims[l]) for l in range(1, e["L"] + 1)}

    return Explicit(f"W[l]:scale-{written}", f"W[l] is scaled by {written}: {why}", values)


def _init_hint(got: list, envs: list) -> Change | None:
    """What no scale of :data:`SCALES` explains: b drawn, draws that are not the rng's, or a scale of its own
    (named from the spread of the learner's entries)."""
    e, g = envs[0], got[0]
    dims = e["layer_dims"]
    for l in range(1, e["L"] + 1):
        if _np.any(_np.asarray(g[f"b{l}"], dtype=float)):
            return Change(
                "b[l]:random",
                f"b[{l}] is not zero: start every b at 0 (the random W already makes the units differ). Drawing b "
                "also takes numbers from the rng, so every W after it gets other draws",
            )
    for l in range(1, e["L"] + 1):
        W, G, right = _np.asarray(g[f"W{l}"], dtype=float), e[f"G{l}"], e[f"s{l}"]
        if W.shape != G.shape or _np.allclose(W, G * right, rtol=1e-9, atol=1e-12):
            continue
        size = float(W.std())
        if not _np.any(W):
            return Change(
                "W[l]:zeros",
                f"W[{l}] is all zeros: with zero weights every unit computes the same and nothing learns. If you "
                "wrote 2 // n[l-1], that is integer division, 0 for any n[l-1] > 2: write 2 / n[l-1]",
            )
        if abs(size / right - 1) < 0.08:
            return Change(
                "W[l]:other-draws",
                f"W[{l}] has the right size (its entries' spread is {size:.3g}, He's {HE} = {right:.3g}), but not "
                "the draws of the rng you were given: draw with rng.standard_normal((n[l], n[l-1])), W[1] first, "
                "then W[2], ..., and nothing else from it, so that a run is the same run everywhere",
            )
        return Change(
            "W[l]:scale",
            f"W[{l}]'s entries have the spread {size:.3g}; He's scale for ReLU layers is {HE} = {right:.3g} "
            f"(n[l-1] = {dims[l - 1]})",
        )
    return None


INIT_HE = Exercise(
    name="init_he",
    title="He initialisation",
    lesson="08",
    points=1,
    passed=(
        "you chose the start that keeps the signal's size: W[l] = N(0, 1) * sqrt(2 / n[l-1]), b[l] = 0, every "
        "draw from the rng you were given"
    ),
    args=("layer_dims", "rng"),
    cases=(_init_case(1, (200, 100, 10)), _init_case(2, (64, 64, 64))),
    probes=(
        (
            "depth-4",
            _init_case(3, (30, 20, 20, 10, 5)),
            "your function is right for 2 layers, but not for L = 4: make one W and one b per layer, "
            "for l = 1 ... len(layer_dims) - 1",
        ),
    ),
    right=_init_program,
    outputs=("W1", "b1", "W2", "b2"),
    read=returns_dict(lambda e: [f"{p}{l}" for l in range(1, e["L"] + 1) for p in ("W", "b")], returned="params"),
    labels={"G1": "the draws", "G2": "the draws", "s1": HE, "s2": HE, "zeros1": "zeros", "zeros2": "zeros"},
    sizes=(),
    build=lambda e: [list(e["layer_dims"]), _rng(e["seed"])],
    explicit=tuple(_init_scale(*scale) for scale in SCALES),
    hint=_init_hint,
    refuse=_scratch_refuse("init_he", "W[l] = rng.standard_normal((n[l], n[l-1])) * scale"),
)


def _logits_case(seed: int, n: int, m: int, size: float = 2.0, far: str = "") -> Callable[[], dict]:
    """Logits and one-hot labels. ``far`` puts numbers 800 away: "up" lifts every logit (e^800 overflows),
    "apart" lifts example 0 and lowers example 1 (one max for the whole matrix leaves e^-1600 = 0 in column 1),
    "label" puts example 0's true class 800 below its column's largest (its probability rounds to 0)."""

    def case() -> dict:
        rng = _rng(seed)
        ZL = size * rng.standard_normal((n, m))
        Y = _eye(n)[:, rng.integers(0, n, m)]
        if far == "up":
            ZL += 800.0
        if far == "apart":
            ZL[:, 0] += 800.0
            ZL[:, 1] -= 800.0
        if far == "label":
            ZL[int(Y[:, 0].argmax()), 0] = ZL[:, 0].max() - 800.0
        return {"ZL": ZL, "Y": Y}

    return case


def _row_softmax(e: dict) -> dict:
    """A and J with the softmax taken along the rows: shifted, normalised and logged over axis 1."""
    S = e["ZL"] - e["ZL"].max(axis=1, keepdims=True)
    log_A = S - _np.log(_np.exp(S).sum(axis=1, keepdims=True))
    return {"AL": _np.exp(log_A), "J": -_np.sum(e["Y"] * log_A) / e["ZL"].shape[1]}


def _cost_value(read: Callable) -> Callable:
    """J may come back as a float, a 0-d array or a (1, 1) array: read as one number."""

    def reader(value: object, env: dict) -> tuple[dict | None, list[str]]:
        out, problems = read(value, env)
        if out is not None and out["J"].size == 1:
            out["J"] = out["J"].reshape(())
        return out, problems

    return reader


SOFTMAX_CROSS_ENTROPY = Exercise(
    name="softmax_cross_entropy",
    title="softmax with cross-entropy, stable",
    lesson="08",
    points=2,
    passed=(
        "you computed the output and the cost without overflow: A = softmax(Z) with each column shifted by its max, "
        "and J from log A = Z - logsumexp(Z), never log(0), whatever the size of the logits"
    ),
    args=("ZL", "Y"),
    cases=(_logits_case(51, 4, 5), _logits_case(52, 3, 3)),
    probes=(
        (
            "overflow",
            _logits_case(53, 4, 5, far="up"),
            "your function is right for small logits, but gives inf or nan where a logit is near 800: e^800 "
            "overflows. Subtract each column's largest logit before np.exp: softmax does not change when one number "
            "is subtracted from a whole column",
        ),
        (
            "one-max",
            _logits_case(54, 4, 5, far="apart"),
            "your function gives nan when one example's logits are near 800 and another's near -800: one max for "
            "the whole matrix leaves e^-1600 = 0 in the low column, and 0 / 0. Subtract each column's own max "
            "(np.max(Z, axis=0, keepdims=True))",
        ),
        (
            "log-of-zero",
            _logits_case(55, 4, 5, size=1.0, far="label"),
            "your J is wrong when a label's logit is 800 below the others: its probability rounds to 0, log(0) = "
            "-inf, and a small number added inside the log (or a clip) only caps the cost. Take the log without "
            "forming A: log A = (Z - max) - log(sum(exp(Z - max))), the log-sum-exp",
        ),
    ),
    right=lambda e: Program(
        ("ZL", "Y"),
        (
            Step("m", cols(V("ZL"))),
            Step("AL", fn("softmax", V("ZL"))),
            Step("J", -total(V("Y") * fn("log_softmax", V("ZL")), axis=None, keepdims=False) / V("m")),
        ),
    ),
    outputs=("AL", "J"),
    read=_cost_value(returns("AL", "J")),
    labels={"AL": "A[L]", "ZL": "Z[L]"},
    explicit=(
        Explicit(
            "AL:rows",
            "softmax ran along the rows (axis=1): each column is one example, and its probabilities sum to 1 down "
            "the column, axis=0",
            lambda e: _row_softmax(e),
        ),
        Explicit(  # the same, with J still taken down the columns
            "AL:rows",
            "softmax ran along the rows (axis=1): each column is one example, and its probabilities sum to 1 down "
            "the column, axis=0",
            lambda e: {"AL": _row_softmax(e)["AL"]},
        ),
        Explicit(
            "J:mean-of-all",
            "np.mean over every entry divides by n[L] * m; the cost averages over the m examples only: "
            "J = -np.sum(Y * log A) / m",
            lambda e: {"J": -_np.mean(e["Y"] * FUNCTIONS["log_softmax"](e["ZL"]))},
        ),
        Explicit(
            "J:binary",
            "that is the binary cross-entropy, -(Y log A + (1 - Y) log(1 - A)); with softmax the classes share one "
            "distribution and only the true class's term counts: J = -sum(Y * log A) / m",
            lambda e: {
                "J": -_np.sum(
                    e["Y"] * FUNCTIONS["log_softmax"](e["ZL"])
                    + (1 - e["Y"]) * _np.log1p(-FUNCTIONS["softmax"](e["ZL"]))
                )
                / e["ZL"].shape[1]
            },
        ),
    ),
    refuse=_scratch_refuse("softmax_cross_entropy", "A = exp(Z - max) / sum, J = -sum(Y log A) / m"),
)


def _forward_program(e: dict) -> Program:
    L = e["L"]
    steps = []
    for l in range(1, L + 1):
        steps.append(Step(f"Z{l}", V(f"W{l}") @ V(f"A{l - 1}") + V(f"b{l}"), "Z[l]"))
        if l < L:
            steps.append(Step(f"A{l}", fn("relu", V(f"Z{l}")), "A[l]"))
    names = ("A0", *(f"{p}{l}" for l in range(1, L + 1) for p in ("W", "b")))
    return Program(names, tuple(steps))


def _forward_outputs(L: int) -> tuple[str, ...]:
    return tuple(k for l in range(1, L + 1) for k in (f"A{l - 1}", f"Z{l}"))


def _read_forward(value: object, env: dict) -> tuple[dict | None, list[str]]:
    """(ZL, caches): caches[l-1] = (A_prev, Z) of layer l; ZL the last layer's Z, no softmax."""
    from .checker import as_array

    L = env["L"]
    want = "return ZL, caches, with caches[l - 1] = (A_prev, Z) for layer l"
    if not isinstance(value, (tuple, list)) or len(value) != 2:
        kind = "None" if value is None else f"a {type(value).__name__}"
        return None, [f"your function returned {kind}: {want}"]
    ZL, caches = value
    if not isinstance(caches, (list, tuple)) or len(caches) != L:
        n = len(caches) if isinstance(caches, (list, tuple)) else type(caches).__name__
        return None, [f"caches should be a list of L = {L} entries, one per layer; yours is {n}: {want}"]
    out = {}
    for l, c in enumerate(caches, start=1):
        if not isinstance(c, (tuple, list)) or len(c) != 2:
            return None, [f"caches[{l - 1}] should be the pair (A_prev, Z) of layer {l}: {want}"]
        for name, v in ((f"A{l - 1}", c[0]), (f"Z{l}", c[1])):
            arr, problem = as_array(name, v)
            if problem:
                return None, [f"in caches[{l - 1}]: {problem}"]
            out[name] = arr
    arr, problem = as_array("ZL", ZL)
    if problem:
        return None, [problem]
    last = out[f"Z{L}"]
    truth = env["__truth__"]
    for l in range(1, L):
        right = truth.get(f"Z{l}")
        if right is not None and not close(out[f"Z{l}"], right) and close(out[f"Z{l}"], _maximum(right, 0)):
            return None, [
                f"the Z in caches[{l - 1}] went through ReLU: computing A in place (np.maximum(Z, 0, out=Z), "
                "Z[Z < 0] = 0, Z *= Z > 0) overwrites Z, and backward needs the Z before it. Make A a new array"
            ]
    outputs_of = [_maximum(out[f"Z{l}"], 0) for l in range(1, L)] + [last]
    if all(close(out[f"A{l - 1}"], outputs_of[l - 1]) for l in range(1, L + 1)):
        return None, [
            "each cache holds the layer's output where its input A_prev belongs: store (A, Z) before the line that "
            "computes the new A (dW[l] = 1/m dZ[l] A[l-1]^T needs the layer's input)"
        ]
    if not close(arr, last):
        soft = FUNCTIONS["softmax"](last) if last.ndim == 2 else None
        if soft is not None and close(arr, soft):
            return None, [
                "the ZL you return is softmax(Z[L]): forward returns the logits Z[L] themselves; the softmax is in "
                "softmax_cross_entropy, where its log can be taken without overflow"
            ]
        if close(arr, _maximum(last, 0)):
            return None, ["the ZL you return went through ReLU: the output layer has no ReLU, ZL = W[L] A[L-1] + b[L]"]
        if close(last, env["__truth__"].get(f"Z{L}")):
            return None, [f"the ZL you return is not the Z[L] in caches[{L - 1}], which is right: return that Z"]
    out["ZL"] = arr
    return out, []


def _forward_values(e: dict, g: Callable, bias: Callable = lambda b: b) -> dict:
    """Every output of the forward pass with hidden activation ``g`` (and the bias as ``bias`` makes it)."""
    out, A = {}, e["A0"]
    for l in range(1, e["L"] + 1):
        out[f"A{l - 1}"] = A
        out[f"Z{l}"] = Z = e[f"W{l}"] @ A + bias(e[f"b{l}"])
        A = g(Z)
    return out


def _forward_case(dims: Sequence[int], m: int, seed: int) -> Callable[[], dict]:
    return lambda: _network(dims, m, "relu", "softmax", seed)


FORWARD_PASS = Exercise(
    name="forward_pass",
    title="forward pass with caches",
    lesson="08",
    points=2,
    passed=(
        "you wrote the forward pass of any depth: Z[l] = W[l] A[l-1] + b[l], ReLU below the top, the logits Z[L] "
        "on top, and in each cache the A_prev and Z the backward pass will need"
    ),
    args=("X", "params"),
    cases=(_forward_case([4, 5, 3], 6, 61), _forward_case([4, 4, 4], 4, 62)),
    probes=(
        (
            "depth-3",
            _forward_case([3, 5, 4, 2], 5, 63),
            "your function is right for 2 layers, but not for L = 3: read L from params (L = len(params) // 2) and "
            "loop over every layer",
        ),
    ),
    right=_forward_program,
    outputs=_forward_outputs(2),
    read=_read_forward,
    labels={"A0": "X (A0)", "relu": "ReLU"},
    sizes=(),
    build=lambda e: [e["A0"], {f"{p}{l}": e[f"{p}{l}"] for l in range(1, e["L"] + 1) for p in ("W", "b")}],
    explicit=(
        *(
            Explicit(
                f"A[l]:relu->{g}",
                f"the hidden layers use {g}; this network's hidden units are ReLU: A = np.maximum(0, Z)",
                lambda e, g=g: _forward_values(e, FUNCTIONS[g]),
            )
            for g in ("tanh", "sigmoid", "softplus", "leaky_relu")
        ),
        Explicit(
            "Z[l]:b-summed",
            "b was summed into one number: add the column b[l], one bias per unit",
            lambda e: _forward_values(e, FUNCTIONS["relu"], lambda b: b.sum()),
        ),
    ),
    refuse=_scratch_refuse("forward_pass", "Z = W @ A_prev + b, A = np.maximum(0, Z)"),
)


def _scratch_caches(e: dict) -> list:
    return [(e[f"A{l - 1}"], e[f"Z{l}"]) for l in range(1, e["L"] + 1)]


BACKWARD_PASS = Exercise(
    name="backward_pass",
    title="backward pass from your caches",
    lesson="08",
    points=2,
    passed=(
        "you wrote the backward pass on your own caches: dZ[L] = A[L] - Y, then for each layer down dW, db, and "
        "dA[l-1] = W[l]^T dZ[l] through the ReLU mask"
    ),
    args=("AL", "Y", "caches", "params"),
    cases=(_L_case([4, 5, 3, 3], 6, 71, True), _L_case([4, 4, 4, 4], 4, 72, False)),
    probes=_deeper(73),
    right=lambda e: network_backward(e["L"], "relu"),
    loops=_loops("relu", cached=("A", "Z")),  # caches[l - 1] = (A_prev, Z); W from params by the layer's number
    outputs=_order(3),
    read=L_GRADS,
    labels={"relu'": "the ReLU mask (Z > 0)"},
    build=lambda e: [
        e["AL"],
        e["Y"],
        _scratch_caches(e),
        {f"{p}{l}": e[f"{p}{l}"] for l in range(1, e["L"] + 1) for p in ("W", "b")},
    ],
    explicit=L_LAYER_BACKWARD.explicit,
    refuse=_scratch_refuse("backward_pass", "the loop from l = L down to 1"),
)


def _predict_program(e: dict) -> Program:
    forward = _forward_program(e)
    return Program(forward.inputs, (*forward.steps, Step("labels", fn("argmax", V(f"Z{e['L']}")))))


def _lowered(e: dict) -> dict:
    """The same network with every logit below zero: b[L] lowered far enough."""
    L = e["L"]
    e[f"b{L}"] = e[f"b{L}"] - (e[f"Z{L}"].max() + 1.0)
    e[f"Z{L}"] = e[f"W{L}"] @ e[f"A{L - 1}"] + e[f"b{L}"]
    return e


def _integers(read: Callable) -> Callable:
    """Labels are whole numbers: floats that hold whole numbers are named (np.argmax gives integers)."""

    def reader(value: object, env: dict) -> tuple[dict | None, list[str]]:
        kind = getattr(getattr(value, "dtype", None), "kind", "")
        if kind == "f" and getattr(value, "size", 0) and bool(_np.all(_np.asarray(value) == _np.round(value))):
            return None, [
                "your labels are floats: a class is a whole number, and np.argmax gives integers; return them as "
                "they come (or with .astype(int))"
            ]
        return read(value, env)

    return reader


PREDICT = Exercise(
    name="predict",
    title="predict",
    lesson="08",
    points=1,
    passed=(
        "you turned logits into digits: the row of each column's largest logit, np.argmax(ZL, axis=0), one integer "
        "per example; softmax keeps the order, so the logits alone decide"
    ),
    args=("X", "params"),
    cases=(_forward_case([4, 5, 3], 6, 81), _forward_case([4, 4, 4], 4, 82)),
    right=_predict_program,
    probes=(
        (
            "negative-logits",
            lambda: _lowered(_forward_case([4, 5, 3], 6, 83)()),
            "your function is right while some logit of each column is positive, but not when all are negative: "
            "something before the argmax (a ReLU, a clip) changed their order. The prediction is the argmax of the "
            "logits themselves",
        ),
    ),
    outputs=("labels",),
    read=_integers(returns("labels")),
    labels={"A0": "X (A0)", "argmax": "np.argmax(..., axis=0)"},
    sizes=(),
    build=lambda e: [e["A0"], {f"{p}{l}": e[f"{p}{l}"] for l in range(1, e["L"] + 1) for p in ("W", "b")}],
    explicit=(
        Explicit(
            "labels:rows",
            "np.argmax along axis=1 picks an example for each class; the prediction is a class for each example, "
            "the row of the largest entry in each column: np.argmax(ZL, axis=0)",
            lambda e: {"labels": _np.argmax(e[f"Z{e['L']}"], axis=1)},
        ),
        Explicit(
            "labels:max",
            "np.max gives the largest logit itself; the prediction is where it is, np.argmax(ZL, axis=0)",
            lambda e: {"labels": _np.max(e[f"Z{e['L']}"], axis=0)},
        ),
        Explicit(
            "labels:argmin",
            "np.argmin picks the least likely class: the prediction is np.argmax(ZL, axis=0)",
            lambda e: {"labels": _np.argmin(e[f"Z{e['L']}"], axis=0)},
        ),
    ),
    refuse=_scratch_refuse("predict", "np.argmax(ZL, axis=0)"),
)


TRAINING_LOOP = Exercise(
    name="training_loop",
    title="the training loop, minibatches",
    lesson="08",
    points=2,
    passed=(
        "you trained a network you wrote line by line: He start, minibatches in a new order each epoch, forward, "
        "the stable cost, backward, W := W - alpha dW, on the digits"
    ),
    args=("X", "Y", "layer_dims", "epochs", "batch_size", "learning_rate", "seed"),
    cases=(),
    right=lambda e: Program((), ()),
    outputs=(),
    read=returns(),
    judge=_judged_by("loop"),
    refuse=_scratch_refuse("training_loop", "your own init, forward, cost, backward and update"),
)


# ---------------------------------------------------------------------------- lesson 09: from formulas to autograd

ENGINE = {"a": "a", "b": "b", "grad": "grad (the gradient of out)", "grad_a": "grad_a", "grad_b": "grad_b"}


def _engine_case(seed: int, a: tuple[int, int], b: tuple[int, int], out: tuple[int, int]) -> Callable[[], dict]:
    def case() -> dict:
        rng = _rng(seed)
        return {"a": rng.standard_normal(a), "b": rng.standard_normal(b), "grad": rng.standard_normal(out)}

    return case


def _over_m(e: dict) -> dict:
    m = e["grad"].shape[1]
    return {"grad_a": e["grad"] @ e["b"].T / m, "grad_b": e["a"].T @ e["grad"] / m}


MATMUL_BACKWARD = Exercise(
    name="matmul_backward",
    title="the backward of out = a @ b",
    lesson="09",
    points=2,  # one per quantity the function returns
    passed=(
        "you wrote the backward closure of a matrix product: grad_a = grad @ b.T (3, 4) like a, grad_b = a.T @ grad "
        "(4, 5) like b; with a = W and b = A_prev that is dW and dA_prev, the 1/m already inside grad"
    ),
    args=("a", "b", "grad"),
    cases=(_engine_case(101, (3, 4), (4, 5), (3, 5)), _engine_case(102, (4, 4), (4, 4), (4, 4))),
    right=lambda e: Program(
        ("a", "b", "grad"), (Step("grad_a", V("grad") @ V("b").T), Step("grad_b", V("a").T @ V("grad")))
    ),
    outputs=("grad_a", "grad_b"),
    read=returns("grad_a", "grad_b"),
    labels=ENGINE,
    sizes=(),
    explicit=(
        Explicit(
            "grad:over-m",
            "both gradients are divided by m: the engine's grad is dJ/d(out), which holds the 1/m already (the "
            "loss node put it there); the lessons' dW = 1/m dZ A_prev^T divides because their dZ = A - Y does not",
            _over_m,
        ),
    ),
    refuse=_refuse("matmul_backward", "grad_a = grad @ b.T, grad_b = a.T @ grad", "linear_backward", "backward"),
)


def _add_program(e: dict) -> Program:
    """grad_a = grad; grad_b = grad summed over the axes where b was broadcast (none, or the examples)."""
    grad = V("grad")
    b_grad = total(grad) if e["b"].shape[1] == 1 and e["grad"].shape[1] != 1 else grad
    return Program(("a", "b", "grad"), (Step("grad_a", grad), Step("grad_b", b_grad)))


ADD_BACKWARD = Exercise(
    name="add_backward",
    title="the backward of out = a + b, broadcast",
    lesson="09",
    points=2,  # one per quantity the function returns
    passed=(
        "you wrote the backward closure of a broadcast sum: grad_a = grad, and b's (3, 1) column, added to every "
        "column, collects grad summed over the examples, np.sum(grad, axis=1, keepdims=True): the sum in db"
    ),
    args=("a", "b", "grad"),
    cases=(_engine_case(111, (3, 5), (3, 1), (3, 5)), _engine_case(112, (4, 4), (4, 1), (4, 4))),
    probes=(
        (
            "same-shape",
            _engine_case(113, (3, 4), (3, 4), (3, 4)),
            "your grad_b is right for a column b, but when b has a's shape (3, 4), nothing was broadcast and "
            "grad_b = grad: sum over axis 1 only where b has one column and grad has more",
        ),
    ),
    right=_add_program,
    outputs=("grad_a", "grad_b"),
    read=returns("grad_a", "grad_b"),
    labels=ENGINE,
    sizes=(),
    explicit=(
        Explicit(
            "grad_b:mean",
            "grad_b is the mean over the examples: the engine's grad holds the 1/m already, so the broadcast column "
            "collects the plain sum, np.sum(grad, axis=1, keepdims=True)",
            lambda e: {"grad_a": e["grad"], "grad_b": e["grad"].mean(axis=1, keepdims=True)},
        ),
        Explicit(
            "grad_b:not-summed",
            "grad_b is grad itself, (n, m), but b is a column (n, 1): b was added to every column, so its gradient "
            "is the sum over them, np.sum(grad, axis=1, keepdims=True)",
            lambda e: {"grad_a": e["grad"], "grad_b": e["grad"]},
        ),
        Explicit(
            "grad_b:one-number",
            "grad_b is one number, the sum of every entry: sum over the examples only (axis=1), one entry per unit",
            lambda e: {"grad_a": e["grad"], "grad_b": _np.sum(e["grad"])},
        ),
        Explicit(
            "grad_a:summed",
            "grad_a was summed too: a has grad's shape, nothing was broadcast into it, so grad_a = grad",
            lambda e: {"grad_a": e["grad"].sum(axis=1, keepdims=True), "grad_b": e["grad"].sum(axis=1, keepdims=True)},
        ),
    ),
    refuse=_refuse("add_backward", "grad_b = np.sum(grad, axis=1, keepdims=True)", "linear_backward", "backward"),
)


ENGINE_BACKWARD = Exercise(
    name="engine_backward",
    title="Tensor.backward: topological order and +=",
    lesson="09",
    points=2,
    passed=(
        "you wrote reverse mode: the root's gradient set to ones, every node after its parents in a topological "
        "order, walked from the root down, each parent adding (+=) its share; a value used twice gets both"
    ),
    args=("root",),
    cases=(),
    right=lambda e: Program((), ()),
    outputs=(),
    read=returns(),
    judge=_judged_by("engine"),
    refuse=_refuse("engine_backward", "the topological order and +=", "backward"),
)


# ---------------------------------------------------------------------------- lesson 02: the chain rule on a graph


GRAPH_BACKWARD = Exercise(
    name="graph_backward",
    title="the backward walk on f = (max(x y, z) + x) y",
    lesson="02",
    points=3,  # one per quantity the function returns
    passed=(
        "you walked a graph the lesson did not: df/df = 1, then from f down, each node passing its gradient times "
        "its local derivative; max routed to the larger input, and x and y, each read twice, got both shares"
    ),
    args=("x", "y", "z"),
    cases=(),
    right=lambda e: Program((), ()),
    outputs=(),
    read=returns(),
    judge=_judged_by("walk"),
    refuse={
        "graph_backward": "your function calls the library's graph code, which computes this exercise's answer: "
        "write it yourself, node by node from f down; the exercise is the walk"
    },
)

EXERCISES = {
    ex.name: ex
    for ex in (
        LINEAR_FORWARD,
        OUTPUT_BACKWARD,
        SIGMOID_SQUARED_ERROR,
        GRAPH_BACKWARD,
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
        MYSTERY_REPAIR,
        INIT_HE,
        SOFTMAX_CROSS_ENTROPY,
        FORWARD_PASS,
        BACKWARD_PASS,
        TRAINING_LOOP,
        PREDICT,
        MATMUL_BACKWARD,
        ADD_BACKWARD,
        ENGINE_BACKWARD,
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


# ---------------------------------------------------------------------------- lesson 10: training in practice

L2_KEYS = ("dW", "db")


def _l2_case(dims: Sequence[int], seed: int, lambd: float, m: int) -> Callable[[], dict]:
    """A network's W[l], b[l] and backprop's dW[l], db[l] (random), and the lambda and m of the penalty."""

    def case() -> dict:
        rng = _rng(seed)
        env: dict = {"L": len(dims) - 1, "lambd": lambd, "m": m}
        for l in range(1, len(dims)):
            env[f"W{l}"] = rng.standard_normal((dims[l], dims[l - 1]))
            env[f"b{l}"] = rng.standard_normal((dims[l], 1))
            env[f"dW{l}"] = rng.standard_normal((dims[l], dims[l - 1]))
            env[f"db{l}"] = rng.standard_normal((dims[l], 1))
        return env

    return case


def _l2_program(e: dict) -> Program:
    """dW[l] + lambd / m * W[l] and db[l] unchanged, layer by layer (the loop a learner writes)."""
    L, steps = e["L"], []
    for l in range(1, L + 1):
        steps.append(Step(f"new_dW{l}", V(f"dW{l}") + V("lambd") / V("m") * V(f"W{l}"), "dW[l]"))
        steps.append(Step(f"new_db{l}", V(f"db{l}"), "db[l]"))
    names = ("lambd", "m", *(f"{p}{l}" for l in range(1, L + 1) for p in ("W", "b", "dW", "db")))
    return Program(names, tuple(steps))


def _l2_values(e: dict, dW: Callable, db: Callable = lambda db, b, k: db) -> dict:
    """Every layer's new dW and db, written as ``dW(dW, W, lambda / m)`` and ``db(db, b, lambda / m)``."""
    k = e["lambd"] / e["m"]
    out = {}
    for l in range(1, e["L"] + 1):
        out[f"new_dW{l}"] = dW(e[f"dW{l}"], e[f"W{l}"], k)
        out[f"new_db{l}"] = db(e[f"db{l}"], e[f"b{l}"], k)
    return out


def _read_l2(value: object, env: dict) -> tuple[dict | None, list[str]]:
    keys = [f"{p}{l}" for l in range(1, env["L"] + 1) for p in L2_KEYS]
    out, problems = returns_dict(keys)(value, env)
    return ({f"new_{k}": v for k, v in out.items()} if out is not None else None), problems


def _l2_factor(got: list, envs: list) -> Change | None:
    """What the learner added to each dW[l] is c W[l] for a number c of their own: name c against lambda/m."""
    e, g = envs[0], got[0]
    factors = []
    for l in range(1, e["L"] + 1):
        added = _np.asarray(g.get(f"new_dW{l}"), dtype=float) - e[f"dW{l}"]
        W = e[f"W{l}"]
        if added.shape != W.shape:
            return None
        c = float(_np.vdot(added, W) / _np.vdot(W, W))
        if not close(added, c * W) or not close(g.get(f"new_db{l}"), e[f"db{l}"]):
            return None
        factors.append(c)
    right = e["lambd"] / e["m"]
    if all(abs(c - right) < 1e-9 * max(1.0, right) for c in factors):
        return None
    said = ", ".join(f"{c:.4g} in layer {l}" for l, c in enumerate(factors, start=1))
    if max(factors) - min(factors) > 1e-9 * max(map(abs, factors)):
        return Change(
            "dW:factor-per-layer",
            f"you added c W[l] to dW[l], with c = {said}: the factor changes from layer to layer, but the penalty's "
            f"derivative is lambda/m W[l] in every layer, lambda/m = {e['lambd']:g}/{e['m']} = {right:.4g} here "
            "(is the layer number l, or L, in your factor?)",
        )
    return Change(
        "dW:other-factor",
        f"you added c W[l] to dW[l] with c = {factors[0]:.4g}, but the penalty's derivative is lambda/m W[l], "
        f"lambda/m = {e['lambd']:g}/{e['m']} = {right:.4g} here: check which numbers your factor divides",
    )


L2_BACKWARD = Exercise(
    name="l2_backward",
    title="the L2 term of the backward step",
    lesson="10",
    points=2,
    passed=(
        "you derived the gradient of the penalty yourself: d/dW of lambda/(2m) ||W||^2 is lambda/m W (the 2 of the "
        "square cancels the 1/2), added to every dW[l]; the penalty holds no b, so every db[l] stays backprop's own"
    ),
    args=("grads", "params", "lambd", "m"),
    cases=(_l2_case([3, 4, 2], 131, 0.7, 8), _l2_case([4, 4, 4], 132, 1.5, 5)),
    probes=(
        (
            "depth-3",
            _l2_case([3, 5, 4, 2], 133, 0.7, 8),
            "your function is right for 2 layers, but not for L = 3: loop over every layer, l = 1 ... L with "
            "L = len(params) // 2",
        ),
    ),
    right=_l2_program,
    outputs=("new_dW1", "new_db1", "new_dW2", "new_db2"),
    read=_read_l2,
    labels={
        "new_dW1": "dW1 with the penalty",
        "new_dW2": "dW2 with the penalty",
        "new_db1": "db1 with the penalty",
        "new_db2": "db2 with the penalty",
        "lambd": "lambd (lambda)",
    },
    build=lambda e: [
        {f"{p}{l}": e[f"{p}{l}"] for l in range(1, e["L"] + 1) for p in L2_KEYS},
        {f"{p}{l}": e[f"{p}{l}"] for l in range(1, e["L"] + 1) for p in ("W", "b")},
        e["lambd"],
        e["m"],
    ],
    explicit=(
        Explicit(
            "db:decayed",
            "the biases got the L2 term too: the penalty lambda/(2m) sum ||W[l]||^2 holds no b, so nothing is added "
            "to db[l]; it stays backprop's own",
            lambda e: _l2_values(e, lambda dW, W, k: dW + k * W, lambda db, b, k: db + k * b),
        ),
        Explicit(
            "dW:2lambda/m",
            "you wrote 2 lambda/m W: the derivative of W^2 is 2W, and that 2 cancels the 1/2 of lambda/(2m), which "
            "leaves lambda/m W",
            lambda e: _l2_values(e, lambda dW, W, k: dW + 2 * k * W),
        ),
        Explicit(
            "dW:lambda/2m",
            "you wrote lambda/(2m) W, the penalty's own factor: differentiating W^2 brings down a 2 that cancels "
            "the 1/2, so the term is lambda/m W",
            lambda e: _l2_values(e, lambda dW, W, k: dW + k / 2 * W),
        ),
        Explicit(
            "dW:W-squared",
            "you added lambda/m W^2, which is (twice) a term of the cost itself; dW needs its derivative with "
            "respect to W, lambda/m W",
            lambda e: _l2_values(e, lambda dW, W, k: dW + k * W * W),
        ),
        Explicit(
            "dW:penalty-added",
            "you added the penalty itself, one number, to every entry of dW; dW needs the penalty's derivative "
            "with respect to each entry, lambda/m W",
            lambda e: _l2_values(
                e,
                lambda dW, W, k: dW + k / 2 * sum(_np.sum(e[f"W{l}"] ** 2) for l in range(1, e["L"] + 1)),
            ),
        ),
        Explicit(
            "dW:penalty-only",
            "dW[l] holds only the penalty's part, lambda/m W[l]: the gradient of a sum is the sum of the gradients, "
            "so add it to backprop's dW[l] (the gradient of J), dW[l] + lambda/m W[l]",
            lambda e: _l2_values(e, lambda dW, W, k: k * W),
        ),
        *(
            Explicit(
                f"dW:m-from-W.shape[{axis}]",
                f"you divided by W.shape[{axis}], a size of W[l] (the units of a layer), not by m, the number of "
                "examples the cost averages over: use the m the function is given",
                lambda e, axis=axis: _l2_values(e, lambda dW, W, k: dW + e["lambd"] / W.shape[axis] * W),
            )
            for axis in (0, 1)
        ),
        Explicit(
            "dW:layer-penalty-added",
            "you added the layer's penalty lambda/(2m) ||W[l]||^2, one number, to every entry of dW[l]; dW needs "
            "its derivative with respect to each entry, lambda/m W[l]",
            lambda e: _l2_values(e, lambda dW, W, k: dW + k / 2 * _np.sum(W**2)),
        ),
    ),
    hint=_l2_factor,
    refuse=_refuse("l2_backward", "dW[l] + lambd / m * W[l]", "l2_gradient", "backward_practice", "train_minibatch"),
)


def _dropout_case(seed: int, n: int, m: int, keep_prob: float) -> Callable[[], dict]:
    """A gradient for the dropped activations, the forward pass's 0/1 mask (both kinds present) and keep_prob."""

    def case() -> dict:
        rng = _rng(seed)
        D = (rng.random((n, m)) < keep_prob).astype(float)
        D[0, 0], D[0, 1] = 0.0, 1.0
        return {"dA_drop": rng.standard_normal((n, m)), "mask": D, "keep_prob": keep_prob}

    return case


def _fresh_mask(got: list, envs: list) -> Change | None:
    """The learner's dA is dA_drop / keep_prob (or dA_drop) on some entries and 0 on the others, but not on the
    entries of the mask given: a mask drawn anew."""
    for scaled in (True, False):
        fits = True
        for g, e in zip(got, envs, strict=True):
            dA = _np.asarray(g.get("dA"), dtype=float)
            full = e["dA_drop"] / e["keep_prob"] if scaled else e["dA_drop"]
            if dA.shape != full.shape:
                return None
            kept = _np.isclose(dA, full, rtol=1e-9, atol=1e-12)
            if not _np.all(kept | (dA == 0)) or _np.array_equal(kept, e["mask"] == 1):
                fits = False
                break
        if fits:
            return Change(
                "dA:fresh-mask" if scaled else "dA:fresh-mask-no-scale",
                "your function zeroes other entries than the mask it was given: it drew a new mask. The backward "
                "step uses the forward pass's own mask: the units it dropped passed nothing forward, so they get no "
                "gradient, and the units it kept get theirs"
                + ("" if scaled else ", times 1/keep_prob (the kept units were scaled up by it)"),
            )
    return None


DROPOUT_BACKWARD = Exercise(
    name="dropout_backward",
    title="dropout backward",
    lesson="10",
    points=1,
    passed=(
        "you wrote dropout's backward step: dA = dA_drop * mask / keep_prob, with the forward pass's own mask and "
        "its 1/keep_prob; a dropped unit gets no gradient, as a ReLU unit with Z <= 0 does (lesson 03)"
    ),
    args=("dA_drop", "mask", "keep_prob"),
    cases=(_dropout_case(121, 4, 6, 0.8), _dropout_case(122, 5, 5, 0.7)),
    right=lambda e: Program(("dA_drop", "mask", "keep_prob"), (Step("dA", V("dA_drop") * V("mask") / V("keep_prob")),)),
    outputs=("dA",),
    read=returns("dA"),
    labels={"dA_drop": "dA_drop (the gradient for A~)", "mask": "mask (D[l])"},
    sizes=(),
    explicit=(
        Explicit(
            "dA:drop-rate",
            "you divided by 1 - keep_prob, the share of units dropped; the forward pass scaled the kept units by "
            "1/keep_prob, the share kept, and the backward step multiplies by that same number",
            lambda e: {"dA": e["dA_drop"] * e["mask"] / (1 - e["keep_prob"])},
        ),
        Explicit(
            "dA:inverted-mask",
            "the mask is inverted: the units the forward pass kept (mask 1) pass their gradient back, the dropped "
            "ones (mask 0) get none; use mask, not 1 - mask",
            lambda e: {"dA": e["dA_drop"] * (1 - e["mask"]) / e["keep_prob"]},
        ),
        Explicit(
            "dA:inverted-mask-no-scale",
            "the mask is inverted, and the 1/keep_prob is missing: the kept units (mask 1) pass their gradient "
            "back, scaled by 1/keep_prob as in the forward pass",
            lambda e: {"dA": e["dA_drop"] * (1 - e["mask"])},
        ),
        Explicit(
            "dA:unchanged",
            "dA_drop came back unchanged: the dropped units passed nothing forward, so the mask zeroes their "
            "gradient, and the kept ones were scaled by 1/keep_prob, so theirs is too",
            lambda e: {"dA": e["dA_drop"]},
        ),
        Explicit(
            "dA:mask-from-dA",
            "the mask was built from dA_drop: the units to zero are the ones the forward pass dropped (mask == 0), "
            "whatever the sign of their gradient",
            lambda e: {"dA": e["dA_drop"] * (e["dA_drop"] > 0) / e["keep_prob"]},
        ),
    ),
    hint=_fresh_mask,
    refuse=_refuse(
        "dropout_backward",
        "dA = dA_drop * mask / keep_prob",
        "dropout_backward",
        "dropout_forward",
        "backward_practice",
    ),
)

EXERCISES.update({ex.name: ex for ex in (L2_BACKWARD, DROPOUT_BACKWARD)})
