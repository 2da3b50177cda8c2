# Copyright (c) hcl_mm contributors. All rights reserved.
"""benchmarks/bench_restoration.py: the inpainter comparison."""
import os
import os.path as osp
import re
import subprocess
import sys

import numpy as np
from conftest import REPO
from helpers import make_split

sys.path.insert(0, osp.join(REPO, 'benchmarks'))
import bench_restoration  # noqa: E402
from bench_generalization import PATTERNS  # noqa: E402


def six_pattern_splits(photo_dir, tmp_path) -> str:
    """One two-image split linked under every pattern's folder name."""
    split = make_split(photo_dir, str(tmp_path / 'split'), 64, ['0.1-0.5'], 2)
    splits = tmp_path / 'splits'
    splits.mkdir()
    for pattern in PATTERNS:
        os.symlink(
            osp.join(split, '0.1-0.5'),
            splits / pattern.split(':')[0].replace(' ', '_'))
    return str(splits)


def test_samples_start_skips_images(photo_dir, tmp_path):
    splits = six_pattern_splits(photo_dir, tmp_path)
    both = list(bench_restoration.samples(splits, 2))
    second = list(bench_restoration.samples(splits, 1, start=1))
    assert len(both) == 2 * len(PATTERNS) and len(second) == len(PATTERNS)
    for (name, img, gt, hole), ref in zip(second, both[1::2]):
        assert name == ref[0]
        assert np.array_equal(img, ref[1]) and np.array_equal(hole, ref[3])


def test_blind_hybrid_weight_zero_is_telea(photo_dir, tmp_path):
    # the shipped model (the default) on the detected masks
    splits = six_pattern_splits(photo_dir, tmp_path)
    proc = subprocess.run([
        sys.executable, 'benchmarks/bench_restoration.py', '--splits', splits,
        '--blind', '--num', '1', '--start', '1', '--methods', 'telea',
        'hybrid:0'
    ],
                          cwd=REPO,
                          capture_output=True,
                          text=True,
                          timeout=600)
    assert proc.returncode == 0, proc.stderr[-2000:]
    rows = re.findall(r'^\| text \| [\d.]+ \| (.+) \| (.+) \|$', proc.stdout,
                      re.M)
    assert len(rows) == 1 and rows[0][0] == rows[0][1], proc.stdout
