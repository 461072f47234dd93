"""Fuzzing generated from the API: every public function gets hostile arguments, drawn from its signature.

Every function declared with ``@public`` (backprop_lib._validate.PUBLIC) is called with arguments drawn by
parameter name (``STRATEGIES``): plausible values mixed with hostile ones (np.matrix, masked and complex
arrays, NaN, 1e308, odd shapes, huge sizes, odd types). Whatever comes, the function must give a finite answer
or raise an InputError (a ValueError with the formula in its message), within a time and a memory budget; never
another exception, never NaN or inf in what it returns. A new public function is fuzzed without a new test: its
parameters only need a strategy here, and a test fails until they have one.

The explorers are fuzzed the same way (``EXPLORER_CALLS``): every family's constructor (its parameters and,
through ``**kwargs``, its bases'), ``from_state`` on real state lines mangled field by field, and ``set``,
``select``, ``nudge`` and ``run`` on a freshly built explorer. Each explorer is closed after its example, and the
whole run must leave ipywidgets' registry as it found it.
"""

from __future__ import annotations

import inspect
import math
import time
import tracemalloc

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import backprop_lib as bp
import backprop_lib.widgets
from backprop_lib._validate import PUBLIC

SECONDS = 5.0  # one call, at most
MEGABYTES = 300  # what one call may allocate at its peak (tracemalloc sees numpy's buffers)

# ----------------------------------------------------------------------------------------- values


def _odd_array(base: np.ndarray, how: str):
    return {
        "plain": lambda: base,
        "list": lambda: base.tolist(),
        "matrix": lambda: np.matrix(base),
        "masked": lambda: np.ma.masked_array(base, mask=np.zeros(base.shape, bool)),
        "complex": lambda: base.astype(complex),
        "bool": lambda: base > 0,
        "int8": lambda: (base * 50).astype(np.int8),
        "float16": lambda: base.astype(np.float16),
        "float32": lambda: base.astype(np.float32),
        "object": lambda: base.astype(object),
        "nan": lambda: np.where(np.arange(base.size).reshape(base.shape) == 0, np.nan, base),
        "inf": lambda: np.full(base.shape, np.inf),
        "huge": lambda: np.full(base.shape, 1e308),
        "tiny": lambda: np.full(base.shape, 5e-324),
        "1-D": lambda: base.ravel(),
        "3-D": lambda: base[None],
        "0-d": lambda: np.asarray(1.5),
        "empty": lambda: np.zeros((base.shape[0], 0)),
        "transposed": lambda: base.T,
        "strided": lambda: np.repeat(base, 2, axis=1)[:, ::2],
        "fortran": lambda: np.asfortranarray(base),
        "read-only": lambda: _read_only(base),
        "string": lambda: "abc",
        "none": lambda: None,
    }[how]()


def _read_only(a: np.ndarray) -> np.ndarray:
    a = a.copy()
    a.flags.writeable = False
    return a


HOW = [
    "plain", "plain", "plain", "list", "matrix", "masked", "complex", "bool", "int8", "float16", "float32", "object",
    "nan", "inf", "huge", "tiny", "1-D", "3-D", "0-d", "empty", "transposed", "strided", "fortran", "read-only",
    "string", "none",
]  # fmt: skip


@st.composite
def arrays(draw, rows=None, cols=None):
    r = draw(st.integers(1, 5)) if rows is None else rows
    c = draw(st.integers(1, 6)) if cols is None else cols
    seed = draw(st.integers(0, 2**16))
    base = np.random.default_rng(seed).standard_normal((r, c))
    return _odd_array(base, draw(st.sampled_from(HOW)))


NUMBERS = st.one_of(
    st.sampled_from([0.1, 0.5, 1.0, 1e-6, 2.0]),
    st.sampled_from([0.0, -1.0, float("nan"), float("inf"), -float("inf"), 1e308, 5e-324, -0.0, 1e-300]),
    st.sampled_from([True, None, "0.1", [0.1], np.float32(0.5), np.array(0.1), np.array([0.1, 0.2]), 10**400]),
)
INTS = st.one_of(
    st.integers(0, 12),
    st.sampled_from([-1, 10**9, 2**80, 1.5, 2.0, True, None, "3", np.int64(4), np.uint8(3), np.array(3)]),
)
NAMES = st.sampled_from(["relu", "tanh", "sigmoid", "leaky_relu", "softmax", "linear", "ReLU", "", None, 3, "relu "])
DIMS = st.one_of(
    st.lists(st.integers(1, 6), min_size=2, max_size=4),
    st.sampled_from([[], [3], [3, 0, 2], [3, -1, 2], [3, 2.5, 2], [10**6, 10**5], [2] * 3000, "3,4,2", 5,
                     np.array([3, 4, 2]), (3, 4, 2), [3, True, 2], [3, 10**12, 2], [np.int64(3), 4, 2]]),
)  # fmt: skip


@st.composite
def params(draw):
    dims = draw(st.lists(st.integers(1, 5), min_size=2, max_size=4))
    p = bp.init_params(dims, seed=draw(st.integers(0, 100)))
    how = draw(st.sampled_from(["plain", "plain", "missing", "extra", "odd value", "not a dict", "key type"]))
    if how == "missing":
        p.pop(draw(st.sampled_from(sorted(p))))
    elif how == "extra":
        p["W9"] = np.ones((2, 2))
    elif how == "odd value":
        k = draw(st.sampled_from(sorted(p)))
        p[k] = _odd_array(p[k], draw(st.sampled_from(HOW)))
    elif how == "not a dict":
        return list(p.values())
    elif how == "key type":
        p[1] = p.pop("W1")
    return p


def _grads(p: dict) -> dict:
    return {f"d{k}": np.ones_like(v) for k, v in p.items() if isinstance(k, str) and hasattr(v, "shape")}


# ----------------------------------------------------------------------------------------- explorers

W = bp.widgets
FAMILIES = [
    W.LayerExplorer, W.OutputExplorer, W.ChainExplorer, W.MaskExplorer, W.MatmulExplorer, W.OuterProductExplorer,
    W.BackwardStepper, W.GradCheckExplorer, W.GraphStepper,
]  # fmt: skip
FLOWER_X, FLOWER_Y = bp.data.flower(m=40)
_LINES: list[str] = []


def _lines() -> list[str]:
    """A state line of every family: as built, and after a move, a click and a control change."""
    if not _LINES:
        for cls in FAMILIES:
            ex = cls(bugs=bp.exercises.bug_zoo()) if cls is W.GradCheckExplorer else cls()
            _LINES.append(ex.state)
            editable = [m["name"] for m in ex.heatmaps.maps if m.get("editable")]
            if editable:
                ex.nudge(editable[0], 0, 0, 3)
            ex.select([m["name"] for m in ex.heatmaps.maps if "name" in m][-1], 0, 0)
            control = ex._controls()[0]
            options = getattr(control, "_options_values", None)
            control.value = options[-1] if options is not None else control.min
            ex.rescale()
            _LINES.append(ex.state)
            ex.close()
    return _LINES


HOSTILE = [
    "", "0", "-1", "1e308", "-1e308", "nan", "inf", "9" * 30, "3,4,2", "100000,100000,2", "1024,1024,1024",
    "4000000", ",".join(["1"] * 40), "relu", "tanh,relu", "softmax", "own", "zoo", "W1.0.0", "W1.0.0,W1.0.0",
    "W9.0.0", "dW%5B1%5D:0:0", "a:b:c", "%00", "%", "0.5", "3", "True", "__import__('os').getcwd()", "{0}",
    "\uff13", "\u0663", "\u200b", "1_000", "0x10", "Y:0:0", "dZ%5B3%5D:-1", "W%5B1%5D:", "x" * 300,
]  # fmt: skip


@st.composite
def state_lines(draw):
    """A real state line, as is or mangled: a field's value replaced, a field dropped, added or repeated, the
    family swapped, a weight moved, a character inserted, the line cut or repeated."""
    tokens = draw(st.sampled_from(_lines())).split()
    value = draw(st.one_of(st.sampled_from(HOSTILE), st.text(max_size=6)))
    k = draw(st.integers(0, len(tokens) - 1))
    how = draw(st.sampled_from(["as is", "value", "value", "drop", "add", "repeat", "family", "move", "char", "cut"]))
    if how == "value":
        key = tokens[k].partition("=")[0]
        tokens[k] = f"{key}={value}"
    elif how == "drop" and len(tokens) > 1:
        del tokens[k]
    elif how == "add":
        field = draw(st.sampled_from(["dims", "m", "layer", "sliders", "editable", "data", "bugs", "ctl", "select",
                                      "scale", "seed", "nonsense", "W1[0,0]", "b1[0,0]", "W1[9,9]"]))  # fmt: skip
        tokens.append(f"{field}={value}")
    elif how == "repeat":
        tokens.append(tokens[k])
    elif how == "family":
        tokens[0] = draw(st.sampled_from([c.__name__ for c in FAMILIES] + ["Explorer", "ShapeExplorer", "os"]))
    elif how == "move":
        key, i, j = (
            draw(st.sampled_from(["W1", "b1", "W2", "W3", "b3"])),
            draw(st.integers(0, 6)),
            draw(st.integers(0, 6)),
        )
        tokens.append(f"{key}[{i},{j}]={draw(st.sampled_from(['0.5', '-3.0', '2.95', '7', '1e30', '1e300', value]))}")
    elif how == "char":
        tokens[k] = tokens[k][: len(tokens[k]) // 2] + draw(st.characters()) + tokens[k][len(tokens[k]) // 2 :]
    line = " ".join(tokens)
    if how == "cut":
        line = line[: draw(st.integers(0, len(line)))]
    return line


def _explorer(k: int):
    cls = FAMILIES[k]
    return cls(bugs=bp.exercises.bug_zoo()) if cls is W.GradCheckExplorer else cls()


def explorer_set(explorer, key, i, j, value):
    """set on a fresh explorer."""
    return explorer.set(key, i, j, value)


def explorer_select(explorer, name, i, j):
    """select on a fresh explorer."""
    return explorer.select(name, i, j)


def explorer_nudge(explorer, name, i, j, steps):
    """nudge on a fresh explorer."""
    return explorer.nudge(name, i, j, steps)


def training_run(training, steps):
    """run on a fresh training explorer."""
    return training.run(steps)


def _explorer_parameters(cls: type) -> dict[str, inspect.Parameter]:
    """The keyword arguments ``cls(...)`` takes: its own, then, through ``**kwargs``, its bases'."""
    out: dict[str, inspect.Parameter] = {}
    for klass in cls.__mro__:
        if "__init__" not in vars(klass):
            continue
        params = inspect.signature(vars(klass)["__init__"]).parameters
        for name, p in params.items():
            if name != "self" and p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD):
                out.setdefault(name, p)
        if not any(p.kind is p.VAR_KEYWORD for p in params.values()):
            break
    return out


EXPLORER_CALLS = [  # (callable, its parameters): every explorer family, from_state, and the setters
    *[
        (cls, _explorer_parameters(cls))
        for cls in [*FAMILIES, W.ShapeExplorer, W.TrainingExplorer, W.GradientFlowExplorer, W.ScalarGraphExplorer]
    ],
    *[(fn, dict(inspect.signature(fn).parameters)) for fn in (explorer_set, explorer_select, explorer_nudge)],
    (training_run, dict(inspect.signature(training_run).parameters)),
]
INDEX = st.one_of(INTS, st.sampled_from([-1, np.int64(1), np.uint8(0), float("nan"), 1.0, 10**30]))

STRATEGIES = {  # parameter name -> what to draw
    **dict.fromkeys(["X", "Y", "AL", "ZL", "A", "Z", "dA", "dZ", "A_prev", "W", "b", "a", "n"], arrays()),
    "labels": st.one_of(st.lists(st.integers(-2, 5), max_size=8), arrays(rows=1), st.just([0.5]), st.just([3e9])),
    "theta": st.one_of(arrays(), st.builds(lambda: np.zeros(3))),
    "J": st.sampled_from([lambda t: float(np.sum(t**2)), lambda t: np.nan, lambda t: "x", len, 3]),
    "params": params(),
    "grads": params().map(lambda p: _grads(p) if isinstance(p, dict) else p),
    "caches": st.one_of(st.just([]), st.just(None), st.just([1, 2])),
    "layer_dims": DIMS,
    "m": INTS,
    "graph": st.one_of(st.sampled_from(list(bp.chain.GRAPHS)), st.text(max_size=12), st.none(), st.integers()),
    "values": st.one_of(
        st.none(),
        st.just([1, 2]),
        st.dictionaries(
            st.sampled_from(["x", "y", "z", "w", "q", 3]),
            st.one_of(st.floats(allow_nan=True), st.integers(-10, 10), st.text(max_size=3), st.booleans()),
            max_size=3,
        ),
    ),
    "select": st.one_of(st.none(), st.sampled_from(["x", "q", "f", "J", ""]), st.integers()),
    "step": st.one_of(st.none(), INTS, st.just(2.5)),
    "steps": INTS,
    "record_every": INTS,
    "sample": st.one_of(st.none(), INTS),
    "seed": INTS,
    "petals": INTS,
    "classes": INTS,
    "n_classes": INTS,
    "l": st.one_of(INTS, st.just("l")),
    "i": INTS,
    "j": INTS,
    "noise": NUMBERS,
    "factor": NUMBERS,
    "eps": NUMBERS,
    "learning_rate": NUMBERS,
    "kink_tol": NUMBERS,
    "test_fraction": NUMBERS,
    "scale": st.one_of(NUMBERS, st.sampled_from(["he", "lecun", "xavier", "glorot"])),
    "dtype": st.sampled_from([np.float64, np.float32, int, "abc", None, np.float16]),
    "hidden": st.one_of(NAMES, st.just(["relu", "tanh"]), st.just([])),
    "output": NAMES,
    "name": st.one_of(NAMES, st.sampled_from(["W[1]", "dW[2]", "Z[1", "A[9]", "dZ[0]"])),
    "progress": st.just(False),
    "required": st.sampled_from(["0.1.0", "99.0", "abc", ""]),
    "state": st.one_of(st.just(None), st.just("x"), st.just(3), st.just(b"LayerExplorer"), state_lines()),
    # the explorers'
    "layer": st.one_of(INTS, st.sampled_from([None, np.int64(1), np.int32(2), 2.0, "1", True])),
    "sliders": st.one_of(
        st.lists(st.tuples(st.sampled_from(["W1", "b1", "W2", "W9", 1]), INDEX, INDEX), max_size=4),
        st.sampled_from([None, [], 5, "W1", [("W1", 0, 0)] * 2, [("W1", 0, 0)] * 100, [("W1", 0)], [["b1", 0, 0]]]),
    ),
    "data": st.one_of(
        st.just(None),
        st.tuples(arrays(), arrays()),
        st.sampled_from(
            [
                W.demo_batch([3, 5, 4, 2], 6, "softmax"),
                W.demo_batch([3, 5, 4, 2], 12000, "softmax"),
                W.demo_batch([3, 5, 4, 2], 6, "softmax")[0],
                (np.full((3, 4), 1e30), np.eye(2, 4)),
                ("a", "b"),
            ]
        ),
    ),  # fmt: skip
    "editable": st.sampled_from([None, [], ["W1"], ["W1", "W1"], "W1", [1], ["W9"], ["W1", "b1", "W2", "b2"]]),
    "bugs": st.sampled_from([None, bp.exercises.bug_zoo(), 5, {"x": 3}, {}]),
    "steps_per_frame": INTS,
    "max_steps": INTS,
    "steps_done": INTS,
    "explorer": st.builds(_explorer, st.integers(0, len(FAMILIES) - 1)),
    "training": st.builds(lambda: W.TrainingExplorer(FLOWER_X, FLOWER_Y, [2, 3, 1])),
    "key": st.sampled_from(["W1", "b1", "W2", "W3", "b3", "x", None, 3, np.str_("W1")]),
    "value": NUMBERS,
    # the gradient-flow explorer's
    "depth": INTS,
    "width": INTS,
    "gain": NUMBERS,
    "start": st.one_of(NAMES, st.sampled_from(["he", "lecun", "xavier", 2.0, None])),
}
STRATEGIES["X"] = st.one_of(STRATEGIES["X"], st.just(FLOWER_X))  # a plane for the training explorer
STRATEGIES["Y"] = st.one_of(STRATEGIES["Y"], st.just(FLOWER_Y))
# lesson 10's (backprop_lib.practice)
_MASK = st.builds(lambda seed: bp.dropout_mask((3, 4), 0.8, seed=seed), st.integers(0, 50))
STRATEGIES.update(
    {
        "dW": arrays(),
        "dA_drop": arrays(),
        "mask": st.one_of(arrays(), _MASK, st.just(np.full((3, 4), 1.25))),
        "masks": st.one_of(
            st.none(),
            st.just({}),
            st.builds(lambda m: {"D1": m}, st.one_of(_MASK, arrays())),
            st.sampled_from([{"D9": np.ones((3, 4))}, [np.ones((3, 4))], {"D1": None}, {1: np.ones((3, 4))}]),
        ),
        "keep_prob": st.one_of(NUMBERS, st.sampled_from([0.5, 0.8, 1.0, 1.5])),
        "lambd": st.one_of(NUMBERS, st.sampled_from([0.0, 0.7, -0.5, 1e300])),
        "beta": st.one_of(NUMBERS, st.sampled_from([0.9, 0.0, 1.0, 0.999999])),
        "beta1": st.one_of(NUMBERS, st.sampled_from([0.9, 1.0])),
        "beta2": st.one_of(NUMBERS, st.sampled_from([0.999, 1.0])),
        "shape": st.one_of(
            st.tuples(INTS, INTS), st.sampled_from([(3, 4), (3,), "3,4", None, np.array([3, 4]), (10**9, 10**9)])
        ),
        "velocity": st.one_of(
            st.none(), params().map(lambda p: _grads(p) if isinstance(p, dict) else p), st.sampled_from([{}, 3, "v"])
        ),
        "moments": st.one_of(
            st.none(),
            st.just(bp.AdamMoments()),
            st.sampled_from([bp.AdamMoments(t=-1), bp.AdamMoments(t=10**12), {"t": 1}, 3]),
        ),
        "dropout_step": st.sampled_from([None, lambda d, D, p: d * D / p, lambda d, D, p: d.T, lambda d, D, p: "x", 3]),
        "batch_sizes": st.one_of(st.lists(INTS, max_size=4), st.sampled_from([[1, 2], [], "1,2", 3, [10**9]])),
        "draws": INTS,
        "epochs": INTS,
        "batch_size": INTS,
        "optimizer": st.sampled_from(["gd", "momentum", "adam", "sgd", None, 3]),
        "validation": st.one_of(
            st.none(),
            st.tuples(arrays(), arrays()),
            st.just((FLOWER_X[:, :30], FLOWER_Y[:, :30])),
            st.sampled_from([(1, 2, 3), "val", 3]),
        ),
        "practice": st.sampled_from([False, True, None, 1, "yes"]),
    }
)


def _registry() -> list:
    return [fn for fn in PUBLIC if fn.__module__.startswith("backprop_lib")]


def test_every_public_parameter_has_a_strategy():
    missing = sorted(
        f"{fn.__module__}.{fn.__name__}({p})"
        for fn, params in [(fn, inspect.signature(fn).parameters) for fn in _registry()] + EXPLORER_CALLS
        for p in params
        if p not in STRATEGIES and p not in ("args", "kwargs")
    )
    assert not missing, f"give these parameters a strategy in tests/test_fuzz.py STRATEGIES: {missing}"
    assert len(_registry()) >= 30


def _finite(value: object) -> bool:
    """Everything numeric the call returned is finite (arrays, floats, inside tuples, lists and dicts)."""
    if isinstance(value, np.ndarray):
        return value.dtype.kind not in "fc" or bool(np.isfinite(value).all())
    if isinstance(value, (float, np.floating)):
        return math.isfinite(value)
    if isinstance(value, (tuple, list)):
        return all(_finite(v) for v in value)
    if isinstance(value, dict):
        return all(_finite(v) for v in value.values())
    return True


@st.composite
def calls(draw):
    fn = draw(st.sampled_from(_registry()))
    kwargs = {}
    for name, p in inspect.signature(fn).parameters.items():
        if p.kind in (p.VAR_POSITIONAL, p.VAR_KEYWORD):
            continue  # from_state(state, **kwargs): the explorer's own arguments are fuzzed with the explorers
        if p.default is not inspect.Parameter.empty and draw(st.booleans()):
            continue  # leave some defaults
        kwargs[name] = draw(STRATEGIES[name])
    return fn, kwargs


def answered(fn, kwargs: dict, name: str) -> tuple[object, float, float]:
    """fn(**kwargs): what it returned (None when it refused with an InputError that has a message), the seconds
    it took and its peak memory in MB; any other exception fails the test."""
    out = None
    tracemalloc.start()
    t0 = time.perf_counter()
    try:
        out = fn(**kwargs)
    except bp.InputError as exc:
        assert str(exc), "an InputError without a message"
    except Exception as exc:
        pytest.fail(f"{name}(**{kwargs!r:.300}) raised {type(exc).__name__}: {exc}")
    finally:
        seconds = time.perf_counter() - t0
        peak = tracemalloc.get_traced_memory()[1] / 2**20
        tracemalloc.stop()
    return out, seconds, peak


@settings(max_examples=400, deadline=None, suppress_health_check=list(HealthCheck))
@given(calls())
def test_every_public_function_answers_or_refuses_within_budget(call):
    fn, kwargs = call
    out, seconds, peak = answered(fn, kwargs, f"{fn.__module__}.{fn.__name__}")
    if isinstance(out, bp.widgets.Displayable):  # from_state: its widgets leave the registry
        out.close()
    assert seconds < SECONDS, f"{fn.__name__}(**{kwargs!r:.300}) took {seconds:.1f} s"
    assert peak < MEGABYTES, f"{fn.__name__}(**{kwargs!r:.300}) allocated {peak:.0f} MB"
    assert _finite(out), f"{fn.__name__}(**{kwargs!r:.300}) returned NaN or inf: {out!r:.300}"


@st.composite
def explorer_calls(draw):
    fn, params = draw(st.sampled_from(EXPLORER_CALLS))
    kwargs = {}
    for name, p in params.items():
        if p.default is not inspect.Parameter.empty and draw(st.booleans()):
            continue  # leave some defaults
        kwargs[name] = draw(STRATEGIES[name])
    return fn, kwargs


def _views(*values: object) -> list:
    return [v for v in values if isinstance(v, bp.widgets.Displayable)]


@settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))
@given(explorer_calls())
def test_every_explorer_call_answers_or_refuses_within_budget(call):
    from backprop_lib.widgets._inputs import widget_registry

    fn, kwargs = call
    name = getattr(fn, "__name__", str(fn))
    given_views = _views(*kwargs.values())
    before = len(widget_registry())
    out, seconds, peak = answered(fn, kwargs, name)
    try:
        assert seconds < SECONDS, f"{name}(**{kwargs!r:.300}) took {seconds:.1f} s"
        assert peak < MEGABYTES, f"{name}(**{kwargs!r:.300}) allocated {peak:.0f} MB"
        for ex in _views(out, *given_views):
            if isinstance(ex, bp.widgets.Explorer):
                assert np.isfinite(ex.J), f"{name}(**{kwargs!r:.300}): J = {ex.J}"
                drawn = np.frombuffer(ex.heatmaps.values, np.float32)
                assert not np.isinf(drawn).any(), f"{name}(**{kwargs!r:.300}) drew inf"
                assert all(v > 0 and math.isfinite(v) for v in ex.vmax.values()), ex.vmax
                assert ex.state.split()[0] == type(ex).__name__
        if out is None and not given_views:
            assert len(widget_registry()) == before, f"{name}(**{kwargs!r:.300}) refused, but left widgets"
    finally:
        for ex in _views(out, *given_views):
            ex.close()
