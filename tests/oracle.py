"""An independent reference for the tests: the same network written with autograd.

Nothing here imports backprop_lib's formulas: the forward pass and the losses
are written again, plainly, in autograd.numpy, and autograd differentiates them.
"""

from __future__ import annotations

import autograd.numpy as anp
from autograd import grad

G = {
    "relu": lambda z: anp.maximum(z, 0.0),
    "leaky_relu": lambda z: anp.where(z > 0, z, 0.01 * z),
    "sigmoid": lambda z: 1.0 / (1.0 + anp.exp(-z)),
    "tanh": anp.tanh,
}


def _losses(AL_logits, Y, output):
    """Per-example losses (m,) from the output logits."""
    if output == "softmax":
        z = AL_logits - anp.max(AL_logits, axis=0, keepdims=True)
        logp = z - anp.log(anp.sum(anp.exp(z), axis=0, keepdims=True))
        return -anp.sum(Y * logp, axis=0)
    if output == "sigmoid":
        # -[y log a + (1 - y) log(1 - a)] with a = sigmoid(z), written from the logit z so that
        # log(1 - a) keeps its digits when a is near 1 (the plain form lost ~1e-10 there)
        z = AL_logits
        return anp.sum(anp.maximum(z, 0) - z * Y + anp.log1p(anp.exp(-anp.abs(z))), axis=0)
    return 0.5 * anp.sum((AL_logits - Y) ** 2, axis=0)


def total_loss(params, X, Y, hidden, output, probes=None):
    """Sum of the per-example losses; ``probes`` adds zero matrices to each Z[l] and A[l].

    The gradient of this sum with respect to a probe added to Z[l] is the
    per-example gradient dZ[l] of the lessons' notation (no 1/m).
    """
    L = len(params) // 2
    A = X + (probes["A0"] if probes else 0.0)
    for l in range(1, L + 1):
        Z = anp.dot(params[f"W{l}"], A) + params[f"b{l}"]
        if probes:
            Z = Z + probes[f"Z{l}"]
        if l == L:
            return anp.sum(_losses(Z, Y, output))
        A = G[hidden[l - 1]](Z)
        if probes:
            A = A + probes[f"A{l}"]


def reference_grads(params, X, Y, hidden, output, shapes):
    """Every entry of backprop_lib.backward's grads, computed by autograd.

    ``shapes`` maps "Z1", "A1", ... to the shapes of Z[l] / A[l].
    """
    m = X.shape[1]
    d_params = grad(lambda p: total_loss(p, X, Y, hidden, output) / m)(params)
    zeros = {k: anp.zeros(s) for k, s in shapes.items()}
    d_probes = grad(lambda pr: total_loss(params, X, Y, hidden, output, pr))(zeros)
    out = {"d" + k: v for k, v in d_params.items()}
    out.update({"d" + k: v for k, v in d_probes.items()})
    return out


def probe_shapes(X, caches) -> dict:
    """The ``shapes`` argument of :func:`reference_grads` for a forward pass: "A0", then "Z{l}"
    for every layer and "A{l}" below the output (read from the caches' shapes only)."""
    shapes = {"A0": X.shape}
    for l, c in enumerate(caches, start=1):
        shapes[f"Z{l}"] = c.Z.shape
        if l < len(caches):
            shapes[f"A{l}"] = c.Z.shape
    return shapes


def random_labels(output, n_L, m, rng):
    """Targets Y (n_L, m) that suit ``output``: one-hot columns, 0/1 entries, or real numbers."""
    if output == "softmax":
        return anp.eye(n_L)[:, rng.integers(0, n_L, m)]
    if output == "sigmoid":
        return rng.integers(0, 2, (n_L, m)).astype(float)
    return rng.standard_normal((n_L, m))
