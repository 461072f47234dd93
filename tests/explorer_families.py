"""The explorer families the widget tests run over: every Explorer subclass a lesson builds with
its defaults alone (the one home of this list for test_widgets, test_heatmap and test_explorer_inputs)."""

from backprop_lib import widgets as W

EXPLORERS = [
    W.LayerExplorer,
    W.OutputExplorer,
    W.ChainExplorer,
    W.MaskExplorer,
    W.MatmulExplorer,
    W.BackwardStepper,
    W.GradCheckExplorer,
]
