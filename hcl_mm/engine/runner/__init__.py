# Copyright (c) hcl_mm contributors. All rights reserved.
from .hcl_runner import HCLRunner

__all__ = ['HCLRunner']
