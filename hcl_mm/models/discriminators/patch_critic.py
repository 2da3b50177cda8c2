# Copyright (c) hcl_mm contributors. All rights reserved.
from typing import List, Sequence

import torch
import torch.nn as nn
from mmengine.model import BaseModule
from torch.nn.utils.parametrizations import spectral_norm

from hcl_mm.registry import MODELS


class SNConvAct(nn.Module):
    """Spectral-norm conv + LeakyReLU(0.2) (key ``conv``)."""

    def __init__(self, in_channels: int, out_channels: int, kernel_size: int,
                 stride: int) -> None:
        super().__init__()
        self.conv = spectral_norm(
            nn.Conv2d(
                in_channels,
                out_channels,
                kernel_size,
                stride=stride,
                padding=kernel_size // 2))
        self.act = nn.LeakyReLU(0.2)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.act(self.conv(x))


@MODELS.register_module()
class PatchCritic(BaseModule):
    """WGAN critic: spectral-norm 5x5 stride-2 convs.

    Every layer, the last included, is followed by LeakyReLU(0.2); there is
    no 1-channel head: the critic's output is its last feature map
    (512 x H/32 x W/32 for the default widths).

    ``output='map'`` (the release) returns that map: a WGAN loss averages
    it, and the gradient penalty differentiates its *sum*, so every patch
    score is held to a unit gradient. ``output='mean'`` returns one score
    per image (the map's mean): the penalty then constrains the mean, a
    ``h * w`` times weaker constraint relative to the map (what the CPU
    recipe was tuned with).

    Args:
        in_channels (int): image channels. Defaults to 3.
        channels (Sequence[int]): widths of the conv layers.
        kernel_size (int): kernel of every layer. Defaults to 5.
        output (str): ``'map'`` (default, as released) or ``'mean'``.
    """

    def __init__(self,
                 in_channels: int = 3,
                 channels: Sequence[int] = (64, 128, 128, 256, 512),
                 kernel_size: int = 5,
                 output: str = 'map',
                 init_cfg=None) -> None:
        super().__init__(init_cfg=init_cfg)
        if output not in ('map', 'mean'):
            raise ValueError(f"output must be 'map' or 'mean', got "
                             f'{output!r}')
        self.output = output
        ins = [in_channels, *channels[:-1]]
        self.disc = nn.Sequential(*[
            SNConvAct(i, o, kernel_size, stride=2)
            for i, o in zip(ins, channels)
        ])

    def forward(self, img: torch.Tensor) -> torch.Tensor:
        """``(B, 3, H, W)`` -> the score map ``(B, C, h, w)`` or per-image
        scores ``(B,)`` (``output``)."""
        scores = self.disc(img)
        return scores if self.output == 'map' else scores.flatten(1).mean(1)

    def features(self, img: torch.Tensor) -> List[torch.Tensor]:
        """The activation of every layer, first to last (for feature
        matching, :class:`CriticFeatureMatchingLoss`)."""
        feats = []
        x = img
        for layer in self.disc:
            x = layer(x)
            feats.append(x)
        return feats
