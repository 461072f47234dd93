"""Fuzzing generated from the API: every public function gets hostile arguments, drawn from its signature.

Every function declared with ``@public`` (backprop_lib._validate.PUBLIC) is called with arguments drawn by
parameter name (``STRATEGIES``): plausible values mixed with hostile ones (np.matrix, masked and complex
arrays, NaN, 1e308, odd shapes, huge sizes, odd types). Whatever comes, the function must give a finite answer
or raise an InputError (a ValueError with the formula in its message), within a time and a memory budget; never
another exception, never NaN or inf in what it returns. A new public function is fuzzed without a new test: its
parameters only need a strategy here, and a test fails until they have one.
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
import backprop_lib.widgets  # noqa: F401  (registers the explorers' public functions too)
from backprop_lib._validate import PUBLIC

SECONDS = 5.0  # one call, at most
MEGABYTES = 300  # what one call may allocate at its peak (tracemalloc sees numpy's buffers)

# ----------------------------------------------------------------------------------------- values


def _odd_array(base: np.ndarray, how: str):  # noqa: ANN202
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
def arrays(draw, rows=None, cols=None):  # noqa: ANN001, ANN201
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
def params(draw):  # noqa: ANN001, ANN201
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
    "state": st.one_of(st.just(None), st.just("x"), st.just(3)),
}


def _registry() -> list:
    return [fn for fn in PUBLIC if fn.__module__.startswith("backprop_lib")]


def test_every_public_parameter_has_a_strategy():
    missing = sorted(
        f"{fn.__module__}.{fn.__name__}({p})"
        for fn in _registry()
        for p in inspect.signature(fn).parameters
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
def calls(draw):  # noqa: ANN001, ANN201
    fn = draw(st.sampled_from(_registry()))
    kwargs = {}
    for name, p in inspect.signature(fn).parameters.items():
        if p.default is not inspect.Parameter.empty and draw(st.booleans()):
            continue  # leave some defaults
        kwargs[name] = draw(STRATEGIES[name])
    return fn, kwargs


@settings(max_examples=400, deadline=None, suppress_health_check=list(HealthCheck))
@given(calls())
def test_every_public_function_answers_or_refuses_within_budget(call):
    fn, kwargs = call
    tracemalloc.start()
    t0 = time.perf_counter()
    try:
        out = fn(**kwargs)
    except bp.InputError as exc:
        assert str(exc), "an InputError without a message"
        out = None
    except Exception as exc:  # noqa: BLE001
        pytest.fail(f"{fn.__module__}.{fn.__name__}(**{kwargs!r:.300}) raised {type(exc).__name__}: {exc}")
    finally:
        seconds = time.perf_counter() - t0
        peak = tracemalloc.get_traced_memory()[1] / 2**20
        tracemalloc.stop()
    assert seconds < SECONDS, f"{fn.__name__}(**{kwargs!r:.300}) took {seconds:.1f} s"
    assert peak < MEGABYTES, f"{fn.__name__}(**{kwargs!r:.300}) allocated {peak:.0f} MB"
    assert _finite(out), f"{fn.__name__}(**{kwargs!r:.300}) returned NaN or inf: {out!r:.300}"
