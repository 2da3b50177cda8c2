# Copyright (c) hcl_mm contributors. All rights reserved.
from typing import Sequence

import cv2
import numpy as np
from mmcv.transforms import BaseTransform

from hcl_mm.registry import TRANSFORMS
from .seeding import sample_rng


def jpeg_roundtrip(img: np.ndarray, quality: int) -> np.ndarray:
    """Encode ``img`` (uint8 ``(H, W, 3)``) as JPEG and decode it again.

    Args:
        img (numpy.ndarray): uint8 image, BGR as mmcv loads it (the
            codec's colour conversion assumes BGR); the same order comes
            back.
        quality (int): JPEG quality, 1-100.

    Returns:
        numpy.ndarray: the decoded uint8 image, same shape.
    """
    ok, buf = cv2.imencode(
        '.jpg', img,
        [cv2.IMWRITE_JPEG_QUALITY, int(quality)])
    if not ok:
        raise RuntimeError(f'JPEG encoding failed for a {img.shape} image')
    return cv2.imdecode(buf, cv2.IMREAD_UNCHANGED).reshape(img.shape)


@TRANSFORMS.register_module()
class RandomJPEGCompress(BaseTransform):
    """Re-compress the corrupted image as JPEG, as photos met in the wild
    are after being edited and saved again.

    Put it after :class:`CorruptImage`: it changes ``img`` only (the
    corrupted input), so the clean and corrupted pixels both carry the
    codec's blocking and the detector cannot key on a compression
    difference alone. ``gt_img`` and the mask are untouched.

    Required keys: ``img`` (uint8). Modified keys: ``img``. Added keys:
    ``jpeg_quality`` (the quality used, or None when skipped).

    Args:
        prob (float): probability of re-compressing a sample.
        quality_range (Sequence[int]): JPEG quality drawn uniformly from
            this inclusive range.
    """

    def __init__(self,
                 prob: float = 0.5,
                 quality_range: Sequence[int] = (60, 95)) -> None:
        if not 0 <= prob <= 1:
            raise ValueError(f'prob must be in [0, 1], got {prob}')
        lo, hi = quality_range
        if not 1 <= lo <= hi <= 100:
            raise ValueError('quality_range must satisfy 1 <= lo <= hi <= '
                             f'100, got {quality_range}')
        self.prob = prob
        self.quality_range = (int(lo), int(hi))

    def transform(self, results: dict) -> dict:
        rng = sample_rng(results, 'RandomJPEGCompress')
        quality = None
        if rng.random() < self.prob:
            quality = int(
                rng.integers(self.quality_range[0], self.quality_range[1] + 1))
            results['img'] = jpeg_roundtrip(results['img'], quality)
        results['jpeg_quality'] = quality
        return results

    def __repr__(self) -> str:
        return (f'{self.__class__.__name__}(prob={self.prob}, '
                f'quality_range={self.quality_range})')
