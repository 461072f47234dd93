"""Forward + backward of one MLP in backprop_lib and in PyTorch CPU autograd.

The network: n[0] = 784 inputs, 3 hidden layers of 256 ReLU units, 10 softmax
outputs, mean cross-entropy cost. Each case (dtype x batch size) times one full
step, forward then backward, with the gradients of every W, b *and* of the input
X (backprop_lib's backward always returns dA[0]; torch gets X with
requires_grad=True so it does the same work).

* backprop_lib: ``bp.forward(X, params, hidden="relu", output="softmax")`` then
  ``bp.backward(AL, Y, caches, output="softmax")``, examples as columns.
* torch: the same weights (copied from params), ``F.linear`` / ``F.relu`` on the
  batch-major (m, 784) layout torch code uses, ``F.cross_entropy`` (mean), then
  ``loss.backward()``; the grads are reset to None before each step, as
  ``zero_grad(set_to_none=True)`` does.

Before timing, each case checks that both sides give the same dW[l], db[l] and
dX (relative error <= 1e-8 in float64, 1e-4 in float32): a benchmark must
measure the same work. Both sides use the same number of threads (numpy's BLAS
count, read with threadpoolctl; ``--threads N`` sets both). The two sides run
in interleaved blocks of steps (alternating which goes first) so machine noise
hits both; each block starts after a short pause and one untimed step (see
time_case for why not step by step), and the medians of the timed steps are
reported.

Run from the repository root (torch is in benchmarks/requirements-bench.txt)::

    .venv/bin/python benchmarks/bench_backprop.py            # full run
    .venv/bin/python benchmarks/bench_backprop.py --quick    # smoke run, a few seconds
    .venv/bin/python benchmarks/bench_backprop.py --json results.json
    .venv/bin/python benchmarks/bench_backprop.py --teaching # bp.train against a bare numpy loop (no torch)
    .venv/bin/python benchmarks/bench_backprop.py --gradcheck # bp.gradcheck against a bare central-difference loop

``--teaching`` times the lessons' networks instead, each trained by ``bp.train`` and by a bare numpy loop of the
same math (the same formulas for g, the cost from the logits, dZ, dW, db and the update, with J and the dW norms
recorded as often), on one BLAS thread as in the lessons, in interleaved blocks, after checking that both end at
the same weights. The ratio bp.train / bare loop per step is the cost of everything the library adds: its checks,
its caches and dicts, the divergence test at every step, the History.

``--gradcheck`` times ``bp.gradcheck`` of a [50, 100, 10] ReLU network at m = 32 against a bare numpy loop doing
the same central differences over the same entries (after checking both give the same numbers), and the sampled
check ``bp.gradcheck(..., sample=10)`` of [784, 256, 10] at m = 64.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import statistics
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # backprop_lib from this checkout

import backprop_lib as bp

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _machine import machine

LAYER_DIMS = [784, 256, 256, 256, 10]
TARGETS = {64: 1.0, 4096: 1.15}  # ours / torch, at most
GRAD_TOL = {"float64": 1e-8, "float32": 1e-4}
PAUSE_S = 0.2  # between blocks: longer than OpenBLAS's ~0.1 s of idle spinning


def blas_threads() -> tuple[int | None, str]:
    """numpy's BLAS thread count and library name, if threadpoolctl can tell."""
    try:
        from threadpoolctl import threadpool_info
    except ImportError:
        return None, "unknown (threadpoolctl not installed)"
    for info in threadpool_info():
        if info.get("user_api") == "blas":
            return int(info["num_threads"]), f"{info['internal_api']} {info.get('version', '')}".strip()
    return None, "unknown"


def limit_blas(n: int | None):
    """A context limiting numpy's BLAS to n threads (no-op when n is None or threadpoolctl is missing)."""
    if n is None:
        return contextlib.nullcontext()
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:
        print("warning: --threads needs threadpoolctl to limit numpy's BLAS; numpy keeps its default", file=sys.stderr)
        return contextlib.nullcontext()
    return threadpool_limits(limits=n, user_api="blas")


def minor_faults() -> int:
    """Minor page faults of this process so far (0 where resource is unavailable)."""
    try:
        import resource
    except ImportError:
        return 0
    return resource.getrusage(resource.RUSAGE_SELF).ru_minflt


def load_average() -> float | None:
    try:
        return os.getloadavg()[0]
    except (AttributeError, OSError):
        return None


def make_case(dtype: type, m: int, seed: int = 0):
    rng = np.random.default_rng(seed)
    params = bp.init_params(LAYER_DIMS, seed=seed, dtype=dtype)
    X = rng.standard_normal((LAYER_DIMS[0], m)).astype(dtype)
    labels = rng.integers(0, LAYER_DIMS[-1], size=m)
    Y = np.zeros((LAYER_DIMS[-1], m), dtype=dtype)
    Y[labels, np.arange(m)] = 1
    return params, X, Y, labels


def ours_step(X, Y, params):
    AL, caches = bp.forward(X, params, hidden="relu", output="softmax")
    return bp.backward(AL, Y, caches, output="softmax")


class TorchMLP:
    """The same network in torch, batch-major, weights copied from ``params``."""

    def __init__(self, torch, params, X, labels):
        self.torch = torch
        self.F = torch.nn.functional
        L = bp.network.num_layers(params)
        self.Ws = [torch.tensor(params[f"W{l}"], requires_grad=True) for l in range(1, L + 1)]
        self.bs = [torch.tensor(params[f"b{l}"][:, 0], requires_grad=True) for l in range(1, L + 1)]
        self.x = torch.tensor(np.ascontiguousarray(X.T), requires_grad=True)  # (m, n[0])
        self.y = torch.tensor(labels, dtype=torch.long)
        self.leaves = [*self.Ws, *self.bs, self.x]

    def step(self):
        for t in self.leaves:
            t.grad = None
        F = self.F
        a = self.x
        last = len(self.Ws) - 1
        for l, (W, b) in enumerate(zip(self.Ws, self.bs, strict=True)):
            z = F.linear(a, W, b)
            a = z if l == last else F.relu(z)
        loss = F.cross_entropy(a, self.y)  # mean over the batch; softmax folded in
        loss.backward()
        return loss


def rel_err(a: np.ndarray, b: np.ndarray) -> float:
    a = np.asarray(a, dtype=np.float64)
    b = np.asarray(b, dtype=np.float64)
    den = max(np.linalg.norm(a) + np.linalg.norm(b), np.finfo(np.float64).tiny)
    return float(np.linalg.norm(a - b) / den)


def check_same_gradients(grads, net: TorchMLP, m: int) -> float:
    """The largest relative error between our gradients and torch's (dW, db, dX)."""
    net.step()
    worst = 0.0
    for l, (W, b) in enumerate(zip(net.Ws, net.bs, strict=True), start=1):
        worst = max(worst, rel_err(grads[f"dW{l}"], W.grad.numpy()))
        worst = max(worst, rel_err(grads[f"db{l}"][:, 0], b.grad.numpy()))
    # our dA0 holds per-example gradients (no 1/m, see network.py); torch's x.grad is dJ/dX
    worst = max(worst, rel_err(grads["dA0"] / m, net.x.grad.numpy().T))
    return worst


def time_case(
    dtype: type, m: int, repeats: int, warmup: int, block: int, hold_previous: bool = False, seed: int = 0
) -> dict:
    import torch

    params, X, Y, labels = make_case(dtype, m, seed)
    net = TorchMLP(torch, params, X, labels)
    dname = np.dtype(dtype).name

    err = check_same_gradients(ours_step(X, Y, params), net, m)
    if not err <= GRAD_TOL[dname]:
        raise SystemExit(f"{dname} m={m}: gradients differ (relative error {err:.2e} > {GRAD_TOL[dname]:g})")

    for _ in range(warmup):
        ours_step(X, Y, params)
        net.step()
    ours, theirs = [], []
    faults = {"ours": 0, "torch": 0}
    sides = (("ours", ours, lambda: ours_step(X, Y, params)), ("torch", theirs, net.step))
    clock = time.perf_counter
    for i in range(-(-repeats // block)):
        # Blocks of steps, alternating which side goes first, so drifts hit both.
        # Not step by step: OpenBLAS's idle workers spin for ~0.1 s after each
        # call and would eat the cores torch's threads need (and vice versa).
        # So each block starts after a pause (the other side's threads go idle)
        # with one untimed step (this side's threads wake up). Within a block each
        # step first drops the previous step's gradients, as torch's step does
        # (``zero_grad(set_to_none=True)``) and as ``bp.train`` does; with
        # ``hold_previous`` they stay alive until the new step returns instead
        # (``grads = backward(...)`` in a bare loop), which at small batches costs
        # glibc trimming the heap and faulting fresh pages back in, every step.
        for name, times, fn in sides if i % 2 == 0 else sides[::-1]:
            time.sleep(PAUSE_S)
            out = fn()
            f0 = minor_faults()
            for _ in range(min(block, repeats - len(times))):
                if not hold_previous:
                    out = None  # the previous step's gradients go first, as torch's set_to_none does
                t0 = clock()
                out = fn()
                times.append(clock() - t0)
            faults[name] += minor_faults() - f0
            del out
    ours_ms = statistics.median(ours) * 1e3
    torch_ms = statistics.median(theirs) * 1e3
    ratio = ours_ms / torch_ms
    target = TARGETS[m] if m in TARGETS else None
    return {
        "dtype": dname,
        "batch": m,
        "ours_ms": ours_ms,
        "torch_ms": torch_ms,
        "ratio": ratio,
        "target": target,
        "pass": None if target is None else ratio <= target,
        "repeats": repeats,
        "grad_rel_err": err,
        "ours_min_ms": min(ours) * 1e3,
        "torch_min_ms": min(theirs) * 1e3,
        # fresh pages the kernel had to hand over (and zero) per step: malloc
        # returning freed arrays to the OS and taking them back next step
        "ours_page_faults_per_step": faults["ours"] / len(ours),
        "torch_page_faults_per_step": faults["torch"] / len(theirs),
    }


# ------------------------------------------------------------------------------------ teaching-size training

TEACHING = [  # name, layer sizes, hidden, output, m, learning rate
    ("lesson 05 flower [2, 4, 1]", [2, 4, 1], "tanh", "sigmoid", 400, 1.2),
    ("spirals [2, 16, 16, 2]", [2, 16, 16, 2], "relu", "softmax", 200, 0.5),
    ("lesson 07 digits [64, 32, 16, 10]", [64, 32, 16, 10], "relu", "softmax", 1348, 0.5),
]
TEACHING_TARGET = 1.3  # bp.train / bare loop, per step, at most


def teaching_data(dims: list[int], output: str, m: int):
    if dims[0] == 64:
        X, Y = bp.data.digits()
        return bp.data.split(X, Y, test_fraction=0.25, seed=0)[:2]
    if output == "sigmoid":
        return bp.data.flower(m=m, petals=4)
    return bp.data.spirals(m=m, classes=dims[-1])


def bare_train(X, Y, params, hidden, output, lr, steps, record_every=10):
    """The floor: bp.train's math as a bare loop, no checks, no caches, no dicts inside the loop."""
    L = len(params) // 2
    W = [params[f"W{l}"] for l in range(1, L + 1)]
    b = [params[f"b{l}"] for l in range(1, L + 1)]
    m = X.shape[1]
    costs, norms = [], []
    for k in range(steps + 1):
        As, Zs, A = [X], [], X
        for l in range(L):
            Z = W[l] @ A + b[l]
            if l < L - 1:
                A = np.maximum(Z, 0) if hidden == "relu" else np.tanh(Z)
            elif output == "sigmoid":
                e = np.exp(-np.abs(Z))
                A = np.where(Z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))
            else:
                E = np.exp(Z - Z.max(axis=0, keepdims=True))
                A = E / E.sum(axis=0, keepdims=True)
            Zs.append(Z)
            As.append(A)
        if output == "sigmoid":
            J = float(np.sum(np.maximum(Z, 0) - Z * Y + np.log1p(np.exp(-np.abs(Z)))) / m)
        else:
            zmax = Z.max(axis=0, keepdims=True)
            J = float(-np.sum(Y * (Z - zmax - np.log(np.exp(Z - zmax).sum(axis=0, keepdims=True)))) / m)
        dZ = A - Y
        dWs = [None] * L
        for l in reversed(range(L)):
            dW, db = dZ @ As[l].T / m, np.sum(dZ, axis=1, keepdims=True) / m
            if l > 0:
                gprime = (Zs[l - 1] > 0) if hidden == "relu" else 1 - As[l] ** 2
                dZ = (W[l].T @ dZ) * gprime
            dWs[l] = dW
            if k < steps:
                W[l], b[l] = W[l] - lr * dW, b[l] - lr * db
        if k % record_every == 0 or k == steps:
            costs.append(J)
            norms.append([float(np.linalg.norm(d)) for d in dWs])
    return W, b, costs


def teaching(repeats: int) -> list[dict]:
    rows = []
    print(f"bp.train against a bare numpy loop of the same math, one BLAS thread; {machine()}")
    head = f"{'case':<36} {'steps':>6} {'bp.train ms/step':>17} {'bare ms/step':>13} {'ratio':>6}"
    print(f"{head}  target <= {TEACHING_TARGET}")
    for name, dims, hidden, output, m, lr in TEACHING:
        X, Y = teaching_data(dims, output, m)
        steps = 300 if dims[0] == 64 else 1000
        start = bp.init_params(dims, seed=0, scale="he" if hidden == "relu" else "lecun")
        hist = bp.train(X, Y, params=start, hidden=hidden, output=output, learning_rate=lr, steps=steps, progress=False)
        W, b, costs = bare_train(X, Y, dict(start), hidden, output, lr, steps)
        same = max(float(np.max(np.abs(hist.params[f"W{l + 1}"] - W[l]))) for l in range(len(W)))
        assert same < 1e-9 and np.allclose(hist.costs, costs, rtol=1e-9), (name, same)  # the same work
        ours, bare = [], []
        for r in range(repeats):
            for side in (0, 1) if r % 2 == 0 else (1, 0):  # alternate which goes first
                t0 = time.perf_counter()
                if side == 0:
                    bp.train(
                        X, Y, params=start, hidden=hidden, output=output, learning_rate=lr, steps=steps, progress=False
                    )
                    ours.append((time.perf_counter() - t0) / (steps + 1))
                else:
                    bare_train(X, Y, dict(start), hidden, output, lr, steps)
                    bare.append((time.perf_counter() - t0) / (steps + 1))
        o, n = statistics.median(ours), statistics.median(bare)
        row = {"case": name, "steps": steps, "ours_ms": 1e3 * o, "bare_ms": 1e3 * n, "ratio": o / n}
        row["pass"] = row["ratio"] <= TEACHING_TARGET
        rows.append(row)
        print(
            f"{name:<36} {steps:>6} {row['ours_ms']:>17.4f} {row['bare_ms']:>13.4f} {row['ratio']:>6.2f}  "
            f"{'PASS' if row['pass'] else 'MISS'}",
            flush=True,
        )
    return rows


GRADCHECK_TARGET = 1.5  # full bp.gradcheck / bare central-difference loop, at most
SAMPLED_TARGET_S = 2.0  # the sampled check of [784, 256, 10], at most


def bare_gradcheck(P: dict, X: np.ndarray, Y: np.ndarray, eps: float = 1e-6) -> dict:
    """Central differences of a ReLU/softmax network's J over every entry: the floor of a full gradient check."""
    L, m = len(P) // 2, X.shape[1]

    def J() -> float:
        A = X
        for l in range(1, L + 1):
            Z = P[f"W{l}"] @ A + P[f"b{l}"]
            A = np.maximum(Z, 0) if l < L else Z
        zmax = Z.max(axis=0, keepdims=True)
        return float(-np.sum(Y * (Z - zmax - np.log(np.exp(Z - zmax).sum(axis=0, keepdims=True)))) / m)

    out = {}
    for k, theta in P.items():
        g = np.zeros(theta.shape)
        for i in np.ndindex(theta.shape):
            old = theta[i]
            theta[i] = old + eps
            jp = J()
            theta[i] = old - eps
            jm = J()
            theta[i] = old
            g[i] = (jp - jm) / (2 * eps)
        out[f"d{k}"] = g
    return out


def gradcheck_bench(repeats: int) -> list[dict]:
    print(f"bp.gradcheck against a bare central-difference loop, one BLAS thread; {machine()}")
    rng = np.random.default_rng(0)
    X, Y = rng.standard_normal((50, 32)), bp.data.one_hot(rng.integers(0, 10, 32), 10)
    P = bp.init_params([50, 100, 10], seed=0)
    ours = bp.gradcheck(P, X, Y)
    bare = bare_gradcheck({k: v.copy() for k, v in P.items()}, X, Y)
    assert all(np.array_equal(ours.numerical[k], bare[k]) for k in bare), "not the same differences"
    t_ours, t_bare = [], []
    for r in range(repeats):
        for side in (0, 1) if r % 2 == 0 else (1, 0):
            t0 = time.perf_counter()
            if side == 0:
                bp.gradcheck(P, X, Y)
                t_ours.append(time.perf_counter() - t0)
            else:
                bare_gradcheck({k: v.copy() for k, v in P.items()}, X, Y)
                t_bare.append(time.perf_counter() - t0)
    o, b = statistics.median(t_ours), statistics.median(t_bare)
    rows = [{"case": "full [50, 100, 10], m = 32", "ours_s": o, "bare_s": b, "ratio": o / b}]
    rows[0]["pass"] = rows[0]["ratio"] <= GRADCHECK_TARGET
    print(
        f"full check [50, 100, 10], m = 32: bp.gradcheck {o:.2f} s, bare loop {b:.2f} s, ratio {o / b:.2f} "
        f"(target <= {GRADCHECK_TARGET}): {'PASS' if rows[0]['pass'] else 'MISS'}"
    )
    X, Y = rng.standard_normal((784, 64)), bp.data.one_hot(rng.integers(0, 10, 64), 10)
    P = bp.init_params([784, 256, 10], seed=0)
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        r = bp.gradcheck(P, X, Y, sample=10)
        times.append(time.perf_counter() - t0)
    t = statistics.median(times)
    rows.append(
        {"case": "sampled [784, 256, 10], m = 64, 10 entries each", "seconds": t, "pass": t <= SAMPLED_TARGET_S}
    )
    print(
        f"sampled check [784, 256, 10], m = 64, 10 entries per parameter: {t:.2f} s "
        f"(target <= {SAMPLED_TARGET_S:g} s): "
        f"{'PASS' if rows[1]['pass'] else 'MISS'}; {r.summary().splitlines()[-1].strip()}"
    )
    return rows


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="a fast smoke run: few repeats, small warm-up")
    ap.add_argument("--json", metavar="PATH", help="also write the results to this JSON file")
    ap.add_argument("--threads", type=int, help="threads for both numpy's BLAS and torch (default: numpy's BLAS count)")
    ap.add_argument("--batches", type=int, nargs="+", default=sorted(TARGETS), help="batch sizes (default: 64 4096)")
    ap.add_argument("--dtypes", nargs="+", default=["float64", "float32"], choices=["float64", "float32"])
    ap.add_argument("--seed", type=int, default=0, help="seed of the weights and the batch")
    ap.add_argument(
        "--hold-previous",
        action="store_true",
        help="keep each step's gradients alive until the next step returns (a bare `grads = backward()` loop)",
    )
    ap.add_argument("--teaching", action="store_true", help="bp.train against a bare numpy loop (no torch needed)")
    ap.add_argument("--gradcheck", action="store_true", help="bp.gradcheck against a bare loop (no torch needed)")
    ap.add_argument("--repeats", type=int, default=7, help="with --teaching: runs of each side per case")
    args = ap.parse_args(argv)

    if args.teaching or args.gradcheck:
        with limit_blas(1):
            rows = teaching(args.repeats) if args.teaching else gradcheck_bench(min(args.repeats, 3))
        if args.json:
            Path(args.json).write_text(json.dumps({"teaching": rows}, indent=2) + "\n")
        return 0

    try:
        import torch
    except ImportError:
        print("torch is not installed: .venv/bin/pip install -r benchmarks/requirements-bench.txt", file=sys.stderr)
        return 2

    with limit_blas(args.threads):
        n_blas, blas_name = blas_threads()
        threads = args.threads or n_blas or os.cpu_count() or 1
        torch.set_num_threads(threads)
        print(
            f"backprop_lib {bp.__version__} (numpy {np.__version__}, BLAS {blas_name}, {n_blas} threads) vs "
            f"torch {torch.__version__} ({torch.get_num_threads()} threads); "
            f"MLP {'-'.join(map(str, LAYER_DIMS))} ReLU/softmax+CE; {platform.processor() or platform.machine()}"
        )
        load0 = load_average()
        if load0 is not None and load0 > 0.5:
            print(f"warning: load average {load0:.2f} before starting; other processes will add noise")
        header = (
            f"{'dtype':<8} {'batch':>6} {'ours ms':>9} {'torch ms':>9} {'ratio':>6} {'target':>7}  result"
            "  (page faults/step ours, torch)"
        )
        print(header)
        print("-" * len(header))
        rows = []
        for dname in args.dtypes:
            for m in args.batches:
                small = m <= 256
                if args.quick:
                    repeats, warmup, block = (10, 3, 5) if small else (3, 1, 3)
                else:
                    repeats, warmup, block = (200, 20, 10) if small else (30, 3, 3)
                row = time_case(np.dtype(dname).type, m, repeats, warmup, block, args.hold_previous, args.seed)
                rows.append(row)
                target = "" if row["target"] is None else f"<= {row['target']:.2f}"
                result = "" if row["pass"] is None else ("PASS" if row["pass"] else "MISS")
                print(
                    f"{dname:<8} {m:>6} {row['ours_ms']:>9.3f} {row['torch_ms']:>9.3f} "
                    f"{row['ratio']:>6.2f} {target:>7}  {result:<6}  ({row['ours_page_faults_per_step']:.0f}, "
                    f"{row['torch_page_faults_per_step']:.0f})",
                    flush=True,
                )
        load1 = load_average()
        if load1 is not None:
            print(f"load average: {load0:.2f} before, {load1:.2f} after")
    if args.json:
        meta = {
            "load_average_before_after": [load0, load1],
            "numpy": np.__version__,
            "blas": blas_name,
            "blas_threads": n_blas,
            "torch": torch.__version__,
            "torch_threads": torch.get_num_threads(),
            "layer_dims": LAYER_DIMS,
            "quick": args.quick,
            "hold_previous": args.hold_previous,
        }
        Path(args.json).write_text(json.dumps({"meta": meta, "results": rows}, indent=2) + "\n")
        print(f"wrote {args.json}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
