# Copyright (c) hcl_mm contributors. All rights reserved.
from .patch_critic import PatchCritic

__all__ = ['PatchCritic']
