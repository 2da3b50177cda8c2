# Copyright (c) hcl_mm contributors. All rights reserved.
"""OpenCV's classical inpainting as a restorer of detected masks."""
import cv2
import numpy as np

#: ``inpainter`` names of :class:`BlindRestorer` served by OpenCV.
CV2_INPAINTERS = {'telea': cv2.INPAINT_TELEA, 'ns': cv2.INPAINT_NS}
INPAINTERS = ('model', 'hybrid') + tuple(CV2_INPAINTERS)

#: The model's weight in the ``'hybrid'`` fill unless a model's measured
#: one is given (the mean of the two fills).
DEFAULT_HYBRID_WEIGHT = 0.5


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
                 weight: float = DEFAULT_HYBRID_WEIGHT,
                 near: float = 0.,
                 ramp: float = 0.) -> np.ndarray:
    """Weight of the learned fill in the ``'hybrid'`` inpainter.

    The learned fill and OpenCV's diffusion (Telea) err differently, so
    their mean is closer to the truth than either: on the validation splits
    (40 photos per pattern, ground-truth masks) a constant model weight of
    0.5 scored +0.3 dB over the model and +0.9 dB over Telea on wide
    holes, and +0.4 dB over Telea on thin strokes, where the model alone is
    0.6 dB below Telea; weights 0.4-0.6 are within 0.1 dB
    (docs/benchmarks.md, "Default inpainter"). Optionally the weight starts
    at 0 up to ``near`` pixels from the clean region and reaches
    ``weight`` over ``ramp`` pixels (distance transform of the mask), the
    earlier rule (scored lower on both groups).

    Args:
        corrupted (numpy.ndarray): bool ``(H, W)``.
        weight (float): the model's weight inside holes. Defaults to 0.5.
        near (float): distance (px) below which only diffusion is used.
        ramp (float): distance (px) over which the weight rises; 0 gives
            ``weight`` everywhere in the mask.

    Returns:
        numpy.ndarray: float32 ``(H, W)`` in [0, weight], 0 outside the mask.
    """
    if ramp <= 0 and near <= 0:
        return (corrupted * weight).astype(np.float32)
    dist = cv2.distanceTransform(corrupted.astype(np.uint8), cv2.DIST_L2, 5)
    rise = np.clip((dist - near) / max(ramp, 1e-6), 0, 1)
    return (weight * rise * corrupted).astype(np.float32)


def hybrid_fill(img: np.ndarray,
                learned: np.ndarray,
                corrupted: np.ndarray,
                weight: float = DEFAULT_HYBRID_WEIGHT,
                near: float = 0.,
                ramp: float = 0.) -> np.ndarray:
    """The learned fill blended with Telea's inside ``corrupted``
    (:func:`hybrid_alpha`); ``img`` and ``learned`` are ``uint8 (H, W, 3)``
    in the same channel order."""
    alpha = hybrid_alpha(corrupted, weight, near, ramp)[..., None]
    telea = cv2_inpaint(img, corrupted, 'telea').astype(np.float32)
    out = alpha * learned.astype(np.float32) + (1 - alpha) * telea
    return np.clip(np.round(out), 0, 255).astype(np.uint8)
