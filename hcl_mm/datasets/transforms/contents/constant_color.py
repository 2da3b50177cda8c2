# Copyright (c) hcl_mm contributors. All rights reserved.
from typing import Optional, Sequence

import numpy as np

from hcl_mm.registry import CORRUPTION_CONTENTS
from .base_content import BaseContent


@CORRUPTION_CONTENTS.register_module()
class ConstantColor(BaseContent):
    """A single colour: fixed, or random per sample.

    The random variant is the "random constant" unseen pattern of the
    paper's Tables 4/5 (``random_single_color`` in the released code).

    Args:
        color (sequence, optional): a fixed colour in the pipeline's channel
            order, 0-255. None draws one uniformly per sample.
    """

    def __init__(self, color: Optional[Sequence[float]] = None) -> None:
        if color is not None and len(color) != 3:
            raise ValueError(f'color must have 3 values, got {color}')
        self.color = None if color is None else tuple(float(c) for c in color)

    def __call__(self,
                 img: np.ndarray,
                 rng: np.random.Generator,
                 results: Optional[dict] = None) -> np.ndarray:
        color = (
            rng.uniform(0, 255, size=3)
            if self.color is None else np.asarray(self.color))
        return np.broadcast_to(color.astype(np.float32),
                               (*img.shape[:2], 3)).copy()

    def __repr__(self) -> str:
        return f'{self.__class__.__name__}(color={self.color})'
