# Copyright (c) hcl_mm contributors. All rights reserved.
"""benchmarks/diagnose_detector.py: the probes of a detector's lost IoU,
with the shipped model on a two-image split."""
import importlib.util
import os.path as osp

import numpy as np
from conftest import REPO
from helpers import make_split

spec = importlib.util.spec_from_file_location(
    'diagnose_detector', osp.join(REPO, 'benchmarks', 'diagnose_detector.py'))
diagnose = importlib.util.module_from_spec(spec)
spec.loader.exec_module(diagnose)


def text_split(photo_dir, tmp_path, *options):
    """A two-image split of text overlays (its one bin folder) and the
    shipped model."""
    split = make_split(photo_dir, str(tmp_path / 'split'), 256, ['0.1-0.5'], 2,
                       '--content', 'text', *options)
    model = diagnose.load_inpaintor(
        osp.join(REPO, 'configs', 'hcl', 'hcl_tiny_demo.py'),
        osp.join(REPO, 'hcl_mm', 'data', 'checkpoints', 'hcl_tiny_demo.pth'))
    return osp.join(split, '0.1-0.5'), model


def test_probe_bounds(photo_dir, tmp_path):
    split, model = text_split(photo_dir, tmp_path)
    r = diagnose.probe(model, split, 2, other=model)
    assert r['n'] == 2
    # the oracle picks the better orientation of each mask; the size prior
    # picks one of the two
    assert r['iou'] <= r['oracle'] <= 1
    assert r['minority'] <= r['oracle']
    assert 0 <= r['flips'] <= 1
    assert 0 <= r['upscaled'] <= 1
    # a detector averaged with itself is itself
    assert abs(r['ensemble'] - r['iou']) < 1e-6
    # a 256 image has four 128 tiles; those with 10-50 % corruption count
    assert 0 <= r['tiles'] <= 8
    if r['tiles']:
        assert 0 <= r['full_tile'] <= 1 and 0 <= r['own_tile'] <= 1
    b = diagnose.boundary_probe(model, split, 2)
    assert b['n'] == 2 and abs(b['iou'] - r['iou']) < 1e-6
    for k in ('iou_outside_band', 'recall', 'precision', 'below_03',
              'above_08'):
        assert 0 <= b[k] <= 1, k
    assert b['iou'] <= min(b['recall'], b['precision']) + 1e-9
    assert b['below_03'] + b['above_08'] <= 1
    assert np.isnan(b['fp_on_changed']) or 0 <= b['fp_on_changed'] <= 1


def test_component_recall_sorts_regions_by_colour(photo_dir, tmp_path):
    """Opaque black or white text: its regions count as achromatic."""
    split, model = text_split(photo_dir, tmp_path, '--content-options',
                              'achromatic_prob=1', 'opacity_range=(1.0,1.0)')
    r = diagnose.component_recall(model, split, 2)
    assert len(r['achromatic']) > 3 * len(r['saturated'])
    assert all(0 <= v <= 1 for v in r['achromatic'] + r['saturated'])


def test_upscaled_p_clean_maps_back_to_the_image():
    import torch

    class Echo:  # a "detector" whose P(clean) is the first channel
        sizes = []

        def detect(self, img):
            self.sizes.append(tuple(img.shape[-2:]))
            return img[:, :1]

    ys, xs = torch.meshgrid(
        torch.linspace(0, 1, 24), torch.linspace(0, 1, 40), indexing='ij')
    smooth = (0.3 + 0.2 * ys + 0.3 * xs).expand(1, 3, 24, 40)
    model = Echo()
    out = diagnose.upscaled_p_clean(model, smooth)
    assert model.sizes == [(48, 80)]  # detected at twice the size
    assert out.shape == (1, 1, 24, 40)
    assert (out - smooth[:, :1]).abs().max() < 0.02


def test_boundary_scores_leave_out_the_edge_band():
    """A mask one pixel too thick all round: the plain IoU pays for the
    ring, the IoU without the 1-px edge band does not."""
    hole = np.zeros((32, 32), bool)
    hole[10:20, 8:24] = True
    thick = np.zeros_like(hole)
    thick[9:21, 7:25] = True
    band = diagnose.edge_band(hole, 1)
    assert band.sum() == 12 * 18 - 8 * 14  # the 1-px ring on either side
    s = diagnose.boundary_scores(thick, hole, 1)
    assert s['iou'] == s['precision'] == 160 / 216
    assert s['recall'] == 1 and s['area'] == 216 / 160
    assert s['iou_outside_band'] == 1
    assert 'fp_on_changed' not in s
    # the corruption changed the ring's top row: 18 of the 56 false
    # positives; a mask without false positives has no share
    changed = np.zeros_like(hole)
    changed[9, 7:25] = True
    s = diagnose.boundary_scores(thick, hole, 1, changed | hole)
    assert s['fp_on_changed'] == 18 / 56
    assert np.isnan(
        diagnose.boundary_scores(hole, hole, 1, changed)['fp_on_changed'])
    # a miss away from the edge still counts
    inner = thick.copy()
    inner[13:17, 12:20] = False
    assert diagnose.boundary_scores(inner, hole, 1)['iou_outside_band'] < 1
