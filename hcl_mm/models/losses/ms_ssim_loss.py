# Copyright (c) hcl_mm contributors. All rights reserved.
from typing import Sequence

import torch
import torch.nn as nn

from hcl_mm.registry import MODELS


@MODELS.register_module()
class MSSSIMLoss(nn.Module):
    """``1 - MS-SSIM`` (torchmetrics' implementation) on images in [-1, 1]:
    a weight-free perceptual term (structure and contrast at several
    scales), drop-in for ``VGGPerceptualLoss``.

    Args:
        loss_weight (float): weight. Defaults to 1.
        betas (Sequence[float]): per-scale exponents; their number is the
            number of scales. The default three (the first three of Wang et
            al.'s five) fit 128-px training crops with ``kernel_size`` 7.
        kernel_size (int): Gaussian window. Defaults to 7.
    """

    def __init__(self,
                 loss_weight: float = 1.0,
                 betas: Sequence[float] = (0.0448, 0.2856, 0.3001),
                 kernel_size: int = 7) -> None:
        super().__init__()
        self.loss_weight = loss_weight
        self.betas = tuple(betas)
        self.kernel_size = kernel_size

    def forward(self, pred: torch.Tensor,
                target: torch.Tensor) -> torch.Tensor:
        from torchmetrics.functional.image import \
            multiscale_structural_similarity_index_measure as ms_ssim
        score = ms_ssim(
            (pred.float() + 1) / 2, (target.float() + 1) / 2,
            kernel_size=self.kernel_size,
            data_range=1.0,
            betas=self.betas,
            normalize='relu')
        return self.loss_weight * (1 - score)
