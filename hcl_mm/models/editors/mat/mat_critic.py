# Copyright (c) hcl_mm contributors. All rights reserved.
from typing import Optional, Sequence

import torch
import torch.nn as nn
from mmengine.model import BaseModule

from hcl_mm.registry import MODELS
from .stylegan_layers import equal_linear, quiet_gradfix, stylegan2


@MODELS.register_module()
class MATCritic(BaseModule):
    """MAT's discriminator: StyleGAN2's residual discriminator on the image
    and its mask (4 channels), with configurable widths.

    ``from_rgb`` (1x1 conv) -> residual blocks that halve the resolution
    (blurred strided convolutions, skip branch, 1/sqrt(2)) down to
    ``4 x 4`` -> minibatch standard deviation -> 3x3 conv -> two equalised
    linear layers -> one logit per image. mmagic's ``StyleGAN2Discriminator``
    fixes its widths to StyleGAN2's (256-512 channels), too wide for the
    CPU configs, so this class assembles mmagic's blocks instead.

    Args:
        in_size (int): side of the (square) images it scores.
        channels (Sequence[int]): widths from ``in_size`` down to 4
            (``log2(in_size) - 1`` entries).
        mbstd_group (int): minibatch-stddev group size. Defaults to 4.
        init_cfg (dict, optional): MMEngine init config.
    """

    def __init__(self,
                 in_size: int,
                 channels: Sequence[int],
                 mbstd_group: int = 4,
                 init_cfg: Optional[dict] = None) -> None:
        super().__init__(init_cfg=init_cfg)
        levels = in_size.bit_length() - 1
        if in_size != 2**levels or in_size < 8:
            raise ValueError(f'in_size must be a power of two >= 8, got '
                             f'{in_size}')
        if len(channels) != levels - 1:
            raise ValueError(f'in_size {in_size} needs {levels - 1} widths '
                             f'(from {in_size} down to 4), got {channels}')
        sg = stylegan2()
        self.in_size = in_size
        self.from_rgb = sg.ConvDownLayer(4, channels[0], 1)
        self.blocks = nn.Sequential(*[
            sg.ResBlock(c_in, c_out)
            for c_in, c_out in zip(channels[:-1], channels[1:])
        ])
        self.mbstd = sg.ModMBStddevLayer(group_size=mbstd_group)
        self.final_conv = sg.ConvDownLayer(channels[-1] + 1, channels[-1], 3)
        self.final_linear = nn.Sequential(
            equal_linear(channels[-1] * 16, channels[-1]),
            equal_linear(channels[-1], 1, act=False))

    def forward(self, img: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        """Args:
            img: ``(B, 3, S, S)`` in [-1, 1].
            mask: ``(B, 1, S, S)``, 1 = known.

        Returns:
            torch.Tensor: ``(B, 1)`` logits (real is high).
        """
        if img.shape[-2:] != (self.in_size, self.in_size):
            raise ValueError(f'MATCritic scores {self.in_size}x'
                             f'{self.in_size} images, got '
                             f'{tuple(img.shape[-2:])}')
        with quiet_gradfix():
            x = self.from_rgb(torch.cat([img, mask.to(img.dtype) - 0.5], 1))
            x = self.final_conv(self.mbstd(self.blocks(x)))
            return self.final_linear(x.flatten(1))
