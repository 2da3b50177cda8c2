# Copyright (c) hcl_mm contributors. All rights reserved.
"""MPRNet through the tools: trains blind on the corruption pipelines
(tools/train.py, with validation by hcl_mm's metrics), then restores photos
through the blind-inpaintor interface (tools/infer.py)."""
import os.path as osp
import sys

from conftest import REPO
from test_hcl_train_tools import FAST, run

CONFIG = osp.join(REPO, 'configs', 'mprnet', 'mprnet_tiny_cpu.py')


def test_mprnet_trains_validates_and_infers(tmp_path):
    work = str(tmp_path / 'w')
    log = run([
        sys.executable, 'tools/train.py', CONFIG, '--work-dir', work,
        '--cfg-options', 'train_cfg.max_iters=2', 'train_cfg.val_interval=2',
        'train_pipeline.2.crop_size=(64,64)',
        'val_pipeline.2.crop_size=(64,64)'
    ] + FAST)
    assert 'Iter(train) [2/2]' in log
    for key in ('loss_rec_s3', 'loss_rec_s1', 'loss_edge_s2'):
        assert key in log
    assert 'image/psnr' in log and 'mask/S1_corrupted_iou' in log
    out = str(tmp_path / 'out')
    run([
        sys.executable, 'tools/infer.py',
        osp.join(REPO, 'hcl_mm', 'data', 'examples'), out, '--config', CONFIG,
        '--checkpoint',
        osp.join(work, 'iter_2.pth'), '--inpainter', 'model'
    ])
    assert osp.isfile(osp.join(out, 'text_dog_restored.png'))
    assert osp.isfile(osp.join(out, 'text_dog_mask.png'))
