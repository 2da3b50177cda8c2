# Copyright (c) hcl_mm contributors. All rights reserved.
from typing import Dict, List, Optional, Sequence, Tuple

import torch
import torch.nn.functional as F
from mmengine.evaluator import BaseMetric
from mmengine.logging import print_log

from hcl_mm.registry import METRICS
from ..functional import DEFAULT_BINS, bins_of, mask_scores
from .table import group_means, markdown_table

_COLUMNS = ('acc', 'clean_f1', 'clean_iou', 'corrupted_f1', 'corrupted_iou',
            'bce')


def _as_tensor(x) -> torch.Tensor:
    return x if isinstance(x, torch.Tensor) else torch.as_tensor(x)


@METRICS.register_module()
class CorruptionMaskMetric(BaseMetric):
    """Corruption-detection scores per image, averaged (released protocol).

    For every image: the soft P(clean) of each stage
    (``output.stage_p_clean``, paper S1 coarsest ... S3 finest),
    nearest-upsampled to the image, against
    the ground-truth ``mask`` (1 = clean): accuracy, F1 and IoU of both
    classes, BCE (:func:`hcl_mm.evaluation.functional.mask_scores`). Means
    over all images and over each corrupted-ratio bin (one run gives
    0-20/20-40/40-60 and 0-30/30-60). Keys: ``mask/{S}_{score}`` and
    ``mask/{bin}/{S}_{score}``; a Markdown table is logged.

    Args:
        bins (Sequence[tuple]): corrupted-ratio bins (fractions).
        collect_device (str): see ``BaseMetric``.
        prefix (str, optional): key prefix. Defaults to 'mask'.
    """
    default_prefix = 'mask'

    def __init__(self,
                 bins: Sequence[Tuple[float, float]] = DEFAULT_BINS,
                 collect_device: str = 'cpu',
                 prefix: Optional[str] = None) -> None:
        super().__init__(collect_device=collect_device, prefix=prefix)
        self.bins = [tuple(b) for b in bins]

    def process(self, data_batch, data_samples: Sequence[dict]) -> None:
        for ds in data_samples:
            if 'mask' not in ds or 'output' not in ds:
                raise KeyError('CorruptionMaskMetric needs the ground-truth '
                               "'mask' and the model's 'output' in each "
                               f"data sample of {ds.get('img_path', '?')}")
            gt = _as_tensor(ds['mask']).float()
            gt = gt[0] if gt.dim() == 3 else gt
            out = ds['output']
            confs = out.get('stage_p_clean') or [out['pred_p_clean']]
            res = dict(ratio=1 - (gt > 0.5).float().mean().item())
            names = [f'S{i + 1}' for i in range(len(confs))]
            for name, conf in zip(names, confs):
                conf = _as_tensor(conf).float()
                conf = conf.view(1, 1, *conf.shape[-2:])
                conf = F.interpolate(conf, size=gt.shape, mode='nearest')
                res[name] = mask_scores(conf[0, 0], gt)
            res['stages'] = names
            self.results.append(res)

    def compute_metrics(self, results: List[dict]) -> Dict[str, float]:
        metrics, rows = {}, []
        stages = results[0]['stages'] if results else []
        groups = [
            ('all', results)
        ] + [(name,
              [r for r in results if name in bins_of(r['ratio'], self.bins)])
             for name in
             [f'{round(lo * 100)}-{round(hi * 100)}' for lo, hi in self.bins]]
        for group, rs in groups:
            for stage in stages:
                means = group_means(rs, stage)
                if not means:
                    continue
                key = '' if group == 'all' else f'{group}/'
                metrics.update({
                    f'{key}{stage}_{k}': v
                    for k, v in means.items()
                })
                if group == 'all' or stage == stages[-1]:
                    rows.append(
                        dict(ratio=group, stage=stage, n=len(rs), **means))
        print_log(
            '\nCorruption masks (per image, then mean; F1/IoU per class):\n' +
            markdown_table(rows, ('ratio', 'stage', 'n') + _COLUMNS),
            logger='current')
        return metrics
