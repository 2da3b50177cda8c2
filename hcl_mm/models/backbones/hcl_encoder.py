# Copyright (c) hcl_mm contributors. All rights reserved.
from typing import Sequence, Tuple

import torch
import torch.nn as nn
from mmengine.model import BaseModule

from hcl_mm.registry import MODELS
from ..layers import ConvAct, ConvDown, TransformerLayer


@MODELS.register_module()
class HCLEncoder(BaseModule):
    """HCL's encoder: 5x5 conv, then three window-attention stages.

    ``first_conv`` (5x5, GELU), ``num_conv_stages`` stride-2 conv stages (one
    for 512 inputs, so attention always runs at 256/128/64), then stages of
    ``depths`` Swin blocks at widths ``embed_dims * dim_mults`` with a
    stride-2 conv between stages. Returns the output of every stage, fine to
    coarse, like an MMSeg backbone.

    Args:
        in_channels (int): image channels. Defaults to 3.
        embed_dims (int): C, the width of the first stage (64 for
            Places/ImageNet, 32 for FFHQ).
        dim_mults (Sequence[int]): stage widths in units of C.
        depths (Sequence[int]): Swin blocks per stage.
        num_heads (Sequence[int]): heads per stage.
        window_size (int): attention window. Defaults to 8.
        mlp_ratio (float): MLP ratio. Defaults to 2.
        num_conv_stages (int): stride-2 conv stages before the first
            attention stage (0 at 256, 1 at 512).
        conv_stage_act_first (bool): GELU before the conv in those stages
            (the released code's ``legacy_v = 3`` layout, whose conv is
            stored as ``conv_down_blocks.i.1``). Defaults to False (conv,
            then GELU: ``legacy_v = 4``, the release's default).
        init_cfg (dict, optional): MMEngine init config.
    """

    def __init__(self,
                 in_channels: int = 3,
                 embed_dims: int = 64,
                 dim_mults: Sequence[int] = (1, 2, 4),
                 depths: Sequence[int] = (6, 4, 2),
                 num_heads: Sequence[int] = (1, 2, 4),
                 window_size: int = 8,
                 mlp_ratio: float = 2.,
                 num_conv_stages: int = 0,
                 conv_stage_act_first: bool = False,
                 init_cfg=None) -> None:
        super().__init__(init_cfg=init_cfg)
        if not len(dim_mults) == len(depths) == len(num_heads):
            raise ValueError('dim_mults, depths and num_heads need one entry '
                             'per stage')
        dims = [embed_dims * m for m in dim_mults]
        self.out_channels = tuple(dims)
        self.num_conv_stages = num_conv_stages
        self.window_size = window_size
        self.first_conv = ConvAct(in_channels, embed_dims, 5)

        def conv_stage() -> nn.Sequential:
            layers = [
                nn.Conv2d(embed_dims, embed_dims, 3, stride=2, padding=1),
                nn.GELU()
            ]
            return nn.Sequential(
                *(layers[::-1] if conv_stage_act_first else layers))

        self.conv_down_blocks = nn.ModuleList(conv_stage()
                                              for _ in range(num_conv_stages))
        self.down_blocks = nn.ModuleList()
        for i, (dim, depth, heads) in enumerate(zip(dims, depths, num_heads)):
            stage = [
                TransformerLayer(dim, depth, heads, window_size, mlp_ratio)
            ]
            if i < len(dims) - 1:
                stage.append(ConvDown(dim, dims[i + 1]))
            self.down_blocks.append(nn.ModuleList(stage))

    @property
    def size_divisor(self) -> int:
        """Input sides must be multiples of this."""
        return self.window_size * 2**(
            self.num_conv_stages + len(self.down_blocks) - 1)

    def forward(self, x: torch.Tensor) -> Tuple[torch.Tensor, ...]:
        """``(B, 3, H, W)`` -> stage outputs, fine to coarse."""
        h, w = x.shape[-2:]
        if h % self.size_divisor or w % self.size_divisor:
            raise ValueError(
                f'HCLEncoder needs sides that are multiples of '
                f'{self.size_divisor}, got {h}x{w}; pad the input first')
        x = self.first_conv(x)
        for block in self.conv_down_blocks:
            x = block(x)
        skips = []
        for stage in self.down_blocks:
            x, _ = stage[0](x)
            skips.append(x)
            if len(stage) > 1:
                x = stage[1](x)
        return tuple(skips)
