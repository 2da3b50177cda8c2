# Copyright (c) hcl_mm contributors. All rights reserved.
from typing import Sequence

import torch
import torch.nn as nn
from mmengine.model import BaseModule

from hcl_mm.registry import MODELS
from ..layers import ConvAct, GatedConv, GatedResBlock


@MODELS.register_module()
class RefineUNet(BaseModule):
    """Gated-conv U-Net that refines the first-stage image ("Conv-U-Net").

    Input: the first-stage image and the mask (1 = uncorrupted),
    concatenated. Gated 5x5 conv, then per level a gated ResBlock and a
    stride-2 conv; a gated ResBlock bottleneck; per level (coarse to fine)
    a gated ResBlock on ``concat(x, skip)`` and bilinear x2 + 3x3 conv; a
    1x1 conv + tanh.

    Args:
        in_channels (int): image + mask channels. Defaults to 4.
        out_channels (int): image channels. Defaults to 3.
        base_channels (int): width of the first level. Defaults to 64.
        dim_mults (Sequence[int]): level widths in units of
            ``base_channels``. Defaults to (1, 2, 4, 8, 8).
        upsample_mode (str): 'bilinear' (released default) or 'nearest'.
    """

    def __init__(self,
                 in_channels: int = 4,
                 out_channels: int = 3,
                 base_channels: int = 64,
                 dim_mults: Sequence[int] = (1, 2, 4, 8, 8),
                 upsample_mode: str = 'bilinear',
                 init_cfg=None) -> None:
        super().__init__(init_cfg=init_cfg)
        dims = [base_channels * m for m in dim_mults]
        n = len(dims)
        self.refine_first = GatedConv(in_channels, dims[0], 5)
        self.refine_encoder = nn.ModuleList()
        for i in range(n):
            level = [GatedResBlock(dims[i], dims[i])]
            if i < n - 1:
                level.append(
                    nn.Conv2d(dims[i], dims[i + 1], 3, stride=2, padding=1))
            self.refine_encoder.append(nn.Sequential(*level))
        self.refine_bottleneck = GatedResBlock(dims[-1], dims[-1])
        self.refine_decoder = nn.ModuleList()
        for i in reversed(range(n)):
            level = [GatedResBlock(2 * dims[i], dims[i])]
            if i > 0:
                level.append(
                    nn.Sequential(
                        nn.Upsample(scale_factor=2, mode=upsample_mode),
                        nn.Conv2d(dims[i], dims[i - 1], 3, padding=1)))
            self.refine_decoder.append(nn.ModuleList(level))
        self.refine_last = ConvAct(dims[0], out_channels, 1, act='tanh')
        self.size_divisor = 2**(n - 1)

    def forward(self, img: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        """Args: img ``(B, 3, H, W)`` in [-1, 1]; mask ``(B, 1, H, W)``."""
        x = self.refine_first(torch.cat([img, mask.to(img.dtype)], 1))
        skips = []
        for level in self.refine_encoder:
            x = level[0](x)
            skips.append(x)
            if len(level) > 1:
                x = level[1](x)
        x = self.refine_bottleneck(x)
        for level, skip in zip(self.refine_decoder, reversed(skips)):
            x = level[0](torch.cat([x, skip], 1))
            if len(level) > 1:
                x = level[1](x)
        return self.refine_last(x)
