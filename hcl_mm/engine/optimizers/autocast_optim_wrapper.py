# Copyright (c) hcl_mm contributors. All rights reserved.
from contextlib import contextmanager
from typing import Union

import torch
from mmengine.optim import OptimWrapper
from torch import nn

from hcl_mm.registry import OPTIM_WRAPPERS


@OPTIM_WRAPPERS.register_module()
class AutocastOptimWrapper(OptimWrapper):
    """Mixed precision through ``torch.autocast``, without loss scaling.

    MMEngine's ``AmpOptimWrapper`` refuses to run without a GPU. bfloat16
    has the exponent range of float32 and needs no loss scaling, so this
    wrapper only enters ``torch.autocast`` on the model's device (CPU
    included) inside :meth:`optim_context`. ``tools/train.py --amp`` uses it
    on machines without CUDA.

    Args:
        dtype (str | torch.dtype): autocast dtype. Defaults to 'bfloat16'.
        **kwargs: see :class:`mmengine.optim.OptimWrapper`.
    """

    def __init__(self,
                 dtype: Union[str, torch.dtype] = 'bfloat16',
                 **kwargs) -> None:
        super().__init__(**kwargs)
        self.cast_dtype = getattr(torch, dtype) if isinstance(dtype,
                                                              str) else dtype

    @contextmanager
    def optim_context(self, model: nn.Module):
        """Gradient-accumulation context plus autocast on the model device."""
        param = next(model.parameters(), None)
        device_type = param.device.type if param is not None else 'cpu'
        with super().optim_context(model), torch.autocast(
                device_type=device_type, dtype=self.cast_dtype):
            yield
