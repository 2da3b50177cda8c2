# Copyright (c) hcl_mm contributors. All rights reserved.
from typing import Optional

import torch
import torch.nn as nn
import torch.nn.functional as F

from hcl_mm.registry import MODELS

_NOT = -1e12  # log-space fill for "not this kind of pair"


def pixel_contrastive_loss(query: torch.Tensor,
                           query_label: torch.Tensor,
                           query_valid: torch.Tensor,
                           ref: Optional[torch.Tensor] = None,
                           ref_label: Optional[torch.Tensor] = None,
                           ref_valid: Optional[torch.Tensor] = None,
                           temperature: float = 0.1) -> torch.Tensor:
    """Circle-form supervised contrastive loss (paper Eq. 2, as released).

    For each query ``q`` the columns are all queries of its image (itself
    included) and the references; a column with the query's label is a
    positive, any other a negative, and with cosine similarities ``s``::

        loss_q = log(1 + sum_p exp(-s_p / tau) * sum_n exp(s_n / tau))

    (Circle loss with margins 0 and weights 1, scale ``1 / tau``). Queries
    without a positive or a negative contribute 0. Per image: mean over its
    queries (0 without queries); then mean over images.

    Args:
        query (torch.Tensor): ``(B, Q, D)`` unit-norm embeddings.
        query_label (torch.Tensor): ``(B, Q)`` labels (1 clean, 0 corrupted).
        query_valid (torch.Tensor): bool ``(B, Q)``; padding is False.
        ref (torch.Tensor, optional): ``(B, R, D)`` extra columns only
            (not queries), e.g. detached previous-stage samples.
        ref_label (torch.Tensor, optional): ``(B, R)``.
        ref_valid (torch.Tensor, optional): bool ``(B, R)``.
        temperature (float): tau. Defaults to 0.1.

    Returns:
        torch.Tensor: scalar loss.
    """
    cols, col_label, col_valid = query, query_label, query_valid
    if ref is not None and ref.shape[1] > 0:
        cols = torch.cat([query, ref.to(query.dtype)], 1)
        col_label = torch.cat([query_label, ref_label], 1)
        col_valid = torch.cat([query_valid, ref_valid], 1)
    sim = torch.einsum('bqd,bcd->bqc', query.float(), cols.float())
    same = query_label[:, :, None] == col_label[:, None, :]
    col_valid = col_valid[:, None, :]
    pos = same & col_valid
    neg = ~same & col_valid
    lse_pos = torch.logsumexp(
        torch.where(pos, -sim / temperature, sim.new_tensor(_NOT)), -1)
    lse_neg = torch.logsumexp(
        torch.where(neg, sim / temperature, sim.new_tensor(_NOT)), -1)
    row = F.softplus(lse_pos + lse_neg)
    used = query_valid & pos.any(-1) & neg.any(-1)
    row = row * used
    per_image = row.sum(1) / query_valid.sum(1).clamp_min(1)
    return per_image.mean()


@MODELS.register_module()
class PixelContrastiveLoss(nn.Module):
    """Registered wrapper of :func:`pixel_contrastive_loss`.

    Args:
        temperature (float): tau (scale ``1 / tau``). Defaults to 0.1.
        loss_weight (float): lambda_contrast. Defaults to 0.1.
    """

    def __init__(self,
                 temperature: float = 0.1,
                 loss_weight: float = 0.1) -> None:
        super().__init__()
        self.temperature = temperature
        self.loss_weight = loss_weight

    def forward(self, *args, **kwargs) -> torch.Tensor:
        kwargs.setdefault('temperature', self.temperature)
        return self.loss_weight * pixel_contrastive_loss(*args, **kwargs)
