# Copyright (c) hcl_mm contributors. All rights reserved.
import time

import cv2
import numpy as np
import pytest

from hcl_mm.registry import MASK_GENERATORS

SYNTHETIC = ['IrregularMask', 'FreeFormMask', 'BBoxMask']
BINS = [(0.0, 0.2), (0.2, 0.4), (0.4, 0.6), (0.0, 0.3), (0.3, 0.6)]


@pytest.mark.parametrize('name', SYNTHETIC)
@pytest.mark.parametrize('ratio_range', BINS)
def test_ratio_bins_honoured(name, ratio_range):
    gen = MASK_GENERATORS.build(dict(type=name, ratio_range=ratio_range))
    ratios = []
    start = time.perf_counter()
    for seed in range(25):
        hole = gen((192, 256), np.random.default_rng(seed))
        assert hole.dtype == bool and hole.shape == (192, 256)
        ratios.append(hole.mean())
    assert time.perf_counter() - start < 10  # bounded, no rejection loop
    ratios = np.array(ratios)
    lo, hi = ratio_range
    assert (ratios >= lo).all() and (ratios <= hi).all(), ratios
    # The target is drawn over the bin: not all samples at one end.
    assert ratios.max() - ratios.min() > (hi - lo) / 4


@pytest.mark.parametrize('name', SYNTHETIC)
def test_deterministic_per_seed(name):
    gen = MASK_GENERATORS.build(dict(type=name))
    a = gen((128, 96), np.random.default_rng(7))
    b = gen((128, 96), np.random.default_rng(7))
    c = gen((128, 96), np.random.default_rng(8))
    assert np.array_equal(a, b)
    assert not np.array_equal(a, c)


@pytest.mark.parametrize('name', SYNTHETIC)
@pytest.mark.parametrize('shape', [(64, 320), (320, 64)])
def test_non_square_covers_whole_image(name, shape):
    gen = MASK_GENERATORS.build(dict(type=name, ratio_range=(0.2, 0.4)))
    total = np.zeros(shape, float)
    for seed in range(40):
        total += gen(shape, np.random.default_rng(seed))
    h, w = shape
    # Holes reach the far end of the long axis (axes not swapped).
    assert total[:, int(0.8 * w):].sum() > 0
    assert total[int(0.8 * h):, :].sum() > 0
    assert total[:, :int(0.2 * w)].sum() > 0


def test_bbox_mask_is_a_rectangle():
    gen = MASK_GENERATORS.build(dict(type='BBoxMask', size_range=(0.2, 0.4)))
    hole = gen((100, 200), np.random.default_rng(0))
    ys, xs = np.nonzero(hole)
    box = hole[ys.min():ys.max() + 1, xs.min():xs.max() + 1]
    assert box.all()
    assert 20 <= box.shape[0] <= 40 and 40 <= box.shape[1] <= 80


def test_invalid_ratio_range():
    with pytest.raises(ValueError, match='ratio_range'):
        MASK_GENERATORS.build(
            dict(type='FreeFormMask', ratio_range=(0.5, 0.2)))


def _write_mask(path, hole_fraction_cols, shape=(40, 80)):
    img = np.zeros(shape, np.uint8)
    img[:, :int(shape[1] * hole_fraction_cols)] = 255  # white = hole
    cv2.imwrite(str(path), img)


def test_file_mask_polarity_resize_and_folder(tmp_path):
    _write_mask(tmp_path / 'm1.png', 0.25)
    gen = MASK_GENERATORS.build(
        dict(type='FileMask', path=str(tmp_path / 'm1.png')))
    hole = gen((20, 40), np.random.default_rng(0))
    assert hole.shape == (20, 40)
    assert hole[:, :9].all() and not hole[:, 11:].any()
    inverted = MASK_GENERATORS.build(
        dict(
            type='FileMask',
            path=str(tmp_path / 'm1.png'),
            hole_is_white=False))((20, 40), np.random.default_rng(0))
    assert np.array_equal(inverted, ~hole)

    (tmp_path / 'bins' / 'x').mkdir(parents=True)
    _write_mask(tmp_path / 'bins' / 'small.png', 0.1)
    _write_mask(tmp_path / 'bins' / 'x' / 'big.png', 0.5)
    gen = MASK_GENERATORS.build(
        dict(
            type='FileMask',
            path=str(tmp_path / 'bins'),
            ratio_range=(0.4, 0.6)))
    for seed in range(5):
        assert 0.4 <= gen((40, 80), np.random.default_rng(seed)).mean() <= 0.6
    impossible = MASK_GENERATORS.build(
        dict(
            type='FileMask',
            path=str(tmp_path / 'bins'),
            ratio_range=(0.8, 0.9),
            max_tries=4))
    with pytest.raises(ValueError, match='bins'):
        impossible((40, 80), np.random.default_rng(0))


def test_file_mask_per_sample_and_bad_file(tmp_path):
    bad = tmp_path / 'bad.png'
    bad.write_bytes(b'not a png')
    gen = MASK_GENERATORS.build(dict(type='FileMask'))
    with pytest.raises(OSError, match='bad.png'):
        gen((8, 8), np.random.default_rng(0), dict(mask_path=str(bad)))
    with pytest.raises(KeyError, match='mask_path'):
        gen((8, 8), np.random.default_rng(0), {})


@pytest.mark.parametrize('name', SYNTHETIC)
def test_size_scale_grows_elements(name):
    gen = MASK_GENERATORS.build(dict(type=name, num_elements=(1, 1)))
    areas = [
        gen((256, 256), np.random.default_rng(7), size_scale=s).sum()
        for s in (1.0, 2.0)
    ]
    assert areas[1] > 1.5 * areas[0] > 0
    with pytest.raises(ValueError, match='size_scale'):
        gen((64, 64), np.random.default_rng(0), size_scale=0)
