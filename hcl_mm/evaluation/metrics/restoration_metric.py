# Copyright (c) hcl_mm contributors. All rights reserved.
import os.path as osp
from typing import Dict, List, Optional, Sequence, Tuple

import torch
from mmengine.evaluator import BaseMetric
from mmengine.logging import print_log

from hcl_mm.registry import METRICS
from ..functional import DEFAULT_BINS, bins_of, image_scores
from .table import group_means, markdown_table


def build_lpips(alexnet_weights: str) -> torch.nn.Module:
    """LPIPS v0.1 (AlexNet) with the backbone from a local file.

    The linear calibration layers ship inside the ``lpips`` package; the
    AlexNet weights (torchvision's ``alexnet-owt-7be5be79.pth``) must be a
    local file: nothing is downloaded.

    Raises:
        FileNotFoundError: the AlexNet file is missing, naming it.
    """
    if not alexnet_weights or not osp.isfile(alexnet_weights):
        raise FileNotFoundError(
            f'LPIPS needs local AlexNet weights, not found: '
            f'{alexnet_weights!r} (torchvision alexnet-owt-7be5be79.pth from '
            'https://download.pytorch.org/models/alexnet-owt-7be5be79.pth)')
    import lpips
    model = lpips.LPIPS(
        net='alex', pretrained=True, pnet_rand=True, verbose=False)
    state = torch.load(alexnet_weights, map_location='cpu', weights_only=True)
    feats = {
        k[len('features.'):]: v
        for k, v in state.items() if k.startswith('features.')
    }
    loaded = 0
    for slice_ in (model.net.slice1, model.net.slice2, model.net.slice3,
                   model.net.slice4, model.net.slice5):
        for idx, layer in slice_.named_children():
            if isinstance(layer, torch.nn.Conv2d):
                layer.weight.data.copy_(feats[f'{idx}.weight'])
                layer.bias.data.copy_(feats[f'{idx}.bias'])
                loaded += 1
    if loaded != 5:
        raise ValueError(f'{alexnet_weights!r}: expected 5 AlexNet convs, '
                         f'loaded {loaded}')
    return model.eval().requires_grad_(False)


@METRICS.register_module()
class RestorationMetric(BaseMetric):
    """PSNR, SSIM, MAE (and LPIPS) of the restored image, per image.

    ``output.pred_img`` (float RGB in [0, 255]) against ``gt_img`` (uint8),
    both mapped to [0, 1]; per-image scores as the released evaluation
    (torchmetrics' PSNR over all pixels and channels, Gaussian SSIM), means
    over all images and per corrupted-ratio bin (from the ground-truth
    ``mask``). Keys ``image/{score}`` and ``image/{bin}/{score}``.

    Args:
        lpips_alexnet (str, optional): local AlexNet weights; with it LPIPS
            (v0.1, AlexNet) is computed too.
        bins (Sequence[tuple]): corrupted-ratio bins.
        pred_key (str): the output field to score. Defaults to 'pred_img'.
    """
    default_prefix = 'image'

    def __init__(self,
                 lpips_alexnet: Optional[str] = None,
                 bins: Sequence[Tuple[float, float]] = DEFAULT_BINS,
                 pred_key: str = 'pred_img',
                 collect_device: str = 'cpu',
                 prefix: Optional[str] = None) -> None:
        super().__init__(collect_device=collect_device, prefix=prefix)
        self.bins = [tuple(b) for b in bins]
        self.pred_key = pred_key
        self.lpips = build_lpips(lpips_alexnet) if lpips_alexnet else None

    def process(self, data_batch, data_samples: Sequence[dict]) -> None:
        for ds in data_samples:
            pred = torch.as_tensor(ds['output'][self.pred_key]).float() / 255
            gt = torch.as_tensor(ds['gt_img']).float() / 255
            scores = image_scores(pred, gt)
            if self.lpips is not None:
                with torch.no_grad():
                    scores['lpips'] = self.lpips(pred[None] * 2 - 1,
                                                 gt[None] * 2 - 1).item()
            res = dict(scores=scores)
            if 'mask' in ds:
                mask = torch.as_tensor(ds['mask']).float()
                res['ratio'] = 1 - (mask > 0.5).float().mean().item()
            self.results.append(res)

    def compute_metrics(self, results: List[dict]) -> Dict[str, float]:
        metrics = group_means(results, 'scores')
        rows = [dict(ratio='all', n=len(results), **metrics)]
        for lo, hi in self.bins:
            name = f'{round(lo * 100)}-{round(hi * 100)}'
            rs = [
                r for r in results
                if 'ratio' in r and name in bins_of(r['ratio'], self.bins)
            ]
            means = group_means(rs, 'scores')
            if means:
                metrics.update({f'{name}/{k}': v for k, v in means.items()})
                rows.append(dict(ratio=name, n=len(rs), **means))
        cols = ('ratio', 'n', 'psnr', 'ssim', 'mae') + (
            ('lpips', ) if self.lpips is not None else ())
        print_log(
            '\nRestored images (per image, then mean):\n' +
            markdown_table(rows, cols),
            logger='current')
        return metrics
