# Copyright (c) hcl_mm contributors. All rights reserved.
import os.path as osp
from typing import Callable, Dict, List, Optional, Sequence

import numpy as np
import torch
from mmengine.evaluator import BaseMetric

from hcl_mm.registry import METRICS
from ..functional.frechet_distance import frechet_distance

INCEPTION_URL = ('https://github.com/toshas/torch-fidelity/releases/download/'
                 'v0.2.0/weights-inception-2015-12-05-6726825d.pth')


def build_inception(weights: str) -> Callable[[torch.Tensor], torch.Tensor]:
    """torch-fidelity's FID InceptionV3 (2048-d pool) from a local file.

    Raises:
        FileNotFoundError: the weights are missing, naming the path.
    """
    if not weights or not osp.isfile(weights):
        raise FileNotFoundError(
            f'FID needs local InceptionV3 weights, not found: {weights!r} '
            f'(torch-fidelity\'s file: {INCEPTION_URL})')
    torch.load(weights, map_location='cpu', weights_only=True)  # tensors only
    from torch_fidelity.feature_extractor_inceptionv3 import \
        FeatureExtractorInceptionV3
    net = FeatureExtractorInceptionV3(
        'inception-v3-compat', ['2048'],
        feature_extractor_weights_path=weights)

    def extract(images: torch.Tensor) -> torch.Tensor:
        with torch.no_grad():
            return net(images)[0]

    return extract


@METRICS.register_module()
class FIDMetric(BaseMetric):
    """FID between restored outputs and ground truths (released protocol).

    Inputs as the released evaluation: ``uint8 = trunc(x * 255)`` of the
    images in [0, 1]; features from torch-fidelity's InceptionV3 (as
    torchmetrics' ``FrechetInceptionDistance``) loaded from a local file.

    Args:
        inception_weights (str): local torch-fidelity InceptionV3 weights.
        pred_key (str): output field. Defaults to 'pred_img'.
        extractor (callable, optional): replaces the Inception network
            (tests, other feature spaces).
    """
    default_prefix = 'image'

    def __init__(self,
                 inception_weights: Optional[str] = None,
                 pred_key: str = 'pred_img',
                 extractor: Optional[Callable] = None,
                 collect_device: str = 'cpu',
                 prefix: Optional[str] = None) -> None:
        super().__init__(collect_device=collect_device, prefix=prefix)
        self.pred_key = pred_key
        self.extract = extractor or build_inception(inception_weights)

    def process(self, data_batch, data_samples: Sequence[dict]) -> None:
        fake, real = [], []
        for ds in data_samples:
            pred = torch.as_tensor(ds['output'][self.pred_key]).float()
            fake.append(pred.clamp(0, 255).floor().to(torch.uint8))
            real.append(torch.as_tensor(ds['gt_img']).to(torch.uint8))
        f = self.extract(torch.stack(fake)).cpu().numpy()
        r = self.extract(torch.stack(real)).cpu().numpy()
        for a, b in zip(f, r):
            self.results.append(dict(fake=a, real=b))

    def compute_metrics(self, results: List[dict]) -> Dict[str, float]:
        fake = np.stack([r['fake'] for r in results])
        real = np.stack([r['real'] for r in results])
        return dict(fid=frechet_distance(fake, real))
