# Copyright (c) hcl_mm contributors. All rights reserved.
import torch
import torch.nn as nn


class ProbabilisticContextNorm(nn.Module):
    """Probabilistic context normalisation (PCN) of VCNet.

    With a soft mask ``m`` (1 = known, resized to the features), the hole
    features are re-standardised to the known region's statistics::

        t = (x - mu_hole) / sigma_hole * sigma_known + mu_known
        y = m * x + (1 - m) * (beta * t + (1 - beta) * x)

    where the statistics are per sample and channel, weighted by ``m`` or
    ``1 - m``, and ``beta`` (per channel) comes from a squeeze-and-excitation
    branch on ``x``. Features where ``m = 1`` pass unchanged.

    Args:
        channels (int): feature channels.
        reduction (int): SE bottleneck ratio. Defaults to 4.
        eps (float): numerical floor of weights and variances.
    """

    def __init__(self,
                 channels: int,
                 reduction: int = 4,
                 eps: float = 1e-5) -> None:
        super().__init__()
        hidden = max(1, channels // reduction)
        self.se = nn.Sequential(
            nn.AdaptiveAvgPool2d(1), nn.Conv2d(channels, hidden, 1),
            nn.ReLU(inplace=True), nn.Conv2d(hidden, channels, 1),
            nn.Sigmoid())
        self.eps = eps

    def _stats(self, x: torch.Tensor, w: torch.Tensor):
        total = w.sum((2, 3), keepdim=True).clamp_min(self.eps)
        mean = (x * w).sum((2, 3), keepdim=True) / total
        var = ((x - mean)**2 * w).sum((2, 3), keepdim=True) / total
        return mean, (var + self.eps).sqrt()

    def forward(self, x: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        """``x`` ``(B, C, H, W)``, ``mask`` ``(B, 1, H, W)`` in [0, 1]."""
        mask = mask.to(x.dtype)
        mu_k, sd_k = self._stats(x, mask)
        mu_h, sd_h = self._stats(x, 1 - mask)
        transferred = (x - mu_h) / sd_h * sd_k + mu_k
        beta = self.se(x)
        hole = beta * transferred + (1 - beta) * x
        return mask * x + (1 - mask) * hole
