"""Live explorers: move a weight, watch Z, A, dZ, dW, db and dA change, shapes written beside them.

Every explorer here is one line in a lesson, e.g. ``bp.widgets.LayerExplorer()``.

How they draw. Each move recomputes the network (tens of microseconds) and
rewrites one ``ipywidgets.HTML`` value holding all the heatmaps as coloured
HTML tables. The browser swaps the table in place: no new figure per move, no
flicker, no pile-up, and a few milliseconds end to end, where re-rendering a
matplotlib figure and sending a PNG costs 50-300 ms per move. Core ipywidgets
only, so it works wherever ipywidgets does (JupyterLab, Notebook 7, VS Code,
Colab) with no extension to build. Colour limits stay fixed while you drag;
"Rescale colours" refits them.

Without a kernel (GitHub, nbviewer, a CI log) an explorer's output still shows a
PNG picture of its state and a text summary of shapes and norms: both sit in
the same display bundle as the widget, and a front end that cannot render the
widget shows them instead.

Layout: ``base`` (the shared machinery), one module per explorer family
(``layer``, ``matmul``, ``stepper``, ``checking``, ``shapes``, ``training``).
"""

from __future__ import annotations

from .base import STEP, Displayable, Explorer, demo_batch
from .checking import GradCheckExplorer
from .layer import ChainExplorer, LayerExplorer, MaskExplorer, OutputExplorer, layer_matrices
from .matmul import MatmulExplorer
from .shapes import ShapeExplorer
from .stepper import BackwardStepper
from .training import TrainingExplorer

__all__ = [
    "STEP",
    "BackwardStepper",
    "ChainExplorer",
    "Displayable",
    "Explorer",
    "GradCheckExplorer",
    "LayerExplorer",
    "MaskExplorer",
    "MatmulExplorer",
    "OutputExplorer",
    "ShapeExplorer",
    "TrainingExplorer",
    "demo_batch",
    "layer_matrices",
]
