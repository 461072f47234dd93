"""The lessons' exercises: a checker for each, and the bug zoo.

``check_<name>(your_function)`` runs your function on seeded cases and returns a :class:`Feedback`:
``bool(feedback)`` is whether it passed, ``feedback.message`` the text, ``feedback.mistakes`` the ids of
the mistakes it named. Graded cells call ``feedback.show()`` (your matrix beside the expected one where the
numbers are wrong) and then ``assert feedback, feedback.message``.

How it works, one module each: :mod:`.catalog` (one declarative entry per exercise), :mod:`.sandbox`
(running your function: copies, a time limit, your own line when it raises, nothing it changes escapes),
:mod:`.program` and :mod:`.search` (the right computation as a small program, and the wrong programs a
learner can write from it, searched for the one that gives your numbers), :mod:`.checker` (the one path
every checker takes), :mod:`.zoo` (backward passes with one bug each, for lesson 06's explorer).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import numpy as np

from .._validate import InputError
from ..network import forward
from . import catalog, checker, engine, sandbox
from .catalog import EXERCISES
from .checker import NOT_YET, Feedback, error_line
from .sandbox import TIME_LIMIT, Timeout
from .zoo import BUGS, bug_zoo, buggy_backward, mystery_backward

__all__ = [
    "BUGS",
    "EXERCISES",
    "NOT_YET",
    "TIME_LIMIT",
    "Feedback",
    "Timeout",
    "bug_zoo",
    "buggy_backward",
    "mystery_backward",
]


def _checker(name: str) -> Callable:
    ex = EXERCISES[name]

    def check(fn: Callable) -> Feedback:
        return checker.check(ex, fn)

    check.__name__ = check.__qualname__ = f"check_{name}"
    check.__doc__ = f"The checker of lesson {ex.lesson}'s exercise, {ex.title}: ``check_{name}({', '.join(ex.args)})``."
    return check


for _name in EXERCISES:
    globals()[f"check_{_name}"] = _checker(_name)
    __all__.append(f"check_{_name}")


def two_layer_grads(fn: Callable, params: Mapping[str, np.ndarray], X: np.ndarray, Y: np.ndarray) -> dict:
    """The learner's ``two_layer_backward`` run on ``params``, ``X``, ``Y`` (tanh hidden, sigmoid output).

    For ``bp.gradcheck(params, X, Y, hidden="tanh", output="sigmoid", grads=two_layer_grads(fn, params, X, Y))``.
    The forward pass is ``bp.forward``; the function gets copies and the time limit. Raises InputError with
    the reason when the function fails or returns no dict.
    """
    AL, caches = forward(X, params, "tanh", "sigmoid")
    cache = {"Z1": caches[0].Z, "A1": caches[0].A, "Z2": caches[1].Z, "A2": caches[1].A}
    run = sandbox.call(fn, {"params": params, "cache": cache, "X": caches[0].A_prev, "Y": np.asarray(Y, float)})
    if run.timed_out:
        raise InputError(f"two_layer_backward was still running after {sandbox.TIME_LIMIT:g} s and was stopped")
    if run.error is not None:
        raise InputError(error_line(run.error, run.line, run.failed)) from run.error
    if not isinstance(run.value, Mapping):
        raise InputError(
            f"two_layer_backward returned a {type(run.value).__name__}; it must return a dict of gradients"
        )
    return dict(run.value)


del _name
assert catalog and engine  # re-exported modules
