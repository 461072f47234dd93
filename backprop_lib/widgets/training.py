"""Training made visible: the cost curve, the decision boundary and the gradients that drive them, with Play."""

from __future__ import annotations

import io
import pathlib
from collections.abc import Sequence

import anywidget
import ipywidgets as w
import numpy as np
import traitlets

from .._validate import (
    InputError,
    ShapeError,
    as_float_array,
    check_2d,
    check_int,
    check_number,
    check_seed,
    shape_str,
)
from ..losses import _cost, check_labels, check_output
from ..network import _logits, _update, check_step, forward, hidden_names, init_params
from ..practice import (
    OPTIMIZERS,
    OptimizerState,
    _backward_practice,
    _direction,
    _forward_dropout,
    _keep_prob,
    _lambd,
    _mask,
)
from ..training import Run, has_diverged, predicted_classes
from ._inputs import check_entries, checked_dims, checked_m, network_entries
from .base import Displayable
from .heatmap import lut_bytes

# the learning rates the slider offers: from one that leaves the flower unfinished after the whole run
# (0.005) to ones whose steps overshoot and make the cost jump (8, 10)
RATES = (0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1.0, 1.2, 2.0, 3.0, 5.0, 8.0, 10.0)
MAX_UNIT_MAPS = 8  # hidden units drawn as maps of the plane (a wider layer shows its first 8 and says so)
LAYER_COLOURS = ("#1d4ed8", "#b91c1c", "#15803d", "#7c3aed", "#c2410c")
GRID = 120  # points per side of the plane the boundary and the units are drawn over
MAX_PER_FRAME = 1000  # steps one Play tick trains
MAX_STEPS = 1_000_000  # steps of one run (Play's end)
# lesson 10's controls (practice=True): batch sizes (0: every example, full batch), L2 strengths, dropout rates
BATCHES = (0, 1, 4, 16, 32, 64, 128)
LAMBDAS = (0.0, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0)
DROP_RATES = (0.0, 0.1, 0.2, 0.3, 0.5)
OPTIMIZER_NAMES = {"gd": "gradient descent", "momentum": "momentum (0.9)", "adam": "Adam"}
VAL_COLOUR = "#0f766e"  # the validation cost's line (teal), beside the training cost's red


class TrainingExplorer(Displayable):
    """Loss curve, decision boundary and gradients, redrawn every few steps; Play/Pause and a learning rate.

    Top row: the cost J (one point per step), P(y = 1) over the plane, and the
    norm of each layer's dW at every step. Middle row: what each hidden unit of
    layer 1 has learned, A[1] row j over the same grid as the boundary. Bottom
    row: dZ[1] (one column per example) and dW[1] at the current step, the
    gradients the next step will use. The browser draws all of it on a canvas
    (:class:`TrainingView`, ``training.js``) from one binary message per
    frame; viewers without a kernel get the same panels as a matplotlib PNG
    (:meth:`snapshot`), drawn only when asked for, never per tick.

    State: ``steps``, ``costs`` and ``grad_norms`` hold one entry per step
    (``grad_norms[i][l-1]`` is the Frobenius norm of dW[l] at ``steps[i]``);
    ``grads`` is backprop's output at the current weights; ``unit_maps``
    is A[1] on the grid, shape (n[1], rows, columns).

    ``params`` starts it from weights you bring instead of the seeded start (with ``steps_done``, the
    steps they were trained for, so the step count goes on from there).

    The cost curve has one point per step. A Play value ``v`` stands for step
    ``v * steps_per_frame``: each tick trains up to that step, so ticks the
    front end merged or dropped while the kernel was busy are caught up, and a
    whole run always ends at ``max_steps``.

    Lesson 10's training in practice: ``validation=(X_val, Y_val)`` draws the validation cost beside the
    training cost (``val_costs``, one per step). ``batch_size`` (None: every example), ``lambd`` (L2),
    ``keep_prob`` (dropout on the hidden layers) and ``optimizer`` ("gd", "momentum", "adam") change the
    step; ``practice=True`` shows them as controls. A minibatch step draws its columns (a new order every
    epoch) and its masks from one generator seeded with ``seed`` and reset by Reset, so a run is the same
    run however the ticks arrive. The cost drawn is J on every training example, without dropout and
    without the penalty, at the weights before each step; the dW norms are those of the step's own batch.
    With every control at its default the step is lesson 05's full-batch gradient descent, unchanged.
    """

    def __init__(
        self,
        X: np.ndarray,
        Y: np.ndarray,
        layer_dims: Sequence[int],
        hidden: str = "tanh",
        output: str = "sigmoid",
        learning_rate: float = 1.2,
        seed: int = 0,
        steps_per_frame: int = 20,
        max_steps: int = 4000,
        params: dict[str, np.ndarray] | None = None,
        steps_done: int = 0,
        validation: tuple[np.ndarray, np.ndarray] | None = None,
        batch_size: int | None = None,
        lambd: float = 0.0,
        keep_prob: float = 1.0,
        optimizer: str = "gd",
        practice: bool = False,
    ):
        where = "TrainingExplorer"
        self.layer_dims = checked_dims(layer_dims, where)
        X, Y = self._checked(X, Y, learning_rate, steps_per_frame, max_steps)
        self.X_m = X.shape[1]
        L = len(self.layer_dims) - 1
        names = hidden_names(hidden, L)
        check_output(output)
        seed = check_seed(seed, where)
        self.offset = check_int(steps_done, "steps_done", 0, "the steps the weights you bring were trained for")
        m = checked_m(X.shape[1], where, "m (the columns of X)")
        # the batch's forward and backward pass, and every unit's output over the 120 x 120 points of the plane
        entries = network_entries(self.layer_dims, m) + GRID * GRID * (2 * sum(self.layer_dims[1:]) + 3)
        check_entries(where, entries, f"layers {self.layer_dims} over the plane and m = {m}")
        start = init_params(self.layer_dims, seed=seed, scale="lecun") if params is None else params
        self.start = {k: v.astype(float) for k, v in Run.start(start).items()}
        d = self.layer_dims
        want = {k: s for l in range(1, L + 1) for k, s in ((f"W{l}", (d[l], d[l - 1])), (f"b{l}", (d[l], 1)))}
        if set(self.start) != set(want) or any(self.start[k].shape != shape for k, shape in want.items()):
            got = ", ".join(f"{k[0]}[{k[1:]}] {shape_str(v)}" for k, v in self.start.items())
            raise ShapeError(
                f"{where}: params hold {got}, but layer_dims = {d} need "
                + ", ".join(f"{k[0]}[{k[1:]}] {shape_str(shape=s)}" for k, s in want.items())
            )
        self.X, self.Y, self.hidden, self.output = X, Y, hidden if isinstance(hidden, str) else names, output
        self._run = Run(X, Y, self.hidden, output)  # checks X, Y and the network at the first step, then trusts its own
        self.seed, self.names = seed, [*names, output]
        self.settings = self._checked_settings(batch_size, lambd, keep_prob, optimizer, practice)
        self.validation = self._checked_validation(validation)
        with self._owning():
            self._make(X, Y, learning_rate, steps_per_frame, max_steps)
        self._built()

    def _checked_settings(self, batch_size, lambd, keep_prob, optimizer, practice) -> dict:
        """Lesson 10's settings of the step, checked: batch size (0: full batch), lambda, keep_prob, optimizer."""
        where = "TrainingExplorer"
        if batch_size is None:
            batch_size = 0
        else:
            batch_size = check_int(batch_size, "batch_size", 1, "the examples of one batch (None: all of them)")
            batch_size = 0 if batch_size >= self.X_m else batch_size
        if not isinstance(optimizer, str) or optimizer not in OPTIMIZERS:
            raise InputError(f"{where}: optimizer = {optimizer!r}; choose one of {', '.join(map(repr, OPTIMIZERS))}")
        if not isinstance(practice, (bool, np.bool_)):
            raise InputError(f"{where}: practice = {practice!r}; give True (show lesson 10's controls) or False")
        self.practice = bool(practice)
        return {
            "batch_size": batch_size,
            "lambd": _lambd(lambd, f"{where}: J + lambda/(2m) sum ||W||^2"),
            "keep_prob": _keep_prob(keep_prob, f"{where}: A~ = A * D / keep_prob"),
            "optimizer": optimizer,
        }

    def _checked_validation(self, validation) -> tuple[np.ndarray, np.ndarray] | None:
        """(X_val, Y_val) as float arrays of the network's sizes, or None."""
        if validation is None:
            return None
        formula = "TrainingExplorer(validation=(X_val, Y_val))"
        if not isinstance(validation, (tuple, list)) or len(validation) != 2:
            raise InputError(f"{formula}: validation must be a pair (X_val, Y_val), one column per example")
        Xv, Yv = (as_float_array(a, n, formula) for a, n in zip(validation, ("X_val", "Y_val"), strict=True))
        check_2d(Xv, "X_val", formula, "(2, m_val)")
        check_2d(Yv, "Y_val", formula, "(n[L], m_val)")
        if Xv.shape[0] != self.layer_dims[0] or Yv.shape != (self.layer_dims[-1], Xv.shape[1]) or not Xv.shape[1]:
            raise ShapeError(
                f"{formula}: X_val is {shape_str(Xv)} and Y_val is {shape_str(Yv)}; with layers {self.layer_dims} "
                f"they must be ({self.layer_dims[0]}, m_val) and ({self.layer_dims[-1]}, m_val), m_val >= 1"
            )
        checked_m(Xv.shape[1], "TrainingExplorer", "m_val (the columns of X_val)")
        AL, _ = forward(Xv, self.start, self.hidden, self.output)  # NaN, inf and the labels, checked once
        return Xv, check_labels(Yv, AL, self.output, formula)

    def _make(self, X: np.ndarray, Y: np.ndarray, learning_rate: float, steps_per_frame: int, max_steps: int) -> None:
        """The widgets and the first frame."""
        hidden, output = self.hidden, self.output
        self.per_frame = steps_per_frame
        self.play = w.Play(value=0, min=0, max=max_steps // steps_per_frame, step=1, interval=120)
        rates = sorted(set(RATES) | {float(learning_rate)})
        self.lr = w.SelectionSlider(options=rates, value=float(learning_rate), description="learning rate")
        self.lr.style.description_width = "90px"
        reset = w.Button(description="Reset", icon="undo", layout=w.Layout(width="90px"))
        reset.on_click(lambda _: self.reset())
        rows = [w.HBox([self.play, self.lr, reset])]
        if self.practice:
            rows.append(self._controls_of_practice())
        n1 = self.layer_dims[1]
        self.n_maps = min(n1, MAX_UNIT_MAPS)
        x0, x1 = X[0].min() - 0.5, X[0].max() + 0.5
        y0, y1 = X[1].min() - 0.5, X[1].max() + 0.5
        gx, gy = np.meshgrid(np.linspace(x0, x1, GRID), np.linspace(y0, y1, GRID))
        self.grid = np.vstack([gx.ravel(), gy.ravel()])
        self.grid_shape = gx.shape
        self.extent = (float(x0), float(x1), float(y0), float(y1))
        self.labels = np.argmax(Y, axis=0) if Y.shape[0] > 1 else Y[0]
        L = len(self.layer_dims) - 1
        # a hidden unit's output over the plane: tanh and sigmoid have fixed ranges, others scale to their largest value
        first = hidden if isinstance(hidden, str) else list(hidden)[0] if L > 1 else output
        self.unit_range = {"tanh": (-1.0, 1.0), "sigmoid": (0.0, 1.0)}.get(first)
        which = "layer 1" if n1 <= MAX_UNIT_MAPS else f"first {MAX_UNIT_MAPS} of {n1}"
        lo, hi = (f"{v:g}" for v in self.unit_range) if self.unit_range else ("-max", "+max")
        self.units_label = (which, f"orange {hi}", f"purple {lo}")
        self.view = TrainingView(
            setup={
                "n0": self.layer_dims[0],
                "n1": n1,
                "m": X.shape[1],
                "layers": L,
                "n_maps": self.n_maps,
                "grid": list(self.grid_shape),
                "extent": list(self.extent),
                "colours": list(LAYER_COLOURS),
                "units_label": list(self.units_label),
                "val": self.validation is not None,
                "val_colour": VAL_COLOUR,
            },
            points=np.concatenate([X[0], X[1], (self.labels > 0).astype(float)]).astype(np.float32).tobytes(),
            lut=lut_bytes(),
            lut_units=_lut_bytes("PuOr_r"),
        )
        self.widget = w.VBox([*rows, self.view])
        self.widget.add_class("bp-explorer")
        self.widget.add_class("bp-trainingexplorer")
        self._fig = None  # the still figure for viewers without a kernel: built when first asked for
        self.play.observe(self._on_tick, names="value")
        self.reset()

    def _controls_of_practice(self) -> w.HBox:
        """Lesson 10's controls: batch size, L2 strength, dropout rate, optimiser; each acts from the next step."""
        s = self.settings
        style = {"description_width": "70px"}
        batches = [("all (full batch)", 0)] + [(str(b), b) for b in sorted(set(BATCHES[1:]) | {s["batch_size"]} - {0})]
        self.batch = w.Dropdown(options=batches, value=s["batch_size"], description="batch size", style=style)
        self.lambd = w.SelectionSlider(
            options=sorted(set(LAMBDAS) | {s["lambd"]}), value=s["lambd"], description="L2 lambda", style=style
        )
        rates = sorted(set(DROP_RATES) | {round(1 - s["keep_prob"], 12)})
        self.drop = w.SelectionSlider(
            options=rates, value=round(1 - s["keep_prob"], 12), description="dropout", style=style
        )
        self.opt = w.Dropdown(
            options=[(OPTIMIZER_NAMES[o], o) for o in OPTIMIZERS],
            value=s["optimizer"],
            description="optimiser",
            style=style,
        )
        for control, width in ((self.batch, "190px"), (self.lambd, "190px"), (self.drop, "190px"), (self.opt, "230px")):
            control.layout = w.Layout(width=width)  # 800 px in all, the canvas's width; "gradient descent" fits
            control.observe(self._on_setting, names="value")
        return w.HBox([self.batch, self.lambd, self.drop, self.opt])

    def _on_setting(self, change) -> None:
        """A control changed: the steps from now on use it (a new optimiser starts its averages at 0)."""
        s = self.settings
        s["batch_size"], s["lambd"] = self.batch.value, float(self.lambd.value)
        s["keep_prob"] = 1.0 - float(self.drop.value)
        if self.opt.value != s["optimizer"]:
            s["optimizer"] = self.opt.value
            self._optimizer = OptimizerState()

    def _checked(self, X, Y, learning_rate, steps_per_frame, max_steps):
        """X (2, m) and Y (n[L], m) as float arrays, and the run's settings checked."""
        formula = "TrainingExplorer(X, Y, layer_dims)"
        X, Y = as_float_array(X, "X", formula), as_float_array(Y, "Y", formula)
        check_2d(X, "X", formula, "(2, m): the explorer draws the plane of two features")
        check_2d(Y, "Y", formula, "(n[L], m)")
        dims = self.layer_dims
        if X.shape[0] != 2 or not dims or dims[0] != 2 or Y.shape != (dims[-1], X.shape[1]):
            raise ShapeError(
                f"{formula}: X is {shape_str(X)} and Y is {shape_str(Y)} with layers {dims}; the explorer "
                "draws a plane, so it needs n[0] = 2 features, X (2, m) and Y (n[L], m), one column per example"
            )
        check_number(learning_rate, "learning_rate", formula, positive=True)
        per = check_int(steps_per_frame, "steps_per_frame", 1, "the steps a Play tick trains")
        if per > MAX_PER_FRAME:
            raise InputError(
                f"{formula}: steps_per_frame = {per}; a Play tick trains at most {MAX_PER_FRAME} steps, so that "
                "the picture keeps up (a longer run is more ticks)"
            )
        run = check_int(max_steps, "max_steps", per, "the whole run (at least one frame of steps)")
        if run > MAX_STEPS:
            raise InputError(f"{formula}: max_steps = {run:,}; a run of the explorer is at most {MAX_STEPS:,} steps")
        return X, Y

    def reset(self) -> None:
        """Back to the starting weights, step 0."""
        self._check_open("reset")
        self.params = {k: v.copy() for k, v in self.start.items()}
        self.diverged: str | None = None
        self.steps: list[int] = []
        self.costs: list[float] = []
        self.val_costs: list[float] = []
        self._rng = np.random.default_rng(self.seed)  # the batches' orders and the dropout masks
        self._order, self._pos = np.arange(0), 0
        self._optimizer = OptimizerState()
        self.grad_norms: list[tuple[float, ...]] = []
        self.k = self.offset
        self.play.value = 0
        self._record()
        self.redraw()

    def _norms(self, grads: dict[str, np.ndarray]) -> tuple[float, ...]:
        return tuple(float(np.linalg.norm(grads[f"dW{l}"])) for l in range(1, len(self.layer_dims)))

    def _record(self) -> None:
        """The cost, accuracy and gradients at the current weights (step k)."""
        with np.errstate(over="ignore", invalid="ignore"):  # weights before a divergence: checked in run
            J, self.grads, AL = self._run.evaluate(self.params)
            if self.validation is not None:
                self.val_costs.append(self._cost_on(self.validation, self.params))
        self.steps.append(self.k)
        self.costs.append(J)
        self.grad_norms.append(self._norms(self.grads))
        pred = predicted_classes(AL, self.output)
        self.acc = float(np.mean(pred == self.labels))

    def run(self, steps: int) -> None:
        """Train ``steps`` more steps at the slider's learning rate, recording the cost and dW norms of every step."""
        self._check_open("run")
        steps = check_int(steps, "steps", 0, "the gradient-descent steps to train")
        if steps > MAX_STEPS:
            raise InputError(f"run: steps = {steps:,}; the explorer trains at most {MAX_STEPS:,} steps at once")
        for _ in range(steps):
            if self.diverged:
                return
            try:
                with np.errstate(over="ignore", invalid="ignore", under="ignore"):  # said below, in words
                    if self._plain():
                        new, J, grads = self._run.step(self.params, self.lr.value)
                    else:
                        new, J, grads = self._practice_step(self.params, self.lr.value)
                    J_val = self._cost_on(self.validation, self.params) if self.validation is not None else None
            except InputError as exc:  # the weights overflowed: J can no longer be computed
                return self._stop(f"the numbers overflowed ({exc})")
            if has_diverged(J, self.costs[0]):
                return self._stop(f"J went from {self.costs[0]:.4g} at step {self.offset} to {J:.4g}")
            self.params = new
            if self.steps[-1] != self.k:  # J and dW are the cost and gradients before this step, at step k
                self.steps.append(self.k)
                self.costs.append(float(J))
                self.grad_norms.append(self._norms(grads))
                if J_val is not None:
                    self.val_costs.append(J_val)
            elif not self._plain():  # step k was recorded with every example's dW: the norms of its own batch
                self.grad_norms[-1] = self._norms(grads)
            self.k += 1
        if self.steps[-1] != self.k:
            self._record()

    def _plain(self) -> bool:
        """Every control at its default: the step is lesson 05's full-batch gradient descent."""
        s = self.settings
        return s["batch_size"] == 0 and s["lambd"] == 0 and s["keep_prob"] == 1 and s["optimizer"] == "gd"

    def _cost_on(self, data: tuple[np.ndarray, np.ndarray], params: dict) -> float:
        """J on a whole set (X, Y), without dropout and without the penalty."""
        ZL = _logits(data[0], params, self.names)
        return _cost(ZL, ZL, data[1], self.output)

    def _batch(self) -> np.ndarray | None:
        """The next batch's columns (None: every example): the epoch's order, drawn anew when it runs out."""
        B, m = self.settings["batch_size"], self.X_m
        if not B:
            return None
        if self._pos >= len(self._order):
            self._order, self._pos = self._rng.permutation(m), 0
        cols = self._order[self._pos : self._pos + B]
        self._pos += len(cols)
        return cols

    def _practice_step(self, params: dict, lr: float) -> tuple[dict, float, dict]:
        """One step with lesson 10's settings: (new params, J on every example before it, the batch's gradients)."""
        s, X, Y = self.settings, self._run.X, self._run.Y
        J = self._cost_on((X, Y), params)
        cols = self._batch()
        Xb, Yb = (X, Y) if cols is None else (X[:, cols], Y[:, cols])
        keep, L = s["keep_prob"], len(self.names)
        n = self.layer_dims
        D = {l: _mask(self._rng, (n[l], Xb.shape[1]), keep) for l in range(1, L)} if keep < 1 else {}
        AL, caches = _forward_dropout(Xb, params, self.names, D, keep)
        grads = _backward_practice(AL, Yb, caches, D, keep, s["lambd"], self.X_m, to_X=False)
        direction = _direction(grads, list(params), s["optimizer"], self._optimizer)
        return check_step(_update(params, direction, lr), lr), J, grads

    def _stop(self, what: str) -> None:
        """Gradient descent blew up at step k: keep the run so far, stop Play, say why and what to do."""
        self.diverged = (
            f"gradient descent diverged at step {self.k} with learning rate {self.lr.value:g}: {what}. "
            "Each step W := W - alpha dW went too far: choose a smaller rate and press Reset"
        )
        self.play.playing = False
        if self.steps[-1] != self.k:
            self._record()

    def run_to(self, target: int) -> None:
        """Train until step ``target`` (nothing if already there or past it)."""
        target = check_int(target, "target", 0, "the step to train until")
        if target - self.k > MAX_STEPS:
            raise InputError(f"run_to: target = {target:,}; the explorer trains at most {MAX_STEPS:,} steps at once")
        if target > self.k:
            self.run(target - self.k)

    def _on_tick(self, change) -> None:
        if change["new"] == 0:
            return
        self.run_to(self.offset + change["new"] * self.per_frame)
        self.redraw()

    def compute(self) -> None:
        """The kernel-side work of a frame: P(y = 1) and every hidden unit's output over the grid."""
        AL, caches = forward(self.grid, self.params, self.hidden, self.output)
        self.P = AL[0] if AL.shape[0] == 1 else np.argmax(AL, axis=0) / max(1, AL.shape[0] - 1)
        self.unit_maps = caches[0].A.reshape((-1, *self.grid_shape))

    def limits(self) -> dict:
        """Every axis and colour limit of the current frame: one home for the live view and the PNG."""
        norms = np.array(self.grad_norms)
        positive = norms[norms > 0]
        lo, hi = (float(positive.min()), float(positive.max())) if positive.size else (1e-3, 1.0)
        units = []
        for j in range(self.n_maps):
            if self.unit_range is None:  # no fixed range: each map scales to its largest value
                top = max(float(np.max(np.abs(self.unit_maps[j]))), 1e-12)
                units.append([-top, top])
            else:
                units.append(list(self.unit_range))
        return {
            "k": self.k,
            "xlim": [self.offset, max(self.offset + 10, self.k)],
            "cost_ylim": [0.0, max(self.costs + self.val_costs) * 1.05],
            "norm_ylim": [lo / 1.5, hi * 1.5],
            "units": units,
            "dZ_top": max(float(np.max(np.abs(self.grads["dZ1"]))), 1e-12),
            "dW_top": max(float(np.max(np.abs(self.grads["dW1"]))), 1e-12),
        }

    def status_text(self) -> str:
        val = f", validation J = {self.val_costs[-1]:.4f}" if self.val_costs else ""
        return f"step {self.k}: J = {self.costs[-1]:.4f}{val}, training accuracy {100 * self.acc:.1f}%"

    def settings_text(self) -> str:
        """The step's settings in words (lesson 10's controls)."""
        s = self.settings
        batch = f"batches of {s['batch_size']}" if s["batch_size"] else "full batch"
        return (
            f"{batch}, L2 lambda = {s['lambd']:g}, dropout rate {1 - s['keep_prob']:g}, "
            f"{OPTIMIZER_NAMES[s['optimizer']]}, learning rate {self.lr.value:g}"
        )

    def send(self) -> None:
        """The frame to the browser, as ONE message: the series (float32), the planes (uint8 colour
        indices: P(y = 1) over [0, 1], each unit over its colour limits) and dZ[1], dW[1] (float32)."""
        lim = self.limits()
        planes = [np.rint(np.clip(self.P, 0.0, 1.0) * 255)]
        for j, (lo, hi) in enumerate(lim["units"]):
            planes.append(np.rint((np.clip(self.unit_maps[j], lo, hi) - lo) / (hi - lo) * 255).ravel())
        series = [
            self.steps,
            self.costs,
            *([self.val_costs] if self.validation is not None else []),
            *np.array(self.grad_norms).T,
        ]
        with self.view.hold_sync():
            self.view.series = np.concatenate([np.asarray(a, dtype=np.float32) for a in series]).tobytes()
            self.view.planes = np.concatenate([np.ravel(p) for p in planes]).astype(np.uint8).tobytes()
            grads = [self.grads["dZ1"].ravel(), self.grads["dW1"].ravel()]
            self.view.grads = np.concatenate(grads).astype(np.float32).tobytes()
            self.view.frame = lim
            self.view.status = self.status_text()
            self.view.warning = self.diverged or ""

    def redraw(self) -> None:
        self.compute()
        self.send()

    def figure(self):
        """The still figure (matplotlib, Agg) of the same panels, for viewers without a kernel: built
        once, when first asked for, and updated in place by :meth:`render`."""
        if self._fig is None:
            self._fig = _StillFigure(self)
        return self._fig

    def render(self) -> bytes:
        """The current frame as a PNG (the still figure's artists set to the current numbers)."""
        return self.figure().render(self, self.limits())

    def summary(self) -> str:
        return (
            f"training explorer: layers {self.layer_dims}, {self.hidden} hidden, {self.output} output, "
            f"m = {self.X.shape[1]}"
            + (f", validation m = {self.validation[0].shape[1]}" if self.validation is not None else "")
            + (f"\n  {self.settings_text()}" if self.practice or not self._plain() else "")
            + f"\n  {self.status_text()}"
            f"\n  gradient norms: " + ", ".join(f"||dW[{l + 1}]|| = {v:.2e}" for l, v in enumerate(self.grad_norms[-1]))
        ) + (f"\n  {self.diverged}" if self.diverged else "")

    def snapshot(self) -> bytes:
        return self.render()


def _lut_bytes(cmap: str) -> bytes:
    """A matplotlib colour map as 256 RGB triples (the live view draws with the same colours as the PNG)."""
    from matplotlib import colormaps

    rgb = colormaps[cmap](np.linspace(0, 1, 256))[:, :3]
    return np.rint(rgb * 255).astype(np.uint8).tobytes()


class TrainingView(anywidget.AnyWidget):
    """The training explorer's live picture, drawn by the browser (``training.js``) from binary buffers.

    ``setup`` (the layout), ``points`` (float32: x1, x2 and the class of each example), ``lut`` and
    ``lut_units`` (256 RGB colours each) are sent once; per frame, in one message: ``series``
    (float32: steps, costs, each layer's ||dW||), ``planes`` (uint8 colour indices: P(y = 1), then
    each drawn unit), ``grads`` (float32: dZ[1], dW[1]), ``frame`` (the step and the limits),
    ``status`` and ``warning`` (text).
    """

    _esm = pathlib.Path(__file__).parent / "training.js"
    setup = traitlets.Dict().tag(sync=True)
    points = traitlets.Bytes(b"").tag(sync=True)
    lut = traitlets.Bytes(b"").tag(sync=True)
    lut_units = traitlets.Bytes(b"").tag(sync=True)
    series = traitlets.Bytes(b"").tag(sync=True)
    planes = traitlets.Bytes(b"").tag(sync=True)
    grads = traitlets.Bytes(b"").tag(sync=True)
    frame = traitlets.Dict().tag(sync=True)
    status = traitlets.Unicode("").tag(sync=True)
    warning = traitlets.Unicode("").tag(sync=True)


class _StillFigure:
    """The PNG of a training explorer: cost, boundary, gradient norms; the unit maps; dZ[1] and dW[1]."""

    def __init__(self, ex: TrainingExplorer):
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure
        from matplotlib.ticker import NullLocator

        X, gs, extent = ex.X, ex.grid_shape, ex.extent
        self.fig = Figure(figsize=(9.6, 7.2), dpi=80)
        self.canvas = FigureCanvasAgg(self.fig)
        n1 = ex.layer_dims[1]
        rows = self.fig.add_gridspec(3, 1, height_ratios=(3, 1.5, 1.6))
        self.ax_loss, self.ax_map, self.ax_norm = (self.fig.add_subplot(c) for c in rows[0].subgridspec(1, 3))
        units = rows[1].subgridspec(1, max(6, ex.n_maps))
        self.ax_units = [self.fig.add_subplot(units[0, j]) for j in range(ex.n_maps)]
        grads = rows[2].subgridspec(1, 3)
        self.ax_dZ = self.fig.add_subplot(grads[0, :2])
        self.ax_dW = self.fig.add_subplot(grads[0, 2])
        self.field = self.ax_map.imshow(
            np.zeros(gs), origin="lower", extent=extent, cmap="RdBu_r", vmin=0, vmax=1, aspect="auto", alpha=0.55
        )
        colours = np.where(ex.labels > 0, "#8b0000", "#08306b")  # class 1 dark red, class 0 dark blue
        self.ax_map.scatter(X[0], X[1], c=colours, s=12, edgecolors="white", linewidths=0.4)
        self.ax_map.set_title("decision boundary (colour: P(y = 1))", fontsize=9)
        (self.line,) = self.ax_loss.plot([], [], color="#b91c1c", label="training")
        self.val_line = None
        if ex.validation is not None:
            (self.val_line,) = self.ax_loss.plot([], [], color=VAL_COLOUR, label="validation")
            self.ax_loss.legend(fontsize=7, loc="upper right")
        self.ax_loss.set_xlabel("step", fontsize=8)
        self.ax_loss.set_ylabel("J", fontsize=8)
        self.ax_loss.set_title("cost J", fontsize=9)
        L = len(ex.layer_dims) - 1
        self.norm_lines = [
            self.ax_norm.plot([], [], color=LAYER_COLOURS[i % len(LAYER_COLOURS)], label=f"dW[{i + 1}]")[0]
            for i in range(L)
        ]
        self.ax_norm.set_yscale("log")
        self.ax_norm.yaxis.set_minor_locator(NullLocator())  # half the axis's draw time, and less clutter
        self.ax_norm.set_xlabel("step", fontsize=8)
        self.ax_norm.set_title("gradient norms ||dW[l]||", fontsize=9)
        self.ax_norm.legend(fontsize=7, loc="upper right")
        self.unit_images = []
        for j, ax in enumerate(self.ax_units):
            self.unit_images.append(ax.imshow(np.zeros(gs), origin="lower", extent=extent, cmap="PuOr_r"))
            ax.set_xticks([])
            ax.set_yticks([])
            ax.set_title(f"unit {j}: A[1][{j}]", fontsize=8)
        self.ax_units[0].set_ylabel("\n".join(ex.units_label), fontsize=7)
        m = X.shape[1]
        self.dZ_image = self.ax_dZ.imshow(np.zeros((n1, m)), cmap="RdBu_r", aspect="auto", interpolation="nearest")
        self.ax_dZ.set_xlabel(f"example i (m = {m})", fontsize=8)
        self.ax_dZ.set_ylabel("unit", fontsize=8)
        self.dW_image = self.ax_dW.imshow(
            np.zeros((n1, ex.layer_dims[0])), cmap="RdBu_r", aspect="auto", interpolation="nearest"
        )
        self.ax_dW.set_xlabel("feature", fontsize=8)
        for ax in (self.ax_dZ, self.ax_dW):
            ax.set_yticks(range(n1) if n1 <= 10 else [])
            ax.tick_params(labelsize=7)
        self.ax_dW.set_xticks(range(ex.layer_dims[0]))
        for ax in (self.ax_loss, self.ax_norm):
            ax.tick_params(labelsize=7)
        self.fig.tight_layout(h_pad=0.6, w_pad=0.4)

    def render(self, ex: TrainingExplorer, lim: dict) -> bytes:
        """Put the explorer's current numbers into the figure; its PNG."""
        self.field.set_data(ex.P.reshape(ex.grid_shape))
        self.line.set_data(ex.steps, ex.costs)
        self.line.set_marker("o" if len(ex.steps) == 1 else "None")  # a curve of one point: show the point
        if self.val_line is not None:
            self.val_line.set_data(ex.steps, ex.val_costs)
            self.val_line.set_marker("o" if len(ex.steps) == 1 else "None")
        self.ax_loss.set_xlim(*lim["xlim"])
        self.ax_loss.set_ylim(*lim["cost_ylim"])
        norms = np.array(ex.grad_norms)
        for l, line in enumerate(self.norm_lines):
            line.set_data(ex.steps, norms[:, l])
            line.set_marker("o" if len(ex.steps) == 1 else "None")
        self.ax_norm.set_xlim(*lim["xlim"])
        self.ax_norm.set_ylim(*lim["norm_ylim"])
        for j, im in enumerate(self.unit_images):
            im.set_data(ex.unit_maps[j])
            im.set_clim(*lim["units"][j])
        for im, ax, name in ((self.dZ_image, self.ax_dZ, "dZ"), (self.dW_image, self.ax_dW, "dW")):
            top = lim[f"{name}_top"]
            im.set_data(ex.grads[f"{name}1"])
            im.set_clim(-top, top)
            label = "dZ[1], one column per example," if name == "dZ" else "dW[1]"
            ax.set_title(f"{label} step {ex.k}, colours ±{top:.1e}", fontsize=8)
        buf = io.BytesIO()
        self.canvas.print_png(buf)
        return buf.getvalue()
