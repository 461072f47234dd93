"""Live explorers: move a weight, watch Z, A, dZ, dW, db and dA change, shapes written beside them.

Every explorer here is one line in a lesson, e.g. ``bp.widgets.LayerExplorer()``.

How they draw. Each move recomputes the network (tens of microseconds) and sends
ONE message to the browser: every heatmap's values as one float32 buffer (4 bytes
per entry), plus the caption when it changed. The heatmap widget (``heatmap.py``
and its ``heatmap.js``, an anywidget) paints them on canvases in the same frame.
Click any entry and the panel under the maps writes the sum that makes it, in
numbers, and lights the entries it is made of; drag an entry of W[l] or b[l] up or
down (or Shift+Up / Shift+Down) to change it on the slider grid. Colour limits stay
fixed while you drag; "Rescale colours" refits them. ``explorer.state`` is one line
that ``from_state`` turns back into the same view.

Without a kernel (GitHub, nbviewer, a CI log) an explorer's output still shows a
PNG picture of its state and a text summary of shapes and norms: both sit in
the same display bundle as the widget, and a front end that cannot render the
widget shows them instead.

Layout: ``base`` (the shared machinery), ``heatmap`` (the widget), one module per explorer family
(``layer``, ``matmul``, ``outer``, ``graph``, ``scalar``, ``stepper``, ``checking``, ``shapes``, ``training``,
``flow``).
"""

from __future__ import annotations

from .base import STEP, Displayable, Explorer, demo_batch, from_state
from .checking import GradCheckExplorer
from .flow import GradientFlowExplorer
from .graph import GraphStepper
from .heatmap import Heatmaps
from .layer import ChainExplorer, LayerExplorer, MaskExplorer, OutputExplorer, layer_matrices
from .matmul import MatmulExplorer
from .outer import OuterProductExplorer
from .scalar import ScalarGraphExplorer
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
    "GradientFlowExplorer",
    "GraphStepper",
    "Heatmaps",
    "LayerExplorer",
    "MaskExplorer",
    "MatmulExplorer",
    "OuterProductExplorer",
    "OutputExplorer",
    "ScalarGraphExplorer",
    "ShapeExplorer",
    "TrainingExplorer",
    "demo_batch",
    "from_state",
    "layer_matrices",
]
