# Copyright (c) hcl_mm contributors. All rights reserved.
"""Post-processing of a soft corruption mask (user controls)."""
from typing import Optional

import cv2
import numpy as np


def corrupted_from_conf(conf: np.ndarray,
                        threshold: float = 0.5,
                        invert: bool = False) -> np.ndarray:
    """Corrupted pixels of a soft P(clean) map.

    Args:
        conf (numpy.ndarray): float ``(H, W)`` P(clean) in [0, 1].
        threshold (float): a pixel is corrupted where ``conf < threshold``.
        invert (bool): swap the two regions (restore the "clean" one: the
            paper's bidirectional restoration).

    Returns:
        numpy.ndarray: bool ``(H, W)``, True = corrupted.
    """
    if not 0 <= threshold <= 1:
        raise ValueError(f'threshold must be in [0, 1], got {threshold}')
    corrupted = conf < threshold
    return ~corrupted if invert else corrupted


def remove_small(corrupted: np.ndarray, min_area: int) -> np.ndarray:
    """Drop corrupted components (8-connected) smaller than ``min_area``."""
    if min_area <= 0 or not corrupted.any():
        return corrupted
    n, labels, stats, _ = cv2.connectedComponentsWithStats(
        corrupted.astype(np.uint8), connectivity=8)
    keep = np.zeros(n, bool)
    keep[1:] = stats[1:, cv2.CC_STAT_AREA] >= min_area
    return keep[labels]


def dilate(corrupted: np.ndarray, pixels: int) -> np.ndarray:
    """Grow the corrupted region by ``pixels`` (elliptic structuring)."""
    if pixels <= 0:
        return corrupted
    k = cv2.getStructuringElement(cv2.MORPH_ELLIPSE,
                                  (2 * pixels + 1, 2 * pixels + 1))
    return cv2.dilate(corrupted.astype(np.uint8), k).astype(bool)


def blend_alpha(corrupted: np.ndarray, feather: float = 0) -> np.ndarray:
    """Compositing weight of the restored image, float ``(H, W)``.

    1 inside the corrupted region; with ``feather`` a Gaussian ramp of that
    sigma (pixels) *outward* only, so every corrupted pixel is fully
    replaced and pixels farther than ~3 sigma stay exactly the input.
    """
    alpha = corrupted.astype(np.float32)
    if feather > 0 and corrupted.any():
        blurred = cv2.GaussianBlur(alpha, (0, 0), feather)
        alpha = np.maximum(alpha, np.clip(blurred * 2, 0, 1))
        alpha[alpha < 1 / 255] = 0
    return alpha


def composite(image: np.ndarray, restored: np.ndarray,
              alpha: np.ndarray) -> np.ndarray:
    """``image * (1 - alpha) + restored * alpha``; exact where alpha == 0."""
    a = alpha[..., None]
    out = image.astype(np.float32) * (1 - a) + restored.astype(np.float32) * a
    out = np.clip(np.round(out), 0, 255).astype(np.uint8)
    return np.where(a > 0, out, image)


def load_user_mask(path: str,
                   shape,
                   hole_is_white: bool = True) -> Optional[np.ndarray]:
    """A user-supplied mask file as bool corrupted ``(H, W)``.

    White (> 127) marks the corrupted region unless ``hole_is_white`` is
    False. Resized (nearest) to ``shape`` if needed.

    Raises:
        OSError: the file cannot be read, naming it.
    """
    m = cv2.imread(path, cv2.IMREAD_GRAYSCALE)
    if m is None:
        raise OSError(f'cannot read mask {path}')
    if m.shape != tuple(shape):
        m = cv2.resize(
            m, (shape[1], shape[0]), interpolation=cv2.INTER_NEAREST)
    white = m > 127
    return white if hole_is_white else ~white
