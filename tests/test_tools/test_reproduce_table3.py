# Copyright (c) hcl_mm contributors. All rights reserved.
"""benchmarks/reproduce_table3.py: two blind models (HCL, MPRNet; random
weights) on the same frozen split, one table row each."""
import importlib.util
import os.path as osp

import torch
from conftest import REPO
from helpers import make_split
from mmengine import Config

from hcl_mm.models import inference_model_cfg
from hcl_mm.registry import MODELS

spec = importlib.util.spec_from_file_location(
    'reproduce_table3', osp.join(REPO, 'benchmarks', 'reproduce_table3.py'))
table3 = importlib.util.module_from_spec(spec)
spec.loader.exec_module(table3)


def random_checkpoint(config, path):
    model = MODELS.build(inference_model_cfg(Config.fromfile(config).model))
    torch.save(dict(state_dict=model.state_dict(), meta={}), path)
    return path


def test_two_models_one_split(photo_dir, tmp_path, capsys):
    split = make_split(photo_dir, str(tmp_path / 'split'), 64,
                       ['0-0.3', '0.3-0.6'], 2)
    models = []
    for name, cfg in (('hcl', 'configs/hcl/hcl_tiny_cpu.py'),
                      ('mprnet', 'configs/mprnet/mprnet_tiny_cpu.py')):
        cfg = osp.join(REPO, cfg)
        ckpt = random_checkpoint(cfg, str(tmp_path / f'{name}.pth'))
        models.append(f'{name}={cfg}:{ckpt}')
    table3.main([
        split, *models, '--work-dir',
        str(tmp_path / 'work'), '--workers', '0'
    ])
    out = capsys.readouterr().out
    assert '| model | 0-20 | 20-40 | 40-60 | 0-30 | 30-60 | all |' in out
    rows = [
        ln for ln in out.splitlines()
        if ln.startswith('| hcl ') or ln.startswith('| mprnet ')
    ]
    # PSNR / SSIM in every bin with images (2 per split bin here) and all
    assert len(rows) == 2 and all(ln.count(' / ') >= 3 for ln in rows)
    assert out.splitlines()[-1].startswith('summary: hcl ')
