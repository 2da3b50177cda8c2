# Copyright (c) hcl_mm contributors. All rights reserved.
from typing import Optional, Tuple

import torch
import torch.nn as nn

from .conv_act import ConvAct
from .partial_conv import PartialConvAct
from .swin_block import SwinBlock


class TransformerLayer(nn.Module):
    """One HCL stage: ``depth`` Swin blocks, a 3x3 conv, and a residual.

    Regular and shifted-window blocks alternate. The final conv is a plain
    conv + GELU (encoder, bottleneck) or a partial conv fed with the
    propagated mask (mask-guided decoder). Any ``H x W`` that is a multiple of
    the window works (not only square maps).

    Args:
        embed_dims (int): width.
        depth (int): number of Swin blocks.
        num_heads (int): attention heads.
        window_size (int): attention window side. Defaults to 8.
        mlp_ratio (float): MLP ratio. Defaults to 2.
        mask_guided (bool): use the mask in attention and a partial conv.
            Defaults to False.
        mask_bias (float): gamma of paper Eq. 9. Defaults to 100.
    """

    def __init__(self,
                 embed_dims: int,
                 depth: int,
                 num_heads: int,
                 window_size: int = 8,
                 mlp_ratio: float = 2.,
                 mask_guided: bool = False,
                 mask_bias: float = 100.) -> None:
        super().__init__()
        self.mask_guided = mask_guided
        self.mask_bias = mask_bias
        self.blocks = nn.ModuleList(
            SwinBlock(
                embed_dims,
                num_heads,
                window_size,
                shift_size=0 if i % 2 == 0 else window_size // 2,
                mlp_ratio=mlp_ratio) for i in range(depth))
        self.conv = (
            PartialConvAct(embed_dims) if mask_guided else ConvAct(
                embed_dims, embed_dims, 3))

    def forward(
        self,
        x: torch.Tensor,
        mask: Optional[torch.Tensor] = None
    ) -> Tuple[torch.Tensor, Optional[torch.Tensor]]:
        """Args:
            x: ``(B, C, H, W)``.
            mask: ``(B, 1, H, W)``, 1 = valid; required when mask-guided.

        Returns:
            tuple: output ``(B, C, H, W)`` and the updated mask (None for
            plain layers).
        """
        if self.mask_guided and mask is None:
            raise ValueError('a mask-guided TransformerLayer needs a mask')
        tokens = x.permute(0, 2, 3, 1)
        token_mask = (
            mask.to(x.dtype).permute(0, 2, 3, 1) if self.mask_guided else None)
        for block in self.blocks:
            tokens, token_mask = block(tokens, token_mask, self.mask_bias)
        y = tokens.permute(0, 3, 1, 2)
        if self.mask_guided:
            y, mask = self.conv(y, token_mask.permute(0, 3, 1, 2))
        else:
            y, mask = self.conv(y), None
        return x + y, mask
