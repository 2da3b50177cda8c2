# Copyright (c) hcl_mm contributors. All rights reserved.
from typing import Tuple

import torch
import torch.nn as nn

from ...layers.partial_conv import PartialConvAct
from ...layers.swin_block import Mlp
from ...layers.window_attention import (WindowAttention,
                                        shifted_window_attention)


class AdjustedTransformerBlock(nn.Module):
    """MAT's adjusted transformer block (Li et al. 2022, Sec. 3.2).

    No layer normalisation; the attention output is *fused* with the block
    input by concatenation and a linear layer (instead of a residual sum),
    then an MLP with a residual::

        y = act(FC([x, MCA(x, M)]));  out = y + MLP(y)

    MCA is multi-head contextual attention (:func:`shifted_window_attention`
    with the mask: only valid tokens are attended to; a window with a valid
    token is valid afterwards). No position bias: MAT's convolutions carry
    position.

    Args:
        embed_dims (int): token width.
        num_heads (int): attention heads.
        window_size (int): attention window side.
        shift_size (int): cyclic shift (0 for a regular block).
        mlp_ratio (float): MLP hidden width / embed_dims. Defaults to 2.
        mask_bias (float): logit penalty of invalid keys. Defaults to 100.
    """

    def __init__(self,
                 embed_dims: int,
                 num_heads: int,
                 window_size: int,
                 shift_size: int = 0,
                 mlp_ratio: float = 2.,
                 mask_bias: float = 100.) -> None:
        super().__init__()
        self.window_size = window_size
        self.shift_size = shift_size
        self.mask_bias = mask_bias
        self.attn = WindowAttention(
            embed_dims, num_heads, window_size, position_bias=False)
        self.fuse = nn.Sequential(
            nn.Linear(2 * embed_dims, embed_dims), nn.LeakyReLU(0.2))
        self.mlp = Mlp(embed_dims, int(embed_dims * mlp_ratio))

    def forward(self, x: torch.Tensor,
                mask: torch.Tensor) -> Tuple[torch.Tensor, torch.Tensor]:
        """Args:
            x: ``(B, H, W, C)`` tokens in image layout.
            mask: ``(B, H, W, 1)``, 1 = valid.

        Returns:
            tuple: new tokens and the updated mask.
        """
        _, h, w, _ = x.shape
        ws, shift = self.window_size, self.shift_size
        if min(h, w) <= ws:  # a map no larger than a window: one window
            ws, shift = min(h, w), 0
        y, mask = shifted_window_attention(self.attn, x, ws, shift, mask,
                                           self.mask_bias)
        y = self.fuse(torch.cat([x, y], -1))
        return y + self.mlp(y), mask


class MaskAwareStage(nn.Module):
    """One stage of MAT's transformer body: ``depth`` adjusted blocks
    (regular and shifted windows alternating), then a partial convolution
    with a residual; the mask is updated by every block and the conv.

    Args:
        embed_dims (int): width.
        depth (int): number of blocks.
        num_heads (int): attention heads.
        window_size (int): attention window side.
        mlp_ratio (float): MLP ratio. Defaults to 2.
    """

    def __init__(self,
                 embed_dims: int,
                 depth: int,
                 num_heads: int,
                 window_size: int,
                 mlp_ratio: float = 2.) -> None:
        super().__init__()
        self.blocks = nn.ModuleList(
            AdjustedTransformerBlock(
                embed_dims,
                num_heads,
                window_size,
                shift_size=0 if i % 2 == 0 else window_size // 2,
                mlp_ratio=mlp_ratio) for i in range(depth))
        self.conv = PartialConvAct(embed_dims, act=nn.LeakyReLU(0.2))

    def forward(self, x: torch.Tensor,
                mask: torch.Tensor) -> Tuple[torch.Tensor, torch.Tensor]:
        """Args:
            x: ``(B, C, H, W)``.
            mask: ``(B, 1, H, W)``, 1 = valid.

        Returns:
            tuple: output ``(B, C, H, W)`` and the updated mask.
        """
        tokens = x.permute(0, 2, 3, 1)
        token_mask = mask.to(x.dtype).permute(0, 2, 3, 1)
        for block in self.blocks:
            tokens, token_mask = block(tokens, token_mask)
        y, mask = self.conv(
            tokens.permute(0, 3, 1, 2), token_mask.permute(0, 3, 1, 2))
        return x + y, mask
