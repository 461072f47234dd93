"""How well each checker names mistakes: the listed ones, the black-box ones, and mutants of the right answer.

    PYTHONPATH=$PWD .venv/bin/python scripts/feedback_table.py [--detail] [--only NAME ...]

Per exercise of backprop_lib/exercises/catalog.py:

* listed: tests/mistakes.py's classic mistakes, named with the id the tests hold the checker to;
* black box: tests/learner_mistakes.py, wrong answers written by someone who had not read the checkers:
  named (a specific id, or the learner's own error explained in words), generic (only where or how much it
  differs), raised (their own error that only Python explains), passed (a wrong answer that passed);
* held out 1 and 2: tests/held_out_mistakes.py and tests/held_out_mistakes_2.py, two more such sets, written
  after the search was built (the second after the first had been used to improve it, and never used so);
  held out 3: tests/held_out_mistakes_3.py, lesson 08's, written blind and then used to close the gaps it found;
  held out 4: tests/held_out_mistakes_4.py, lesson 06's mystery repair and lesson 09's, written blind;
* mutants: the lesson's own solution, its syntax tree changed one place at a time (an operand swapped for
  another name in scope, + - * @ / swapped, a transpose added or dropped, a factor dropped or added, an axis
  or keepdims changed, a sign flipped, a constant changed). A mutant that gives the right numbers on every
  case is no mistake and is not counted; of the others, named / raised (its own error, shown with its line) /
  generic / passed. This needs nobody to write cases, so no checker can be fitted to it.
"""

from __future__ import annotations

import argparse
import ast
import copy
import json
import sys
import textwrap
import warnings
from collections import Counter
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

import held_out_mistakes as HO  # noqa: E402
import held_out_mistakes_2 as HO2  # noqa: E402
import held_out_mistakes_3 as HO3  # noqa: E402
import held_out_mistakes_4 as HO4  # noqa: E402
import learner_mistakes as LM  # noqa: E402
import mistakes as M  # noqa: E402

import backprop_lib as bp  # noqa: E402
from backprop_lib import exercises as ex  # noqa: E402

GENERIC = (":differs", ":factor", ":shape", ":zeros", ":not-finite")
OPS = [ast.Add, ast.Sub, ast.Mult, ast.MatMult, ast.Div]


def verdict(fb) -> str:
    if fb.passed:
        return "passed"
    first = fb.mistakes[0] if fb.mistakes else ""
    if first == "raised:other":  # the learner's own error, with their line, that only Python explains
        return "raised"
    return "generic" if first.endswith(GENERIC) else "named"  # raised:<kind>: their error, said in words


def solutions() -> dict[str, str]:
    """The source of each exercise's solution, from the lessons (the cell before its checker)."""
    out = {}
    for path in sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb")):
        cells = [("".join(c["source"])) for c in json.loads(path.read_text())["cells"] if c["cell_type"] == "code"]
        for before, cell in zip(cells, cells[1:], strict=False):
            if "bp.exercises.check_" in cell and "### BEGIN SOLUTION" in before:
                name = cell.split("bp.exercises.check_")[1].split("(")[0]
                out[name] = "\n".join(ln for ln in before.splitlines() if "### " not in ln)
    out.setdefault("update", textwrap.dedent(Path(M.__file__).read_text().split("def up_right")[1].split("\n\n\n")[0]))
    if not out["update"].startswith("def"):
        out["update"] = "def up_right" + out["update"]
    return out


class _Mutator:
    """Every one-place change of a function's syntax tree (see the module docstring)."""

    def __init__(self, tree: ast.Module):
        self.tree = tree
        fn = tree.body[0]
        if isinstance(fn, ast.ClassDef):  # lesson 09's Tensor: only its method backward is the learner's
            fn = next(m for m in fn.body if isinstance(m, ast.FunctionDef) and m.name == "backward")
        self.inside = {id(n) for n in ast.walk(fn)}
        self.names = sorted(
            {a.arg for a in fn.args.args}
            | {n.id for n in ast.walk(fn) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store)}
        )

    def mutants(self):
        nodes = list(ast.walk(self.tree))
        for k, node in enumerate(nodes):
            if id(node) not in self.inside:
                continue
            for change in self._changes(node):
                tree = copy.deepcopy(self.tree)
                target = list(ast.walk(tree))[k]
                try:
                    change(target)
                    ast.fix_missing_locations(tree)
                    yield ast.unparse(tree)
                except Exception:
                    continue

    def _changes(self, node: ast.AST):
        out = []
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load) and node.id in self.names:
            for other in self.names:
                if other != node.id:
                    out.append(lambda n, o=other: setattr(n, "id", o))
            out.append(lambda n: _wrap(n, lambda x: ast.Attribute(x, "T", ast.Load())))
        if isinstance(node, ast.Attribute) and node.attr == "T":
            out.append(lambda n: _replace(n, n.value))
        if isinstance(node, ast.BinOp) and type(node.op) in OPS:
            for op in OPS:
                if op is not type(node.op):
                    out.append(lambda n, o=op: setattr(n, "op", o()))
            if isinstance(node.op, ast.Div):
                out.append(lambda n: _replace(n, n.left))  # the division dropped
        if isinstance(node, ast.keyword) and node.arg == "axis" and isinstance(node.value, ast.Constant):
            out.append(lambda n: setattr(n.value, "value", 1 - n.value.value if n.value.value in (0, 1) else 0))
        if isinstance(node, ast.keyword) and node.arg == "keepdims":
            out.append(lambda n: setattr(n.value, "value", False))
        if isinstance(node, ast.Constant) and isinstance(node.value, (int, float)) and not isinstance(node.value, bool):
            out.append(lambda n: setattr(n, "value", n.value * 2 if n.value else 1))
        if isinstance(node, ast.Assign):
            out.append(lambda n: setattr(n, "value", ast.UnaryOp(ast.USub(), n.value)))
            out.append(lambda n: setattr(n, "value", ast.BinOp(ast.Constant(2), ast.Mult(), n.value)))
        return out


def _wrap(node: ast.AST, f) -> None:
    """Replace ``node`` in its parent by f(node) (done by changing the node in place into its wrapped copy)."""
    inner = copy.copy(node)
    new = f(inner)
    node.__class__ = new.__class__
    node.__dict__ = new.__dict__


def _replace(node: ast.AST, by: ast.AST) -> None:
    by = copy.deepcopy(by)
    node.__class__ = by.__class__
    node.__dict__ = by.__dict__


def mutant_verdicts(name: str, source: str) -> Counter:
    check = getattr(ex, f"check_{name}")
    counts, seen = Counter(), set()
    for text in _Mutator(ast.parse(source)).mutants():
        if text in seen:
            continue
        seen.add(text)
        scope = {"np": np, "bp": bp}
        try:
            exec(compile(text, f"<mutant of {name}>", "exec"), scope)
        except Exception:
            continue
        fn = next(v for k, v in scope.items() if callable(v) and k not in ("np", "bp") and not k.startswith("__"))
        fb = check(fn)
        if fb.passed:  # the same numbers: an equivalent program, or the checker fooled (counted apart)
            counts["same numbers"] += 1
            continue
        counts[verdict(fb)] += 1
    return counts


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--only", nargs="*", help="exercise names (default: every one)")
    ap.add_argument("--detail", action="store_true", help="print each black-box mistake and its verdict")
    args = ap.parse_args()
    warnings.simplefilter("ignore")
    ex.sandbox.TIME_LIMIT = 1.0
    sources = solutions()
    names = args.only or list(ex.EXERCISES)
    head = f"{'exercise':<22} {'listed named':>12} {'black box named/generic/raised/passed':>38}"
    print(f"{head} {'mutants named/raised/generic/passed (same numbers)':>52}")
    total_bb, total_mut, total_ho, total_ho2, total_ho3, total_ho4 = (Counter() for _ in range(6))
    for name in names:
        table = M.TABLES.get(f"check_{name}", ([], []))[1]
        listed = sum(getattr(ex, f"check_{name}")(fn).mistakes[:1] == (mid,) for _, fn, mid in table)
        bb = Counter()
        for e in LM.MISTAKES:
            if e["exercise"] == name:
                v = verdict(getattr(ex, f"check_{name}")(e["fn"]))
                bb[v] += 1
                if args.detail:
                    print(f"    {e['id']:<34} {v}")
        for module, total in ((HO, total_ho), (HO2, total_ho2), (HO3, total_ho3), (HO4, total_ho4)):
            for _, exercise, fn, _ in module.MISTAKES:
                if exercise == name:
                    total[verdict(getattr(ex, f"check_{name}")(fn))] += 1
        mut = mutant_verdicts(name, sources[name]) if name in sources else Counter()
        total_bb += bb
        total_mut += mut
        print(
            f"{name:<22} {listed:>5} of {len(table):<4} "
            f"{bb['named']:>14}/{bb['generic']}/{bb['raised']}/{bb['passed']:<12} "
            f"{mut['named']:>24}/{mut['raised']}/{mut['generic']}/{mut['passed']} ({mut['same numbers']})"
        )
    totals = (
        ("black box", total_bb),
        ("held out 1", total_ho),
        ("held out 2", total_ho2),
        ("held out 3 (lesson 08; used since to close gaps)", total_ho3),
        ("held out 4 (lessons 06 and 09)", total_ho4),
        ("mutants", total_mut),
    )
    for label, c in totals:
        wrong = c["named"] + c["raised"] + c["generic"] + c["passed"]
        if wrong:
            print(
                f"{label}: {c['named']} of {wrong} named ({100 * c['named'] / wrong:.0f}%), {c['raised']} shown as "
                f"the learner's own error, {c['generic']} generic, {c['passed']} passed"
            )


if __name__ == "__main__":
    main()
