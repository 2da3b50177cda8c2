# Copyright (c) hcl_mm contributors. All rights reserved.
"""Per-image scores of a soft corruption mask (released HCL protocol)."""
from typing import Dict

import torch
import torch.nn.functional as F

CLASSES = ('clean', 'corrupted')


def _f1_iou(pred: torch.Tensor, target: torch.Tensor):
    tp = (pred & target).sum().item()
    fp = (pred & ~target).sum().item()
    fn = (~pred & target).sum().item()
    if tp + fp + fn == 0:  # nothing to find and nothing predicted
        return 1.0, 1.0
    return 2 * tp / (2 * tp + fp + fn), tp / (tp + fp + fn)


def mask_scores(conf: torch.Tensor, gt: torch.Tensor) -> Dict[str, float]:
    """Accuracy, F1, IoU of both classes and BCE of one image.

    As released (docs/released_implementation.md §3): accuracy and F1
    threshold the soft P(clean) strictly (``conf > 0.5``, torchmetrics'
    binary convention), IoU with ``conf >= 0.5``; BCE is the pixel mean of
    ``binary_cross_entropy(conf, gt)`` (log clamped at -100). The released
    F1/IoU are those of the clean class; the corrupted class (what users
    care about) is reported too. An image where a class is absent and never
    predicted scores 1 for that class.

    Args:
        conf (torch.Tensor): soft P(clean), any shape, values in [0, 1].
        gt (torch.Tensor): same shape, 1 = clean, 0 = corrupted.

    Returns:
        dict: ``acc``, ``bce``, ``{clean,corrupted}_{f1,iou}``.
    """
    if conf.shape != gt.shape:
        raise ValueError(f'confidence {tuple(conf.shape)} and ground truth '
                         f'{tuple(gt.shape)} differ in shape')
    conf = conf.float().clamp(0, 1)
    clean = gt > 0.5
    strict = conf > 0.5
    loose = conf >= 0.5
    scores = dict(
        acc=(strict == clean).float().mean().item(),
        bce=F.binary_cross_entropy(conf, clean.float()).item())
    scores['clean_f1'] = _f1_iou(strict, clean)[0]
    scores['clean_iou'] = _f1_iou(loose, clean)[1]
    scores['corrupted_f1'] = _f1_iou(~strict, ~clean)[0]
    scores['corrupted_iou'] = _f1_iou(~loose, ~clean)[1]
    return scores
