# Copyright (c) hcl_mm contributors. All rights reserved.
import os
import os.path as osp
import shutil

import cv2
import numpy as np
import pytest
import torch

from hcl_mm.utils import register_all_modules

REPO = osp.dirname(osp.dirname(osp.abspath(__file__)))
PHOTOS = osp.join(REPO, 'hcl_mm', 'data', 'photos')


def pytest_configure(config):
    """Under pytest-xdist (README: ``-n 2``) the cores are shared between
    the workers: each worker, and every process it starts (tools/train.py
    ...), gets its share of threads instead of all of them."""
    workers = os.environ.get('PYTEST_XDIST_WORKER_COUNT')
    if workers:
        threads = max(1, len(os.sched_getaffinity(0)) // int(workers))
        os.environ['OMP_NUM_THREADS'] = str(threads)
        torch.set_num_threads(threads)


@pytest.fixture(scope='session', autouse=True)
def _registered():
    register_all_modules(init_default_scope=False)


@pytest.fixture
def photo_dir(tmp_path):
    """Six shipped photos in a nested folder (the package's own data)."""
    src = sorted(
        osp.join(PHOTOS, 'train', f)
        for f in __import__('os').listdir(osp.join(PHOTOS, 'train')))[:6]
    for i, f in enumerate(src):
        sub = tmp_path / 'photos' / ('a' if i < 3 else 'b/c')
        sub.mkdir(parents=True, exist_ok=True)
        shutil.copy(f, sub / osp.basename(f))
    return str(tmp_path / 'photos')


@pytest.fixture
def logo_dir(tmp_path):
    """RGBA logos made on the fly (a ring and a filled square)."""
    d = tmp_path / 'logos'
    d.mkdir()
    ring = np.zeros((64, 64, 4), np.uint8)
    cv2.circle(ring, (32, 32), 24, (0, 0, 255, 255), 8)
    square = np.zeros((40, 80, 4), np.uint8)
    square[5:35, 5:75] = (255, 200, 0, 200)
    cv2.imwrite(str(d / 'ring.png'), ring)
    cv2.imwrite(str(d / 'square.png'), square)
    return str(d)
