"""Explorers given odd arguments: a working explorer or a ValueError that says what is wrong.

The cases in CASES were raw tracebacks before (IndexError, TraitError, TypeError, KeyError,
AttributeError, ZeroDivisionError); the hypothesis test throws random arguments at every
explorer's constructor and at ``set``, and accepts only "built" or ValueError.
"""

from __future__ import annotations

import numpy as np
import pytest
from explorer_families import EXPLORERS
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import backprop_lib as bp

W = bp.widgets
X2, Y2 = bp.data.flower(m=40)

# (call, words the ValueError must contain); None: the explorer must build and work
CASES = {
    "OutputExplorer(layer_dims=(3, 4, 2))": (lambda: W.OutputExplorer(layer_dims=(3, 4, 2)), None),
    "OutputExplorer(layer_dims=(3, 4, 4, 3))": (lambda: W.OutputExplorer(layer_dims=(3, 4, 4, 3)), None),
    "OutputExplorer(output='linear')": (lambda: W.OutputExplorer(output="linear"), "LayerExplorer(output='linear')"),
    "LayerExplorer(seed=None)": (lambda: W.LayerExplorer(seed=None), "seed = None"),
    "LayerExplorer(seed=-1)": (lambda: W.LayerExplorer(seed=-1), "seed = -1"),
    "LayerExplorer(layer=9)": (lambda: W.LayerExplorer(layer=9), "one of 1..3"),
    "LayerExplorer(layer=0)": (lambda: W.LayerExplorer(layer=0), "one of 1..3"),
    "LayerExplorer(m=0)": (lambda: W.LayerExplorer(m=0), "m = 0"),
    "LayerExplorer(data as lists)": (
        lambda: W.LayerExplorer(layer_dims=(2, 3, 2), data=([[1, 2], [3, 4]], [[1, 0], [0, 1]])),
        None,
    ),
    "LayerExplorer(data=X alone)": (
        lambda: W.LayerExplorer(layer_dims=(2, 3, 2), data=np.zeros((2, 4))),
        "a pair (X, Y)",
    ),
    "LayerExplorer(data with Y of 3 rows)": (
        lambda: W.LayerExplorer(layer_dims=(2, 3, 2), data=(np.zeros((2, 4)), np.zeros((3, 4)))),
        "Y (n[2], m) = (2, m)",
    ),
    "LayerExplorer(sliders outside W[1])": (lambda: W.LayerExplorer(sliders=[("W1", 10, 0)]), "outside W[1]"),
    "LayerExplorer(sliders on W9)": (lambda: W.LayerExplorer(sliders=[("W9", 0, 0)]), "no parameter 'W9'"),
    "ChainExplorer([1, 1])": (lambda: W.ChainExplorer([1, 1]), "no hidden layer"),
    "ChainExplorer(layer=3)": (lambda: W.ChainExplorer(layer=3), "one of 1..2"),
    "MaskExplorer([1, 1, 1])": (lambda: W.MaskExplorer([1, 1, 1]), None),
    "MatmulExplorer(layer=5)": (lambda: W.MatmulExplorer(layer=5), "one of 1..2"),
    "GradCheckExplorer(bugs=5)": (lambda: W.GradCheckExplorer(bugs=5), "bugs must map a name"),
    "TrainingExplorer(steps_per_frame=0)": (
        lambda: W.TrainingExplorer(X2, Y2, [2, 3, 1], steps_per_frame=0),
        "steps_per_frame = 0",
    ),
    "TrainingExplorer(3 features)": (
        lambda: W.TrainingExplorer(np.zeros((3, 5)), np.zeros((1, 5)), [3, 3, 1]),
        "n[0] = 2 features",
    ),
    "TrainingExplorer(learning_rate=-1)": (
        lambda: W.TrainingExplorer(X2, Y2, [2, 3, 1], learning_rate=-1),
        "learning_rate = -1",
    ),
    "ShapeExplorer((0, 2))": (lambda: W.ShapeExplorer((0, 2)), "each 1..10"),
    "ShapeExplorer(m=99)": (lambda: W.ShapeExplorer(m=99), "m = 99"),
    "ShapeExplorer(layer_dims=None)": (lambda: W.ShapeExplorer(None), "layer_dims = None"),
    "MaskExplorer((2, 2))": (lambda: W.MaskExplorer((2, 2)), "needs a hidden layer"),
    "LayerExplorer(editable=[1])": (lambda: W.LayerExplorer(editable=[1]), "editable = [1]"),
    "LayerExplorer(sliders=5)": (lambda: W.LayerExplorer(sliders=5), "a list of (key, i, j)"),
    "TrainingExplorer(X, Y as lists)": (lambda: W.TrainingExplorer(X2.tolist(), Y2.tolist(), [2, 3, 1]), None),
}


@pytest.mark.parametrize("name", list(CASES))
def test_odd_argument_builds_or_says_what_is_wrong(name):
    make, words = CASES[name]
    if words is None:
        ex = make()
        assert ex.summary()  # built, and it draws
        return
    with pytest.raises(ValueError, match=None) as err:
        make()
    assert words in str(err.value), str(err.value)


@pytest.mark.parametrize(
    "args, words",
    [
        (("W9", 0, 0, 1.0), "no parameter 'W9'"),
        (("W1", 9, 0, 1.0), "outside W[1]"),
        (("W1", 0, 0, float("nan")), "finite number"),
        (("W1", 0, 0, "1"), "finite number"),
        (("W1", 0, 1, 7.0), "slider runs from -3 to 3"),  # W[1][0, 1] has a slider
    ],
)
def test_set_refuses_before_anything_changes(args, words):
    ex = W.LayerExplorer()
    before = {k: v.copy() for k, v in ex.params.items()}
    with pytest.raises(ValueError) as err:
        ex.set(*args)
    assert words in str(err.value), str(err.value)
    assert all(np.array_equal(before[k], ex.params[k]) for k in before)
    ex.set("W1", 0, 1, 0.5)  # the explorer still works
    assert ex.params["W1"][0, 1] == 0.5


def test_a_diverging_training_explorer_stops_and_says_why_until_reset():
    t = W.TrainingExplorer(X2 * 100, Y2, [2, 8, 1], hidden="relu", learning_rate=10.0)
    t.play.value = 1  # one tick: diverges within its 20 steps
    assert t.diverged and "learning rate 10" in t.diverged and "Reset" in t.diverged
    k, costs = t.k, list(t.costs)
    t.play.value = 2  # further ticks raise nothing and train nothing
    assert t.k == k and t.costs == costs and np.isfinite(t.costs).all()
    assert "diverged at step" in t.summary()
    t.reset()
    assert t.diverged is None and t.k == 0


FAMILIES = {cls.__name__: cls for cls in EXPLORERS}
odd = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-3, 12),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=4),
    st.lists(st.integers(-1, 4), max_size=4),
    st.tuples(st.integers(0, 3), st.integers(0, 3)),
)
ARGS = ["layer_dims", "m", "seed", "layer", "hidden", "output", "sliders", "data"]


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    family=st.sampled_from(sorted(FAMILIES)),
    arg=st.sampled_from(ARGS),
    value=odd,
)
def test_random_constructor_argument_builds_or_raises_valueerror(family, arg, value):
    cls = FAMILIES[family]
    if arg == "layer" and family not in ("LayerExplorer", "ChainExplorer", "MatmulExplorer"):
        arg = "m"
    try:
        ex = cls(**{arg: value})
    except ValueError:
        return
    assert ex.summary() and np.isfinite(ex.J)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(key=st.one_of(st.sampled_from(["W1", "b1", "W3", "x"]), odd), i=odd, j=odd, value=odd)
def test_random_set_changes_one_entry_or_raises_valueerror(key, i, j, value):
    ex = W.LayerExplorer()
    before = {k: v.copy() for k, v in ex.params.items()}
    try:
        ex.set(key, i, j, value)
    except ValueError:
        assert all(np.array_equal(before[k], ex.params[k]) for k in before)
        return
    changed = sum(int(np.sum(before[k] != ex.params[k])) for k in before)
    assert changed <= 1 and np.isfinite(ex.J)
