# Copyright (c) hcl_mm contributors. All rights reserved.
import numpy as np
import pytest
from helpers import random_image

from hcl_mm.registry import CORRUPTION_CONTENTS


@pytest.mark.parametrize('cfg', [
    dict(type='ConstantColor'),
    dict(type='ConstantColor', color=(10, 20, 30)),
    dict(type='RandomNoise'),
    dict(type='RandomNoise', distribution='gaussian'),
])
def test_fill_contents(cfg):
    content = CORRUPTION_CONTENTS.build(cfg)
    img = random_image(48, 80)
    n = content(img, np.random.default_rng(0))
    assert n.shape == (48, 80, 3) and n.dtype == np.float32
    assert n.min() >= 0 and n.max() <= 255
    again = content(img, np.random.default_rng(0))
    assert np.array_equal(n, again)
    if cfg['type'] == 'ConstantColor':
        assert (n == n[0, 0]).all()
        if 'color' in cfg:
            assert n[0, 0].tolist() == [10, 20, 30]


def test_image_content_non_square_and_not_itself(photo_dir):
    content = CORRUPTION_CONTENTS.build(
        dict(type='ImageContent', data_root=photo_dir))
    files = content.files
    assert len(files) == 6
    img = random_image(100, 300)
    for seed in range(10):
        n = content(img, np.random.default_rng(seed), dict(img_path=files[0]))
        assert n.shape == (100, 300, 3)
    # With one candidate besides itself, that one is always drawn.
    content._files = files[:2]
    import cv2
    other = cv2.imread(files[1]).astype(np.float32)
    for seed in range(5):
        n = content(
            random_image(256, 256), np.random.default_rng(seed),
            dict(img_path=files[0]))
        assert np.array_equal(n, other)


def test_image_content_short_side_keeps_the_host_scale(tmp_path):
    """A 512 source pasted into a 128 crop: just covering the crop shrinks
    it 4x (a ramp of half a level per pixel becomes 2 per pixel);
    ``short_side=256`` shrinks it 2x, the host's scale in the CPU recipe."""
    import cv2
    ramp = np.tile((np.arange(512) // 2).astype(np.uint8), (512, 1))
    cv2.imwrite(str(tmp_path / 'ramp.png'), np.dstack([ramp] * 3))
    img = random_image(128, 128)
    steps = {}
    for side in (None, 256):
        content = CORRUPTION_CONTENTS.build(
            dict(
                type='ImageContent', data_root=str(tmp_path), short_side=side))
        n = content(img, np.random.default_rng(0))
        assert n.shape == (128, 128, 3)
        steps[side] = float(np.diff(n[64, 8:-8, 0]).mean())
    assert steps[None] == pytest.approx(2, abs=0.1)
    assert steps[256] == pytest.approx(1, abs=0.1)
    with pytest.raises(ValueError, match='short_side'):
        CORRUPTION_CONTENTS.build(
            dict(type='ImageContent', data_root=str(tmp_path), short_side=0))


def test_image_content_skips_unreadable(tmp_path, photo_dir):
    import shutil
    d = tmp_path / 'noise'
    d.mkdir()
    (d / 'broken.jpg').write_bytes(b'\xff\xd8 truncated')
    shutil.copy(
        CORRUPTION_CONTENTS.build(
            dict(type='ImageContent', data_root=photo_dir)).files[0],
        d / 'ok.jpg')
    content = CORRUPTION_CONTENTS.build(
        dict(type='ImageContent', data_root=str(d)))
    with pytest.warns(UserWarning, match='broken.jpg'):
        for seed in range(6):
            content(random_image(32, 32), np.random.default_rng(seed))


@pytest.mark.parametrize('cfg', [
    dict(type='GraffitiOverlay', ratio_range=(0.1, 0.3)),
    dict(type='TextOverlay', ratio_range=(0.05, 0.2)),
    dict(type='LogoOverlay', ratio_range=(0.1, 0.3)),
])
def test_overlays_reach_ratio_and_are_consistent(cfg, logo_dir):
    if cfg['type'] == 'LogoOverlay':
        cfg = dict(cfg, data_root=logo_dir)
    overlay = CORRUPTION_CONTENTS.build(cfg)
    assert overlay.is_overlay
    img = random_image(160, 240)
    lo, hi = cfg['ratio_range']
    for seed in range(8):
        colour, alpha, footprint = overlay(img, np.random.default_rng(seed))
        assert colour.shape == (160, 240, 3) and alpha.shape == (160, 240)
        assert footprint.dtype == bool
        assert lo <= footprint.mean() <= hi
        assert alpha.min() >= 0 and alpha.max() <= 1
        # Painted where labelled corrupted, nothing outside the halo.
        assert (alpha[footprint] > 0).all()
        assert alpha[~footprint].mean() < alpha[footprint].mean()


def test_logo_opacity_and_formats(tmp_path):
    import cv2
    d = tmp_path / 'logos'
    d.mkdir()
    grey = np.full((20, 20), 255, np.uint8)  # no alpha: fully opaque
    cv2.imwrite(str(d / 'grey.png'), grey)
    overlay = CORRUPTION_CONTENTS.build(
        dict(
            type='LogoOverlay',
            data_root=str(d),
            opacity_range=(0.4, 0.4),
            max_rotation=0))
    colour, alpha, footprint = overlay(
        random_image(64, 64), np.random.default_rng(0))
    assert footprint.any()
    np.testing.assert_allclose(alpha[footprint], 0.4, atol=1e-6)
    (d / 'zz_bad.png').write_bytes(b'junk')
    overlay._files = [str(d / 'zz_bad.png')]
    with pytest.raises(OSError, match='zz_bad.png'):
        overlay(random_image(64, 64), np.random.default_rng(0))


def test_text_overlay_custom_font_error():
    overlay = CORRUPTION_CONTENTS.build(
        dict(type='TextOverlay', font_files=['/nonexistent/font.ttf']))
    with pytest.raises(OSError, match='font.ttf'):
        overlay(random_image(64, 64), np.random.default_rng(0))


@pytest.mark.parametrize('kind', ['GraffitiOverlay', 'TextOverlay'])
def test_overlay_achromatic_prob(kind):
    img = random_image(96, 128)

    def painted(prob, seed):
        overlay = CORRUPTION_CONTENTS.build(
            dict(type=kind, ratio_range=(0.1, 0.3), achromatic_prob=prob))
        colour, _, footprint = overlay(img, np.random.default_rng(seed))
        return colour[footprint]

    for seed in range(4):
        grey = painted(1.0, seed)  # black or white (graffiti: + grey noise)
        assert (grey.max(1) - grey.min(1) < 1e-3).all()
        vivid = painted(0.0, seed)  # saturated: channels differ
        assert (vivid.max(1) - vivid.min(1)).mean() > 40
    with pytest.raises(ValueError, match='achromatic_prob'):
        CORRUPTION_CONTENTS.build(dict(type=kind, achromatic_prob=1.5))


@pytest.mark.parametrize('name', ['GraffitiOverlay', 'TextOverlay'])
def test_overlay_size_scale_grows_elements(name):
    overlay = CORRUPTION_CONTENTS.build(dict(type=name, num_elements=(1, 1)))
    img = random_image(256, 256)
    areas = [
        overlay(img, np.random.default_rng(5), size_scale=s)[2].sum()
        for s in (0.5, 1.0)
    ]
    assert areas[1] > 1.5 * areas[0] > 0
    with pytest.raises(ValueError, match='size_scale'):
        overlay(img, np.random.default_rng(0), size_scale=-1)
