"""The same lesson on every machine: strict nbval and the claims under each variant of tests/variants.py.

Each machine variant (another OpenBLAS kernel, numpy's AVX2 or baseline code, two BLAS threads) runs every
lesson through strict nbval and every claim test (as-is) in a child pytest; each nudge (a one-ulp nudge of the
start, one-ulp noise at every training step) runs every lesson. They run two at a time, once per session.
A number that changes under any of them is a fact about rounding: the lesson must print it to the precision that
holds, or say why it differs (numbers below 1e-7 are hidden from nbval by tests/sanitize.cfg, and a lesson that
prints one says, in a cell marked ``<!-- rounding-noise -->``, that its digits are rounding noise).
"""

from __future__ import annotations

import configparser
import json
import re
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
import pytest

import backprop_lib as bp
import backprop_lib.widgets as W

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import variants  # noqa: E402

LESSONS = variants.lessons()
RUNNABLE = [n for n in variants.VARIANTS if not variants.unsupported(n)]


def _hidden_pattern() -> re.Pattern:
    cfg = configparser.ConfigParser()
    cfg.read(HERE / "sanitize.cfg")
    return re.compile(cfg["tiny gradient-check errors"]["regex"])


def _texts(path: Path) -> tuple[list[str], str]:
    """The lesson's markdown cells, and the text of its saved outputs."""
    nb = json.loads(path.read_text())
    md = ["".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown"]
    out = []
    for c in nb["cells"]:
        for o in c.get("outputs", []):
            out.append("".join(o.get("text", "")) + "".join(o.get("data", {}).get("text/plain", "")))
    return md, "\n".join(out)


@pytest.mark.parametrize("path", LESSONS, ids=[p.name for p in LESSONS])
def test_numbers_hidden_from_nbval_are_declared_rounding_noise(path):
    md, outputs = _texts(path)
    hidden = _hidden_pattern().findall(outputs)
    declared = [t for t in md if "<!-- rounding-noise -->" in t]
    if hidden:
        assert declared, (
            f"{path.name} prints numbers that tests/sanitize.cfg hides from nbval; a markdown cell marked "
            "<!-- rounding-noise --> must tell the learner their digits are rounding noise"
        )
    for t in declared:
        assert "rounding" in t and re.search(r"processor|machine|computer", t), t[:200]


# ----------------------------------------------------------------------------------------- the variants act


def test_the_start_nudge_moves_every_initial_weight_one_ulp():
    X, Y = bp.data.flower(m=40)
    plain = bp.init_params([2, 4, 1], seed=0, scale="lecun")
    explorer = W.TrainingExplorer(X, Y, [2, 4, 1], hidden="tanh", output="sigmoid").start
    try:
        variants.install("start-ulp")
        nudged = bp.init_params([2, 4, 1], seed=0, scale="lecun")
        nudged_explorer = W.TrainingExplorer(X, Y, [2, 4, 1], hidden="tanh", output="sigmoid").start
    finally:
        variants.uninstall()
    for a, b in [(plain, nudged), (explorer, nudged_explorer)]:  # the library's own callers are nudged too
        for k in a:
            expected = np.nextafter(a[k], np.inf) if k.startswith("W") else a[k]
            np.testing.assert_array_equal(b[k], expected)
    assert np.array_equal(bp.init_params([2, 4, 1], seed=0, scale="lecun")["W1"], plain["W1"])  # taken back


def test_step_noise_moves_what_each_step_changes_by_at_most_one_ulp():
    X, Y = bp.data.flower(m=40)
    p = bp.init_params([2, 4, 1], seed=0, scale="lecun")
    p["b1"][0, 0] = -50.0  # unit 0 never fires through tanh's flat tail: its db is not exactly 0, so it moves
    plain = bp.train(X, Y, params=p, hidden="tanh", output="sigmoid", learning_rate=0.5, steps=1, progress=False)
    before = variants.CALLS["update"]
    try:
        variants.install("step-noise-1")
        noisy = bp.train(X, Y, params=p, hidden="tanh", output="sigmoid", learning_rate=0.5, steps=1, progress=False)
    finally:
        variants.uninstall()
    assert variants.CALLS["update"] == before + 1  # bp.train's step went through the noise
    moved = 0
    for k in p:
        a, b = plain.params[k], noisy.params[k]
        assert np.all(np.abs(b - a) <= np.spacing(np.abs(a)))
        moved += np.count_nonzero(a != b)
    assert moved > 0
    zero = bp.update(p, {f"d{k}": np.zeros_like(v) for k, v in p.items()}, 0.5)
    assert all(np.array_equal(zero[k], p[k]) for k in p)  # a step of exactly 0 stays exactly put


# ----------------------------------------------------------------------------------------- other machines


@pytest.mark.integration
@pytest.mark.parametrize("name", [n for n in RUNNABLE if variants.VARIANTS[n].machine])
def test_a_machine_variant_really_runs_its_kernel_and_simd_level(name):
    v = variants.VARIANTS[name]
    probe = (
        "import json, numpy, threadpoolctl, numpy.lib.introspect as i\n"
        "blas = threadpoolctl.threadpool_info()[0]\n"
        "tanh = i.opt_func_info(func_name='tanh', signature='float64.*')['tanh']['dd']['current']\n"
        "print(json.dumps([blas['architecture'], blas['num_threads'], tanh]))"
    )
    done = subprocess.run([sys.executable, "-c", probe], env=variants.environment(name), capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    arch, threads, tanh = json.loads(done.stdout)
    assert arch == {"Prescott": "Katmai"}.get(v.coretype, v.coretype) and threads == v.threads
    if v.simd == "baseline":
        assert tanh.startswith("baseline"), tanh
    if v.simd == "avx2":
        assert "V4" not in tanh and "512" not in tanh, tanh


@pytest.fixture(scope="session")
def variant_runs() -> dict:
    """Every runnable variant's child run, two at a time: lessons, and for a machine variant the claims too."""
    claims = [str(HERE / "test_claims.py")]

    def one(name: str):
        return variants.run(name, LESSONS, claims if variants.VARIANTS[name].machine else [])

    with ThreadPoolExecutor(2) as pool:
        return dict(zip(RUNNABLE, pool.map(one, RUNNABLE), strict=True))


@pytest.mark.integration
@pytest.mark.parametrize("name", list(variants.VARIANTS))
def test_every_lesson_prints_the_same_and_every_claim_holds(name, variant_runs):
    why = variants.unsupported(name)
    if why:
        pytest.skip(f"{name}: {why}")
    rc, report, _ = variant_runs[name]
    differs = [s for s in report.splitlines() if s.lstrip().startswith(("-", "+", "FAILED", "E "))]
    assert rc == 0, f"{name}: lessons or claims differ from the saved outputs:\n" + "\n".join(differs[:80])
