# Copyright (c) hcl_mm contributors. All rights reserved.
from .base_blind_inpaintor import BaseBlindInpaintor
from .detect_then_inpaint import DetectThenInpaint
from .hcl_inpaintor import TRAINING_ONLY, HCLInpaintor, inference_model_cfg
from .mmagic_inpainter import (MMAGIC_INPAINTERS, mmagic_inpaint,
                               mmagic_inpainter_cfg)
from .pairing import detector_part, pairing_cfg, pairing_state_dict

__all__ = [
    'BaseBlindInpaintor', 'HCLInpaintor', 'TRAINING_ONLY',
    'inference_model_cfg', 'DetectThenInpaint', 'MMAGIC_INPAINTERS',
    'mmagic_inpaint', 'mmagic_inpainter_cfg', 'detector_part', 'pairing_cfg',
    'pairing_state_dict'
]
