# Copyright (c) hcl_mm contributors. All rights reserved.
"""tools/train.py, dist_train.sh and --resume on the HCL configs."""
import os
import os.path as osp
import signal
import subprocess
import sys
import time

import cv2
import numpy as np
import pytest
import torch
from conftest import REPO
from helpers import free_port
from mmengine import Config

from hcl_mm.registry import MODELS

PHOTOS = osp.join(REPO, 'hcl_mm', 'data', 'photos')
TINY = osp.join(REPO, 'configs', 'hcl', 'hcl_tiny_cpu.py')
FAST_TRAIN = [
    'train_dataloader.num_workers=0',
    'train_dataloader.persistent_workers=False',
    'default_hooks.logger.interval=1'
]
FAST = FAST_TRAIN + [
    'val_dataloader.num_workers=0', 'val_dataloader.persistent_workers=False'
]
RANDOM_VGG = [
    f'model.{k}.{v}' for k in ('loss_perceptual', 'loss_perceptual_refined')
    for v in ('pretrained=None', 'allow_random_init=True')
]


def run(args, env=None, timeout=900):
    proc = subprocess.run(
        args,
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=timeout,
        env={
            **os.environ,
            **(env or {})
        })
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    return proc.stdout + proc.stderr


def test_places_512_needs_local_vgg_weights():
    cfg = Config.fromfile(osp.join(REPO, 'configs/hcl/hcl_places_512.py'))
    with pytest.raises(FileNotFoundError, match='vgg19-dcbb9e9d.pth'):
        MODELS.build(cfg.model)


def test_places_512_starts_and_trains(tmp_path):
    """The full C = 64 512 model, one iteration on shipped photos, with
    holes from mask files (as released) set by the config's roots. The
    crop is 256 (the model is fully convolutional; a 512 step with the
    random VGG19 costs a minute and 10 GB on two cores)."""
    cfg = Config.fromfile(osp.join(REPO, 'configs/hcl/hcl_places_512.py'))
    assert cfg.train_pipeline[2]['crop_size'] == (512, 512)
    work = str(tmp_path / 'p512')
    masks = tmp_path / 'masks'
    masks.mkdir()
    for i in range(3):  # NVIDIA-style: white = hole
        m = np.zeros((64, 64), np.uint8)
        m[8 * i:8 * i + 24, 10:40] = 255
        cv2.imwrite(str(masks / f'{i:05d}.png'), m)
    log = run([
        sys.executable, 'tools/train.py', 'configs/hcl/hcl_places_512.py',
        '--work-dir', work, '--cfg-options', f'data_root={PHOTOS}/val',
        f'content_root={PHOTOS}/train', f'mask_root={masks}',
        'train_dataloader.batch_size=1', 'train_cfg.max_iters=1',
        'train_pipeline.1.size=256', 'train_pipeline.2.crop_size=(256,256)',
        'val_cfg=None', 'val_dataloader=None', 'val_evaluator=None'
    ] + FAST_TRAIN + RANDOM_VGG)
    assert 'Iter(train) [1/1]' in log
    for key in ('loss_contrastive', 'loss_rec_refined', 'loss_critic_gp'):
        assert key in log
    ckpt = torch.load(osp.join(work, 'iter_1.pth'), weights_only=True)
    assert ckpt['state_dict']['encoder.conv_down_blocks.0.0.weight'].shape \
        == (64, 64, 3, 3)
    assert not any(k.startswith('loss_') for k in ckpt['state_dict'])


def test_tiny_dist_train_two_cpu_processes(tmp_path):
    work = str(tmp_path / 'dist')
    env = dict(PYTHON=sys.executable, PORT=str(free_port()))
    log = run(
        [
            'bash', 'tools/dist_train.sh', TINY, '2', '--work-dir', work,
            '--auto-scale-lr', '--cfg-options', 'train_cfg.max_iters=3',
            'train_cfg.val_interval=3'
        ] + FAST,
        env=env)
    assert 'Iter(train) [3/3]' in log and 'S3_corrupted_iou' in log
    # two processes x the tiny batch against the release's 12
    assert 'LR is set based on batch size of 12' in log
    assert osp.isfile(osp.join(work, 'iter_3.pth'))


def test_tiny_resume_after_kill(tmp_path):
    work = str(tmp_path / 'tiny')
    base = [sys.executable, 'tools/train.py', TINY, '--work-dir', work]
    opts = [
        '--cfg-options', 'default_hooks.checkpoint.interval=3',
        'train_cfg.val_interval=1000'
    ] + FAST
    proc = subprocess.Popen(
        base + opts + ['train_cfg.max_iters=1000'],
        cwd=REPO,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True)
    try:
        deadline = time.time() + 300
        while not osp.isfile(osp.join(work, 'last_checkpoint')):
            assert proc.poll() is None, 'training died'
            assert time.time() < deadline, 'no checkpoint in 300 s'
            time.sleep(0.2)
    finally:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
    with open(osp.join(work, 'last_checkpoint')) as f:
        last = f.read().strip()
    step = torch.load(last, weights_only=True)['meta']['iter']
    total = step + 2
    log = run(base + ['--resume'] + opts + [f'train_cfg.max_iters={total}'])
    assert f'resumed epoch: 0, iter: {step}' in log
    assert f'Iter(train) [{step + 1}/{total}]' in log
    assert f'Iter(train) [1/{total}]' not in log
    ckpt = torch.load(osp.join(work, f'iter_{total}.pth'), weights_only=True)
    assert ckpt['meta']['iter'] == total
    # every optimiser continued: Adam took exactly `total` steps
    for name in ('generator', 'refiner', 'critic'):
        state = ckpt['optimizer'][name]['state']
        assert int(next(iter(state.values()))['step']) == total, name
