# Copyright (c) hcl_mm contributors. All rights reserved.
from .base_mask_generator import BaseMaskGenerator
from .bbox_mask import BBoxMask
from .file_mask import FileMask
from .free_form_mask import FreeFormMask
from .irregular_mask import IrregularMask

__all__ = [
    'BaseMaskGenerator', 'BBoxMask', 'FileMask', 'FreeFormMask',
    'IrregularMask'
]
