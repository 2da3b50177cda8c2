# Copyright (c) hcl_mm contributors. All rights reserved.
from typing import Optional, Tuple

import torch
import torch.nn as nn

from .window_attention import WindowAttention, shifted_window_attention


class Mlp(nn.Module):
    """``Linear -> GELU -> Linear`` (keys ``fc1``/``fc2``)."""

    def __init__(self, embed_dims: int, hidden_dims: int) -> None:
        super().__init__()
        self.fc1 = nn.Linear(embed_dims, hidden_dims)
        self.act = nn.GELU()
        self.fc2 = nn.Linear(hidden_dims, embed_dims)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.fc2(self.act(self.fc1(x)))


class SwinBlock(nn.Module):
    """Pre-norm Swin block, optionally mask-guided (paper Eq. 7-9).

    With a mask, every key token with mask 0 gets ``-mask_bias`` added to its
    attention logits (gamma = 100 in the paper) and, MAT-style, every token of
    a window becomes valid after the block if any token of that window was
    valid (:func:`shifted_window_attention`).

    Args:
        embed_dims (int): token width.
        num_heads (int): attention heads.
        window_size (int): attention window side.
        shift_size (int): cyclic shift (0 for a regular block).
        mlp_ratio (float): MLP hidden width / embed_dims. Defaults to 2.
    """

    def __init__(self,
                 embed_dims: int,
                 num_heads: int,
                 window_size: int,
                 shift_size: int = 0,
                 mlp_ratio: float = 2.) -> None:
        super().__init__()
        self.window_size = window_size
        self.shift_size = shift_size
        self.norm1 = nn.LayerNorm(embed_dims)
        self.attn = WindowAttention(embed_dims, num_heads, window_size)
        self.norm2 = nn.LayerNorm(embed_dims)
        self.mlp = Mlp(embed_dims, int(embed_dims * mlp_ratio))

    def _window(self, height: int, width: int) -> Tuple[int, int]:
        if min(height, width) <= self.window_size:
            return min(height, width), 0
        return self.window_size, self.shift_size

    def forward(
        self,
        x: torch.Tensor,
        mask: Optional[torch.Tensor] = None,
        mask_bias: float = 100.
    ) -> Tuple[torch.Tensor, Optional[torch.Tensor]]:
        """Args:
            x: ``(B, H, W, C)`` tokens in image layout.
            mask: optional ``(B, H, W, 1)``, 1 = valid.
            mask_bias: logit penalty of invalid keys (gamma).

        Returns:
            tuple: new tokens and the propagated mask (None without mask).
        """
        _, h, w, _ = x.shape
        ws, shift = self._window(h, w)
        y, mask = shifted_window_attention(self.attn, self.norm1(x), ws, shift,
                                           mask, mask_bias)
        x = x + y
        return x + self.mlp(self.norm2(x)), mask
