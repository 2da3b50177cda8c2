# Copyright (c) hcl_mm contributors. All rights reserved.
"""Base classes of the corruption content ``N`` of Eq. 1."""
from abc import ABCMeta, abstractmethod
from typing import List, NamedTuple, Optional, Tuple

import numpy as np

from ..ratio_fill import check_ratio_range, fill_to_ratio


class BaseContent(metaclass=ABCMeta):
    """Content that fills a hole drawn by a mask generator.

    The corrupted image is ``I * M~ + N * (1 - M~)`` with ``M~`` the smoothed
    mask (paper Eq. 1 with the released code's alpha blending).
    """

    #: whether the content brings its own shape (see :class:`BaseOverlay`).
    is_overlay = False

    @abstractmethod
    def __call__(self,
                 img: np.ndarray,
                 rng: np.random.Generator,
                 results: Optional[dict] = None) -> np.ndarray:
        """Return ``N``.

        Args:
            img (numpy.ndarray): the clean ``(H, W, 3)`` uint8 image, in the
                pipeline's channel order.
            rng (numpy.random.Generator): the sample's generator.
            results (dict, optional): the pipeline results.

        Returns:
            numpy.ndarray: float32 ``(H, W, 3)`` in ``[0, 255]``.
        """

    def __repr__(self) -> str:
        return f'{self.__class__.__name__}()'


def check_prob(value: float, name: str) -> float:
    """``value`` as a float if it is a probability, else a ValueError
    naming the argument."""
    if not 0 <= value <= 1:
        raise ValueError(f'{name} must be in [0, 1], got {value}')
    return float(value)


class Element(NamedTuple):
    """One painted element: a colour and an alpha patch at (top, left)."""
    top: int
    left: int
    colour: np.ndarray  # float32 (h, w, 3), 0..255
    alpha: np.ndarray  # float32 (h, w), 0..1


class BaseOverlay(metaclass=ABCMeta):
    """Content that paints its own shape (graffiti, text, logos).

    The shape's alpha is the blending weight and its footprint
    (``alpha >= 0.5`` before opacity) is the corrupted region of the label.

    Args:
        num_elements (tuple): ``(min, max)`` elements without a ratio range.
        ratio_range (tuple, optional): ``(lo, hi)`` target footprint
            fraction, reached by adding elements (bounded, best effort: an
            image too small for an element may stay below ``lo``).
        opacity_range (tuple): opacity drawn per sample, multiplied into the
            alpha. Defaults to (1.0, 1.0).
        max_elements (int): bound on element draws. Defaults to 64.
    """

    is_overlay = True

    def __init__(self,
                 num_elements: Tuple[int, int] = (1, 3),
                 ratio_range: Optional[Tuple[float, float]] = None,
                 opacity_range: Tuple[float, float] = (1.0, 1.0),
                 max_elements: int = 64) -> None:
        check_ratio_range(ratio_range)
        if not 0 < opacity_range[0] <= opacity_range[1] <= 1:
            raise ValueError(f'opacity_range must satisfy 0 < lo <= hi <= 1,'
                             f' got {opacity_range}')
        self.num_elements = tuple(num_elements)
        self.ratio_range = None if ratio_range is None else tuple(ratio_range)
        self.opacity_range = tuple(opacity_range)
        self.max_elements = max_elements

    @abstractmethod
    def draw_element(self, shape: Tuple[int, int], rng: np.random.Generator,
                     scale: float) -> Element:
        """Paint one element (its patch may extend beyond the image)."""

    def __call__(
            self,
            img: np.ndarray,
            rng: np.random.Generator,
            results: Optional[dict] = None,
            size_scale: float = 1.0
    ) -> Tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Paint the overlay.

        Args:
            img (numpy.ndarray): the clean ``(H, W, 3)`` image.
            rng (numpy.random.Generator): the sample's generator.
            results (dict, optional): the pipeline results.
            size_scale (float): multiplies every element size (glyph
                height, stroke width, logo width), e.g. 2 to paint at the
                scale of a photo twice the image's short side (see
                :class:`CorruptImage`'s ``reference_side``). Defaults to 1.

        Returns:
            tuple: colour float32 ``(H, W, 3)``, alpha float32 ``(H, W)``
            (opacity applied) and the bool ``(H, W)`` footprint.
        """
        shape = img.shape[:2]
        if size_scale <= 0:
            raise ValueError(f'size_scale must be > 0, got {size_scale}')

        def draw(gen: np.random.Generator, scale: float) -> Element:
            return clip_element(
                self.draw_element(shape, gen, scale * size_scale), shape)

        def footprint(element: Element) -> np.ndarray:
            full = np.zeros(shape, bool)
            h, w = element.alpha.shape
            full[element.top:element.top + h,
                 element.left:element.left + w] = element.alpha >= 0.5
            return full

        if self.ratio_range is not None:
            covered, elements = fill_to_ratio(
                shape,
                draw,
                rng,
                self.ratio_range,
                self.max_elements,
                footprint=footprint,
                grow=False)
        else:
            n = int(
                rng.integers(self.num_elements[0], self.num_elements[1] + 1))
            elements = [draw(rng, 1.0) for _ in range(n)]
            covered = np.zeros(shape, bool)
            for element in elements:
                covered |= footprint(element)
        colour, alpha = composite(elements, shape)
        alpha *= rng.uniform(*self.opacity_range)
        return colour, alpha, covered

    def __repr__(self) -> str:
        return (f'{self.__class__.__name__}(ratio_range={self.ratio_range}, '
                f'opacity_range={self.opacity_range})')


def clip_element(element: Element, shape: Tuple[int, int]) -> Element:
    """Crop an element's patch to the image."""
    h, w = element.alpha.shape
    top, left = element.top, element.left
    y0, x0 = max(top, 0), max(left, 0)
    y1, x1 = min(top + h, shape[0]), min(left + w, shape[1])
    if y1 <= y0 or x1 <= x0:
        return Element(0, 0, np.zeros((0, 0, 3), np.float32),
                       np.zeros((0, 0), np.float32))
    sl = (slice(y0 - top, y1 - top), slice(x0 - left, x1 - left))
    return Element(y0, x0, element.colour[sl], element.alpha[sl])


def composite(elements: List[Element],
              shape: Tuple[int, int]) -> Tuple[np.ndarray, np.ndarray]:
    """Stack elements with the "over" operator (later ones on top)."""
    colour = np.zeros((*shape, 3), np.float32)
    alpha = np.zeros(shape, np.float32)
    for e in elements:
        h, w = e.alpha.shape
        if h == 0 or w == 0:
            continue
        sl = (slice(e.top, e.top + h), slice(e.left, e.left + w))
        a_old = alpha[sl]
        a_new = e.alpha + a_old * (1 - e.alpha)
        num = (
            e.colour * e.alpha[..., None] + colour[sl] *
            (a_old * (1 - e.alpha))[..., None])
        colour[sl] = num / np.maximum(a_new, 1e-6)[..., None]
        alpha[sl] = a_new
    return colour, alpha
