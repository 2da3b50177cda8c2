# Copyright (c) hcl_mm contributors. All rights reserved.
import os.path as osp


def configs_dir() -> str:
    """The folder of the configs shipped with hcl_mm.

    MMEngine 0.10.7 only resolves ``pkg::`` config paths for the OpenMMLab
    packages it knows (mmengine#1410), so other repositories inherit hcl_mm
    configs through this path, e.g. with ``export HCL_MM_CONFIGS=$(python -c
    "from hcl_mm.utils import configs_dir; print(configs_dir())")`` and
    ``_base_ = ['{{$HCL_MM_CONFIGS:}}/hcl/hcl_places_256.py']``.

    Returns:
        str: ``<hcl_mm>/.mim/configs`` (a link to the repository's
        ``configs/`` in a source checkout).
    """
    return osp.join(
        osp.dirname(osp.dirname(osp.abspath(__file__))), '.mim', 'configs')
