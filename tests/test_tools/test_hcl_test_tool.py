# Copyright (c) hcl_mm contributors. All rights reserved.
"""tools/test.py on a frozen split: tables, per-bin JSON, --show-dir."""
import json
import os
import os.path as osp
import subprocess
import sys

import cv2
import torch
from conftest import REPO
from mmengine import Config

from hcl_mm.registry import MODELS

PHOTOS = osp.join(REPO, 'hcl_mm', 'data', 'photos')


def test_test_tool_reports_bins_and_writes_grids(tmp_path):
    split = str(tmp_path / 'split')
    subprocess.run([
        sys.executable, 'tools/make_test_split.py', f'{PHOTOS}/val', split,
        '--num', '4', '--size', '128', '--content', 'constant', '--bins',
        '0-0.3', '0.3-0.6'
    ],
                   cwd=REPO,
                   check=True,
                   capture_output=True)
    cfg = Config.fromfile(osp.join(REPO, 'configs/hcl/hcl_tiny_cpu.py'))
    torch.manual_seed(0)
    ckpt = str(tmp_path / 'tiny.pth')
    torch.save(
        dict(meta={}, state_dict=MODELS.build(cfg.model).state_dict()), ckpt)
    out = str(tmp_path / 'metrics.json')
    work = str(tmp_path / 'work')
    proc = subprocess.run([
        sys.executable, 'tools/test.py',
        'configs/hcl/eval/hcl_places_256_seen.py', ckpt, '--work-dir', work,
        '--out', out, '--show-dir', 'vis', '--cfg-options',
        'model.encoder.embed_dims=16', 'model.encoder.depths=[2,2,2]',
        'model.decoder.embed_dims=16', 'model.decoder.depths=[2,2,2]',
        'model.mask_detector.in_channels=[16,32,64]',
        'model.mask_detector.proj_channels=32',
        'model.mask_detector.classifier.in_channels=32',
        'model.refiner.base_channels=16',
        'model.critic.channels=[16,32,32,64,128]',
        'model.loss_perceptual.pretrained=None',
        'model.loss_perceptual.allow_random_init=True',
        'model.loss_perceptual_refined.pretrained=None',
        'model.loss_perceptual_refined.allow_random_init=True',
        f'test_dataloader.dataset.data_root={split}',
        'test_dataloader.num_workers=0'
    ],
                          cwd=REPO,
                          capture_output=True,
                          text=True,
                          timeout=600)
    log = proc.stdout + proc.stderr
    assert proc.returncode == 0, log[-3000:]
    assert '| ratio | stage | n |' in log and '| ratio | n | psnr |' in log
    metrics = json.load(open(out))
    for key in ('mask/S3_corrupted_iou', 'mask/S1_clean_f1', 'mask/S3_bce',
                'mask/0-30/S3_acc', 'mask/30-60/S3_corrupted_iou',
                'image/psnr', 'image/30-60/ssim', 'image/mae'):
        assert key in metrics, key
    grids = sorted(os.listdir(osp.join(work, 'vis')))
    assert len(grids) == 8 and grids[0].startswith('0-0.3_')
    grid = cv2.imread(osp.join(work, 'vis', grids[0]))
    # input, GT mask, 3 stage masks, output, GT: 7 tiles and 6 gaps
    assert grid.shape == (128, 7 * 128 + 6 * 4, 3)
