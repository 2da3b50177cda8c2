# Copyright (c) hcl_mm contributors. All rights reserved.
"""benchmarks/probe_clustering.py: features of the shipped model, the
per-pixel probes and the K-means labellings."""
import importlib.util
import os.path as osp

import pytest
import torch
import torch.nn.functional as F
from conftest import REPO
from helpers import make_split

spec = importlib.util.spec_from_file_location(
    'probe_clustering', osp.join(REPO, 'benchmarks', 'probe_clustering.py'))
probe = importlib.util.module_from_spec(spec)
spec.loader.exec_module(probe)


def test_corrupted_iou_known_values():
    gt = torch.ones(2, 4, 4, dtype=torch.bool)
    gt[0, :2] = False  # 8 corrupted pixels
    pred = torch.ones(2, 4, 4, dtype=torch.bool)
    pred[0, :1] = False  # 4 of them found, nothing else
    # image 1: nothing corrupted, nothing predicted -> 1
    assert probe.corrupted_iou(pred, gt) == pytest.approx((0.5 + 1) / 2)


def test_split_features_match_the_detector(photo_dir, tmp_path):
    split = make_split(photo_dir, str(tmp_path / 'split'), 256, ['0.1-0.5'], 2,
                       '--content', 'constant')
    model = probe.load_inpaintor(
        osp.join(REPO, 'configs', 'hcl', 'hcl_tiny_demo.py'),
        osp.join(REPO, 'hcl_mm', 'data', 'checkpoints', 'hcl_tiny_demo.pth'))
    feats = probe.split_features(model, osp.join(split, '0.1-0.5'), 2)
    assert feats['proj'].shape == (2, 96, 64, 64)  # three stages x 32
    assert feats['enc'].shape == (2, 16 + 32 + 64, 64, 64)
    assert feats['coarse'].shape == (2, 32, 64, 64)
    assert feats['gt'].shape == feats['p'].shape == (2, 256, 256)
    # the coarsest stage is not pooled: its slice of proj is itself
    assert torch.equal(feats['proj'][:, 64:], feats['coarse'])
    torch.testing.assert_close(feats['coarse'].norm(dim=1),
                               torch.ones(2, 64, 64))
    # the pipeline's IoU is diagnose_detector's
    from diagnose_detector import probe as diagnose_probe
    assert probe.corrupted_iou(feats['p'] >= 0.5,
                               feats['gt']) == pytest.approx(
                                   diagnose_probe(model,
                                                  osp.join(split, '0.1-0.5'),
                                                  2)['iou'],
                                   abs=1e-6)


def halves(n=3, c=4, size=8):
    """Embeddings whose left half points one way, right half another, and
    the matching ground truth (right half corrupted) at 4x the grid."""
    g = torch.Generator().manual_seed(0)
    a, b = F.normalize(torch.randn(2, c, generator=g), dim=1)
    x = a[:, None, None].repeat(n, 1, size, size)
    x[..., size // 2:] = b[:, None, None]
    x = F.normalize(x + 0.05 * torch.randn(x.shape, generator=g), dim=1)
    gt = torch.ones(n, 4 * size, 4 * size, dtype=torch.bool)
    gt[..., 2 * size:] = False
    return x, gt


def test_kmeans_oracle_finds_the_halves_and_bounds_the_classifier():
    x, gt = halves()
    labels = probe.spherical_kmeans(F.normalize(x[0].flatten(1).T, dim=1),
                                    2)[1].reshape(8, 8)
    assert (labels[:, :4] == labels[0, 0]).all()
    assert (labels[:, 4:] != labels[0, 0]).all()

    class Left(torch.nn.Module):  # calls the left half's centre clean

        def forward(self, centres):
            return centres @ x[0, :, 0, 0]

    scores = probe.kmeans_scores(Left(), x, gt, [2, 3])
    oracle2, chosen2 = scores[2]
    assert oracle2 == pytest.approx(1.0) and chosen2 == pytest.approx(1.0)
    assert scores[3][1] is None and scores[3][0] >= 0.99


def test_pixel_probe_learns_a_separable_rule():
    x, gt = halves(n=4)
    clean_frac = F.adaptive_avg_pool2d(gt[:, None].float(), 8)[:, 0]
    for hidden in (0, 16):
        predict = probe.fit_pixel_probe(x, clean_frac, hidden, epochs=300)
        p = probe.upsample(predict(x), gt.shape[-2:])
        assert probe.corrupted_iou(p >= 0.5, gt) > 0.95
