# Copyright (c) hcl_mm contributors. All rights reserved.
from .corruption_mask_metric import CorruptionMaskMetric
from .fid_metric import FIDMetric, build_inception
from .restoration_metric import RestorationMetric, build_lpips

__all__ = [
    'CorruptionMaskMetric', 'FIDMetric', 'RestorationMetric',
    'build_inception', 'build_lpips'
]
