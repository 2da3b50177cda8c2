# Copyright (c) hcl_mm contributors. All rights reserved.
"""Training-loop components.

Importing this package (configs do it through ``custom_imports`` and the
registries through their ``locations``) allow-lists the types of MMEngine
checkpoints for ``torch.load(weights_only=True)``, so resume and
``load_from`` work on torch >= 2.6 with safe loading left on.
"""
from hcl_mm.utils.checkpoint import register_checkpoint_safe_globals

register_checkpoint_safe_globals()

from .hooks import CorruptionVisualizationHook  # noqa: E402
from .optimizers import AutocastOptimWrapper  # noqa: E402
from .runner import HCLRunner  # noqa: E402

__all__ = [
    'AutocastOptimWrapper', 'CorruptionVisualizationHook', 'HCLRunner',
    'register_checkpoint_safe_globals'
]
