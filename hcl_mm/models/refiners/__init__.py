# Copyright (c) hcl_mm contributors. All rights reserved.
from .refine_unet import RefineUNet

__all__ = ['RefineUNet']
