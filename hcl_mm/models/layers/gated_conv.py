# Copyright (c) hcl_mm contributors. All rights reserved.
from typing import Optional

import torch
import torch.nn as nn

from .conv_act import ConvAct


class GatedConv(nn.Module):
    """Gated convolution: ``act(conv_k(x)) * sigmoid(conv_3x3(x))``.

    The gate is always 3x3, also when the main convolution is 1x1 (as in the
    released RefineNet).

    Args:
        in_channels (int): input channels.
        out_channels (int): output channels.
        kernel_size (int): main convolution kernel.
        act (str, optional): activation of the main branch. Defaults to
            'gelu'.
    """

    def __init__(self,
                 in_channels: int,
                 out_channels: int,
                 kernel_size: int,
                 act: Optional[str] = 'gelu') -> None:
        super().__init__()
        self.conv = ConvAct(in_channels, out_channels, kernel_size, act=act)
        self.gate = ConvAct(in_channels, out_channels, 3, act=None)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.conv(x) * torch.sigmoid(self.gate(x))


class GatedResBlock(nn.Module):
    """Gated 3x3 conv, gated 1x1 conv, plus a (1x1 conv) shortcut."""

    def __init__(self, in_channels: int, out_channels: int) -> None:
        super().__init__()
        self.conv1 = GatedConv(in_channels, out_channels, 3)
        self.conv2 = GatedConv(out_channels, out_channels, 1)
        self.shortcut = (
            nn.Identity() if in_channels == out_channels else nn.Conv2d(
                in_channels, out_channels, 1))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.conv2(self.conv1(x)) + self.shortcut(x)
