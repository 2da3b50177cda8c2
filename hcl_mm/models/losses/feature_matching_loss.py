# Copyright (c) hcl_mm contributors. All rights reserved.
from typing import Optional, Sequence

import torch
import torch.nn as nn

from hcl_mm.registry import MODELS


@MODELS.register_module()
class CriticFeatureMatchingLoss(nn.Module):
    """Feature matching on the critic (Salimans et al., 2016; pix2pixHD's
    discriminator loss): ``mean_l w_l * mean|D_l(fake) - D_l(real)|``.

    A weight-free perceptual term: the critic's features are learnt during
    training, so nothing has to be downloaded. ``HCLInpaintor`` applies it
    to the refined image (``loss_feature_matching``) with the critic frozen
    and the real features detached.

    Args:
        loss_weight (float): weight. Defaults to 1.
        layer_weights (Sequence[float], optional): per critic layer, first
            to last; equal weights by default.
    """

    def __init__(self,
                 loss_weight: float = 1.0,
                 layer_weights: Optional[Sequence[float]] = None) -> None:
        super().__init__()
        self.loss_weight = loss_weight
        self.layer_weights = layer_weights

    def forward(self, fake_feats: Sequence[torch.Tensor],
                real_feats: Sequence[torch.Tensor]) -> torch.Tensor:
        if len(fake_feats) != len(real_feats):
            raise ValueError(f'{len(fake_feats)} fake vs {len(real_feats)} '
                             'real feature maps')
        weights = self.layer_weights or [1.0] * len(fake_feats)
        if len(weights) != len(fake_feats):
            raise ValueError(f'{len(weights)} layer weights for '
                             f'{len(fake_feats)} feature maps')
        total = sum(w * (f - r.detach()).abs().mean()
                    for w, f, r in zip(weights, fake_feats, real_feats))
        return self.loss_weight * total / len(fake_feats)
