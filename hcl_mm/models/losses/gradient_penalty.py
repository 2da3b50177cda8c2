# Copyright (c) hcl_mm contributors. All rights reserved.
from typing import Callable

import torch
import torch.nn as nn

from hcl_mm.registry import MODELS


def wgan_gradient_penalty(critic: Callable[[torch.Tensor], torch.Tensor],
                          real: torch.Tensor,
                          fake: torch.Tensor,
                          per_sample: bool = True) -> torch.Tensor:
    """WGAN-GP: ``mean_i (||grad_x sum D(x)||_2 - 1)^2`` at interpolates.

    ``x = a * real + (1 - a) * fake`` with one ``a`` per sample or, with
    ``per_sample=False``, one for the batch (the release); the gradient of
    the *sum* of the critic's output (a score map or one score per image)
    is normed over each sample's C x H x W. mmagic's
    ``gradient_penalty_loss`` computes the per-sample form but cannot draw
    one coefficient per batch, hence this function.

    Args:
        critic (Callable): image batch -> scores of any shape.
        real (torch.Tensor): ``(B, C, H, W)``.
        fake (torch.Tensor): same shape.
        per_sample (bool): one interpolation coefficient per sample.

    Returns:
        torch.Tensor: the scalar penalty (unweighted).
    """
    real, fake = real.detach(), fake.detach()
    n = real.shape[0] if per_sample else 1
    alpha = torch.rand(n, 1, 1, 1, device=real.device, dtype=real.dtype)
    x = (alpha * real + (1 - alpha) * fake).requires_grad_(True)
    grad, = torch.autograd.grad(
        critic(x).sum(), x, create_graph=True, retain_graph=True)
    return ((grad.flatten(1).norm(2, dim=1) - 1)**2).mean()


@MODELS.register_module()
class WGANGradientPenalty(nn.Module):
    """``lambda *`` :func:`wgan_gradient_penalty`.

    Args:
        loss_weight (float): lambda. Defaults to 10.
        interpolation (str): ``'sample'`` (one coefficient per sample, the
            standard form; default) or ``'batch'`` (one per batch, as
            released).
    """

    def __init__(self,
                 loss_weight: float = 10.,
                 interpolation: str = 'sample') -> None:
        super().__init__()
        if interpolation not in ('sample', 'batch'):
            raise ValueError("interpolation must be 'sample' or 'batch', "
                             f'got {interpolation!r}')
        self.loss_weight = loss_weight
        self.interpolation = interpolation

    def forward(self, critic: Callable[[torch.Tensor], torch.Tensor],
                real: torch.Tensor, fake: torch.Tensor) -> torch.Tensor:
        return self.loss_weight * wgan_gradient_penalty(
            critic, real, fake, self.interpolation == 'sample')
