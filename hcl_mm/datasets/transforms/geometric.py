# Copyright (c) hcl_mm contributors. All rights reserved.
"""Seeded resize and crop (every random draw from the sample's generator)."""
from typing import Optional, Sequence, Tuple, Union

import mmcv
import numpy as np
from mmcv.transforms import BaseTransform

from hcl_mm.registry import TRANSFORMS
from .seeding import sample_rng

# keys that move with ``img`` when present (paired datasets); masks use
# nearest interpolation
_PAIRED = ('gt_img', 'mask', 'gt_seg_map')


def _resize(results: dict, size: Tuple[int, int], interp: str) -> None:
    """Resize ``img`` and every paired key present to ``size`` (w, h)."""
    results['img'] = mmcv.imresize(results['img'], size, interpolation=interp)
    for key in _PAIRED:
        if key in results:
            results[key] = mmcv.imresize(
                results[key],
                size,
                interpolation=interp if key == 'gt_img' else 'nearest')


def _pair(size: Union[int, Sequence[int]]) -> Tuple[int, int]:
    if isinstance(size, int):
        return size, size
    if len(size) != 2:
        raise ValueError(f'expected an int or (h, w), got {size}')
    return int(size[0]), int(size[1])


@TRANSFORMS.register_module()
class ResizeShortSide(BaseTransform):
    """Resize so that the short side equals ``size`` (aspect kept).

    Required keys: ``img``. Modified keys: ``img``, ``img_shape`` and, when
    present (paired datasets), ``gt_img``, ``mask``, ``gt_seg_map`` (masks
    with nearest interpolation).

    Args:
        size (int): target short side.
        interpolation (str): mmcv interpolation. Defaults to 'area' when
            shrinking and 'bilinear' when enlarging (``None``).
    """

    def __init__(self, size: int, interpolation: Optional[str] = None) -> None:
        self.size = int(size)
        self.interpolation = interpolation

    def transform(self, results: dict) -> dict:
        h, w = results['img'].shape[:2]
        scale = self.size / min(h, w)
        if scale != 1:
            new = (max(1, round(w * scale)), max(1, round(h * scale)))
            interp = self.interpolation or ('area'
                                            if scale < 1 else 'bilinear')
            _resize(results, new, interp)
        results['img_shape'] = results['img'].shape[:2]
        return results

    def __repr__(self) -> str:
        return f'{self.__class__.__name__}(size={self.size})'


@TRANSFORMS.register_module()
class RandomCrop(BaseTransform):
    """Crop ``crop_size`` at a per-sample seeded random (or central) place.

    An image smaller than the crop is first enlarged (aspect kept) so that
    it covers the crop.

    Required keys: ``img``. Modified keys: ``img``, ``img_shape`` and the
    same window of ``gt_img``, ``mask``, ``gt_seg_map`` when present.

    Args:
        crop_size (int | tuple): ``(h, w)`` of the crop.
        center (bool): take the central crop (test pipelines). Defaults to
            False.
    """

    def __init__(self,
                 crop_size: Union[int, Sequence[int]],
                 center: bool = False) -> None:
        self.crop_size = _pair(crop_size)
        self.center = center

    def transform(self, results: dict) -> dict:
        ch, cw = self.crop_size
        h, w = results['img'].shape[:2]
        if h < ch or w < cw:
            scale = max(ch / h, cw / w)
            _resize(results, (max(cw, int(np.ceil(
                w * scale))), max(ch, int(np.ceil(h * scale)))), 'bilinear')
            h, w = results['img'].shape[:2]
        if self.center:
            top, left = (h - ch) // 2, (w - cw) // 2
        else:
            rng = sample_rng(results, 'RandomCrop')
            top = int(rng.integers(h - ch + 1))
            left = int(rng.integers(w - cw + 1))
        for key in ('img', ) + _PAIRED:
            if key in results:
                results[key] = results[key][top:top + ch, left:left + cw]
        results['img_shape'] = (ch, cw)
        return results

    def __repr__(self) -> str:
        return (f'{self.__class__.__name__}(crop_size={self.crop_size}, '
                f'center={self.center})')
