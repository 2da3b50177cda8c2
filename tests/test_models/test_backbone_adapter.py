# Copyright (c) hcl_mm contributors. All rights reserved.
"""OpenMMLab backbones in HCL's encoder slot: the encoder contract
(tests/test_tools/test_backbone_configs.py trains each shipped config)."""
import pytest
import torch

from hcl_mm.models import BackboneAdapter

#: a small adapter: ResNet-18's first three stages at C = 8
RESNET18 = dict(
    backbone=dict(type='mmseg.ResNetV1c', depth=18, out_indices=(0, 1, 2)),
    in_channels=(64, 128, 256),
    embed_dims=8)


def load_plain(plain, extended, prefix):
    """Load ``plain``'s weights into ``extended`` (a zero-initialised
    addition under ``prefix``: its keys, and only they, missing), check
    that both compute the same features and return the input used."""
    missing, unexpected = extended.load_state_dict(
        plain.state_dict(), strict=False)
    assert unexpected == [] and missing and all(
        k.startswith(prefix) for k in missing)
    x = torch.rand(1, 3, 64, 64)
    with torch.no_grad():
        for a, b in zip(plain(x), extended(x)):
            torch.testing.assert_close(a, b)
    return x


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


def test_stem_depth_widens_the_full_resolution_view():
    """Depth 1 keeps the checkpoints' keys (``stem.0.conv.weight``); each
    further 3x3 conv widens what a finest-scale pixel sees by 2 px."""
    cfg = RESNET18
    assert 'stem.0.conv.weight' in BackboneAdapter(**cfg).state_dict()
    deep = BackboneAdapter(stem_depth=3, **cfg).eval()
    assert 'stem.0.2.conv.weight' in deep.state_dict()
    assert [tuple(f.shape)
            for f in deep(torch.randn(1, 3, 64, 64))] == [(1, 8, 64, 64),
                                                          (1, 16, 32, 32),
                                                          (1, 32, 16, 16)]
    # silence the backbone: what remains is the stem's receptive field
    for p in deep.lateral.parameters():
        torch.nn.init.zeros_(p)
    x = torch.zeros(1, 3, 64, 64)
    y = x.clone()
    y[..., 32, 32] = 1
    with torch.no_grad():
        d = (deep(x)[0] - deep(y)[0]).abs().sum((0, 1))
    assert d[32, 35] > 0 and d[32, 36] == 0  # 7x7 at depth 3
    with pytest.raises(ValueError, match='stem_depth'):
        BackboneAdapter(stem_depth=0, **cfg)


def test_noise_residual_branch_starts_as_a_no_op_and_trains():
    """Weights trained without the branch load into a model with it (its
    keys missing) and give the same features; the branch then gets
    gradients and changes all three scales."""
    cfg = RESNET18
    torch.manual_seed(0)
    plain = BackboneAdapter(**cfg).eval()
    noisy = BackboneAdapter(noise_residual=True, **cfg).eval()
    x = load_plain(plain, noisy, 'noise_branch.')
    noisy.train()
    sum(f.square().mean() for f in noisy(x)).backward()
    last = noisy.noise_branch[-1].weight
    assert last.grad is not None and last.grad.abs().sum() > 0
    with torch.no_grad():
        last.normal_()
        changed = [(a - b).abs().amax() > 0
                   for a, b in zip(plain(x),
                                   noisy.eval()(x))]
    assert changed == [True, True, True]
    with pytest.raises(ValueError, match='stem'):
        BackboneAdapter(noise_residual=True, stem=False, **cfg)


def test_detail_residual_changes_only_the_finest_scale():
    """Weights without the block load (its keys missing) and compute the
    same; once it trains only the finest feature changes (the quadtree's
    coarser stages, and so their masks, stay as they were)."""
    cfg = RESNET18
    torch.manual_seed(0)
    plain = BackboneAdapter(**cfg).eval()
    detailed = BackboneAdapter(detail_residual=True, **cfg)
    detailed.init_weights()  # MMEngine's init keeps the output at zero
    x = load_plain(plain, detailed.eval(), 'detail.')
    with torch.no_grad():
        detailed.detail.out.weight.normal_()
        changed = [(a - b).abs().amax() > 0
                   for a, b in zip(plain(x), detailed(x))]
    assert changed == [True, False, False]
