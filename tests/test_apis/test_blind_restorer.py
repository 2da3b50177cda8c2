# Copyright (c) hcl_mm contributors. All rights reserved.
import hashlib
import os
import os.path as osp
import subprocess
import sys

import cv2
import numpy as np
import pytest
import torch
from conftest import REPO
from helpers import random_image
from PIL import Image

from hcl_mm.apis import (BlindRestorer, blend_alpha, composite,
                         corrupted_from_conf, dilate, read_rgb, remove_small)

TINY = osp.join(REPO, 'configs', 'hcl', 'hcl_tiny_cpu.py')


def small_restorer(**kwargs) -> BlindRestorer:
    """The tiny random model at the tests' small tile (seeded: the random
    weights are the same on every call)."""
    torch.manual_seed(0)
    return BlindRestorer(
        TINY, device='cpu', max_side=128, tile=128, overlap=32, **kwargs)


@pytest.fixture(scope='module')
def restorer():
    return small_restorer()


def test_mask_ops():
    conf = np.array([[0.9, 0.2], [0.5, 0.49]], np.float32)
    assert corrupted_from_conf(conf).tolist() == [[False, True], [False, True]]
    assert corrupted_from_conf(
        conf, invert=True).tolist() == [[True, False], [True, False]]
    m = np.zeros((20, 20), bool)
    m[2, 2] = True
    m[10:15, 10:15] = True
    assert remove_small(m, 4).sum() == 25
    assert dilate(m, 1)[1, 2] and dilate(m, 1).sum() > m.sum()
    alpha = blend_alpha(m, feather=1.5)
    assert (alpha[m] == 1).all() and 0 < alpha[9, 12] < 1
    assert alpha[0, 19] == 0
    img = np.full((20, 20, 3), 7, np.uint8)
    out = composite(img, np.zeros_like(img), alpha)
    assert (out[alpha == 0] == 7).all() and (out[m] == 0).all()


@pytest.mark.parametrize('shape', [(100, 150), (20, 30), (300, 220)])
def test_any_size_and_clean_pixels_bit_exact(restorer, shape):
    img = random_image(*shape, seed=1)[..., ::-1].copy()
    pred = restorer.restore(img, dilate=2, feather=1.5)[0]
    assert pred['p_clean'].shape == shape and pred['corrupted'].shape == shape
    assert pred['restored'].shape == (*shape, 3)
    assert pred['restored'].dtype == np.uint8
    alpha = blend_alpha(dilate(pred['corrupted'], 0), 1.5)
    outside = alpha == 0
    assert np.array_equal(pred['restored'][outside], img[outside])


def test_user_mask_makes_it_non_blind(restorer, tmp_path):
    img = random_image(64, 96, seed=2)[..., ::-1].copy()
    mask = np.zeros((64, 96), np.uint8)
    mask[20:40, 30:60] = 255
    path = str(tmp_path / 'mask.png')
    cv2.imwrite(path, mask)
    pred = restorer.restore(img, mask=path)[0]
    assert np.array_equal(pred['corrupted'], mask > 0)
    assert np.array_equal(pred['restored'][mask == 0], img[mask == 0])
    assert not np.array_equal(pred['restored'][mask > 0], img[mask > 0])


def write_bad_files(folder):
    """Good and bad inputs; returns {name: expect_ok}."""
    os.makedirs(folder)
    rgb = random_image(48, 64, seed=3)
    cv2.imwrite(osp.join(folder, 'good.jpg'), rgb)
    cv2.imwrite(osp.join(folder, 'grey.png'), rgb[..., 0])
    rgba = np.concatenate([rgb, np.full((48, 64, 1), 128, np.uint8)], 2)
    cv2.imwrite(osp.join(folder, 'rgba.png'), rgba)
    cv2.imwrite(osp.join(folder, 'deep.png'), rgb.astype(np.uint16) * 257)
    Image.fromarray(rgb[..., ::-1].copy()).convert('CMYK').save(
        osp.join(folder, 'cmyk.jpg'))
    data = open(osp.join(folder, 'good.jpg'), 'rb').read()
    open(osp.join(folder, 'truncated.jpg'), 'wb').write(data[:len(data) // 3])
    open(osp.join(folder, 'empty.png'), 'wb').close()
    open(osp.join(folder, 'junk.jpg'), 'wb').write(b'not an image at all')
    return dict(
        good=True,
        grey=True,
        rgba=True,
        deep=True,
        cmyk=True,
        truncated=False,
        empty=False,
        junk=False)


def test_read_rgb_conversions_and_errors(tmp_path):
    expect = write_bad_files(str(tmp_path / 'in'))
    for name, ok in expect.items():
        path = [
            f for f in os.listdir(tmp_path / 'in') if f.startswith(name + '.')
        ][0]
        path = str(tmp_path / 'in' / path)
        if ok:
            img = read_rgb(path)
            assert img.shape == (48, 64, 3) and img.dtype == np.uint8
        else:
            with pytest.raises(OSError, match=osp.basename(path)):
                read_rgb(path)


def test_cli_on_folder_with_bad_files(tmp_path):
    src = str(tmp_path / 'in')
    expect = write_bad_files(src)
    before = {
        f: hashlib.sha1(open(osp.join(src, f), 'rb').read()).hexdigest()
        for f in os.listdir(src)
    }
    out = str(tmp_path / 'out')
    proc = subprocess.run([
        sys.executable, 'tools/infer.py', src, out, '--config', TINY,
        '--device', 'cpu', '--max-side', '128', '--tile', '128', '--grid',
        '--dilate', '2'
    ],
                          cwd=REPO,
                          capture_output=True,
                          text=True,
                          timeout=600)
    log = proc.stdout + proc.stderr
    assert proc.returncode == 1, log[-2000:]
    good = [n for n, ok in expect.items() if ok]
    assert f'done: {len(good)} restored' in log
    assert f'skipped: {len(expect) - len(good)}' in log
    for name, ok in expect.items():
        assert (f'skipped {osp.join(src, name)}' in log) != ok, name
        for suffix in ('_mask.png', '_p_corrupted.png', '_restored.png',
                       '_grid.png'):
            assert osp.isfile(osp.join(out, name + suffix)) == ok
    after = {
        f: hashlib.sha1(open(osp.join(src, f), 'rb').read()).hexdigest()
        for f in os.listdir(src)
    }
    assert before == after  # inputs untouched
    assert not [f for f in os.listdir(out) if f.startswith('.tmp')]


def test_sixteen_bit_is_scaled_by_257_not_stretched(tmp_path):
    from hcl_mm.apis.blind_restorer import scale_16bit

    # a dim 16-bit grey photo: values 0..5140 (0..20 in 8 bits)
    grey16 = (np.arange(48 * 64).reshape(48, 64) % 21 * 257).astype(np.uint16)
    path = str(tmp_path / 'dim16.png')
    cv2.imwrite(path, grey16)
    img = read_rgb(path)
    assert img.max() == 20 and img.min() == 0  # not stretched to 255
    assert np.array_equal(img[..., 0], (grey16 // 257).astype(np.uint8))
    assert scale_16bit(np.array([65535, 128, 129])).tolist() == [255, 0, 1]


def test_grey_in_grey_out(restorer, tmp_path):
    grey = random_image(64, 96, seed=4)[..., 0]
    img = np.repeat(grey[..., None], 3, 2)
    mask = np.zeros((64, 96), bool)
    mask[20:40, 30:60] = True
    pred = restorer.restore(img, mask=mask)[0]
    out = pred['restored']
    assert pred['grey'] is True
    assert np.array_equal(out[..., 0], out[..., 1])
    assert np.array_equal(out[..., 1], out[..., 2])
    assert np.array_equal(out[~mask], img[~mask])
    colour = random_image(64, 96, seed=4)
    assert restorer.restore(colour, mask=mask)[0]['grey'] is False
    # the CLI writes a grey photo back as a one-channel file
    src = str(tmp_path / 'grey.png')
    cv2.imwrite(src, grey)
    proc = subprocess.run([
        sys.executable, 'tools/infer.py', src,
        str(tmp_path / 'out'), '--config', TINY, '--device', 'cpu',
        '--max-side', '128', '--tile', '128'
    ],
                          cwd=REPO,
                          capture_output=True,
                          text=True,
                          timeout=600)
    assert proc.returncode == 0, proc.stderr[-2000:]
    with Image.open(tmp_path / 'out' / 'grey_restored.png') as im:
        assert im.mode == 'L'


@pytest.mark.parametrize('method', ['telea', 'ns'])
def test_opencv_inpainters(method):
    from hcl_mm.apis import cv2_inpaint
    r = small_restorer(inpainter=method)
    img = random_image(64, 96, seed=5)[..., ::-1].copy()
    mask = np.zeros((64, 96), bool)
    mask[20:30, 30:60] = True
    damaged = img.copy()
    damaged[mask] = (255, 0, 255)
    pred = r.restore(damaged, mask=mask)[0]
    assert np.array_equal(pred['restored'], cv2_inpaint(damaged, mask, method))
    assert np.array_equal(pred['restored'][~mask], damaged[~mask])
    # filled from the surroundings: far closer to the photo than magenta
    err = np.abs(pred['restored'][mask].astype(int) - img[mask]).mean()
    assert err < 0.3 * np.abs(damaged[mask].astype(int) - img[mask]).mean()
    blind = r.restore(damaged)[0]  # detection only, then OpenCV
    assert blind['restored'].shape == img.shape
    with pytest.raises(ValueError, match='inpainter'):
        BlindRestorer(TINY, device='cpu', inpainter='lama')
    with pytest.raises(ValueError, match='unknown OpenCV'):
        cv2_inpaint(img, mask, 'fmm')


def test_hybrid_fill_blends_the_model_with_diffusion():
    from hcl_mm.apis.classical_inpaint import (cv2_inpaint, hybrid_alpha,
                                               hybrid_fill)
    mask = np.zeros((64, 64), bool)
    mask[10:50, 10:50] = True  # a wide hole
    mask[58, 5:60] = True  # a 1-px stroke
    # default: the model's weight is 0.5 everywhere in the hole
    alpha = hybrid_alpha(mask)
    assert (alpha[~mask] == 0).all() and (alpha[mask] == 0.5).all()
    # the distance ramp: diffusion near clean pixels, the weight deep inside
    alpha = hybrid_alpha(mask, weight=1., near=2, ramp=6)
    assert (alpha[~mask] == 0).all() and (alpha[58] == 0).all()
    assert alpha[30, 30] == 1 and alpha[10, 30] == 0
    assert 0 < alpha[14, 30] < 1
    img = random_image(64, 64, seed=6)
    learned = np.full_like(img, 200)
    telea = cv2_inpaint(img, mask, 'telea').astype(int)
    out = hybrid_fill(img, learned, mask).astype(int)
    # the mean of the two fills (rounded), the input outside
    assert np.abs(out[mask] - (telea[mask] + 200) / 2).max() <= 0.5
    assert np.array_equal(out[~mask], img[~mask])
    out = hybrid_fill(img, learned, mask, weight=1., near=2, ramp=6)
    assert np.array_equal(out[58], telea[58])  # strokes: pure diffusion
    assert (out[30, 30] == 200).all()  # deep inside: the learned fill


def test_hybrid_weight_spans_telea_to_the_model():
    img = random_image(64, 96, seed=3)[..., ::-1].copy()
    mask = np.zeros((64, 96), bool)
    mask[10:50, 20:70] = True

    def restored(inpainter, weight=None):
        r = small_restorer(inpainter=inpainter, hybrid_weight=weight)
        return r.restore(img, mask=mask)[0]['restored']

    assert np.array_equal(restored('hybrid', 0.), restored('telea'))
    assert np.array_equal(restored('hybrid', 1.), restored('model'))
    mid = restored('hybrid', 0.3)
    assert not np.array_equal(mid, restored('telea'))
    with pytest.raises(ValueError, match='hybrid_weight'):
        BlindRestorer(TINY, device='cpu', hybrid_weight=1.5)


def test_cli_hybrid_weight_reaches_the_fill(tmp_path):
    src, mask = str(tmp_path / 'photo.png'), str(tmp_path / 'mask.png')
    cv2.imwrite(src, random_image(64, 96, seed=5))
    hole = np.zeros((64, 96), np.uint8)
    hole[12:44, 30:70] = 255
    cv2.imwrite(mask, hole)
    outs = {}
    for name, extra in (('telea', ['--inpainter', 'telea']),
                        ('w0',
                         ['--inpainter', 'hybrid', '--hybrid-weight', '0'])):
        proc = subprocess.run([
            sys.executable, 'tools/infer.py', src,
            str(tmp_path / name), '--config', TINY, '--device', 'cpu',
            '--max-side', '128', '--tile', '128', '--mask', mask, *extra
        ],
                              cwd=REPO,
                              capture_output=True,
                              text=True,
                              timeout=600)
        assert proc.returncode == 0, proc.stderr[-2000:]
        outs[name] = cv2.imread(str(tmp_path / name / 'photo_restored.png'))
    assert np.array_equal(outs['w0'], outs['telea'])


def test_hybrid_inpainter_keeps_clean_pixels(restorer):
    r = small_restorer(inpainter='hybrid')
    img = random_image(64, 96, seed=7)[..., ::-1].copy()
    mask = np.zeros((64, 96), bool)
    mask[10:50, 20:70] = True
    pred = r.restore(img, mask=mask)[0]
    assert np.array_equal(pred['restored'][~mask], img[~mask])
    assert not np.array_equal(pred['restored'][mask], img[mask])


def _pairing_config(path: str) -> str:
    """A DetectThenInpaint config file: VCNet's MPN finds, HCL's decoder
    and refiner (tiny widths) fill."""
    from mmengine import Config

    from hcl_mm.models import inference_model_cfg
    hcl = inference_model_cfg(Config.fromfile(TINY).model)
    hcl.pop('data_preprocessor', None)
    cfg = Config(
        dict(
            model=dict(
                type='DetectThenInpaint',
                detector=dict(type='VCNetMPN', base_channels=8),
                inpainter=hcl.to_dict())))
    cfg.dump(path)
    return path


@pytest.mark.parametrize('kind', ['vcnet', 'pairing'])
def test_cli_runs_every_kind_of_blind_inpaintor(kind, tmp_path):
    config = (
        osp.join(REPO, 'configs', 'vcnet', 'vcnet_tiny_cpu.py')
        if kind == 'vcnet' else _pairing_config(str(tmp_path / 'pairing.py')))
    src = str(tmp_path / 'photo.png')
    cv2.imwrite(src, random_image(72, 100, seed=8))
    out = tmp_path / 'out'
    proc = subprocess.run([
        sys.executable, 'tools/infer.py', src,
        str(out), '--config', config, '--device', 'cpu', '--max-side', '128',
        '--tile', '128', '--grid'
    ],
                          cwd=REPO,
                          capture_output=True,
                          text=True,
                          timeout=600)
    assert proc.returncode == 0, (proc.stdout + proc.stderr)[-2000:]
    for suffix in ('_mask.png', '_p_corrupted.png', '_restored.png',
                   '_grid.png'):
        assert (out / f'photo{suffix}').is_file(), suffix
    restored = cv2.imread(str(out / 'photo_restored.png'))
    assert restored.shape == (72, 100, 3)


def test_inferencer_conventions(restorer, tmp_path):
    from mmagic.structures import DataSample

    from hcl_mm.registry import INFERENCERS
    assert INFERENCERS.get('BlindRestorer') is BlindRestorer
    src = str(tmp_path / 'photo.png')
    img = random_image(64, 96, seed=9)
    cv2.imwrite(src, img)
    res = restorer([src, str(tmp_path / 'missing.png')],
                   out_dir=str(tmp_path / 'vis_root'),
                   pred_out_dir=str(tmp_path / 'preds'))
    good, bad = res['predictions']
    assert 'error' in bad and 'missing.png' in bad['error']
    grid = res['visualization'][0]
    assert grid.shape == (64, 3 * 96 + 8, 3)
    assert res['visualization'][1] is None
    # white = corrupted in the grid's middle panel, as in the mask file
    assert np.array_equal(grid[:, 100:196, 0] == 255, good['corrupted'])
    assert (tmp_path / 'vis_root' / 'vis' / 'photo_grid.png').is_file()
    mask = cv2.imread(str(tmp_path / 'preds' / 'photo_mask.png'), 0)
    assert np.array_equal(mask == 255, good['corrupted'])
    assert not (tmp_path / 'preds' / 'missing_mask.png').exists()
    samples = restorer(src, return_datasamples=True)['predictions']
    out = samples[0].output
    assert isinstance(samples[0], DataSample)
    assert out.pred_img.shape == (3, 64, 96)
    assert torch.equal(out.pred_mask[0] == 0,
                       torch.from_numpy(good['corrupted']))
    assert torch.allclose(out.pred_p_clean[0],
                          torch.from_numpy(good['p_clean']))


def test_reduced_precision_keeps_masks_and_tiles_batch(tmp_path):
    from hcl_mm.utils import cpu_has_bf16
    img = random_image(200, 260, seed=10)[..., ::-1].copy()
    preds = {}
    for name, kw in dict(
            fp32=dict(precision='fp32', tile_batch=1),
            batched=dict(precision='fp32', tile_batch=4),
            bf16=dict(precision='bf16', tile_batch=2)).items():
        torch.manual_seed(0)
        r = BlindRestorer(
            TINY, device='cpu', max_side=128, tile=128, overlap=32, **kw)
        preds[name] = r.restore(img)[0]
    ref = preds['fp32']
    assert ref['corrupted'].any()  # the tiled path ran
    for name in ('batched', 'bf16'):
        # detection stays fp32: identical masks
        assert np.array_equal(preds[name]['p_clean'], ref['p_clean'])
        assert np.array_equal(preds[name]['corrupted'], ref['corrupted'])
    diff = np.abs(preds['batched']['restored'].astype(int) -
                  ref['restored']).max()
    assert diff <= 1  # batching tiles changes nothing but rounding
    hole = ref['corrupted']
    bf16 = np.abs(preds['bf16']['restored'][hole].astype(float) -
                  ref['restored'][hole]).mean()
    assert bf16 < 4  # reduced precision: close inside the region
    if cpu_has_bf16():
        assert r.model.test_cfg['precision'] == 'bf16'


def test_not_a_blind_inpaintor_is_refused():
    with pytest.raises(TypeError, match='not a blind inpaintor'):
        BlindRestorer(dict(model=dict(type='ClusterClassifier')), device='cpu')


def test_default_dilate_grows_detected_masks_only():
    img = random_image(64, 96, seed=4)[..., ::-1].copy()
    plain = small_restorer().restore(img)[0]
    t = float(np.quantile(plain['p_clean'], 0.2))  # a random model's mask
    plain = small_restorer().restore(img, threshold=t)[0]
    grower = small_restorer(dilate=2)
    grown = grower.restore(img, threshold=t)[0]
    assert plain['corrupted'].any() and not plain['corrupted'].all()
    # the restorer's growth applies to the detected mask, as dilate=2 would
    assert np.array_equal(grown['corrupted'], dilate(plain['corrupted'], 2))
    assert np.array_equal(
        grower.restore(img, threshold=t, dilate=0)[0]['corrupted'],
        plain['corrupted'])
    # a given mask is filled as given unless dilate is passed
    mask = np.zeros((64, 96), bool)
    mask[20:40, 30:60] = True
    assert np.array_equal(grower.restore(img, mask=mask)[0]['corrupted'], mask)
    asked = grower.restore(img, mask=mask, dilate=1)[0]['corrupted']
    assert asked.sum() > mask.sum()
    with pytest.raises(ValueError, match='dilate'):
        small_restorer(dilate=-1)
