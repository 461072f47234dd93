"""Give every lesson nbgrader's source metadata, derived from the lesson itself.

    python scripts/nbgrader_metadata.py            # update notebooks/NN_*.ipynb in place
    python scripts/nbgrader_metadata.py --check    # change nothing; exit 1 and list what differs
    python scripts/nbgrader_metadata.py notebooks/03_relu_mask.ipynb

Run it again after any edit to a lesson: it recomputes every cell's `metadata.nbgrader` from the
cell's content, so the result depends only on the lesson (running it twice changes nothing).

- A code cell holding `### BEGIN SOLUTION` is a solution cell, grade_id `lessonNN_<function>`.
- A checker cell (`bp.exercises.check_<name>(<function>)`) is a graded, read-only test cell worth the
  exercise's points in the catalog (backprop_lib/exercises/catalog.py), grade_id `lessonNN_<name>_test`.
  It is rewritten to the form nbgrader grades (an error in the cell means no points); it shows the
  feedback first (the learner's matrix beside the expected one), so nbgrader's feedback shows it too:

      feedback = bp.exercises.check_<name>(<function>)
      feedback.show()
      assert feedback, feedback.message

- The first code cell (imports and the environment check, which every checker needs) and every
  markdown cell (the lesson's text) are read-only: nbgrader locks them in the hand-out and
  restores them when it autogrades. The other code cells stay editable: the lessons ask the
  learner to change values and run them again.

A lesson whose checker cell has another form stops the script with the cell named. When a
checker cell is rewritten, its saved output is stale: re-execute the lessons it names
(scripts/execute_notebooks.py).
"""

from __future__ import annotations

import argparse
import copy
import json
import re
import sys
from pathlib import Path

import nbformat

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from backprop_lib.exercises.catalog import EXERCISES

ROOT = Path(__file__).resolve().parents[1]
SOLUTION = "### BEGIN SOLUTION"
ONE_CALL = re.compile(r"^bp\.exercises\.check_(\w+)\((\w+)\)$")
CANONICAL = "feedback = bp.exercises.check_{name}({fn})\nfeedback.show()\nassert feedback, feedback.message"
EARLIER = "feedback = bp.exercises.check_{name}({fn})\nassert feedback, feedback.message\nprint(feedback.message)"


def _meta(grade_id: str, *, solution=False, grade=False, locked=False, points=None) -> dict:
    meta = {"grade": grade, "grade_id": grade_id, "locked": locked, "schema_version": 3, "solution": solution}
    if grade:
        meta["points"] = points
    return meta


def checker_call(source: str) -> tuple[str, str] | None:
    """(checker name, function name) of a checker cell, old or canonical form; None for other cells."""
    if "bp.exercises.check_" not in source:
        return None
    text = source.strip()
    one = ONE_CALL.match(text)
    if one:
        return one.group(1), one.group(2)
    first = re.match(r"^feedback = bp\.exercises\.check_(\w+)\((\w+)\)$", text.split("\n")[0])
    if first and text in (form.format(name=first.group(1), fn=first.group(2)) for form in (CANONICAL, EARLIER)):
        return first.group(1), first.group(2)
    raise ValueError(
        "a checker cell in a form this script does not know; write it as one line "
        f"`bp.exercises.check_<name>(<function>)` and run the script again:\n{source}"
    )


def with_metadata(nb: nbformat.NotebookNode, lesson: str) -> nbformat.NotebookNode:
    """A copy of the lesson with every cell's nbgrader metadata (and checker form) as described above."""
    nb = copy.deepcopy(nb)
    prefix = f"lesson{lesson}"
    first_code = next((c for c in nb.cells if c.cell_type == "code" and c.source.strip()), None)
    n_solutions = 0
    for cell in nb.cells:
        cell.metadata.pop("nbgrader", None)
        if cell.cell_type == "markdown":
            cell.metadata["nbgrader"] = _meta(f"{prefix}_text_{cell.id}", locked=True)
        elif cell.cell_type != "code":
            continue
        elif SOLUTION in cell.source:
            n_solutions += 1
            fn = re.search(r"^def (\w+)\(", cell.source, re.M)
            name = fn.group(1) if fn else f"solution{n_solutions}"
            cell.metadata["nbgrader"] = _meta(f"{prefix}_{name}", solution=True)
        elif (call := checker_call(cell.source)) is not None:
            name, fn = call
            cell.source = CANONICAL.format(name=name, fn=fn)
            if name not in EXERCISES:
                raise SystemExit(f"{lesson}: check_{name} is no exercise of backprop_lib/exercises/catalog.py")
            points = EXERCISES[name].points
            cell.metadata["nbgrader"] = _meta(f"{prefix}_{name}_test", grade=True, locked=True, points=points)
        elif cell is first_code:
            cell.metadata["nbgrader"] = _meta(f"{prefix}_setup", locked=True)
    ids = [c.metadata["nbgrader"]["grade_id"] for c in nb.cells if "nbgrader" in c.metadata]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise ValueError(f"lesson {lesson}: duplicate grade ids {duplicates} (two exercises with one name?)")
    return nb


def differences(old: nbformat.NotebookNode, new: nbformat.NotebookNode) -> list[str]:
    out = []
    for i, (a, b) in enumerate(zip(old.cells, new.cells, strict=True)):
        if a.source != b.source:
            out.append(f"cell {i} ({a.get('id')}): source becomes {b.source!r}")
        if a.metadata.get("nbgrader") != b.metadata.get("nbgrader"):
            out.append(
                f"cell {i} ({a.get('id')}): nbgrader metadata "
                f"{json.dumps(a.metadata.get('nbgrader'), sort_keys=True)} -> "
                f"{json.dumps(b.metadata.get('nbgrader'), sort_keys=True)}"
            )
    return out


def lessons() -> list[Path]:
    return sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true", help="change nothing; exit 1 if a lesson is not up to date")
    ap.add_argument("notebooks", nargs="*", help="lessons (default: every notebooks/NN_*.ipynb)")
    args = ap.parse_args(argv)
    paths = [Path(p) for p in args.notebooks] or lessons()
    stale, to_execute = [], []
    for path in paths:
        nb = nbformat.read(path, as_version=4)
        new = with_metadata(nb, path.name[:2])
        diff = differences(nb, new)
        if not diff:
            continue
        stale.append(path)
        if args.check:
            print(f"{path}: not up to date")
            for line in diff:
                print(f"  {line}")
        else:
            nbformat.write(new, path)
            print(f"{path}: {len(diff)} change(s) written")
            if any("source becomes" in line for line in diff):
                to_execute.append(path)
    if args.check and stale:
        print("run: python3 scripts/nbgrader_metadata.py (then re-execute the lessons whose checker cells changed)")
        return 1
    if to_execute:
        print("checker cells rewritten; re-execute: scripts/execute_notebooks.py " + " ".join(map(str, to_execute)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
