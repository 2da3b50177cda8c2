# Copyright (c) hcl_mm contributors. All rights reserved.
"""MPRNet's building blocks (Zamir et al., CVPR 2021, Sec. 3): channel
attention blocks, the U-Net encoder/decoder of stages 1-2 with cross-stage
feature fusion, the supervised attention module and the original-resolution
subnetwork of stage 3."""
from typing import List, Optional, Sequence

import torch
import torch.nn as nn
import torch.nn.functional as F


def conv(in_channels: int,
         out_channels: int,
         kernel_size: int = 3,
         bias: bool = False) -> nn.Conv2d:
    return nn.Conv2d(
        in_channels,
        out_channels,
        kernel_size,
        padding=kernel_size // 2,
        bias=bias)


class ChannelAttention(nn.Module):
    """Squeeze-and-excitation: global average, 1x1 down by ``reduction``,
    ReLU, 1x1 up, sigmoid gate."""

    def __init__(self, channels: int, reduction: int = 4) -> None:
        super().__init__()
        self.gate = nn.Sequential(
            nn.AdaptiveAvgPool2d(1),
            nn.Conv2d(channels, channels // reduction, 1, bias=False),
            nn.ReLU(inplace=True),
            nn.Conv2d(channels // reduction, channels, 1, bias=False),
            nn.Sigmoid())

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return x * self.gate(x)


class CAB(nn.Module):
    """Channel attention block: conv, PReLU, conv, channel attention, plus
    the input."""

    def __init__(self, channels: int, reduction: int = 4) -> None:
        super().__init__()
        self.body = nn.Sequential(
            conv(channels, channels), nn.PReLU(), conv(channels, channels),
            ChannelAttention(channels, reduction))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return x + self.body(x)


class Resample(nn.Module):
    """Bilinear x``scale`` then a 1x1 conv to ``out_channels``."""

    def __init__(self, in_channels: int, out_channels: int,
                 scale: float) -> None:
        super().__init__()
        self.scale = scale
        self.proj = nn.Conv2d(in_channels, out_channels, 1, bias=False)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = F.interpolate(
            x, scale_factor=self.scale, mode='bilinear', align_corners=False)
        return self.proj(x)


class Encoder(nn.Module):
    """Three levels of two CABs at widths ``C, C + s, C + 2s``, halving the
    resolution between levels. With ``csff`` the previous stage's encoder
    and decoder features of each level are added through 1x1 convs
    (cross-stage feature fusion)."""

    def __init__(self,
                 channels: int,
                 scale: int,
                 reduction: int = 4,
                 csff: bool = False) -> None:
        super().__init__()
        widths = [channels + i * scale for i in range(3)]
        self.levels = nn.ModuleList(
            nn.Sequential(CAB(w, reduction), CAB(w, reduction))
            for w in widths)
        self.down = nn.ModuleList(
            Resample(widths[i], widths[i + 1], 0.5) for i in range(2))
        self.csff_enc = self.csff_dec = None
        if csff:
            self.csff_enc = nn.ModuleList(
                nn.Conv2d(w, w, 1, bias=False) for w in widths)
            self.csff_dec = nn.ModuleList(
                nn.Conv2d(w, w, 1, bias=False) for w in widths)

    def forward(
            self,
            x: torch.Tensor,
            enc: Optional[Sequence[torch.Tensor]] = None,
            dec: Optional[Sequence[torch.Tensor]] = None
    ) -> List[torch.Tensor]:
        outs = []
        for i, level in enumerate(self.levels):
            if i:
                x = self.down[i - 1](x)
            x = level(x)
            if enc is not None and self.csff_enc is not None:
                x = x + self.csff_enc[i](enc[i]) + self.csff_dec[i](dec[i])
            outs.append(x)
        return outs


class Decoder(nn.Module):
    """The mirror of :class:`Encoder`: two CABs per level, bilinear x2 + 1x1
    conv up, and a CAB on each encoder skip before it is added."""

    def __init__(self, channels: int, scale: int, reduction: int = 4) -> None:
        super().__init__()
        widths = [channels + i * scale for i in range(3)]
        self.levels = nn.ModuleList(
            nn.Sequential(CAB(w, reduction), CAB(w, reduction))
            for w in widths)
        self.skip_attn = nn.ModuleList(
            CAB(widths[i], reduction) for i in range(2))
        self.up = nn.ModuleList(
            Resample(widths[i + 1], widths[i], 2) for i in range(2))

    def forward(self, enc: Sequence[torch.Tensor]) -> List[torch.Tensor]:
        x = self.levels[2](enc[2])
        outs = [x]
        for i in (1, 0):
            x = self.up[i](x)
            x = self.levels[i](x + self.skip_attn[i](enc[i]))
            outs.insert(0, x)
        return outs  # fine to coarse


class SAM(nn.Module):
    """Supervised attention module: a restored image from the features
    (supervised by the ground truth) and attention maps from that image
    that gate the features passed on (1x1 convs, as in the authors'
    models)."""

    def __init__(self,
                 channels: int,
                 img_channels: int = 3,
                 kernel_size: int = 1) -> None:
        super().__init__()
        self.conv1 = conv(channels, channels, kernel_size)
        self.to_img = conv(channels, img_channels, kernel_size)
        self.from_img = conv(img_channels, channels, kernel_size)

    def forward(self, x: torch.Tensor, degraded: torch.Tensor):
        img = self.to_img(x) + degraded
        attn = torch.sigmoid(self.from_img(img))
        return self.conv1(x) * attn + x, img


class ORB(nn.Module):
    """Original-resolution block: CABs then a conv, plus the input."""

    def __init__(self,
                 channels: int,
                 num_cab: int,
                 reduction: int = 4) -> None:
        super().__init__()
        self.body = nn.Sequential(
            *[CAB(channels, reduction) for _ in range(num_cab)],
            conv(channels, channels))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return x + self.body(x)


class ORSNet(nn.Module):
    """Stage 3: three ORBs at full resolution (width ``C + o``); after each,
    the previous stage's encoder and decoder features of one level,
    upsampled to full resolution, are added (cross-stage fusion)."""

    def __init__(self,
                 channels: int,
                 orsnet_extra: int,
                 scale: int,
                 num_cab: int,
                 reduction: int = 4) -> None:
        super().__init__()
        width = channels + orsnet_extra
        widths = [channels + i * scale for i in range(3)]
        self.orbs = nn.ModuleList(
            ORB(width, num_cab, reduction) for _ in range(3))
        self.from_enc = nn.ModuleList(
            nn.Conv2d(w, width, 1, bias=False) for w in widths)
        self.from_dec = nn.ModuleList(
            nn.Conv2d(w, width, 1, bias=False) for w in widths)

    def forward(self, x: torch.Tensor, enc: Sequence[torch.Tensor],
                dec: Sequence[torch.Tensor]) -> torch.Tensor:
        size = x.shape[-2:]
        for i, orb in enumerate(self.orbs):
            x = orb(x)
            e = F.interpolate(
                self.from_enc[i](enc[i]),
                size=size,
                mode='bilinear',
                align_corners=False)
            d = F.interpolate(
                self.from_dec[i](dec[i]),
                size=size,
                mode='bilinear',
                align_corners=False)
            x = x + e + d
        return x
