# Copyright (c) hcl_mm contributors. All rights reserved.
"""Binary morphology of float 0/1 masks by square structuring elements."""
import torch
import torch.nn.functional as F


def dilate(mask: torch.Tensor, radius: int) -> torch.Tensor:
    """Dilation of a float 0/1 ``(B, C, H, W)`` mask by a
    ``2 radius + 1`` square (max pooling; outside the image counts as 0)."""
    return F.max_pool2d(mask, 2 * radius + 1, 1, radius)


def erode(mask: torch.Tensor, radius: int) -> torch.Tensor:
    """Erosion likewise; the image border does not erode."""
    return 1 - dilate(1 - mask, radius)
