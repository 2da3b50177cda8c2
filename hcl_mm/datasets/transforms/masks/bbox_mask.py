# Copyright (c) hcl_mm contributors. All rights reserved.
from typing import Optional, Tuple

import numpy as np

from hcl_mm.registry import MASK_GENERATORS
from .base_mask_generator import BaseMaskGenerator


@MASK_GENERATORS.register_module()
class BBoxMask(BaseMaskGenerator):
    """Axis-aligned rectangular holes.

    Args:
        num_elements (tuple): boxes per mask without a ratio range.
            Defaults to (1, 1).
        size_range (tuple): box height and width as fractions of the image
            height and width (each axis drawn separately). Defaults to
            (0.1, 0.5).
        ratio_range (tuple, optional): see :class:`BaseMaskGenerator`.
        max_elements (int): see :class:`BaseMaskGenerator`.
    """

    def __init__(self,
                 num_elements: Tuple[int, int] = (1, 1),
                 size_range: Tuple[float, float] = (0.1, 0.5),
                 ratio_range: Optional[Tuple[float, float]] = None,
                 max_elements: int = 64) -> None:
        super().__init__(num_elements, ratio_range, max_elements)
        if not 0 < size_range[0] <= size_range[1] <= 1:
            raise ValueError(f'size_range must satisfy 0 < lo <= hi <= 1, '
                             f'got {size_range}')
        self.size_range = size_range

    def draw_element(self, shape: Tuple[int, int], rng: np.random.Generator,
                     scale: float) -> np.ndarray:
        h, w = shape
        bh = max(1, int(round(rng.uniform(*self.size_range) * h * scale)))
        bw = max(1, int(round(rng.uniform(*self.size_range) * w * scale)))
        top = int(rng.integers(0, h - bh + 1))
        left = int(rng.integers(0, w - bw + 1))
        canvas = np.zeros(shape, bool)
        canvas[top:top + bh, left:left + bw] = True
        return canvas
