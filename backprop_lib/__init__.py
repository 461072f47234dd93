"""backprop_lib: backpropagation in a fully connected network, in the lessons' notation.

Examples are columns: X is (n[0], m), W[l] is (n[l], n[l-1]), b[l] is (n[l], 1).

>>> import backprop_lib as bp
>>> params = bp.init_params([2, 4, 3], seed=0)
>>> X, Y = bp.data.spirals(m=6)
>>> AL, caches = bp.forward(X, params, hidden="relu", output="softmax")
>>> grads = bp.backward(AL, Y, caches, output="softmax")
>>> grads["dW2"].shape == params["W2"].shape
True

``bp.gradcheck`` is the function (the one lessons call). Its module keeps the
name ``backprop_lib.gradcheck`` for ``from backprop_lib.gradcheck import ...``,
and its helpers are exported here too: ``bp.relative_error``,
``bp.elementwise_error``, ``bp.numerical_gradient``.
"""

from . import activations, chain, data, exercises, explain, losses, practice, shapes, training
from ._validate import InputError, ShapeError
from ._version import __version__
from .environment import check_environment
from .gradcheck import GradCheckResult, elementwise_error, gradcheck, numerical_gradient, relative_error
from .losses import cost, output_backward
from .network import (
    LayerCache,
    activation_backward,
    activation_forward,
    backward,
    forward,
    init_params,
    linear_backward,
    linear_forward,
    update,
)
from .practice import (
    AdamMoments,
    adam_update,
    backward_practice,
    dropout_backward,
    dropout_forward,
    dropout_mask,
    forward_dropout,
    gradcheck_practice,
    gradient_noise,
    l2_cost,
    l2_gradient,
    momentum_update,
    train_minibatch,
)
from .shapes import check_grad_shapes, shape_table
from .training import History, TrainingDiverged, accuracy, predict, train

__all__ = [
    "__version__",
    "History",
    "TrainingDiverged",
    "elementwise_error",
    "relative_error",
    "accuracy",
    "check_environment",
    "chain",
    "exercises",
    "explain",
    "predict",
    "train",
    "training",
    "GradCheckResult",
    "InputError",
    "LayerCache",
    "ShapeError",
    "activation_backward",
    "activation_forward",
    "activations",
    "backward",
    "check_grad_shapes",
    "cost",
    "data",
    "forward",
    "gradcheck",
    "init_params",
    "linear_backward",
    "linear_forward",
    "losses",
    "numerical_gradient",
    "output_backward",
    "shape_table",
    "shapes",
    "update",
    # lesson 10: training in practice
    "practice",
    "AdamMoments",
    "adam_update",
    "backward_practice",
    "dropout_backward",
    "dropout_forward",
    "dropout_mask",
    "forward_dropout",
    "gradcheck_practice",
    "gradient_noise",
    "l2_cost",
    "l2_gradient",
    "momentum_update",
    "train_minibatch",
]


def __getattr__(name: str):
    """``bp.widgets`` and ``bp.plots`` load on first use (they import matplotlib and ipywidgets)."""
    if name in ("widgets", "plots"):
        import importlib

        return importlib.import_module(f".{name}", __name__)
    raise AttributeError(f"module 'backprop_lib' has no attribute {name!r}")
