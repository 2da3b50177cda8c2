# Copyright (c) hcl_mm contributors. All rights reserved.
import os.path as osp
from typing import List, Optional, Tuple

import cv2
import numpy as np

from hcl_mm.registry import MASK_GENERATORS
from ...image_list import list_images
from ..ratio_fill import check_ratio_range


@MASK_GENERATORS.register_module()
class FileMask:
    """Holes read from mask images: one file, a folder, or per sample.

    The mask image is resized to the image size (bilinear, as the released
    HCL code does with PIL) and thresholded at half its range.

    Args:
        path (str, optional): a mask file or a folder of mask files (searched
            recursively, e.g. the NVIDIA irregular mask test set or a folder
            made of its ratio-bin sub-folders). None reads
            ``results['mask_path']`` of each sample.
        hole_is_white (bool): whether bright pixels are holes (NVIDIA masks,
            LOGO-30K masks). False for files already in hcl_mm's polarity
            (white = clean). Defaults to True.
        augment (bool): apply one of the 8 flips/rotations at random, as the
            released code does offline. Defaults to False.
        ratio_range (tuple, optional): keep only masks whose hole fraction
            (after resizing) lies in ``(lo, hi)``; up to ``max_tries`` files
            are tried, then an error names the folder.
        max_tries (int): bound on the files tried for a ratio range.
    """

    def __init__(self,
                 path: Optional[str] = None,
                 hole_is_white: bool = True,
                 augment: bool = False,
                 ratio_range: Optional[Tuple[float, float]] = None,
                 max_tries: int = 32) -> None:
        check_ratio_range(ratio_range)
        self.path = path
        self.hole_is_white = hole_is_white
        self.augment = augment
        self.ratio_range = ratio_range
        self.max_tries = max_tries
        self._files: Optional[List[str]] = None

    @property
    def files(self) -> List[str]:
        """The mask files (listed on first use, so the object pickles)."""
        if self._files is None:
            if self.path is None:
                raise ValueError('FileMask(path=None) reads '
                                 "results['mask_path']")
            if osp.isfile(self.path):
                self._files = [self.path]
            else:
                self._files = list_images(self.path)
        return self._files

    def load(self,
             filename: str,
             shape: Tuple[int, int],
             rng: Optional[np.random.Generator] = None) -> np.ndarray:
        """Read one mask file as a bool hole map of ``shape``.

        Raises:
            OSError: the file cannot be decoded (the message names it).
        """
        mask = cv2.imread(filename, cv2.IMREAD_GRAYSCALE | cv2.IMREAD_ANYDEPTH)
        if mask is None:
            raise OSError(f'cannot read mask image {filename}')
        mask = mask.astype(np.float32) / float(np.iinfo(mask.dtype).max)
        if self.augment and rng is not None:
            mask = np.rot90(mask, int(rng.integers(4)))
            if rng.random() < 0.5:
                mask = mask[:, ::-1]
            mask = np.ascontiguousarray(mask)
        h, w = shape
        if mask.shape != (h, w):
            mask = cv2.resize(mask, (w, h), interpolation=cv2.INTER_LINEAR)
        hole = mask >= 0.5
        return hole if self.hole_is_white else ~hole

    def __call__(self,
                 shape: Tuple[int, int],
                 rng: np.random.Generator,
                 results: Optional[dict] = None) -> np.ndarray:
        """Draw a hole map (see :class:`BaseMaskGenerator`)."""
        if self.path is None:
            if results is None or 'mask_path' not in results:
                raise KeyError(
                    "FileMask(path=None) needs results['mask_path']")
            return self.load(results['mask_path'], shape, rng)
        files = self.files
        for _ in range(self.max_tries if self.ratio_range else 1):
            hole = self.load(files[int(rng.integers(len(files)))], shape, rng)
            if self.ratio_range is None:
                return hole
            if self.ratio_range[0] <= hole.mean() <= self.ratio_range[1]:
                return hole
        raise ValueError(f'no mask with a hole ratio in {self.ratio_range} '
                         f'found in {self.max_tries} draws from {self.path}')

    def __repr__(self) -> str:
        return (f'{self.__class__.__name__}(path={self.path!r}, '
                f'hole_is_white={self.hole_is_white}, '
                f'ratio_range={self.ratio_range})')
