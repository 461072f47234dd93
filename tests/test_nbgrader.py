"""nbgrader as instructors use it: the real command line, headless, in a temporary course folder.

One course folder, one assignment `backprop` holding every lesson. `nbgrader generate_assignment`
makes the hand-outs from the committed lessons; `nbgrader autograde` grades three submissions (one
process per student, side by side), so that every lesson is graded solved, untouched and with a
classic bug:

- `handout`: the hand-out as nbgrader made it: zero on every lesson, each checker "not implemented yet";
- `bugs_even` / `bugs_odd`: the classic bug of BUGS in the even (odd) lessons and the solution in the
  others: each lesson is graded once solved (full marks) and once with its bug (no marks for it, the
  checker's named message in the autograded notebook), and each of the two ends on partial marks.

nbgrader runs from this venv (its `bin` first on PATH: nbgrader starts `alembic` as a subprocess)
and its kernels import this checkout's backprop_lib (PYTHONPATH).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import numpy as np
import pytest

import backprop_lib as bp

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
from make_student_versions import PLACEHOLDER, strip_solutions, student_version  # noqa: E402

from backprop_lib.exercises.catalog import EXERCISES  # noqa: E402

LESSONS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
NAMES = [p.stem for p in LESSONS]
VENV_BIN = Path(sys.executable).parent  # not resolved: the venv's bin, not the interpreter it links to
ENV = {
    **os.environ,
    "PATH": os.pathsep.join([str(VENV_BIN), os.environ.get("PATH", "")]),
    "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
}
# lesson number -> (a line of the solution, the same line with a classic mistake, what the checker must name)
BUGS = {
    "00": ("Z = W @ A_prev + b", "Z = W @ A_prev", r"\bb\b"),  # the bias left out
    "01": ("dW = dZ @ A_prev.T / m", "dW = dZ @ A_prev.T", "1/m|division by m"),
    # x read twice, its first share overwritten by the second: = where += belongs
    "02": ("    dx += du * y", "    dx = du * y", r"where \+= belongs"),
    "03": ("dZ = dA * (Z > 0)", "dZ = dA * (Z >= 0)", "Z >= 0"),
    "04": ("    dW = dW / m", "    dW = dW", "1/m|division by m"),  # the first exercise: the sum, not the average
    "05": ("dW1 = dZ1 @ X.T / m", "dW1 = dZ1 @ X.T", "1/m|division by m"),
    "06": ("        theta[i] = old\n", "", "theta"),  # theta not put back after each nudge
    "07": ('grads[f"dW{l}"] = dZ @ c.A_prev.T / m', 'grads[f"dW{l}"] = c.A_prev @ dZ.T / m', "transpose"),
    # the labels of the batch taken in the old order: every image gets another image's label
    "08": (
        "grads = backward(AL, Y[:, batch], caches, params)",
        "grads = backward(AL, Y[:, k : k + batch_size], caches, params)",
        "label",
    ),
    # a share replaces the one before: a value used twice keeps only one path's gradient
    "09": ("                parent.grad += g", "                parent.grad = g", r"\(\+=\)"),
    # dropout's backward step without the 1/keep_prob the forward pass scaled the kept units by
    "10": ("dA = dA_drop * mask / keep_prob", "dA = dA_drop * mask", "division by keep_prob is missing"),
}
STUDENTS = ["handout", "bugs_even", "bugs_odd"]


def nbgrader(course: Path, *args: str) -> None:
    run = subprocess.run(
        [str(VENV_BIN / "nbgrader"), *args], cwd=course, env=ENV, capture_output=True, text=True, timeout=600
    )
    assert run.returncode == 0, f"nbgrader {' '.join(args)} failed:\n{run.stdout[-3000:]}\n{run.stderr[-3000:]}"


def nbgrader_meta(cell) -> dict:
    return cell.metadata.get("nbgrader", {})


def solution_cells(nb) -> list:
    """A lesson's exercises, in order (a lesson may have more than one)."""
    return [c for c in nb.cells if nbgrader_meta(c).get("solution")]


def graded_cells(nb) -> list:
    """Their graded test cells, in the same order."""
    return [c for c in nb.cells if nbgrader_meta(c).get("grade")]


def solved(lesson: Path, buggy: bool) -> list[str]:
    """Each solution cell as a learner would write it: markers gone; with the lesson's classic bug
    in the one exercise that holds the line BUGS breaks, if asked."""
    sources = [c.source for c in solution_cells(nbformat.read(lesson, as_version=4))]
    if buggy:
        right, wrong, _ = BUGS[lesson.name[:2]]
        hits = [k for k, src in enumerate(sources) if right in src]
        assert hits, f"{lesson.name}: no solution has the line BUGS breaks any more: {right!r}"
        sources[hits[0]] = sources[hits[0]].replace(right, wrong, 1)
    return [
        "\n".join(line for line in src.split("\n") if "BEGIN SOLUTION" not in line and "END SOLUTION" not in line)
        for src in sources
    ]


def expected_feedback(lesson: Path) -> str:
    """What the checker of the buggy exercise says, run here in-process (the other checkers pass)."""
    nb = nbformat.read(lesson, as_version=4)
    namespace = {"np": np, "bp": bp}
    for src in solved(lesson, buggy=True):
        exec(src, namespace)
    failing = []
    for cell in graded_cells(nb):
        exec(cell.source.split("\n")[0], namespace)  # feedback = bp.exercises.check_...(...)
        if not namespace["feedback"]:
            failing.append(namespace["feedback"].message)
    (message,) = failing
    return message


def exercises_of(name: str) -> list[str]:
    """The checkers' names in a lesson's test cells: check_<name>."""
    nb = nbformat.read(ROOT / "notebooks" / f"{name}.ipynb", as_version=4)
    return [re.search(r"check_(\w+)\(", c.source).group(1) for c in graded_cells(nb)]


def buggy_lessons(student: str) -> set[str]:
    return {
        "bugs_even": {n for n in NAMES if int(n[:2]) % 2 == 0},
        "bugs_odd": {n for n in NAMES if int(n[:2]) % 2},
    }.get(student, set())


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    course = tmp_path_factory.mktemp("course")
    (course / "nbgrader_config.py").write_text(
        'c = get_config()\nc.CourseDirectory.course_id = "backprop"\nc.Execute.timeout = 300\n'
    )
    source = course / "source" / "backprop"
    source.mkdir(parents=True)
    for lesson in LESSONS:
        shutil.copy(lesson, source)
    nbgrader(course, "generate_assignment", "backprop")
    release = course / "release" / "backprop"
    for student in STUDENTS:
        folder = course / "submitted" / student / "backprop"
        folder.mkdir(parents=True)
        for lesson in LESSONS:
            nb = nbformat.read(release / lesson.name, as_version=4)
            if student != "handout":
                sources = solved(lesson, buggy=lesson.stem in buggy_lessons(student))
                for cell, src in zip(solution_cells(nb), sources, strict=True):
                    cell.source = src
            nbformat.write(nb, folder / lesson.name)
    # one autograde per student, one after the other: run side by side, their kernels start at the same
    # moment, and a clean-clone run on 7 December lost one ("Kernel died before replying to kernel_info")
    # before any grading began
    for student in STUDENTS:
        nbgrader(course, "autograde", "backprop", f"--student={student}", "--create")
    return course


@pytest.fixture(scope="module")
def scores(course):
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        return {
            (student, name): (
                gb.find_submission_notebook(name, "backprop", student).score,
                gb.find_submission_notebook(name, "backprop", student).max_score,
            )
            for student in STUDENTS
            for name in NAMES
        }


def autograded(course: Path, student: str, name: str):
    return nbformat.read(course / "autograded" / student / "backprop" / f"{name}.ipynb", as_version=4)


def errors(cell) -> list[str]:
    return [f"{o.ename}: {o.evalue}" for o in cell.get("outputs", []) if o.output_type == "error"]


def test_the_lessons_are_in_sync_with_the_metadata_script():
    run = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "nbgrader_metadata.py"), "--check"],
        env=ENV,
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, run.stdout + run.stderr


def test_generate_assignment_hands_out_every_lesson(course):
    for lesson in LESSONS:
        nb = nbformat.read(course / "release" / "backprop" / lesson.name, as_version=4)
        text = nbformat.writes(nb)
        assert "BEGIN SOLUTION" not in text
        source = nbformat.read(lesson, as_version=4)
        pairs = zip(solution_cells(source), solution_cells(nb), strict=True)
        for k, (original, handed_out) in enumerate(pairs):
            region = original.source.split("BEGIN SOLUTION\n")[1].split("END SOLUTION")[0]
            hidden = [line.strip() for line in region.split("\n")[:-1] if line.strip()]
            assert hidden and not [line for line in hidden if line in handed_out.source], f"{lesson.name} #{k}"
            assert "# YOUR CODE HERE\n" in handed_out.source and PLACEHOLDER in handed_out.source
        assert len(graded_cells(nb)) == len(solution_cells(nb)), lesson.name
        for graded in graded_cells(nb):
            assert graded.metadata.editable is False and graded.metadata.deletable is False
            assert "assert feedback, feedback.message" in graded.source
        assert not any(c.get("outputs") for c in nb.cells if c.cell_type == "code")


def test_the_light_script_makes_the_same_cells_as_nbgrader(course):
    for lesson in LESSONS:
        ours, n = student_version(lesson)
        theirs = nbformat.read(course / "release" / "backprop" / lesson.name, as_version=4)
        assert n == len(solution_cells(theirs)) >= 1 and len(ours.cells) == len(theirs.cells)
        for i, (a, b) in enumerate(zip(ours.cells, theirs.cells, strict=True)):
            assert a.source == b.source, f"{lesson.name} cell {i}"
            assert a.get("outputs") == b.get("outputs") and a.get("execution_count") == b.get("execution_count")
            for flag in ("editable", "deletable"):
                assert a.metadata.get(flag) == b.metadata.get(flag), f"{lesson.name} cell {i}: {flag}"


@pytest.mark.parametrize(
    "source",
    [
        "def f(x):\n    ### BEGIN SOLUTION\n    y = 2 * x\n    ### END SOLUTION\n    return y\n",
        "### BEGIN SOLUTION\nz = 1\n### END SOLUTION",
        "a = 1\nif a:\n    ### BEGIN SOLUTION\n    b = 2\n    ### END SOLUTION\n"
        "### BEGIN SOLUTION\nc = 3\n### END SOLUTION\n",
    ],
)
def test_strip_solutions_replaces_regions_as_nbgrader_does(source):
    from nbgrader.preprocessors import ClearSolutions

    cell = nbformat.v4.new_code_cell(source)
    ClearSolutions()._replace_solution_region(cell, "python")
    assert strip_solutions(source)[0] == cell.source


def test_solutions_get_full_marks(course, scores):
    for student in ("bugs_even", "bugs_odd"):
        for name in set(NAMES) - buggy_lessons(student):
            score, max_score = scores[student, name]
            assert max_score == sum(EXERCISES[x].points for x in exercises_of(name))
            assert score == max_score, f"{student}/{name}: {score} of {max_score}"
            nb = autograded(course, student, name)
            assert not [e for c in nb.cells for e in errors(c)], f"{student}/{name}: an error in a solved lesson"


def test_the_untouched_handout_gets_zero_and_says_not_implemented(course, scores):
    for name in NAMES:
        assert scores["handout", name][0] == 0, name
        nb = autograded(course, "handout", name)
        code = [c for c in nb.cells if c.cell_type == "code" and c.source.strip()]
        graded = [i for i, c in enumerate(code) if nbgrader_meta(c).get("grade")]
        before = [e for c in code[: graded[0]] for e in errors(c)]
        assert not before, f"{name}: the hand-out fails before its first checker: {before}"
        for i in graded:
            (error,) = errors(code[i])
            assert error.startswith("AssertionError") and "not implemented yet" in error, f"{name}: {error}"


def test_a_classic_bug_gets_partial_marks_and_its_name_in_the_feedback(course, scores):
    for student in ("bugs_even", "bugs_odd"):
        total = sum(scores[student, n][0] for n in NAMES)
        assert 0 < total < sum(scores[student, n][1] for n in NAMES), f"{student}: {total} points"
        for name in buggy_lessons(student):
            lesson = ROOT / "notebooks" / f"{name}.ipynb"
            message = expected_feedback(lesson)
            assert "NOT YET" in message and re.search(BUGS[name[:2]][2], message), f"{name}: {message}"
            failed = [c for c in graded_cells(autograded(course, student, name)) if errors(c)]
            (cell,) = failed
            (error,) = errors(cell)
            assert error == f"AssertionError: {message}", f"{student}/{name}"
            # no points for the buggy exercise, full points for the lesson's other exercises
            lost = EXERCISES[re.search(r"check_(\w+)\(", cell.source).group(1)].points
            score, max_score = scores[student, name]
            assert score == max_score - lost, f"{student}/{name}: {score} of {max_score}"


def test_the_metadata_script_rebuilds_a_lesson_from_its_plain_form():
    """A lesson with no nbgrader metadata and the one-line checker gets exactly the committed metadata back."""
    from nbgrader_metadata import with_metadata

    for lesson in LESSONS:
        committed = nbformat.read(lesson, as_version=4)
        plain = nbformat.read(lesson, as_version=4)
        for cell in plain.cells:
            cell.metadata.pop("nbgrader", None)
            if nbgrader_meta_of(committed, cell.id).get("grade"):
                cell.source = cell.source.split("\n")[0].removeprefix("feedback = ")
        rebuilt = with_metadata(plain, lesson.name[:2])
        assert [(c.source, c.metadata) for c in rebuilt.cells] == [(c.source, c.metadata) for c in committed.cells]
        assert with_metadata(rebuilt, lesson.name[:2]) == rebuilt  # idempotent


def test_the_metadata_script_refuses_a_checker_cell_it_does_not_know():
    from nbgrader_metadata import with_metadata

    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("x = bp.exercises.check_update(update) or 1")])
    with pytest.raises(ValueError, match="does not know"):
        with_metadata(nb, "07")


def nbgrader_meta_of(nb, cell_id: str) -> dict:
    return next(nbgrader_meta(c) for c in nb.cells if c.id == cell_id)
