# Copyright (c) hcl_mm contributors. All rights reserved.
from typing import List, Optional, Sequence

import torch


def pack_outputs(
        data_samples: Optional[List],
        pred_img: torch.Tensor,
        pred_mask: torch.Tensor,
        pred_p_clean: torch.Tensor,
        coarse_img: Optional[torch.Tensor] = None,
        stage_masks: Optional[Sequence[torch.Tensor]] = None,
        stage_p_clean: Optional[Sequence[torch.Tensor]] = None) -> List:
    """The ``output`` of every hcl_mm blind-restoration model's predictions.

    One mmagic ``DataSample`` per image (the input sample when given, so its
    ``gt_img``, ``mask`` and metainfo stay) with ``output`` holding
    ``pred_img`` (float RGB in [0, 255]), ``coarse_img`` (``pred_img`` when
    the model has one output), ``pred_mask`` (0/1, 1 = clean, the released
    polarity), ``pred_p_clean`` (soft P(clean)) and ``stage_masks`` /
    ``stage_p_clean`` (coarse to fine; one stage when not given). This is
    the contract of ``CorruptionMaskMetric``, ``RestorationMetric``,
    ``tools/test.py`` and the visualisation hook.

    Args:
        data_samples (list, optional): the inputs' samples.
        pred_img (torch.Tensor): ``(B, 3, H, W)``.
        pred_mask (torch.Tensor): ``(B, 1, H, W)``.
        pred_p_clean (torch.Tensor): ``(B, 1, H, W)``.
        coarse_img (torch.Tensor, optional): ``(B, 3, H, W)``.
        stage_masks (Sequence[torch.Tensor], optional): ``(B, 1, h, w)``
            each, coarse to fine.
        stage_p_clean (Sequence[torch.Tensor], optional): likewise.

    Returns:
        list: the samples.
    """
    from mmagic.structures import DataSample
    pred_img, pred_mask = pred_img.cpu(), pred_mask.float().cpu()
    pred_p_clean = pred_p_clean.float().cpu()
    coarse_img = pred_img if coarse_img is None else coarse_img.cpu()
    stage_masks = [m.float().cpu() for m in stage_masks or [pred_mask]]
    stage_p_clean = [c.float().cpu() for c in stage_p_clean or [pred_p_clean]]
    results = []
    for i in range(pred_img.shape[0]):
        sample = data_samples[i] if data_samples else DataSample()
        sample.output = DataSample(
            pred_img=pred_img[i],
            coarse_img=coarse_img[i],
            pred_mask=pred_mask[i],
            pred_p_clean=pred_p_clean[i],
            stage_masks=[m[i] for m in stage_masks],
            stage_p_clean=[c[i] for c in stage_p_clean])
        results.append(sample)
    return results
