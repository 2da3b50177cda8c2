# Copyright (c) hcl_mm contributors. All rights reserved.
from typing import Optional, Tuple

import torch
import torch.nn as nn
import torch.nn.functional as F
from mmengine.model import normal_init


class PartialConvAct(nn.Module):
    """Partial convolution (Liu et al. 2018) followed by GELU.

    ``out = conv(x * m) * k^2 / (sum(m in window) + 1e-8) + bias``, zeroed
    where the window holds no valid pixel; the new mask is 1 wherever the
    window held a valid pixel. The convolution has no bias of its own; the
    bias is the separate parameter ``bias`` (released-code layout).

    Args:
        channels (int): input channels (and output channels unless
            ``out_channels`` is given).
        kernel_size (int): square kernel size. Defaults to 3.
        out_channels (int, optional): output channels. Defaults to
            ``channels``.
        stride (int): 2 halves the feature map and its mask (MAT's
            downsampling head). Defaults to 1.
        act (nn.Module, optional): the activation. Defaults to GELU.
    """

    def __init__(self,
                 channels: int,
                 kernel_size: int = 3,
                 out_channels: Optional[int] = None,
                 stride: int = 1,
                 act: Optional[nn.Module] = None) -> None:
        super().__init__()
        out_channels = out_channels or channels
        self.conv = nn.Conv2d(
            channels,
            out_channels,
            kernel_size,
            stride=stride,
            padding=kernel_size // 2,
            bias=False)
        self.bias = nn.Parameter(torch.zeros(out_channels))
        self.act = act if act is not None else nn.GELU()
        self.kernel_size = kernel_size
        self.stride = stride
        normal_init(self.conv, std=0.02)

    def forward(self, x: torch.Tensor,
                mask: torch.Tensor) -> Tuple[torch.Tensor, torch.Tensor]:
        """Args: x ``(B, C, H, W)``; mask ``(B, 1, H, W)``, 1 = valid.

        Returns:
            tuple: output ``(B, C_out, H / stride, W / stride)`` and the
            updated mask.
        """
        k = self.kernel_size
        with torch.no_grad():
            ones = mask.new_ones(1, 1, k, k)
            count = F.conv2d(mask, ones, stride=self.stride, padding=k // 2)
            has_valid = (count > 0).to(x.dtype)
            ratio = (k * k) / (count + 1e-8) * has_valid
        out = self.conv(x * mask.to(x.dtype))
        out = (out * ratio.to(out.dtype) + self.bias.view(1, -1, 1, 1)) * \
            has_valid
        return self.act(out), has_valid.to(mask.dtype)
