# Copyright (c) hcl_mm contributors. All rights reserved.
"""OpenCV's classical inpainting as a restorer of detected masks."""
import cv2
import numpy as np

#: ``inpainter`` names of :class:`BlindRestorer` served by OpenCV.
CV2_INPAINTERS = {'telea': cv2.INPAINT_TELEA, 'ns': cv2.INPAINT_NS}
INPAINTERS = ('model', ) + tuple(CV2_INPAINTERS)


def cv2_inpaint(img: np.ndarray, corrupted: np.ndarray, method: str = 'telea',
                radius: float = 3.) -> np.ndarray:
    """Fill ``corrupted`` pixels of ``img`` from their surroundings with
    ``cv2.inpaint`` (Telea's fast marching or Navier-Stokes).

    Args:
        img (numpy.ndarray): ``uint8 (H, W, 3)`` (any channel order).
        corrupted (numpy.ndarray): bool ``(H, W)``, True = fill.
        method (str): ``'telea'`` or ``'ns'``.
        radius (float): neighbourhood radius in pixels.

    Returns:
        numpy.ndarray: ``uint8 (H, W, 3)``, equal to ``img`` outside the
        mask.
    """
    if method not in CV2_INPAINTERS:
        raise ValueError(f'unknown OpenCV inpainter {method!r}; choose from '
                         f'{sorted(CV2_INPAINTERS)}')
    if corrupted.shape != img.shape[:2]:
        raise ValueError(f'mask {corrupted.shape} does not match image '
                         f'{img.shape[:2]}')
    return cv2.inpaint(np.ascontiguousarray(img),
                       corrupted.astype(np.uint8) * 255, radius,
                       CV2_INPAINTERS[method])
