# Copyright (c) hcl_mm contributors. All rights reserved.
from .hcl_mask_detector import HCLMaskDetector
from .mmseg_mask_detector import MMSegMaskDetector

__all__ = ['HCLMaskDetector', 'MMSegMaskDetector']
