"""Checkers for the lessons' exercises, and the bug zoo.

Every checker works the same way (one path, :func:`_check`):

1. It builds small seeded cases and computes every expected value with
   backprop_lib's own functions (``forward``, ``backward``, ``linear_backward``,
   ``activation_backward``, ``numerical_gradient``, ``update``) *before* the
   learner's function runs.
2. It calls the learner's function on copies of the inputs, with a time limit,
   capturing what it prints. An input changed in place is named.
3. It compares each output with the expected one and, when they differ, with
   what each classic mistake would give (computed on the same case), and says
   which mistake it is in the learner's terms. A wrong upstream quantity (dZ)
   is reported once, with "fix dZ first", instead of a cascade.

Each checker runs a first case whose sizes all differ (n != n_prev != m, so a
wrong axis or a wrong transpose shows) and then a square case (n = n_prev = m),
where a matrix product written in place of an element-wise one (or the
reverse) still runs and gives numbers the checker can name.

The time limit (:data:`TIME_LIMIT` seconds). In the main thread of a process
that has ``SIGALRM`` (Linux and macOS: every Jupyter kernel and plain Python),
an interval timer raises :class:`Timeout` inside the learner's code, which stops
any Python loop. Elsewhere (Windows, or a checker called from another thread)
the function runs in a helper thread; after the limit the checker stops
waiting, asks that thread to stop (an asynchronous exception, which a pure
Python loop obeys) and says so. A single numpy call that runs for minutes
cannot be interrupted either way; the message then says to restart the kernel.

A checker returns a :class:`Feedback`: ``bool(feedback)`` is ``passed``,
``feedback.message`` the text. In a notebook it shows as text, with the
learner's matrix beside the expected one (wrong entries outlined) when numbers
are wrong. Graded cells use ``assert feedback, feedback.message``.
"""

from __future__ import annotations

import contextlib
import ctypes
import dis
import inspect
import io
import signal
import threading
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

from ._validate import shape_str
from .activations import HIDDEN, sigmoid, softmax
from .gradcheck import numerical_gradient
from .losses import output_backward
from .network import activation_backward, backward, forward, linear_backward, linear_forward, update

NOT_YET = (
    "not implemented yet: replace the `raise NotImplementedError()` line with your code, "
    "run the cell with your function, then this one"
)
TIME_LIMIT = 3.0  # seconds for one call of the learner's function


OUTER = "np.outer(dZ[:, i], A_prev[:, i])"
CENTRAL = "use (J(theta + eps) - J(theta - eps)) / (2 eps)"

# ---------------------------------------------------------------------------- feedback


@dataclass
class Feedback:
    """The outcome of a checker: ``passed`` and the lines said to the learner.

    ``compare`` holds ``(name, yours, expected)`` for the first wrong matrix,
    drawn side by side in a notebook (text stays the fallback).
    """

    title: str
    passed: bool
    lines: list[str] = field(default_factory=list)
    compare: tuple[str, np.ndarray, np.ndarray] | None = field(default=None, repr=False)

    @property
    def message(self) -> str:
        mark = "PASSED" if self.passed else "NOT YET"
        return "\n".join([f"{self.title}: {mark}", *(f"  - {ln}" for ln in self.lines)])

    def __repr__(self) -> str:
        return self.message

    def __bool__(self) -> bool:
        return self.passed

    def _repr_html_(self) -> str | None:
        if self.passed or self.compare is None:
            return None  # plain text only
        import html

        from .plots import mismatch_html

        name, got, want = self.compare
        return f"<pre>{html.escape(self.message)}</pre>" + mismatch_html(name, got, want)


class Timeout(BaseException):
    """Raised inside the learner's function when it runs past the time limit.

    A BaseException, like KeyboardInterrupt, so ``except Exception`` in the
    learner's code does not swallow it.
    """


# ---------------------------------------------------------------------------- running the learner's function


@dataclass
class _Run:
    value: object = None
    error: BaseException | None = None
    timed_out: bool = False
    stuck: bool = False  # the helper thread did not stop
    printed: str = ""
    changed: list[str] = field(default_factory=list)


def _copy(v: object) -> object:
    if isinstance(v, np.ndarray):
        return v.copy()
    if isinstance(v, Mapping):
        return {k: _copy(x) for k, x in v.items()}
    if isinstance(v, tuple) and hasattr(v, "_fields"):  # LayerCache
        return type(v)(*(_copy(x) for x in v))
    if isinstance(v, (list, tuple)):
        return type(v)(_copy(x) for x in v)
    return v


def _same(a: object, b: object) -> bool:
    if isinstance(b, np.ndarray):
        return isinstance(a, np.ndarray) and a.shape == b.shape and np.allclose(a, b, rtol=1e-12, atol=1e-14)
    if isinstance(b, Mapping):
        return isinstance(a, Mapping) and list(a) == list(b) and all(_same(a[k], b[k]) for k in b)
    if isinstance(b, (list, tuple)):
        return isinstance(a, (list, tuple)) and len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    return True


def _call_with_limit(fn: Callable, args: list, seconds: float) -> _Run:
    run = _Run()
    if hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread():

        def on_alarm(signum, frame):  # noqa: ANN001, ANN202, ARG001
            raise Timeout()

        old = signal.signal(signal.SIGALRM, on_alarm)
        try:
            try:
                signal.setitimer(signal.ITIMER_REAL, seconds)
                run.value = fn(*args)
            except Timeout:
                run.timed_out = True
            except Exception as exc:  # the learner's code failed: reported in their terms
                run.error = exc
            finally:
                signal.setitimer(signal.ITIMER_REAL, 0)
        except Timeout:  # the alarm rang just as the function returned
            run.timed_out = run.value is None
        finally:
            signal.signal(signal.SIGALRM, old)
        return run

    def target() -> None:
        try:
            run.value = fn(*args)
        except Timeout:
            run.timed_out = True
        except Exception as exc:
            run.error = exc

    worker = threading.Thread(target=target, daemon=True)
    worker.start()
    worker.join(seconds)
    if worker.is_alive():
        run.timed_out = True
        ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(worker.ident), ctypes.py_object(Timeout))
        worker.join(1.0)
        run.stuck = worker.is_alive()
    return run


def _call(fn: Callable, inputs: Mapping[str, object]) -> _Run:
    """Call ``fn`` on copies of ``inputs`` (in order), timed, its prints captured."""
    given = {k: _copy(v) for k, v in inputs.items()}
    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        run = _call_with_limit(fn, list(given.values()), TIME_LIMIT)
    run.printed = buf.getvalue()
    run.changed = [k for k, v in inputs.items() if not _same(given[k], v)]
    return run


def _reads_global(fn: Callable, name: str) -> bool:
    """True when ``fn``'s code reads ``name`` as a global (not an argument or a local)."""
    try:
        return any(i.opname in ("LOAD_GLOBAL", "LOAD_NAME") and i.argval == name for i in dis.get_instructions(fn))
    except TypeError:  # not Python code (a builtin, a numpy ufunc)
        return False


def _printed_line(text: str) -> str | None:
    lines = [ln for ln in text.splitlines() if ln.strip()]
    if not lines:
        return None
    first = lines[0] if len(lines[0]) <= 60 else lines[0][:57] + "..."
    return f"your function printed {len(lines)} line(s) while the checker ran it (not shown); the first: {first!r}"


def _changed_line(name: str, value: object) -> str:
    if isinstance(value, Mapping):
        return (
            f"your function changed the dict {name} it was given (emptied it, removed keys, or changed the arrays "
            "in it): the caller still needs it; build new arrays and leave the inputs alone"
        )
    return (
        f"your function changed its input {name} in place (e.g. {name} *= ..., {name}[...] = 0): "
        f"the caller still needs it; work on a new array ({name}.copy(), or {name} * ...)"
    )


def _error_line(exc: BaseException) -> str:
    try:
        text = f"{type(exc).__name__}: {exc}"
    except Exception:  # an exception whose str() fails
        text = type(exc).__name__
    hint = ""
    if "matmul" in text or ("shapes" in text and "aligned" in text):
        hint = " (a matrix product whose inner sizes differ: write the shape under each factor)"
    elif "broadcast" in text:
        hint = " (an element-wise product of two arrays whose shapes differ: is one of them a matrix product?)"
    elif isinstance(exc, KeyError):
        hint = " (a dict key that does not exist: print the dict's keys)"
    return f"your function raised {text}{hint}"


# ---------------------------------------------------------------------------- reading what it returned


def _as_array(label: str, got: object) -> tuple[np.ndarray | None, str | None]:
    """``got`` as a float array, or a sentence saying why it is not one."""
    if got is None:
        return None, f"{label} is None: did you forget a `return`, or return a variable you never set?"
    if inspect.isgenerator(got):
        return None, f"{label} is a generator (your function uses `yield`): use `return`"
    if isinstance(got, np.matrix):
        return None, f"{label} is an np.matrix: use plain numpy arrays (np.array), where * is element-wise"
    if isinstance(got, Mapping):
        return None, f"{label} is a dict; expected a numpy array"
    if isinstance(got, (list, tuple)):
        return None, f"{label} is a {type(got).__name__} of {len(got)} items; expected one numpy array"
    arr = np.asarray(got)
    if arr.dtype.kind == "c":
        return None, f"{label} holds complex numbers (dtype {arr.dtype}): every gradient here is real"
    if arr.dtype.kind not in "biuf":
        return None, f"{label} is a {type(got).__name__} (dtype {arr.dtype}); expected an array of numbers"
    return arr.astype(float), None


def _close(a: object, b: object) -> bool:
    return (
        isinstance(a, np.ndarray)
        and isinstance(b, np.ndarray)
        and a.shape == b.shape
        and bool(np.allclose(a, b, rtol=1e-7, atol=1e-10))
    )


def _try(f: Callable[[], object]) -> np.ndarray | None:
    """A mistake's value, or None where its shapes do not even fit."""
    try:
        with np.errstate(all="ignore"):
            return np.asarray(f(), dtype=float)
    except Exception:
        return None


def _where(label: str, g: np.ndarray, want: np.ndarray) -> str:
    bad = ~np.isclose(g, want, rtol=1e-7, atol=1e-10)
    idx = [tuple(int(i) for i in ix) for ix in np.argwhere(bad)[:3]]
    show = "; ".join(f"at {ix} yours is {g[ix]:.4f}, expected {want[ix]:.4f}" for ix in idx)
    return f"{label} differs in {int(bad.sum())} of {bad.size} entries: {show}"


def _compare(label: str, g: np.ndarray, want: np.ndarray, mistakes: Sequence[tuple[str, object]] = ()) -> str | None:
    """None when ``g`` is ``want``; else the named mistake, or where it differs."""
    if _close(g, want):
        return None
    for msg, v in mistakes:
        if v is not None and not _close(v, want) and _close(g, v):
            return f"{label}: {msg}"
    if g.shape != want.shape:
        if g.size and g.shape == want.shape[::-1] and _close(g.T, want):
            return f"{label} is transposed: it is {shape_str(g)}, expected {shape_str(want)}"
        return f"{label} has shape {shape_str(g)}, expected {shape_str(want)}"
    if not np.all(np.isfinite(g)):
        return f"{label} contains NaN or inf"
    if np.any(want) and np.any(g):
        c = float(np.vdot(g, want) / np.vdot(want, want))
        if _close(g, c * want):
            if abs(c + 1) < 1e-9:
                return f"{label} has the wrong sign everywhere"
            return (
                f"{label} is {c:.4g} times the expected value: a factor is wrong (check every 1/m and every constant)"
            )
    if g.ndim == 2 and g.shape[0] == g.shape[1] and _close(g.T, want):
        return f"{label} is transposed: check which factor carries the ^T"
    return _where(label, g, want)


# ---------------------------------------------------------------------------- the mistakes, by quantity


def _m_mistakes(label: str, right: np.ndarray, m: int, others: Mapping[str, int]) -> list[tuple[str, object]]:
    """The 1/m mistakes on a quantity that carries 1/m: missing, twice, m from the wrong axis."""
    out: list[tuple[str, object]] = [
        (f"the 1/m is missing: {label} is m = {m} times too large (J is a mean over the m examples)", right * m),
        (f"the 1/m was applied twice: {label} is m = {m} times too small", right / m),
    ]
    for what, n in others.items():
        if n != m:
            out.append(
                (
                    f"m was taken from the wrong axis: you divided by {n} ({what}); "
                    f"m = {m} is the number of examples, the columns: m = A_prev.shape[1]",
                    right * m / n,
                )
            )
    return out


def _linear_mistakes(dZ: np.ndarray, A_prev: np.ndarray, W: np.ndarray) -> dict[str, list[tuple[str, object]]]:
    """What dW, db, dA_prev become under each classic mistake, from a given dZ."""
    m, n, n_prev = A_prev.shape[1], dZ.shape[0], A_prev.shape[0]
    dW, db, dA_prev = linear_backward(dZ, A_prev, W)
    axes = {"n[l], the rows of dZ": n, "n[l-1], the rows of A_prev": n_prev}
    ew = "you used the element-wise product * where a matrix product (@ / np.dot) belongs"
    return {
        "dW": [
            *_m_mistakes("dW", dW, m, axes),
            ("the transpose is on the wrong factor: dW = 1/m dZ A_prev^T, yours is 1/m A_prev dZ^T", dW.T),
            (f"{ew}: dW = 1/m dZ A_prev^T", _try(lambda: dZ * A_prev.T / m)),
            (f"{ew}: dW = 1/m dZ A_prev^T", _try(lambda: dZ * A_prev / m)),
            ("the sign is flipped", -dW),
        ],
        "db": [
            *_m_mistakes("db", db, m, axes),
            (
                "the sum ran over axis 0 (the units); sum over axis 1, the examples",
                _try(lambda: dZ.sum(axis=0, keepdims=True) / m),
            ),
            (
                "the sum ran over axis 0 (the units) and lost the column; sum over axis 1, the examples",
                _try(lambda: dZ.sum(axis=0) / m),
            ),
            (
                "the mean ran over axis 0 (the units); average over axis 1, the examples",
                _try(lambda: dZ.mean(axis=0, keepdims=True)),
            ),
            ("the mean ran over axis 0 (the units); average over axis 1, the examples", _try(lambda: dZ.mean(axis=0))),
            (
                "keepdims was lost: db = 1/m np.sum(dZ, axis=1, keepdims=True) keeps it a column like b",
                db.ravel(),
            ),
            ("dZ was not summed over the examples (axis 1)", dZ / m),
            ("you summed every entry (units and examples): sum over axis 1 only", np.full(db.shape, dZ.sum() / m)),
            ("you summed every entry (units and examples): sum over axis 1 only", np.asarray(dZ.sum() / m)),
            ("the sign is flipped", -db),
        ],
        "dA_prev": [
            (
                "dA_prev needs no 1/m: it holds one column per example; the 1/m enters once, in dW and db",
                dA_prev / m,
            ),
            ("the transpose is on the wrong factor: dA_prev = W^T dZ, yours is dZ^T W", dA_prev.T),
            ("the transpose is missing: dA_prev = W^T dZ, yours is W dZ", _try(lambda: W @ dZ)),
            (f"{ew}: dA_prev = W^T dZ", _try(lambda: W.T * dZ)),
            (f"{ew}: dA_prev = W^T dZ", _try(lambda: W * dZ)),
            ("the sign is flipped", -dA_prev),
        ],
    }


def _output_dZ_mistakes(AL: np.ndarray, Y: np.ndarray, output: str) -> list[tuple[str, object]]:
    m = AL.shape[1]
    dZ = output_backward(AL, Y)
    return [
        ("the sign is flipped: dZ = A - Y, prediction minus truth (yours is Y - A)", -dZ),
        (
            f"an extra {output} derivative A(1 - A) was multiplied onto A - Y: the loss was chosen so that it "
            "cancels, and dZ[L] = A[L] - Y exactly",
            dZ * AL * (1 - AL),
        ),
        (
            "dZ carries a 1/m: in these lessons dZ holds one column per example, without the 1/m; "
            "the 1/m enters once, in dW and db",
            dZ / m,
        ),
        ("dZ = A - Y, not A alone", AL),
        ("that is dA = -Y / A, the loss's derivative with respect to A; dZ = A - Y", _try(lambda: -Y / AL)),
    ]


def _hidden_dZ_mistakes(dA: np.ndarray, Z: np.ndarray, A: np.ndarray, name: str) -> list[tuple[str, object]]:
    g_prime = HIDDEN[name].prime
    m = Z.shape[1]
    dZ = activation_backward(dA, Z, name)
    what = "the mask ReLU'(Z)" if name == "relu" else "the derivative g'(Z)"
    out: list[tuple[str, object]] = [
        (f"{what} is missing: dZ = dA * g'(Z)", dA),
        (
            "you used a matrix product (@ / np.dot) where the element-wise product * belongs: "
            "dZ = dA * g'(Z), entry by entry",
            _try(lambda: dA @ g_prime(Z)),
        ),
        ("you multiplied by g(Z) = A itself; dZ = dA * g'(Z), the slope of g", dA * A),
        ("the sign is flipped", -dZ),
        (
            "dZ carries a 1/m: dZ holds one column per example, without the 1/m; the 1/m enters once, in dW and db",
            dZ / m,
        ),
        ("you returned g'(Z) alone: dZ = dA * g'(Z)", g_prime(Z).astype(float)),
    ]
    if name == "relu":
        out += [
            (
                "the mask was built from dA: it is 1 where the unit was active (Z > 0), whatever the sign of dA",
                dA * (dA > 0),
            ),
            (
                "at Z = 0 you let the gradient through; the convention is ReLU'(0) = 0, so use Z > 0, not Z >= 0",
                dA * (Z >= 0),
            ),
            ("the mask is inverted: it is 1 where Z > 0 and 0 where Z <= 0", dA * (Z <= 0)),
            ("the mask is inverted: it is 1 where Z > 0 and 0 where Z <= 0", dA * (Z < 0)),
        ]
    else:
        plug = (
            f"g' was evaluated at A: you plugged A = g(Z) into g'. Computed from the cached A it is "
            f"{'1 - A^2' if name == 'tanh' else 'A(1 - A)'}; at Z it is g'(Z)"
        )
        out.append((plug, dA * g_prime(A)))
        if name == "tanh":
            out.append(("1 - A instead of 1 - A^2: tanh'(Z) = 1 - tanh(Z)^2 = 1 - A^2", dA * (1 - A)))
            out.append(("A^2 - 1 instead of 1 - A^2: tanh'(Z) = 1 - A^2", dA * (A * A - 1)))
        if name == "sigmoid":
            out.append(("1 - A instead of A(1 - A): sigma'(Z) = sigma(Z)(1 - sigma(Z))", dA * (1 - A)))
    return out


# ---------------------------------------------------------------------------- one path for every checker


@dataclass
class _Case:
    """One call of the learner's function: its inputs, and a judge of what it returned."""

    inputs: dict[str, object]
    outputs: list[str]  # the names of the returned values, in order ([] for a dict result)
    judge: Callable[[dict[str, object]], tuple[list[str], tuple | None]]
    wants: dict[str, np.ndarray] = field(default_factory=dict)  # for the order check


def _unpack(value: object, names: list[str]) -> tuple[dict[str, object] | None, str | None]:
    """The returned values by name, or why they cannot be read."""
    if len(names) == 1:
        return {names[0]: value}, None
    want = f"return {len(names)} values, in this order: return {', '.join(names)}"
    if value is None:
        return None, f"your function returned None: did you forget the `return` line? {want}"
    if inspect.isgenerator(value):
        return None, f"your function is a generator (it uses `yield`): {want}"
    if isinstance(value, Mapping):
        return None, f"your function returned a dict: {want}"
    if not isinstance(value, (tuple, list)):
        return None, f"your function returned one {type(value).__name__}: {want}"
    if len(value) != len(names):
        return None, f"your function returned {len(value)} values: {want}"
    return dict(zip(names, value, strict=True)), None


def _order_line(got: dict[str, object], wants: dict[str, np.ndarray]) -> str | None:
    """When every returned value is right but in another place, say the order."""
    names = list(wants)
    seen = []
    for name in names:
        arr, _ = _as_array(name, got[name])
        match = [k for k in names if arr is not None and _close(arr, wants[k])]
        if not match:
            return None
        seen.append(match[0])
    if seen == names:
        return None
    return f"your outputs are right but in the wrong order: return {', '.join(names)} (yours come as {', '.join(seen)})"


def _check(title: str, fn: Callable, cases: list[_Case], success: str) -> Feedback:
    printed = None
    raised: BaseException | None = None
    for case in cases:
        run = _call(fn, case.inputs)
        printed = printed if printed is not None else _printed_line(run.printed)
        extra = [printed] if printed else []
        if run.timed_out:
            stop = (
                " It may still be running: restart the kernel (Kernel > Restart) if the notebook stays busy."
                if run.stuck
                else ""
            )
            return Feedback(
                title,
                False,
                [
                    f"your function was still running after {TIME_LIMIT:g} s and was stopped: "
                    f"look for a loop that never ends (a `while` whose condition never changes).{stop}",
                    *extra,
                ],
            )
        if isinstance(run.error, NotImplementedError):
            return Feedback(title, False, [NOT_YET])
        if run.error is not None:
            raised = raised or run.error
            continue
        got, problem = _unpack(run.value, case.outputs) if case.outputs else ({"result": run.value}, None)
        if problem:
            return Feedback(title, False, [problem, *extra])
        order = _order_line(got, case.wants) if len(case.outputs) > 1 else None
        lines, pair = ([order], None) if order else case.judge(got)
        lines += [_changed_line(k, case.inputs[k]) for k in run.changed if not any(k in ln for ln in lines)]
        if lines:
            if _reads_global(fn, "m"):
                lines.append(
                    "your function reads m from outside itself (a variable of the notebook): "
                    "compute it inside, from the columns of its inputs (m = A_prev.shape[1])"
                )
            if raised is not None:
                lines.insert(0, f"{_error_line(raised)}; on a square case (n = m) it ran, and there:")
            return Feedback(title, False, lines + extra, pair)
    if raised is not None:
        return Feedback(title, False, [_error_line(raised), *([printed] if printed else [])])
    return Feedback(title, True, [success, *([printed] if printed else [])])


def _judge_arrays(
    got: dict[str, object], wants: dict[str, np.ndarray], mistakes: dict
) -> tuple[list[str], tuple | None]:
    """Compare named outputs one by one (no upstream): lines and the first wrong pair."""
    lines, pair = [], None
    for name, want in wants.items():
        arr, problem = _as_array(name, got[name])
        if problem is None:
            problem = _compare(name, arr, want, mistakes.get(name, ()))
            if problem and pair is None and arr.shape == want.shape:
                pair = (name, arr, want)
        if problem:
            lines.append(problem)
    return lines, pair


def _judge_layer_outputs(
    got: dict[str, object],
    wants: dict[str, np.ndarray],
    dZ_mistakes: list[tuple[str, object]],
    A_prev: np.ndarray,
    W: np.ndarray,
    extra: dict[str, list[tuple[str, object]]] | None = None,
) -> tuple[list[str], tuple | None]:
    """dZ, dW, db, dA_prev: dZ first; when it is wrong, judge the rest against the learner's own dZ."""
    dZ, problem = _as_array("dZ", got["dZ"])
    if problem is None and _close(dZ, wants["dZ"]):
        mistakes = _linear_mistakes(wants["dZ"], A_prev, W)
        for k, v in (extra or {}).items():
            mistakes[k] = v + mistakes[k]
        return _judge_arrays(got, {k: wants[k] for k in ("dW", "db", "dA_prev")}, mistakes)
    if problem is None:
        problem = _compare("dZ", dZ, wants["dZ"], dZ_mistakes)
    lines = [problem, "fix dZ first: dW, db and dA_prev are all computed from it"]
    pair = ("dZ", dZ, wants["dZ"]) if dZ is not None and dZ.shape == wants["dZ"].shape else None
    if dZ is not None and dZ.shape == wants["dZ"].shape:
        own = dict(zip(("dW", "db", "dA_prev"), linear_backward(dZ, A_prev, W), strict=True))
        more, _ = _judge_arrays(got, own, _linear_mistakes(dZ, A_prev, W))
        lines += [f"and, computed from your dZ: {ln}" for ln in more]
    return lines, pair


# ---------------------------------------------------------------------------- cases


def _layer(seed: int, n: int, n_prev: int, m: int) -> tuple[np.random.Generator, np.ndarray, np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    return rng, rng.standard_normal((n_prev, m)), rng.standard_normal((n, n_prev)), rng.standard_normal((n, 1))


# ---------------------------------------------------------------------------- the checkers


def check_linear_forward(fn: Callable) -> Feedback:
    """``fn(A_prev, W, b) -> Z``: the forward step Z[l] = W[l] A[l-1] + b[l]."""

    def case(seed: int, n: int, n_prev: int, m: int) -> _Case:
        _, A_prev, W, b = _layer(seed, n, n_prev, m)
        Z = linear_forward(A_prev, W, b)
        ew = "you used the element-wise product * where a matrix product (@ / np.dot) belongs: Z = W A_prev + b"
        mistakes = [
            ("b was not added: Z = W A_prev + b, the bias broadcast over the examples", W @ A_prev),
            ("b was subtracted: Z = W A_prev + b", Z - 2 * b),
            (
                "b was added as a row (b^T): b is a column, one bias per unit, broadcast over the examples",
                _try(lambda: W @ A_prev + b.T),
            ),
            ("the factors are swapped: Z = W A_prev (W first), not A_prev W", _try(lambda: A_prev @ W + b)),
            ("W is transposed: Z = W A_prev + b, not W^T A_prev + b", _try(lambda: W.T @ A_prev + b)),
            (ew, _try(lambda: W * A_prev + b)),
            ("you applied an activation: this step is the linear part only, Z = W A_prev + b", np.tanh(Z)),
            ("you applied an activation: this step is the linear part only, Z = W A_prev + b", np.maximum(Z, 0)),
            ("you applied an activation: this step is the linear part only, Z = W A_prev + b", sigmoid(Z)),
            ("b was summed into one number: add the column b, one bias per unit", W @ A_prev + b.sum()),
            ("Z is transposed: examples are columns, Z = W A_prev + b is (n[l], m)", Z.T),
        ]
        return _case_single("Z", {"A_prev": A_prev, "W": W, "b": b}, Z, mistakes)

    return _check(
        "linear forward",
        fn,
        [case(1, 3, 4, 5), case(11, 4, 4, 4)],
        "Z = W A_prev + b has shape (n[l], m) = (3, 5): (3, 4)(4, 5) + (3, 1), the bias broadcast over the 5 examples",
    )


def _case_single(name: str, inputs: dict[str, object], want: np.ndarray, mistakes: list) -> _Case:
    return _Case(inputs, [name], lambda got: _judge_arrays(got, {name: want}, {name: mistakes}), {name: want})


def check_output_backward(fn: Callable) -> Feedback:
    """``fn(AL, Y, A_prev, W) -> (dZ, dW, db, dA_prev)`` for a softmax output layer."""

    def case(seed: int, n: int, n_prev: int, m: int) -> _Case:
        rng, A_prev, W, b = _layer(seed, n, n_prev, m)
        AL = softmax(linear_forward(A_prev, W, b))
        Y = np.eye(n)[:, rng.integers(0, n, m)]
        dZ = output_backward(AL, Y)
        wants = dict(zip(("dZ", "dW", "db", "dA_prev"), (dZ, *linear_backward(dZ, A_prev, W)), strict=True))
        judge = lambda got: _judge_layer_outputs(got, wants, _output_dZ_mistakes(AL, Y, "softmax"), A_prev, W)  # noqa: E731
        return _Case({"AL": AL, "Y": Y, "A_prev": A_prev, "W": W}, list(wants), judge, wants)

    return _check(
        "output-layer backward",
        fn,
        [case(2, 3, 4, 5), case(12, 4, 4, 4)],
        "dZ = A - Y (3, 5); dW = 1/m dZ A_prev^T (3, 4) like W; db (3, 1) like b; dA_prev = W^T dZ (4, 5) like A_prev",
    )


def check_hidden_backward(fn: Callable) -> Feedback:
    """``fn(dA, Z, A_prev, W, g_prime) -> (dZ, dW, db, dA_prev)`` for a tanh hidden layer."""

    def case(seed: int, n: int, n_prev: int, m: int) -> _Case:
        rng, A_prev, W, b = _layer(seed, n, n_prev, m)
        Z = linear_forward(A_prev, W, b)
        A = np.tanh(Z)
        dA = rng.standard_normal(Z.shape)
        dZ = activation_backward(dA, Z, "tanh")
        wants = dict(zip(("dZ", "dW", "db", "dA_prev"), (dZ, *linear_backward(dZ, A_prev, W)), strict=True))
        from_dA = [("dA_prev was computed from dA; it is W^T dZ, from dZ (after the derivative)", W.T @ dA)]
        judge = lambda got: _judge_layer_outputs(  # noqa: E731
            got, wants, _hidden_dZ_mistakes(dA, Z, A, "tanh"), A_prev, W, {"dA_prev": from_dA}
        )
        inputs = {"dA": dA, "Z": Z, "A_prev": A_prev, "W": W, "g_prime": HIDDEN["tanh"].prime}
        return _Case(inputs, list(wants), judge, wants)

    return _check(
        "hidden-layer backward",
        fn,
        [case(3, 4, 3, 6), case(13, 4, 4, 4)],
        "dZ = dA * g'(Z) entry by entry (4, 6); then the same three formulas as the output layer",
    )


def check_relu_backward(fn: Callable) -> Feedback:
    """``fn(dA, Z) -> dZ`` for ReLU, with ReLU'(0) = 0."""

    def case(seed: int, n: int, m: int) -> _Case:
        rng = np.random.default_rng(seed)
        Z = np.round(rng.standard_normal((n, m)), 1)
        Z[1, 2] = 0.0  # the kink: ReLU'(0) = 0 by convention
        dA = rng.standard_normal((n, m))
        dZ = activation_backward(dA, Z, "relu")
        return _case_single("dZ", {"dA": dA, "Z": Z}, dZ, _hidden_dZ_mistakes(dA, Z, np.maximum(Z, 0), "relu"))

    return _check(
        "ReLU backward",
        fn,
        [case(4, 4, 6), case(14, 5, 5)],
        "dZ = dA * (Z > 0): an element-wise mask, the same shape as Z, zero at the kink",
    )


def check_bias_gradient(fn: Callable) -> Feedback:
    """``fn(dZ) -> db`` = 1/m sum over the examples, kept as a column."""

    def case(seed: int, n: int, m: int) -> _Case:
        dZ = np.random.default_rng(seed).standard_normal((n, m))
        W = np.zeros((n, 1))  # linear_backward needs a W; its dA_prev is not used here
        db = linear_backward(dZ, np.ones((1, m)), W)[1]
        mistakes = _linear_mistakes(dZ, np.ones((1, m)), W)["db"]
        mistakes = [(msg.replace("A_prev.shape[1]", "dZ.shape[1]"), v) for msg, v in mistakes]
        return _case_single("db", {"dZ": dZ}, db, mistakes)

    return _check(
        "db",
        fn,
        [case(5, 3, 7), case(15, 4, 4)],
        "db = 1/m np.sum(dZ, axis=1, keepdims=True): one number per unit, a (3, 1) column like b",
    )


def check_dW_by_outer_products(fn: Callable) -> Feedback:
    """``fn(dZ, A_prev) -> dW``, the average over the m examples of dZ[:, i] A_prev[:, i]^T."""

    def case(seed: int, n: int, n_prev: int, m: int) -> _Case:
        rng, A_prev, W, _ = _layer(seed, n, n_prev, m)
        dZ = rng.standard_normal((n, m))
        dW = linear_backward(dZ, A_prev, W)[0]
        outer = [np.outer(dZ[:, i], A_prev[:, i]) for i in range(m)]
        mistakes = _linear_mistakes(dZ, A_prev, W)["dW"]
        mistakes = [
            (msg.replace("1/m A_prev dZ^T", "the outer products A_prev[:, i] dZ[:, i]^T"), v) for msg, v in mistakes
        ]
        mistakes += [
            (
                "only the last example's outer product is left: add each one to a running total (dW += ...)",
                outer[-1] / m,
            ),
            ("only the last example's outer product is left, without the 1/m: accumulate with dW += ...", outer[-1]),
            (
                "the outer products are in the wrong order: dZ[:, i] A_prev[:, i]^T is (n[l], 1)(1, n[l-1])",
                np.mean([o.T for o in outer], axis=0),
            ),
            (
                "you multiplied entry by entry (*): the outer product of two columns is " + OUTER,
                _try(lambda: sum(dZ[:, i] * A_prev[:, i] for i in range(m)) / m),
            ),
            (
                "you multiplied entry by entry (*): the outer product of two columns is " + OUTER,
                _try(lambda: np.broadcast_to(sum(dZ[:, i] * A_prev[:, i] for i in range(m)) / m, dW.shape)),
            ),
            (
                "you took an inner product (a single number) per example: use the outer product " + OUTER,
                _try(lambda: np.full(dW.shape, sum(dZ[:, i] @ A_prev[:, i] for i in range(m)) / m)),
            ),
        ]
        return _case_single("dW", {"dZ": dZ, "A_prev": A_prev}, dW, mistakes)

    return _check(
        "dW as an average of outer products",
        fn,
        [case(9, 3, 4, 5), case(19, 4, 4, 4)],
        "dW = 1/m sum over i of dZ[:, i] A_prev[:, i]^T = 1/m dZ A_prev^T: "
        "the matrix product sums the m outer products",
    )


# ---------------------------------------------------------------------------- whole networks, layer by layer


def _network_case(dims: Sequence[int], m: int, hidden: str, output: str, seed: int, kink: bool = False) -> tuple:
    """params, X, Y, AL, caches (from bp.forward) and the true grads (from bp.backward)."""
    rng = np.random.default_rng(seed)
    params = {}
    for l in range(1, len(dims)):
        params[f"W{l}"] = rng.standard_normal((dims[l], dims[l - 1])) / np.sqrt(dims[l - 1])
        params[f"b{l}"] = 0.1 * rng.standard_normal((dims[l], 1))
    X = rng.standard_normal((dims[0], m))
    if output == "softmax":
        Y = np.eye(dims[-1])[:, rng.integers(0, dims[-1], m)]
    else:
        Y = (rng.random((dims[-1], m)) < 0.5).astype(float)
    if kink:  # put Z[1][0, 1] exactly on the ReLU kink: ReLU'(0) = 0 must hold there
        params["b1"][0, 0] = 0.0
        params["b1"][0, 0] = -forward(X, params, hidden, output)[1][0].Z[0, 1]
    AL, caches = forward(X, params, hidden, output)
    return params, X, Y, AL, caches, backward(AL, Y, caches, output)


def _keys_problem(
    got: object, keys: Sequence[str], wants: Mapping[str, np.ndarray], what: str, returned: str = "grads"
) -> list[str]:
    """Missing or misnamed keys of a returned dict (a missing key is no missing `return`)."""
    if got is None:
        return [
            f"your function returned None: did you forget `return {returned}`? "
            f"Return a dict with keys {', '.join(keys)}"
        ]
    if inspect.isgenerator(got):
        return [f"your function is a generator (it uses `yield`): return a dict with keys {', '.join(keys)}"]
    if not isinstance(got, Mapping):
        return [f"your function returned a {type(got).__name__}: return a dict with keys {', '.join(keys)}"]
    lines = []
    for k in keys:
        if k in got:
            continue
        by_case = [g for g in got if isinstance(g, str) and g.lower() == k.lower()]
        by_value = [g for g in got if g not in keys and _close(_as_array(k, got[g])[0], wants[k])]
        if by_case:
            lines.append(f"{what} has {by_case[0]!r} where {k!r} is expected: keys are case-sensitive")
        elif by_value:
            lines.append(f"{what}[{by_value[0]!r}] holds what {k!r} should: name the key {k!r}")
        else:
            lines.append(f"{what} has no key {k!r} (its keys: {', '.join(map(repr, got)) or 'none'})")
    return lines


def _judge_network(
    got: object, caches: Sequence, AL: np.ndarray, Y: np.ndarray, want: dict
) -> tuple[list[str], tuple | None]:
    """Layer by layer from L down: the first wrong layer, and its mistake when it is a classic one."""
    L = len(caches)
    keys = [f"d{p}{l}" for l in range(1, L + 1) for p in ("W", "b")]
    lines = _keys_problem(got, keys, want, "grads")
    if lines:
        return lines, None
    for c in reversed(caches):
        l = c.l
        names = [f"dZ{l}", f"dW{l}", f"db{l}", f"dA{l - 1}"]
        arrs = {}
        for k in names:
            if k in got:
                arrs[k], problem = _as_array(k, got[k])
                if problem:
                    return [problem], None
        if all(_close(arrs[k], want[k]) for k in arrs):
            continue
        above = "" if l == L else f" (layer {L} is right)" if l == L - 1 else f" (layers {L} to {l + 1} are right)"
        below = "every layer below takes its dA from it" if l > 1 else "it is the last layer back, so that is all"
        fix = f"fix layer {l} first{above}: {below}"
        if l == L:
            dZs = _output_dZ_mistakes(AL, Y, c.activation)
        else:
            dA = want[f"dA{l}"]
            dZs = _hidden_dZ_mistakes(dA, c.Z, c.A, c.activation)
            up = caches[l]  # layer l + 1
            dA_wrong = up.W.T @ want[f"dA{l + 1}"] if l + 1 < L else None
            if dA_wrong is not None:
                dZs.append(
                    (
                        f"dA{l} was computed from dA{l + 1}; it is W{l + 1}^T dZ{l + 1}, "
                        "from dZ (after the derivative)",
                        activation_backward(dA_wrong, c.Z, c.activation, c.A),
                    )
                )
        named = _name_layer(arrs, want, l, dZs, c)
        if named:
            return [*named, fix], None
        bad = next(k for k in names if k in arrs and not _close(arrs[k], want[k]))
        p = _compare(bad, arrs[bad], want[bad])
        pair = (bad, arrs[bad], want[bad]) if arrs[bad].shape == want[bad].shape else None
        return [f"layer {l} is the first wrong layer from the top: {p}", fix], pair
    return [], None


def _name_layer(arrs: dict, want: dict, l: int, dZs: list, c) -> list[str] | None:  # noqa: ANN001
    """The fewest classic mistakes (one dZ mistake, then linear ones) that give the learner's layer l.

    The dZ mistakes start from the right dA[l]; the linear mistakes (dW, db,
    dA[l-1]) start from each candidate dZ. None when no combination fits.
    """
    dZ_right = want[f"dZ{l}"]
    keys = [
        (short, full) for short, full in (("dW", f"dW{l}"), ("db", f"db{l}"), ("dA_prev", f"dA{l - 1}")) if full in arrs
    ]
    best: list[str] | None = None
    for dz_msg, dZ in [(None, dZ_right), *dZs]:
        if dZ is None or dZ.shape != dZ_right.shape or (dz_msg and _close(dZ, dZ_right)):
            continue
        if f"dZ{l}" in arrs and not _close(arrs[f"dZ{l}"], dZ):
            continue
        own = dict(zip(("dW", "db", "dA_prev"), linear_backward(dZ, c.A_prev, c.W), strict=True))
        mist = _linear_mistakes(dZ, c.A_prev, c.W)
        if l > 1 and f"dA{l}" in want:
            mist["dA_prev"].append(
                ("dA_prev was computed from dA; it is W^T dZ, from dZ (after the derivative)", c.W.T @ want[f"dA{l}"])
            )
        found = [f"layer {l}, dZ{l}: {dz_msg}"] if dz_msg else []
        for short, full in keys:
            if _close(arrs[full], own[short]):
                continue
            hit = next((msg for msg, v in mist[short] if v is not None and _close(arrs[full], v)), None)
            if hit is None:
                break
            found.append(f"layer {l}, {full}: {hit}")
        else:
            if found and (best is None or len(found) < len(best)):
                best = found
    return best


def check_two_layer_backward(fn: Callable) -> Feedback:
    """``fn(params, cache, X, Y) -> grads`` for the 2-layer tanh/sigmoid network (keys dW1, db1, dW2, db2)."""

    def case(dims: Sequence[int], m: int, seed: int) -> _Case:
        params, X, Y, AL, caches, want = _network_case(dims, m, "tanh", "sigmoid", seed)
        cache = _two_layer_cache(caches)
        return _Case(
            {"params": params, "cache": cache, "X": X, "Y": Y},
            [],
            lambda got: _judge_network(got["result"], caches, AL, Y, want),
        )

    return _check(
        "2-layer backward",
        fn,
        [case([2, 4, 1], 8, 6), case([4, 4, 4], 4, 16)],
        "all four gradients match: dZ2 = A2 - Y, then back through W2^T and tanh' = 1 - A1^2",
    )


def _two_layer_cache(caches: Sequence) -> dict[str, np.ndarray]:
    return {"Z1": caches[0].Z, "A1": caches[0].A, "Z2": caches[1].Z, "A2": caches[1].A}


def two_layer_grads(
    fn: Callable, params: Mapping[str, np.ndarray], X: np.ndarray, Y: np.ndarray
) -> dict[str, np.ndarray]:
    """The learner's ``two_layer_backward`` run on ``params``, ``X``, ``Y`` (tanh hidden, sigmoid output).

    For ``bp.gradcheck(params, X, Y, hidden="tanh", output="sigmoid", grads=two_layer_grads(fn, params, X, Y))``.
    The forward pass is ``bp.forward``; the function gets copies and the time limit.
    Raises ValueError with the reason when the function fails or returns no dict.
    """
    AL, caches = forward(X, params, "tanh", "sigmoid")
    run = _call(
        fn, {"params": params, "cache": _two_layer_cache(caches), "X": np.asarray(X, float), "Y": np.asarray(Y, float)}
    )
    if run.timed_out:
        raise ValueError(f"two_layer_backward was still running after {TIME_LIMIT:g} s and was stopped")
    if run.error is not None:
        raise ValueError(_error_line(run.error)) from run.error
    if not isinstance(run.value, Mapping):
        raise ValueError(
            f"two_layer_backward returned a {type(run.value).__name__}; it must return a dict of gradients"
        )
    return dict(run.value)


def check_L_layer_backward(fn: Callable) -> Feedback:
    """``fn(AL, Y, caches) -> grads`` for an L = 3 relu/softmax network made by ``bp.forward``.

    grads must hold dW1, db1, ..., dW3, db3; dZ{l} and dA{l} are checked when present.
    """

    def case(dims: Sequence[int], m: int, seed: int, kink: bool) -> _Case:
        params, X, Y, AL, caches, want = _network_case(dims, m, "relu", "softmax", seed, kink)
        return _Case(
            {"AL": AL, "Y": Y, "caches": caches}, [], lambda got: _judge_network(got["result"], caches, AL, Y, want)
        )

    return _check(
        "L-layer backward",
        fn,
        [case([4, 5, 3, 3], 6, 10, True), case([4, 4, 4, 4], 4, 20, False)],
        "every layer matches: dZ3 = A3 - Y, then for l = 2, 1: dA = W^T dZ of the layer above, dZ = dA * (Z > 0)",
    )


# ---------------------------------------------------------------------------- numerical gradient, update


def check_numerical_gradient(fn: Callable) -> Feedback:
    """``fn(J, theta, eps) -> grad``: central differences of a scalar function J(theta) of an array theta."""
    eps = 1e-5

    def case(seed: int, shape: tuple[int, ...]) -> _Case:
        rng = np.random.default_rng(seed)
        theta = rng.standard_normal(shape)
        C = rng.standard_normal(shape)

        def J(t: np.ndarray) -> float:
            return float(np.sum(C * np.asarray(t) ** 3))

        want = numerical_gradient(J, theta.copy(), eps)
        t = theta.copy()
        all_at_once = (J(t + eps) - J(t - eps)) / (2 * eps)
        mistakes = [
            ("you divided by eps; the two nudges are 2 eps apart: divide by 2 eps", 2 * want),
            (
                "a one-sided difference (J(theta + eps) - J(theta)) / eps: " + CENTRAL,
                np.array([(J(_nudged(t, i, eps)) - J(t)) / eps for i in np.ndindex(shape)]).reshape(shape),
            ),
            (
                "a one-sided difference (J(theta) - J(theta - eps)) / eps: " + CENTRAL,
                np.array([(J(t) - J(_nudged(t, i, -eps))) / eps for i in np.ndindex(shape)]).reshape(shape),
            ),
            (
                "every entry was nudged at once (theta + eps): nudge one entry at a time, the others held still",
                np.full(shape, all_at_once),
            ),
            ("the sign is flipped: it is J(theta + eps) - J(theta - eps), plus side first", -want),
            ("the division by 2 eps is missing", want * 2 * eps),
        ]
        return _Case(
            {"J": J, "theta": theta, "eps": eps},
            ["grad"],
            lambda got: _judge_numerical(got, want, mistakes, C, theta),
            {"grad": want},
        )

    fb = _check(
        "numerical gradient",
        fn,
        [case(7, (2, 3)), case(17, (4,))],
        "central differences agree with the true gradient to about eps^2",
    )
    for i, ln in enumerate(fb.lines):
        if ln.startswith("your function changed its input theta"):
            fb.lines[i] = (
                "theta was left changed: after nudging an entry, put it back (old = theta[i]; ...; theta[i] = old)"
            )
    return fb


def _nudged(t: np.ndarray, i: tuple, d: float) -> np.ndarray:
    u = t.copy()
    u[i] += d
    return u


def _judge_numerical(got: dict, want: np.ndarray, mistakes: list, C: np.ndarray, theta: np.ndarray) -> tuple:
    lines, pair = _judge_arrays(got, {"grad": want}, {"grad": mistakes})
    if lines and lines[0].startswith("grad differs"):
        arr = _as_array("grad", got["grad"])[0]
        err = (arr - want) / C  # for J = sum C theta^3, central differences are off by eps'^2 exactly
        if np.all(err > 0) and np.allclose(err, err.flat[0], rtol=1e-3):
            lines = [
                f"grad is what central differences give with eps = {np.sqrt(err.flat[0]):.2g}: "
                "use the eps passed to your function"
            ]
    return lines, pair


def check_update(fn: Callable) -> Feedback:
    """``fn(params, grads, learning_rate) -> new_params`` (gradient descent, params unchanged)."""
    lr = 0.03

    def case(seed: int) -> _Case:
        rng = np.random.default_rng(seed)
        params = {"W1": rng.standard_normal((3, 2)), "b1": rng.standard_normal((3, 1))}
        params |= {"W2": rng.standard_normal((2, 3)), "b2": rng.standard_normal((2, 1))}
        grads = {"d" + k: rng.standard_normal(v.shape) for k, v in params.items()}
        want = update(params, grads, lr)
        return _Case(
            {"params": params, "grads": grads, "learning_rate": lr},
            [],
            lambda got: _judge_update(got["result"], params, grads, want, lr),
        )

    return _check("update", fn, [case(8)], "W := W - alpha dW, b := b - alpha db, in new arrays")


def _judge_update(got: object, params: dict, grads: dict, want: dict, lr: float) -> tuple[list[str], tuple | None]:
    lines = _keys_problem(got, list(want), want, "the returned dict", "new_params")
    if lines:
        return lines, None
    for k, w in want.items():
        arr, problem = _as_array(k, got[k])
        if problem:
            return [problem], None
        P, G = params[k], grads["d" + k]
        mistakes = [
            ("you stepped uphill: subtract the gradient, W := W - alpha dW", P + lr * G),
            ("the learning rate was left out: W := W - alpha dW", P - G),
            (f"{k} was not updated: {k} := {k} - alpha d{k}", P),
            ("you returned the step alone: W := W - alpha dW, the old W minus the step", -lr * G),
            ("you returned the gradient: W := W - alpha dW", G),
            ("you divided by the learning rate: W := W - alpha dW", P - G / lr),
        ]
        p = _compare(k, arr, w, mistakes)
        if p and arr.shape == P.shape and p.startswith(f"{k} differs"):
            c = float(np.vdot(P - arr, G) / np.vdot(G, G))
            if _close(arr, P - c * G):
                p = (
                    f"{k}: your step is {c:.4g} times d{k}, but the learning rate given was {lr:g}: "
                    "use the learning_rate argument, not a number or a variable from outside"
                )
        if p:
            return [p], (k, arr, w) if arr.shape == w.shape else None
    return [], None


# ---------------------------------------------------------------------------- the bug zoo

BUGS = {
    "transpose on the wrong factor": "dW[l] = 1/m A[l-1] dZ[l]^T",
    "missing 1/m": "dW[l] = dZ[l] A[l-1]^T",
    "db over the wrong axis": "db[l] = 1/m sum over axis 0 of dZ[l]",
    "g' evaluated at A instead of Z": "dZ[l] = dA[l] * g'(A[l])",
    "forgot the derivative": "dZ[l] = dA[l]",
}


def buggy_backward(bug: str) -> Callable:
    """A backward pass with one classic bug switched on (a name from :data:`BUGS`).

    Returns ``f(AL, Y, caches, output) -> grads``, the same signature as
    :func:`backprop_lib.backward`. Everything but the named step is correct
    (each step is the package's own function; only the bug is written here).
    """
    if bug not in BUGS:
        raise ValueError(f"unknown bug {bug!r}; the zoo has: {', '.join(BUGS)}")

    def backward_with_bug(AL, Y, caches, output="softmax"):  # noqa: ANN001, ANN202
        grads: dict[str, np.ndarray] = {}
        L = len(caches)
        dZ = output_backward(AL, np.asarray(Y, dtype=float))
        for c in reversed(caches):
            m = c.A_prev.shape[1]
            if c.l < L:
                dA = grads[f"dA{c.l}"]
                if bug == "forgot the derivative":
                    dZ = dA
                elif bug == "g' evaluated at A instead of Z":
                    dZ = dA * HIDDEN[c.activation].prime(c.A)
                else:
                    dZ = activation_backward(dA, c.Z, c.activation, c.A)
            dW, db, dA_prev = linear_backward(dZ, c.A_prev, c.W)
            if bug == "transpose on the wrong factor":
                dW = c.A_prev @ dZ.T / m
            elif bug == "missing 1/m":
                dW = dW * m
            elif bug == "db over the wrong axis":
                db = dZ.sum(axis=0, keepdims=True) / m
            grads.update({f"dZ{c.l}": dZ, f"dW{c.l}": dW, f"db{c.l}": db, f"dA{c.l - 1}": dA_prev})
        return grads

    return backward_with_bug


def bug_zoo() -> dict[str, Callable]:
    """Every bug of :data:`BUGS`, ready for ``GradCheckExplorer(bugs=bug_zoo())``."""
    return {name: buggy_backward(name) for name in BUGS}
