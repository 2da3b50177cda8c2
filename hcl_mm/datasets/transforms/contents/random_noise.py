# Copyright (c) hcl_mm contributors. All rights reserved.
from typing import Optional

import numpy as np

from hcl_mm.registry import CORRUPTION_CONTENTS
from .base_content import BaseContent


@CORRUPTION_CONTENTS.register_module()
class RandomNoise(BaseContent):
    """I.i.d. per-pixel noise.

    Args:
        distribution (str): ``'uniform'`` over [0, 255] (the released HCL
            code's ``random_noise``) or ``'gaussian'`` (VCNet's).
        mean (float): Gaussian mean. Defaults to 127.5.
        std (float): Gaussian standard deviation. Defaults to 64.
    """

    def __init__(self,
                 distribution: str = 'uniform',
                 mean: float = 127.5,
                 std: float = 64.0) -> None:
        if distribution not in ('uniform', 'gaussian'):
            raise ValueError('distribution must be "uniform" or "gaussian", '
                             f'got {distribution!r}')
        self.distribution = distribution
        self.mean = mean
        self.std = std

    def __call__(self,
                 img: np.ndarray,
                 rng: np.random.Generator,
                 results: Optional[dict] = None) -> np.ndarray:
        shape = (*img.shape[:2], 3)
        if self.distribution == 'uniform':
            noise = rng.uniform(0, 255, size=shape)
        else:
            noise = np.clip(
                rng.normal(self.mean, self.std, size=shape), 0, 255)
        return noise.astype(np.float32)

    def __repr__(self) -> str:
        return f'{self.__class__.__name__}({self.distribution!r})'
