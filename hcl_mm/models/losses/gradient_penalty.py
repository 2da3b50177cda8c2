# Copyright (c) hcl_mm contributors. All rights reserved.
import torch
import torch.nn as nn

from hcl_mm.registry import MODELS


@MODELS.register_module()
class WGANGradientPenalty(nn.Module):
    """WGAN-GP: ``lambda * mean_i (||grad_x D(x_i)||_2 - 1)^2``.

    ``x`` interpolates real and fake with one coefficient per sample and
    the norm is taken over each sample's C x H x W gradient (mmagic's
    ``gradient_penalty_loss`` with ``norm_mode='HWC'``). The released code
    uses one coefficient per batch; per sample is the standard form.

    Args:
        loss_weight (float): lambda. Defaults to 10.
    """

    def __init__(self, loss_weight: float = 10.) -> None:
        super().__init__()
        self.loss_weight = loss_weight

    def forward(self, critic: nn.Module, real: torch.Tensor,
                fake: torch.Tensor) -> torch.Tensor:
        # imported when training: importing mmagic.models pulls in
        # diffusers (and its warnings) for every inference run otherwise
        from mmagic.models.losses.gan_loss import gradient_penalty_loss
        return self.loss_weight * gradient_penalty_loss(
            critic, real.detach(), fake.detach(), norm_mode='HWC')
