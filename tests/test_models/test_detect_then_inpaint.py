# Copyright (c) hcl_mm contributors. All rights reserved.
"""Every detector x inpainter pairing builds and predicts on CPU."""
import pytest
import torch
from helpers import corrupted_batch, tiny_hcl_cfg
from test_mat import tiny_mat_cfg

from hcl_mm.models import inference_model_cfg, mmagic_inpainter_cfg
from hcl_mm.registry import MODELS

SEGMENTER = dict(
    type='EncoderDecoder',
    backbone=dict(
        type='VisionTransformer',
        img_size=(64, 64),
        interpolate_mode='bicubic',
        patch_size=16,
        embed_dims=32,
        num_layers=1,
        num_heads=2,
        final_norm=True,
        with_cls_token=True,
        norm_cfg=dict(type='LN', eps=1e-6)),
    decode_head=dict(
        type='SegmenterMaskTransformerHead',
        in_channels=32,
        channels=32,
        num_classes=2,
        num_layers=1,
        num_heads=2,
        embed_dims=32,
        dropout_ratio=0.0,
        loss_decode=dict(type='CrossEntropyLoss')))


def _detectors():
    hcl = tiny_hcl_cfg()
    return {
        'hcl':
        dict(
            type='HCLMaskDetector',
            encoder=hcl['encoder'],
            mask_detector=hcl['mask_detector']),
        'segmenter':
        dict(type='MMSegMaskDetector', segmentor=SEGMENTER),
        'vcnet':
        dict(type='VCNetMPN', base_channels=8),
    }


def _inpainters():
    out = {
        'hcl': inference_model_cfg(tiny_hcl_cfg()),
        'mat': inference_model_cfg(tiny_mat_cfg())
    }
    for name in ('deepfillv2', 'aot-gan', 'pconv', 'gl'):
        out[name] = mmagic_inpainter_cfg(name)
    return out


@pytest.mark.parametrize('det', ['hcl', 'segmenter', 'vcnet'])
@pytest.mark.parametrize(
    'inp', ['hcl', 'mat', 'deepfillv2', 'aot-gan', 'pconv', 'gl'])
def test_pairing_builds_and_predicts(det, inp):
    torch.manual_seed(0)
    model = MODELS.build(
        dict(
            type='DetectThenInpaint',
            detector=_detectors()[det],
            inpainter=_inpainters()[inp],
            dilate=1)).eval()
    # DeepFill v2's contextual attention needs >= 128 px, PConv's eight
    # stride-2 layers 256
    size = dict(deepfillv2=(128, 128), pconv=(256, 256)).get(inp, (64, 64))
    batch = corrupted_batch(size, batch=1)
    out = model.val_step(batch)[0].output
    assert out.pred_img.shape == (3, *size)
    assert out.pred_p_clean.shape == out.pred_mask.shape == (1, *size)
    assert set(out.pred_mask.unique().tolist()) <= {0., 1.}
    # composited: clean pixels are the input's, bit for bit
    inputs = model.data_preprocessor(batch)['inputs']
    res = model.blind_inpaint(inputs)
    keep = res['clean_mask'][0].bool().expand(3, -1, -1)
    assert torch.equal(res['restored'][0][keep], inputs[0][keep])
    assert res['restored'].abs().max() <= 1


def test_dilation_grows_the_hole_and_bad_parts_are_rejected():
    torch.manual_seed(0)
    cfg = dict(
        type='DetectThenInpaint',
        detector=_detectors()['vcnet'],
        inpainter=mmagic_inpainter_cfg('gl'))
    img = torch.rand(1, 3, 64, 64) * 2 - 1
    m0 = MODELS.build(dict(
        cfg, threshold=0.5)).eval().blind_inpaint(img)['clean_mask']
    m2 = MODELS.build(dict(cfg, dilate=2)).eval()
    m2.load_state_dict(MODELS.build(dict(cfg, threshold=0.5)).state_dict())
    torch.manual_seed(0)
    assert (1 - m2.blind_inpaint(img)['clean_mask']).sum() >= (1 - m0).sum()
    with pytest.raises(TypeError, match='not a mask detector'):
        MODELS.build(dict(cfg, detector=dict(type='ClusterClassifier')))
    with pytest.raises(FileNotFoundError, match='known names'):
        mmagic_inpainter_cfg('no-such-model')
