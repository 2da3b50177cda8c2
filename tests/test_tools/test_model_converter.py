# Copyright (c) hcl_mm contributors. All rights reserved.
"""tools/model_converters/hcl_official_to_mmengine.py on released layouts."""
import importlib.util
import os.path as osp
import re

import pytest
import torch
from conftest import REPO
from helpers import tiny_hcl_cfg
from mmengine import Config

from hcl_mm.models import inference_model_cfg
from hcl_mm.registry import MODELS

spec = importlib.util.spec_from_file_location(
    'hcl_official_to_mmengine',
    osp.join(REPO, 'tools', 'model_converters', 'hcl_official_to_mmengine.py'))
converter = importlib.util.module_from_spec(spec)
spec.loader.exec_module(converter)


def full_model(conv_stages=0, act_first=False):
    cfg = tiny_hcl_cfg(embed_dims=64, num_conv_stages=conv_stages)
    cfg['encoder']['conv_stage_act_first'] = act_first
    cfg['encoder']['depths'] = (6, 4, 2)
    cfg['mask_detector'].update(proj_channels=64)
    cfg['mask_detector']['classifier']['in_channels'] = 64
    cfg['refiner']['base_channels'] = 64
    cfg['critic']['channels'] = (64, 128, 128, 256, 512)
    return MODELS.build(cfg)


def released_checkpoint(model, old_spectral_norm=False):
    """A checkpoint in the released layout (docs/released_implementation.md
    §4), including the resolution-bound buffers the release saves."""
    sd = model.state_dict()
    parts = dict(encoder={}, project_heads={}, bottleneck={}, decoder={})
    ckpt = dict(refinenet={}, classifier={}, pdisc={}, step=150000)
    for k, v in sd.items():
        if k.startswith('encoder.'):
            parts['encoder'][k[8:]] = v
        elif k.startswith('mask_detector.classifier.'):
            ckpt['classifier'][k[len('mask_detector.classifier.'):]] = v
        elif k.startswith('mask_detector.'):
            parts['project_heads'][k[14:]] = v
        elif k.startswith('decoder.bottleneck.'):
            parts['bottleneck']['bottleneck.' + k[19:]] = v
        elif k.startswith('decoder.'):
            parts['decoder'][k[8:]] = v
        elif k.startswith('refiner.'):
            ckpt['refinenet'][k[8:]] = v
        elif k.startswith('critic.'):
            k = k[7:]
            if old_spectral_norm:
                k = (
                    k.replace('parametrizations.weight.original',
                              'weight_orig').replace(
                                  'parametrizations.weight.0._u',
                                  'weight_u').replace(
                                      'parametrizations.weight.0._v',
                                      'weight_v'))
            ckpt['pdisc'][k] = v
        else:
            raise AssertionError(f'unmapped hcl_mm key {k}')
    # buffers the release stores: every block's index, odd blocks' masks
    for part in ('encoder', 'bottleneck', 'decoder'):
        for k in list(parts[part]):
            m = re.match(r'(.*blocks\.(\d+))\.norm1\.weight$', k)
            if m:
                parts[part][m.group(1) + '.attn.relative_position_index'] = \
                    torch.zeros(64, 64, dtype=torch.long)
                if int(m.group(2)) % 2:
                    parts[part][m.group(1) + '.attn_mask'] = torch.zeros(
                        4, 64, 64)
    ckpt['inpaintnet'] = parts
    return ckpt


def test_released_layout_counts_and_zero_missing_keys():
    model = full_model()
    ckpt = released_checkpoint(model)
    # tensor counts measured on the released C = 64 model
    counts = {k: len(v) for k, v in ckpt['inpaintnet'].items()}
    assert counts == dict(
        encoder=186, project_heads=16, bottleneck=31, decoder=99)
    n_params = sum(v.numel() for k, v in model.state_dict().items()
                   if k.split('.')[0] in ('encoder', 'mask_detector',
                                          'decoder') and 'classifier' not in k)
    assert n_params == 14_063_055  # InpaintNet total

    state_dict, dropped = converter.convert(ckpt)
    # 20 blocks x relative_position_index + 10 shifted blocks x attn_mask
    assert len(dropped) == 30
    assert all(
        re.search(r'(attn_mask|relative_position_index)$', d) for d in dropped)
    target = full_model()
    result = target.load_state_dict(state_dict, strict=True)
    assert not result.missing_keys and not result.unexpected_keys
    for k, v in model.state_dict().items():
        assert torch.equal(target.state_dict()[k], v), k


def test_512_model_and_old_spectral_norm_layout():
    model = full_model(conv_stages=1)
    ckpt = released_checkpoint(model, old_spectral_norm=True)
    assert 'conv_down_blocks.0.0.weight' in ckpt['inpaintnet']['encoder']
    assert 'conv_up_blocks.0.0.1.weight' in ckpt['inpaintnet']['decoder']
    assert any(k.endswith('weight_orig') for k in ckpt['pdisc'])
    state_dict, _ = converter.convert(ckpt)
    result = full_model(conv_stages=1).load_state_dict(state_dict)
    assert not result.missing_keys and not result.unexpected_keys
    settings = converter.model_settings(state_dict, legacy_v=2)
    assert settings == dict(
        embed_dims=64,
        num_conv_stages=1,
        conv_stage_act_first=False,
        refiner_channels=64,
        upsample_mode='nearest')


def test_legacy_v3_conv_stage_layout_loads():
    """legacy_v = 3 puts the GELU before the 512 model's conv stage, whose
    weights the release then stores as ``conv_down_blocks.0.1``."""
    model = full_model(conv_stages=1, act_first=True)
    ckpt = released_checkpoint(model)
    assert 'conv_down_blocks.0.1.weight' in ckpt['inpaintnet']['encoder']
    state_dict, _ = converter.convert(ckpt)
    settings = converter.model_settings(state_dict, legacy_v=3)
    assert settings['conv_stage_act_first'] is True
    assert settings['upsample_mode'] == 'bilinear'
    target = full_model(conv_stages=1, act_first=True)
    result = target.load_state_dict(state_dict)
    assert not result.missing_keys and not result.unexpected_keys
    # the order matters: the same weights in the other layout differ
    x = torch.randn(1, 64, 32, 32)
    other = full_model(conv_stages=1).encoder.conv_down_blocks[0]
    other[0].load_state_dict(
        target.encoder.conv_down_blocks[0][1].state_dict())
    assert not torch.allclose(target.encoder.conv_down_blocks[0](x), other(x))


def test_cli_writes_mmengine_checkpoint(tmp_path):
    model = full_model()
    src = str(tmp_path / 'step150000.pt')
    torch.save(released_checkpoint(model), src)
    dst = str(tmp_path / 'out' / 'hcl.pth')
    converter.main([src, dst])
    out = torch.load(dst, weights_only=True)
    assert out['meta']['step'] == 150000 and out['meta']['embed_dims'] == 64
    result = full_model().load_state_dict(out['state_dict'])
    assert not result.missing_keys and not result.unexpected_keys
    # the config written beside the weights builds the model they fit
    cfg = Config.fromfile(str(tmp_path / 'out' / 'hcl.py'))
    assert cfg.load_from == dst
    assert cfg.model.encoder.embed_dims == 64
    assert cfg.model.refiner.upsample_mode == 'bilinear'
    built = MODELS.build(inference_model_cfg(cfg.model))
    result = built.load_state_dict(out['state_dict'], strict=False)
    assert not result.missing_keys
    with pytest.raises(SystemExit, match='overwrite'):
        converter.main([src, src])
    with pytest.raises(KeyError, match='inpaintnet'):
        converter.convert(dict(model={}))
