"""Slider move -> every heatmap recomputed and rendered, inside the kernel.

    python benchmarks/bench_widgets.py [--moves 300] [--json out.json]

The standard explorer: LayerExplorer on a 2-hidden-layer net ([3, 5, 4, 2]),
m = 8, six heatmaps (Z, A, dZ, dW, db, dA_prev). One move = set a slider's
value; the explorer's observer recomputes forward + backward, rebuilds the six
HTML heatmaps and ipywidgets sends the new value. The widget's comm is replaced
by one that JSON-encodes every message, as a kernel's session does, so the cost
of serialising the update is counted.

For comparison, the same six heatmaps drawn the other common way: one
persistent matplotlib figure, ``set_data`` on each image, Agg render and PNG
encoding (what an ``ipywidgets.Image`` or ``Output`` redisplay would send).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import comm  # noqa: E402
import matplotlib  # noqa: E402

matplotlib.use("Agg")

from backprop_lib import plots  # noqa: E402
from backprop_lib import widgets as W  # noqa: E402


class JsonComm(comm.base_comm.BaseComm):
    """A comm that JSON-encodes what it sends (the kernel session's work), then drops it."""

    sent_bytes = 0

    def publish_msg(self, msg_type, data=None, metadata=None, buffers=None, **keys):  # noqa: ANN001, ANN003
        JsonComm.sent_bytes += len(json.dumps({"data": data, "metadata": metadata}, default=str))


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
    return times


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


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--moves", type=int, default=300, help="moves to time (>= 200 for the README figure)")
    ap.add_argument("--json", help="write the results here")
    args = ap.parse_args()
    ours = bench_explorer(args.moves)
    alt = bench_matplotlib(max(50, args.moves // 4))
    rows = {
        "html heatmaps (ours)": ours,
        "matplotlib set_data + PNG": alt,
    }
    print(f"slider move -> six heatmaps recomputed and rendered (kernel side), {args.moves} moves")
    print(f"{'mechanism':<28} {'median ms':>10} {'p95 ms':>8} {'moves':>6}")
    out = {}
    for name, ts in rows.items():
        med, p95 = 1e3 * statistics.median(ts), 1e3 * percentile(ts, 95)
        out[name] = {"median_ms": med, "p95_ms": p95, "moves": len(ts)}
        print(f"{name:<28} {med:>10.2f} {p95:>8.2f} {len(ts):>6}")
    med = out["html heatmaps (ours)"]["median_ms"]
    print(f"target: median <= 20 ms (aim 16 ms): {'PASS' if med <= 20 else 'MISS'}")
    print(f"matplotlib / ours: {out['matplotlib set_data + PNG']['median_ms'] / med:.0f}x")
    print(f"bytes sent per move: {JsonComm.sent_bytes / (args.moves + 30 + 1):.0f} (JSON-encoded)")
    if args.json:
        Path(args.json).write_text(json.dumps(out, indent=2))


if __name__ == "__main__":
    main()
