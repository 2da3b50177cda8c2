# Copyright (c) hcl_mm contributors. All rights reserved.
from .backbone_adapter import BackboneAdapter
from .hcl_encoder import HCLEncoder

__all__ = ['BackboneAdapter', 'HCLEncoder']
