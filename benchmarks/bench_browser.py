"""Key press -> changed heatmap pixels, end to end, in JupyterLab in headless Chromium.

The same harness as the browser test (tests/jupyter_browser.py): start JupyterLab on a free
port, open a lesson, Run All, then press ArrowRight on one explorer slider ``--moves`` times and
time each press to the paint of the redrawn heatmaps (an in-page probe on the browser's clock:
keydown -> DOM mutation of the heatmaps -> next frame painted). Each press is also checked to
change the screenshot pixels. The default measures lesson 01's layer explorer (the test measures
lesson 02's), so the figure in the README is taken on other inputs than the test's.

    .venv/bin/python benchmarks/bench_browser.py
    .venv/bin/python benchmarks/bench_browser.py --notebook notebooks/02_hidden_layer_chain_rule.ipynb \\
        --slider "W[1][0,1]" --moves 40

Needs Debian's chromium (/usr/bin/chromium) and playwright (requirements-dev.txt).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from jupyter_browser import browser_skip_reason, run_slider_check  # noqa: E402

TARGET_MS = 100


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--notebook", default="notebooks/01_output_layer.ipynb")
    ap.add_argument("--slider", default="W[2][0,1]", help="the slider's description")
    ap.add_argument("--scope", default=".bp-layerexplorer", help="CSS selector of the explorer")
    ap.add_argument("--moves", type=int, default=40)
    ap.add_argument("--key", default="ArrowRight")
    ap.add_argument("--shots", help="folder for the screenshots (default: a new temporary folder)")
    ap.add_argument("--json", metavar="PATH")
    args = ap.parse_args(argv)
    reason = browser_skip_reason()
    if reason:
        print(reason, file=sys.stderr)
        return 2
    r = run_slider_check(
        args.notebook,
        slider=args.slider,
        scope=args.scope,
        heatmap_selector=f"{args.scope} .bp-row",
        n_moves=args.moves,
        key=args.key,
        shot_dir=args.shots,
    )
    ok = r["median_ms"] <= TARGET_MS
    print(
        f"{args.notebook}, slider {args.slider}: key press -> new heatmap pixels over {len(r['latencies_ms'])} "
        f"moves: median {r['median_ms']:.1f} ms, p95 {r['p95_ms']:.1f} ms, min {r['min_ms']:.1f}, "
        f"max {r['max_ms']:.1f} (target median <= {TARGET_MS} ms: {'PASS' if ok else 'MISS'})"
    )
    print(f"every press changed the pixels: {all(n > 0 for n in r['changed_pixels'])}; screenshots in {r['shot_dir']}")
    if args.json:
        keep = {k: v for k, v in r.items() if k not in ("screenshots", "shot_dir")}
        Path(args.json).write_text(json.dumps(keep, indent=2) + "\n")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
