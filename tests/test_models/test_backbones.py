# Copyright (c) hcl_mm contributors. All rights reserved.
import pytest
import torch

from hcl_mm.models import (HCLEncoder, MaskGuidedDecoder, PatchCritic,
                           RefineUNet)


def n_params(m):
    return sum(p.numel() for p in m.parameters())


def test_parameter_counts_match_released_model():
    # docs/released_implementation.md §1, C = 64
    enc, dec = HCLEncoder(), MaskGuidedDecoder()
    assert n_params(enc) == 2_938_390
    assert n_params(dec.bottleneck) == 1_646_088
    assert n_params(dec) - n_params(dec.bottleneck) == 9_363_217
    assert n_params(RefineUNet()) == 61_564_995
    assert n_params(PatchCritic()) == 4_716_288
    extra = (
        n_params(HCLEncoder(num_conv_stages=1)) +
        n_params(MaskGuidedDecoder(num_conv_stages=1)) - n_params(enc) -
        n_params(dec))
    assert extra == 184_512


@pytest.mark.parametrize('size,conv,expect', [
    ((64, 64), 0, [(64, 64), (32, 32), (16, 16)]),
    ((64, 96), 0, [(64, 96), (32, 48), (16, 24)]),
    ((128, 128), 1, [(64, 64), (32, 32), (16, 16)]),
])
def test_encoder_scales(size, conv, expect):
    enc = HCLEncoder(embed_dims=8, depths=(1, 1, 1), num_conv_stages=conv)
    feats = enc(torch.randn(1, 3, *size))
    assert [tuple(f.shape[-2:]) for f in feats] == expect
    assert [f.shape[1] for f in feats] == [8, 16, 32]


def test_encoder_rejects_bad_size():
    enc = HCLEncoder(embed_dims=8, depths=(1, 1, 1))
    with pytest.raises(ValueError, match='multiples of 32'):
        enc(torch.randn(1, 3, 48, 64))


def test_decoder_and_refiner_shapes():
    enc = HCLEncoder(embed_dims=8, depths=(1, 1, 1), num_conv_stages=1)
    dec = MaskGuidedDecoder(embed_dims=8, depths=(1, 1, 1), num_conv_stages=1)
    img = torch.randn(2, 3, 128, 192)
    feats = enc(img)
    masks = [torch.ones(2, 1, *f.shape[-2:]) for f in feats]
    out = dec(feats, masks)
    assert out.shape == img.shape and out.abs().max() <= 1
    ref = RefineUNet(base_channels=4)(out, torch.ones(2, 1, 128, 192))
    assert ref.shape == img.shape
    # the released critic's output: its last map, 1/32 of the input
    score = PatchCritic(channels=(4, 4, 4, 4, 8))(ref)
    assert score.shape == (2, 8, 4, 6)
