"""backprop_lib: backpropagation in a fully connected network, in the lessons' notation.

Examples are columns: X is (n[0], m), W[l] is (n[l], n[l-1]), b[l] is (n[l], 1).

>>> import backprop_lib as bp
>>> params = bp.init_params([2, 4, 3], seed=0)
>>> X, Y = bp.data.spirals(m=6)
>>> AL, caches = bp.forward(X, params, hidden="relu", output="softmax")
>>> grads = bp.backward(AL, Y, caches, output="softmax")
>>> grads["dW2"].shape == params["W2"].shape
True
"""

from . import activations, data, losses, shapes
from ._validate import InputError, ShapeError
from .gradcheck import GradCheckResult, gradcheck, numerical_gradient
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
from .shapes import check_grad_shapes, shape_table

__version__ = "0.1.0"

from . import exercises, explain, training  # noqa: E402
from .environment import check_environment  # noqa: E402
from .training import History, accuracy, predict, train  # noqa: E402

__all__ = [
    "History",
    "accuracy",
    "check_environment",
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
]


def __getattr__(name: str):  # noqa: ANN202
    """``bp.widgets`` and ``bp.plots`` load on first use (they import matplotlib and ipywidgets)."""
    if name in ("widgets", "plots"):
        import importlib

        return importlib.import_module(f".{name}", __name__)
    raise AttributeError(f"module 'backprop_lib' has no attribute {name!r}")
