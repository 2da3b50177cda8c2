# Copyright (c) hcl_mm contributors. All rights reserved.
import pytest
import torch

from hcl_mm.models.layers import (PartialConvAct, SwinBlock, TransformerLayer,
                                  crop_windows, guided_filter, random_windows,
                                  shifted_window_mask, window_partition,
                                  window_reverse)


def test_window_partition_round_trip_non_square():
    x = torch.randn(2, 16, 24, 5)
    w = window_partition(x, 8)
    assert w.shape == (2, 6, 64, 5)
    assert torch.equal(window_reverse(w, 8, 16, 24), x)


def test_shifted_window_mask_separates_regions():
    m = shifted_window_mask(16, 16, 8, 4, torch.device('cpu'))
    assert m.shape == (4, 64, 64)
    assert (m[0] == 0).all()  # the top-left window is one region
    assert set(m.unique().tolist()) == {-100.0, 0.0}
    assert torch.equal(m, m.transpose(1, 2))


def test_mask_guided_attention_ignores_corrupted_keys():
    torch.manual_seed(0)
    block = SwinBlock(16, 2, 8, shift_size=0).eval()
    x = torch.randn(1, 8, 8, 16)
    mask = torch.ones(1, 8, 8, 1)
    mask[:, :4] = 0  # top half corrupted
    y1, new_mask = block(x, mask)
    x2 = x.clone()
    x2[:, :4] = torch.randn(1, 4, 8, 16) * 10  # change only corrupted tokens
    y2, _ = block(x2, mask)
    # clean queries attend to clean keys only (weights e^-100 elsewhere)
    assert torch.allclose(y1[:, 4:], y2[:, 4:], atol=1e-5)
    # the window held a valid token: MAT propagation validates all of it
    assert (new_mask == 1).all()
    # without the mask, the same change does reach the clean tokens
    y3, _ = block(x, None)
    y4, _ = block(x2, None)
    assert not torch.allclose(y3[:, 4:], y4[:, 4:], atol=1e-3)


def test_mask_stays_invalid_in_fully_corrupted_window():
    block = SwinBlock(8, 1, 8)
    mask = torch.ones(1, 16, 16, 1)
    mask[:, :8, :8] = 0
    _, new_mask = block(torch.randn(1, 16, 16, 8), mask)
    assert (new_mask[:, :8, :8] == 0).all() and (new_mask[:, 8:] == 1).all()


def test_partial_conv_known_values():
    pc = PartialConvAct(1)
    torch.nn.init.constant_(pc.conv.weight, 1.0)
    x = torch.ones(1, 1, 5, 5)
    mask = torch.zeros(1, 1, 5, 5)
    mask[..., 2, 2] = 1
    out, new_mask = pc(x, mask)
    # windows holding the single valid pixel: conv = 1, scaled by 9 / 1
    expect = torch.nn.functional.gelu(torch.tensor(9.0))
    assert torch.allclose(out[0, 0, 1:4, 1:4], expect.expand(3, 3))
    assert out[0, 0, 0].abs().max() == 0  # no valid pixel: zeroed
    assert new_mask.sum() == 9


def test_transformer_layer_residual_and_mask_requirement():
    layer = TransformerLayer(8, 2, 1, mask_guided=True)
    x = torch.randn(2, 8, 16, 24)
    y, m = layer(x, torch.ones(2, 1, 16, 24))
    assert y.shape == x.shape and m.shape == (2, 1, 16, 24)
    try:
        layer(x)
    except ValueError as e:
        assert 'needs a mask' in str(e)
    else:
        raise AssertionError('mask-guided layer ran without a mask')


def test_noise_residual_is_high_pass_and_fixed():
    from hcl_mm.models.layers import NoiseResidual
    layer = NoiseResidual(3)
    assert list(layer.parameters()) == [] and layer.out_channels == 9
    # constant and linear ramps have no residual (each kernel sums to zero
    # and is symmetric), replicate padding keeps the border clean too
    ramp = torch.linspace(0, 1, 32).expand(1, 3, 32, 32).contiguous()
    assert layer(torch.full((1, 3, 32, 32), 0.7)).abs().max() < 1e-6
    assert layer(ramp)[..., 2:-2, 2:-2].abs().max() < 1e-5
    # an impulse in channel 1 shows in residuals 3-5 only
    x = torch.zeros(1, 3, 16, 16)
    x[0, 1, 8, 8] = 1
    r = layer(x)
    assert r[0, 3:6].abs().amax() > 0
    assert r[0, :3].abs().amax() == 0 and r[0, 6:].abs().amax() == 0
    assert NoiseResidual(3, clip=0.1)(x).abs().max() <= 0.1
    with pytest.raises(ValueError, match='3 channels'):
        layer(torch.zeros(1, 1, 8, 8))


def test_detail_residual_starts_as_identity_and_sees_5x5():
    from hcl_mm.models.layers import DetailResidual
    torch.manual_seed(0)
    block = DetailResidual(4)
    feat, img = torch.randn(1, 4, 16, 16), torch.rand(1, 3, 16, 16)
    assert torch.equal(block(feat, img), feat)
    block(feat, img).square().sum().backward()
    assert block.out.weight.grad.abs().sum() > 0
    with torch.no_grad():
        block.out.weight.normal_()
        # an impulse in the image reaches 2 px (two 3x3 convs), not 3
        img2 = img.clone()
        img2[..., 8, 8] += 1
        d = (block(feat, img2) - block(feat, img)).abs().sum((0, 1))
    assert d[8, 10] > 0 and d[8, 11] == 0 and d[11, 8] == 0
    block.zero_output()
    assert torch.equal(block(feat, img), feat)
    with pytest.raises(ValueError, match='feature size'):
        block(feat, torch.rand(1, 3, 8, 8))
    with pytest.raises(ValueError, match='depth'):
        DetailResidual(4, depth=0)


def test_guided_filter_known_values_and_edge_snapping():
    torch.manual_seed(0)
    guide = torch.rand(2, 3, 24, 24)
    # a constant map stays constant; a map affine in the guide is
    # reproduced (each window's ridge fit is exact up to eps)
    const = torch.full((2, 1, 24, 24), 0.3)
    torch.testing.assert_close(guided_filter(guide, const, 2, 1e-3), const)
    affine = 0.2 + (guide * torch.tensor([0.5, -0.3, 0.1])[:, None, None]).sum(
        1, keepdim=True)
    torch.testing.assert_close(
        guided_filter(guide, affine, 2, 1e-8), affine, atol=1e-3, rtol=0)
    # a blurred step next to a sharp colour edge in the guide snaps onto it
    guide = torch.zeros(1, 3, 16, 16)
    guide[..., 8:] = 1.
    src = torch.ones(1, 1, 16, 16)
    src[..., 6:] = 0.  # the map's edge 2 px left of the guide's
    src[..., 6:8] = 0.4
    out = guided_filter(guide, src, 2, 1e-3)
    assert torch.equal(out[0, 0, 8] >= 0.5, torch.arange(16) < 8)
    assert not torch.equal(src[0, 0, 8] >= 0.5, torch.arange(16) < 8)
    with pytest.raises(ValueError, match='radius'):
        guided_filter(guide, src, 0, 1e-3)
    with pytest.raises(ValueError, match='size'):
        guided_filter(guide, src[..., :8], 2, 1e-3)


def test_random_windows_cut_the_same_place_at_two_resolutions():
    torch.manual_seed(0)
    boxes = random_windows(3, (16, 20), 8, per_sample=4)
    assert boxes.shape == (12, 3)
    assert boxes[:, 0].tolist() == [0] * 4 + [1] * 4 + [2] * 4
    assert (boxes[:, 1] <= 8).all() and (boxes[:, 2] <= 12).all()
    assert len({tuple(b) for b in boxes[:, 1:].tolist()}) > 1
    coarse = torch.arange(3 * 16 * 20.).view(3, 1, 16, 20)
    fine = coarse.repeat_interleave(2, -2).repeat_interleave(2, -1)
    a = crop_windows(coarse, boxes, 8)
    b = crop_windows(fine, boxes, 8, scale=2)
    assert a.shape == (12, 1, 8, 8) and b.shape == (12, 1, 16, 16)
    assert torch.equal(b[..., ::2, ::2], a)
    b5, top, left = boxes[5].tolist()
    assert a[5, 0, 0, 0] == coarse[b5, 0, top, left]
    with pytest.raises(ValueError, match='window must be'):
        random_windows(1, (16, 20), 17)
    with pytest.raises(ValueError, match='outside'):
        crop_windows(coarse, torch.tensor([[0, 10, 0]]), 8)
