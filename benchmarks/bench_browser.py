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
    .venv/bin/python benchmarks/bench_browser.py --heatmap [--moves 20] [--ui notebook]
    .venv/bin/python benchmarks/bench_browser.py --pictures [--ticks 12]

``--heatmap``: the explorers' own heatmap widget, on the standard layer explorer
(LayerExplorer(layer=2), [3, 5, 4, 2], m = 8) and on the digits-size one
(LayerExplorer(layer_dims=[64, 32, 10], m=500)): Shift+ArrowUp on a focused weight, a
one-step drag on a weight, and a click on a dW entry, each timed from the input event to the
paint of the widget's repaint (the click: with the explanation drawn).

``--pictures``: issue 13's pictures, each played for ``--ticks`` Play ticks in its lesson: the
outer-product explorer (lesson 04), the computation graph (lesson 02) and the training explorer
(lesson 05), each tick timed from the browser sending the Play value to the paint of the redrawn
picture (target: median <= 50 ms).

The latency figures and their targets live here (PASS/MISS, exit status 1 on a MISS): the
browser tests only print them, and assert that every move redraws (a time measured on a shared,
loaded machine is no functional check).

Needs Debian's chromium (/usr/bin/chromium) and playwright (requirements-dev.txt).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from jupyter_browser import (  # noqa: E402
    browser_skip_reason,
    jupyter_server,
    percentile,
    run_heatmap_check,
    run_play_check,
    run_slider_check,
)

TARGET_MS = 100
HEATMAP_CASES = [  # (label, code, target ms for a key press or a drag)
    ("standard LayerExplorer(layer=2)", "ex = bp.widgets.LayerExplorer(layer=2)\nex", 33),
    (
        "digits-size LayerExplorer([64, 32, 10], m=500)",
        "ex = bp.widgets.LayerExplorer(layer_dims=[64, 32, 10], m=500)\nex",
        50,
    ),
]
CLICK_TARGET_MS = 50


def heatmap_main(args) -> int:
    import statistics

    ok, out = True, {}
    # the server serves a copy: never the repository
    with jupyter_server(nodelay_extension=not args.without_extension) as server:
        for case, (label, code, target) in enumerate(HEATMAP_CASES):
            r = run_heatmap_check(
                code,
                ui=args.ui,
                n_keys=args.moves,
                n_drags=args.moves,
                n_clicks=args.moves,
                shot_dir=Path(args.shots) / ("standard", "digits")[case] if args.shots else None,
                server=server,
            )
            rows = {
                "key press (Shift+ArrowUp)": r["key_ms"],
                "one-step drag": r["drag_ms"],
                "click -> explanation": r["clicks_ms"],
            }
            print(f"{label}, {args.ui}{', without backprop_lib.server' if args.without_extension else ''}:")
            for what, ms in rows.items():
                goal = CLICK_TARGET_MS if what.startswith("click") else target
                med = statistics.median(ms)
                ok &= med <= goal
                print(
                    f"  {what:<26} median {med:6.1f} ms, p90 {percentile(ms, 90):6.1f} ms over {len(ms)} "
                    f"(target median <= {goal} ms: {'PASS' if med <= goal else 'MISS'})"
                )
                out[f"{label}: {what}"] = {"median_ms": med, "p90_ms": percentile(ms, 90), "n": len(ms), "all_ms": ms}
            if r["screenshots"]:
                print(f"  screenshots: {', '.join(str(p) for p in r['screenshots'])}")
    if args.json:
        Path(args.json).write_text(json.dumps(out, indent=2) + "\n")
    return 0 if ok else 1


PICTURE_CASES = [  # (label, lesson, explorer, its picture, which explorer of the lesson)
    (
        "outer products (lesson 04, OuterProductExplorer)",
        "notebooks/04_vectorization_and_1_over_m.ipynb",
        ".bp-outerproductexplorer",
        ".bp-hmw",
        0,
    ),
    (
        "computation graph (lesson 02, GraphStepper)",
        "notebooks/02_hidden_layer_chain_rule.ipynb",
        ".bp-graphstepper",
        ".widget-html:has(svg)",
        0,
    ),
    (
        "training (lesson 05, TrainingExplorer at step 1000)",
        "notebooks/05_full_network.ipynb",
        ".bp-trainingexplorer",
        ".bp-training",
        1,
    ),
]
PICTURE_TARGET_MS = 50


def pictures_main(args) -> int:
    """Issue 13's pictures: a Play tick (the value sent from the browser) -> the picture's pixels."""
    import statistics

    from jupyter_browser import launch_chromium
    from playwright.sync_api import sync_playwright

    ok, out = True, {}
    with jupyter_server() as server, sync_playwright() as p:
        browser = launch_chromium(p)
        for label, lesson, scope, picture, nth in PICTURE_CASES:
            page = browser.new_page(viewport={"width": 1280, "height": 1100})
            r = run_play_check(page, server.base_url, lesson, scope, picture, nth=nth, ticks=args.ticks)
            page.close()
            server.shutdown_kernels()
            ms = r["ms"]
            med = statistics.median(ms)
            good = med <= PICTURE_TARGET_MS
            ok &= good
            out[label] = {"median_ms": med, "p90_ms": percentile(ms, 90), "ticks": len(ms)}
            print(
                f"{label}: Play tick -> changed pixels over {len(ms)} ticks: median {med:.1f} ms, "
                f"p90 {percentile(ms, 90):.1f} ms (target <= {PICTURE_TARGET_MS} ms: {'PASS' if good else 'MISS'}); "
                f"pixels changed: {r['changed_pixels'] > 0}, notebook errors: {len(r['notebook_errors'])}"
            )
        browser.close()
    if args.json:
        Path(args.json).write_text(json.dumps(out, indent=2) + "\n")
    return 0 if ok else 1


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--notebook", default="notebooks/01_output_layer.ipynb")
    ap.add_argument("--slider", default="W[2][0,1]", help="the slider's description")
    ap.add_argument("--scope", default=".bp-layerexplorer", help="CSS selector of the explorer")
    ap.add_argument("--moves", type=int, default=40)
    ap.add_argument("--key", default="ArrowRight")
    ap.add_argument("--shots", help="folder for screenshots (default: none are written)")
    ap.add_argument("--json", metavar="PATH")
    ap.add_argument("--heatmap", action="store_true", help="time the heatmap widget: keys, drags, clicks")
    ap.add_argument("--ui", default="lab", choices=["lab", "notebook"], help="with --heatmap: the front end")
    ap.add_argument(
        "--without-extension",
        action="store_true",
        help="with --heatmap: turn backprop_lib's server extension (TCP_NODELAY) off, to measure what it changes",
    )
    ap.add_argument(
        "--pictures", action="store_true", help="time a Play tick of the outer, graph and training pictures"
    )
    ap.add_argument("--ticks", type=int, default=12, help="with --pictures: Play ticks timed per picture")
    args = ap.parse_args(argv)
    reason = browser_skip_reason()
    if reason:
        print(reason, file=sys.stderr)
        return 2
    if args.heatmap:
        return heatmap_main(args)
    if args.pictures:
        return pictures_main(args)
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
    print(f"every press changed the pixels: {all(n > 0 for n in r['changed_pixels'])}")
    if r["shot_dir"]:
        print(f"screenshots in {r['shot_dir']}")
    if args.json:
        keep = {k: v for k, v in r.items() if k not in ("screenshots", "shot_dir")}
        Path(args.json).write_text(json.dumps(keep, indent=2) + "\n")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
