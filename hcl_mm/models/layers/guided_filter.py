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
    # the guide's C (C + 1) / 2 distinct products, then one box filter over
    # everything the fit needs
    rows, cols = torch.triu_indices(c, c)
    means = box_mean(
        torch.cat([guide, src, guide * src, guide[:, rows] * guide[:, cols]],
                  1), radius)
    mean_i, mean_p, mean_ip, mean_ii = means.split([c, 1, c, len(rows)], 1)
    cov_ip = mean_ip - mean_i * mean_p
    # per-pixel C x C covariance of the guide, plus eps on the diagonal
    var = mean_ii - mean_i[:, rows] * mean_i[:, cols]
    sigma = guide.new_empty(guide.shape[0], c, c, *guide.shape[-2:])
    sigma[:, rows, cols] = var
    sigma[:, cols, rows] = var
    sigma = sigma + eps * torch.eye(c, device=guide.device)[..., None, None]
    a = torch.linalg.solve(
        sigma.permute(0, 3, 4, 1, 2),
        cov_ip.permute(0, 2, 3, 1)[..., None])[..., 0].permute(0, 3, 1, 2)
    b = mean_p - (a * mean_i).sum(1, keepdim=True)
    mean_a, mean_b = box_mean(torch.cat([a, b], 1), radius).split([c, 1], 1)
    return (mean_a * guide).sum(1, keepdim=True) + mean_b
