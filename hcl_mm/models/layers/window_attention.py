# Copyright (c) hcl_mm contributors. All rights reserved.
import functools
from typing import Optional, Tuple

import torch
import torch.nn as nn
import torch.nn.functional as F
from mmengine.model.weight_init import trunc_normal_


def relative_position_index(window_size: int,
                            table_window: int) -> torch.Tensor:
    """Swin relative-position index of a window into a table.

    Args:
        window_size (int): side of the attention window (may be smaller
            than the table's when a feature map is smaller than a window).
        table_window (int): window side the bias table was built for; the
            table has ``(2 * table_window - 1) ** 2`` rows.

    Returns:
        torch.Tensor: long ``(N, N)`` with ``N = window_size ** 2``.
    """
    coords = torch.stack(
        torch.meshgrid(
            torch.arange(window_size),
            torch.arange(window_size),
            indexing='ij')).flatten(1)
    rel = coords[:, :, None] - coords[:, None, :] + table_window - 1
    return rel[0] * (2 * table_window - 1) + rel[1]


@functools.lru_cache(maxsize=64)
def shifted_window_mask(height: int, width: int, window_size: int,
                        shift_size: int, device: torch.device) -> torch.Tensor:
    """Additive mask (0 / -100) that keeps cyclically shifted windows apart.

    Computed per feature-map size (never stored in checkpoints), cached.

    Returns:
        torch.Tensor: float ``(num_windows, N, N)``.
    """
    region = torch.zeros(1, height, width, 1)
    cuts = (slice(0,
                  -window_size), slice(-window_size,
                                       -shift_size), slice(-shift_size, None))
    label = 0
    for hs in cuts:
        for ws in cuts:
            region[:, hs, ws, :] = label
            label += 1
    windows = window_partition(region, window_size)[0, ..., 0]  # nW, N
    diff = windows[:, None, :] - windows[:, :, None]
    mask = torch.zeros_like(diff).masked_fill(diff != 0, -100.0)
    return mask.to(device)


def window_partition(x: torch.Tensor, window_size: int) -> torch.Tensor:
    """``(B, H, W, C)`` -> ``(B, num_windows, window_size**2, C)``."""
    b, h, w, c = x.shape
    x = x.view(b, h // window_size, window_size, w // window_size, window_size,
               c)
    return x.permute(0, 1, 3, 2, 4, 5).reshape(b, -1, window_size**2, c)


def window_reverse(windows: torch.Tensor, window_size: int, height: int,
                   width: int) -> torch.Tensor:
    """Inverse of :func:`window_partition`."""
    b, _, _, c = windows.shape
    x = windows.view(b, height // window_size, width // window_size,
                     window_size, window_size, c)
    return x.permute(0, 1, 3, 2, 4, 5).reshape(b, height, width, c)


class WindowAttention(nn.Module):
    """Window multi-head self-attention with a relative position bias.

    Attention runs through ``F.scaled_dot_product_attention`` on all windows
    of the batch at once; every additive term (relative position bias,
    shifted-window mask, mask-guided key bias) arrives as one broadcastable
    ``attn_mask``. The position index is a non-persistent buffer, so
    checkpoints hold only the learnable table.

    Args:
        embed_dims (int): token width.
        num_heads (int): attention heads.
        window_size (int): window side the bias table covers.
        position_bias (bool): learn a relative position bias (Swin, HCL).
            MAT's attention has none (its convolutions carry position).
            Defaults to True.
    """

    def __init__(self,
                 embed_dims: int,
                 num_heads: int,
                 window_size: int,
                 position_bias: bool = True) -> None:
        super().__init__()
        if embed_dims % num_heads:
            raise ValueError(f'embed_dims {embed_dims} is not divisible by '
                             f'num_heads {num_heads}')
        self.num_heads = num_heads
        self.window_size = window_size
        self.qkv = nn.Linear(embed_dims, embed_dims * 3)
        self.proj = nn.Linear(embed_dims, embed_dims)
        self.with_position_bias = position_bias
        if not position_bias:
            return
        self.relative_position_bias_table = nn.Parameter(
            torch.zeros((2 * window_size - 1)**2, num_heads))
        trunc_normal_(self.relative_position_bias_table, std=0.02)
        self.register_buffer(
            'relative_position_index',
            relative_position_index(window_size, window_size),
            persistent=False)

    def position_bias(self, window_size: int) -> torch.Tensor:
        """Relative position bias ``(num_heads, N, N)`` for a window side
        (zeros ``(1, 1, 1)`` without one)."""
        if not self.with_position_bias:
            return self.proj.weight.new_zeros(1, 1, 1)
        if window_size == self.window_size:
            index = self.relative_position_index
        else:
            index = relative_position_index(window_size, self.window_size).to(
                self.relative_position_bias_table.device)
        n = window_size**2
        bias = self.relative_position_bias_table[index.view(-1)]
        return bias.view(n, n, -1).permute(2, 0, 1)

    def forward(self, x: torch.Tensor,
                attn_bias: torch.Tensor) -> torch.Tensor:
        """Args:
            x: ``(B, num_windows, N, C)`` window tokens.
            attn_bias: additive logits bias broadcastable to
                ``(B, num_windows, num_heads, N, N)``.
        """
        b, nw, n, c = x.shape
        h = self.num_heads
        # windows fold into the batch: 4-D inputs reach PyTorch's fused
        # (flash) CPU kernel; 5-D ones fall back to the unfused math path,
        # 3-5x slower
        qkv = self.qkv(x).view(b * nw, n, 3, h, c // h)
        q, k, v = qkv.permute(2, 0, 3, 1, 4).unbind(0)
        bias = attn_bias.to(q.dtype).expand(b, nw, h, n, n)
        out = F.scaled_dot_product_attention(
            q, k, v, attn_mask=bias.reshape(b * nw, h, n, n))
        return self.proj(out.transpose(1, 2).reshape(b, nw, n, c))


def shifted_window_attention(
        attn: WindowAttention,
        x: torch.Tensor,
        window_size: int,
        shift_size: int = 0,
        mask: Optional[torch.Tensor] = None,
        mask_bias: float = 100.
) -> Tuple[torch.Tensor, Optional[torch.Tensor]]:
    """(Shifted) window attention over tokens in image layout, optionally
    mask-aware: MAT's multi-head contextual attention (HCL paper Eq. 8-9).

    With a mask, every key token with mask 0 gets ``-mask_bias`` added to
    its logits, and every token of a window becomes valid afterwards if any
    token of that window was valid (MAT's mask update). The mask is shifted
    together with the features.

    Args:
        attn (WindowAttention): the attention.
        x (torch.Tensor): ``(B, H, W, C)`` tokens (already normalised where
            the block normalises).
        window_size (int): window side (``H`` and ``W`` multiples of it).
        shift_size (int): cyclic shift (0 for a regular block).
        mask (torch.Tensor, optional): ``(B, H, W, 1)``, 1 = valid.
        mask_bias (float): logit penalty of invalid keys (gamma).

    Returns:
        tuple: the attention output ``(B, H, W, C)`` and the updated mask
        (None without a mask).
    """
    b, h, w, c = x.shape
    ws, shift = window_size, shift_size
    if h % ws or w % ws:
        raise ValueError(f'feature map {h}x{w} is not a multiple of the '
                         f'attention window {ws}')
    if shift:
        x = torch.roll(x, (-shift, -shift), (1, 2))
        if mask is not None:
            mask = torch.roll(mask, (-shift, -shift), (1, 2))
    bias = attn.position_bias(ws)[None, None]
    if shift:
        bias = bias + shifted_window_mask(h, w, ws, shift, x.device)[None, :,
                                                                     None]
    if mask is not None:
        key_valid = window_partition(mask, ws)[..., 0]  # B, nW, N
        bias = bias + ((key_valid - 1) * mask_bias)[:, :, None, None, :]
        window_valid = key_valid.amax(-1, keepdim=True).expand_as(key_valid)
        mask = window_reverse(window_valid[..., None], ws, h, w)
    y = window_reverse(attn(window_partition(x, ws), bias), ws, h, w)
    if shift:
        y = torch.roll(y, (shift, shift), (1, 2))
        if mask is not None:
            mask = torch.roll(mask, (shift, shift), (1, 2))
    return y, mask
