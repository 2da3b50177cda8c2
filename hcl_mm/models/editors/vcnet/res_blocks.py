# Copyright (c) hcl_mm contributors. All rights reserved.
from typing import Optional

import torch
import torch.nn as nn
import torch.nn.functional as F

from ...layers.probabilistic_context_norm import ProbabilisticContextNorm


def _conv(in_ch: int,
          out_ch: int,
          k: int,
          stride: int = 1,
          dilation: int = 1) -> nn.Conv2d:
    return nn.Conv2d(
        in_ch,
        out_ch,
        k,
        stride=stride,
        padding=dilation * (k // 2),
        dilation=dilation)


class ELUResBlock(nn.Module):
    """VCNet residual block: conv-ELU-conv plus shortcut, ELU after the sum.

    The shortcut is a 1x1 (strided) conv when the shape changes.

    Args:
        in_channels (int): input channels.
        out_channels (int): output channels.
        kernel_size (int): kernel of both convs. Defaults to 3.
        stride (int): stride of the first conv. Defaults to 1.
        dilation (int): dilation of both convs. Defaults to 1.
    """

    def __init__(self,
                 in_channels: int,
                 out_channels: int,
                 kernel_size: int = 3,
                 stride: int = 1,
                 dilation: int = 1) -> None:
        super().__init__()
        self.conv1 = _conv(in_channels, out_channels, kernel_size, stride,
                           dilation)
        self.conv2 = _conv(out_channels, out_channels, kernel_size, 1,
                           dilation)
        self.shortcut: Optional[nn.Module] = None
        if in_channels != out_channels or stride != 1:
            self.shortcut = nn.Conv2d(
                in_channels, out_channels, 1, stride=stride)

    def residual(self, x: torch.Tensor) -> torch.Tensor:
        return self.conv2(F.elu(self.conv1(x)))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        skip = x if self.shortcut is None else self.shortcut(x)
        return F.elu(self.residual(x) + skip)


class PCBlock(ELUResBlock):
    """:class:`ELUResBlock` whose residual branch ends with PCN.

    Args:
        in_channels, out_channels, kernel_size, stride, dilation: as for
            :class:`ELUResBlock`.
    """

    def __init__(self,
                 in_channels: int,
                 out_channels: int,
                 kernel_size: int = 3,
                 stride: int = 1,
                 dilation: int = 1) -> None:
        super().__init__(in_channels, out_channels, kernel_size, stride,
                         dilation)
        self.pcn = ProbabilisticContextNorm(out_channels)

    def forward(self, x: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        """``mask``: soft, 1 = known, any size (resized to the output)."""
        y = self.residual(x)
        m = F.interpolate(
            mask, size=y.shape[-2:], mode='bilinear', align_corners=False)
        skip = x if self.shortcut is None else self.shortcut(x)
        return F.elu(self.pcn(y, m) + skip)
