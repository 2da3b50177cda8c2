# Copyright (c) hcl_mm contributors. All rights reserved.
"""OpenCV's classical inpainting as a restorer of detected masks."""
import cv2
import numpy as np

#: ``inpainter`` names of :class:`BlindRestorer` served by OpenCV.
CV2_INPAINTERS = {'telea': cv2.INPAINT_TELEA, 'ns': cv2.INPAINT_NS}
INPAINTERS = ('model', 'hybrid') + tuple(CV2_INPAINTERS)


def cv2_inpaint(img: np.ndarray,
                corrupted: np.ndarray,
                method: str = 'telea',
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
    return cv2.inpaint(
        np.ascontiguousarray(img),
        corrupted.astype(np.uint8) * 255, radius, CV2_INPAINTERS[method])


def hybrid_alpha(corrupted: np.ndarray,
                 near: float = 2.,
                 ramp: float = 6.) -> np.ndarray:
    """Weight of the learned fill in the ``'hybrid'`` inpainter.

    Diffusion (Telea) is hard to beat where the nearest clean pixel is a
    few pixels away: thin strokes, text and the rim of a hole. The learned
    model wins deep inside wide holes. The weight is 0 up to ``near``
    pixels from the clean region, rises linearly over ``ramp`` pixels and
    is 1 beyond (Euclidean distance transform of the mask).

    Args:
        corrupted (numpy.ndarray): bool ``(H, W)``.
        near (float): distance (px) below which only diffusion is used.
        ramp (float): distance (px) over which the model takes over.

    Returns:
        numpy.ndarray: float32 ``(H, W)`` in [0, 1], 0 outside the mask.
    """
    dist = cv2.distanceTransform(corrupted.astype(np.uint8), cv2.DIST_L2, 5)
    return np.clip((dist - near) / max(ramp, 1e-6), 0, 1).astype(np.float32)


def hybrid_fill(img: np.ndarray,
                learned: np.ndarray,
                corrupted: np.ndarray,
                near: float = 2.,
                ramp: float = 6.) -> np.ndarray:
    """Telea near the clean pixels, the learned fill deep inside holes
    (:func:`hybrid_alpha`); ``img`` and ``learned`` are ``uint8 (H, W, 3)``
    in the same channel order."""
    alpha = hybrid_alpha(corrupted, near, ramp)[..., None]
    telea = cv2_inpaint(img, corrupted, 'telea').astype(np.float32)
    out = alpha * learned.astype(np.float32) + (1 - alpha) * telea
    return np.clip(np.round(out), 0, 255).astype(np.uint8)
