# Copyright (c) hcl_mm contributors. All rights reserved.
from .hcl_inpaintor import TRAINING_ONLY, HCLInpaintor, inference_model_cfg

__all__ = ['HCLInpaintor', 'TRAINING_ONLY', 'inference_model_cfg']
