# Copyright (c) hcl_mm contributors. All rights reserved.
"""Pixel selection of the hierarchy: confident sets, boundaries, mining."""
from typing import Optional, Tuple

import torch
import torch.nn.functional as F


def erode(mask: torch.Tensor) -> torch.Tensor:
    """3x3 (8-neighbour) binary erosion with replicate padding.

    Removing a set's 1-pixel inner boundary; the image border does not count
    as a boundary.

    Args:
        mask (torch.Tensor): bool ``(B, H, W)``.

    Returns:
        torch.Tensor: bool ``(B, H, W)``.
    """
    outside = F.pad((~mask)[:, None].float(), (1, 1, 1, 1), mode='replicate')
    return F.max_pool2d(outside, 3, stride=1)[:, 0] < 0.5


def select_confident(conf: torch.Tensor,
                     ratio: float,
                     region: Optional[torch.Tensor] = None
                     ) -> Tuple[torch.Tensor, torch.Tensor]:
    """High-confidence pixels of both clusters, by rank.

    With ``N_v`` pixels of the region at ``conf >= 0.5``, the
    ``floor(ratio * N_v)`` of them with the largest ``conf`` are
    confidently valid; likewise the ``floor(ratio * N_c)`` with the
    smallest ``conf`` are confidently corrupted. The rest is uncertain.

    Args:
        conf (torch.Tensor): ``(B, N)`` soft P(uncorrupted).
        ratio (float): the fraction kept per cluster (0.95; 1.0 keeps all).
        region (torch.Tensor, optional): bool ``(B, N)``, the pixels ranked
            (the stage's uncertain ones); others are never selected.
            Defaults to all.

    Returns:
        tuple: bool ``(B, N)`` valid and corrupted selections.
    """
    b, n = conf.shape
    if region is None:
        region = torch.ones_like(conf, dtype=torch.bool)
    high = (conf >= 0.5) & region
    if ratio >= 1:  # every pixel of both clusters: no ranking needed
        return high, (conf < 0.5) & region
    num_region = region.sum(1, keepdim=True)
    num_valid = high.sum(1, keepdim=True)
    keep_valid = torch.floor(ratio * num_valid.double()).long()
    keep_corrupt = torch.floor(ratio *
                               (num_region - num_valid).double()).long()
    # region pixels by decreasing confidence first, the rest after them
    key = torch.where(region, conf.float(), conf.new_tensor(-1.).float())
    order = key.argsort(dim=1, descending=True, stable=True)
    rank = torch.empty_like(order)
    rank.scatter_(1, order, torch.arange(n, device=conf.device).expand(b, n))
    return (rank < keep_valid) & region, \
        ((num_region - 1 - rank) < keep_corrupt) & region


def hard_mine(selected: torch.Tensor, conf: torch.Tensor, edge: torch.Tensor,
              num: int, num_edge: int) -> torch.Tensor:
    """Indices of one image's hard references (released hard mining).

    The set's pixels are sorted by confidence and split into boundary
    (``edge``) and other pixels. With more than ``num`` pixels,
    ``n1 = min(num_edge, #edge)`` boundary and ``n2 = min(num - n1, #rest)``
    other pixels are taken, half from the least and half from the most
    confident end of each group; otherwise the whole set.

    Args:
        selected (torch.Tensor): bool ``(N,)`` the set.
        conf (torch.Tensor): ``(N,)`` confidences.
        edge (torch.Tensor): bool ``(N,)`` the set's inner boundary.
        num (int): references to take (256).
        num_edge (int): at most this many from the boundary (128).

    Returns:
        torch.Tensor: long indices into ``N``.
    """
    idx = selected.nonzero()[:, 0]
    if idx.numel() <= num:
        return idx
    idx = idx[conf[idx].argsort(dim=0, stable=True)]
    on_edge = edge[idx]
    edge_idx, rest_idx = idx[on_edge], idx[~on_edge]
    n1 = min(num_edge, edge_idx.numel())
    n2 = min(num - n1, rest_idx.numel())

    def ends(sorted_idx: torch.Tensor, k: int) -> torch.Tensor:
        low = k // 2
        high = k - low
        return torch.cat(
            [sorted_idx[:low], sorted_idx[sorted_idx.numel() - high:]])

    return torch.cat([ends(edge_idx, n1), ends(rest_idx, n2)])


def random_subset(selected: torch.Tensor, num: int) -> torch.Tensor:
    """Uniform random subset of at most ``num`` pixels per image.

    Args:
        selected (torch.Tensor): bool ``(B, N)``.
        num (int): subset size.

    Returns:
        tuple: long ``(B, k)`` indices and bool ``(B, k)`` validity, with
        ``k = min(num, N)``.
    """
    scores = torch.rand(selected.shape, device=selected.device)
    scores = scores.masked_fill(~selected, -1.)
    top, idx = scores.topk(min(num, selected.shape[1]), dim=1)
    return idx, top >= 0
