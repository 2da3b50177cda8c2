# Copyright (c) hcl_mm contributors. All rights reserved.
import warnings
from typing import List, Optional, Sequence, Union

import cv2
import numpy as np

from hcl_mm.registry import CORRUPTION_CONTENTS
from ...image_list import list_images
from .base_content import BaseContent


@CORRUPTION_CONTENTS.register_module()
class ImageContent(BaseContent):
    """Content from another image (the paper's training setting).

    The image is drawn from a noise-source folder, resized so that it covers
    the target size and cropped at a random position (the released code
    uses Resize + RandomCrop on the noise dataset). When the source folder
    holds the clean image itself (``results['img_path']``), that file is
    never drawn.

    Args:
        data_root (str | Sequence[str]): the noise-source folder (searched
            recursively), or several whose files are pooled (the release's
            FFHQ draws from CelebA-HQ + ImageNet, uniformly over the pooled
            files).
        ann_file (str, optional): list of files relative to ``data_root``
            (a single folder only).
        max_tries (int): unreadable files are skipped with a warning; after
            this many failures in a row an error is raised. Defaults to 8.
        short_side (int, optional): resize the source so its short side is
            this many pixels (still at least covering the target) before
            cropping: give it the host's scale when the pipeline resized the
            host the same way before a smaller crop (``ResizeShortSide`` 256
            then ``RandomCrop`` 128 in the CPU recipe). Without it the source
            is shrunk to just cover the crop, so its pixels carry 2-4x more
            detail than the host's: a cue that vanishes when a 256 photo is
            tested. Defaults to None (the release's behaviour).
    """

    def __init__(self,
                 data_root: Union[str, Sequence[str]],
                 ann_file: Optional[str] = None,
                 max_tries: int = 8,
                 short_side: Optional[int] = None) -> None:
        if short_side is not None and short_side < 1:
            raise ValueError(
                f'ImageContent: short_side must be >= 1, got {short_side}')
        self.data_root = data_root
        self.short_side = short_side
        self.ann_file = ann_file
        self.max_tries = max_tries
        self._files: Optional[List[str]] = None

    @property
    def files(self) -> List[str]:
        """The source files (listed on first use)."""
        if self._files is None:
            roots = ([self.data_root] if isinstance(self.data_root, str) else
                     list(self.data_root))
            if self.ann_file is not None and len(roots) > 1:
                raise ValueError('ImageContent: ann_file needs a single '
                                 f'data_root, got {roots}')
            self._files = [
                f for root in roots for f in list_images(root, self.ann_file)
            ]
        return self._files

    def __call__(self,
                 img: np.ndarray,
                 rng: np.random.Generator,
                 results: Optional[dict] = None) -> np.ndarray:
        h, w = img.shape[:2]
        files = self.files
        own = (results or {}).get('img_path')
        for _ in range(self.max_tries):
            i = int(rng.integers(len(files)))
            if files[i] == own and len(files) > 1:
                i = (i + 1) % len(files)  # never the image itself
            path = files[i]
            src = cv2.imread(path, cv2.IMREAD_COLOR)
            if src is not None and src.size:
                break
            warnings.warn(f'ImageContent: skipping unreadable image {path}')
        else:
            raise OSError(f'ImageContent: {self.max_tries} unreadable images '
                          f'in a row under {self.data_root}')
        sh, sw = src.shape[:2]
        scale = max(h / sh, w / sw)
        if self.short_side is not None:
            scale = max(scale, self.short_side / min(sh, sw))
        if scale != 1:
            size = (max(w, int(np.ceil(sw * scale))),
                    max(h, int(np.ceil(sh * scale))))
            src = cv2.resize(
                src,
                size,
                interpolation=cv2.INTER_AREA
                if scale < 1 else cv2.INTER_LINEAR)
        top = int(rng.integers(src.shape[0] - h + 1))
        left = int(rng.integers(src.shape[1] - w + 1))
        return src[top:top + h, left:left + w].astype(np.float32)

    def __repr__(self) -> str:
        return (f'{self.__class__.__name__}(data_root={self.data_root!r}, '
                f'short_side={self.short_side})')
