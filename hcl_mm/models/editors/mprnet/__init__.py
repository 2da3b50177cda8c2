# Copyright (c) hcl_mm contributors. All rights reserved.
from .mprnet import MPRNet

__all__ = ['MPRNet']
