# Copyright (c) hcl_mm contributors. All rights reserved.
"""benchmarks/bench_demo_model.py: the model card's tables."""
import importlib.util
import os.path as osp
import sys

import numpy as np
from conftest import REPO
from helpers import make_split

sys.path.insert(0, osp.join(REPO, 'benchmarks'))
spec = importlib.util.spec_from_file_location(
    'bench_demo_model', osp.join(REPO, 'benchmarks', 'bench_demo_model.py'))
bench = importlib.util.module_from_spec(spec)
spec.loader.exec_module(bench)


def test_iou_by_hole_ratio_bins_images():
    scores = [
        dict(corrupted_iou=0.2, hole_ratio=0.1),
        dict(corrupted_iou=0.4, hole_ratio=0.19),
        dict(corrupted_iou=0.9, hole_ratio=0.2),  # the next bin's start
        dict(corrupted_iou=0.5, hole_ratio=0.5),  # the last bin's end
        dict(corrupted_iou=0.0, hole_ratio=0.05),  # outside every bin
    ]
    (a, na), (b, nb), (c, nc) = bench.iou_by_hole_ratio(scores)
    assert (na, nb, nc) == (2, 1, 1)
    assert np.isclose(a, 0.3) and b == 0.9 and c == 0.5
    assert np.isnan(bench.iou_by_hole_ratio([])[0][0])


def test_detector_scores_carry_the_hole_ratio(photo_dir, tmp_path):
    split = make_split(photo_dir, str(tmp_path / 'split'), 256, ['0.1-0.5'], 2,
                       '--content', 'text')
    from bench_generalization import evaluate_detector
    scores = evaluate_detector(
        osp.join(REPO, 'configs', 'hcl', 'hcl_tiny_demo.py'),
        osp.join(REPO, 'hcl_mm', 'data', 'checkpoints', 'hcl_tiny_demo.pth'),
        osp.join(split, '0.1-0.5'))
    assert len(scores) == 2
    for s in scores:  # the split's holes cover 10-50 % of each image
        assert 0.1 <= s['hole_ratio'] <= 0.5
        assert 0 <= s['corrupted_iou'] <= 1
