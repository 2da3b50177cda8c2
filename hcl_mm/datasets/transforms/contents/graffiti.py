# Copyright (c) hcl_mm contributors. All rights reserved.
from typing import Optional, Tuple

import cv2
import numpy as np

from hcl_mm.registry import CORRUPTION_CONTENTS
from .base_content import BaseOverlay, Element, check_prob


def random_vivid_colour(rng: np.random.Generator) -> np.ndarray:
    """A saturated colour (HSV with high S and V), 0-255 float32."""
    hsv = np.array(
        [[[rng.uniform(0, 180),
           rng.uniform(150, 255),
           rng.uniform(120, 255)]]], np.float32).astype(np.uint8)
    return cv2.cvtColor(hsv, cv2.COLOR_HSV2BGR)[0, 0].astype(np.float32)


def random_achromatic_colour(rng: np.random.Generator) -> np.ndarray:
    """Black or white (one draw), 0-255 float32: the colours of most text
    watermarks and of much real graffiti."""
    return np.full(3, 255.0 * (rng.random() < 0.5), np.float32)


@CORRUPTION_CONTENTS.register_module()
class GraffitiOverlay(BaseOverlay):
    """Spray-paint strokes: smooth curves with soft edges and over-spray.

    A stroke follows a Catmull-Rom curve through 3-6 random points. Its
    alpha is a blurred core (soft edge) plus a speckled halo (over-spray)
    and optional drips below the curve; the colour is vivid (or, with
    ``achromatic_prob``, black or white) with slight per-pixel variation.

    Args:
        width_range (tuple): stroke width as a fraction of the short side.
            Defaults to (0.015, 0.06).
        drip_prob (float): probability of drips per stroke. Defaults to 0.3.
        achromatic_prob (float): probability that a stroke is black or
            white instead of vivid. Defaults to 0 (always vivid; no random
            draw is spent, so seeded samples match earlier releases).
        **kwargs: see :class:`BaseOverlay`.
    """

    def __init__(self,
                 width_range: Tuple[float, float] = (0.015, 0.06),
                 drip_prob: float = 0.3,
                 achromatic_prob: float = 0.0,
                 num_elements: Tuple[int, int] = (1, 4),
                 ratio_range: Optional[Tuple[float, float]] = None,
                 opacity_range: Tuple[float, float] = (0.85, 1.0),
                 max_elements: int = 64) -> None:
        super().__init__(num_elements, ratio_range, opacity_range,
                         max_elements)
        self.width_range = width_range
        self.drip_prob = drip_prob
        self.achromatic_prob = check_prob(achromatic_prob, 'achromatic_prob')

    def draw_element(self, shape: Tuple[int, int], rng: np.random.Generator,
                     scale: float) -> Element:
        h, w = shape
        side = min(h, w)
        width = max(2.0, rng.uniform(*self.width_range) * side * scale)
        extent = max(4 * width, rng.uniform(0.15, 0.6) * side * scale)
        cx, cy = rng.uniform(0, w), rng.uniform(0, h)
        ctrl = np.stack([
            cx + rng.uniform(-extent, extent, 6) / 2,
            cy + rng.uniform(-extent, extent, 6) / 2
        ], 1)
        ctrl = ctrl[:int(rng.integers(3, 7))]
        curve = _catmull_rom(ctrl, samples=24)
        pad = int(np.ceil(3 * width)) + 2
        x0, y0 = np.floor(curve.min(0)).astype(int) - pad
        x1, y1 = np.ceil(curve.max(0)).astype(int) + pad
        drip_len = int(rng.uniform(0.05, 0.2) * side * scale)
        ph, pw = y1 - y0 + drip_len, x1 - x0
        pts = np.round(curve - [x0, y0]).astype(np.int32)
        core = np.zeros((ph, pw), np.uint8)
        cv2.polylines(core, [pts], False, 255, int(round(width)), cv2.LINE_AA)
        if rng.random() < self.drip_prob:
            for i in rng.choice(
                    len(pts), size=min(3, len(pts)), replace=False):
                x, y = pts[i]
                length = int(rng.uniform(0.3, 1.0) * drip_len)
                thick = max(1, int(width / 4))
                cv2.line(core, (int(x), int(y)), (int(x), int(y) + length),
                         255, thick, cv2.LINE_AA)
                cv2.circle(core, (int(x), int(y) + length), thick, 255, -1,
                           cv2.LINE_AA)
        sigma = max(0.5, width / 6)
        alpha = cv2.GaussianBlur(core.astype(np.float32) / 255, (0, 0), sigma)
        halo = cv2.GaussianBlur(
            core.astype(np.float32) / 255, (0, 0), width / 1.5)
        speckle = (rng.random((ph, pw)) < 0.35).astype(np.float32)
        alpha = np.maximum(alpha, 0.45 * halo * speckle)
        alpha = np.clip(alpha * 1.15, 0, 1)
        if self.achromatic_prob > 0 and rng.random() < self.achromatic_prob:
            base = random_achromatic_colour(rng)
        else:
            base = random_vivid_colour(rng)
        colour = base + rng.normal(0, 6, (ph, pw, 1))
        colour = np.clip(colour, 0, 255).astype(np.float32)
        return Element(int(y0), int(x0), colour, alpha.astype(np.float32))


def _catmull_rom(points: np.ndarray, samples: int) -> np.ndarray:
    """Sample a Catmull-Rom spline through ``points`` (N, 2)."""
    p = np.concatenate([points[:1], points, points[-1:]], 0)
    t = np.linspace(0, 1, samples, endpoint=False)[:, None]
    out = []
    for i in range(1, len(p) - 2):
        p0, p1, p2, p3 = p[i - 1], p[i], p[i + 1], p[i + 2]
        out.append(0.5 * ((2 * p1) + (-p0 + p2) * t +
                          (2 * p0 - 5 * p1 + 4 * p2 - p3) * t**2 +
                          (-p0 + 3 * p1 - 3 * p2 + p3) * t**3))
    out.append(points[-1:])
    return np.concatenate(out, 0)
