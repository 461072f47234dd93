"""Per checker, how the classic mistakes of tests/mistakes.py are answered: before (main's exercises.py) and now.

    PYTHONPATH=$PWD .venv/bin/python scripts/feedback_table.py [--detail] [--base main]

Before: the checker of ``git show BASE:backprop_lib/exercises.py`` run on the same learner
functions. Each answer is sorted into: words (the message holds every word the test table asks
for: the mistake is named as tests/test_exercises.py requires), other (it fails, with other
words: a generic "differs", a shape, a raw error, another name; read them with --detail),
PASSED (a wrong answer told it passed), crashed (the checker itself raised), hung (still running
after 3 s), absent (no such checker).
"""

from __future__ import annotations

import argparse
import importlib.util
import subprocess
import sys
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from backprop_lib import exercises as ex  # noqa: E402

sys.path.pop(0)
from test_exercises import TABLES  # noqa: E402


def old_module(base: str):  # noqa: ANN201
    src = subprocess.run(
        ["git", "show", f"{base}:backprop_lib/exercises.py"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    spec = importlib.util.spec_from_loader("backprop_lib._exercises_before", loader=None)
    mod = importlib.util.module_from_spec(spec)
    mod.__package__ = "backprop_lib"
    sys.modules[spec.name] = mod
    exec(compile(src, "exercises_before.py", "exec"), mod.__dict__)  # noqa: S102
    return mod


def verdict(check, fn, words: str) -> tuple[str, str]:  # noqa: ANN001
    run = ex._call_with_limit(check, [fn], 3.0)
    if run.timed_out:
        return "hung", ""
    if run.error is not None:
        return "crashed", f"{type(run.error).__name__}: {run.error}"[:90]
    fb = run.value
    text = fb.message
    body = " / ".join(ln.strip("- ").strip() for ln in text.splitlines()[1:])
    if fb.passed:
        return "PASSED", body
    return ("words" if all(w in text for w in words.split("|")) else "other"), body


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--detail", action="store_true", help="one line per mistake, with both messages")
    ap.add_argument("--base", default="main", help="the git revision whose exercises.py is 'before'")
    args = ap.parse_args()
    warnings.simplefilter("ignore")  # the old checker casts complex answers to real, with a warning
    old = old_module(args.base)
    ex.TIME_LIMIT = 1.0
    kinds = ["words", "other", "PASSED", "crashed", "hung", "absent"]
    print(f"{'checker':<28} {'mistakes':>8}  before ({', '.join(kinds)})   ->  now (same)")
    for name, (_rights, table) in TABLES.items():
        before = dict.fromkeys(kinds, 0)
        after = dict.fromkeys(kinds, 0)
        rows = []
        for label, fn, words in table:
            b = verdict(getattr(old, name), fn, words) if hasattr(old, name) else ("absent", "")
            a = verdict(getattr(ex, name), fn, words)
            before[b[0]] += 1
            after[a[0]] += 1
            rows.append((label, b, a))
        fmt = lambda d: " ".join(f"{d[k]:>2}" for k in kinds)  # noqa: E731
        print(f"{name:<28} {len(table):>8}  {fmt(before)}   ->  {fmt(after)}")
        if args.detail:
            for label, b, a in rows:
                print(f"    {label:<30} BEFORE {b[0]:<8} {b[1][:110]}")
                print(f"    {'':<30} NOW    {a[0]:<8} {a[1][:110]}")


if __name__ == "__main__":
    main()
