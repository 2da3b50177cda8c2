# Copyright (c) hcl_mm contributors. All rights reserved.
from .frechet_distance import frechet_distance
from .image_scores import image_scores, psnr, ssim
from .mask_scores import CLASSES, mask_scores
from .ratio_bins import DEFAULT_BINS, bin_name, bins_of

__all__ = [
    'frechet_distance', 'image_scores', 'psnr', 'ssim', 'CLASSES',
    'mask_scores', 'DEFAULT_BINS', 'bin_name', 'bins_of'
]
