# Copyright (c) hcl_mm contributors. All rights reserved.
from typing import List, Optional, Sequence, Union

import numpy as np
from mmcv.transforms import BaseTransform
from PIL import Image, ImageFilter

from hcl_mm.registry import CORRUPTION_CONTENTS, MASK_GENERATORS, TRANSFORMS
from .contents.base_content import BaseOverlay
from .masks.base_mask_generator import BaseMaskGenerator
from .seeding import sample_rng

CfgOrObj = Union[dict, object]


def _build_all(cfgs: Union[CfgOrObj, Sequence[CfgOrObj]], registry,
               what: str) -> List[object]:
    if isinstance(cfgs, dict) or not isinstance(cfgs, (list, tuple)):
        cfgs = [cfgs]
    if not cfgs:
        raise ValueError(f'CorruptImage needs at least one {what}')
    return [registry.build(c) if isinstance(c, dict) else c for c in cfgs]


def _check_probs(probs: Optional[Sequence[float]], n: int,
                 what: str) -> np.ndarray:
    if probs is None:
        return np.full(n, 1.0 / n)
    probs = np.asarray(probs, float)
    if probs.shape != (n, ) or (probs < 0).any() or probs.sum() <= 0:
        raise ValueError(f'{what} must hold {n} non-negative weights, got '
                         f'{list(probs)}')
    return probs / probs.sum()


def smooth_hole(hole: np.ndarray, radius: float) -> np.ndarray:
    """Alpha of the corruption: the hole blurred as in the released code.

    The binary hole is written as an 8-bit image and blurred with PIL's
    ``GaussianBlur(radius)``; the result is quantised to 1/255.

    Args:
        hole (numpy.ndarray): bool ``(H, W)``, True = corrupted.
        radius (float): blur radius in pixels; 0 keeps hard edges.

    Returns:
        numpy.ndarray: float32 ``(H, W)`` alpha in [0, 1], 1 = corrupted.
    """
    if radius <= 0:
        return hole.astype(np.float32)
    blurred = Image.fromarray(hole.astype(np.uint8) * 255).filter(
        ImageFilter.GaussianBlur(radius))
    return np.asarray(blurred, np.float32) / 255


@TRANSFORMS.register_module()
class CorruptImage(BaseTransform):
    """Corrupt a clean image: ``I * M~ + N * (1 - M~)`` (paper Eq. 1).

    For each sample one content is drawn from ``contents``. A plain content
    (another image, a colour, noise) fills a hole drawn from ``masks``,
    blended with the smoothed mask. An overlay content (graffiti, text,
    logos) brings its own shape and alpha instead.

    Polarity follows the released HCL code: in ``mask`` (and the mmseg label
    ``gt_seg_map``), **1 = clean and 0 = corrupted**; the label is the hard
    mask even where the blend is soft.

    Required keys: ``img`` (``(H, W, 3)`` uint8). Optional: ``sample_seed``
    (set by hcl_mm datasets for per-sample reproducibility), ``mask_path``
    (for :class:`FileMask` with ``path=None``).

    Added/modified keys: ``gt_img`` (the clean image), ``img`` (corrupted,
    uint8), ``mask`` (uint8 ``(H, W)``), ``gt_seg_map`` (same array),
    ``seg_fields``, ``corruption`` (a dict: mask generator, content, hole
    ratio) and, with ``keep_content``, ``content`` (uint8 ``N``).

    Args:
        masks (dict | list[dict]): mask generator config(s)
            (``MASK_GENERATORS``), e.g. ``dict(type='FreeFormMask')``.
        contents (dict | list[dict]): content config(s)
            (``CORRUPTION_CONTENTS``), e.g. ``dict(type='ImageContent',
            data_root=...)``.
        mask_probs (list[float], optional): weights of ``masks``.
        content_probs (list[float], optional): weights of ``contents``.
        smooth_radius (float): Gaussian radius of the blend, 3 in the
            released code; 0 for hard edges. Defaults to 3.
        keep_content (bool): also return ``N``. Defaults to False.
        reference_side (int, optional): draw holes, strokes, glyphs and
            logos at the scale of an image with this short side instead of
            the image's own: sizes are multiplied by
            ``reference_side / min(H, W)``. Training on 128 crops of photos
            resized to a 256 short side, ``reference_side=256`` paints what
            a 256 test photo shows (a glyph twice as tall as without it).
            File masks and the fill contents are unaffected. None (default)
            draws relative to the image itself.
    """

    def __init__(self,
                 masks: Union[CfgOrObj, Sequence[CfgOrObj]],
                 contents: Union[CfgOrObj, Sequence[CfgOrObj]],
                 mask_probs: Optional[Sequence[float]] = None,
                 content_probs: Optional[Sequence[float]] = None,
                 smooth_radius: float = 3.0,
                 keep_content: bool = False,
                 reference_side: Optional[int] = None) -> None:
        self.masks = _build_all(masks, MASK_GENERATORS, 'mask generator')
        self.contents = _build_all(contents, CORRUPTION_CONTENTS, 'content')
        self.mask_probs = _check_probs(mask_probs, len(self.masks),
                                       'mask_probs')
        self.content_probs = _check_probs(content_probs, len(self.contents),
                                          'content_probs')
        self.smooth_radius = smooth_radius
        self.keep_content = keep_content
        if reference_side is not None and reference_side < 1:
            raise ValueError(
                f'reference_side must be >= 1, got {reference_side}')
        self.reference_side = reference_side

    def transform(self, results: dict) -> dict:
        img = results['img']
        if img.ndim != 3 or img.shape[2] != 3 or img.dtype != np.uint8:
            raise ValueError(
                f'CorruptImage expects an (H, W, 3) uint8 image, got '
                f'{img.dtype} {img.shape} for {results.get("img_path")}')
        rng = sample_rng(results, 'CorruptImage')
        content = self.contents[rng.choice(
            len(self.contents), p=self.content_probs)]
        mask_name = None
        scale = 1.0
        if self.reference_side is not None:
            scale = self.reference_side / min(img.shape[:2])
        if getattr(content, 'is_overlay', False):
            if isinstance(content, BaseOverlay):
                fill, alpha, hole = content(
                    img, rng, results, size_scale=scale)
            else:
                fill, alpha, hole = content(img, rng, results)
        else:
            generator = self.masks[rng.choice(
                len(self.masks), p=self.mask_probs)]
            mask_name = type(generator).__name__
            if isinstance(generator, BaseMaskGenerator):
                hole = generator(img.shape[:2], rng, results, size_scale=scale)
            else:
                hole = generator(img.shape[:2], rng, results)
            fill = content(img, rng, results)
            alpha = smooth_hole(hole, self.smooth_radius)
        alpha = alpha[..., None]
        corrupted = img.astype(np.float32) * (1 - alpha) + fill * alpha
        mask = (~hole).astype(np.uint8)
        results['gt_img'] = img
        results['img'] = np.clip(np.round(corrupted), 0, 255).astype(np.uint8)
        results['mask'] = mask
        results['gt_seg_map'] = mask
        seg_fields = results.setdefault('seg_fields', [])
        if 'gt_seg_map' not in seg_fields:
            seg_fields.append('gt_seg_map')
        results['corruption'] = dict(
            mask=mask_name,
            content=type(content).__name__,
            hole_ratio=float(hole.mean()))
        if self.keep_content:
            results['content'] = np.clip(np.round(fill), 0,
                                         255).astype(np.uint8)
        return results

    def __repr__(self) -> str:
        return (f'{self.__class__.__name__}(masks={self.masks}, '
                f'contents={self.contents}, '
                f'smooth_radius={self.smooth_radius}, '
                f'reference_side={self.reference_side})')
