# Copyright (c) hcl_mm contributors. All rights reserved.
"""OpenMMLab backbones in HCL's encoder slot: the encoder contract
(tests/test_tools/test_backbone_configs.py trains each shipped config)."""
import pytest
import torch

from hcl_mm.models import BackboneAdapter


def test_contract_strides_widths_and_errors():
    enc = BackboneAdapter(
        backbone=dict(type='mmseg.ResNetV1c', depth=18, out_indices=(0, 1, 2)),
        in_channels=(64, 128, 256),
        embed_dims=8)
    feats = enc(torch.randn(2, 3, 64, 96))
    assert [tuple(f.shape) for f in feats] == [(2, 8, 64, 96), (2, 16, 32, 48),
                                               (2, 32, 16, 24)]
    assert enc.out_channels == (8, 16, 32) and enc.size_divisor == 32
    with pytest.raises(ValueError, match='multiples of 32'):
        enc(torch.randn(1, 3, 48, 64))
    wrong = BackboneAdapter(
        backbone=dict(type='mmseg.ResNetV1c', depth=18, out_indices=(1, 2, 3)),
        in_channels=(128, 256, 512),
        embed_dims=8)
    with pytest.raises(ValueError, match='stride 4'):
        wrong(torch.randn(1, 3, 64, 64))
    # the stem carries pixel detail to the finest scale
    x = torch.zeros(1, 3, 64, 64)
    y = x.clone()
    y[..., 10, 10] = 1
    enc.eval()
    with torch.no_grad():
        d = (enc(x)[0] - enc(y)[0]).abs().sum((0, 1))
    assert d[10, 10] > 0 and d[40, 40] == 0
