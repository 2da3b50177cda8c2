# Copyright (c) hcl_mm contributors. All rights reserved.
from .hcl_data_preprocessor import HCLDataPreprocessor

__all__ = ['HCLDataPreprocessor']
