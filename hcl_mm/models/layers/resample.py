# Copyright (c) hcl_mm contributors. All rights reserved.
import torch
import torch.nn as nn
import torch.nn.functional as F

from .conv_act import ConvAct


class ConvDown(nn.Module):
    """Stride-2 3x3 convolution with GELU (the encoder's down resizer)."""

    def __init__(self, in_channels: int, out_channels: int) -> None:
        super().__init__()
        self.conv = ConvAct(in_channels, out_channels, 3, stride=2)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.conv(x)


class ConvUp(nn.Module):
    """Nearest x2 upsampling then a 3x3 convolution with GELU."""

    def __init__(self, in_channels: int, out_channels: int) -> None:
        super().__init__()
        self.conv = ConvAct(in_channels, out_channels, 3)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.conv(F.interpolate(x, scale_factor=2, mode='nearest'))
