# Copyright (c) hcl_mm contributors. All rights reserved.
from abc import ABCMeta, abstractmethod
from typing import Optional, Tuple

import numpy as np

from ..ratio_fill import check_ratio_range, fill_to_ratio


class BaseMaskGenerator(metaclass=ABCMeta):
    """Base class of synthetic hole generators.

    A generator returns the *hole* map (True = corrupted). The corruption
    transform turns it into the training label with hcl_mm's polarity
    (1 = clean, 0 = corrupted). Shapes are ``(H, W)`` and every coordinate is
    drawn per axis, so non-square images are covered uniformly.

    Args:
        num_elements (tuple): ``(min, max)`` number of elements (strokes,
            boxes...) when no ratio range is given.
        ratio_range (tuple, optional): ``(lo, hi)`` target fraction of hole
            pixels, e.g. ``(0.2, 0.4)``. Reached by adding elements (see
            :func:`fill_to_ratio`), never by unbounded rejection.
        max_elements (int): bound on the number of element draws when a
            ratio range is given. Defaults to 64.
    """

    def __init__(self,
                 num_elements: Tuple[int, int] = (1, 4),
                 ratio_range: Optional[Tuple[float, float]] = None,
                 max_elements: int = 64) -> None:
        check_ratio_range(ratio_range)
        if not 1 <= num_elements[0] <= num_elements[1]:
            raise ValueError(f'num_elements must be (min, max) with '
                             f'1 <= min <= max, got {num_elements}')
        self.num_elements = tuple(num_elements)
        self.ratio_range = None if ratio_range is None else tuple(ratio_range)
        self.max_elements = max_elements

    def __call__(self,
                 shape: Tuple[int, int],
                 rng: np.random.Generator,
                 results: Optional[dict] = None,
                 size_scale: float = 1.0) -> np.ndarray:
        """Draw a hole map.

        Args:
            shape (tuple): ``(H, W)`` of the image.
            rng (numpy.random.Generator): the sample's generator.
            results (dict, optional): the pipeline results (unused by the
                synthetic generators).
            size_scale (float): multiplies every element size (stroke
                widths, lengths, boxes), e.g. 2 to draw at the scale of a
                photo twice the image's short side (see
                :class:`CorruptImage`'s ``reference_side``). Defaults to 1.

        Returns:
            numpy.ndarray: bool ``(H, W)``, True where the image is corrupted.
        """
        shape = (int(shape[0]), int(shape[1]))
        if size_scale <= 0:
            raise ValueError(f'size_scale must be > 0, got {size_scale}')

        def draw(gen: np.random.Generator, scale: float) -> np.ndarray:
            return self.draw_element(shape, gen, scale * size_scale)

        if self.ratio_range is not None:
            hole, _ = fill_to_ratio(shape, draw, rng, self.ratio_range,
                                    self.max_elements)
            return hole
        hole = np.zeros(shape, bool)
        for _ in range(
                rng.integers(self.num_elements[0], self.num_elements[1] + 1)):
            hole |= draw(rng, 1.0)
        return hole

    @abstractmethod
    def draw_element(self, shape: Tuple[int, int], rng: np.random.Generator,
                     scale: float) -> np.ndarray:
        """Draw one element.

        Args:
            shape (tuple): ``(H, W)``.
            rng (numpy.random.Generator): the generator.
            scale (float): size multiplier: ``size_scale`` times a factor
                in ``(0, 1]`` that shrinks elements overshooting the ratio.

        Returns:
            numpy.ndarray: bool ``(H, W)`` footprint of the element.
        """

    def __repr__(self) -> str:
        return (f'{self.__class__.__name__}(num_elements={self.num_elements}, '
                f'ratio_range={self.ratio_range})')
