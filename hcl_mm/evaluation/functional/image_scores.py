# Copyright (c) hcl_mm contributors. All rights reserved.
"""Per-image restoration scores on images in [0, 1] (released protocol)."""
import math
from typing import Dict, Optional

import torch
import torch.nn.functional as F


def _region_mean(t: torch.Tensor, region: Optional[torch.Tensor]) -> float:
    """Mean of ``(C, H, W)`` values over all of them, or over the pixels of
    the bool ``(H, W)`` ``region`` (every channel)."""
    if region is None:
        return t.mean().item()
    if region.shape != t.shape[-2:]:
        raise ValueError(f'region {tuple(region.shape)} does not match the '
                         f'image {tuple(t.shape[-2:])}')
    if not region.any():
        raise ValueError('the region is empty')
    return t[:, region.bool()].mean().item()


def psnr(pred: torch.Tensor,
         target: torch.Tensor,
         region: Optional[torch.Tensor] = None) -> float:
    """PSNR over all pixels and channels of one image, data range 1, or
    over the pixels of ``region`` (bool ``(H, W)``) only."""
    mse = _region_mean((pred.double() - target.double())**2, region)
    return float('inf') if mse == 0 else 10 * math.log10(1 / mse)


def _gaussian(size: int = 11, sigma: float = 1.5) -> torch.Tensor:
    x = torch.arange(size, dtype=torch.float64) - (size - 1) / 2
    g = torch.exp(-x**2 / (2 * sigma**2))
    return g / g.sum()


def ssim(pred: torch.Tensor,
         target: torch.Tensor,
         region: Optional[torch.Tensor] = None) -> float:
    """SSIM of one ``(C, H, W)`` image as torchmetrics (>= 1.x) computes it.

    Gaussian 11x11 window, sigma 1.5, k1 0.01, k2 0.03, data range 1,
    reflect padding, mean over all positions and channels. (torchmetrics
    0.x cropped the 5-pixel border before the mean; on natural images the
    two differ in the fourth decimal.) With ``region`` (bool ``(H, W)``)
    the SSIM map is averaged over those pixels only.
    """
    c = pred.shape[0]
    g = _gaussian()
    kernel = (g[:, None] * g[None, :]).expand(c, 1, 11, 11).to(pred.device)
    x = pred.double()[None]
    y = target.double()[None]
    pad = 5
    x = F.pad(x, (pad, ) * 4, mode='reflect')
    y = F.pad(y, (pad, ) * 4, mode='reflect')

    def blur(t):
        return F.conv2d(t, kernel, groups=c)

    mu_x, mu_y = blur(x), blur(y)
    sxx = (blur(x * x) - mu_x**2).clamp_min(0)
    syy = (blur(y * y) - mu_y**2).clamp_min(0)
    sxy = blur(x * y) - mu_x * mu_y
    c1, c2 = 0.01**2, 0.03**2
    s = ((2 * mu_x * mu_y + c1) * (2 * sxy + c2)) / ((mu_x**2 + mu_y**2 + c1) *
                                                     (sxx + syy + c2))
    return _region_mean(s[0], region)


def image_scores(pred: torch.Tensor,
                 target: torch.Tensor,
                 region: Optional[torch.Tensor] = None) -> Dict[str, float]:
    """PSNR, SSIM and MAE of one ``(C, H, W)`` image pair in [0, 1]; with
    ``region`` (bool ``(H, W)``, e.g. the corrupted pixels) inside it only.
    """
    if pred.shape != target.shape:
        raise ValueError(f'prediction {tuple(pred.shape)} and target '
                         f'{tuple(target.shape)} differ in shape')
    pred = pred.float().clamp(0, 1)
    target = target.float()
    return dict(
        psnr=psnr(pred, target, region),
        ssim=ssim(pred, target, region),
        mae=_region_mean((pred - target).abs(), region))
