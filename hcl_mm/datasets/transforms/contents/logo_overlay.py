# Copyright (c) hcl_mm contributors. All rights reserved.
from functools import lru_cache
from typing import List, Optional, Tuple

import cv2
import numpy as np

from hcl_mm.registry import CORRUPTION_CONTENTS
from ...image_list import list_images
from .base_content import BaseOverlay, Element


@CORRUPTION_CONTENTS.register_module()
class LogoOverlay(BaseOverlay):
    """Logos and watermarks pasted from RGBA image files.

    Each element is a logo file scaled to ``width_range`` of the image
    width, rotated by up to ``max_rotation`` degrees and placed at random.
    Its alpha channel (or full opacity for files without one) times the
    per-sample opacity is the blending weight, as in watermark datasets
    (LOGO-30K, CLWD).

    Args:
        data_root (str): folder of logo files (PNG with alpha recommended).
        width_range (tuple): logo width as a fraction of the image width.
            Defaults to (0.15, 0.6).
        max_rotation (float): maximum rotation in degrees. Defaults to 15.
        opacity_range (tuple): watermark opacity. Defaults to (0.3, 1.0).
        **kwargs: see :class:`BaseOverlay`.
    """

    def __init__(self,
                 data_root: str,
                 width_range: Tuple[float, float] = (0.15, 0.6),
                 max_rotation: float = 15.0,
                 num_elements: Tuple[int, int] = (1, 1),
                 ratio_range: Optional[Tuple[float, float]] = None,
                 opacity_range: Tuple[float, float] = (0.3, 1.0),
                 max_elements: int = 64) -> None:
        super().__init__(num_elements, ratio_range, opacity_range,
                         max_elements)
        self.data_root = data_root
        self.width_range = width_range
        self.max_rotation = max_rotation
        self._files: Optional[List[str]] = None

    @property
    def files(self) -> List[str]:
        """The logo files (listed on first use)."""
        if self._files is None:
            self._files = list_images(self.data_root)
        return self._files

    @staticmethod
    @lru_cache(maxsize=256)
    def read_logo(path: str) -> Tuple[np.ndarray, np.ndarray]:
        """Read a logo as BGR float32 colour and float32 alpha in [0, 1].

        Decoded logos are cached per process (a sample draws up to
        ``max_elements`` of them); callers must not modify the arrays.

        Raises:
            OSError: the file cannot be decoded (the message names it).
        """
        img = cv2.imread(path, cv2.IMREAD_UNCHANGED)
        if img is None or img.size == 0:
            raise OSError(f'LogoOverlay: cannot read logo image {path}')
        scale = float(np.iinfo(img.dtype).max) if img.dtype.kind == 'u' \
            else 1.0
        img = img.astype(np.float32) * (255.0 / scale)
        if img.ndim == 2:
            img = img[..., None]
        channels = img.shape[2]
        if channels in (2, 4):
            alpha = img[..., -1] / 255
            img = img[..., :-1]
        else:
            alpha = np.ones(img.shape[:2], np.float32)
        if img.shape[2] == 1:
            img = np.repeat(img, 3, axis=2)
        return img, alpha

    def draw_element(self, shape: Tuple[int, int], rng: np.random.Generator,
                     scale: float) -> Element:
        h, w = shape
        colour, alpha = self.read_logo(self.files[int(
            rng.integers(len(self.files)))])
        lh, lw = alpha.shape
        new_w = max(2, int(rng.uniform(*self.width_range) * w * scale))
        new_h = max(2, int(round(lh * new_w / lw)))
        colour = cv2.resize(
            colour, (new_w, new_h), interpolation=cv2.INTER_AREA)
        alpha = cv2.resize(alpha, (new_w, new_h), interpolation=cv2.INTER_AREA)
        angle = rng.uniform(-self.max_rotation, self.max_rotation)
        if angle:
            rot = cv2.getRotationMatrix2D((new_w / 2, new_h / 2), angle, 1)
            cos, sin = abs(rot[0, 0]), abs(rot[0, 1])
            bw = int(new_h * sin + new_w * cos) + 1
            bh = int(new_h * cos + new_w * sin) + 1
            rot[:, 2] += (bw / 2 - new_w / 2, bh / 2 - new_h / 2)
            colour = cv2.warpAffine(
                colour, rot, (bw, bh), flags=cv2.INTER_LINEAR)
            alpha = cv2.warpAffine(
                alpha, rot, (bw, bh), flags=cv2.INTER_LINEAR)
        ph, pw = alpha.shape
        top = int(rng.integers(-ph // 4, max(1, h - 3 * ph // 4)))
        left = int(rng.integers(-pw // 4, max(1, w - 3 * pw // 4)))
        return Element(top, left, colour.astype(np.float32),
                       np.clip(alpha, 0, 1).astype(np.float32))

    def __repr__(self) -> str:
        return (f'{self.__class__.__name__}(data_root={self.data_root!r}, '
                f'opacity_range={self.opacity_range})')
