# Copyright (c) hcl_mm contributors. All rights reserved.
from typing import Optional

import torch
import torch.nn as nn
import torch.nn.functional as F
from mmengine.model import BaseModule, normal_init

from hcl_mm.registry import MODELS
from .res_blocks import PCBlock


@MODELS.register_module()
class VCNetRIN(BaseModule):
    """VCNet's robust inpainting network.

    PC blocks (ELU residual blocks ending in probabilistic context
    normalisation), base width 32: 3->32 (k5), 32->64 (s2), 64->64, 64->128
    (s2), six 128->128 with dilations 1, 2, 2, 4, 4, 1; the detached MPN
    bottleneck is concatenated (128 + 128), x2 up, 256->64, 64->64, x2 up,
    64->32, 32->32, conv 3x3 to RGB and tanh. It takes the **corrupted**
    image and the soft mask (1 = valid) that drives every PCN; its output
    is used as is (no compositing), as in the paper's VCNet numbers.

    Args:
        base_channels (int): 32.
        bottleneck_channels (int): channels of the MPN bottleneck (128).
        dilations (tuple): of the six middle blocks.
    """

    def __init__(self,
                 base_channels: int = 32,
                 bottleneck_channels: int = 128,
                 dilations=(1, 2, 2, 4, 4, 1),
                 init_cfg: Optional[dict] = None) -> None:
        super().__init__(init_cfg=init_cfg)
        c = base_channels
        self.encoder = nn.ModuleList([
            PCBlock(3, c, 5),
            PCBlock(c, 2 * c, 3, stride=2),
            PCBlock(2 * c, 2 * c),
            PCBlock(2 * c, 4 * c, 3, stride=2),
        ] + [PCBlock(4 * c, 4 * c, 3, dilation=d) for d in dilations])
        self.decoder = nn.ModuleList([
            PCBlock(4 * c + bottleneck_channels, 2 * c),
            PCBlock(2 * c, 2 * c),
            PCBlock(2 * c, c),
            PCBlock(c, c),
        ])
        self.to_rgb = nn.Conv2d(c, 3, 3, padding=1)
        for m in self.modules():
            if isinstance(m, nn.Conv2d):
                normal_init(m, std=0.02)

    def forward(self, img: torch.Tensor, mask: torch.Tensor,
                bottleneck: torch.Tensor) -> torch.Tensor:
        """Corrupted ``img`` in [-1, 1], soft ``mask`` (1 = valid), MPN
        ``bottleneck`` (detached here) -> restored image in [-1, 1]."""
        x = img
        for block in self.encoder:
            x = block(x, mask)
        b = bottleneck.detach()
        if b.shape[-2:] != x.shape[-2:]:
            b = F.interpolate(b, size=x.shape[-2:], mode='nearest')
        x = torch.cat([x, b], 1)
        for i, block in enumerate(self.decoder):
            if i in (0, 2):
                size = img.shape[-2:] if i == 2 else [
                    s * 2 for s in x.shape[-2:]
                ]
                x = F.interpolate(x, size=size, mode='nearest')
            x = block(x, mask)
        return torch.tanh(self.to_rgb(x))
