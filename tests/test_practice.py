"""Lesson 10's formulas (backprop_lib.practice): L2, dropout, momentum, Adam, the passes built from them, minibatch
training; each against autograd, a plain loop, or the algebra it comes from, and each bad input refused in words."""

from __future__ import annotations

import inspect

import autograd.numpy as anp
import numpy as np
import pytest
from autograd import grad
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from oracle import G

import backprop_lib as bp
from backprop_lib import practice

PUBLIC = [
    bp.l2_cost,
    bp.l2_gradient,
    bp.dropout_mask,
    bp.dropout_forward,
    bp.dropout_backward,
    bp.momentum_update,
    bp.adam_update,
    bp.forward_dropout,
    bp.backward_practice,
    bp.gradcheck_practice,
    bp.gradient_noise,
    bp.train_minibatch,
    practice.bowl_path,
]


@pytest.mark.parametrize("fn", PUBLIC, ids=[f.__name__ for f in PUBLIC])
def test_every_public_function_says_where_it_is_introduced(fn):
    assert "introduced in lesson 10" in inspect.getdoc(fn).lower().replace("\n", " ")


# ----------------------------------------------------------------------------------------- L2


def test_l2_gradient_is_the_derivative_of_the_penalised_cost():
    rng = np.random.default_rng(0)
    W, dW = rng.standard_normal((3, 4)), rng.standard_normal((3, 4))
    penalty = grad(lambda w: 0.7 / (2 * 5) * anp.sum(w**2))(W)
    np.testing.assert_allclose(bp.l2_gradient(dW, W, 0.7, 5), dW + penalty, rtol=1e-15)
    params = {"W1": W, "b1": np.ones((3, 1)), "W2": np.ones((2, 3)), "b2": np.ones((2, 1))}
    assert bp.l2_cost(params, 0.7, 5) == pytest.approx(0.07 * (np.sum(W**2) + 6))  # no b in it
    assert bp.l2_cost(params, 0.0, 5) == 0.0


@pytest.mark.parametrize(
    ("call", "words"),
    [
        (lambda: bp.l2_gradient(np.ones((2, 3)), np.ones((3, 2)), 0.1, 4), "dW[l] is (2, 3) but W[l] is (3, 2)"),
        (lambda: bp.l2_gradient(np.ones((2, 3)), np.ones((2, 3)), -0.1, 4), "lambd = -0.1"),
        (lambda: bp.l2_gradient(np.ones((2, 3)), np.ones((2, 3)), 0.1, 0), "m = 0"),
        (lambda: bp.l2_gradient(np.ones((2, 3)), np.full((2, 3), 1e308), 10.0, 1), "passed the float64 range"),
        (lambda: bp.l2_cost({"W1": np.full((2, 2), 1e200), "b1": np.ones((2, 1))}, 1.0, 1), "too large"),
        (lambda: bp.l2_cost({"W1": np.ones((2, 2))}, 1.0, 1), "missing 'b1'"),
    ],
)
def test_l2_refuses_in_words(call, words):
    with pytest.raises(ValueError, match=words.replace("(", r"\(").replace(")", r"\)").replace("[", r"\[")):
        call()


# ----------------------------------------------------------------------------------------- dropout


def test_a_mask_keeps_each_unit_with_probability_keep_prob_and_is_seeded():
    D = bp.dropout_mask((50, 400), 0.8, seed=3)
    assert set(np.unique(D)) == {0.0, 1.0} and D.mean() == pytest.approx(0.8, abs=0.01)
    assert np.array_equal(D, bp.dropout_mask((50, 400), 0.8, seed=3))
    assert not np.array_equal(D, bp.dropout_mask((50, 400), 0.8, seed=4))
    assert np.all(bp.dropout_mask((3, 4), 1.0, seed=0) == 1)


def test_dropout_backward_is_the_gradient_of_dropout_forward():
    rng = np.random.default_rng(1)
    A, C = rng.standard_normal((4, 6)), rng.standard_normal((4, 6))
    D = bp.dropout_mask(A.shape, 0.7, seed=2)
    dA = grad(lambda a: anp.sum(C * a * D / 0.7))(A)
    np.testing.assert_allclose(bp.dropout_backward(C, D, 0.7), dA, rtol=1e-15)
    np.testing.assert_allclose(bp.dropout_forward(A, D, 0.7), A * D / 0.7)
    assert np.array_equal(bp.dropout_forward(A, np.ones_like(A), 1.0), A)  # keep_prob = 1: no dropout


def test_inverted_dropout_keeps_the_expected_value():
    A = np.random.default_rng(2).standard_normal((3, 4))
    mean = np.mean([bp.dropout_forward(A, bp.dropout_mask(A.shape, 0.5, seed=s), 0.5) for s in range(4000)], axis=0)
    np.testing.assert_allclose(mean, A, atol=0.1)


@pytest.mark.parametrize(
    ("call", "words"),
    [
        (lambda: bp.dropout_forward(np.ones((2, 3)), np.full((2, 3), 1.25), 0.8), "0s and 1s"),
        (lambda: bp.dropout_backward(np.ones((2, 3)), np.ones((3, 2)), 0.8), "same shape"),
        (lambda: bp.dropout_backward(np.ones((2, 3)), np.ones((2, 3)), 0.0), "keep_prob = 0.0"),
        (lambda: bp.dropout_backward(np.ones((2, 3)), np.ones((2, 3)), 1.5), "between 0 and 1"),
        (lambda: bp.dropout_mask((2, 0), 0.5), "m = 0"),
        (lambda: bp.dropout_mask("2x3", 0.5), "the shape of A"),
        (lambda: bp.dropout_mask((10**6, 10**6), 0.5), "GiB"),
    ],
)
def test_dropout_refuses_in_words(call, words):
    with pytest.raises(ValueError, match=words):
        call()


# ----------------------------------------------------------------------------------------- momentum and Adam


def _toy():
    rng = np.random.default_rng(5)
    params = {"W1": rng.standard_normal((3, 2)), "b1": rng.standard_normal((3, 1))}
    steps = [{f"d{k}": rng.standard_normal(v.shape) for k, v in params.items()} for _ in range(3)]
    return params, steps


def test_momentum_is_an_average_of_the_recent_dW():
    params, steps = _toy()
    before = {k: v.copy() for k, v in params.items()}
    p, v = params, None
    W, vW = params["W1"].copy(), np.zeros((3, 2))
    for g in steps:
        p, v = bp.momentum_update(p, g, v, 0.1, beta=0.9)
        vW = 0.9 * vW + 0.1 * g["dW1"]
        W = W - 0.1 * vW
        np.testing.assert_allclose(v["dW1"], vW, rtol=1e-15)
        np.testing.assert_allclose(p["W1"], W, rtol=1e-15)
    assert all(np.array_equal(params[k], before[k]) for k in params)  # new dicts; the old ones unchanged
    p0, _ = bp.momentum_update(params, steps[0], None, 0.1, beta=0.0)  # beta = 0: plain gradient descent
    np.testing.assert_allclose(p0["W1"], params["W1"] - 0.1 * steps[0]["dW1"])


def test_adam_first_step_is_alpha_times_the_sign_and_later_steps_follow_the_formula():
    params, steps = _toy()
    p, moments = bp.adam_update(params, steps[0], None, 0.01)
    np.testing.assert_allclose(p["W1"] - params["W1"], -0.01 * np.sign(steps[0]["dW1"]), rtol=1e-6)
    assert moments.t == 1
    v = s = 0.0
    W = params["W1"].copy()
    p, moments = params, None
    for t, g in enumerate(steps, start=1):
        p, moments = bp.adam_update(p, g, moments, 0.01)
        v = 0.9 * v + 0.1 * g["dW1"]
        s = 0.999 * s + 0.001 * g["dW1"] ** 2
        W = W - 0.01 * (v / (1 - 0.9**t)) / (np.sqrt(s / (1 - 0.999**t)) + 1e-8)
        np.testing.assert_allclose(p["W1"], W, rtol=1e-13)
    assert moments.t == 3


@pytest.mark.parametrize(
    ("call", "words"),
    [
        (lambda p, g: bp.momentum_update(p, g, None, 0.1, beta=1.0), "beta = 1.0"),
        (lambda p, g: bp.momentum_update(p, {"dW1": g["dW1"]}, None, 0.1), "missing 'db1'"),
        (lambda p, g: bp.momentum_update(p, g, {"dW1": g["dW1"]}, 0.1), "velocity is missing 'db1'"),
        (lambda p, g: bp.momentum_update(p, {**g, "dW1": g["dW1"].T}, None, 0.1), "same shape"),
        (lambda p, g: bp.momentum_update(p, g, None, 0.0), "learning_rate"),
        (lambda p, g: bp.adam_update(p, g, {"t": 1}, 0.1), "AdamMoments"),
        (lambda p, g: bp.adam_update(p, g, bp.AdamMoments(t=-1), 0.1), "moments.t"),
        (lambda p, g: bp.adam_update(p, g, None, 0.1, eps=0.0), "eps"),
        (
            lambda p, g: bp.momentum_update(
                {**p, "W1": np.full((3, 2), 1e308)}, {**g, "dW1": np.full((3, 2), -1e308)}, None, 10.0
            ),
            "overflowed",
        ),
    ],
)
def test_the_updates_refuse_in_words(call, words):
    params, steps = _toy()
    with pytest.raises(ValueError, match=words):
        call(params, steps[0])


# ----------------------------------------------------------------------------------------- the passes


@st.composite
def dropped_networks(draw):
    """A random network (1 to 3 layers), batch, labels, a mask for some hidden layers, keep_prob and lambda."""
    L = draw(st.integers(1, 3))
    dims = [draw(st.integers(1, 5)) for _ in range(L)] + [draw(st.integers(2, 4))]
    hidden = draw(st.sampled_from(["tanh", "sigmoid", "relu"]))
    m = draw(st.integers(1, 6))
    seed = draw(st.integers(0, 2**32 - 1))
    rng = np.random.default_rng(seed)
    params = bp.init_params(dims, seed=seed, scale="lecun")
    for l in range(1, L + 1):
        params[f"b{l}"] = 0.5 * rng.standard_normal(params[f"b{l}"].shape)
    X = rng.standard_normal((dims[0], m))
    Y = np.eye(dims[-1])[:, rng.integers(0, dims[-1], m)]
    keep = draw(st.sampled_from([0.5, 0.8, 1.0]))
    masks = {f"D{l}": (rng.random((dims[l], m)) < keep).astype(float) for l in range(1, L) if draw(st.booleans())}
    lambd = draw(st.sampled_from([0.0, 0.3, 2.0]))
    return params, X, Y, hidden, masks, keep, lambd


def _oracle(params, X, Y, hidden, masks, keep, lambd):
    """J + lambda/(2m) sum ||W||^2 through the masks, written again in autograd.numpy."""
    L, m = len(params) // 2, X.shape[1]

    def J(p):
        A = X
        for l in range(1, L + 1):
            Z = anp.dot(p[f"W{l}"], A) + p[f"b{l}"]
            if l == L:
                z = Z - anp.max(Z, axis=0, keepdims=True)
                logp = z - anp.log(anp.sum(anp.exp(z), axis=0, keepdims=True))
                data = -anp.sum(Y * logp) / m
                return data + lambd / (2 * m) * sum(anp.sum(p[f"W{k}"] ** 2) for k in range(1, L + 1))
            A = G[hidden](Z)
            if f"D{l}" in masks:
                A = A * masks[f"D{l}"] / keep

    return grad(J)(params)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(dropped_networks())
def test_the_backward_pass_with_dropout_and_L2_equals_autograd(net):
    params, X, Y, hidden, masks, keep, lambd = net
    AL, caches = bp.forward_dropout(X, params, masks, keep, hidden=hidden)
    grads = bp.backward_practice(AL, Y, caches, lambd=lambd, masks=masks, keep_prob=keep)
    truth = _oracle(params, X, Y, hidden, masks, keep, lambd)
    for k, v in truth.items():
        np.testing.assert_allclose(grads["d" + k], v, rtol=1e-9, atol=1e-12)
    step = bp.backward_practice(
        AL, Y, caches, lambd=lambd, masks=masks, keep_prob=keep, dropout_step=lambda d, D, p: d * D / p
    )
    assert all(np.array_equal(step[k], grads[k]) for k in grads)


def test_the_gradient_check_of_the_penalised_cost_with_masks():
    X, Y = bp.data.spirals(m=12, classes=3, seed=1)
    params = bp.init_params([2, 6, 5, 3], seed=2, scale="lecun")
    masks = {"D1": bp.dropout_mask((6, 12), 0.7, seed=1), "D2": bp.dropout_mask((5, 12), 0.7, seed=2)}
    check = bp.gradcheck_practice(params, X, Y, hidden="tanh", lambd=0.5, masks=masks, keep_prob=0.7)
    assert check.passed() and "backprop matches" in check.summary()
    AL, caches = bp.forward_dropout(X, params, masks, 0.7, hidden="tanh")
    no_l2 = bp.backward_practice(AL, Y, caches, masks=masks, keep_prob=0.7)  # the penalty left out of dW
    assert not bp.gradcheck_practice(params, X, Y, "tanh", grads=no_l2, lambd=0.5, masks=masks, keep_prob=0.7).passed()


def test_a_sampled_check_nudges_the_entries_it_says_and_agrees_with_the_full_one():
    X, Y = bp.data.spirals(m=12, classes=3, seed=1)
    params = bp.init_params([2, 9, 3], seed=2)
    full = bp.gradcheck_practice(params, X, Y, lambd=0.4)
    part = bp.gradcheck_practice(params, X, Y, lambd=0.4, sample=5)
    assert part.checked is not None and full.checked is None
    assert [int(c.sum()) for c in part.checked.values()] == [5, 5, 5, 3]  # all 3 of b2
    assert "18 of 57 entries, drawn at random (sample)" in part.summary() and part.passed()
    for key, checked in part.checked.items():
        np.testing.assert_allclose(part.numerical[key][checked], full.numerical[key][checked], rtol=1e-12)
        assert np.isnan(part.numerical[key][~checked]).all()
    with pytest.raises(ValueError, match="sample"):
        bp.gradcheck_practice(params, X, Y, sample=0)


def test_without_masks_and_penalty_the_passes_are_the_lessons_own():
    X, Y = bp.data.spirals(m=10, seed=0)
    params = bp.init_params([2, 5, 3], seed=0)
    AL, caches = bp.forward_dropout(X, params, None, 0.5)
    AL0, caches0 = bp.forward(X, params)
    assert np.array_equal(AL, AL0)
    grads, grads0 = bp.backward_practice(AL, Y, caches), bp.backward(AL0, Y, caches0)
    assert all(np.array_equal(grads[k], grads0[k]) for k in grads0)


@pytest.mark.parametrize(
    ("call", "words"),
    [
        (lambda X, Y, p, c: bp.forward_dropout(X, p, {"D2": np.ones((5, 10))}, 0.8), "hidden layers only"),
        (lambda X, Y, p, c: bp.forward_dropout(X, p, {"D1": np.ones((5, 9))}, 0.8), r"D\[1\] is \(5, 9\)"),
        (lambda X, Y, p, c: bp.forward_dropout(X, p, [np.ones((5, 10))], 0.8), "must be a dict"),
        (lambda X, Y, p, c: bp.backward_practice(c[0], Y, c[1], masks={"D1": np.zeros((5, 10))}, keep_prob=0.8),
         "the masks and keep_prob the forward pass used"),
        (lambda X, Y, p, c: bp.backward_practice(c[0], Y, c[1], masks={"D1": np.ones((5, 10))}, keep_prob=0.8,
                                                 dropout_step=lambda d, D, k: d.T), "dropout_step returned"),
        (lambda X, Y, p, c: bp.backward_practice(c[0] + 1, Y, c[1], masks={"D1": np.ones((5, 10))}, keep_prob=0.8),
         "the AL of the forward pass"),
    ],
)  # fmt: skip
def test_the_passes_refuse_in_words(call, words):
    X, Y = bp.data.spirals(m=10, seed=0)
    params = bp.init_params([2, 5, 3], seed=0)
    masks = {"D1": np.ones((5, 10))}
    caches = bp.forward_dropout(X, params, masks, 0.8)
    with pytest.raises(ValueError, match=words):
        call(X, Y, params, caches)


# ----------------------------------------------------------------------------------------- noise and training


def test_a_batch_of_every_example_has_no_noise_and_small_batches_follow_the_formula():
    X, Y = bp.data.spirals(m=60, classes=3, seed=0)
    params = bp.init_params([2, 8, 3], seed=0)
    noise = bp.gradient_noise(X, Y, params, batch_sizes=[1, 5, 60], draws=600, seed=1)
    assert noise.measured[2] < 1e-12 and noise.predicted[2] == 0.0
    for measured, predicted in zip(noise.measured[:2], noise.predicted[:2], strict=True):
        assert measured == pytest.approx(predicted, rel=0.1)
    assert "x sqrt(B)" in noise.summary()
    with pytest.raises(ValueError, match="only m = 60"):
        bp.gradient_noise(X, Y, params, batch_sizes=[61])


def test_one_batch_of_everything_is_full_batch_gradient_descent():
    X, Y = bp.data.spirals(m=40, classes=3, seed=0)
    full = bp.train(X, Y, [2, 8, 3], learning_rate=0.5, steps=15, seed=3, record_every=1, progress=False)
    mine = bp.train_minibatch(X, Y, [2, 8, 3], learning_rate=0.5, epochs=15, batch_size=40, seed=3)
    np.testing.assert_allclose(mine.costs, full.costs, rtol=1e-13)
    assert mine.steps == 15 and mine.epochs == list(range(16)) and mine.val_costs == []


def test_minibatch_training_is_seeded_and_records_the_validation_cost():
    X, Y = bp.data.spirals(m=90, classes=3, seed=0)
    kw = {"layer_dims": [2, 16, 3], "learning_rate": 0.01, "epochs": 5, "batch_size": 16, "optimizer": "adam"}
    a = bp.train_minibatch(X[:, :60], Y[:, :60], **kw, keep_prob=0.8, lambd=0.1, validation=(X[:, 60:], Y[:, 60:]))
    b = bp.train_minibatch(X[:, :60], Y[:, :60], **kw, keep_prob=0.8, lambd=0.1, validation=(X[:, 60:], Y[:, 60:]))
    assert a.costs == b.costs and a.val_costs == b.val_costs and len(a.val_costs) == 6
    assert a.steps == 5 * 4 and a.costs[-1] < a.costs[0]
    for optimizer in ("gd", "momentum"):
        assert bp.train_minibatch(X, Y, **{**kw, "optimizer": optimizer, "learning_rate": 0.5}).costs[-1] < 1.1


@pytest.mark.parametrize(
    ("kwargs", "error", "words"),
    [
        ({"optimizer": "sgd"}, ValueError, "choose one of"),
        ({"keep_prob": 0.0}, ValueError, "keep_prob"),
        ({"epochs": 10**9, "batch_size": 1}, ValueError, "at most"),
        ({"validation": (np.ones((3, 5)), np.ones((3, 5)))}, ValueError, r"W\[1\] is \(4, 2\)"),
        ({"learning_rate": 1e6}, bp.TrainingDiverged, "Lower the learning rate"),
        ({"layer_dims": [2, 5, 3]}, ValueError, "sizes"),
    ],
)
def test_minibatch_training_refuses_in_words(kwargs, error, words):
    X, Y = bp.data.spirals(m=30, classes=3, seed=0)
    with pytest.raises(error, match=words):
        bp.train_minibatch(X, Y, **{"params": bp.init_params([2, 4, 3], seed=0), "epochs": 20, **kwargs})


def test_the_bowl():
    gd = practice.bowl_path("gd", 0.018, steps=3)
    np.testing.assert_allclose(gd[1], [(1 - 1.8) * -0.2, (1 - 0.018) * 2])
    adam = practice.bowl_path("adam", 0.1, steps=1)
    np.testing.assert_allclose(adam[1] - adam[0], [0.1, -0.1], rtol=1e-6)
    assert practice.bowl_cost(0.0, 0.0) == 0.0 and practice.bowl_cost(1.0, 0.0) == 50.0
    with pytest.raises(ValueError, match="overflowed"):
        practice.bowl_path("gd", 0.5, steps=100_000)


def test_curves_are_drawn_side_by_side_and_bad_series_refused():
    import matplotlib.pyplot as plt

    before = len(plt.get_fignums())
    panels = [
        bp.plots.Curves("J", {"training": ([0, 1, 2], [2.3, 1.0, 0.5]), "validation": ([0, 1, 2], [2.3, 1.2, 0.9])}),
        bp.plots.Curves("bowl", {"path": ([-0.2, 0.1], [2.0, 1.9], ".-")}, contours=practice.bowl_cost),
    ]
    png = bp.plots.png_of(bp.plots.curves_figure(panels))
    assert png[:4] == b"\x89PNG" and len(plt.get_fignums()) == before  # drawn, and the figure closed
    with pytest.raises(ValueError, match="x values"):
        bp.plots.Curves("J", {"a": ([0, 1], [1.0])})
    with pytest.raises(ValueError, match="logarithmic"):
        bp.plots.Curves("J", {"a": ([0, 1], [1.0, 2.0])}, logx=True)


# ----------------------------------------------------------------------------------------- the training explorer


@pytest.fixture(scope="module")
def flowers():
    return bp.data.flower(m=60, petals=4, seed=0), bp.data.flower(m=80, petals=4, seed=1)


def _explorer(flowers, **kwargs):
    (X, Y), validation = flowers
    kw = {"hidden": "tanh", "output": "sigmoid", "steps_per_frame": 10, "max_steps": 200, "validation": validation}
    return bp.widgets.TrainingExplorer(X, Y, [2, 6, 1], **{**kw, **kwargs})


def test_the_explorer_with_default_settings_is_lesson_05s_run(flowers):
    (X, Y), _ = flowers
    plain = bp.widgets.TrainingExplorer(X, Y, [2, 6, 1], hidden="tanh", output="sigmoid", steps_per_frame=10)
    both = _explorer(flowers)
    plain.play.value = both.play.value = 7
    assert plain.costs == both.costs and plain.grad_norms == both.grad_norms
    assert "validation" not in plain.summary() and "full batch" not in plain.summary()
    for ex in (plain, both):
        ex.close()


def test_the_validation_cost_is_drawn_beside_the_training_cost(flowers):
    _, (Xv, Yv) = flowers
    ex = _explorer(flowers, learning_rate=0.5)
    ex.play.value = 3
    params = bp.init_params([2, 6, 1], seed=0, scale="lecun")
    for k in range(31):  # the run replayed by hand: the validation cost before each step
        AL, caches = bp.forward(Xv, params, "tanh", "sigmoid")
        assert ex.val_costs[k] == pytest.approx(bp.cost(AL, Yv, "sigmoid", ZL=caches[-1].Z), rel=1e-12)
        AL, caches = bp.forward(ex.X, params, "tanh", "sigmoid")
        params = bp.update(params, bp.backward(AL, ex.Y, caches, "sigmoid"), learning_rate=0.5)
    S = np.frombuffer(ex.view.series, dtype=np.float32).reshape(2 + 1 + 2, -1)  # steps, J, J_val, ||dW[1..2]||
    np.testing.assert_allclose(S[2], ex.val_costs, rtol=1e-6)
    np.testing.assert_allclose(S[3:].T, ex.grad_norms, rtol=1e-6)
    assert ex.view.setup["val"] and f"validation J = {ex.val_costs[-1]:.4f}" in ex.summary()
    ex.snapshot()
    np.testing.assert_array_equal(ex.figure().val_line.get_ydata(), ex.val_costs)
    ex.close()


def test_a_practice_step_is_the_lessons_formulas_on_one_seeded_batch(flowers):
    settings = {"batch_size": 16, "lambd": 0.1, "keep_prob": 0.8, "optimizer": "adam", "learning_rate": 0.05}
    ex = _explorer(flowers, practice=True, **settings)
    ex.play.value = 2
    rng = np.random.default_rng(0)  # the explorer's seed: its batches' orders and its masks, in this order
    params, moments, order, pos = bp.init_params([2, 6, 1], seed=0, scale="lecun"), None, np.arange(0), 0
    for k in range(20):
        AL, caches = bp.forward(ex.X, params, "tanh", "sigmoid")
        assert ex.costs[k] == pytest.approx(bp.cost(AL, ex.Y, "sigmoid", ZL=caches[-1].Z), rel=1e-12)
        if pos >= len(order):
            order, pos = rng.permutation(60), 0
        cols, pos = order[pos : pos + 16], pos + 16
        masks = {"D1": (rng.random((6, len(cols))) < 0.8).astype(float)}
        ALb, cb = bp.forward_dropout(ex.X[:, cols], params, masks, 0.8, hidden="tanh", output="sigmoid")
        grads = bp.backward_practice(ALb, ex.Y[:, cols], cb, masks=masks, keep_prob=0.8)
        grads = {k: bp.l2_gradient(g, params[k[1:]], 0.1, 60) if k[1] == "W" else g for k, g in grads.items()}
        assert ex.grad_norms[k][0] == pytest.approx(np.linalg.norm(grads["dW1"]), rel=1e-12)
        params, moments = bp.adam_update(params, {k: grads[k] for k in ("dW1", "db1", "dW2", "db2")}, moments, 0.05)
    for key in params:
        np.testing.assert_allclose(ex.params[key], params[key], rtol=1e-12)
    assert "batches of 16, L2 lambda = 0.1, dropout rate 0.2, Adam" in ex.summary()
    ex.close()


def test_play_runs_the_same_minibatch_steps_however_the_ticks_arrive(flowers):
    ex = _explorer(flowers, practice=True, batch_size=8, keep_prob=0.7, optimizer="momentum", learning_rate=0.1)
    ex.play.value = 12
    whole = (list(ex.costs), list(ex.val_costs), {k: v.copy() for k, v in ex.params.items()})
    ex.reset()
    for v in (1, 2, 5, 11, 12):  # ticks merged or dropped while the kernel was busy
        ex.play.value = v
    assert ex.k == 120 and ex.costs == whole[0] and ex.val_costs == whole[1]
    assert all(np.array_equal(ex.params[k], whole[2][k]) for k in ex.params)
    ex.close()


def test_the_controls_act_from_the_next_step(flowers):
    ex = _explorer(flowers, practice=True, learning_rate=0.5)
    ex.play.value = 1
    assert ex._plain()
    ex.batch.value, ex.lambd.value, ex.drop.value, ex.opt.value = 4, 0.3, 0.2, "adam"
    assert ex.settings == {"batch_size": 4, "lambd": 0.3, "keep_prob": 0.8, "optimizer": "adam"}
    ex.play.value = 2
    assert ex._optimizer.moments.t == 10 and not ex._plain()
    ex.opt.value = "momentum"  # a new optimiser starts its averages at 0
    assert ex._optimizer.moments is None and ex._optimizer.velocity is None
    assert len(ex.costs) == len(ex.val_costs) == 21
    ex.close()


@pytest.mark.parametrize(
    ("kwargs", "words"),
    [
        ({"validation": (np.ones((3, 5)), np.ones((1, 5)))}, r"X_val is \(3, 5\)"),
        ({"validation": (np.ones((2, 5)), np.full((1, 5), 0.5))}, "0 or 1"),
        ({"validation": "val"}, "a pair"),
        ({"optimizer": "sgd"}, "choose one of"),
        ({"practice": "yes"}, "practice"),
        ({"keep_prob": 0.0}, "keep_prob"),
        ({"lambd": -1.0}, "lambd"),
        ({"batch_size": 0}, "batch_size"),
    ],
)
def test_the_explorer_refuses_bad_practice_settings_in_words(flowers, kwargs, words):
    with pytest.raises(ValueError, match=words):
        _explorer(flowers, **kwargs)
