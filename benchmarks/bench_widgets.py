"""Slider move -> every heatmap recomputed and sent, inside the kernel.

    .venv/bin/python benchmarks/bench_widgets.py [--moves 300] [--json out.json] [--pictures]

The standard explorer: LayerExplorer on a 2-hidden-layer net ([3, 5, 4, 2]),
m = 8, eight heatmaps (W, b, Z, A, dZ, dW, db, dA_prev). One move = set a slider's
value; the explorer's observer recomputes forward + backward and sends every
heatmap's values as one float32 buffer in one message. The digits-size explorer
(LayerExplorer(layer_dims=[64, 32, 10], m=500), both layers) is timed the same way,
for a slider move, an edit on the heatmap (a drag step arriving from the browser)
and a click (an explanation). Every widget's comm is replaced by one that
JSON-encodes every message, as a kernel's session does, and counts its bytes
(JSON and binary buffers), so the cost of serialising the update is counted.
Then 1,000 moves: memory growth and figures left open.

For comparison, the same six heatmaps drawn the other common way: one
persistent matplotlib figure, ``set_data`` on each image, Agg render and PNG
encoding (what an ``ipywidgets.Image`` or ``Output`` redisplay would send).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import comm
import matplotlib

matplotlib.use("Agg")

from backprop_lib import plots
from backprop_lib import widgets as W


class JsonComm(comm.base_comm.BaseComm):
    """A comm that JSON-encodes what it sends (the kernel session's work), then drops it."""

    sent_bytes = 0
    messages = 0

    def publish_msg(self, msg_type, data=None, metadata=None, buffers=None, **keys):
        JsonComm.sent_bytes += len(json.dumps({"data": data, "metadata": metadata}, default=str))
        JsonComm.sent_bytes += sum(memoryview(b).nbytes for b in buffers or [])
        JsonComm.messages += 1


comm.create_comm = lambda *a, **k: JsonComm(*a, **k)


def percentile(xs: list[float], q: float) -> float:
    return float(np.percentile(xs, q))


def moves(n: int) -> list[float]:
    """Slider values that sweep back and forth on the 0.05 grid, never repeating the last one."""
    seq = [round(-1.5 + 0.05 * k, 2) for k in range(61)]
    seq += seq[-2:0:-1]
    return [seq[k % len(seq)] for k in range(n)]


def bench_explorer(n: int) -> list[float]:
    ex = W.LayerExplorer(layer_dims=(3, 5, 4, 2), m=8, layer=2)
    slider = ex.sliders[1][3]  # W[2][0,1]: moves everything from layer 2 down
    for v in moves(30):
        slider.value = v
    times = []
    for v in moves(n + 1)[1:]:
        t0 = time.perf_counter()
        slider.value = v
        times.append(time.perf_counter() - t0)
    assert len([M for M in ex.matrices() if not isinstance(M, str)]) == 6
    assert entries_shown(ex) == 4 * 5 + 4 + 3 * 4 * 8 + 4 * 5 + 4 + 5 * 8
    return times


def entries_shown(ex: W.Explorer) -> int:
    return sum(m["shape"][0] * m["shape"][1] for m in ex.heatmaps.maps if "name" in m)


def timed(actions: list) -> tuple[list[float], float, float]:
    """Run each action once; (seconds per action, bytes sent per action, messages per action)."""
    JsonComm.sent_bytes = JsonComm.messages = 0
    times = []
    for act in actions:
        t0 = time.perf_counter()
        act()
        times.append(time.perf_counter() - t0)
    return times, JsonComm.sent_bytes / len(actions), JsonComm.messages / len(actions)


def bench_digits(n: int, layer: int) -> dict[str, tuple[list[float], float, float]]:
    """The digits-size explorer: slider moves, edits arriving from the heatmap, clicks."""
    ex = W.LayerExplorer(layer_dims=(64, 32, 10), m=500, layer=layer)
    slider = ex.sliders[0][3] if layer == 2 else ex.sliders[1][3]  # W[2][0,1] or W[1][0,1]
    for v in moves(30):
        slider.value = v
    hm = ex.heatmaps
    name = f"W[{layer}]"
    out = {
        "slider move": timed([lambda v=v: setattr(slider, "value", v) for v in moves(n + 1)[1:]]),
        "drag step on the heatmap": timed(
            [
                lambda k=k: hm._on_msg(hm, {"type": "nudge", "map": name, "i": 3, "j": 5, "steps": 1 - 2 * (k % 2)}, [])
                for k in range(n)
            ]
        ),
        "click (explain dW)": timed(
            [
                lambda k=k: hm._on_msg(hm, {"type": "select", "map": f"dW[{layer}]", "i": k % 10, "j": k % 32}, [])
                for k in range(n)
            ]
        ),
    }
    out["entries"] = entries_shown(ex)
    return out


def bench_memory(moves_n: int = 1000) -> tuple[float, int]:
    """(MB of resident memory grown, figures opened) over ``moves_n`` moves of the digits-size explorer."""
    import gc

    import matplotlib.pyplot as plt

    def rss_mb() -> float:
        with open(f"/proc/{os.getpid()}/status") as f:
            return next(int(line.split()[1]) / 1024 for line in f if line.startswith("VmRSS:"))

    ex = W.LayerExplorer(layer_dims=(64, 32, 10), m=500)
    slider = ex.sliders[0][3]
    seq = moves(moves_n + 100)
    for v in seq[:100]:
        slider.value = v
    ex.select("dW[2]", 1, 2)
    gc.collect()
    figs, rss = len(plt.get_fignums()), rss_mb()
    for k, v in enumerate(seq[100:]):
        slider.value = v
        if k % 10 == 0:
            ex.nudge("W[2]", 3, 5, 1 - 2 * (k % 20 == 0))
    gc.collect()
    return rss_mb() - rss, len(plt.get_fignums()) - figs


def bench_matplotlib(n: int) -> list[float]:
    """The alternative: persistent figure, set_data on six images, Agg draw + PNG."""
    import io

    ex = W.LayerExplorer(layer_dims=(3, 5, 4, 2), m=8, layer=2)
    mats = ex.matrices()
    fig = plots.figure_of(mats, ex.vmax)
    images = [ax.images[0] for ax in fig.axes if ax.images]
    for t in [t for ax in fig.axes for t in ax.texts]:
        t.remove()  # without the per-cell numbers, to favour the alternative
    times = []
    for v in moves(n):
        t0 = time.perf_counter()
        ex.params["W2"][0, 1] = v
        ex.compute()
        for im, M in zip(images, ex.matrices(), strict=True):
            im.set_data(M.values)
        buf = io.BytesIO()
        fig.savefig(buf, format="png", dpi=80)
        times.append(time.perf_counter() - t0)
    import matplotlib.pyplot as plt

    plt.close(fig)
    return times


def bench_pictures(n: int) -> dict[str, tuple[list[float], float, float]]:
    """Issue 13's explorers: one slider step, and one Play tick (Play is linked to the slider in the kernel)."""
    out = {}
    cases = {
        "OuterProductExplorer [3,5,4,2] m=8": lambda: W.OuterProductExplorer((3, 5, 4, 2), m=8),
        "OuterProductExplorer [64,32,10] m=500, l=1": lambda: W.OuterProductExplorer((64, 32, 10), m=500, layer=1),
        "GraphStepper [2,3,1] m=8": lambda: W.GraphStepper(),
        "GraphStepper [2,3,1] m=200": lambda: W.GraphStepper(m=200),
    }
    for name, make in cases.items():
        ex = make()
        slider = ex.example if isinstance(ex, W.OuterProductExplorer) else ex.step
        top = slider.max
        values = [1 + (k % top) for k in range(n)]  # 1, 2, ..., max, 1, 2, ...: always a new value
        out[f"{name}: slider step"] = timed([lambda v=v, s=slider: setattr(s, "value", v) for v in values])
        slider.value = top
        out[f"{name}: Play tick"] = timed([lambda v=v, p=ex.play: setattr(p, "value", v) for v in values])
    flow = W.GradientFlowExplorer()  # lesson 07: 10 hidden layers of 32, the first 200 digits
    gains = [2.0 ** (((k % 9) - 4) / 4) for k in range(n)]  # its slider's steps: 0.5 ... 2, always a new value
    out["GradientFlowExplorer depth 10, m=200: gain step"] = timed(
        [lambda g=g: setattr(flow.gain, "value", g) for g in gains]
    )
    out["GradientFlowExplorer: depth step (1..20)"] = timed(
        [lambda d=d: setattr(flow.depth, "value", d) for d in [1 + (k % 20) for k in range(n)]]
    )
    return out


def bench_training(ticks: int) -> dict[str, tuple[list[float], float, float]]:
    """Lesson 05's TrainingExplorer ([2, 4, 1] tanh, the flower, m = 400, 20 steps a tick): one Play tick
    (20 steps with their costs and dW norms, the gradients at the new weights, P(y = 1) and the unit maps on
    the 120 x 120 grid, and the one message to the browser's canvas), and, apart, the still PNG that viewers
    without a kernel get (drawn at display, never per tick). With one BLAS thread, as in the lesson (its
    first cell, bp.check_environment, sets it)."""
    from backprop_lib._blas import one_blas_thread

    with one_blas_thread():
        return _bench_training(ticks)


def _bench_training(ticks: int) -> dict[str, tuple[list[float], float, float]]:
    from backprop_lib import data

    X, Y = data.flower(petals=4)
    ex = W.TrainingExplorer(X, Y, [2, 4, 1], hidden="tanh", output="sigmoid", learning_rate=1.2)
    tick = timed([lambda v=v: setattr(ex.play, "value", v) for v in range(1, ticks + 1)])
    assert ex.k == ticks * ex.per_frame and len(ex.grad_norms) == ex.k + 1
    assert ex.view.frame["k"] == ex.k  # the live view got every tick
    png = timed([ex.snapshot for _ in range(max(3, ticks // 10))])
    # lesson 10: [2, 8, 1] on 100 points, a validation set of 400, every control of practice=True in use
    X, Y = data.flower(m=100, petals=4, seed=0)
    validation = data.flower(m=400, petals=4, seed=1)
    practice = W.TrainingExplorer(
        X, Y, [2, 8, 1], hidden="tanh", output="sigmoid", learning_rate=0.01, validation=validation, practice=True,
        batch_size=16, lambd=0.1, keep_prob=0.8, optimizer="adam",
    )  # fmt: skip
    practice_tick = timed([lambda v=v: setattr(practice.play, "value", v) for v in range(1, ticks + 1)])
    assert practice.k == ticks * practice.per_frame and len(practice.val_costs) == practice.k + 1
    return {
        "TrainingExplorer Play tick (kernel work + its message)": tick,
        "TrainingExplorer still PNG (at display only)": png,
        "lesson 10's TrainingExplorer Play tick (all its controls)": practice_tick,
    }


def print_pictures(n: int, out: dict) -> None:
    print(f"the picture explorers (issue 13's and lesson 07's gradient flow), in the kernel, per move ({n} moves each)")
    print(f"{'explorer: action':<58} {'median ms':>10} {'p95 ms':>8} {'bytes':>9} {'msgs':>5}")
    for name, (ts, nbytes, msgs) in bench_pictures(n).items():
        med, p95 = 1e3 * statistics.median(ts), 1e3 * percentile(ts, 95)
        out[name] = {"median_ms": med, "p95_ms": p95, "bytes": nbytes, "messages": msgs}
        print(f"{name:<58} {med:>10.2f} {p95:>8.2f} {nbytes:>9.0f} {msgs:>5.1f}")
    worst = max(v["median_ms"] for k, v in out.items() if "Outer" in k or "Graph" in k or "Flow" in k)
    print(f"target: each move <= 5 ms median: {'PASS' if worst <= 5 else 'MISS'} (worst {worst:.2f} ms)")
    ticks = min(n, 100)
    print(
        f"training explorer (lesson 05: [2, 4, 1] tanh, m = 400; lesson 10: [2, 8, 1], m = 100 and 400 to validate, "
        f"batches of 16, L2, dropout, Adam), 20 steps a tick, {ticks} Play ticks"
    )
    for name, (ts, nbytes, msgs) in bench_training(ticks).items():
        med, p95 = 1e3 * statistics.median(ts), 1e3 * percentile(ts, 95)
        out[name] = {"median_ms": med, "p95_ms": p95, "bytes": nbytes, "messages": msgs}
        print(f"{name:<58} {med:>10.2f} {p95:>8.2f} {nbytes:>9.0f} {msgs:>5.1f}")
    for name in (
        "TrainingExplorer Play tick (kernel work + its message)",
        "lesson 10's TrainingExplorer Play tick (all its controls)",
    ):
        med = out[name]["median_ms"]
        print(f"target: {name}: <= 5 ms median in the kernel: {'PASS' if med <= 5 else 'MISS'} ({med:.2f} ms)")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--moves", type=int, default=300, help="moves to time (>= 200 for the README figure)")
    ap.add_argument("--json", help="write the results here")
    ap.add_argument(
        "--pictures", action="store_true", help="only the issue 13 explorers (outer products, graph, training)"
    )
    args = ap.parse_args()
    if args.pictures:
        out: dict = {}
        print_pictures(args.moves, out)
        if args.json:
            Path(args.json).write_text(json.dumps(out, indent=2))
        return
    ours = bench_explorer(args.moves)
    alt = bench_matplotlib(max(50, args.moves // 4))
    rows = {
        "canvas heatmaps (ours)": ours,
        "matplotlib set_data + PNG": alt,
    }
    print(f"slider move -> six heatmaps recomputed and rendered (kernel side), {args.moves} moves")
    print(f"{'mechanism':<28} {'median ms':>10} {'p95 ms':>8} {'moves':>6}")
    out = {}
    for name, ts in rows.items():
        med, p95 = 1e3 * statistics.median(ts), 1e3 * percentile(ts, 95)
        out[name] = {"median_ms": med, "p95_ms": p95, "moves": len(ts)}
        print(f"{name:<28} {med:>10.2f} {p95:>8.2f} {len(ts):>6}")
    med = out["canvas heatmaps (ours)"]["median_ms"]
    print(f"target: median <= 20 ms (aim 16 ms): {'PASS' if med <= 20 else 'MISS'}")
    print(f"matplotlib / ours: {out['matplotlib set_data + PNG']['median_ms'] / med:.0f}x")
    print(f"bytes sent per move: {JsonComm.sent_bytes / (args.moves + 30 + 1):.0f} (JSON and buffers)")
    print()
    print("digits-size LayerExplorer(layer_dims=[64, 32, 10], m=500), in the kernel, per action")
    print(f"{'layer':<6} {'action':<26} {'median ms':>10} {'p95 ms':>8} {'bytes':>9} {'B/entry':>8} {'msgs':>5}")
    for layer in (2, 1):
        res = bench_digits(max(50, args.moves // 2), layer)
        entries = res.pop("entries")
        for name, (ts, nbytes, msgs) in res.items():
            med, p95 = 1e3 * statistics.median(ts), 1e3 * percentile(ts, 95)
            out[f"digits layer {layer}: {name}"] = {
                "median_ms": med,
                "p95_ms": p95,
                "bytes": nbytes,
                "bytes_per_entry": nbytes / entries,
                "messages": msgs,
                "entries": entries,
            }
            print(
                f"{layer:<6} {name:<26} {med:>10.2f} {p95:>8.2f} {nbytes:>9.0f} {nbytes / entries:>8.2f} {msgs:>5.1f}"
            )
        print(f"{'':<6} ({entries} matrix entries shown)")
    worst_ms = max(v["median_ms"] for k, v in out.items() if k.startswith("digits") and "click" not in k)
    worst_b = max(v["bytes_per_entry"] for k, v in out.items() if k.startswith("digits") and "click" not in k)
    print(
        f"target: per move <= 5 ms and <= 10 bytes per entry: {'PASS' if worst_ms <= 5 and worst_b <= 10 else 'MISS'}"
    )
    print()
    print_pictures(max(50, args.moves // 2), out)
    if os.path.exists("/proc/self/status"):
        grown, figs = bench_memory()
        out["1000 moves"] = {"memory_mb": grown, "figures_opened": figs}
        ok = grown < 20 and figs == 0
        print(f"1,000 moves (digits-size, slider + heatmap edits, one entry selected): memory grew {grown:.1f} MB, ")
        print(f"  figures opened: {figs} (target < 20 MB, none: {'PASS' if ok else 'MISS'})")
    if args.json:
        Path(args.json).write_text(json.dumps(out, indent=2))


if __name__ == "__main__":
    main()
