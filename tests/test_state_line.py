"""A state line is untrusted input: ``bp.widgets.from_state(line)`` on a stranger's line builds the view it
describes, or raises a ValueError naming the field, within a time and a memory budget; nothing in it runs.

Each malformed field below was a raw traceback, a silent clamp or a plausible wrong view before (see the
report in the commit that added this file); a failed line leaves no widget behind.
"""

from __future__ import annotations

import base64
import os
import pickle
import time
import tracemalloc

import numpy as np
import pytest
from explorer_families import EXPLORERS

import backprop_lib as bp
from backprop_lib import widgets as W
from backprop_lib.widgets import _inputs, stateline
from backprop_lib.widgets._inputs import widget_registry

FAMILIES = [*EXPLORERS, W.OuterProductExplorer, W.GraphStepper]
BASE = W.LayerExplorer().state  # LayerExplorer dims=3,5,4,2 m=8 hidden=relu output=softmax seed=0 layer=3 ctl=3


def refused(line, *words, **kwargs):
    """from_state(line) raises a ValueError whose message holds every one of ``words``; no widget is left."""
    before = len(widget_registry())
    with pytest.raises(ValueError) as err:
        W.from_state(line, **kwargs)
    message = str(err.value)
    assert message.startswith("from_state"), message
    for word in words:
        assert word in message, message
    assert len(widget_registry()) == before, "a refused line left widgets behind"
    return message


def with_field(line, field, value):
    """``line`` with ``field=`` set to ``value`` (replaced, or added at the end)."""
    tokens = [t for t in line.split() if not t.startswith(field + "=")]
    return " ".join([*tokens, f"{field}={value}"])


# ------------------------------------------------------------------------------------ every field, malformed

MALFORMED = {  # field -> [(value, words the message must hold)]
    "dims": [
        ("", "dims="),
        ("3,,2", "dims="),
        ("3,x,2", "dims="),
        ("3,-4,2", "dims="),
        ("3,0,2", "from 1 to 1024"),
        ("3", "2 to 17"),
        ("3,4.5,2", "dims="),
        ("100000,100000,2", "from 1 to 1024"),
        (",".join(["2"] * 40), "at most 17"),
        ("9" * 5000 + ",2", "dims="),
    ],
    "m": [("0", "m = 0"), ("-1", "m="), ("4000000", "1 to 10,000"), ("8.0", "m="), ("", "m="), ("1e3", "m=")],
    "hidden": [("", "hidden="), ("Relu", "hidden="), ("relu,", "hidden="), ("relu,tanh,relu,relu", "hidden=")],
    "output": [("", "output="), ("softmax2", "output="), ("SOFTMAX", "output=")],
    "seed": [("-1", "seed="), ("x", "seed="), ("1" * 60, "seed="), ("", "seed=")],
    "layer": [("0", "layer = 0"), ("9", "layer = 9"), ("x", "layer="), ("-1", "layer="), ("", "layer=")],
    "sliders": [
        ("W1.0", "sliders="),
        ("W1.a.b", "sliders="),
        ("X1.0.0", "sliders="),
        ("W1.99.0", "outside W[1]"),
        ("W9.0.0", "no parameter 'W9'"),
        ("W1.0.0,W1.0.0", "two sliders"),
        (",".join(f"W1.{i}.0" for i in range(70)), "at most 64"),
    ],
    "editable": [("W9", "editable"), ("x", "editable="), ("W1,W1", "editable")],
    "data": [("mine", "data="), ("own", "pass data=")],
    "ctl": [("9", "show = 9"), ("abc", "show = abc"), ("3,3", "2 values for the 1 control"), ("", "ctl=")],
    "select": [
        ("abc", "select="),
        ("dW%5B3%5D:x:1", "select="),
        ("dW%5B3%5D:99:0", "select="),
        ("Y:0:0", "select="),
        ("dW%5B3%5D:-1:0", "select="),
        ("dW%5B3%5D:1", "select="),
    ],
    "scale": [
        ("dZ%5B3%5D:nan", "scale="),
        ("dZ%5B3%5D:inf", "scale="),
        ("dZ%5B3%5D:-1", "> 0"),
        ("dZ%5B3%5D:0", "> 0"),
        ("dZ%5B3%5D:abc", "scale="),
        ("nothing:0.5", "a map of this explorer"),
        ("dZ%5B3%5D:0.5,dZ%5B3%5D:0.6", "given twice"),
        ("dZ%5B3%5D", "scale="),
    ],
}


@pytest.mark.parametrize(
    "field, value, words", [(f, v, w) for f, cases in MALFORMED.items() for v, w in cases], ids=lambda x: str(x)[:30]
)
def test_every_malformed_field_is_refused_by_name(field, value, words):
    refused(with_field(BASE, field, value), words)


@pytest.mark.parametrize(
    "token, words",
    [
        ("W1[0,1]=1000000.0", "has a slider, which runs from -3 to 3"),  # was clamped to 3.0 without a word
        ("W1[0,1]=abc", "W1[0,1]="),
        ("W1[0,1]=nan", "finite"),
        ("W1[0,1]=inf", "finite"),
        ("W1[9,9]=0.5", "outside W[1]"),
        ("W9[0,0]=0.5", "no parameter 'W9'"),
        ("W1[2,2]=1e300", "the heatmaps draw"),  # no slider: refused because the maps overflow, not clamped
        ("W1[2,2]=0.5 W1[2,2]=0.6", "moved twice"),
        ("bugs=zoo", "bugs= is not a field of a LayerExplorer line"),
        ("nonsense=1", "nonsense= is not a field"),
        ("layer=3", "given twice"),
        ("justaword", "not a field=value pair"),
        ("=3", "is not a field"),
    ],
)
def test_moved_weights_and_odd_tokens_are_refused_by_name(token, words):
    refused(BASE + " " + token, words)


def test_a_line_that_is_not_a_line():
    for state, words in [
        (None, "NoneType"),
        (b"LayerExplorer dims=3,4,2", "bytes"),
        (3, "int"),
        (["LayerExplorer"], "list"),
        ("", "explorer's name"),
        ("   ", "explorer's name"),
        ("Explorer dims=3,4,2 m=8 hidden=relu output=softmax seed=0", "explorer's name"),  # the abstract base
        ("ShapeExplorer dims=3,4,2 m=8 hidden=relu output=softmax seed=0", "explorer's name"),  # no state line
        ("Displayable dims=3,4,2 m=8", "explorer's name"),
        ("__class__ dims=3,4,2", "explorer's name"),
        ("LayerExplorer", "lacks dims=, m=, hidden=, output=, seed="),
        ("LayerExplorer dims=3,4,2 m=8 hidden=relu output=softmax", "lacks seed="),
    ]:
        refused(state, words)
    refused(BASE, "takes no argument foo", foo=1)
    before = len(widget_registry())
    with pytest.raises(ValueError, match="not a MaskExplorer"):
        W.MaskExplorer.from_state(BASE)  # refused before anything is built
    assert len(widget_registry()) == before


# ------------------------------------------------------------------------------------ nothing in a line runs

SENTINEL = "/tmp/bp-state-line-was-executed"
PAYLOADS = [
    f"__import__('os').system('touch {SENTINEL}')",
    f"eval(\"__import__('os').system('touch {SENTINEL}')\")",
    f'exec(\'open("{SENTINEL}","w")\')',
    "{self.__class__.__init__.__globals__}",
    "{0.__class__}",
    "%s%s%s%n",
    "${HOME}",
    "$(touch /tmp/bp-state-line-was-executed)",
    "`touch /tmp/bp-state-line-was-executed`",
    base64.b64encode(pickle.dumps(os.getcwd)).decode(),
    pickle.dumps(os.getcwd, protocol=0).decode("latin-1"),
    "3,4,2;import os",
    "3,4,2\x00",
    "３,４,２",  # fullwidth digits: int() reads them as 3, 4, 2
    "٣,٤,٢",  # Arabic-Indic digits: int() reads these too
    "3,4,2\u200b",  # a zero-width space
    "3\u00a0,4,2",  # a no-break space
    "relu\u202e",  # a right-to-left override
    "reIu",  # a capital I for an l
    "rеlu",  # a Cyrillic е
    "1_000",  # int() reads this as 1000
    "+8",
    " 8",
    "0x10",
    "1e3",
    "True",
    "None",
    "[3, 4, 2]",
]


@pytest.mark.parametrize("payload", PAYLOADS, ids=lambda p: repr(p)[:30])
@pytest.mark.parametrize(
    "field", ["dims", "m", "hidden", "output", "seed", "layer", "sliders", "ctl", "select", "scale"]
)
def test_no_field_runs_what_it_holds(field, payload):
    if os.path.exists(SENTINEL):
        os.remove(SENTINEL)
    message = refused(with_field(BASE, field, payload), f"{field}=" if field != "layer" else "layer")
    assert not os.path.exists(SENTINEL), "a field of a state line was executed"
    assert "<class" not in message and "<built-in" not in message and "<function" not in message  # nothing evaluated


def test_a_moved_weight_or_family_name_runs_nothing_either():
    for payload in PAYLOADS:
        if payload not in ("+8", "1e3"):  # a weight of 8 or of 1000 is a weight (W[1][2, 2] has no slider)
            refused(BASE + f" W1[2,2]={payload}")
        refused(f"{payload} dims=3,4,2 m=8 hidden=relu output=softmax seed=0")
        refused(BASE.replace("LayerExplorer", "LayerExplorer" + payload[:3]))
    assert not os.path.exists(SENTINEL)


def test_unicode_whitespace_and_control_characters_are_named():
    message = refused(BASE.replace(" m=8", "\u2003m=8"), "dims=", "U+2003", "plain printable ASCII")
    assert "position" in message
    refused(BASE + "\x1b[2J", "U+001B")
    # a line a forum wrapped (newlines, tabs, runs of spaces) still reads
    again = W.from_state(BASE.replace(" ", "\n  \t", 2) + "\n")
    assert again.state == BASE


# ------------------------------------------------------------------------------------ budgets, before allocation


@pytest.mark.parametrize(
    "line, words",
    [
        ("LayerExplorer dims=100000,100000,2 m=8 hidden=relu output=softmax seed=0", "from 1 to 1024"),
        ("LayerExplorer dims=3,4,2 m=4000000 hidden=relu output=softmax seed=0", "1 to 10,000"),
        ("LayerExplorer dims=1024,1024,1024 m=10000 hidden=relu output=softmax seed=0", "would compute and draw"),
        ("LayerExplorer dims=1024,1024 m=900 hidden=relu output=softmax seed=0", "at most 8,000,000"),
        ("OuterProductExplorer dims=512,512 m=5000 hidden=relu output=softmax seed=0", "the limit is 1 GiB"),
        ("OuterProductExplorer dims=100,100 m=500 hidden=relu output=softmax seed=0", "would compute and draw"),
        (
            "LayerExplorer dims=" + ",".join(["1"] * 200_000)[:199_000] + " m=8 hidden=relu output=softmax seed=0",
            "at most 17",
        ),
        ("LayerExplorer dims=" + ",".join(["1"] * 500_000) + " m=8", "characters long"),  # a 1 MB line
        (BASE + " " + " ".join(f"W1[0,{k}]=0.5" for k in range(20_000)), "characters long"),
    ],
    ids=lambda x: x[:40],
)
def test_a_line_asking_too_much_is_refused_before_anything_is_allocated(line, words):
    tracemalloc.start()
    t0 = time.perf_counter()
    try:
        refused(line, words)
    finally:
        seconds = time.perf_counter() - t0
        peak = tracemalloc.get_traced_memory()[1] / 2**20
        tracemalloc.stop()
    assert seconds < 2.0, f"{seconds:.1f} s"
    assert peak < 20 + len(line) * 30 / 2**20, f"{peak:.0f} MB"  # the tokens of the line itself, nothing more


def test_the_limits_hold_what_the_lessons_and_a_curious_learner_make():
    """The digits-size explorer with every weight moved (the longest line a learner makes by hand), a deep
    narrow network, a wide one, and lesson 05's training explorer twice as wide."""
    ex = W.LayerExplorer(layer_dims=[64, 32, 10], m=500)
    rng = np.random.default_rng(0)
    moves = [
        (k, i, j, float(np.round(rng.uniform(-2.9, 2.9), 2)))
        for k, v in ex.params.items()
        for i, j in np.ndindex(v.shape)
    ]
    ex._change(moves, "test")
    line = ex.state
    assert len(line) < stateline.MAX_STATE_CHARS / 2
    t0 = time.perf_counter()
    again = W.from_state(line)
    assert time.perf_counter() - t0 < 2.0
    assert again.state == line and again.heatmaps.values == ex.heatmaps.values
    for make in (
        lambda: W.LayerExplorer(layer_dims=[4] * 17, m=64),
        lambda: W.LayerExplorer(layer_dims=[784, 128, 10], m=500),
        lambda: W.OuterProductExplorer([64, 32, 10], m=500, layer=1),
        lambda: W.TrainingExplorer(*bp.data.flower(m=400), [2, 64, 64, 1]),
    ):
        assert make().summary()
    assert _inputs.network_entries([64, 32, 10], 500) * 40 < _inputs.MAX_ENTRIES  # room to spare


# ------------------------------------------------------------------------------------ what a good line gives


@pytest.mark.parametrize("cls", FAMILIES, ids=lambda c: c.__name__)
def test_every_family_rebuilds_its_own_line_and_refuses_a_mangled_one(cls):
    ex = cls(bugs=bp.exercises.bug_zoo()) if cls is W.GradCheckExplorer else cls()
    line = ex.state
    assert W.from_state(line).state == line
    refused(with_field(line, "m", "0"), "m = 0")
    refused(with_field(line, "ctl", "%00"), "ctl=")
    refused(line + " select=nothing:0:0", "select=")
    refused(line + " scale=nothing:1.0", "scale=")


def test_a_fixed_colour_scale_takes_no_other_limit():
    line = W.GradCheckExplorer().state
    refused(line + " scale=error%20in%20dW%5B1%5D:0.5", "fixed at ±5")
    assert W.from_state(line + " scale=error%20in%20dW%5B1%5D:5.0").state == line


def test_the_colour_limits_of_maps_drawn_later_still_travel():
    """A learner who steps through a graph or switches layers carries colour limits for maps the rebuilt view
    does not draw yet; they are its maps, so the line is read."""
    g = W.GraphStepper()
    g.set("W1", 0, 0, 2.0)
    for k in (1, 2, 3, 4, 5, 3):
        g.step.value = k
    line = g.state
    assert "scale=" in line
    again = W.from_state(line)
    assert again.vmax == g.vmax and again.state == line
