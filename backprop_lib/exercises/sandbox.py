"""Running a learner's function: on copies, in a time limit, and nothing it does escapes the call.

:func:`call` runs ``fn`` on copies of the inputs and returns a :class:`Run`: the value, or the exception with
the learner's own line and the shapes of the arrays on it; what it printed (kept to the first lines); the
inputs it changed in place; numpy attributes or library functions it replaced (put back, and named); numpy's
error settings and global random state (put back). While it runs, the library functions that compute the
exercise's answer refuse (``refuse``): an exercise is the formula, not a call to it.

The time limit (:data:`TIME_LIMIT` seconds). In the main thread of a process that has ``SIGALRM`` (every
Jupyter kernel on Linux and macOS), an interval timer raises :class:`Timeout` inside the learner's code. A loop
that catches it (``except:`` or ``except BaseException:``) gets it again every 50 ms, and after half a second
more every line it runs raises it, so the call always returns. Elsewhere (Windows, another thread) the function
runs in a helper thread that is asked to stop after the limit (a pure Python loop obeys); a single numpy call
that runs for minutes cannot be stopped either way, and the message says to restart the kernel.
"""

from __future__ import annotations

import ast
import contextlib
import ctypes
import inspect
import io
import linecache
import os
import pickle
import select
import signal
import sys
import threading
import time
import types
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import numpy as _np

from .. import _validate

TIME_LIMIT = 3.0  # seconds for one call of the learner's function
GRACE = 0.5  # after the limit, before every line the learner's code runs raises Timeout
PRINTED = 20_000  # characters of the learner's prints kept
_geterr, _seterr, _get_state, _set_state = _np.geterr, _np.seterr, _np.random.get_state, _np.random.set_state
_ndarray, _array_equal, _isclose = _np.ndarray, _np.array_equal, _np.isclose


class Timeout(BaseException):
    """Raised inside the learner's function when it runs past the time limit (a BaseException, like
    KeyboardInterrupt, so ``except Exception`` in the learner's code does not swallow it)."""


@dataclass
class Run:
    value: object = None
    error: BaseException | None = None
    line: str = ""  # the learner's line that raised, with the shapes on it
    failed: str = ""  # the operation on that line that fails, with its two shapes
    timed_out: bool = False
    stuck: bool = False  # the helper thread did not stop
    printed: str = ""
    changed: list[str] = field(default_factory=list)  # inputs changed in place
    tampered: list[str] = field(default_factory=list)  # numpy or library attributes it replaced (now put back)
    state: list[str] = field(default_factory=list)  # numpy global state it changed (now put back)


class _Capped(io.StringIO):
    """stdout that keeps the first :data:`PRINTED` characters (megabytes of prints cost nothing)."""

    def write(self, s: str) -> int:
        if self.tell() < PRINTED:
            super().write(s[: PRINTED - self.tell()])
        return len(s)


def copy(v: object) -> object:
    if isinstance(v, _ndarray):
        return v.copy()
    if isinstance(v, Mapping):
        return {k: copy(x) for k, x in v.items()}
    if isinstance(v, tuple) and hasattr(v, "_fields"):  # LayerCache
        return type(v)(*(copy(x) for x in v))
    if isinstance(v, (list, tuple)):
        return type(v)(copy(x) for x in v)
    return v


def same(a: object, b: object) -> bool:
    if isinstance(b, _ndarray):
        if not isinstance(a, _ndarray) or a.shape != b.shape:
            return False
        if _array_equal(a, b, equal_nan=True):
            return True
        try:  # put back by arithmetic (+= eps, -= 2 eps, += eps) is put back: a few units in the last place
            return bool(_isclose(a, b, rtol=1e-12, atol=1e-15, equal_nan=True).all())
        except TypeError:
            return False
    if isinstance(b, Mapping):
        return isinstance(a, Mapping) and list(a) == list(b) and all(same(a[k], b[k]) for k in b)
    if isinstance(b, (list, tuple)):
        return isinstance(a, (list, tuple)) and len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    return True


def _watched() -> list[types.ModuleType]:
    """The modules whose attributes a learner's function must leave alone: numpy's and the library's."""
    names = ("numpy", "numpy.linalg", "numpy.random", "backprop_lib")
    return [m for n, m in list(sys.modules.items()) if n in names or n.startswith("backprop_lib.")]


def call(
    fn: Callable, inputs: Mapping[str, object], refuse: Mapping[str, str] | None = None, seconds: float | None = None
) -> Run:
    """Call ``fn`` on copies of ``inputs`` (in order), timed, printing captured, the world put back after.

    Where the system can fork (Linux, macOS), the call runs in a child process: whatever the function does
    (replace numpy's functions, catch every Timeout in an endless loop, crash), the kernel is untouched, and
    the child is stopped :data:`GRACE` + 0.5 s after the limit if it has not returned. Elsewhere it runs here.
    The limit is :data:`TIME_LIMIT` unless ``seconds`` says otherwise (a whole training run)."""
    seconds = TIME_LIMIT if seconds is None else seconds
    if hasattr(os, "fork"):
        return _forked(fn, inputs, refuse, seconds)
    return _here(fn, inputs, refuse, seconds)


class _Unreadable:
    """What the function returned, when it cannot be sent back from the child (a generator, an open file...)."""

    def __init__(self, value: object):
        self.kind = type(value).__name__
        self.generator = inspect.isgenerator(value)
        shape = getattr(value, "shape", None)
        self.shape = shape if isinstance(shape, tuple) else None


class LearnerError(Exception):
    """The learner's exception, when the exception itself cannot be sent back from the child."""

    def __init__(self, kind: str, text: str):
        super().__init__(text)
        self.kind = kind

    def __reduce__(self):
        return LearnerError, (self.kind, str(self))


def _forked(fn: Callable, inputs: Mapping[str, object], refuse: Mapping[str, str] | None, seconds: float) -> Run:
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: run, send the Run back, leave without running anything of the parent's
        code = 0
        try:
            os.close(read)
            with contextlib.redirect_stderr(_Capped()):
                run = _here(fn, inputs, refuse, seconds)
                _sendable(run)
                data = pickle.dumps(run)
            with os.fdopen(write, "wb") as out:
                out.write(data)
        except BaseException:
            code = 1
        finally:
            os._exit(code)
    os.close(write)
    chunks, deadline = [], time.monotonic() + seconds + GRACE + 0.5
    with os.fdopen(read, "rb") as src:
        while True:
            left = deadline - time.monotonic()
            ready, _, _ = select.select([src], [], [], max(left, 0))
            if not ready:  # still running: it caught every Timeout
                os.kill(pid, signal.SIGKILL)
                os.waitpid(pid, 0)
                return Run(timed_out=True)
            chunk = os.read(src.fileno(), 1 << 20)
            if not chunk:
                break
            chunks.append(chunk)
    os.waitpid(pid, 0)
    try:
        return pickle.loads(b"".join(chunks))
    except Exception:
        return Run(
            error=LearnerError("a crash", "your function stopped the process it ran in (a crash in native code)")
        )


def _sendable(run: Run) -> None:
    """Make ``run`` picklable: a value or an exception that cannot be pickled is described instead."""
    try:
        pickle.dumps(run.value)
    except Exception:
        run.value = _Unreadable(run.value)
    try:
        pickle.loads(pickle.dumps(run.error))
    except Exception:
        try:
            text = str(run.error)
        except Exception:
            text = ""
        run.error = LearnerError(type(run.error).__name__, text)


def _here(
    fn: Callable, inputs: Mapping[str, object], refuse: Mapping[str, str] | None = None, seconds: float = TIME_LIMIT
) -> Run:
    """Call ``fn`` in this process (see :func:`call`)."""
    given = {k: copy(v) for k, v in inputs.items()}
    modules = _watched()
    before = {m.__name__: dict(vars(m)) for m in modules}
    err, rand = _geterr(), _get_state()
    buf = _Capped()
    _validate.REFUSE.update(refuse or {})
    run = Run(timed_out=True)
    try:
        with contextlib.redirect_stdout(buf):
            run = _limited(fn, list(given.values()), seconds)
    finally:
        _validate.REFUSE.clear()
        run.tampered = [f"{m.__name__}.{n}" for m in modules for n in _put_back(m, before[m.__name__])]
        if _geterr() != err:
            _seterr(**err)
            run.state.append("numpy's error settings (np.seterr)")
        now = _get_state()
        if now[0] != rand[0] or not _array_equal(now[1], rand[1]) or now[2:] != rand[2:]:
            _set_state(rand)
            run.state.append("numpy's global random state (np.random.seed)")
    run.printed = buf.getvalue()
    run.changed = [k for k, v in inputs.items() if not same(given[k], v)]
    return run


def _put_back(module: types.ModuleType, before: dict) -> list[str]:
    """Restore every attribute of ``module`` replaced or deleted since ``before``; their names. (Added ones are
    left: numpy and the library add submodules as they are first imported.)"""
    now = vars(module)
    changed = sorted(n for n, v in before.items() if n not in now or now[n] is not v)
    for n in changed:
        setattr(module, n, before[n])
    return changed


def _limited(fn: Callable, args: list, seconds: float) -> Run:
    run = Run()
    if hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread():
        return _with_alarm(fn, args, seconds, run)

    def target() -> None:
        try:
            run.value = fn(*args)
        except Timeout:
            run.timed_out = True
        except BaseException as exc:
            run.error, (run.line, run.failed) = exc, learner_line(exc)

    worker = threading.Thread(target=target, daemon=True)
    worker.start()
    worker.join(seconds)
    if worker.is_alive():
        run.timed_out = True
        ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(worker.ident), ctypes.py_object(Timeout))
        worker.join(1.0)
        run.stuck = worker.is_alive()
    return run


def _with_alarm(fn: Callable, args: list, seconds: float, run: Run) -> Run:
    rings = 0

    def strict(frame, event, arg):
        raise Timeout()

    def on_alarm(signum, frame):
        nonlocal rings
        rings += 1
        if rings * 0.05 > GRACE:  # the learner's code keeps catching it: every line of it now raises
            f = frame
            while f is not None and f.f_code is not _with_alarm.__code__:  # the learner's frames, not ours
                f.f_trace = strict
                f = f.f_back
            sys.settrace(strict)
        raise Timeout()

    old = signal.signal(signal.SIGALRM, on_alarm)
    try:
        try:
            signal.setitimer(signal.ITIMER_REAL, seconds, 0.05)  # then again every 50 ms until it returns
            run.value = fn(*args)
        except Timeout:
            run.timed_out = True
        except BaseException as exc:
            run.error, (run.line, run.failed) = exc, learner_line(exc)
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
            sys.settrace(None)
    except Timeout:  # the alarm rang just as the function returned
        run.timed_out = run.value is None and run.error is None
    finally:
        signal.signal(signal.SIGALRM, old)
    run.timed_out = run.timed_out or rings > 0 and run.value is None and run.error is None
    return run


# ---------------------------------------------------------------------------- the learner's line


def _is_learners(filename: str) -> bool:
    """Code the learner wrote: a notebook cell or a file of theirs, not the library or numpy or Python."""
    inside = ("site-packages", "dist-packages", "/lib/python", "backprop_lib", "<frozen")
    return not any(part in filename for part in inside)


def learner_line(exc: BaseException) -> tuple[str, str]:
    """The line of the learner's code that raised with the shape of each array named on it, and the one operation
    on it that fails (or "")."""
    tb, found = exc.__traceback__, None
    while tb is not None:
        if _is_learners(tb.tb_frame.f_code.co_filename):
            found = tb
        tb = tb.tb_next
    if found is None:
        return "", ""
    code = found.tb_frame.f_code
    text = linecache.getline(code.co_filename, found.tb_lineno).strip()
    if not text:
        return "", ""
    names = _names_on(text)
    local = found.tb_frame.f_locals
    shapes = [f"{n} is {_shape_of(local[n])}" for n in names if n in local and hasattr(local[n], "shape")]
    where = f"in {code.co_name}" if code.co_name != "<module>" else "in your cell"
    return f"`{text}` ({where}{'; ' + ', '.join(shapes) if shapes else ''})", failing_operation(text, local)


_OPS = {ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/", ast.MatMult: "@"}


def failing_operation(text: str, local: Mapping[str, object]) -> str:
    """The one operation of the learner's line that fails, with the shapes of its two sides: ``dZ[:, i] * A_prev[:,
    i]`` is a (3,) times a (4,). Only names, attributes (``.T``), indexing and arithmetic are evaluated again, from
    the values the line saw; a line with a function call is not re-run."""
    try:
        tree = ast.parse(text.rstrip(":"), mode="exec")
    except SyntaxError:
        return ""
    scope = {k: v for k, v in local.items() if not k.startswith("__")}

    def value(node: ast.AST) -> object:
        return eval(compile(ast.Expression(node), "<line>", "eval"), {"__builtins__": {}}, scope)

    pairs = [(n.target, n.value, n.op) for n in ast.walk(tree) if isinstance(n, ast.AugAssign)]
    pairs += [(n.left, n.right, n.op) for n in ast.walk(tree) if isinstance(n, ast.BinOp)]
    for left, right, op in reversed(pairs):  # the innermost first
        if type(op) not in _OPS or any(isinstance(x, ast.Call) for side in (left, right) for x in ast.walk(side)):
            continue  # a side with a function call is not run again
        try:
            a, b = value(left), value(right)
        except Exception:
            continue
        try:
            with _np.errstate(all="ignore"):
                {
                    ast.Add: _np.add,
                    ast.Sub: _np.subtract,
                    ast.Mult: _np.multiply,
                    ast.Div: _np.true_divide,
                    ast.MatMult: _np.matmul,
                }[type(op)](a, b)
        except Exception:
            sym = _OPS[type(op)]
            for side, v in ((left, a), (right, b)):
                if callable(v) and not isinstance(v, _ndarray):
                    name = ast.unparse(side)
                    return (
                        f"`{ast.unparse(left)} {sym} {ast.unparse(right)}`: {name} is a function, not an array; "
                        f"call it on its argument, {name}(Z)"
                    )
            sa, sb = _shape_of(a), _shape_of(b)
            how = (
                "a matrix product needs the inner sizes to match"
                if sym == "@"
                else "entry by entry, so the shapes must match"
            )
            return f"`{ast.unparse(left)} {sym} {ast.unparse(right)}` takes a {sa} {sym} a {sb}: {how}"
    return ""


def _names_on(text: str) -> list[str]:
    try:
        tree = ast.parse(text.rstrip(":") + (" pass" if text.rstrip().endswith(":") else ""))
    except SyntaxError:
        return []
    seen: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and node.id not in seen:
            seen.append(node.id)
    return seen


def _shape_of(a: object) -> str:
    s = tuple(getattr(a, "shape", ()))
    return "(" + ", ".join(str(x) for x in s) + ("," if len(s) == 1 else "") + ")"
