# Copyright (c) hcl_mm contributors. All rights reserved.
from typing import Optional

import torch
import torch.nn as nn
from mmengine.model import normal_init


class ConvAct(nn.Module):
    """``Conv2d`` followed by an optional activation.

    The convolution is stored as ``self.conv`` so state-dict keys read
    ``<name>.conv.weight`` as in the released HCL code. Weights are drawn from
    N(0, 0.02) with zero bias, as there.

    Args:
        in_channels (int): input channels.
        out_channels (int): output channels.
        kernel_size (int): square kernel size; padding keeps the size at
            stride 1.
        stride (int): convolution stride. Defaults to 1.
        act (str, optional): 'gelu', 'tanh' or None. Defaults to 'gelu'.
    """

    def __init__(self,
                 in_channels: int,
                 out_channels: int,
                 kernel_size: int,
                 stride: int = 1,
                 act: Optional[str] = 'gelu') -> None:
        super().__init__()
        self.conv = nn.Conv2d(
            in_channels,
            out_channels,
            kernel_size,
            stride=stride,
            padding=kernel_size // 2)
        self.act = build_activation(act)
        normal_init(self.conv, std=0.02)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.act(self.conv(x))


def build_activation(name: Optional[str]) -> nn.Module:
    """The activations used by HCL, by name (None = identity)."""
    acts = {
        'gelu': nn.GELU,
        'tanh': nn.Tanh,
        'relu': nn.ReLU,
        None: nn.Identity
    }
    if name not in acts:
        raise ValueError(f'unknown activation {name!r}; expected one of '
                         f'{sorted(a for a in acts if a)}')
    return acts[name]()
