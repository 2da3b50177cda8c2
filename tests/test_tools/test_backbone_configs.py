# Copyright (c) hcl_mm contributors. All rights reserved.
"""Each configs/hcl/backbones config trains through tools/train.py and
predicts."""
import glob
import os.path as osp
import sys

import pytest
import torch
from conftest import REPO
from mmengine import Config
from mmengine.runner import load_checkpoint
from test_hcl_train_tools import FAST_TRAIN, PHOTOS, run

from hcl_mm.models import inference_model_cfg
from hcl_mm.registry import MODELS

CONFIGS = sorted(
    glob.glob(osp.join(REPO, 'configs', 'hcl', 'backbones', '*.py')))


@pytest.mark.parametrize('config', CONFIGS, ids=lambda p: osp.basename(p)[:-3])
def test_backbone_config_trains_and_predicts(config, tmp_path):
    work = str(tmp_path / 'w')
    log = run([
        sys.executable, 'tools/train.py', config, '--work-dir', work,
        '--cfg-options', f'data_root={PHOTOS}/val',
        f'content_root={PHOTOS}/train', 'train_dataloader.batch_size=2',
        'train_pipeline.2.crop_size=(64,64)', 'train_cfg.max_iters=2',
        'val_cfg=None', 'val_dataloader=None', 'val_evaluator=None'
    ] + FAST_TRAIN)
    assert 'Iter(train) [2/2]' in log and 'loss_contrastive' in log
    cfg = Config.fromfile(config)
    model = MODELS.build(inference_model_cfg(cfg.model))
    load_checkpoint(model, osp.join(work, 'iter_2.pth'), logger='silent')
    model.eval()
    with torch.no_grad():
        out = model.blind_inpaint(torch.rand(1, 3, 64, 64) * 2 - 1)
    assert out['restored'].shape == (1, 3, 64, 64)
    assert out['clean_mask'].shape == (1, 1, 64, 64)
    assert torch.isfinite(out['restored']).all()


@pytest.mark.parametrize('config', CONFIGS, ids=lambda p: osp.basename(p)[:-3])
def test_every_backbone_parameter_feeds_the_encoder(config):
    """No stage is built, run and stored without reaching HCL's scales."""
    cfg = Config.fromfile(config)
    torch.manual_seed(0)
    encoder = MODELS.build(cfg.model.encoder)
    feats = encoder(torch.rand(1, 3, 64, 64) * 2 - 1)
    assert len(feats) == 3
    sum(f.square().mean() for f in feats).backward()
    unused = [
        n for n, p in encoder.named_parameters()
        if p.requires_grad and (p.grad is None or not p.grad.any())
    ]
    assert not unused, unused[:5]
