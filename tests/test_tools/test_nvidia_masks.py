# Copyright (c) hcl_mm contributors. All rights reserved.
"""tools/dataset_converters/nvidia_masks.py on a tiny fake NVIDIA set."""
import importlib.util
import os
import os.path as osp

import cv2
import numpy as np
import pytest
from conftest import REPO

from hcl_mm.datasets.transforms.masks import FileMask

spec = importlib.util.spec_from_file_location(
    'nvidia_masks',
    osp.join(REPO, 'tools', 'dataset_converters', 'nvidia_masks.py'))
nvidia = importlib.util.module_from_spec(spec)
spec.loader.exec_module(nvidia)

PER_BIN = 3


@pytest.fixture
def fake_set(tmp_path):
    src = tmp_path / 'testing_mask_dataset'
    src.mkdir()
    for i in range(nvidia.NUM_BINS * PER_BIN):
        m = np.zeros((32, 32), np.uint8)
        b = i // PER_BIN  # a hole of about 10 % per bin, off-centre
        m[:4 * (b + 1), :8 + i % PER_BIN] = 200
        cv2.imwrite(str(src / f'{i:05d}.png'), m)
    return src


def test_split_binarise_augment_and_bins(fake_set, tmp_path):
    out = str(tmp_path / 'nvidia_masks')
    counts = nvidia.prepare(
        str(fake_set), out, seed=1, per_bin=PER_BIN, test_per_bin=1)
    assert counts == dict(train=6 * 2 * 8, test=6 * 1 * 8)
    for b in range(6):
        train = sorted(os.listdir(osp.join(out, 'train', str(b))))
        test = sorted(os.listdir(osp.join(out, 'test', str(b))))
        ids = {n[:5] for n in train} | {n[:5] for n in test}
        assert ids == {f'{i:05d}' for i in range(3 * b, 3 * b + 3)}
        assert not {n[:5] for n in train} & {n[:5] for n in test}
    m = cv2.imread(osp.join(out, 'train', str(b), train[0]), 0)
    assert set(np.unique(m)) <= {0, 255}
    # the 8 variants of one mask are its flips/rotations
    stem = train[0][:5]
    vs = [
        cv2.imread(osp.join(out, 'train', str(b), f'{stem}_{v}.png'), 0)
        for v in nvidia.variants(np.zeros((2, 2))).keys()
    ]
    assert len({v.tobytes() for v in vs}) == 8
    assert all(v.sum() == vs[0].sum() for v in vs)
    # the same seed gives the same split
    again = str(tmp_path / 'again')
    nvidia.prepare(
        str(fake_set), again, seed=1, per_bin=PER_BIN, test_per_bin=1)
    assert sorted(os.listdir(osp.join(again, 'test', '3'))) == sorted(
        os.listdir(osp.join(out, 'test', '3')))
    # the configs' FileMask reads them (white = hole), through the links
    gen = FileMask(path=osp.join(out, 'test_bins', '0-0.2'))
    assert len(gen.files) == 2 * 8
    hole = gen((32, 32), np.random.default_rng(0))
    assert 0 < hole.mean() < 0.25  # True = hole


def test_bad_layout_names_the_missing_files(fake_set, tmp_path):
    os.remove(fake_set / '00004.png')
    with pytest.raises(FileNotFoundError, match='00004.png'):
        nvidia.prepare(
            str(fake_set),
            str(tmp_path / 'o'),
            per_bin=PER_BIN,
            test_per_bin=1)
    assert not osp.exists(tmp_path / 'o')
    with pytest.raises(SystemExit, match='not found'):
        nvidia.main([str(tmp_path / 'nowhere'), str(tmp_path / 'o')])
