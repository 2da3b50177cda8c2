# Copyright (c) hcl_mm contributors. All rights reserved.
from typing import Callable

import torch
import torch.nn as nn

from hcl_mm.registry import MODELS


@MODELS.register_module()
class R1Penalty(nn.Module):
    """R1 regularisation (Mescheder et al. 2018), StyleGAN2's and MAT's
    critic penalty: ``loss_weight * mean_i ||grad_x sum D(x_i)||^2`` at the
    *real* images only, the squared gradient summed over C x H x W
    (mmagic's ``r1_gradient_penalty_loss`` with ``norm_mode='HWC'``).

    Called like :class:`WGANGradientPenalty` (``critic, real, fake``;
    ``fake`` is unused), so any hcl_mm inpaintor's critic step takes it.

    Args:
        loss_weight (float): ``gamma / 2``; MAT uses gamma = 10, so 5.
    """

    def __init__(self, loss_weight: float = 5.) -> None:
        super().__init__()
        self.loss_weight = loss_weight

    def forward(self, critic: Callable[[torch.Tensor], torch.Tensor],
                real: torch.Tensor, fake: torch.Tensor) -> torch.Tensor:
        from mmagic.models.losses import r1_gradient_penalty_loss
        return self.loss_weight * r1_gradient_penalty_loss(
            critic, real.detach(), norm_mode='HWC')
