# Copyright (c) hcl_mm contributors. All rights reserved.
from .mask_prediction_net import VCNetMPN
from .res_blocks import ELUResBlock, PCBlock
from .robust_inpainting_net import VCNetRIN
from .vcnet_critics import VCNetGlobalCritic, VCNetPatchCritic
from .vcnet_inpaintor import VCNetInpaintor

__all__ = [
    'VCNetMPN', 'ELUResBlock', 'PCBlock', 'VCNetRIN', 'VCNetGlobalCritic',
    'VCNetPatchCritic', 'VCNetInpaintor'
]
