# Copyright (c) hcl_mm contributors. All rights reserved.
import torch
import torch.nn as nn

from hcl_mm.registry import MODELS


def focal_frequency_loss(pred: torch.Tensor,
                         target: torch.Tensor,
                         alpha: float = 1.0) -> torch.Tensor:
    """Focal frequency loss (Jiang et al., ICCV 2021), mean over the batch.

    Both images go through an orthonormal 2-D FFT per channel; the squared
    distance of every frequency is weighted by its own magnitude to the
    power ``alpha``, normalised to [0, 1] per image and channel and
    detached, so the frequencies the restorer gets most wrong (the fine
    detail an L1 loss blurs away) dominate.

    Args:
        pred (torch.Tensor): ``(B, C, H, W)``.
        target (torch.Tensor): same shape.
        alpha (float): focusing exponent.

    Returns:
        torch.Tensor: the scalar loss.
    """
    diff = torch.fft.fft2(
        pred.float(), norm='ortho') - torch.fft.fft2(
            target.float(), norm='ortho')
    dist = diff.real**2 + diff.imag**2
    with torch.no_grad():
        weight = dist.sqrt()**alpha
        weight = weight / weight.flatten(2).amax(2).clamp_min(1e-12)[..., None,
                                                                     None]
    return (weight * dist).mean()


@MODELS.register_module()
class FocalFrequencyLoss(nn.Module):
    """A weight-free perceptual term: :func:`focal_frequency_loss`.

    Drop-in for ``VGGPerceptualLoss`` where no pretrained VGG19 is at hand
    (``loss_perceptual=dict(_delete_=True, type='FocalFrequencyLoss')``).

    Args:
        loss_weight (float): weight. Defaults to 1 (the paper's).
        alpha (float): focusing exponent. Defaults to 1.
    """

    def __init__(self, loss_weight: float = 1.0, alpha: float = 1.0) -> None:
        super().__init__()
        self.loss_weight = loss_weight
        self.alpha = alpha

    def forward(self, pred: torch.Tensor,
                target: torch.Tensor) -> torch.Tensor:
        return self.loss_weight * focal_frequency_loss(pred, target,
                                                       self.alpha)
