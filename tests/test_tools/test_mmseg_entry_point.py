# Copyright (c) hcl_mm contributors. All rights reserved.
"""Reuse from another OpenMMLab project: an mmseg segmentor whose decode head
is hcl_mm's hierarchical contrastive head (through custom_imports), trained
and validated by MMSegmentation's own tools/train.py."""
import os.path as osp
import sys

import mmseg
from conftest import REPO
from test_hcl_train_tools import FAST, run

MMSEG_TRAIN = osp.join(
    osp.dirname(mmseg.__file__), '.mim', 'tools', 'train.py')
CONFIG = osp.join(REPO, 'configs', 'baselines',
                  'hcl-head_r18_mmseg_demo-256x256.py')


def test_hcl_head_trains_with_mmsegs_train_py(tmp_path):
    assert osp.isfile(MMSEG_TRAIN)
    log = run([
        sys.executable, MMSEG_TRAIN, CONFIG, '--work-dir',
        str(tmp_path / 'w'), '--cfg-options', 'train_cfg.max_iters=2',
        'train_cfg.val_interval=2', 'train_dataloader.batch_size=2',
        'train_pipeline.1.crop_size=(64,64)',
        'model.data_preprocessor.size=(64,64)'
    ] + FAST)
    assert 'Iter(train) [2/2]' in log
    assert 'decode.loss_contrastive' in log and 'decode.loss_cls' in log
    assert 'mIoU' in log  # mmseg's evaluation of the head's masks
    assert osp.isfile(tmp_path / 'w' / 'iter_2.pth')
