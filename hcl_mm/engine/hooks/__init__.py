# Copyright (c) hcl_mm contributors. All rights reserved.
from .corruption_visualization_hook import (CorruptionVisualizationHook,
                                            comparison_grid)

__all__ = ['CorruptionVisualizationHook', 'comparison_grid']
