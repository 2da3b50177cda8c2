# Copyright (c) hcl_mm contributors. All rights reserved.
from typing import Sequence

import torch
import torch.nn as nn
from mmengine.model import BaseModule

from hcl_mm.registry import MODELS
from ..layers import ConvAct, ConvUp, TransformerLayer


@MODELS.register_module()
class MaskGuidedDecoder(BaseModule):
    """Bottleneck plus mask-guided transformer decoder (first-stage output).

    The bottleneck (``bottleneck_depth`` blocks at the coarsest width) runs
    on the coarsest encoder feature. Each decoder stage, coarse to fine,
    concatenates the previous output with the encoder skip, runs
    mask-guided Swin blocks (corrupted keys get ``-mask_bias``; MAT-style
    window-wise mask propagation) and a partial conv, then nearest x2 +
    3x3 conv up to the next width. The mask each stage propagates is
    discarded; every stage starts from its own mask. ``num_conv_stages``
    bilinear x2 + conv stages restore the input resolution for 512 inputs;
    a 1x1 conv + tanh gives the image in [-1, 1].

    Args:
        embed_dims (int): C of the encoder.
        dim_mults (Sequence[int]): encoder stage widths in units of C.
        depths (Sequence[int]): mask-guided blocks per decoder stage (fine
            to coarse).
        num_heads (Sequence[int]): heads per decoder stage.
        bottleneck_depth (int): Swin blocks in the bottleneck.
        bottleneck_heads (int, optional): defaults to the coarsest heads.
        window_size (int): attention window. Defaults to 8.
        mlp_ratio (float): MLP ratio. Defaults to 2.
        mask_bias (float): gamma of Eq. 9. Defaults to 100.
        num_conv_stages (int): as in the encoder.
        conv_stage_upsample (str): 'bilinear' (released default) or
            'nearest' (released ``legacy_v`` other than 3/4).
        out_channels (int): image channels. Defaults to 3.
    """

    def __init__(self,
                 embed_dims: int = 64,
                 dim_mults: Sequence[int] = (1, 2, 4),
                 depths: Sequence[int] = (2, 2, 2),
                 num_heads: Sequence[int] = (1, 2, 4),
                 bottleneck_depth: int = 2,
                 bottleneck_heads=None,
                 window_size: int = 8,
                 mlp_ratio: float = 2.,
                 mask_bias: float = 100.,
                 num_conv_stages: int = 0,
                 conv_stage_upsample: str = 'bilinear',
                 out_channels: int = 3,
                 init_cfg=None) -> None:
        super().__init__(init_cfg=init_cfg)
        dims = [embed_dims * m for m in dim_mults]
        self.bottleneck = TransformerLayer(dims[-1], bottleneck_depth,
                                           bottleneck_heads or num_heads[-1],
                                           window_size, mlp_ratio)
        self.up_blocks = nn.ModuleList()
        for i, (dim, depth, heads) in enumerate(zip(dims, depths, num_heads)):
            stage = [
                TransformerLayer(
                    2 * dim,
                    depth,
                    heads,
                    window_size,
                    mlp_ratio,
                    mask_guided=True,
                    mask_bias=mask_bias)
            ]
            if i > 0:
                stage.append(ConvUp(2 * dim, dims[i - 1]))
            self.up_blocks.append(nn.ModuleList(stage))
        self.conv_up_blocks = nn.ModuleList(
            nn.Sequential(
                nn.Sequential(
                    nn.Upsample(scale_factor=2, mode=conv_stage_upsample),
                    nn.Conv2d(2 * dims[0], 2 *
                              dims[0], 3, padding=1)), nn.GELU())
            for _ in range(num_conv_stages))
        self.last_conv = ConvAct(2 * dims[0], out_channels, 1, act='tanh')

    def forward(self, skips: Sequence[torch.Tensor],
                masks: Sequence[torch.Tensor]) -> torch.Tensor:
        """Args:
            skips: encoder stage outputs, fine to coarse.
            masks: ``(B, 1, h_k, w_k)`` masks at the skip resolutions, fine to
                coarse, 1 = uncorrupted.

        Returns:
            torch.Tensor: the first-stage image ``(B, 3, H, W)`` in [-1, 1].
        """
        if len(skips) != len(self.up_blocks) or len(masks) != len(skips):
            raise ValueError(f'expected {len(self.up_blocks)} skips and masks,'
                             f' got {len(skips)} and {len(masks)}')
        x, _ = self.bottleneck(skips[-1])
        for i in reversed(range(len(self.up_blocks))):
            stage = self.up_blocks[i]
            x, _ = stage[0](torch.cat([x, skips[i]], 1), masks[i])
            if len(stage) > 1:
                x = stage[1](x)
        for block in self.conv_up_blocks:
            x = block(x)
        return self.last_conv(x)
