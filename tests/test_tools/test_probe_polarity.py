# Copyright (c) hcl_mm contributors. All rights reserved.
"""benchmarks/probe_polarity.py: per-image polarity features of the
shipped model, and the fitted keep-or-flip decisions."""
import importlib.util
import os.path as osp

import numpy as np
import pytest
from conftest import REPO
from helpers import make_split

spec = importlib.util.spec_from_file_location(
    'probe_polarity', osp.join(REPO, 'benchmarks', 'probe_polarity.py'))
probe = importlib.util.module_from_spec(spec)
spec.loader.exec_module(probe)


def test_extract_matches_the_detector(photo_dir, tmp_path):
    split = make_split(photo_dir, str(tmp_path / 'split'), 256, ['0.1-0.5'], 2,
                       '--content', 'constant')
    split = osp.join(split, '0.1-0.5')
    model = probe.load_inpaintor(
        osp.join(REPO, 'configs', 'hcl', 'hcl_tiny_demo.py'),
        osp.join(REPO, 'hcl_mm', 'data', 'checkpoints', 'hcl_tiny_demo.pth'))
    rows = probe.extract(model, split, 2)
    assert len(rows) == 2
    # the kept IoU is the detector's own (diagnose_detector's)
    from diagnose_detector import probe as diagnose_probe
    assert np.mean([r['kept'] for r in rows]) == pytest.approx(
        diagnose_probe(model, split, 2)['iou'], abs=1e-6)
    for r in rows:
        assert 0 <= r['kept'] <= 1 and 0 <= r['flipped'] <= 1
        assert r['stages'].shape == (3, 8)  # fine to coarse
        l0, l1, area, edges, on_border, cos, mean_p, sharp = r['stages'][-1]
        assert l0 >= l1  # the classifier oriented the coarsest centres
        for v in (area, edges, on_border, mean_p):
            assert 0 <= v <= 1
        assert -1 - 1e-5 <= cos <= 1 + 1e-5 and 0 <= sharp <= 0.5
        assert r['centres'].shape == (2, 32)
        np.testing.assert_allclose(
            np.linalg.norm(r['centres'], axis=1), 1, atol=1e-4)


def rows_flipping_on(rng, n=120):
    """Synthetic rows where flipping pays exactly when the corrupted
    cluster covers more than half of the image."""
    rows = []
    for i in range(n):
        area = rng.uniform(0.1, 0.9)
        stages = np.zeros((3, 8))
        stages[:, 0], stages[:, 2] = 1.0, area
        stages[:, 3], stages[:, 5] = rng.uniform(size=3), rng.uniform(size=3)
        gain = rng.uniform(0.1, 0.5)
        kept, flipped = (0.2, 0.2 + gain) if area > 0.5 else (0.2 + gain, .2)
        rows.append(
            dict(
                kept=kept,
                flipped=flipped,
                stages=stages,
                centres=rng.normal(size=(2, 4)),
                final_corrupt=area,
                pattern=probe.PATTERNS[i % len(probe.PATTERNS)]))
    return rows


def test_fitted_decision_learns_a_separable_rule():
    import torch
    rng = np.random.default_rng(0)
    train, test = rows_flipping_on(rng), rows_flipping_on(rng)
    y = torch.tensor([float(r['flipped'] > r['kept']) for r in train])
    w = torch.tensor([abs(r['flipped'] - r['kept']) for r in train])
    x = probe.features(train, 'geometry')
    assert x.shape == (120, 6)
    flip = probe.fit(x, y, w, 0, 1e-3)(probe.features(test, 'geometry'))
    oracle = [r['flipped'] > r['kept'] for r in test]
    assert np.mean(flip == np.array(oracle)) > 0.95
    assert np.mean(probe.scores(
        test, flip)) > np.mean(probe.scores(test, [False] * len(test))) + 0.1
    # the margin alone (constant here) cannot tell
    margin = probe.fit(probe.features(train, 'margin'), y, w, 0, 1e-3)(
        probe.features(test, 'margin'))
    assert len(set(margin.tolist())) == 1
    # the centres' decision is antisymmetric: swapping them flips it
    c = probe.features(train, 'centres')
    decide = probe.fit(c, y, w, 8, 1e-3)
    assert (decide(c) != decide(c.flip(1))).all()


def test_cache_belongs_to_one_checkpoint(tmp_path):
    a, b = tmp_path / 'a.pth', tmp_path / 'b.pth'
    a.write_bytes(b'weights a')
    b.write_bytes(b'weights b')
    cache = str(tmp_path / 'cache')
    probe.check_cache(cache, str(a))  # stamps a new cache
    probe.check_cache(cache, str(a))  # the same checkpoint passes
    with pytest.raises(SystemExit, match='a.pth .*not of .*b.pth'):
        probe.check_cache(cache, str(b))
