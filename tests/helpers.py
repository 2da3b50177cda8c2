# Copyright (c) hcl_mm contributors. All rights reserved.
"""Small helpers shared by the tests."""
import cv2
import numpy as np


def random_image(h: int, w: int, seed: int = 0) -> np.ndarray:
    """A smooth random uint8 BGR image."""
    rng = np.random.default_rng(seed)
    small = rng.integers(0, 256, (max(2, h // 16), max(2, w // 16), 3),
                         dtype=np.uint8)
    return cv2.resize(small, (w, h), interpolation=cv2.INTER_CUBIC)
