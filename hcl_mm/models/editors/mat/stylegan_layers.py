# Copyright (c) hcl_mm contributors. All rights reserved.
"""StyleGAN2's layers as MAT uses them, taken from mmagic (modulated
convolutions, to-RGB skips, blurred down-sampling convolutions, residual
critic blocks, the minibatch-stddev layer, equalised linear layers).

mmagic is imported when a MAT module is built, not when hcl_mm is."""
import warnings
from contextlib import contextmanager
from types import ModuleType
from typing import Iterator

import torch.nn as nn


def stylegan2() -> ModuleType:
    """``mmagic.models.editors.stylegan2.stylegan2_modules`` (its
    ``ModulatedStyleConv``, ``ModulatedToRGB``, ``ConvDownLayer``,
    ``ResBlock``, ``ModMBStddevLayer``, ``EqualLinearActModule``)."""
    from mmagic.models.editors.stylegan2 import stylegan2_modules
    return stylegan2_modules


@contextmanager
def quiet_gradfix() -> Iterator[None]:
    """Silence mmcv's notice that its CUDA-only ``conv2d_gradfix`` falls
    back to ``F.conv2d`` (printed on every blurred convolution with recent
    torch; the fallback is the intended path on a CPU)."""
    with warnings.catch_warnings():
        warnings.filterwarnings(
            'ignore',
            message='Since aten:cudnn_convolution_backward_weight',
            category=UserWarning)
        yield


def equal_linear(in_dims: int,
                 out_dims: int,
                 lr_mul: float = 1.,
                 act: bool = True) -> nn.Module:
    """mmagic's equalised-learning-rate linear layer (StyleGAN2's), with its
    fused bias + leaky ReLU when ``act``."""
    return stylegan2().EqualLinearActModule(
        in_dims,
        out_dims,
        equalized_lr_cfg=dict(lr_mul=lr_mul, gain=1.),
        act_cfg=dict(type='fused_bias') if act else None)
