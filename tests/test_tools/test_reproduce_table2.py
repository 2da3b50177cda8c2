# Copyright (c) hcl_mm contributors. All rights reserved.
"""benchmarks/reproduce_table2.py: MAT on the ground-truth masks and behind
HCL's detector (random weights), on one frozen split."""
import importlib.util
import os.path as osp

import torch
from conftest import REPO
from helpers import make_split
from mmengine import Config
from test_reproduce_table3 import random_checkpoint

from hcl_mm.models import pairing_cfg, pairing_state_dict
from hcl_mm.registry import MODELS

spec = importlib.util.spec_from_file_location(
    'reproduce_table2', osp.join(REPO, 'benchmarks', 'reproduce_table2.py'))
table2 = importlib.util.module_from_spec(spec)
spec.loader.exec_module(table2)

HCL = osp.join(REPO, 'configs', 'hcl', 'hcl_tiny_cpu.py')
MAT = osp.join(REPO, 'configs', 'mat', 'mat_tiny_cpu.py')


def test_pairing_takes_each_part_from_its_checkpoint(tmp_path):
    hcl = Config.fromfile(HCL).model
    mat = Config.fromfile(MAT).model
    cfg, key_map = pairing_cfg(hcl, mat)
    model = MODELS.build(cfg)
    det_state = MODELS.build(dict(
        cfg['detector'])).state_dict()  # keys as in HCLInpaintor
    det_state = {k: torch.full_like(v, 3.) for k, v in det_state.items()}
    inp_state = {
        k[len('inpainter.'):]: torch.full_like(v, 5.)
        for k, v in model.state_dict().items() if k.startswith('inpainter.')
    }
    state = pairing_state_dict(model, det_state, key_map, inp_state)
    model.load_state_dict(state)
    assert all(
        v.eq(3).all() for k, v in model.state_dict().items()
        if k.startswith('detector.'))
    assert all(
        v.eq(5).all() for k, v in model.state_dict().items()
        if k.startswith('inpainter.'))
    del det_state['encoder.first_conv.conv.weight']
    try:
        pairing_state_dict(model, det_state, key_map, inp_state, 'x.pth')
    except KeyError as e:
        assert 'encoder.first_conv.conv.weight' in str(e) and 'x.pth' in str(e)
    else:
        raise AssertionError('a missing key must raise')


def test_ground_truth_and_detected_rows(photo_dir, tmp_path, capsys):
    """The inpainter on the ground-truth masks and behind a detector (a
    ``--blind`` row is reproduce_table3's evaluation, tested there)."""
    split = make_split(photo_dir, str(tmp_path / 'split'), 128, ['0.1-0.4'], 2)
    hcl = random_checkpoint(HCL, str(tmp_path / 'hcl.pth'))
    mat = random_checkpoint(MAT, str(tmp_path / 'mat.pth'))
    table2.main([
        split, '--inpainter', f'{MAT}:{mat}', '--detectors',
        f'hcl={HCL}:{hcl}', '--work-dir',
        str(tmp_path / 'work'), '--workers', '0'
    ])
    out = capsys.readouterr().out
    assert '| detection | inpainting | ACC | IoU | PSNR | SSIM |' in out
    rows = [ln for ln in out.splitlines() if ln.startswith('| ')][1:]
    assert [r.split(' | ')[0:2]
            for r in rows] == [['| ground truth', 'mat_tiny_cpu'],
                               ['| hcl', 'mat_tiny_cpu']]
    assert rows[0].split(' | ')[2:4] == ['-', '-']
    assert out.splitlines()[-1].startswith('summary: best PSNR '), out
