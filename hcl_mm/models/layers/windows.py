# Copyright (c) hcl_mm contributors. All rights reserved.
"""Random square windows of a batch, cut alike from maps of several
resolutions (a loss taken on crops of maps computed on whole images)."""
import torch


def random_windows(batch: int,
                   size_hw,
                   window: int,
                   per_sample: int = 1,
                   device=None) -> torch.Tensor:
    """``per_sample`` random ``window x window`` windows inside each sample
    of a batch of ``size_hw`` maps, drawn from torch's global generator.

    Args:
        batch (int): number of samples.
        size_hw (tuple): ``(H, W)`` of the maps.
        window (int): side of the windows, at most ``min(H, W)``.
        per_sample (int): windows per sample. Defaults to 1.
        device: device of the result.

    Returns:
        torch.Tensor: long ``(batch * per_sample, 3)``, rows ``(sample,
        top, left)``, sample-major.
    """
    h, w = size_hw
    if not 1 <= window <= min(h, w):
        raise ValueError(f'window must be in [1, {min(h, w)}] for maps of '
                         f'{h}x{w}, got {window}')
    if per_sample < 1:
        raise ValueError(f'per_sample must be >= 1, got {per_sample}')
    n = batch * per_sample
    sample = torch.arange(batch).repeat_interleave(per_sample)
    top = torch.randint(0, h - window + 1, (n, ))
    left = torch.randint(0, w - window + 1, (n, ))
    return torch.stack([sample, top, left], 1).to(device)


def crop_windows(x: torch.Tensor,
                 windows: torch.Tensor,
                 window: int,
                 scale: int = 1) -> torch.Tensor:
    """The ``windows`` (:func:`random_windows`, in the coordinates of a map
    ``scale`` times coarser than ``x``) cut from ``x``.

    Args:
        x (torch.Tensor): ``(B, C, H, W)``.
        windows (torch.Tensor): ``(K, 3)`` rows ``(sample, top, left)``.
        window (int): side of the windows in the coarser map.
        scale (int): ``x``'s resolution over the windows' map. Defaults
            to 1.

    Returns:
        torch.Tensor: ``(K, C, window * scale, window * scale)``.
    """
    side = window * scale
    crops = []
    for b, top, left in windows.tolist():
        top, left = top * scale, left * scale
        if top + side > x.shape[-2] or left + side > x.shape[-1]:
            raise ValueError(f'window ({top}, {left}) of side {side} falls '
                             f'outside a map of {tuple(x.shape[-2:])}')
        crops.append(x[b, :, top:top + side, left:left + side])
    return torch.stack(crops)
