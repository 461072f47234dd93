"""numpy's BLAS threads: one is faster for the lessons' small matrices.

A product of a few hundred entries gains nothing from a second BLAS thread, and on a busy
machine (Binder, a shared server, a laptop running the browser) a woken thread can wait for a
core. Measured on 2 shared cores under load: a digits-size explorer move
(LayerExplorer([64, 32, 10], m=500)) took a median 160 ms with OpenBLAS's 2 threads and 2 ms
with one (benchmarks/bench_widgets.py); lesson 07 ran in 17 s with 2 threads and 6 s with one
(scripts/execute_notebooks.py). threadpoolctl does the limiting; without it these are no-ops.
"""

from __future__ import annotations

import contextlib

_POOL: list = []  # the threadpoolctl controller, made on first use (None when threadpoolctl is missing)


def _controller():
    if not _POOL:
        try:
            from threadpoolctl import ThreadpoolController

            _POOL.append(ThreadpoolController())
        except ImportError:
            _POOL.append(None)
    return _POOL[0]


def one_blas_thread() -> contextlib.AbstractContextManager:
    """A context where numpy's BLAS uses one thread."""
    pool = _controller()
    return contextlib.nullcontext() if pool is None else pool.limit(limits=1, user_api="blas")


def use_one_blas_thread() -> bool:
    """From now on, numpy's BLAS uses one thread in this process (a lesson's kernel). False without threadpoolctl."""
    pool = _controller()
    if pool is None:
        return False
    pool.limit(limits=1, user_api="blas")  # not used as a context: the limit stays
    return True
