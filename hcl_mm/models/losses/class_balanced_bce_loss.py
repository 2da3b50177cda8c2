# Copyright (c) hcl_mm contributors. All rights reserved.
import torch
import torch.nn as nn

from hcl_mm.registry import MODELS


def adaptive_class_balanced_bce(conf: torch.Tensor,
                                target: torch.Tensor,
                                clamp: float = 0.01) -> torch.Tensor:
    """VCNet's mask loss: BCE with per-image class weights.

    For image ``i`` with hole fraction ``r_i`` the valid pixels weigh
    ``r_i`` and the hole pixels ``1 - r_i`` (the rarer class weighs more);
    probabilities are clamped to ``[clamp, 1 - clamp]``::

        loss_i = -mean(r_i * y * log p + (1 - r_i) * (1 - y) * log(1 - p))

    then averaged over images.

    Args:
        conf (torch.Tensor): ``(B, 1, H, W)`` predicted P(valid).
        target (torch.Tensor): same shape, 1 = valid.
        clamp (float): probability clamp. Defaults to 0.01.
    """
    p = conf.float().clamp(clamp, 1 - clamp)
    y = target.float()
    hole = (1 - y).flatten(1).mean(1).view(-1, *([1] * (y.dim() - 1)))
    loss = -(hole * y * p.log() + (1 - hole) * (1 - y) * (1 - p).log())
    return loss.flatten(1).mean(1).mean()


@MODELS.register_module()
class AdaptiveClassBalancedBCELoss(nn.Module):
    """Registered :func:`adaptive_class_balanced_bce` with a weight.

    Args:
        loss_weight (float): Defaults to 1.
        clamp (float): probability clamp. Defaults to 0.01.
    """

    def __init__(self, loss_weight: float = 1., clamp: float = 0.01) -> None:
        super().__init__()
        self.loss_weight = loss_weight
        self.clamp = clamp

    def forward(self, conf: torch.Tensor,
                target: torch.Tensor) -> torch.Tensor:
        return self.loss_weight * adaptive_class_balanced_bce(
            conf, target, self.clamp)
