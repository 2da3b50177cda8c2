# Copyright (c) hcl_mm contributors. All rights reserved.
"""hcl_mm: blind image restoration (HCL, ICCV 2023) on the OpenMMLab stack.

Importing the package is cheap: no torch model, mmseg or mmagic module is
imported here. Components are registered lazily through the ``locations`` of
the registries in :mod:`hcl_mm.registry`.
"""
from .version import __version__, version_info

__all__ = ['__version__', 'version_info']
