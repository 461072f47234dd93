"""One path for every checker: run the learner's function on each case, then name what is wrong.

:func:`check` takes an :class:`~.catalog.Exercise` (its cases, the right program, how to read what the learner
returns) and the learner's function, and returns a :class:`Feedback`:

1. the function runs on copies of each case's inputs (:mod:`.sandbox`), the library calls that would compute
   the answer refused;
2. an error is reported with the learner's own line and the shapes on it, before any numpy text;
3. wrong numbers are diagnosed by search (:mod:`.search`): the fewest mistakes that reproduce them on every case
   the function ran, in the lesson's words, or else the first wrong output and what is wrong with it.
"""

from __future__ import annotations

import ast
import dis
import html
import inspect
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as _np

from .._validate import Refused
from . import sandbox
from .program import Change
from .search import close, describe, diagnose, swapped

NOT_YET = (
    "not implemented yet: replace the `raise NotImplementedError()` line with your code, "
    "run the cell with your function, then this one"
)
_asarray, _prod = _np.asarray, _np.prod
MAX_ENTRIES = 10**7  # a returned array larger than this is refused before any copy


@dataclass
class Feedback:
    """The outcome of a checker: ``passed``, the lines said to the learner, and the ids of the mistakes named.

    ``compare`` holds ``(name, yours, expected)`` for the first wrong matrix, drawn side by side in a notebook
    and by :meth:`show` (text stays the fallback)."""

    title: str
    passed: bool
    lines: list[str] = field(default_factory=list)
    compare: tuple[str, _np.ndarray, _np.ndarray] | None = field(default=None, repr=False)
    mistakes: tuple[str, ...] = ()

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
        from ..plots import mismatch_html

        name, got, want = self.compare
        return f"<pre>{html.escape(self.message)}</pre>" + mismatch_html(name, got, want)

    def show(self) -> None:
        """Display the feedback (with the side-by-side comparison where numbers are wrong): a graded cell calls
        it before its assert, so the learner and nbgrader's feedback both see it."""
        try:
            from IPython.display import display
        except ImportError:  # plain Python: the text
            print(self.message)
            return
        display(self)


# ---------------------------------------------------------------------------- reading what it returned


def as_array(label: str, got: object) -> tuple[_np.ndarray | None, str | None]:
    """``got`` as a float array, or a sentence saying why it is not one (nothing large is copied first)."""
    if got is None:
        return None, f"{label} is None: did you forget a `return`, or return a variable you never set?"
    if inspect.isgenerator(got) or getattr(got, "generator", False):
        return None, f"{label} is a generator (your function uses `yield`): use `return`"
    if isinstance(got, sandbox._Unreadable) and got.shape is None:
        return None, f"{label} is a {got.kind}; expected a numpy array"
    if isinstance(got, _np.matrix):
        return None, f"{label} is an np.matrix: use plain numpy arrays (np.array), where * is element-wise"
    if isinstance(got, Mapping):
        return None, f"{label} is a dict; expected a numpy array"
    if isinstance(got, (list, tuple)):
        return None, f"{label} is a {type(got).__name__} of {len(got)} items; expected one numpy array"
    shape = getattr(got, "shape", None)
    if shape is not None:
        try:
            if float(_prod([float(s) for s in shape])) > MAX_ENTRIES:
                return None, f"{label} has shape {tuple(shape)}, far larger than anything this exercise makes"
        except (TypeError, ValueError):
            return None, f"{label} has a shape that is not a tuple of sizes: {shape!r:.60}"
    if isinstance(got, sandbox._Unreadable):
        return None, f"{label} is a {got.kind}; expected a numpy array"
    try:
        arr = _asarray(got)
    except Exception as exc:
        return None, f"{label} is a {type(got).__name__} that cannot be read as an array ({type(exc).__name__})"
    if arr.dtype.kind == "c":
        return None, f"{label} holds complex numbers (dtype {arr.dtype}): every gradient here is real"
    if arr.dtype.kind == "b":
        return arr, None  # True/False: compared as 1/0, and said when no mistake explains it (see BOOLEAN)
    if arr.dtype.kind not in "biuf":
        return None, f"{label} is a {type(got).__name__} (dtype {arr.dtype}); expected an array of numbers"
    return arr.astype(float), None


# ---------------------------------------------------------------------------- the learner's error


def error_line(exc: BaseException, line: str, failed: str = "") -> str:
    """The learner's error: their line and its shapes first, then what it means, then Python's own words."""
    kind = getattr(exc, "kind", type(exc).__name__) if isinstance(exc, sandbox.LearnerError) else type(exc).__name__
    try:
        said = f"{kind}: {exc}" if str(exc) else kind
    except Exception:
        said = kind
    meaning = error_meaning(exc, line, failed)[1]
    head = f"your line {line} raised {kind}" if line else f"your function raised {kind}"
    return head + (f": {meaning}" if meaning else "") + f". Python said: {said}"


def error_meaning(exc: BaseException, line: str = "", failed: str = "") -> tuple[str, str]:
    """(an id, what the learner's error means in the lessons' words); the id is "other" when only Python speaks."""
    text = str(getattr(exc, "args", [""])[0]) if getattr(exc, "args", None) else ""
    name = type(exc).__name__ if not isinstance(exc, sandbox.LearnerError) else getattr(exc, "kind", "")
    if isinstance(exc, SystemExit):
        return "exit", "your function called exit() or sys.exit(), which would stop the kernel: return a value instead"
    if isinstance(exc, KeyboardInterrupt):
        return "interrupted", "your function was interrupted (KeyboardInterrupt)"
    if "matmul" in text or ("shapes" in text and "aligned" in text):
        return "matmul", "a matrix product whose inner sizes differ: write the shape under each factor"
    if failed:
        return "shapes", failed
    if "could not broadcast input array" in text:
        return "store", (
            "an array stored into part of another (x[:, i] = ...) has another shape than that part: a column taken "
            "with one index is flat (n,), and a flat (n,) plus a column (n, 1) makes an (n, n) table"
        )
    if "broadcast" in text:
        return "broadcast", _broadcast_meaning(line)
    if "truth value of an array" in text:
        return "if-on-array", (
            "Python's if, and, or, not look at one True/False, but an array holds many: for every entry at once "
            "use np.where(Z > 0, dA, 0), dA * (Z > 0), or & and | between masks"
        )
    if isinstance(exc, KeyError) or name == "KeyError":
        return "key", "a dict key that does not exist: print the dict's keys"
    if (isinstance(exc, IndexError) or name == "IndexError") and "tuple index" in text:
        return "axes", (
            "a .shape[k] past the array's number of axes: this array has fewer axes than you assumed (it may be "
            "1-D); np.ndindex(x.shape) walks the entries of an array of any shape"
        )
    if isinstance(exc, IndexError) or name == "IndexError":
        return "index", "an index past the end of an array or a list: print its shape or length"
    if isinstance(exc, NameError) or name in ("NameError", "UnboundLocalError"):
        return "unassigned", (
            "a name used before anything was stored in it: assign it in your function (a print() shows a value "
            "but stores nothing; a variable of another cell is not this function's)"
        )
    if isinstance(exc, (TypeError, ValueError)) and "unpack" in text:
        return "unpack", "unpacking into a different number of names than there are values"
    if isinstance(exc, TypeError) and "'function'" in text:
        return "function", "a function used as a number: call it with its argument, e.g. g_prime(Z)"
    if isinstance(exc, AttributeError) and ("'int'" in text or "'float'" in text):
        return "number", "a number where an array belongs: check what each name holds (print its type)"
    if name == "AxisError":
        return "axis", (
            "that axis does not exist: a 2-D array has axis 0 (rows, the units) and axis 1 (columns, the examples)"
        )
    if name == "UFuncTypeError" or "Cannot cast" in text:
        return "int-array", (
            "an integer array cannot hold the fractions of the result: create it as floats (np.zeros(shape))"
        )
    return "other", ""


def _broadcast_meaning(line: str) -> str:
    ops = {ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/"}
    body = line.split("`")[1] if line.count("`") >= 2 else ""
    try:
        tree = ast.parse(body)
    except SyntaxError:
        tree = None
    kinds = (
        [ops[type(n.op)] for n in ast.walk(tree) if isinstance(n, (ast.BinOp, ast.AugAssign)) and type(n.op) in ops]
        if tree
        else []
    )
    if kinds:
        what = " or ".join(dict.fromkeys(kinds))
        return (
            f"two arrays meet entry by entry in `{what}` but their shapes differ and cannot be matched up "
            "(numpy broadcasting): write the shape of each side"
        )
    return "two arrays of shapes that cannot be matched up entry by entry (numpy broadcasting)"


def outside_numbers(fn: Callable) -> list[str]:
    """The names ``fn`` reads from outside itself (the notebook's variables) that hold numbers or arrays: a
    function that uses the notebook's m, learning_rate or W instead of its own arguments."""
    code = getattr(fn, "__code__", None)
    if code is None:  # not Python code (a builtin, a numpy ufunc)
        return []
    read, todo = set(), [code]
    while todo:  # the function, and the comprehensions and lambdas inside it
        c = todo.pop()
        read |= {i.argval for i in dis.get_instructions(c) if i.opname in ("LOAD_GLOBAL", "LOAD_NAME", "LOAD_DEREF")}
        todo += [k for k in c.co_consts if hasattr(k, "co_code")]
    scope = {**getattr(fn, "__globals__", {}), **_closure(fn)}
    numbers = (int, float, _np.ndarray, _np.number)

    def data(v: object) -> bool:  # a number, an array, or a dict / list of arrays (params, caches, grads)
        if isinstance(v, bool) or isinstance(v, type) or callable(v):
            return False
        if isinstance(v, numbers):
            return True
        items = list(v.values())[:50] if isinstance(v, Mapping) else v[:50] if isinstance(v, (list, tuple)) else []
        return any(isinstance(x, _np.ndarray) or (isinstance(x, tuple) and any(isinstance(y, _np.ndarray) for y in x))
                   for x in items)  # fmt: skip

    return sorted(n for n in read if n in scope and data(scope[n]))


def _closure(fn: Callable) -> dict:
    cells = getattr(fn, "__closure__", None) or ()
    names = getattr(getattr(fn, "__code__", None), "co_freevars", ())
    out = {}
    for n, c in zip(names, cells, strict=False):
        try:
            out[n] = c.cell_contents
        except ValueError:  # an empty cell
            pass
    return out


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
    if isinstance(value, list):
        return (
            f"your function changed the list {name} it was given (or the arrays inside it): the caller still "
            "needs it; build new arrays and leave the inputs alone"
        )
    return (
        f"your function changed its input {name} in place (e.g. {name} *= ..., {name}[...] = 0): "
        f"the caller still needs it; work on a new array ({name}.copy(), or {name} * ...)"
    )


# ---------------------------------------------------------------------------- the one path


def failed(title: str, run: sandbox.Run, timeout: str) -> Feedback | None:
    """The feedback on a run that did not return (stopped at the time limit, not written yet, a library call
    refused, the learner's own error with their line), or None when it returned: for the exercises judged by
    what they do (:mod:`.loop`, :mod:`.engine`), which read its value themselves."""
    if run.timed_out:
        return Feedback(title, False, [timeout], mistakes=("timeout",))
    if isinstance(run.error, NotImplementedError):
        return Feedback(title, False, [NOT_YET], mistakes=("not-implemented",))
    if isinstance(run.error, Refused):
        return Feedback(title, False, [str(run.error)], mistakes=("library-call",))
    if run.error is not None:
        return Feedback(title, False, [error_line(run.error, run.line, run.failed)], mistakes=("raised",))
    return None


def check(ex, fn: Callable) -> Feedback:
    """Run ``fn`` on every case of exercise ``ex`` and say what is right or wrong with it."""
    title = ex.title
    if not callable(fn):
        return Feedback(
            title, False, [f"pass your function itself (its name, no parentheses), not a {type(fn).__name__}"]
        )
    if ex.judge is not None:  # judged by what it achieves (a training run), not by a program's numbers
        return ex.judge(ex, fn)
    envs, got, notes, error, raised = [], [], [], None, ""
    for case in ex.cases:
        env = case()
        env["__truth__"] = ex.right(env).run(env)  # what each output should be: names a misnamed dict key
        inputs = dict(zip(ex.args, ex.build(env), strict=True))
        run = sandbox.call(fn, inputs, ex.refuse)
        printed = _printed_line(run.printed)
        if printed and printed not in notes:
            notes.append(printed)
        if run.tampered:
            names = ", ".join(run.tampered)
            return Feedback(
                title,
                False,
                [
                    f"your function replaced {names} while it ran; the checker put it back and does not count an "
                    "answer that changes numpy or the library: compute the answer with plain numpy"
                ],
                mistakes=("tampered",),
            )
        if run.state:
            notes.append(f"your function changed {' and '.join(run.state)}; the checker put it back")
        if run.timed_out:
            stop = " It may still be running: restart the kernel (Kernel > Restart) if the notebook stays busy."
            return Feedback(
                title,
                False,
                [
                    f"your function was still running after {sandbox.TIME_LIMIT:g} s and was stopped: look for a "
                    f"loop that never ends (a `while` whose condition never changes).{stop if run.stuck else ''}",
                    *notes,
                ],
                mistakes=("timeout",),
            )
        if isinstance(run.error, NotImplementedError):
            return Feedback(title, False, [NOT_YET], mistakes=("not-implemented",))
        if run.error is not None:
            if isinstance(run.error, Refused):
                return Feedback(title, False, [str(run.error), *notes], mistakes=("library-call",))
            error = error or error_line(run.error, run.line, run.failed)
            raised = raised or f"raised:{error_meaning(run.error, run.line, run.failed)[0]}"
            continue
        outputs, problems = ex.read(run.value, env)
        if problems:
            return Feedback(title, False, [*problems, *notes], mistakes=("returned",))
        notes += [_changed_line(k, inputs[k]) for k in run.changed if _changed_line(k, inputs[k]) not in notes]
        envs.append(env)
        got.append(outputs)
    problem = ex.static(fn) if ex.static is not None else None
    if problem:  # what the exercise asks to write out (a loop), read from the function's own code
        return Feedback(title, False, [problem], mistakes=("static",))
    outside = outside_numbers(fn)
    if not envs:  # it raised on every case
        return Feedback(
            title,
            False,
            [error, *_outside_line(outside), *notes],
            mistakes=("outside-variable",) if outside else (raised,),
        )
    programs = [ex.right(e) for e in envs]
    truth = [p.run(e) for p, e in zip(programs, envs, strict=True)]
    wrong = [k for k in ex.outputs if any(k in g and not close(g[k], t[k]) for g, t in zip(got, truth, strict=True))]
    changed = [n for n in notes if n.startswith("your function changed its input") or " it was given " in n]
    if not wrong:
        if error:
            return Feedback(
                title, False, [error, "on the other case it ran, and was right there", *notes], mistakes=(raised,)
            )
        if changed:  # right numbers, but the caller's arrays are gone
            return Feedback(title, False, notes, mistakes=("changed-input",))
        for pid, case, words in ex.probes:
            if not _right_on(ex, fn, case()):
                return Feedback(title, False, [words, *notes], mistakes=(f"probe:{pid}",))
        return Feedback(title, True, [ex.passed, *notes])
    moved = swapped(got[0], truth[0], ex.outputs)
    if moved:
        return Feedback(title, False, [moved, *notes], mistakes=("swapped",))
    loops = [ex.loops(e) for e in envs] if ex.loops is not None else ()
    found = diagnose(programs, envs, got, ex.outputs, ex.labels, ex.sizes, ex.explicit, loops)
    first = found.first_wrong
    pair = None
    for g, t in zip(got, truth, strict=True):
        if first in g and _asarray(g[first]).shape == _asarray(t[first]).shape:
            pair = (first, _asarray(g[first], dtype=float), _asarray(t[first], dtype=float))
            break
    if found.changes:
        lines = [c.words for c in found.changes]
    else:
        g0, t0 = next((g, t) for g, t in zip(got, truth, strict=True) if first in g and not close(g[first], t[first]))
        right_before = [k for k in ex.outputs[: ex.outputs.index(first)] if k in g0]
        said, kind = describe(first, g0[first], _asarray(t0[first], dtype=float))
        lines, found.changes = [said], (Change(f"{first}:{kind}", said),)
        if _np.asarray(g0[first]).dtype.kind == "b":
            lines, found.changes = [BOOLEAN.format(first)], (Change(f"{first}:boolean", BOOLEAN.format(first)),)
        hint = _hint(ex, got, envs)
        hint = hint or _another_value(first, got, truth, ex.labels)
        if kind == "factor":
            hint = hint or _size_factor(first, got, truth, envs, ex.args)
        if hint is not None:
            lines, found.changes = [hint.words], (hint,)
        if right_before:
            lines.append(
                f"{', '.join(right_before)} {'is' if len(right_before) == 1 else 'are'} right: "
                f"the first wrong step is {first}"
            )
    if error:
        lines.insert(0, f"{error}; on another case it ran, and there:")
    if outside:
        lines += _outside_line(outside)
        if found.changes and found.changes[0].id.split(":")[-1] in ("differs", "factor", "shape", "offset"):
            found.changes = (Change("outside-variable", lines[-1]),)
    return Feedback(title, False, lines + notes, pair, tuple(c.id for c in found.changes))


BOOLEAN = (
    "{} holds True/False (a boolean array), not numbers: an array made from a mask (np.zeros_like(mask), Z > 0) "
    "keeps the mask's dtype; start from the numbers (np.zeros_like(dA), dA * (Z > 0))"
)


def _hint(ex, got: list, envs: list) -> Change | None:
    """The exercise's own hint, if it has one; a hint that cannot read these outputs gives none, never an error."""
    if ex.hint is None:
        return None
    try:
        with _np.errstate(all="ignore"):
            return ex.hint(got, envs)
    except Exception:
        return None


def _right_on(ex, fn: Callable, env: dict) -> bool:
    """Whether ``fn`` returns the right outputs on one more case (a probe), without raising."""
    env["__truth__"] = truth = ex.right(env).run(env)
    run = sandbox.call(fn, dict(zip(ex.args, ex.build(env), strict=True)), ex.refuse)
    if run.error is not None or run.timed_out or run.tampered:
        return False
    outputs, problems = ex.read(run.value, env)
    return not problems and all(close(v, truth[k]) for k, v in outputs.items() if k in truth)


def _outside_line(outside: Sequence[str]) -> list[str]:
    if not outside:
        return []
    return [
        f"your function reads {', '.join(outside)} from outside itself (a variable of the notebook, which holds "
        "another network's numbers): use only its arguments, and compute sizes from them (m = number of columns)"
    ]


def _another_value(first: str, got: list, truth: list, labels: Mapping[str, str]) -> Change | None:
    """What the learner returned as ``first`` is another value of the computation (an input, or another step)."""
    names = [k for k, v in truth[0].items() if k != first and not k.startswith("__") and isinstance(v, _np.ndarray)]
    for name in names:
        if all(first in g and close(g[first], t.get(name)) for g, t in zip(got, truth, strict=True)):
            said = labels.get(name, name)
            return Change(f"{first}:is-{name}", f"what you returned as {first} is {said}: return {first} itself")
    return None


def _size_factor(first: str, got: list, truth: list, envs: list, args: Sequence[str]) -> Change | None:
    """What the learner returned as ``first`` is the right value times (or over) a size of an input, the same size
    on every case: a factor m (the columns, the examples) or a number of units that does not belong."""
    ratios = []
    for g, t in zip(got, truth, strict=True):
        mine, want = _asarray(g.get(first), dtype=float), _asarray(t[first], dtype=float)
        if mine.shape != want.shape or not want.any():
            return None
        c = float(_np.vdot(mine, want) / _np.vdot(want, want))
        if not close(mine, c * want) or c == 0:
            return None
        ratios.append(c)
    for name in args:
        shapes = [_np.shape(e.get(name)) for e in envs]
        for axis, what in ((1, "its columns: m, the number of examples"), (0, "its rows: the number of units")):
            if not all(len(sh) == 2 for sh in shapes):
                continue
            for power in (1, -1):
                if all(
                    abs(c - sh[axis] ** power) < 1e-9 * max(1.0, abs(c)) for c, sh in zip(ratios, shapes, strict=True)
                ):
                    size, n = f"{name}.shape[{axis}]", shapes[0][axis]
                    words = (
                        f"{first} is {n} times too large: it carries a factor {size} ({what}) that does not belong"
                        if power == 1
                        else f"{first} is {n} times too small: it is divided by {size} ({what}), which does not belong"
                    )
                    return Change(f"{first}:{'times' if power == 1 else 'over'}:{size}", words)
    return None
