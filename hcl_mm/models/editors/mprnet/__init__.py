# Copyright (c) hcl_mm contributors. All rights reserved.
from .mprnet import MPRNet
from .mprnet_restorer import MPRNetRestorer

__all__ = ['MPRNet', 'MPRNetRestorer']
