"""The first cell of every lesson: is this environment ready, and if not, what to do."""

from __future__ import annotations

import os
import re
import sys
from dataclasses import dataclass, field

from ._blas import use_one_blas_thread
from ._validate import InputError
from ._version import __version__


def _parse(v: str) -> tuple[int, ...]:
    parts = []
    for p in v.split("."):
        digits = "".join(ch for ch in p if ch.isdigit())
        parts.append(int(digits) if digits else 0)
    return tuple(parts)


def front_end() -> str:
    """A best guess at where this kernel's notebook is shown."""
    if "google.colab" in sys.modules or "COLAB_RELEASE_TAG" in os.environ:
        return "Google Colab"
    if any(k.startswith("VSCODE_") for k in os.environ):
        return "VS Code"
    if "BINDER_LAUNCH_HOST" in os.environ or "BINDER_REPO_URL" in os.environ:
        return "Binder (JupyterLab)"
    if "JUPYTERHUB_USER" in os.environ:
        return "a JupyterHub"
    try:
        from IPython import get_ipython

        shell = get_ipython()
    except ImportError:
        shell = None
    if shell is None or not hasattr(shell, "kernel"):
        return "plain Python (no notebook kernel)"
    return "Jupyter (JupyterLab, Notebook 7 or an executed copy)"


def _python() -> str:
    """The kernel's own python, as a command to paste (a venv's python; Debian has no plain `python`)."""
    exe = sys.executable or "python3"
    return f'"{exe}"' if " " in exe else exe


@dataclass
class EnvironmentReport:
    ok: bool
    lines: list[str] = field(default_factory=list)

    def __repr__(self) -> str:
        return "\n".join(self.lines)


def check_environment(required: str = "0.1.0") -> EnvironmentReport:
    """Check the installed backprop_lib against the lesson's ``required`` version, and the widgets.

    Introduced in lesson 00.

    Returns a report whose text is short when all is well and says what to do when not. It also
    sets numpy's BLAS to one thread for the rest of the session (see :mod:`backprop_lib._blas`).
    """
    if not isinstance(required, str) or not re.fullmatch(r"\d+(\.\d+)*", required.strip()):
        raise InputError(f"check_environment: required = {required!r}; give the version a lesson needs, like '0.1.0'")
    lines: list[str] = []
    ok = True
    if _parse(__version__) < _parse(required):
        ok = False
        lines.append(
            f"backprop_lib {__version__} is installed but this lesson needs >= {required}: from the repository "
            f"root run `{_python()} -m pip install -e .`, then restart the kernel"
        )
    else:
        lines.append(f"backprop_lib {__version__}: ok (this lesson needs >= {required})")
    try:
        import ipywidgets

        major = _parse(ipywidgets.__version__)[0]
        if major < 8:
            ok = False
            lines.append(
                f"ipywidgets {ipywidgets.__version__} is too old for the explorers: "
                f"`{_python()} -m pip install 'ipywidgets>=8.1'`"
            )
        else:
            lines.append(f"interactive widgets: ipywidgets {major} is installed")
    except ImportError:
        ok = False
        lines.append(
            f"ipywidgets is missing: `{_python()} -m pip install -r requirements.txt`; without it the explorers "
            "cannot run"
        )
    if use_one_blas_thread():
        lines.append("numpy's BLAS: one thread (small matrices: faster and steadier)")
    where = front_end()
    lines.append(f"front end: {where}")
    lines.append("if the explorers below show still pictures, not sliders, this page was not run here (GitHub,")
    lines.append("  nbviewer): open the lesson in JupyterLab or on Binder and run it")
    return EnvironmentReport(ok, lines)
