"""Other machines, on this one: the ways a lesson's numbers could come out differently elsewhere.

A printed number or a lesson's claim must not depend on how a machine rounds. Machines differ in two
libraries' choices, and a run can be nudged on purpose:

* **OpenBLAS's kernel** (``OPENBLAS_CORETYPE``): each CPU family sums a matrix product's terms in its own
  order, so the last bit of an entry differs. Prescott, Sandybridge and Haswell run on any x86-64 CPU with
  AVX2; SkylakeX needs ``avx512f`` (without it the process dies).
* **numpy's SIMD level** (``NPY_DISABLE_CPU_FEATURES``): ``exp``, ``tanh``, ``log``, ``sin`` have their own
  code for AVX2 and for AVX-512, each correct to about one ulp and not equal to each other. A CPU without
  AVX-512 (many AMD and older Intel machines) runs the AVX2 code. With OpenBLAS's Haswell kernel this is what
  such a laptop computes, and it is what turned lesson 05's J 0.2498 into 0.2445 on another machine.
* **BLAS threads**: the lessons ask for one (``backprop_lib._blas``); a variant lifts that limit and lets two
  threads run.
* **a one-ulp nudge of the start** (``start-ulp``): every entry of every ``W[l]`` that ``init_params`` makes
  moves up by one unit in the last place.
* **rounding noise at every step** (``step-noise-N``): every entry that a step changes moves by -1, 0 or
  +1 ulp at random (seed N). That is what another machine's rounding does to a training run, step after step. A run
  whose outcome moves under it is chaotic, and a lesson may state of it only what every variant keeps.

``install(name)`` applies a variant's perturbation to this process's ``backprop_lib`` (``uninstall()`` takes
it back); ``environment(name)`` gives the environment of a child process (a Jupyter kernel, a script) that runs
as that variant, with an IPython startup folder that calls ``install`` in any kernel started with it.
``tests/test_reproducible.py`` runs every lesson through strict nbval under each variant, and
``tests/test_claims.py`` every claim under the nudges. From the command line:

    .venv/bin/python tests/variants.py                                 # every lesson, every variant
    .venv/bin/python tests/variants.py -v haswell-avx2 notebooks/05_full_network.ipynb
"""

from __future__ import annotations

import argparse
import functools
import os
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent


@dataclass(frozen=True)
class Variant:
    name: str
    coretype: str | None = None  # OPENBLAS_CORETYPE
    simd: str | None = None  # numpy's dispatch: "avx2" (no AVX-512 code) or "baseline" (no dispatched code)
    threads: int = 1  # BLAS threads; 2 lifts the lessons' one-thread limit
    perturb: str | None = None  # "start" or "steps"
    seed: int = 0  # of the step noise
    needs: tuple[str, ...] = ()  # CPU flags

    @property
    def machine(self) -> bool:
        """A variant of the machine (libraries, kernels, threads), not of the numbers a run starts from."""
        return self.perturb is None


VARIANTS = {
    v.name: v
    for v in [
        Variant("prescott-baseline", coretype="Prescott", simd="baseline"),
        Variant("sandybridge-avx2", coretype="Sandybridge", simd="avx2", needs=("avx",)),
        Variant("haswell-avx2", coretype="Haswell", simd="avx2", needs=("avx2",)),
        Variant("haswell-2-threads", coretype="Haswell", threads=2, needs=("avx2",)),
        Variant("skylakex-2-threads", coretype="SkylakeX", threads=2, needs=("avx512f",)),
        Variant("start-ulp", perturb="start"),
        Variant("step-noise-1", perturb="steps", seed=1),
        Variant("step-noise-2", perturb="steps", seed=2),
        Variant("step-noise-3", perturb="steps", seed=3),
    ]
}
NUDGES = ["start-ulp", "step-noise-1"]  # what test_claims.py runs every claim under, in-process


def cpu_flags() -> set[str]:
    try:
        text = Path("/proc/cpuinfo").read_text()
    except OSError:
        return set()
    line = next((s for s in text.splitlines() if s.startswith("flags")), "")
    return set(line.split(":", 1)[-1].split())


def unsupported(name: str) -> str | None:
    """Why this machine cannot run the variant, or None."""
    v = VARIANTS[name]
    if v.coretype and not (sys.platform.startswith("linux") and os.uname().machine == "x86_64"):
        return "OPENBLAS_CORETYPE names x86-64 kernels of numpy's bundled OpenBLAS (Linux)"
    missing = [f for f in v.needs if f not in cpu_flags()]
    return f"this CPU lacks {', '.join(missing)}" if missing else None


def _disabled_simd(level: str) -> str:
    """numpy's dispatched features above ``level`` that this machine has: what NPY_DISABLE_CPU_FEATURES lists."""
    from numpy._core._multiarray_umath import __cpu_dispatch__, __cpu_features__

    above = [f for f in __cpu_dispatch__ if __cpu_features__.get(f)]
    if level == "avx2":
        above = [f for f in above if "512" in f or f == "X86_V4"]
    return " ".join(above)


def environment(name: str, base: dict[str, str] | None = None) -> dict[str, str]:
    """The environment of a child process (a Jupyter kernel, a script) that runs as variant ``name``."""
    v = VARIANTS[name]
    env = dict(os.environ if base is None else base)
    for key in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        env[key] = str(v.threads)
    if v.coretype:
        env["OPENBLAS_CORETYPE"] = v.coretype
    if v.simd:
        env["NPY_DISABLE_CPU_FEATURES"] = _disabled_simd(v.simd)
    ipython = Path(tempfile.mkdtemp(prefix=f"ipython-{name}-"))
    startup = ipython / "profile_default" / "startup"
    startup.mkdir(parents=True)
    (startup / "00-variant.py").write_text(
        f"import sys\nsys.path.insert(0, {str(HERE)!r})\nimport variants\nvariants.install({name!r})\n"
    )
    env["IPYTHONDIR"] = str(ipython)
    env["BACKPROP_VARIANT"] = name  # a child script calls install() with no argument
    return env


# ----------------------------------------------------------------------------------------- perturbations

CALLS = {"init_params": 0, "update": 0}  # how often a perturbation acted: one that never acts proves nothing
_SAVED: list[tuple[object, object]] = []  # (original, replacement) pairs install() put in place


def _modules() -> list:
    import backprop_lib
    import backprop_lib.widgets

    return [m for n, m in sys.modules.items() if n == "backprop_lib" or n.startswith("backprop_lib.")] + [backprop_lib]


def _rebind(old, new) -> None:
    """Put ``new`` wherever backprop_lib's modules hold ``old`` (``bp.update``, training's ``update``, ...)."""
    for mod in _modules():
        for attr, value in list(vars(mod).items()):
            if value is old:
                setattr(mod, attr, new)


def install(name: str | None = None) -> None:
    """Apply variant ``name`` (default: $BACKPROP_VARIANT) to this process's backprop_lib."""
    name = name or os.environ.get("BACKPROP_VARIANT")
    if not name:
        return
    uninstall()
    v = VARIANTS[name]
    import backprop_lib._blas as blas
    import backprop_lib.network as network

    if v.threads > 1:
        blas._POOL[:] = [None]  # no threadpoolctl controller: the one-thread limits become no-ops
    if v.perturb == "start":
        original = network.init_params

        @functools.wraps(original)
        def init_params(*args, **kwargs):
            params = original(*args, **kwargs)
            CALLS["init_params"] += 1
            return {k: np.nextafter(p, np.inf) if k.startswith("W") else p for k, p in params.items()}

        _SAVED.append((original, init_params))
    if v.perturb == "steps":
        original = network._update  # the one home of the step: bp.update, bp.train and the explorers call it
        rng = np.random.default_rng(v.seed)

        @functools.wraps(original)
        def _update(params, *args, **kwargs):
            new = original(params, *args, **kwargs)
            CALLS["update"] += 1
            return {k: _jitter(p, params.get(k), rng) for k, p in new.items()}

        _SAVED.append((original, _update))
    for old, new in _SAVED:
        _rebind(old, new)


def uninstall() -> None:
    """Put backprop_lib back as it was (the thread limit stays as install left it)."""
    while _SAVED:
        old, new = _SAVED.pop()
        _rebind(new, old)


def _jitter(p: np.ndarray, before: object, rng: np.random.Generator) -> np.ndarray:
    """Each entry the step changed moved by -1, 0 or +1 ulp (an entry whose gradient is exactly 0, such as a dead
    unit's, stays put on every machine: W - alpha * 0 is W)."""
    if not isinstance(p, np.ndarray) or p.dtype.kind != "f":
        return p
    way = rng.integers(-1, 2, size=p.shape) * (p != before)
    return np.where(way > 0, np.nextafter(p, np.inf), np.where(way < 0, np.nextafter(p, -np.inf), p))


# ----------------------------------------------------------------------------------------- running lessons

# Under two BLAS threads the environment check reports what it finds (no one-thread limit): its own line
# differs by design. Every other output is compared.
THREADS_LINE = "\n[the environment check's BLAS line]\nregex: numpy's BLAS: [^\\n]*\\n\nreplace: \n"


def run(name: str, paths: list[Path], extra: list[str] = ()) -> tuple[int, str, float]:
    """Strict nbval over ``paths`` (lessons, or test files in ``extra``) in a child pytest run as variant ``name``.

    Returns pytest's exit code, its report and the seconds it took."""
    env = environment(name)
    sanitize = (HERE / "sanitize.cfg").read_text()
    if VARIANTS[name].threads > 1:
        sanitize += THREADS_LINE
    cfg = Path(env["IPYTHONDIR"]) / "sanitize.cfg"
    cfg.write_text(sanitize)
    cmd = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-o", "addopts=", "--color=no"]
    cmd += ["--nbval", "--nbval-current-env", f"--nbval-sanitize-with={cfg}", *map(str, paths), *extra]
    t0 = time.perf_counter()
    done = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=900)
    return done.returncode, done.stdout + done.stderr, time.perf_counter() - t0


def lessons() -> list[Path]:
    return sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Run lessons through strict nbval as other machines would.")
    ap.add_argument("-v", "--variant", action="append", choices=list(VARIANTS), help="default: every variant")
    ap.add_argument("-j", "--jobs", type=int, default=2)
    ap.add_argument("paths", nargs="*", type=Path, help="lessons (default: every lesson)")
    args = ap.parse_args(argv)
    names = [n for n in (args.variant or VARIANTS) if not unsupported(n)]
    paths = args.paths or lessons()
    failed = 0
    with ThreadPoolExecutor(args.jobs) as pool:
        for name, (rc, report, seconds) in zip(names, pool.map(lambda n: run(n, paths), names), strict=True):
            lines = report.strip().splitlines()
            print(f"{name:20} {'ok' if rc == 0 else 'DIFFERS'}  {seconds:5.1f} s  {lines[-1] if lines else ''}")
            if rc:
                failed += 1
                print("\n".join("    " + s for s in lines if s.lstrip().startswith(("-", "+", "FAILED"))))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
