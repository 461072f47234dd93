"""train, History, predict, accuracy and check_environment: what they return, and how they refuse."""

from __future__ import annotations

import re
import types

import numpy as np
import pytest

import backprop_lib as bp
from backprop_lib import training


@pytest.fixture
def blobs():
    """Two well-separated classes: a network learns them in a few hundred steps."""
    rng = np.random.default_rng(0)
    labels = np.arange(40) % 2
    X = rng.standard_normal((2, 40)) * 0.5 + np.where(labels == 1, 2.0, -2.0)
    return X, bp.data.one_hot(labels, 2), labels


def raises(match: str, cls: type = ValueError):
    return pytest.raises(cls, match=re.escape(match))


def test_train_records_every_k_steps_and_the_last(blobs):
    X, Y, _ = blobs
    hist = bp.train(X, Y, [2, 3, 2], learning_rate=0.5, steps=25, record_every=10, progress=False)
    assert hist.steps == [0, 10, 20, 25]
    assert len(hist.costs) == 4 and set(hist.grad_norms) == {"dW1", "dW2"}
    assert all(len(v) == 4 for v in hist.grad_norms.values())
    assert hist.costs[-1] < hist.costs[0] and hist.seconds > 0
    # the recorded cost is J of the params of that step: the final one is J of hist.params
    AL, caches = bp.forward(X, hist.params)
    assert hist.costs[-1] == pytest.approx(bp.cost(AL, Y, ZL=caches[-1].Z), rel=1e-12)


def test_train_equals_forward_backward_update_by_hand(blobs):
    X, Y, _ = blobs
    hist = bp.train(X, Y, [2, 3, 2], hidden="tanh", learning_rate=0.3, steps=5, seed=4, progress=False)
    params = bp.init_params([2, 3, 2], seed=4, scale="lecun")
    for _ in range(5):
        AL, caches = bp.forward(X, params, "tanh")
        params = bp.update(params, bp.backward(AL, Y, caches), 0.3)
    for k in params:
        np.testing.assert_array_equal(hist.params[k], params[k])


def test_train_ignores_extra_keys_and_counts_layers_from_w_and_b(blobs):
    X, Y, _ = blobs
    params = bp.init_params([2, 3, 2], seed=0)
    hist = bp.train(X, Y, params=dict(params, notes="from lesson 5", lr=0.1), steps=3, progress=False)
    plain = bp.train(X, Y, params=params, steps=3, progress=False)
    assert hist.costs == plain.costs and set(hist.params) == {"W1", "b1", "W2", "b2"}
    assert set(hist.grad_norms) == {"dW1", "dW2"}


def test_train_zero_steps_records_the_start(blobs):
    X, Y, _ = blobs
    hist = bp.train(X, Y, [2, 3, 2], steps=0, progress=False)
    assert hist.steps == [0] and len(hist.costs) == 1


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"record_every": 0}, "record_every = 0"),
        ({"record_every": 2.5}, "record_every = 2.5"),
        ({"steps": -5}, "steps = -5: the number of gradient-descent steps must be an integer >= 0"),
        ({"steps": 10.0}, "steps = 10.0"),
        ({"learning_rate": 0}, "learning_rate = 0, but it must be a finite number > 0"),
        ({"learning_rate": "abc"}, "learning_rate = 'abc'"),
        ({"seed": -1}, "seed = -1; a seed is a whole number >= 0"),
        ({"layer_dims": [2, 5, 2], "params": bp.init_params([2, 3, 2])}, "params are a network of sizes [2, 3, 2]"),
        ({"layer_dims": None}, "give layer_dims (to initialise the parameters) or params"),
    ],
)
def test_train_refuses_bad_settings(blobs, kwargs, message):
    X, Y, _ = blobs
    args = {"layer_dims": [2, 3, 2], "steps": 3, "progress": False, **kwargs}
    with raises(message, bp.InputError):
        bp.train(X, Y, **args)


def test_bad_input_at_step_0_is_not_called_a_divergence(blobs):
    X, Y, _ = blobs
    with pytest.raises(bp.InputError) as info:
        bp.train(X, Y[:, :5], [2, 3, 2], steps=3, progress=False)
    assert not isinstance(info.value, bp.TrainingDiverged)


@pytest.mark.parametrize("lr", [100.0, 1e6])
def test_a_diverging_run_stops_naming_the_learning_rate_and_keeps_the_history(lr):
    X = np.random.default_rng(0).standard_normal((3, 10))
    Y = bp.data.one_hot(np.arange(10) % 2, 2)
    with pytest.raises(bp.TrainingDiverged) as info:
        bp.train(X, Y, [3, 4, 2], learning_rate=lr, steps=300, record_every=1, progress=False)
    err = info.value
    assert isinstance(err, bp.InputError) and isinstance(err, ValueError)
    assert f"learning_rate = {lr:g}" in str(err) and f"at step {err.step}" in str(err)
    assert "lower the learning rate" in str(err)
    hist = err.history
    assert hist.steps == list(range(len(hist.steps))) and hist.steps[-1] in (err.step, err.step - 1)
    assert all(np.isfinite(hist.costs)) and hist.costs[0] == pytest.approx(0.8954338, rel=1e-6)
    assert set(hist.params) == {"W1", "b1", "W2", "b2"}


def _first_bad_step(X, Y, dims, hidden, output, lr, steps):
    """Replay bp.train by hand with the public, fully checked functions: the first step whose weights cannot be
    evaluated (a Z or J not finite, or J past the divergence rule), counting the weights a step made as the next
    step's. None if the run survives."""
    params = bp.init_params(dims, seed=0, scale="he" if hidden == "relu" else "lecun")
    J0 = None
    for k in range(steps + 1):
        try:
            AL, caches = bp.forward(X, params, hidden, output)
            J = bp.cost(AL, Y, output, ZL=caches[-1].Z)
        except bp.InputError:
            return k
        J0 = J if J0 is None else J0
        if training.has_diverged(J, J0):
            return k
        if k < steps:
            try:
                params = bp.update(params, bp.backward(AL, Y, caches, output), lr)
            except bp.InputError:
                return k + 1  # the step from k overflowed: the weights of step k + 1 hold inf
    return None


@pytest.mark.parametrize(
    ("hidden", "output", "lr", "scale", "why"),
    [
        ("relu", "softmax", 100.0, 3, "J went from"),
        ("relu", "softmax", 1e6, 3, "J went from"),
        ("tanh", "sigmoid", 1e300, 3, "J went from"),
        ("relu", "linear", 10.0, 3, "J went from"),
        ("sigmoid", "softmax", 1e306, 3, "J went from"),
        ("relu", "softmax", 1e308, 30, "the gradient-descent step that made it overflowed"),
        ("tanh", "softmax", 1e308, 30, "Z[1] (5, 12) overflowed"),
    ],
)
def test_divergence_is_reported_at_the_step_it_happens(hidden, output, lr, scale, why):
    """bp.train checks its inputs once and then trusts its own arrays; it must still stop at the very step where
    the public, fully checked functions find the weights broken, and say why."""
    rng = np.random.default_rng(1)
    X = scale * rng.standard_normal((3, 12))
    Y = bp.data.one_hot(np.arange(12) % 2, 2)
    if output == "sigmoid":
        Y = Y[:1]
    if output == "linear":
        Y = rng.standard_normal((2, 12))
    expected = _first_bad_step(X, Y, [3, 5, Y.shape[0]], hidden, output, lr, 200)
    assert expected is not None
    with pytest.raises(bp.TrainingDiverged) as info:
        bp.train(X, Y, [3, 5, Y.shape[0]], hidden, output, learning_rate=lr, steps=200, record_every=1, progress=False)
    text = str(info.value)
    assert info.value.step == expected and f"at step {expected}" in text, text
    assert why in text and "lower the learning rate" in text, text


def test_lesson_7_overshoot_is_not_called_a_divergence():
    """alpha = 10 on the digits bounces J up by hundreds and back: a lesson shows it, train must not stop."""
    X, Y = bp.data.digits()
    hist = bp.train(
        X[:, :300], Y[:, :300], [64, 32, 16, 10], learning_rate=10.0, steps=20, record_every=1, progress=False
    )
    assert max(hist.costs) > 10 * hist.costs[0]


def test_predict_and_accuracy_agree_with_the_rule(blobs):
    X, Y, labels = blobs
    hist = bp.train(X, Y, [2, 3, 2], learning_rate=0.5, steps=200, progress=False)
    pred = bp.predict(X, hist.params)
    AL, _ = bp.forward(X, hist.params)
    np.testing.assert_array_equal(pred, np.argmax(AL, axis=0))
    want = float(np.mean(pred == labels))
    assert want == 1.0
    # one-hot Y, 1-D class numbers, and a list: the same number
    assert bp.accuracy(X, Y, hist.params) == want
    assert bp.accuracy(X, labels, hist.params) == want
    assert bp.accuracy(X, labels.tolist(), hist.params) == want
    assert bp.accuracy(X, Y.tolist(), hist.params) == want


def test_accuracy_with_1d_labels_is_not_fooled_by_broadcasting(blobs):
    """The old rule took argmax of a 1-D Y over its only axis: one number, broadcast, 1.0 for any network."""
    X, Y, labels = blobs
    params = bp.init_params([2, 3, 2], seed=0)
    pred = bp.predict(X, params)
    assert bp.accuracy(X, labels, params) == pytest.approx(np.mean(pred == labels))
    assert bp.accuracy(X, 1 - labels, params) == pytest.approx(np.mean(pred == 1 - labels))
    assert bp.accuracy(X, labels, params) + bp.accuracy(X, 1 - labels, params) == pytest.approx(1.0)


def test_sigmoid_prediction_and_labels():
    X, Y = bp.data.xor(m=40)
    params = bp.init_params([2, 4, 1], seed=0, scale="lecun")
    AL, _ = bp.forward(X, params, "tanh", "sigmoid")
    pred = bp.predict(X, params, "tanh", "sigmoid")
    np.testing.assert_array_equal(pred, (AL[0] > 0.5).astype(int))
    acc = float(np.mean(pred == Y[0]))
    assert bp.accuracy(X, Y, params, "tanh", "sigmoid") == acc
    assert bp.accuracy(X, Y[0], params, "tanh", "sigmoid") == acc


@pytest.mark.parametrize(
    ("labels", "message"),
    [
        (np.arange(7) % 2, "A[L] is (2, 40) (m = 40) but the labels Y are (7,)"),
        (np.full(40, 2), "labels must be class numbers 0..1, but Y[0] = 2"),
        (np.full(40, 0.5), "labels must be class numbers 0..1, but Y[0] = 0.5"),
        (np.zeros((2, 40)), "with a softmax output Y must be one-hot"),
        ("abc", "Y must hold real numbers"),
    ],
)
def test_accuracy_refuses_labels_that_do_not_fit(blobs, labels, message):
    X, _, _ = blobs
    with raises(message, bp.InputError):
        bp.accuracy(X, labels, bp.init_params([2, 3, 2]))


def test_a_linear_output_has_no_classes(blobs):
    X, _, _ = blobs
    with raises("a linear output gives numbers, not classes", bp.InputError):
        bp.predict(X, bp.init_params([2, 3, 1]), output="linear")


def test_progress_redraws_a_few_times_a_second_at_most():
    p = training._Progress(2000)  # outside a kernel: no bar
    assert p.bar is None
    p.update(5, 1.0)  # nothing to draw, nothing raised
    counter = {"n": 0}

    class Bar(types.SimpleNamespace):
        def __setattr__(self, name, value):
            counter["n"] += name == "value"
            super().__setattr__(name, value)

    p.bar, p.label = Bar(value=0, bar_style=""), types.SimpleNamespace(value="")
    t0 = training.time.perf_counter()
    for k in range(20000):
        p.update(k, 1.0 / (k + 1))
    elapsed = training.time.perf_counter() - t0
    p.close(20000, 0.5)
    assert p.sent <= 2 + elapsed / p.interval  # not 20,000 messages
    assert p.bar.value == 20000 and p.bar.bar_style == "success" and "step 20000" in p.label.value
    assert counter["n"] == p.sent


def test_check_environment_reports_versions():
    report = bp.check_environment("0.1.0")
    assert report.ok
    text = repr(report)
    assert f"backprop_lib {bp.__version__}: ok" in text and "front end: plain Python" in text
    newer = bp.check_environment("99.0")
    assert not newer.ok and "needs >= 99.0" in repr(newer) and "pip install -e ." in repr(newer)


def test_version_lives_in_its_own_module():
    from backprop_lib import _version, environment

    assert bp.__version__ == _version.__version__
    assert environment.__version__ is _version.__version__


def test_the_environment_advice_names_the_kernels_own_python():
    """Debian has no `python`: an install command to paste names the python this kernel runs."""
    import sys

    report = bp.check_environment("99.0")
    assert not report.ok
    assert f"{sys.executable} -m pip install -e ." in repr(report)
    assert "not sliders, this page was not run here" in repr(bp.check_environment())
