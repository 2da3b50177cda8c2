# Copyright (c) hcl_mm contributors. All rights reserved.
from .mask_guided_decoder import MaskGuidedDecoder

__all__ = ['MaskGuidedDecoder']
