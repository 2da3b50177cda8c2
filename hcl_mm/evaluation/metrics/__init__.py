# Copyright (c) hcl_mm contributors. All rights reserved.
from .corruption_mask_metric import CorruptionMaskMetric
from .restoration_metric import RestorationMetric, build_lpips

__all__ = ['CorruptionMaskMetric', 'RestorationMetric', 'build_lpips']
