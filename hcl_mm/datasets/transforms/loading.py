# Copyright (c) hcl_mm contributors. All rights reserved.
from typing import Optional

from mmcv.transforms import BaseTransform, LoadImageFromFile

from hcl_mm.registry import TRANSFORMS
from .masks.file_mask import FileMask


class UnreadableImageError(OSError):
    """An image file that is missing, empty, truncated or not an image."""


@TRANSFORMS.register_module()
class LoadImage(LoadImageFromFile):
    """mmcv's ``LoadImageFromFile`` that fails with a typed, named error.

    Any failure to read or decode ``results[key]`` raises
    :class:`UnreadableImageError` naming the file, which hcl_mm datasets
    either re-raise or skip (``skip_invalid=True``). Zero-size images count
    as unreadable.

    Args:
        key (str): the results key of the path. Defaults to 'img_path'.
        out_key (str): where the image goes. Defaults to 'img' (then
            ``img_shape`` and ``ori_shape`` are set too).
        **kwargs: see mmcv's ``LoadImageFromFile`` (``color_type``,
            ``imdecode_backend``, ``to_float32``, ``backend_args``).
    """

    def __init__(self,
                 key: str = 'img_path',
                 out_key: str = 'img',
                 **kwargs) -> None:
        kwargs.pop('ignore_empty', None)
        super().__init__(ignore_empty=True, **kwargs)
        self.key = key
        self.out_key = out_key

    def transform(self, results: dict) -> Optional[dict]:
        filename = results[self.key]
        try:
            out = super().transform({'img_path': filename})
        except AssertionError:
            out = None
        if out is None or out['img'].size == 0:
            raise UnreadableImageError(f'cannot read image {filename}')
        results[self.out_key] = out['img']
        if self.out_key == 'img':
            results.update(
                img_shape=out['img_shape'], ori_shape=out['ori_shape'])
        return results

    def __repr__(self) -> str:
        return (f'{self.__class__.__name__}(key={self.key!r}, '
                f'out_key={self.out_key!r})')


@TRANSFORMS.register_module()
class LoadMask(BaseTransform):
    """Load a mask file into ``mask`` / ``gt_seg_map`` (1 = clean).

    The mask is resized to the image (``results['img']``) if needed.

    Args:
        key (str): results key of the mask path. Defaults to 'mask_path'.
        hole_is_white (bool): bright pixels are corrupted (LOGO-30K, NVIDIA
            masks). False for masks saved in hcl_mm's polarity (white =
            clean, as written by ``tools/make_test_split.py``).
    """

    def __init__(self,
                 key: str = 'mask_path',
                 hole_is_white: bool = True) -> None:
        self.key = key
        self.hole_is_white = hole_is_white
        self._reader = FileMask(hole_is_white=hole_is_white)

    def transform(self, results: dict) -> dict:
        shape = results['img'].shape[:2]
        try:
            hole = self._reader.load(results[self.key], shape)
        except OSError as e:
            raise UnreadableImageError(str(e)) from e
        mask = (~hole).astype('uint8')
        results['mask'] = mask
        results['gt_seg_map'] = mask
        seg_fields = results.setdefault('seg_fields', [])
        if 'gt_seg_map' not in seg_fields:
            seg_fields.append('gt_seg_map')
        return results

    def __repr__(self) -> str:
        return (f'{self.__class__.__name__}(key={self.key!r}, '
                f'hole_is_white={self.hole_is_white})')
