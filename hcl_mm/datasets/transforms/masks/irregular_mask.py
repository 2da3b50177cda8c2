# Copyright (c) hcl_mm contributors. All rights reserved.
from typing import Optional, Tuple

import cv2
import numpy as np

from hcl_mm.registry import MASK_GENERATORS
from .base_mask_generator import BaseMaskGenerator


@MASK_GENERATORS.register_module()
class IrregularMask(BaseMaskGenerator):
    """Irregular holes in the style of the NVIDIA (PConv) masks.

    The PConv masks (Liu et al., ECCV 2018) are blobs, thick curved strokes
    and arcs. Elements here are random-walk polylines of varying thickness,
    filled circles and elliptic arcs; sizes are fractions of the short side
    so the look does not depend on the resolution.

    Args:
        num_elements (tuple): elements per mask without a ratio range.
            Defaults to (4, 12).
        width_range (tuple): stroke width as a fraction of the short side.
            Defaults to (0.02, 0.08).
        length_range (tuple): segment length as a fraction of the short
            side. Defaults to (0.05, 0.3).
        kind_probs (tuple): probabilities of (polyline, circle, arc).
            Defaults to (0.6, 0.2, 0.2).
        ratio_range (tuple, optional): see :class:`BaseMaskGenerator`.
        max_elements (int): see :class:`BaseMaskGenerator`.
    """

    def __init__(self,
                 num_elements: Tuple[int, int] = (4, 12),
                 width_range: Tuple[float, float] = (0.02, 0.08),
                 length_range: Tuple[float, float] = (0.05, 0.3),
                 kind_probs: Tuple[float, float, float] = (0.6, 0.2, 0.2),
                 ratio_range: Optional[Tuple[float, float]] = None,
                 max_elements: int = 64) -> None:
        super().__init__(num_elements, ratio_range, max_elements)
        self.width_range = width_range
        self.length_range = length_range
        probs = np.asarray(kind_probs, float)
        self.kind_probs = probs / probs.sum()

    def draw_element(self, shape: Tuple[int, int], rng: np.random.Generator,
                     scale: float) -> np.ndarray:
        h, w = shape
        side = min(h, w)
        canvas = np.zeros(shape, np.uint8)
        width = max(1,
                    int(round(rng.uniform(*self.width_range) * side * scale)))
        x, y = rng.uniform(0, w), rng.uniform(0, h)
        kind = rng.choice(3, p=self.kind_probs)
        if kind == 0:
            angle = rng.uniform(0, 2 * np.pi)
            points = [(x, y)]
            for _ in range(rng.integers(1, 5)):
                angle += rng.normal(0, 0.8)
                length = rng.uniform(*self.length_range) * side * scale
                x = float(np.clip(x + length * np.cos(angle), 0, w - 1))
                y = float(np.clip(y + length * np.sin(angle), 0, h - 1))
                points.append((x, y))
            pts = np.round(np.array(points)).astype(np.int32)
            cv2.polylines(canvas, [pts], False, 1, width, cv2.LINE_8)
            for px, py in pts:
                cv2.circle(canvas, (int(px), int(py)), width // 2, 1, -1)
        elif kind == 1:
            radius = max(1, int(round(rng.uniform(0.5, 2.0) * width)))
            cv2.circle(canvas, (int(x), int(y)), radius, 1, -1)
        else:
            axes = (max(1,
                        int(rng.uniform(*self.length_range) * side * scale)),
                    max(1,
                        int(rng.uniform(*self.length_range) * side * scale)))
            start = rng.uniform(0, 360)
            cv2.ellipse(canvas, (int(x), int(y)), axes, rng.uniform(0, 180),
                        start, start + rng.uniform(90, 300), 1, width)
        return canvas.astype(bool)
