# Copyright (c) hcl_mm contributors. All rights reserved.
"""The guided filter (He, Sun and Tang, ECCV 2010 / TPAMI 2013) with a
colour guide: an edge-aware smoothing of a map that follows the guide
image's edges.

In every ``(2 r + 1)^2`` window the output is an affine function of the
guide's colour fitted to the input map by ridge regression (``eps``), and
each pixel averages the fits of the windows that cover it. Applied to a
detector's P(clean) with the photo as the guide, a mask edge that lies
near a colour edge moves onto it, and a gap inside a stroke's blob whose
colour matches the background reopens.
"""
import torch
import torch.nn.functional as F


def box_mean(x: torch.Tensor, radius: int) -> torch.Tensor:
    """Mean over the ``(2 r + 1)^2`` window around each pixel; at the
    border only the pixels inside the image count."""
    k = 2 * radius + 1
    return F.avg_pool2d(x, k, 1, radius, count_include_pad=False)


def guided_filter(guide: torch.Tensor, src: torch.Tensor, radius: int,
                  eps: float) -> torch.Tensor:
    """Colour guided filter of ``src`` under ``guide``.

    Args:
        guide (torch.Tensor): ``(B, C, H, W)`` guide image (e.g. RGB in
            [0, 1]; ``eps`` is relative to its scale).
        src (torch.Tensor): ``(B, 1, H, W)`` map to filter.
        radius (int): window radius ``r`` (windows of ``2 r + 1`` px).
        eps (float): ridge regulariser: larger smooths more, smaller
            follows the guide's edges more closely.

    Returns:
        torch.Tensor: ``(B, 1, H, W)`` filtered map (float32).
    """
    if radius < 1 or eps <= 0:
        raise ValueError(f'guided_filter needs radius >= 1 and eps > 0, got '
                         f'radius={radius}, eps={eps}')
    if guide.shape[-2:] != src.shape[-2:] or src.shape[1] != 1:
        raise ValueError(f'guided_filter needs a (B, 1, H, W) map at the '
                         f'guide\'s size, got {tuple(src.shape)} and '
                         f'{tuple(guide.shape)}')
    guide, src = guide.float(), src.float()
    c = guide.shape[1]
    mean_i = box_mean(guide, radius)  # (B, C, H, W)
    mean_p = box_mean(src, radius)
    cov_ip = box_mean(guide * src, radius) - mean_i * mean_p
    # per-pixel C x C covariance of the guide, plus eps on the diagonal
    outer = guide[:, :, None] * guide[:, None]  # (B, C, C, H, W)
    sigma = box_mean(outer.flatten(1, 2), radius).unflatten(1, (c, c))
    sigma = sigma - mean_i[:, :, None] * mean_i[:, None]
    sigma = sigma + eps * torch.eye(c, device=guide.device)[..., None, None]
    a = torch.linalg.solve(
        sigma.permute(0, 3, 4, 1, 2),
        cov_ip.permute(0, 2, 3, 1)[..., None])[..., 0].permute(0, 3, 1, 2)
    b = mean_p - (a * mean_i).sum(1, keepdim=True)
    return (box_mean(a, radius) * guide).sum(
        1, keepdim=True) + box_mean(b, radius)
