# Copyright (c) hcl_mm contributors. All rights reserved.
"""ISTD and Raindrop layouts: read a tiny on-the-fly folder, reject a
malformed one with the file or folder named."""
import os
import os.path as osp

import cv2
import numpy as np
import pytest
from conftest import REPO
from mmengine import Config

from hcl_mm.datasets import ISTDDataset, RaindropDataset
from hcl_mm.registry import TRANSFORMS


def _write(path, img):
    os.makedirs(osp.dirname(path), exist_ok=True)
    assert cv2.imwrite(path, img)


def _istd(root, names=('1.png', '2.png')):
    for n in names:
        clean = np.full((48, 64, 3), 200, np.uint8)
        shadow = clean.copy()
        shadow[10:30, 20:40] = 60
        mask = np.zeros((48, 64), np.uint8)
        mask[10:30, 20:40] = 255
        _write(osp.join(root, 'train', 'train_A', n), shadow)
        _write(osp.join(root, 'train', 'train_B', n), mask)
        _write(osp.join(root, 'train', 'train_C', n), clean)


def test_istd_reads_triplets_and_crops_them_together(tmp_path):
    root = str(tmp_path / 'ISTD')
    _istd(root)
    cfg = Config.fromfile(
        osp.join(REPO, 'configs/hcl/downstream/hcl_istd_256.py'))
    pipeline = cfg.train_dataloader.dataset.pipeline[:3] + [
        dict(type='RandomCrop', crop_size=(32, 32))
    ]
    ds = ISTDDataset(data_root=root, split='train', pipeline=pipeline)
    assert len(ds) == 2
    r = ds[0]
    assert r['img'].shape == (32, 32, 3) == r['gt_img'].shape
    assert r['mask'].shape == (32, 32)
    # the crop window is shared: shadow pixels are exactly the mask's holes
    dark = r['img'][..., 0] < 100
    assert np.array_equal(dark, r['mask'] == 0)
    assert (r['gt_img'] == 200).all()


def test_istd_malformed_layouts_name_what_is_missing(tmp_path):
    root = str(tmp_path / 'ISTD')
    _istd(root)
    os.remove(osp.join(root, 'train', 'train_C', '2.png'))
    with pytest.raises(FileNotFoundError, match='train_C/2.png'):
        ISTDDataset(data_root=root, split='train')
    with pytest.raises(FileNotFoundError, match='test_A'):
        ISTDDataset(data_root=root, split='test')


def _raindrop(root, split='train'):
    rng = np.random.default_rng(0)
    for k in (0, 1):
        clean = rng.integers(80, 120, (40, 40, 3), dtype=np.uint8)
        rain = clean.copy()
        cv2.circle(rain, (20, 20), 6, (250, 250, 250), -1)
        rain[2, 2] = clean[2, 2] + 20  # below the threshold: still clean
        _write(osp.join(root, split, 'data', f'{k}_rain.png'), rain)
        _write(osp.join(root, split, 'gt', f'{k}_clean.png'), clean)


def test_raindrop_pairs_and_difference_mask(tmp_path):
    root = str(tmp_path / 'raindrop')
    _raindrop(root)
    cfg = Config.fromfile(
        osp.join(REPO, 'configs/hcl/downstream/hcl_raindrop_256.py'))
    load = cfg.train_dataloader.dataset.pipeline[:2] + [
        dict(type='MaskFromDifference', threshold=30)
    ]
    ds = RaindropDataset(data_root=root, split='train', pipeline=load)
    assert len(ds) == 2
    r = ds[1]
    assert r['gt_path'].endswith('gt/1_clean.png')
    assert r['mask'][20, 20] == 0 and r['mask'][0, 0] == 1
    assert r['mask'][2, 2] == 1
    expected = np.zeros((40, 40), np.uint8)
    cv2.circle(expected, (20, 20), 6, 1, -1)
    assert np.array_equal(r['mask'] == 0, expected == 1)
    grown = TRANSFORMS.build(
        dict(type='MaskFromDifference', threshold=30, dilate=1))(
            dict(r))
    assert (grown['mask'] == 0).sum() > (r['mask'] == 0).sum()


def test_raindrop_malformed_layouts(tmp_path):
    root = str(tmp_path / 'raindrop')
    _raindrop(root)
    os.remove(osp.join(root, 'train', 'gt', '0_clean.png'))
    with pytest.raises(FileNotFoundError, match='0_clean.png'):
        RaindropDataset(data_root=root, split='train')
    _write(
        osp.join(root, 'train', 'gt', '0_clean.png'),
        np.zeros((40, 40, 3), np.uint8))
    _write(
        osp.join(root, 'train', 'data', 'stray.png'),
        np.zeros((40, 40, 3), np.uint8))
    with pytest.raises(ValueError, match='stray.png'):
        RaindropDataset(data_root=root, split='train')
    with pytest.raises(FileNotFoundError, match='test_a'):
        RaindropDataset(data_root=root, split='test_a')
    diff = TRANSFORMS.build(dict(type='MaskFromDifference'))
    with pytest.raises(KeyError, match='gt_img'):
        diff(dict(img=np.zeros((4, 4, 3), np.uint8)))
    with pytest.raises(ValueError, match='a.png'):
        diff(
            dict(
                img=np.zeros((4, 4, 3), np.uint8),
                img_path='a.png',
                gt_img=np.zeros((5, 4, 3), np.uint8)))


@pytest.mark.parametrize(
    'name', ['hcl_istd_256', 'hcl_raindrop_256', 'hcl_logo30k_256'])
def test_downstream_configs_parse(name):
    cfg = Config.fromfile(osp.join(REPO, f'configs/hcl/downstream/{name}.py'))
    assert cfg.model.train_cfg.phase == 2 and cfg.load_from
