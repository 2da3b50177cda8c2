# Copyright (c) hcl_mm contributors. All rights reserved.
from .autocast_optim_wrapper import AutocastOptimWrapper
from .modules_optim_wrapper_constructor import ModulesOptimWrapperConstructor

__all__ = ['AutocastOptimWrapper', 'ModulesOptimWrapperConstructor']
