# Copyright (c) hcl_mm contributors. All rights reserved.
from .mmseg_mask_detector import MMSegMaskDetector

__all__ = ['MMSegMaskDetector']
