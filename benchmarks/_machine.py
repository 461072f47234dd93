"""What machine a benchmark ran on, for its first line: the CPU's model and the BLAS kernel asked for."""

from __future__ import annotations

import os
import platform
from pathlib import Path


def cpu_name() -> str:
    """The CPU's model name (Linux's /proc/cpuinfo), else what platform knows."""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def machine() -> str:
    """``cpu_name()``, the number of cores, and OPENBLAS_CORETYPE when it is set (another kernel than the CPU's)."""
    forced = os.environ.get("OPENBLAS_CORETYPE")
    return f"{cpu_name()}, {os.cpu_count()} cores" + (f", OPENBLAS_CORETYPE={forced}" if forced else "")
