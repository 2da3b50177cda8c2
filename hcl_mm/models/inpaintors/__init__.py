# Copyright (c) hcl_mm contributors. All rights reserved.
from .hcl_inpaintor import HCLInpaintor

__all__ = ['HCLInpaintor']
