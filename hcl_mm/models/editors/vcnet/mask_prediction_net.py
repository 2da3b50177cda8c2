# Copyright (c) hcl_mm contributors. All rights reserved.
from typing import Dict, Optional

import torch
import torch.nn as nn
import torch.nn.functional as F
from mmengine.model import BaseModule, normal_init

from hcl_mm.registry import MODELS
from .res_blocks import ELUResBlock


@MODELS.register_module()
class VCNetMPN(BaseModule):
    """VCNet's mask prediction network (the blind detector of the baseline).

    ELU residual blocks: 3->64 (k5, s2), 64->128 (s2), 128->128 (dilation
    2), 128->128 (dilation 4: the bottleneck, 128 x H/4 x W/4), 128->128 and
    nearest x2, 128->64 and nearest x2, 64->32; then conv 32->16 (ELU) and
    conv 16->1 with a sigmoid: P(valid), 1 = uncorrupted (hcl_mm's
    polarity). Weights N(0, 0.02) as in the re-implementation the paper
    used (docs/released_implementation.md §5).

    Args:
        in_channels (int): image channels. Defaults to 3.
        base_channels (int): width of the first block (64).
    """

    def __init__(self,
                 in_channels: int = 3,
                 base_channels: int = 64,
                 init_cfg: Optional[dict] = None) -> None:
        super().__init__(init_cfg=init_cfg)
        c = base_channels
        self.down = nn.ModuleList([
            ELUResBlock(in_channels, c, 5, stride=2),
            ELUResBlock(c, 2 * c, 3, stride=2),
            ELUResBlock(2 * c, 2 * c, 3, dilation=2),
            ELUResBlock(2 * c, 2 * c, 3, dilation=4),
        ])
        self.up = nn.ModuleList([
            ELUResBlock(2 * c, 2 * c),
            ELUResBlock(2 * c, c),
            ELUResBlock(c, c // 2),
        ])
        self.head = nn.Sequential(
            nn.Conv2d(c // 2, c // 4, 3, padding=1), nn.ELU(),
            nn.Conv2d(c // 4, 1, 3, padding=1))
        self.bottleneck_channels = 2 * c
        for m in self.modules():
            if isinstance(m, nn.Conv2d):
                normal_init(m, std=0.02)

    def forward(self, img: torch.Tensor) -> Dict[str, torch.Tensor]:
        """``img`` in [-1, 1] -> ``conf`` (P(valid), ``(B, 1, H, W)``),
        ``logits`` and ``bottleneck`` (``(B, 2C, H/4, W/4)``)."""
        x = img
        for block in self.down:
            x = block(x)
        bottleneck = x
        for i, block in enumerate(self.up):
            x = block(x)
            if i < 2:
                x = F.interpolate(x, scale_factor=2, mode='nearest')
        if x.shape[-2:] != img.shape[-2:]:
            x = F.interpolate(x, size=img.shape[-2:], mode='nearest')
        logits = self.head(x)
        return dict(
            conf=torch.sigmoid(logits), logits=logits, bottleneck=bottleneck)

    #: two stride-2 blocks: sides must be multiples of 4
    size_divisor = 4

    def detect(self, img: torch.Tensor) -> torch.Tensor:
        """Soft P(clean) ``(B, 1, H, W)`` (the mask detector protocol of
        :class:`DetectThenInpaint`)."""
        return self(img)['conf']
