# Copyright (c) hcl_mm contributors. All rights reserved.
import math
from typing import Optional

import torch
import torch.nn as nn
import torch.nn.functional as F

from .stylegan_layers import equal_linear


class StyleManipulation(nn.Module):
    """MAT's style manipulation module (Li et al. 2022, Sec. 3.3): the style
    code that modulates the convolutional decoder's weights.

    * image-conditional style ``s_u``: the features, multiplied in training
      by a random binary mask ``M'`` (each position kept with probability
      ``1 - drop_ratio``), averaged over the valid positions and mapped by
      a linear layer;
    * noise style ``s_n``: a mapping network (``mapping_layers``
      equalised linear layers, learning-rate multiplier 0.01, StyleGAN2's)
      of ``z ~ N(0, I)`` after pixel normalisation;
    * ``s = A([s_u, s_n])``, a linear fusion.

    Different ``z`` give different completions of the same hole (MAT's
    pluralistic output); the inpaintor draws ``z`` from a fixed seed at
    inference so that one input gives one output.

    Args:
        in_channels (int): width of the features the style is read from.
        style_dims (int): width of the style code.
        noise_dims (int): width of ``z``.
        mapping_layers (int): depth of the noise mapping network.
        drop_ratio (float): share of positions ``M'`` drops in training.
    """

    def __init__(self,
                 in_channels: int,
                 style_dims: int = 512,
                 noise_dims: int = 512,
                 mapping_layers: int = 8,
                 drop_ratio: float = 0.5) -> None:
        super().__init__()
        self.noise_dims = noise_dims
        self.drop_ratio = drop_ratio
        self.to_style = equal_linear(in_channels, style_dims)
        self.mapping = nn.Sequential(*[
            equal_linear(
                noise_dims if i == 0 else style_dims, style_dims, lr_mul=0.01)
            for i in range(mapping_layers)
        ])
        self.fuse = equal_linear(2 * style_dims, style_dims)

    def forward(self,
                feat: torch.Tensor,
                z: Optional[torch.Tensor] = None) -> torch.Tensor:
        """Args:
            feat: ``(B, C, H, W)`` features.
            z: ``(B, noise_dims)`` noise; drawn from the global generator
                when None.

        Returns:
            torch.Tensor: style codes ``(B, style_dims)``.
        """
        b = feat.shape[0]
        if self.training and self.drop_ratio > 0:
            keep = (feat.new_empty(b, 1, *feat.shape[2:]).uniform_()
                    >= self.drop_ratio).to(feat.dtype)
            pooled = (feat * keep).sum((2, 3)) / keep.sum((2, 3)).clamp(min=1.)
        else:
            pooled = feat.mean((2, 3))
        s_u = self.to_style(pooled)
        if z is None:
            z = torch.randn(b, self.noise_dims, device=feat.device)
        z = F.normalize(z.to(feat.dtype), dim=1) * math.sqrt(self.noise_dims)
        s_n = self.mapping(z)
        return self.fuse(torch.cat([s_u, s_n], 1))
