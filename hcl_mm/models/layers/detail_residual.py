# Copyright (c) hcl_mm contributors. All rights reserved.
"""A zero-initialised full-resolution block: pixel detail for a fused
feature map.

An encoder whose finest feature is a bilinear upsampling of stride-4
features plus one 3x3 convolution on the image decides thin structures
(2-3 px text strokes, their anti-aliased rims) from little more than a
pixel's colour. This block lets the finest scale look at the image and the
fused feature together over a 5x5 window. Its output convolution starts at
zero, so it can be added to trained weights (its keys missing) without
changing what they compute until it trains, the zero-convolution pattern
of ControlNet (Zhang et al., ICCV 2023).
"""
import torch
import torch.nn as nn

from .conv_act import ConvAct


class DetailResidual(nn.Module):
    """``feat + f(cat(feat, img))`` at the feature's resolution.

    ``f`` is ``depth`` 3x3 :class:`ConvAct` layers (GELU) and a 1x1
    convolution initialised to zero.

    Args:
        channels (int): feature width (input and output).
        image_channels (int): image channels. Defaults to 3.
        depth (int): 3x3 convolutions; the receptive field is
            ``2 * depth + 1`` px. Defaults to 2.
    """

    def __init__(self,
                 channels: int,
                 image_channels: int = 3,
                 depth: int = 2) -> None:
        super().__init__()
        if depth < 1:
            raise ValueError(f'depth must be >= 1, got {depth}')
        ins = [channels + image_channels] + [channels] * (depth - 1)
        self.body = nn.Sequential(*(ConvAct(c, channels, 3) for c in ins))
        self.out = nn.Conv2d(channels, channels, 1)
        self.zero_output()

    def zero_output(self) -> None:
        """Zero the output convolution: the block becomes the identity."""
        nn.init.zeros_(self.out.weight)
        nn.init.zeros_(self.out.bias)

    def forward(self, feat: torch.Tensor, img: torch.Tensor) -> torch.Tensor:
        if feat.shape[-2:] != img.shape[-2:]:
            raise ValueError(
                f'DetailResidual needs the image at the feature size, got '
                f'{tuple(img.shape[-2:])} and {tuple(feat.shape[-2:])}')
        return feat + self.out(self.body(torch.cat([feat, img], 1)))
