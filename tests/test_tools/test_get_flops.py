# Copyright (c) hcl_mm contributors. All rights reserved.
import importlib.util
import os.path as osp

from conftest import REPO
from mmengine import Config

spec = importlib.util.spec_from_file_location(
    'get_flops', osp.join(REPO, 'tools', 'analysis_tools', 'get_flops.py'))
get_flops = importlib.util.module_from_spec(spec)
spec.loader.exec_module(get_flops)


def test_flops_scale_with_pixels_and_params_are_counted():
    cfg = Config.fromfile(osp.join(REPO, 'configs/hcl/hcl_tiny_cpu.py'))
    small = get_flops.count(cfg, (64, 64))
    cfg = Config.fromfile(osp.join(REPO, 'configs/hcl/hcl_tiny_cpu.py'))
    large = get_flops.count(cfg, (128, 128))
    # window attention, convs and 1x1 heads are all linear in the pixels
    assert 3.9 < large['flops'] / small['flops'] < 4.1
    assert set(
        small['params']) == {'encoder', 'mask_detector', 'decoder',
                             'refiner'}  # critic/losses dropped
    assert small['params'] == large['params']
