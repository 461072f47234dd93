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
    "GradientFlowExplorer(depth=50)": (lambda: W.GradientFlowExplorer(depth=50), "depth = 50"),
    "GradientFlowExplorer(hidden='elu')": (lambda: W.GradientFlowExplorer(hidden="elu"), "hidden = elu"),
    "GradientFlowExplorer(start='orthogonal')": (lambda: W.GradientFlowExplorer(start="orthogonal"), "start ="),
    "GradientFlowExplorer(gain=10)": (lambda: W.GradientFlowExplorer(gain=10), "gain = 10"),
    "GradientFlowExplorer(gain=nan)": (lambda: W.GradientFlowExplorer(gain=float("nan")), "gain = nan"),
    "ShapeExplorer(m=99)": (lambda: W.ShapeExplorer(m=99), "m = 99"),
    "ScalarGraphExplorer('f = x')": (lambda: W.ScalarGraphExplorer("f = x"), "graph = f = x; one of"),
    "ScalarGraphExplorer(values={'q': 1})": (lambda: W.ScalarGraphExplorer(values={"q": 1}), "q is not an input"),
    "ScalarGraphExplorer(values={'x': 9})": (lambda: W.ScalarGraphExplorer(values={"x": 9}), "x = 9"),
    "ScalarGraphExplorer(values={'x': nan})": (lambda: W.ScalarGraphExplorer(values={"x": float("nan")}), "x = nan"),
    "ScalarGraphExplorer(step=9)": (lambda: W.ScalarGraphExplorer(step=9), "step = 9"),
    "ScalarGraphExplorer(select='J')": (lambda: W.ScalarGraphExplorer(select="J"), "select = J; a node of"),
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


# ------------------------------------------------------------------------------------ found by an attack

ALL_FAMILIES = [*EXPLORERS, W.OuterProductExplorer, W.GraphStepper]
LAYERED = {W.LayerExplorer: 1, W.ChainExplorer: 1, W.MatmulExplorer: 1, W.OuterProductExplorer: 1}

ATTACKS = {
    # call -> words of the ValueError; None: it must build, and its numbers be finite
    "LayerExplorer(layer_dims=np.array([3, 4, 2]))": (lambda: W.LayerExplorer(layer_dims=np.array([3, 4, 2])), None),
    "GraphStepper(layer_dims=np.array([2, 3, 1]))": (lambda: W.GraphStepper(np.array([2, 3, 1])), None),
    "ShapeExplorer(np.array([3, 4, 2]))": (lambda: W.ShapeExplorer(np.array([3, 4, 2])), None),
    "TrainingExplorer(layer_dims=np.array)": (lambda: W.TrainingExplorer(X2, Y2, np.array([2, 3, 1])), None),
    "LayerExplorer(layer_dims=np.array([3., 4.]))": (
        lambda: W.LayerExplorer(layer_dims=np.array([3.0, 4.0])),
        "1-D integer array",
    ),
    "LayerExplorer(layer_dims=np.ones((2, 2), int))": (
        lambda: W.LayerExplorer(layer_dims=np.ones((2, 2), int)),
        "1-D integer array",
    ),
    "LayerExplorer(layer_dims=5)": (lambda: W.LayerExplorer(layer_dims=5), "layer_dims = 5"),
    "OuterProductExplorer(layer_dims=5)": (lambda: W.OuterProductExplorer(layer_dims=5), "layer_dims = 5"),
    "GraphStepper(layer_dims=5)": (lambda: W.GraphStepper(5), "layer_dims = 5"),
    "TrainingExplorer(layer_dims=5)": (lambda: W.TrainingExplorer(X2, Y2, 5), "layer_dims = 5"),
    "LayerExplorer(layer_dims=[3, True, 2])": (lambda: W.LayerExplorer(layer_dims=[3, True, 2]), "n[1] = True"),
    "LayerExplorer(layer_dims=[2] * 30)": (lambda: W.LayerExplorer(layer_dims=[2] * 30), "2 to 17"),
    "LayerExplorer(layer_dims=[3, 100000, 2])": (lambda: W.LayerExplorer(layer_dims=[3, 100000, 2]), "1 to 1024"),
    "LayerExplorer(m=4000000)": (lambda: W.LayerExplorer(m=4_000_000), "1 to 10,000"),
    "LayerExplorer(m=np.int64(5))": (lambda: W.LayerExplorer(m=np.int64(5)), None),
    "LayerExplorer(sliders twice)": (lambda: W.LayerExplorer(sliders=[("W1", 0, 0), ("W1", 0, 0)]), "two sliders"),
    "LayerExplorer(100 sliders)": (lambda: W.LayerExplorer(sliders=[("W1", 0, 0)] * 100), "at most 64"),
    "LayerExplorer(sliders with np.int64)": (lambda: W.LayerExplorer(sliders=[("W1", np.int64(1), 0)]), None),
    "LayerExplorer(layer=True)": (lambda: W.LayerExplorer(layer=True), "layer = True"),
    "LayerExplorer(layer=2.0)": (lambda: W.LayerExplorer(layer=2.0), "layer = 2.0"),
    "LayerExplorer(hidden=None)": (lambda: W.LayerExplorer(hidden=None), "hidden = None"),
    "LayerExplorer(output='Softmax')": (lambda: W.LayerExplorer(output="Softmax"), "'Softmax'"),
    "OutputExplorer(layer_dims=[3, 4, 2.5])": (lambda: W.OutputExplorer(layer_dims=[3, 4, 2.5]), "n[2] = 2.5"),
    "MaskExplorer(hidden=['relu'])": (lambda: W.MaskExplorer(hidden=["relu"]), "hidden = ['relu']"),
    "GraphStepper(layer_dims=[2, 3, 3, 1])": (lambda: W.GraphStepper([2, 3, 3, 1]), "2-layer network"),
    "Explorer()": (lambda: W.Explorer(), "not an explorer"),
    "TrainingExplorer(steps_done=-5)": (
        lambda: W.TrainingExplorer(X2, Y2, [2, 3, 1], steps_done=-5),
        "steps_done = -5",
    ),
    "TrainingExplorer(steps_done=1.5)": (lambda: W.TrainingExplorer(X2, Y2, [2, 3, 1], steps_done=1.5), "steps_done"),
    "TrainingExplorer([2, 1000000, 1])": (lambda: W.TrainingExplorer(X2, Y2, [2, 1_000_000, 1]), "1 to 1024"),
    "TrainingExplorer([2, 1000, 1000, 1])": (lambda: W.TrainingExplorer(X2, Y2, [2, 1000, 1000, 1]), "over the plane"),
    "TrainingExplorer(steps_per_frame=10**6)": (
        lambda: W.TrainingExplorer(X2, Y2, [2, 3, 1], steps_per_frame=10**6, max_steps=10**6),
        "at most 1000",
    ),
    "TrainingExplorer(max_steps=2**80)": (lambda: W.TrainingExplorer(X2, Y2, [2, 3, 1], max_steps=2**80), "max_steps"),
    "TrainingExplorer(hidden=None)": (lambda: W.TrainingExplorer(X2, Y2, [2, 3, 1], hidden=None), "hidden = None"),
    "TrainingExplorer(seed=-1)": (lambda: W.TrainingExplorer(X2, Y2, [2, 3, 1], seed=-1), "seed = -1"),
    "TrainingExplorer(params of other sizes)": (
        lambda: W.TrainingExplorer(X2, Y2, [2, 3, 1], params=bp.init_params([2, 4, 1])),
        "params hold W[1] (4, 2)",
    ),
    "TrainingExplorer(params with a 1-D W1)": (
        lambda: W.TrainingExplorer(X2, Y2, [2, 3, 1], params={**bp.init_params([2, 3, 1]), "W1": np.ones(6)}),
        "params hold W[1] (6,)",
    ),
}


@pytest.mark.parametrize("name", list(ATTACKS))
def test_an_attack_builds_or_says_what_is_wrong_and_leaves_no_widget(name):
    from backprop_lib.widgets._inputs import widget_registry

    make, words = ATTACKS[name]
    before = len(widget_registry())
    if words is None:
        ex = make()
        assert ex.summary()
        ex.close()
    else:
        with pytest.raises(ValueError) as err:
            make()
        assert words in str(err.value), str(err.value)
    assert len(widget_registry()) == before


@pytest.mark.parametrize("cls", list(LAYERED))
def test_a_layer_is_any_integer_numpy_ones_too(cls):
    for layer in (np.int64(1), np.int32(1), np.uint8(1)):
        ex = cls(layer=layer)
        assert ex.layer == 1 and type(ex.layer) is int
        assert W.from_state(ex.state).state == ex.state


def test_a_refused_set_leaves_the_explorer_exactly_as_it_was():
    """A weight that makes Z or dW overflow float32 (the heatmaps' type) was refused, but stayed in the
    parameters: every later move failed until Reset. 1e308 put inf into the heatmaps' buffer."""
    ex = W.LayerExplorer()
    ex.select("dW[3]", 1, 2)
    before = (
        {k: v.copy() for k, v in ex.params.items()},
        [s.value for *_, s in ex.sliders],
        ex.heatmaps.values,
        ex.heatmaps.maps,
        dict(ex.vmax),
        ex.J,
        ex.heatmaps.explanation,
        ex.state,
    )
    for value in (1e40, 1e200, 1e308, -1e308):
        for key, i, j in (("W1", 2, 2), ("W3", 1, 1), ("b2", 0, 0)):
            with pytest.raises(ValueError, match="float32"):
                ex.set(key, i, j, value)
            after = (
                ex.params,
                [s.value for *_, s in ex.sliders],
                ex.heatmaps.values,
                ex.heatmaps.maps,
                ex.vmax,
                ex.J,
                ex.heatmaps.explanation,
                ex.state,
            )
            assert all(np.array_equal(before[0][k], after[0][k]) for k in before[0])
            assert before[1:] == after[1:]
    assert np.isfinite(np.frombuffer(ex.heatmaps.values, np.float32)).all()
    ex.set("W1", 2, 0, 0.1)  # later moves work
    ex.nudge("W[3]", 0, 0, 2)
    assert ex.params["W1"][2, 0] == 0.1 and np.isfinite(ex.J)


def test_a_large_weight_that_draws_is_kept_and_exact():
    ex = W.LayerExplorer()
    ex.set("W1", 2, 2, 1e6)  # no slider, and every map stays within float32: the right numbers, shown
    AL, caches = bp.forward(ex.X, ex.params, ex.hidden, ex.output)
    np.testing.assert_array_equal(ex.grads["dW1"], bp.backward(AL, ex.Y, caches, ex.output)["dW1"])
    assert W.from_state(ex.state).params["W1"][2, 2] == 1e6


def test_a_slider_move_that_cannot_be_drawn_is_put_back_and_said():
    ex = W.LayerExplorer(layer_dims=[3, 4, 2], sliders=[("W2", 0, 0)])
    top = float(np.finfo(np.float32).max)
    # A[1][0] = relu(W[1][0, 0] X[0] + ...) reaches top / 2.5: drawable, and Z[2][0] = W[2][0, 0] A[1][0] + ...
    # is too, at W[2][0, 0] = -1.15; at 3.0 it passes float32's range
    ex.set("W1", 0, 0, top / 2.5 / float(np.max(ex.X[0])))
    s = ex.sliders[0][3]
    old, J = s.value, ex.J
    s.value = 3.0  # as the page would: no exception to the front end
    assert s.value == old and ex.params["W2"][0, 0] == old and ex.J == J
    assert "that move was refused" in ex.heatmaps.status and "float32" in ex.heatmaps.status


@pytest.mark.parametrize(
    "call, words",
    [
        (lambda ex: ex.select("dW[3]", 99, 0), "outside dW[3]"),  # used to drop the selection silently
        (lambda ex: ex.select("dW[3]", float("nan"), 0), "as integers"),
        (lambda ex: ex.select("dW[3]", 1.0, 0), "as integers"),
        (lambda ex: ex.select("dW[3]", True, 0), "as integers"),
        (lambda ex: ex.select("dW[3]", -1, 0), "outside dW[3]"),
        (lambda ex: ex.select("dW[9]", 0, 0), "is not an entry"),
        (lambda ex: ex.select("nothing", 0, 0), "is not an entry"),
        (lambda ex: ex.select(None, 0, 0), "name = None"),
        (lambda ex: ex.select("dW[1]", "0", 0), "integers >= 0"),
        (lambda ex: ex.nudge("W[3]", 99, 0, 1), "outside W[3]"),  # was an IndexError
        (lambda ex: ex.nudge("W[3]", 0, 0, float("nan")), "steps = nan"),
        (lambda ex: ex.nudge("W[3]", 0, 0, 1.5), "steps = 1.5"),
        (lambda ex: ex.nudge("W[3]", 0, 0, True), "steps = True"),
        (lambda ex: ex.nudge("dW[3]", 0, 0, 1), "not a parameter map"),
        (lambda ex: ex.nudge(3, 0, 0, 1), "not a parameter map"),
        (lambda ex: ex.set("W1", np.float64(0), 0, 0.5), "as integers"),
        (lambda ex: ex.set("W1", 0, 0, 10**400), "finite number"),
        (lambda ex: ex.set(np.str_("W9"), 0, 0, 0.5), "no parameter"),
    ],
)
def test_setters_refuse_odd_arguments_by_name_and_change_nothing(call, words):
    ex = W.LayerExplorer()
    ex.select("dZ[3]", 1, 2)
    state, values = ex.state, ex.heatmaps.values
    with pytest.raises(ValueError) as err:
        call(ex)
    assert words in str(err.value), str(err.value)
    assert ex.state == state and ex.heatmaps.values == values and ex.selected == ("dZ[3]", 1, 2)


def test_setters_take_numpy_integers_and_the_entry_is_exact():
    ex = W.LayerExplorer()
    e = ex.select("dW[3]", np.int64(1), np.uint8(2))
    assert ex.selected == ("dW[3]", 1, 2) and e.total == pytest.approx(ex.grads["dW3"][1, 2], rel=1e-12, abs=1e-15)
    ex.nudge("W[3]", np.int64(1), np.int32(0), np.int64(2))
    ex.set(np.str_("W1"), np.int64(2), np.int64(2), np.float32(0.5))
    assert ex.params["W1"][2, 2] == 0.5
    ex.nudge("W[3]", 0, 0, 10**30)  # as many steps as you like: the end of the range
    assert ex.params["W3"][0, 0] == ex.slider_limit


def test_a_closed_explorer_says_so():
    ex = W.LayerExplorer()
    line = ex.state
    ex.close()
    for call in (
        lambda: ex.set("W1", 0, 0, 0.5),
        lambda: ex.select("dW[3]", 0, 0),
        lambda: ex.nudge("W[3]", 0, 0, 1),
        ex.reset,
        ex.rescale,
        lambda: ex.widget,
    ):
        with pytest.raises(ValueError, match="closed"):
            call()
    assert ex.state == line and ex.summary()  # still readable
    t = W.TrainingExplorer(X2, Y2, [2, 3, 1])
    t.close()
    with pytest.raises(ValueError, match="closed"):
        t.run(5)


@pytest.mark.parametrize(
    "content",
    [
        {"type": "select", "map": "dW[3]", "i": "x", "j": 0},
        {"type": "select", "map": "dW[3]", "i": 1.5, "j": 0},
        {"type": "select", "map": None, "i": 0, "j": 0},
        {"type": "nudge", "map": "W[3]", "i": 0, "j": 0, "steps": None},
        {"type": "nudge", "map": "W[3]", "i": 0, "j": 0, "steps": True},
        {"type": "other"},
        "not a dict",
        [1, 2],
    ],
)
def test_a_malformed_page_message_is_ignored(content):
    ex = W.LayerExplorer()
    state, values = ex.state, ex.heatmaps.values
    ex.heatmaps._on_msg(ex.heatmaps, content, [])
    assert ex.state == state and ex.heatmaps.values == values


def test_an_edit_from_the_page_that_is_refused_is_said_on_the_page():
    ex = W.LayerExplorer()
    ex.heatmaps._on_msg(ex.heatmaps, {"type": "select", "map": "dW[3]", "i": 99, "j": 0}, [])
    assert ex.heatmaps.status.startswith("J = ") and "refused: select: dW[3][99, 0] is outside" in ex.heatmaps.status
    ex.heatmaps._on_msg(ex.heatmaps, {"type": "nudge", "map": "dW[3]", "i": 0, "j": 0, "steps": 1}, [])
    assert "not a parameter map" in ex.heatmaps.status
