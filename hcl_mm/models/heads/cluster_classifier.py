# Copyright (c) hcl_mm contributors. All rights reserved.
import torch
import torch.nn as nn
import torch.nn.functional as F
from mmengine.model import BaseModule

from hcl_mm.registry import MODELS


@MODELS.register_module()
class ClusterClassifier(BaseModule):
    """Says which of two cluster centres is the uncorrupted one.

    ``Linear(D, D) -> ReLU -> Linear(D, 1)`` on each centre; the centre with
    the larger logit is uncorrupted. Trained with BCE on the coarsest-stage
    centres (oriented by the ground truth): centre 0 -> 1, centre 1 -> 0.

    Args:
        in_channels (int): centre dimension (the projection width, 64).
        hidden_channels (int, optional): defaults to ``in_channels``.
    """

    def __init__(self,
                 in_channels: int = 64,
                 hidden_channels=None,
                 init_cfg=None) -> None:
        super().__init__(init_cfg=init_cfg)
        hidden = hidden_channels or in_channels
        self.cls = nn.Sequential(
            nn.Linear(in_channels, hidden), nn.ReLU(), nn.Linear(hidden, 1))

    def forward(self, centers: torch.Tensor) -> torch.Tensor:
        """``(B, K, D)`` -> logits ``(B, K)``, high = uncorrupted."""
        return self.cls(centers).squeeze(-1)

    @staticmethod
    def loss(logits: torch.Tensor) -> torch.Tensor:
        """BCE of logits ``(B, 2)``: centre 0 uncorrupted, 1 corrupted."""
        target = torch.zeros_like(logits)
        target[:, 0] = 1
        return F.binary_cross_entropy_with_logits(logits, target)
