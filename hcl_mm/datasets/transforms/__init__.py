# Copyright (c) hcl_mm contributors. All rights reserved.
from .contents import *  # noqa: F401,F403
from .corrupt_image import CorruptImage, smooth_hole
from .difference_mask import MaskFromDifference
from .formatting import PackCorruptionInputs
from .geometric import RandomCrop, ResizeShortSide
from .jpeg_compress import RandomJPEGCompress, jpeg_roundtrip
from .loading import LoadImage, LoadMask, UnreadableImageError
from .masks import *  # noqa: F401,F403
from .ratio_fill import fill_to_ratio
from .seeding import sample_rng, sample_seed

__all__ = [
    'CorruptImage', 'smooth_hole', 'MaskFromDifference',
    'PackCorruptionInputs', 'RandomJPEGCompress', 'jpeg_roundtrip',
    'LoadImage', 'LoadMask', 'UnreadableImageError', 'RandomCrop',
    'ResizeShortSide', 'fill_to_ratio', 'sample_rng', 'sample_seed'
]
