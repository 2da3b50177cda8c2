# Copyright (c) hcl_mm contributors. All rights reserved.
import cv2
import numpy as np
import pytest
from helpers import random_image

from hcl_mm.registry import TRANSFORMS


def corrupt(img, seed, **kwargs):
    cfg = dict(
        type='CorruptImage',
        masks=dict(type='FreeFormMask', ratio_range=(0.2, 0.4)),
        contents=dict(type='ConstantColor', color=(0, 255, 0)))
    cfg.update(kwargs)
    return TRANSFORMS.build(cfg)(dict(img=img.copy(), sample_seed=seed))


def test_polarity_and_blend():
    img = random_image(96, 160)
    r = corrupt(img, 3)
    mask, out = r['mask'], r['img']
    assert mask.dtype == np.uint8 and set(np.unique(mask)) <= {0, 1}
    assert r['gt_seg_map'] is mask and 'gt_seg_map' in r['seg_fields']
    assert np.array_equal(r['gt_img'], img)
    assert 0.2 <= 1 - mask.mean() <= 0.4
    assert r['corruption']['hole_ratio'] == pytest.approx(1 - mask.mean())
    # Far from the hole (beyond the blur) clean pixels are untouched.
    far = cv2.erode(mask, np.ones((25, 25), np.uint8)).astype(bool)
    assert far.any() and np.array_equal(out[far], img[far])
    # Deep inside the hole the content replaces the image.
    deep = cv2.erode(1 - mask, np.ones((25, 25), np.uint8)).astype(bool)
    if deep.any():
        assert (out[deep] == [0, 255, 0]).all()
    # The blend is soft: some edge pixels are strictly between.
    edge = (~far) & (~deep)
    green = out[edge].astype(int)
    assert ((green[:, 1] > img[edge][:, 1]) & (green[:, 1] < 255)).any()


def test_hard_edges():
    img = random_image(64, 64)
    r = corrupt(img, 0, smooth_radius=0)
    hole = r['mask'] == 0
    assert (r['img'][hole] == [0, 255, 0]).all()
    assert np.array_equal(r['img'][~hole], img[~hole])


def test_deterministic_per_seed():
    img = random_image(64, 96)
    cfg = dict(
        masks=[dict(type='IrregularMask'),
               dict(type='BBoxMask')],
        contents=[dict(type='RandomNoise'),
                  dict(type='GraffitiOverlay')])
    a, b, c = corrupt(img, 5, **cfg), corrupt(img, 5,
                                              **cfg), corrupt(img, 6, **cfg)
    assert np.array_equal(a['img'], b['img'])
    assert np.array_equal(a['mask'], b['mask'])
    assert not np.array_equal(a['img'], c['img'])


def test_overlay_label_follows_footprint():
    img = random_image(128, 128)
    r = corrupt(
        img, 1, contents=dict(type='TextOverlay', opacity_range=(1, 1)))
    assert r['corruption']['mask'] is None
    assert r['corruption']['content'] == 'TextOverlay'
    hole = r['mask'] == 0
    assert hole.any()
    # Every labelled pixel changed, and most changed pixels are labelled.
    changed = (r['img'] != img).any(-1)
    assert changed[hole].mean() > 0.95


def test_bad_input_and_probs():
    with pytest.raises(ValueError, match='uint8'):
        corrupt(np.zeros((8, 8), np.uint8), 0)
    with pytest.raises(ValueError, match='mask_probs'):
        TRANSFORMS.build(
            dict(
                type='CorruptImage',
                masks=dict(type='BBoxMask'),
                contents=dict(type='RandomNoise'),
                mask_probs=[0.5, 0.5]))


class _ScaleSpy:
    """Records the ``size_scale`` each drawing generator was called with."""

    def __init__(self, base):
        self.base, self.scales = base, []

    def draw_element(self, shape, rng, scale):
        self.scales.append(scale)
        return type(self.base).draw_element(self.base, shape, rng, scale)


@pytest.mark.parametrize('kind', ['mask', 'overlay'])
def test_reference_side_scales_every_element(kind):
    # a 96 x 128 crop of a photo with a 256 short side: sizes x 256 / 96
    img = random_image(96, 128)
    if kind == 'mask':
        cfg = dict(masks=dict(type='IrregularMask', num_elements=(2, 2)))
    else:
        cfg = dict(contents=dict(type='TextOverlay', num_elements=(2, 2)))
    for reference, expected in ((None, 1.0), (256, 256 / 96)):
        t = TRANSFORMS.build(
            dict(
                dict(
                    type='CorruptImage',
                    masks=dict(type='FreeFormMask', ratio_range=(0.2, 0.4)),
                    contents=dict(type='ConstantColor')),
                **cfg,
                reference_side=reference))
        drawer = t.masks[0] if kind == 'mask' else t.contents[0]
        spy = _ScaleSpy(drawer)
        drawer.draw_element = spy.draw_element
        t(dict(img=img.copy(), sample_seed=4))
        assert spy.scales == pytest.approx([expected] * 2)


def test_reference_side_draws_at_the_photo_scale():
    # the same seed draws the same glyphs, twice as tall at 2x
    img = random_image(128, 128)
    heights = []
    for reference in (None, 256):
        r = corrupt(
            img,
            2,
            contents=dict(
                type='TextOverlay',
                num_elements=(1, 1),
                max_rotation=0,
                size_range=(0.1, 0.1)),
            reference_side=reference)
        rows = np.flatnonzero((r['mask'] == 0).any(1))
        heights.append(rows[-1] - rows[0] + 1)
    assert 1.6 < heights[1] / heights[0] < 2.4
    with pytest.raises(ValueError, match='reference_side'):
        corrupt(img, 0, reference_side=0)
