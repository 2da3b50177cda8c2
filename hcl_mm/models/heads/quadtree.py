# Copyright (c) hcl_mm contributors. All rights reserved.
from dataclasses import dataclass
from typing import Tuple

import torch

from ..layers.resize import resize_nearest


@dataclass
class StageRecord:
    """What one stage of the hierarchy decided; maps are ``(B, h, w)``.

    Attributes:
        pred_mask (torch.Tensor): bool, True = clean: inherited labels plus
            this stage's on its uncertain pixels.
        p_clean (torch.Tensor): float P(clean): the stage's confidence on
            the pixels it re-labelled, the inherited one elsewhere.
        uncertain (torch.Tensor): bool, the pixels this stage re-labelled.
        valid (torch.Tensor): bool, its confident clean set.
        corrupt (torch.Tensor): bool, its confident corrupted set.
        centers (torch.Tensor): ``(B, 2, D)`` cluster centres, clean first.
    """
    pred_mask: torch.Tensor
    p_clean: torch.Tensor
    uncertain: torch.Tensor
    valid: torch.Tensor
    corrupt: torch.Tensor
    centers: torch.Tensor


class QuadtreeInheritance:
    """Labels settled at coarser stages, inherited down the quadtree.

    A confident pixel of a stage settles its four children at the next
    (twice finer) stage, and theirs below: finer stages re-label only the
    pixels no coarser stage was confident about. Use from the coarsest
    stage down::

        tree = QuadtreeInheritance()
        for each stage, coarse to fine:
            uncertain = tree.descend(b, h, w, device)
            ... cluster the uncertain pixels -> conf, valid, corrupt ...
            p_clean, pred_mask = tree.settle(uncertain, conf, valid, corrupt)
    """

    def __init__(self) -> None:
        self.valid = self.corrupt = self.p_clean = None

    def descend(self, b: int, h: int, w: int,
                device: torch.device) -> torch.Tensor:
        """Move to a stage of size ``(h, w)``: settled labels and
        confidences are nearest-upsampled onto it.

        Returns:
            torch.Tensor: bool ``(B, h, w)``, the pixels still uncertain
            (every pixel at the first stage).
        """
        if self.valid is None:
            self.valid = torch.zeros(b, h, w, dtype=torch.bool, device=device)
            self.corrupt = torch.zeros_like(self.valid)
            self.p_clean = torch.zeros(b, h, w, device=device)
        else:
            up = lambda t: resize_nearest(t[:, None], (h, w))[:, 0]  # noqa
            self.valid = up(self.valid) > 0
            self.corrupt = up(self.corrupt) > 0
            self.p_clean = up(self.p_clean)
        return ~(self.valid | self.corrupt)

    def settle(self, uncertain: torch.Tensor, conf: torch.Tensor,
               valid: torch.Tensor,
               corrupt: torch.Tensor) -> Tuple[torch.Tensor, torch.Tensor]:
        """Record a stage's decisions on its uncertain pixels.

        Args:
            uncertain (torch.Tensor): what :meth:`descend` returned.
            conf (torch.Tensor): the stage's P(clean) ``(B, h, w)``; read
                only where ``uncertain``.
            valid (torch.Tensor): its confident clean pixels (only those
                inside ``uncertain`` settle).
            corrupt (torch.Tensor): its confident corrupted pixels.

        Returns:
            tuple: ``p_clean`` (the stage's confidence where uncertain,
            inherited elsewhere) and ``pred_mask`` (bool, True = clean:
            inherited clean pixels plus uncertain ones with p_clean >= 0.5).
        """
        p_clean = torch.where(uncertain, conf.float(), self.p_clean)
        pred_mask = self.valid | (uncertain & (p_clean >= 0.5))
        self.p_clean = p_clean
        self.valid = self.valid | (valid & uncertain)
        self.corrupt = self.corrupt | (corrupt & uncertain)
        return p_clean, pred_mask
