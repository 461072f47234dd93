"""Make the student version of every lesson: solutions out, outputs cleared.

    python scripts/make_student_versions.py              # writes student/notebooks/
    python scripts/make_student_versions.py --out handout/

Inside each code cell, the lines from `### BEGIN SOLUTION` to `### END SOLUTION`
(the nbgrader convention) become `raise NotImplementedError()` at the same
indentation; the lines after the block (a `return`, say) stay. Every output is
cleared, so learners start from a clean notebook; the checkers then answer
"not implemented yet" until the learner fills the gap.
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
BEGIN = re.compile(r"^(\s*)### BEGIN SOLUTION\s*$")
END = re.compile(r"^\s*### END SOLUTION\s*$")
PLACEHOLDER = "raise NotImplementedError()  # your code here"


def strip_solutions(source: str) -> tuple[str, int]:
    """The source with each solution block replaced by a placeholder, and how many were replaced."""
    out, count, inside = [], 0, False
    for line in source.splitlines():
        begin = BEGIN.match(line)
        if begin and not inside:
            inside, count = True, count + 1
            out.append(f"{begin.group(1)}{PLACEHOLDER}")
        elif inside:
            if END.match(line):
                inside = False
        else:
            out.append(line)
    if inside:
        raise ValueError("a ### BEGIN SOLUTION block has no ### END SOLUTION")
    return "\n".join(out), count


def student_version(path: Path) -> tuple[nbformat.NotebookNode, int]:
    nb = nbformat.read(path, as_version=4)
    total = 0
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.source, n = strip_solutions(cell.source)
            total += n
            cell.outputs, cell.execution_count = [], None
    nb.metadata.pop("widgets", None)
    return nb, total


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", default=str(ROOT / "student" / "notebooks"))
    ap.add_argument("notebooks", nargs="*")
    args = ap.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    paths = [Path(p) for p in args.notebooks] or sorted((ROOT / "notebooks").glob("[0-9]*.ipynb"))
    for p in paths:
        nb, n = student_version(p)
        nbformat.write(nb, out / p.name)
        print(f"{p.name}: {n} solution block(s) replaced")
    print(f"student versions in {out}")


if __name__ == "__main__":
    main()
