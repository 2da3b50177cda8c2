# Copyright (c) hcl_mm contributors. All rights reserved.
import cv2
import numpy as np
from mmcv.transforms import BaseTransform

from hcl_mm.registry import TRANSFORMS


@TRANSFORMS.register_module()
class MaskFromDifference(BaseTransform):
    """The corruption mask of a paired sample from the pair itself.

    A pixel is corrupted where the largest per-channel absolute difference
    between ``img`` and ``gt_img`` exceeds ``threshold`` (0-255 scale; 30 is
    the raindrop-mask threshold of Qian et al. 2018). Optional dilation
    closes the thin rims of drops. Writes ``mask`` (uint8, **1 = clean**)
    and, for MMSegmentation, ``gt_seg_map``.

    Args:
        threshold (float): difference above which a pixel is corrupted.
            Defaults to 30.
        dilate (int): grow the corrupted region by this many pixels.
            Defaults to 0.
    """

    def __init__(self, threshold: float = 30., dilate: int = 0) -> None:
        self.threshold = threshold
        self.dilate = dilate

    def transform(self, results: dict) -> dict:
        img, gt = results['img'], results.get('gt_img')
        if gt is None:
            raise KeyError('MaskFromDifference needs gt_img: load it first '
                           "(LoadImage(key='gt_path', out_key='gt_img'))")
        if img.shape != gt.shape:
            raise ValueError(
                f'MaskFromDifference: {results.get("img_path")} is '
                f'{img.shape[:2]} but {results.get("gt_path")} is '
                f'{gt.shape[:2]}')
        diff = np.abs(img.astype(np.int16) - gt.astype(np.int16))
        hole = (diff.max(-1) if diff.ndim == 3 else diff) > self.threshold
        if self.dilate > 0:
            k = 2 * self.dilate + 1
            hole = cv2.dilate(
                hole.astype(np.uint8), np.ones((k, k), np.uint8)) > 0
        mask = (~hole).astype(np.uint8)
        results['mask'] = mask
        results['gt_seg_map'] = mask
        return results

    def __repr__(self) -> str:
        return (f'{self.__class__.__name__}(threshold={self.threshold}, '
                f'dilate={self.dilate})')
