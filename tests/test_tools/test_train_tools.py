# Copyright (c) hcl_mm contributors. All rights reserved.
"""End-to-end runs of tools/train.py and tools/test.py on a baseline."""
import os
import os.path as osp
import subprocess
import sys

import pytest
import torch
from conftest import REPO

CONFIG = osp.join(REPO, 'configs', 'baselines',
                  'segmenter_vit-t_mask_1xb4-300_demo-256x256.py')
SMALL = [
    '--cfg-options', 'model.backbone.num_layers=2',
    'train_dataloader.batch_size=2', 'train_dataloader.num_workers=0',
    'train_dataloader.persistent_workers=False',
    'val_dataloader.num_workers=0', 'val_dataloader.persistent_workers=False',
    'test_dataloader.num_workers=0',
    'test_dataloader.persistent_workers=False', 'train_cfg.val_interval=4',
    'default_hooks.checkpoint.interval=2', 'default_hooks.logger.interval=1'
]


def run(args, env=None, timeout=600):
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


def test_train_and_test(tmp_path):
    """Segmenter (the mmseg baseline) through tools/train.py and
    tools/test.py; resuming is tested on the HCL configs
    (test_hcl_train_tools.py), the distributed launcher there as well."""
    work = str(tmp_path / 'work')
    run([sys.executable, 'tools/train.py', CONFIG, '--work-dir', work] +
        SMALL + ['train_cfg.max_iters=2'])
    # Safe loading stays on: the checkpoint loads with weights_only=True.
    ckpt = torch.load(osp.join(work, 'iter_2.pth'), weights_only=True)
    assert ckpt['meta']['iter'] == 2
    out = str(tmp_path / 'metrics.json')
    log = run([
        sys.executable, 'tools/test.py', CONFIG,
        osp.join(work, 'iter_2.pth'), '--work-dir', work, '--out', out
    ] + SMALL)
    assert 'mIoU' in log and osp.isfile(out)


def test_weights_only_rejects_other_getattr(tmp_path):
    import pickle

    from mmengine.logging import HistoryBuffer

    from hcl_mm.utils.checkpoint import (history_buffer_method,
                                         register_checkpoint_safe_globals)
    register_checkpoint_safe_globals()
    assert history_buffer_method(HistoryBuffer, 'mean') is HistoryBuffer.mean
    with pytest.raises(pickle.UnpicklingError):
        history_buffer_method(HistoryBuffer, '__init__')
    with pytest.raises(pickle.UnpicklingError):
        history_buffer_method(os, 'system')
    # A message hub with HistoryBuffers round-trips under weights_only.
    buf = HistoryBuffer()
    buf.update(1.5)
    path = str(tmp_path / 'hub.pth')
    torch.save({'hub': buf}, path)
    assert torch.load(path, weights_only=True)['hub'].mean() == 1.5

    class Evil:

        def __reduce__(self):
            return (getattr, (HistoryBuffer, '__init__'))

    torch.save({'x': Evil()}, path)
    with pytest.raises(pickle.UnpicklingError):
        torch.load(path, weights_only=True)
