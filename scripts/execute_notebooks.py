"""Execute lessons top to bottom in a fresh kernel and save them with their outputs.

    python scripts/execute_notebooks.py                 # every lesson in notebooks/
    python scripts/execute_notebooks.py notebooks/03_*.ipynb

The kernel is this Python (so run it with the project's venv), the working
folder is notebooks/, and the widget state is stored in the notebook so that
nbviewer can show the explorers without a kernel.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]

# What JupyterLab itself writes for the ipykernel kernel: with anything else, opening a lesson marks it changed
# at once (the front end rewrites the display name) and autosave rewrites the file.
KERNELSPEC = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}


def execute(path: Path, timeout: int = 120) -> float:
    nb = nbformat.read(path, as_version=4)
    t0 = time.perf_counter()
    NotebookClient(
        nb,
        timeout=timeout,
        kernel_name="python3",
        resources={"metadata": {"path": str(path.parent)}},
        store_widget_state=True,
        record_timing=False,  # no per-cell timestamps: re-running a lesson changes only what it shows
    ).execute()
    seconds = time.perf_counter() - t0
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
    nb.metadata["kernelspec"] = dict(KERNELSPEC)
    nbformat.write(nb, path)
    return seconds


def main(args: list[str]) -> None:
    paths = [Path(a) for a in args] or sorted((ROOT / "notebooks").glob("[0-9]*.ipynb"))
    total = 0.0
    for p in paths:
        s = execute(p)
        total += s
        print(f"{s:6.1f} s  {p}")
    print(f"{total:6.1f} s  in all")


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("notebooks", nargs="*", help="lessons to execute (default: every notebooks/NN_*.ipynb)")
    main(ap.parse_args().notebooks)
