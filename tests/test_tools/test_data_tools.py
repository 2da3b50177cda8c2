# Copyright (c) hcl_mm contributors. All rights reserved.
import csv
import filecmp
import os.path as osp
import subprocess
import sys

import cv2
import numpy as np
from conftest import REPO

from hcl_mm.datasets import CorruptionSplitDataset


def make_split(src, out, *extra):
    subprocess.run([
        sys.executable, 'tools/make_test_split.py', src, out, '--size', '64',
        '--bins', '0-0.2', '0.2-0.4', *extra
    ],
                   cwd=REPO,
                   check=True,
                   capture_output=True)


def test_make_test_split_is_reproducible(photo_dir, tmp_path):
    a, b = str(tmp_path / 'a'), str(tmp_path / 'b')
    make_split(photo_dir, a)
    make_split(photo_dir, b)
    cmp = filecmp.dircmp(a, b)
    assert not cmp.diff_files and not cmp.left_only
    for bin_ in ('0-0.2', '0.2-0.4'):
        sub = filecmp.dircmp(
            osp.join(a, bin_, 'corrupted'), osp.join(b, bin_, 'corrupted'))
        assert sub.same_files and not sub.diff_files
        rows = list(csv.DictReader(open(osp.join(a, bin_, 'index.csv'))))
        lo, hi = (float(v) for v in bin_.split('-'))
        assert len(rows) == 6
        assert all(lo <= float(r['hole_ratio']) <= hi for r in rows)
    # Read back with the frozen-split dataset, polarity kept (1 = clean).
    ds = CorruptionSplitDataset(
        data_root=osp.join(a, '0.2-0.4'),
        pipeline=[
            dict(type='LoadImage'),
            dict(type='LoadImage', key='gt_path', out_key='gt_img'),
            dict(type='LoadMask', hole_is_white=False)
        ])
    r = ds[0]
    ratio = float(r['hole_ratio'])
    assert abs((1 - r['mask'].mean()) - ratio) < 1e-6
    changed = (r['img'] != r['gt_img']).any(-1)
    assert changed[r['mask'] == 0].mean() > 0.9


def test_make_test_split_content_options(photo_dir, tmp_path):
    """``--content-options`` reaches the content: opaque black or white
    text."""
    out = str(tmp_path / 'text')
    make_split(photo_dir, out, '--content', 'text', '--content-options',
               'achromatic_prob=1', 'opacity_range=(1.0,1.0)')
    rows = list(csv.DictReader(open(osp.join(out, '0.2-0.4', 'index.csv'))))
    assert rows and all(r['content'] == 'TextOverlay' for r in rows)
    ds = CorruptionSplitDataset(
        data_root=osp.join(out, '0.2-0.4'),
        pipeline=[
            dict(type='LoadImage'),
            dict(type='LoadMask', hole_is_white=False)
        ])
    for i in range(len(ds)):
        r = ds[i]
        painted = r['img'][r['mask'] == 0].astype(int)
        # glyph cores are grey (black or white; vivid text: ~1 %); the
        # anti-aliased edges blend in the photo
        assert (np.ptp(painted, 1) <= 2).mean() > 0.3


def test_browse_dataset_writes_grids(tmp_path):
    out = str(tmp_path / 'vis')
    subprocess.run([
        sys.executable, 'tools/analysis_tools/browse_dataset.py',
        osp.join(
            REPO, 'configs/baselines/'
            'segmenter_vit-t_mask_1xb4-300_demo-256x256.py'), '--output-dir',
        out, '--num', '3', '--per-grid', '2'
    ],
                   cwd=REPO,
                   check=True,
                   capture_output=True)
    grid = cv2.imread(osp.join(out, 'train_000.png'))
    assert grid.shape == (512, 768, 3)  # 2 rows of clean | mask | corrupted
    mask = grid[:256, 256:512, 0]
    assert set(np.unique(mask)) <= {0, 255} and (mask == 0).any()
    assert osp.isfile(osp.join(out, 'train_001.png'))


def test_print_config():
    out = subprocess.run([
        sys.executable, 'tools/analysis_tools/print_config.py',
        'configs/baselines/segmenter_vit-t_mask_1xb4-300_demo-256x256.py'
    ],
                         cwd=REPO,
                         check=True,
                         capture_output=True,
                         text=True).stdout
    assert "default_scope = 'hcl_mm'" in out and 'num_classes=2' in out
