# Copyright (c) hcl_mm contributors. All rights reserved.
from .mask_aware_stage import AdjustedTransformerBlock, MaskAwareStage
from .mat_critic import MATCritic
from .mat_generator import MATGenerator, StyleDecoder
from .mat_inpaintor import MATInpaintor
from .style_manipulation import StyleManipulation

__all__ = [
    'AdjustedTransformerBlock', 'MaskAwareStage', 'MATCritic', 'MATGenerator',
    'StyleDecoder', 'MATInpaintor', 'StyleManipulation'
]
