# Copyright (c) hcl_mm contributors. All rights reserved.
"""MAT through the tools: trains on the ground-truth holes of the
corruption pipeline (tools/train.py, validated on the samples' masks), is
paired with HCL's detector (tools/misc/make_pairing.py) and restores photos
blind through tools/infer.py."""
import os.path as osp
import sys

from conftest import REPO
from test_hcl_train_tools import FAST, run
from test_reproduce_table3 import random_checkpoint

CONFIG = osp.join(REPO, 'configs', 'mat', 'mat_tiny_cpu.py')
HCL = osp.join(REPO, 'configs', 'hcl', 'hcl_tiny_cpu.py')


def test_mat_trains_pairs_with_a_detector_and_infers(tmp_path):
    work = str(tmp_path / 'w')
    log = run([
        sys.executable, 'tools/train.py', CONFIG, '--work-dir', work,
        '--cfg-options', 'train_cfg.max_iters=2', 'train_cfg.val_interval=2',
        'val_dataloader.dataset.indices=2'
    ] + FAST)
    assert 'Iter(train) [2/2]' in log
    for key in ('loss_critic_gp', 'loss_adv_critic', 'loss_rec_stage1',
                'loss_perceptual'):
        assert key in log
    assert 'image/psnr' in log
    hcl = random_checkpoint(HCL, str(tmp_path / 'hcl.pth'))
    pair = str(tmp_path / 'pair' / 'hcl_mat')
    run([
        sys.executable, 'tools/misc/make_pairing.py', pair, '--detector',
        f'{HCL}:{hcl}', '--inpainter', f'{CONFIG}:{work}/iter_2.pth'
    ])
    out = str(tmp_path / 'out')
    run([
        sys.executable, 'tools/infer.py',
        osp.join(REPO, 'hcl_mm', 'data',
                 'examples'), out, '--config', pair + '.py', '--checkpoint',
        pair + '.pth', '--inpainter', 'model', '--max-side', '256'
    ])
    assert osp.isfile(osp.join(out, 'text_dog_restored.png'))
    assert osp.isfile(osp.join(out, 'text_dog_mask.png'))
