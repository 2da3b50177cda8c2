# Copyright (c) hcl_mm contributors. All rights reserved.
from .hcl_encoder import HCLEncoder

__all__ = ['HCLEncoder']
