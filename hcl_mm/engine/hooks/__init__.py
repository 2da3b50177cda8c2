# Copyright (c) hcl_mm contributors. All rights reserved.
from .corruption_visualization_hook import (CorruptionVisualizationHook,
                                            comparison_grid)
from .time_budget_hook import TimeBudgetHook

__all__ = ['CorruptionVisualizationHook', 'TimeBudgetHook', 'comparison_grid']
