"""Restart and Run All, per lesson, in JupyterLab in headless Chromium: the time a learner waits.

The same harness as the browser tests (tests/jupyter_browser.py): JupyterLab on a free port over a
copy of the lessons (never the repository), each lesson opened in a fresh workspace (a fresh
kernel), Run All through JupyterLab's own command, timed from the command to every cell run, the
kernel idle and the widgets rendered. The target: each lesson <= 6 s.

    .venv/bin/python benchmarks/bench_lessons.py [--repeat 2] [notebooks/05_full_network.ipynb ...]

Needs Debian's chromium (/usr/bin/chromium) and playwright (requirements-dev.txt).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

sys.path.insert(0, str(ROOT / "benchmarks"))
from _machine import machine  # noqa: E402
from jupyter_browser import (  # noqa: E402
    browser_skip_reason,
    jupyter_server,
    launch_chromium,
    notebook_errors,
    open_notebook,
    run_all,
    wait_widgets_rendered,
)

TARGET_S = 6.0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("lessons", nargs="*", help="lesson paths (default: every lesson)")
    ap.add_argument("--repeat", type=int, default=1, help="runs per lesson (each in a fresh workspace and kernel)")
    args = ap.parse_args()
    reason = browser_skip_reason()
    if reason:
        print(f"cannot run: {reason}")
        return 2
    lessons = [Path(p) for p in args.lessons] or sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
    from playwright.sync_api import sync_playwright

    ok = True
    print(f"Restart and Run All in JupyterLab, headless Chromium; {machine()}")
    with jupyter_server() as server, sync_playwright() as pw:
        browser = launch_chromium(pw)
        page = browser.new_page(viewport={"width": 1280, "height": 1000})
        for lesson in lessons:
            rel = f"notebooks/{lesson.name}"
            times = []
            for _ in range(args.repeat):
                server.shutdown_kernels()  # a fresh kernel for every run: Restart and Run All
                open_notebook(page, server.base_url, rel)
                t0 = time.perf_counter()
                run_all(page)
                wait_widgets_rendered(page)
                times.append(time.perf_counter() - t0)
                errors = notebook_errors(page)
                if errors:
                    print(f"{lesson.name}: error outputs: {errors[0][:200]}")
                    ok = False
            med = statistics.median(times)
            verdict = "PASS" if med <= TARGET_S else "MISS"
            ok &= verdict == "PASS"
            runs = ", ".join(f"{t:.1f}" for t in times)
            print(f"{lesson.name:<40} Run All {med:5.1f} s (runs: {runs})  target <= {TARGET_S:g} s: {verdict}")
        browser.close()
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
