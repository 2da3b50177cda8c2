# Copyright (c) hcl_mm contributors. All rights reserved.
import math
from typing import Optional, Tuple

import cv2
import numpy as np

from hcl_mm.registry import MASK_GENERATORS
from .base_mask_generator import BaseMaskGenerator


@MASK_GENERATORS.register_module()
class FreeFormMask(BaseMaskGenerator):
    """Free-form brush strokes of DeepFill v2 (Yu et al., ICCV 2019).

    A stroke is a polyline of ``num_vertices`` segments whose directions
    turn by ``mean_angle +- angle_range`` with alternating sign, whose
    lengths follow ``N(r, r / 2)`` clipped to ``[0, 2r]`` with ``r`` an
    eighth of the image diagonal, drawn with a round brush.

    Args:
        num_elements (tuple): strokes per mask without a ratio range.
            Defaults to (1, 4).
        num_vertices (tuple): segments per stroke. Defaults to (4, 12).
        mean_angle (float): mean turn angle. Defaults to 2 * pi / 5.
        angle_range (float): turn-angle spread. Defaults to 2 * pi / 15.
        width_range (tuple): brush width as a fraction of the short side;
            DeepFill's 12-40 px at 256. Defaults to (12 / 256, 40 / 256).
        ratio_range (tuple, optional): see :class:`BaseMaskGenerator`.
        max_elements (int): see :class:`BaseMaskGenerator`.
    """

    def __init__(self,
                 num_elements: Tuple[int, int] = (1, 4),
                 num_vertices: Tuple[int, int] = (4, 12),
                 mean_angle: float = 2 * math.pi / 5,
                 angle_range: float = 2 * math.pi / 15,
                 width_range: Tuple[float, float] = (12 / 256, 40 / 256),
                 ratio_range: Optional[Tuple[float, float]] = None,
                 max_elements: int = 64) -> None:
        super().__init__(num_elements, ratio_range, max_elements)
        self.num_vertices = num_vertices
        self.mean_angle = mean_angle
        self.angle_range = angle_range
        self.width_range = width_range

    def draw_element(self, shape: Tuple[int, int], rng: np.random.Generator,
                     scale: float) -> np.ndarray:
        h, w = shape
        canvas = np.zeros(shape, np.uint8)
        mean_length = math.hypot(h, w) / 8 * scale
        width = max(
            1, int(round(rng.uniform(*self.width_range) * min(h, w) * scale)))
        n = int(rng.integers(self.num_vertices[0], self.num_vertices[1] + 1))
        turns = rng.uniform(
            self.mean_angle - self.angle_range,
            self.mean_angle + self.angle_range,
            size=n)
        turns[::2] = 2 * math.pi - turns[::2]
        x, y = rng.uniform(0, w), rng.uniform(0, h)
        points = [(x, y)]
        for angle in turns:
            length = float(
                np.clip(
                    rng.normal(mean_length, mean_length / 2), 0,
                    2 * mean_length))
            x = float(np.clip(x + length * math.cos(angle), 0, w - 1))
            y = float(np.clip(y + length * math.sin(angle), 0, h - 1))
            points.append((x, y))
        pts = np.round(np.array(points)).astype(np.int32)
        cv2.polylines(canvas, [pts], False, 1, width, cv2.LINE_8)
        for px, py in pts:
            cv2.circle(canvas, (int(px), int(py)), width // 2, 1, -1)
        if rng.random() < 0.5:
            canvas = canvas[:, ::-1]
        if rng.random() < 0.5:
            canvas = canvas[::-1, :]
        return np.ascontiguousarray(canvas).astype(bool)
