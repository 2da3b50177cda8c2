# Copyright (c) hcl_mm contributors. All rights reserved.
import cv2
import numpy as np
import pytest
from helpers import random_image

from hcl_mm.datasets.transforms import RandomJPEGCompress, jpeg_roundtrip
from hcl_mm.registry import TRANSFORMS


def corrupted(seed=3):
    img = random_image(96, 128, seed=seed)
    corrupt = TRANSFORMS.build(
        dict(
            type='CorruptImage',
            masks=dict(type='FreeFormMask', ratio_range=(0.2, 0.4)),
            contents=dict(type='RandomNoise')))
    return corrupt(dict(img=img, sample_seed=seed))


def test_recompresses_only_the_corrupted_image_reproducibly():
    r = corrupted()
    img, gt, mask = r['img'].copy(), r['gt_img'].copy(), r['mask'].copy()
    t = TRANSFORMS.build(
        dict(type='RandomJPEGCompress', prob=1.0, quality_range=(30, 40)))
    out = t(dict(r))
    assert 30 <= out['jpeg_quality'] <= 40
    assert out['img'].shape == img.shape and out['img'].dtype == np.uint8
    assert not np.array_equal(out['img'], img)
    # the codec's result, nothing else
    assert np.array_equal(out['img'], jpeg_roundtrip(img, out['jpeg_quality']))
    assert np.array_equal(out['gt_img'], gt)
    assert np.array_equal(out['mask'], mask)
    # same sample seed -> same quality and pixels
    again = t(dict(r, img=img.copy()))
    assert again['jpeg_quality'] == out['jpeg_quality']
    assert np.array_equal(again['img'], out['img'])
    # noise fill loses the most: the codec smooths it
    err = np.abs(out['img'].astype(int) - img.astype(int)).mean(-1)
    assert err[mask == 0].mean() > err[mask == 1].mean()


def test_probability_zero_and_frequency():
    r = corrupted()
    out = RandomJPEGCompress(prob=0.0)(dict(r, img=r['img'].copy()))
    assert out['jpeg_quality'] is None
    assert np.array_equal(out['img'], r['img'])
    t = RandomJPEGCompress(prob=0.5)
    used = [
        t(dict(img=r['img'].copy(), sample_seed=s))['jpeg_quality'] is not None
        for s in range(200)
    ]
    assert 0.35 < np.mean(used) < 0.65


def test_quality_lowers_fidelity():
    img = random_image(64, 64, seed=1)
    low = np.abs(jpeg_roundtrip(img, 10).astype(int) - img).mean()
    high = np.abs(jpeg_roundtrip(img, 95).astype(int) - img).mean()
    assert low > high
    assert cv2.PSNR(jpeg_roundtrip(img, 95), img) > 35


@pytest.mark.parametrize('kw', [
    dict(prob=1.5),
    dict(quality_range=(0, 50)),
    dict(quality_range=(90, 80))
])
def test_bad_arguments(kw):
    with pytest.raises(ValueError):
        RandomJPEGCompress(**kw)
