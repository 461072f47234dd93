"""The committed lessons are executed and complete (their hand-outs are tested in test_nbgrader.py)."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
from make_student_versions import strip_solutions  # noqa: E402

LESSONS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
CHECK = "bp.exercises.check_"


def code_cells(nb):
    return [c for c in nb["cells"] if c["cell_type"] == "code" and "".join(c["source"]).strip()]


def test_the_sequence_is_there():
    numbers = [p.name[:2] for p in LESSONS]
    assert numbers == [f"{i:02d}" for i in range(len(numbers))] and len(numbers) >= 8, numbers


@pytest.mark.parametrize("path", LESSONS, ids=[p.name for p in LESSONS])
def test_lesson_is_committed_executed_with_outputs(path):
    nb = json.loads(path.read_text())
    cells = code_cells(nb)
    unrun = [i for i, c in enumerate(cells) if c.get("execution_count") is None]
    assert not unrun, f"{path.name}: code cells {unrun} were never executed; run scripts/execute_notebooks.py"
    errors = [o for c in cells for o in c.get("outputs", []) if o.get("output_type") == "error"]
    assert not errors, f"{path.name}: error outputs saved"
    counts = [c["execution_count"] for c in cells]
    assert counts == list(range(1, len(cells) + 1)), f"{path.name}: not run top to bottom in one fresh kernel"
    with_output = sum(bool(c.get("outputs")) for c in cells)
    assert with_output >= len(cells) // 2, f"{path.name}: most code cells have no saved output"


@pytest.mark.parametrize("path", LESSONS, ids=[p.name for p in LESSONS])
def test_lesson_has_what_the_rubric_asks(path):
    nb = json.loads(path.read_text())
    cells = code_cells(nb)
    assert "bp.check_environment(" in "".join(cells[0]["source"]), "first code cell: the environment check"
    sources = ["".join(c["source"]) for c in cells]
    assert any("### BEGIN SOLUTION" in s for s in sources), "an exercise with a solution block"
    assert any(CHECK in s for s in sources), "a checker cell"
    markdown = "".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown")
    assert "<details>" in markdown, "questions whose answers unfold"
    helpers = [
        line
        for s in sources
        if "### BEGIN SOLUTION" not in s
        for line in s.splitlines()
        if line.startswith(("def ", "class "))
    ]
    assert not helpers, f"helpers belong in backprop_lib, not in a lesson: {helpers}"


@pytest.mark.parametrize("path", LESSONS, ids=[p.name for p in LESSONS])
def test_solutions_pass_their_checkers(path):
    nb = json.loads(path.read_text())
    for c in code_cells(nb):
        if CHECK in "".join(c["source"]):
            text = "".join(
                "".join(o.get("text", "")) + "".join(o.get("data", {}).get("text/plain", ""))
                for o in c.get("outputs", [])
            )
            assert "PASSED" in text and "NOT YET" not in text, f"{path.name}: a checker does not pass on the solution"


def test_strip_solutions_keeps_the_code_after_the_block():
    src = "def f(x):\n    ### BEGIN SOLUTION\n    y = 2 * x\n    ### END SOLUTION\n    return y\n"
    out, n = strip_solutions(src)
    assert n == 1
    assert out == "def f(x):\n    # YOUR CODE HERE\n    raise NotImplementedError()\n    return y\n"


def _plain(line: str) -> str:
    """A code line with its spacing and the layer numbers of its names dropped: dW2 = dZ2 @ A1.T -> dW = dZ @ A.T."""
    line = line.split("#", 1)[0] if not line.lstrip().startswith("#") else line
    return re.sub(r"([A-Za-z_])\d+", r"\1", " ".join(line.split()))


@pytest.mark.parametrize("path", LESSONS, ids=[p.name for p in LESSONS])
def test_no_worked_cell_above_an_exercise_holds_its_answer(path):
    """An exercise cannot be answered by renaming a cell above it: no line of a solution appears earlier."""
    cells = ["".join(c["source"]) for c in code_cells(json.loads(path.read_text()))]
    for k, src in enumerate(cells):
        if "### BEGIN SOLUTION" not in src:
            continue
        body = src.split("### BEGIN SOLUTION", 1)[1].split("### END SOLUTION", 1)[0]
        lines = {_plain(line) for line in body.splitlines() if len(line.strip()) > 12}
        lines = {line for line in lines if not line.startswith(("#", "for ", "return", "m = "))}
        handout = [re.sub(r"### BEGIN SOLUTION.*?### END SOLUTION", "", s, flags=re.S) for s in cells[:k]]
        above = {_plain(line) for s in handout for line in s.splitlines()}  # as the hand-out shows them
        shared = sorted(lines & above)
        assert not shared, f"{path.name}: a cell above the exercise already computes {shared}"


@pytest.mark.parametrize("path", LESSONS, ids=[p.name for p in LESSONS])
def test_kernelspec_is_what_jupyterlab_writes(path):
    """Otherwise opening the lesson marks it changed at once, and autosave rewrites it."""
    spec = json.loads(path.read_text())["metadata"]["kernelspec"]
    assert spec == {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}


def test_every_public_function_says_which_lesson_introduces_it():
    """As d2l does: a learner who meets bp.backward in a lesson, or a contributor who opens network.py, finds
    the lesson that derives it in its docstring."""
    import inspect

    import backprop_lib as bp

    missing = [
        name
        for name in bp.__all__
        if inspect.isfunction(inspect.unwrap(getattr(bp, name)))
        and "introduced in lesson" not in " ".join((getattr(bp, name).__doc__ or "").split()).lower()
    ]
    assert not missing, f"add 'Introduced in lesson NN.' to the docstrings of {missing}"
