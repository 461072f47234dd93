"""Make the hand-out of every lesson without nbgrader: the same code cells as `nbgrader generate_assignment`.

    python3 scripts/make_student_versions.py              # writes student/notebooks/
    python3 scripts/make_student_versions.py --out ~/handout

It ends by printing the JupyterLab command that opens the hand-outs on lesson 0.

With nbgrader installed, make the hand-outs with nbgrader itself (docs/INSTRUCTORS.md). This
script is for instructors without it and gives the same cells (tests/test_nbgrader.py compares
them): every region from `### BEGIN SOLUTION` to `### END SOLUTION` becomes nbgrader's stub
`# YOUR CODE HERE` / `raise NotImplementedError()` at the same indentation (the lines after the
region, a `return` say, stay); outputs and execution counts are cleared; the cells the lesson marks
read-only or graded (`metadata.nbgrader`, set by scripts/nbgrader_metadata.py) are made
non-editable and non-deletable, solution cells non-deletable, as nbgrader does. Unlike nbgrader it
adds no checksums (they only serve nbgrader's autograder) and drops the saved widget state, which
no output of a cleared notebook uses.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
# nbgrader's ClearSolutions: a line containing BEGIN SOLUTION opens a region, END SOLUTION closes it
BEGIN, END = "BEGIN SOLUTION", "END SOLUTION"
STUB = "# YOUR CODE HERE\nraise NotImplementedError()"  # nbgrader's ClearSolutions.code_stub["python"]
PLACEHOLDER = "raise NotImplementedError()"


def strip_solutions(source: str) -> tuple[str, int]:
    """The source with each solution region replaced by nbgrader's stub, and how many were replaced."""
    out, count, inside = [], 0, False
    for line in source.split("\n"):
        if BEGIN in line:
            if inside:
                raise ValueError("a ### BEGIN SOLUTION inside another solution region")
            inside, count = True, count + 1
            indent = line[: len(line) - len(line.lstrip())]
            out.extend(indent + stub for stub in STUB.split("\n"))
        elif END in line:
            inside = False
        elif not inside:
            out.append(line)
    if inside:
        raise ValueError("a ### BEGIN SOLUTION region has no ### END SOLUTION")
    return "\n".join(out), count


def lock(cell: nbformat.NotebookNode) -> None:
    """The cell flags nbgrader's LockCells sets in the hand-out."""
    meta = cell.metadata.get("nbgrader", {})
    if meta.get("solution"):
        cell.metadata["deletable"] = False
    elif meta.get("grade") or meta.get("locked"):
        cell.metadata["deletable"] = False
        cell.metadata["editable"] = False


def student_version(path: Path) -> tuple[nbformat.NotebookNode, int]:
    nb = nbformat.read(path, as_version=4)
    total = 0
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.source, n = strip_solutions(cell.source)
            total += n
            cell.outputs, cell.execution_count = [], None
        lock(cell)
    nb.metadata.pop("widgets", None)
    return nb, total


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", default=str(ROOT / "student" / "notebooks"))
    ap.add_argument("notebooks", nargs="*")
    args = ap.parse_args()
    out = Path(args.out).expanduser()
    out.mkdir(parents=True, exist_ok=True)
    paths = [Path(p) for p in args.notebooks] or sorted((ROOT / "notebooks").glob("[0-9]*.ipynb"))
    for p in paths:
        nb, n = student_version(p)
        nbformat.write(nb, out / p.name)
        print(f"{p.name}: {n} solution region(s) replaced")
    print(f"student versions in {out}")
    if paths:
        print(f"open them: {open_command(out, paths[0].name)}")


def open_command(folder: Path, first: str) -> str:
    """The JupyterLab command that serves ``folder`` and lands on its lesson ``first``."""
    folder = folder.resolve()
    if folder.is_relative_to(ROOT):  # served by the README's command too, from the repository root
        return f".venv/bin/jupyter lab --LabApp.default_url=/lab/tree/{(folder / first).relative_to(ROOT)}"
    return f'.venv/bin/jupyter lab --ServerApp.root_dir="{folder}" --LabApp.default_url=/lab/tree/{first}'


if __name__ == "__main__":
    main()
