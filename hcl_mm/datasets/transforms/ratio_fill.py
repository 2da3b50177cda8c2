# Copyright (c) hcl_mm contributors. All rights reserved.
"""Reaching a target hole ratio by adding elements, without rejection loops.

A generator draws elements (strokes, boxes, glyphs...) one at a time. With a
ratio range ``(lo, hi)`` a target ``t ~ U(lo, hi)`` is drawn; elements are
added until the covered fraction reaches ``t``. An element that would push
the fraction above ``hi`` is discarded and the next one is drawn at half the
scale. After ``max_elements`` draws a still too small footprint is grown by
dilation. The number of draws is therefore bounded and the result lies in
``[lo, hi]`` except for pathological images (smaller than an element).
"""
from typing import Any, Callable, List, Optional, Tuple

import cv2
import numpy as np

DrawFn = Callable[[np.random.Generator, float], Any]


def check_ratio_range(ratio_range: Optional[Tuple[float, float]]) -> None:
    """Validate a ``(lo, hi)`` hole-ratio range.

    Raises:
        ValueError: if the range is not ``0 <= lo < hi <= 1``.
    """
    if ratio_range is None:
        return
    if len(ratio_range) != 2 or not 0 <= ratio_range[0] < ratio_range[1] <= 1:
        raise ValueError('ratio_range must be (lo, hi) with 0 <= lo < hi <= 1,'
                         f' got {ratio_range}')


def fill_to_ratio(
    shape: Tuple[int, int],
    draw: DrawFn,
    rng: np.random.Generator,
    ratio_range: Tuple[float, float],
    max_elements: int = 64,
    footprint: Callable[[Any], np.ndarray] = lambda element: element,
    grow: bool = True,
) -> Tuple[np.ndarray, List[Any]]:
    """Union of drawn elements whose area fraction lies in ``ratio_range``.

    Args:
        shape (tuple): ``(H, W)``.
        draw (callable): ``draw(rng, scale) -> element``; ``scale`` (<= 1)
            shrinks the element.
        rng (numpy.random.Generator): the sample's generator.
        ratio_range (tuple): ``(lo, hi)`` target fraction.
        max_elements (int): bound on the number of draws.
        footprint (callable): maps an element to its bool ``(H, W)``
            footprint. Defaults to the identity (elements are footprints).
        grow (bool): dilate a footprint still below ``lo`` after
            ``max_elements`` draws. Only meaningful for pure masks.

    Returns:
        tuple: the bool ``(H, W)`` footprint and the accepted elements.
    """
    lo, hi = ratio_range
    target = rng.uniform(lo, hi)
    area = float(shape[0] * shape[1])
    covered = np.zeros(shape, bool)
    accepted: List[Any] = []
    count = 0
    scale = 1.0
    for _ in range(max_elements):
        element = draw(rng, scale)
        element_fp = footprint(element)
        new = np.count_nonzero(element_fp & ~covered)
        if (count + new) / area > hi:
            scale *= 0.5
            continue
        covered |= element_fp
        accepted.append(element)
        count += new
        if count / area >= target:
            return covered, accepted
    if grow and count / area < lo:
        covered = _grow(covered, lo, hi, rng)
    return covered, accepted


def _grow(covered: np.ndarray, lo: float, hi: float,
          rng: np.random.Generator) -> np.ndarray:
    """Dilate ``covered`` until its fraction reaches ``lo`` (bounded)."""
    h, w = covered.shape
    if not covered.any():
        covered = covered.copy()
        covered[rng.integers(h), rng.integers(w)] = True
    kernel = np.ones((3, 3), np.uint8)
    grown = covered.astype(np.uint8)
    for _ in range(max(h, w)):
        if grown.mean() >= lo:
            break
        bigger = cv2.dilate(grown, kernel)
        if bigger.mean() > hi:
            # Add only part of the new ring to stay inside the range.
            ring = np.flatnonzero(bigger.ravel() & ~grown.ravel())
            need = int(np.ceil(lo * h * w)) - int(grown.sum())
            flat = grown.ravel().copy()
            flat[rng.choice(ring, size=min(need, ring.size),
                            replace=False)] = 1
            grown = flat.reshape(h, w)
            break
        grown = bigger
    return grown.astype(bool)
