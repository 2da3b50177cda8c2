# Copyright (c) hcl_mm contributors. All rights reserved.
"""Build shim: all metadata lives in setup.cfg.

``hcl_mm/.mim/configs`` and ``hcl_mm/.mim/tools`` are symbolic links to the
repository's ``configs/`` and ``tools/`` so that ``_base_ = 'hcl_mm::...'``
resolves from other repositories (MMEngine looks for
``<package>/.mim/configs``); building a wheel copies the files they point to.
"""
from setuptools import setup

if __name__ == '__main__':
    setup()
