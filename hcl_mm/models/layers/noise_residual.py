# Copyright (c) hcl_mm contributors. All rights reserved.
"""Fixed high-pass (SRM) noise residuals of an image.

Pasted photo content differs from its host less in what it shows than in
its noise and resampling statistics. Image forensics exposes those with the
rich-model (SRM) high-pass filters of Fridrich and Kodovsky (2012), used as
a fixed input branch for splicing detection by Zhou et al. (RGB-N, CVPR
2018). A learned 3x3 convolution on RGB rarely learns them from little
data.
"""
from typing import Optional

import torch
import torch.nn as nn
import torch.nn.functional as F

#: the three SRM kernels of RGB-N (5x5, each sums to zero): a second-order
#: 3x3 "square", the 5x5 "KV" kernel and a horizontal second difference.
SRM_KERNELS = (
    [[0, 0, 0, 0, 0], [0, -1, 2, -1, 0], [0, 2, -4, 2, 0], [0, -1, 2, -1, 0],
     [0, 0, 0, 0, 0]],
    [[-1, 2, -2, 2, -1], [2, -6, 8, -6, 2], [-2, 8, -12, 8, -2],
     [2, -6, 8, -6, 2], [-1, 2, -2, 2, -1]],
    [[0, 0, 0, 0, 0], [0, 0, 0, 0, 0], [0, 1, -2, 1, 0], [0, 0, 0, 0, 0],
     [0, 0, 0, 0, 0]],
)
#: their normalisers (1/4, 1/12, 1/2 in RGB-N)
SRM_SCALES = (4., 12., 2.)


class NoiseResidual(nn.Module):
    """Per-channel SRM residuals: ``(B, C, H, W)`` -> ``(B, 3C, H, W)``.

    Not trained (a buffer, not a parameter). Replicate padding keeps the
    border free of artificial edges.

    Args:
        in_channels (int): image channels. Defaults to 3.
        clip (float, optional): truncate residuals to ``[-clip, clip]`` (SRM's
            truncation, in input units); None keeps them as they are.
    """

    def __init__(self,
                 in_channels: int = 3,
                 clip: Optional[float] = None) -> None:
        super().__init__()
        kernels = torch.stack([
            torch.tensor(k, dtype=torch.float32) / s
            for k, s in zip(SRM_KERNELS, SRM_SCALES)
        ])  # (3, 5, 5)
        weight = kernels[:, None].repeat(in_channels, 1, 1, 1)
        self.register_buffer('weight', weight, persistent=False)
        self.in_channels = in_channels
        self.clip = clip

    @property
    def out_channels(self) -> int:
        """Three residuals per input channel."""
        return 3 * self.in_channels

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        if x.shape[1] != self.in_channels:
            raise ValueError(f'NoiseResidual expects {self.in_channels} '
                             f'channels, got {x.shape[1]}')
        r = F.conv2d(
            F.pad(x, (2, 2, 2, 2), mode='replicate'),
            self.weight.to(x.dtype),
            groups=self.in_channels)
        if self.clip is not None:
            r = r.clamp(-self.clip, self.clip)
        return r
