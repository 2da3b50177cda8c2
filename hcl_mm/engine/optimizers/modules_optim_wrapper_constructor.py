# Copyright (c) hcl_mm contributors. All rights reserved.
from typing import Dict, List, Optional, Union

import torch.nn as nn
from mmengine.optim import DefaultOptimWrapperConstructor, OptimWrapperDict

from hcl_mm.registry import OPTIM_WRAPPER_CONSTRUCTORS


@OPTIM_WRAPPER_CONSTRUCTORS.register_module()
class ModulesOptimWrapperConstructor:
    """One optimizer wrapper per named group of a model's submodules.

    The config convention of ``mmagic.MultiOptimWrapperConstructor`` (each
    key an ``OptimWrapper`` config, its ``modules`` the attribute names of
    the submodules it updates; without ``modules`` the key itself), built
    with MMEngine's :class:`DefaultOptimWrapperConstructor` per group into
    an :class:`OptimWrapperDict`. It needs MMEngine alone, so a detection
    config trains where mmagic cannot be imported (NumPy 2, a lent GPU
    machine without it)::

        optim_wrapper = dict(
            constructor='hcl_mm.ModulesOptimWrapperConstructor',
            generator=dict(
                type='OptimWrapper',
                modules=['encoder', 'mask_detector', 'decoder'],
                optimizer=dict(type='Adam', lr=1e-4)),
            refiner=dict(
                type='OptimWrapper', modules='refiner',
                optimizer=dict(type='Adam', lr=1e-4)))

    Args:
        optim_wrapper_cfg (dict): the groups, name -> wrapper config.
        paramwise_cfg (dict, optional): must be None: set it per group.
    """

    def __init__(self,
                 optim_wrapper_cfg: dict,
                 paramwise_cfg: Optional[dict] = None) -> None:
        if paramwise_cfg is not None:
            raise ValueError('set paramwise_cfg in each group of '
                             'optim_wrapper, not for all of them')
        if not optim_wrapper_cfg or not all(
                isinstance(v, dict) for v in optim_wrapper_cfg.values()):
            raise TypeError('optim_wrapper must map group names to optim '
                            f'wrapper configs, got {optim_wrapper_cfg!r}')
        self.modules: Dict[str, List[str]] = {}
        self.constructors: Dict[str, DefaultOptimWrapperConstructor] = {}
        for name, cfg in optim_wrapper_cfg.items():
            cfg = dict(cfg)
            modules: Union[str, List[str]] = cfg.pop('modules', name)
            if isinstance(modules, str):
                modules = [modules]
            self.modules[name] = list(modules)
            paramwise = cfg.pop('paramwise_cfg', None)
            self.constructors[name] = DefaultOptimWrapperConstructor(
                cfg, paramwise)

    def __call__(self, model: nn.Module) -> OptimWrapperDict:
        """Build every group's wrapper over its submodules of ``model``."""
        model = getattr(model, 'module', model)  # a DDP wrapper's model
        wrappers = {}
        for name, constructor in self.constructors.items():
            missing = [m for m in self.modules[name] if not hasattr(model, m)]
            if missing:
                raise KeyError(f'optim_wrapper.{name}: {type(model).__name__}'
                               f' has no submodule {missing}')
            wrappers[name] = constructor(
                nn.ModuleList(getattr(model, m) for m in self.modules[name]))
        return OptimWrapperDict(**wrappers)
