# Copyright (c) hcl_mm contributors. All rights reserved.
from typing import Sequence

import numpy as np
import torch
from mmcv.transforms import BaseTransform

from hcl_mm.registry import TRANSFORMS


def _to_chw(img: np.ndarray, to_rgb: bool) -> torch.Tensor:
    if img.ndim == 2:
        img = img[..., None]
    if to_rgb and img.shape[-1] == 3:
        img = img[..., ::-1]
    return torch.from_numpy(np.ascontiguousarray(img.transpose(2, 0, 1)))


@TRANSFORMS.register_module()
class PackCorruptionInputs(BaseTransform):
    """Pack a corrupted sample into mmagic's ``DataSample``.

    ``inputs`` is the corrupted image and the data sample holds ``gt_img``
    (``uint8 (3, H, W)``) and ``mask`` (``uint8 (1, H, W)``, 1 = uncorrupted)
    when present, so mmagic metrics and visualisers read them directly.
    Images are converted to RGB (OpenCV loads BGR); ``channel_order`` in the
    metainfo says so.

    Args:
        to_rgb (bool): the loaded images are BGR (mmcv's default); flip
            them. Defaults to True.
        meta_keys (Sequence[str]): results keys copied into the metainfo
            when present.
    """

    def __init__(
        self,
        to_rgb: bool = True,
        meta_keys: Sequence[str] = ('img_path', 'ori_shape', 'img_shape',
                                    'sample_idx', 'corruption', 'split_bin')
    ) -> None:
        self.to_rgb = to_rgb
        self.meta_keys = tuple(meta_keys)

    def transform(self, results: dict) -> dict:
        from mmagic.structures import DataSample
        sample = DataSample()
        if 'gt_img' in results:
            sample.gt_img = _to_chw(results['gt_img'], self.to_rgb)
        if 'mask' in results:
            sample.mask = _to_chw(np.asarray(results['mask'], np.uint8), False)
        meta = {k: results[k] for k in self.meta_keys if k in results}
        meta['channel_order'] = 'rgb' if self.to_rgb else 'bgr'
        sample.set_metainfo(meta)
        return dict(
            inputs=_to_chw(results['img'], self.to_rgb), data_samples=sample)

    def __repr__(self) -> str:
        return f'{self.__class__.__name__}(to_rgb={self.to_rgb})'
