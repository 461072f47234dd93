"""How exact are backprop_lib's gradients? Random networks against two references.

For ``--networks`` random networks (1 to 4 layers of 1 to 8 units, m from 1 to 16, a random
hidden activation per layer, a random output/loss pairing), drawn from ``--seed`` (a different
stream from the test suite's hypothesis examples):

* against central finite differences (``bp.gradcheck``, eps 1e-6, float64): the relative error
  ||analytic - numerical|| / (||analytic|| + ||numerical||) over every dW and db. Networks with a
  ReLU pre-activation within 1e-5 of the kink are counted and left out (a finite difference
  across the kink measures the wrong slope, not a wrong formula);
* against autograd (tests/oracle.py, the network written again in autograd.numpy): the largest
  relative difference, per entry of ``grads`` (every dZ, dW, db, dA), over the same networks.
  (At a pre-activation of exactly 0, autograd's ``maximum`` splits the slope 0.5/0.5 where
  backprop_lib's stated convention is ReLU'(0) = 0; this happens for real when a whole layer is
  dead and the next one gets Z = b = 0, so those networks are left out here too.)

Run from the repository root (autograd is in requirements-dev.txt)::

    .venv/bin/python benchmarks/bench_exactness.py                 # 500 networks
    .venv/bin/python benchmarks/bench_exactness.py --networks 2000 --seed 7
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from oracle import probe_shapes, random_labels, reference_grads  # noqa: E402

import backprop_lib as bp  # noqa: E402

HIDDEN = ["relu", "leaky_relu", "sigmoid", "tanh"]
OUTPUTS = ["softmax", "sigmoid", "linear"]
FD_TARGET = 1e-7
ORACLE_TARGET = 1e-10


def random_case(rng: np.random.Generator):
    L = int(rng.integers(1, 5))
    dims = [int(n) for n in rng.integers(1, 9, size=L + 1)]
    output = OUTPUTS[int(rng.integers(len(OUTPUTS)))]
    if output == "softmax":
        dims[-1] = max(dims[-1], 2)
    m = int(rng.integers(1, 17))
    hidden = [HIDDEN[int(i)] for i in rng.integers(len(HIDDEN), size=L - 1)] or "relu"
    params = bp.init_params(dims, seed=int(rng.integers(2**31)))
    X = rng.standard_normal((dims[0], m))
    Y = random_labels(output, dims[-1], m, rng)
    return dims, m, hidden, output, params, X, Y


def oracle_error(params, X, Y, hidden, output) -> float:
    AL, caches = bp.forward(X, params, hidden=hidden, output=output)
    grads = bp.backward(AL, Y, caches, output=output)
    names = bp.network.hidden_names(hidden, len(caches))
    ref = reference_grads(dict(params), X, Y, names, output, probe_shapes(X, caches))
    worst = 0.0
    for key, value in grads.items():
        r = np.asarray(ref[key])
        scale = max(np.abs(r).max(), np.abs(value).max(), 1e-300)
        worst = max(worst, float(np.abs(value - r).max() / scale))
    return worst


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--networks", type=int, default=500)
    ap.add_argument("--seed", type=int, default=20261123)
    args = ap.parse_args(argv)
    rng = np.random.default_rng(args.seed)
    fd, oracle, kinks = [], [], 0
    t0 = time.perf_counter()
    for _ in range(args.networks):
        dims, m, hidden, output, params, X, Y = random_case(rng)
        check = bp.gradcheck(params, X, Y, hidden=hidden, output=output)
        if check.near_kink:
            kinks += 1
            continue
        fd.append(check.relative_error)
        oracle.append(oracle_error(params, X, Y, hidden, output))
    seconds = time.perf_counter() - t0
    fd_max, ora_max = max(fd), max(oracle)
    print(f"backprop_lib {bp.__version__}: {args.networks} random networks (seed {args.seed}), {seconds:.1f} s")
    print(
        f"vs central differences (float64, eps 1e-6), {len(fd)} networks ({kinks} left out, near the ReLU kink): "
        f"relative error median {statistics.median(fd):.1e}, max {fd_max:.1e} "
        f"(target <= {FD_TARGET:g}: {'PASS' if fd_max <= FD_TARGET else 'MISS'})"
    )
    print(
        f"vs autograd, every dZ, dW, db, dA of the same {len(oracle)} networks: largest relative difference "
        f"median {statistics.median(oracle):.1e}, max {ora_max:.1e} "
        f"(target ~{ORACLE_TARGET:g}: {'PASS' if ora_max <= ORACLE_TARGET else 'MISS'})"
    )
    return 0 if fd_max <= FD_TARGET and ora_max <= ORACLE_TARGET else 1


if __name__ == "__main__":
    raise SystemExit(main())
