"""Activations g(Z) and their derivatives g'(Z), each pair side by side.

Every function works element-wise on an array ``Z`` of shape (n[l], m), except
softmax, which normalises each column (one example) and is only used as the
output activation, where its derivative is folded into dZ[L] = A[L] - Y.

Conventions
-----------
* ReLU'(0) = 0: a unit sitting exactly at the kink passes back no gradient.
* Leaky ReLU has slope 0.01 for Z < 0 (and at Z = 0, by the same convention).
* Sigmoid and softmax are computed in a form that never overflows: logits of
  +-1000 give exact 0s and 1s with no numpy warnings.
* The dtype of ``Z`` is kept (float32 stays float32).

The derivative functions take the pre-activation ``Z`` and, optionally, the
activation ``A = g(Z)`` already computed in the forward pass. Sigmoid and tanh
use ``A`` when given (sigma' = A(1 - A), tanh' = 1 - A^2), which is the same
number as computing it from ``Z`` but cheaper.

``HIDDEN`` and ``OUTPUT`` hold the formulas themselves (the network's forward and backward passes, which
check their own inputs, call them); the module's public names are the same functions behind the one
validation path (:func:`backprop_lib._validate.public`): a list, an np.matrix or a NaN is answered with a
message, never with a wrong number.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from types import MappingProxyType
from typing import NamedTuple

import numpy as np

from ._validate import InputError, public

LEAKY_SLOPE = 0.01


def relu(Z: np.ndarray) -> np.ndarray:
    """max(0, Z)."""
    return np.maximum(Z, 0)


def relu_prime(Z: np.ndarray, A: np.ndarray | None = None) -> np.ndarray:
    """1 where Z > 0, else 0 (so ReLU'(0) = 0): a 0/1 mask of Z's dtype."""
    return (Z > 0).astype(getattr(Z, "dtype", np.float64))


def leaky_relu(Z: np.ndarray) -> np.ndarray:
    """Z where Z > 0, else 0.01 Z."""
    return np.where(Z > 0, Z, Z * LEAKY_SLOPE)


def leaky_relu_prime(Z: np.ndarray, A: np.ndarray | None = None) -> np.ndarray:
    """1 where Z > 0, else 0.01 (0.01 at Z = 0 too)."""
    return np.where(Z > 0, 1.0, LEAKY_SLOPE).astype(Z.dtype)


def sigmoid(Z: np.ndarray) -> np.ndarray:
    """1 / (1 + e^-Z), written so that e^x is only taken of x <= 0 (no overflow)."""
    e = np.exp(-np.abs(Z))  # in (0, 1]; underflows quietly to 0 for |Z| > ~745
    return np.where(Z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def sigmoid_prime(Z: np.ndarray, A: np.ndarray | None = None) -> np.ndarray:
    """sigma'(Z) = sigma(Z) (1 - sigma(Z))."""
    s = sigmoid(Z) if A is None else A
    return s * (1 - s)


def tanh(Z: np.ndarray) -> np.ndarray:
    """tanh(Z)."""
    return np.tanh(Z)


def tanh_prime(Z: np.ndarray, A: np.ndarray | None = None) -> np.ndarray:
    """tanh'(Z) = 1 - tanh(Z)^2."""
    t = np.tanh(Z) if A is None else A
    return 1 - t * t


def softmax(Z: np.ndarray) -> np.ndarray:
    """Column-wise softmax: A[k, i] = e^Z[k, i] / sum_j e^Z[j, i].

    The column maximum is subtracted first (it cancels in the ratio), so the
    largest exponent is e^0 = 1 and nothing overflows.
    """
    E = Z - Z.max(axis=0, keepdims=True)
    np.exp(E, out=E)  # in place: E is a new array, no second temporary
    E /= E.sum(axis=0, keepdims=True)
    return E


def identity(Z: np.ndarray) -> np.ndarray:
    """The linear output: A = Z."""
    return Z


class Activation(NamedTuple):
    """A hidden activation: g and its derivative g' (which may read A = g(Z) instead of recomputing it)."""

    g: Callable[[np.ndarray], np.ndarray]
    prime: Callable[..., np.ndarray]


# name -> (g, g') for the hidden layers (read-only: a cell that changed it would change every later lesson)
HIDDEN: Mapping[str, Activation] = MappingProxyType(
    {
        "relu": Activation(relu, relu_prime),
        "leaky_relu": Activation(leaky_relu, leaky_relu_prime),
        "sigmoid": Activation(sigmoid, sigmoid_prime),
        "tanh": Activation(tanh, tanh_prime),
    }
)

# name -> g for the output layer (its derivative is folded into dZ[L] = A[L] - Y)
OUTPUT: Mapping[str, Callable[[np.ndarray], np.ndarray]] = MappingProxyType(
    {
        "softmax": softmax,
        "sigmoid": sigmoid,
        "linear": identity,
    }
)


def check_A_is_g_of_Z(name: str, Z: np.ndarray, A: np.ndarray | None, formula: str) -> None:
    """An A passed beside Z must be g(Z): g'(Z) is read from it, so any other A gives a plausible wrong slope."""
    if A is None:
        return
    with np.errstate(over="ignore", invalid="ignore"):
        gap = float(np.max(np.abs(A - HIDDEN[name].g(Z)), initial=0.0))
    if not gap <= 1e-6 * max(1.0, float(np.max(np.abs(A), initial=0.0))):
        raise InputError(
            f"{formula}: the A given is not {name}(Z) (they differ by up to {gap:.3g}); pass the A of the forward "
            "pass that made Z, or no A"
        )


def _public_prime(name: str, formula: str, prime: Callable) -> Callable:
    """g' behind the validation path, refusing an A that is not g(Z)."""

    @functools.wraps(prime)
    def checked(Z: np.ndarray, A: np.ndarray | None = None) -> np.ndarray:
        check_A_is_g_of_Z(name, Z, A, formula)
        return prime(Z, A)

    return public(formula, same_shape=[("Z", "A")], Z="Z", A="A")(checked)


# The public names, behind the one validation path (the tables above keep the bare formulas).
relu = public("A = relu(Z) = max(0, Z)", Z="Z")(relu)
relu_prime = _public_prime("relu", "relu'(Z) = [Z > 0]", relu_prime)
leaky_relu = public("A = leaky_relu(Z)", Z="Z")(leaky_relu)
leaky_relu_prime = _public_prime("leaky_relu", "leaky_relu'(Z)", leaky_relu_prime)
sigmoid = public("A = sigmoid(Z) = 1 / (1 + e^-Z)", Z="Z")(sigmoid)
sigmoid_prime = _public_prime("sigmoid", "sigmoid'(Z) = A (1 - A)", sigmoid_prime)
tanh = public("A = tanh(Z)", Z="Z")(tanh)
tanh_prime = _public_prime("tanh", "tanh'(Z) = 1 - A^2", tanh_prime)
softmax = public("A = softmax(Z), column by column", Z="Z")(softmax)
identity = public("A = Z (the linear output)", Z="Z")(identity)
