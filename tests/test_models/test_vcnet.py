# Copyright (c) hcl_mm contributors. All rights reserved.
import math

import pytest
import torch
from helpers import corrupted_batch, tiny_vcnet_cfg
from mmengine.optim import OptimWrapper, OptimWrapperDict

from hcl_mm.models import (AdaptiveClassBalancedBCELoss, VCNetGlobalCritic,
                           VCNetMPN, VCNetPatchCritic, VCNetRIN,
                           adaptive_class_balanced_bce, id_mrf)
from hcl_mm.models.layers import ProbabilisticContextNorm
from hcl_mm.registry import MODELS


def test_mpn_and_rin_shapes():
    torch.manual_seed(0)
    mpn = VCNetMPN(base_channels=8)
    img = torch.rand(2, 3, 64, 48) * 2 - 1
    out = mpn(img)
    assert out['conf'].shape == (2, 1, 64, 48)
    assert ((out['conf'] > 0) & (out['conf'] < 1)).all()
    assert out['bottleneck'].shape == (2, 16, 16, 12)  # 2C at 1/4
    rin = VCNetRIN(base_channels=4, bottleneck_channels=16)
    restored = rin(img, out['conf'], out['bottleneck'])
    assert restored.shape == img.shape and restored.abs().max() <= 1


def test_pcn_keeps_known_features_and_moves_hole_statistics():
    torch.manual_seed(0)
    pcn = ProbabilisticContextNorm(4)
    with torch.no_grad():  # beta = sigmoid(large) = 1: full transfer
        pcn.se[3].weight.zero_()
        pcn.se[3].bias.fill_(20.)
    x = torch.randn(2, 4, 8, 8)
    x[..., 4:] = 5 + 3 * x[..., 4:]  # hole with other statistics
    mask = torch.ones(2, 1, 8, 8)
    mask[..., 4:] = 0
    y = pcn(x, mask)
    assert torch.equal(y[..., :4], x[..., :4])  # known region untouched
    known, hole = x[..., :4], y[..., 4:]
    assert torch.allclose(hole.mean((2, 3)), known.mean((2, 3)), atol=1e-4)
    assert torch.allclose(
        hole.std((2, 3), unbiased=False),
        known.std((2, 3), unbiased=False),
        atol=1e-3)


def test_class_balanced_bce_hand_value():
    conf = torch.tensor([[[[0.9, 0.2], [0.6, 0.005]]]])
    target = torch.tensor([[[[1., 0.], [1., 1.]]]])  # hole fraction 1/4
    r = 0.25
    p = [0.9, 0.2, 0.6, 0.01]  # 0.005 clamped to 0.01
    expected = -(r * math.log(p[0]) + (1 - r) * math.log(1 - p[1]) +
                 r * math.log(p[2]) + r * math.log(p[3])) / 4
    got = adaptive_class_balanced_bce(conf, target)
    assert got.item() == pytest.approx(expected, rel=1e-6)
    loss = AdaptiveClassBalancedBCELoss(loss_weight=2.)
    assert loss(conf, target).item() == pytest.approx(2 * expected, rel=1e-6)


def test_id_mrf_zero_for_identical_features_positive_otherwise():
    torch.manual_seed(0)
    a = torch.randn(2, 8, 6, 6)
    assert id_mrf(a, a).item() < 1e-3
    b = torch.randn(2, 8, 6, 6)
    assert id_mrf(b, a).item() > 0.1
    # closer features, lower loss
    assert id_mrf(a + 0.1 * b, a) < id_mrf(a + 0.5 * b, a) < id_mrf(b, a)


def test_critics_scores_and_patch_weighting():
    torch.manual_seed(0)
    img = torch.rand(2, 3, 64, 64)
    g = VCNetGlobalCritic(channels=(8, 8, 16, 16, 16))
    assert g(img).shape == (2, )
    # eval: spectral norm runs no power iteration, weights stay fixed
    p = VCNetPatchCritic(channels=(8, 8, 16, 16, 16)).eval()
    scores = p.trunk(img).mean(1, keepdim=True)  # 2x2 patches
    mask = torch.ones(2, 1, 64, 64)
    mask[:, :, :32, :32] = 0  # hole in the top-left patch only
    assert torch.allclose(p(img, mask), scores[:, 0, 0, 0], atol=1e-6)
    assert torch.allclose(p(img), scores.flatten(1).mean(1), atol=1e-6)


def _optim(model, lr=1e-3):
    parts = dict(
        generator=[model.mpn, model.rin],
        critic=[model.global_critic, model.patch_critic])
    return OptimWrapperDict(
        **{
            k:
            OptimWrapper(
                torch.optim.Adam([q for m in ms for q in m.parameters()],
                                 lr=lr))
            for k, ms in parts.items()
        })


@pytest.mark.parametrize('stage', ['separate', 'joint'])
def test_train_step_both_stages(stage):
    torch.manual_seed(0)
    model = MODELS.build(tiny_vcnet_cfg(train_cfg=dict(stage=stage)))
    ow = _optim(model)
    before = [p.clone() for p in model.mpn.parameters()]
    log = model.train_step(corrupted_batch((64, 64)), ow)
    for key in ('loss_mask', 'loss_rec', 'loss_semantic', 'loss_mrf',
                'loss_adv_global', 'loss_adv_patch', 'loss_global_gp',
                'loss_patch_gp', 'loss_critic'):
        assert key in log and torch.isfinite(log[key]), key
    assert any(not torch.equal(a, b)
               for a, b in zip(before, model.mpn.parameters()))


def test_rin_sees_the_ground_truth_mask_only_in_the_separate_stage():
    torch.manual_seed(0)
    model = MODELS.build(tiny_vcnet_cfg())
    batch = model.data_preprocessor(corrupted_batch((64, 64)), True)
    _, gt_mask = model.data_preprocessor.stack_targets(batch['data_samples'])
    sep = model.generate(batch['inputs'], gt_mask, use_gt_mask=True)
    assert torch.equal(sep['mask'], gt_mask)
    joint = model.generate(batch['inputs'])
    assert torch.equal(joint['mask'], joint['conf'])


def test_mask_loss_goes_down_and_predict_fields():
    torch.manual_seed(0)
    model = MODELS.build(
        tiny_vcnet_cfg(loss_gan=None, global_critic=None, patch_critic=None))
    ow = OptimWrapperDict(
        generator=OptimWrapper(torch.optim.Adam(model.parameters(), lr=3e-3)))
    batch = corrupted_batch((64, 64))
    first = model.train_step(batch, ow)['loss_mask'].item()
    for _ in range(25):
        last = model.train_step(batch, ow)['loss_mask'].item()
    assert last < 0.7 * first
    out = model.eval().val_step(corrupted_batch((64, 64), batch=1))[0].output
    assert out.pred_img.shape == (3, 64, 64)
    assert torch.equal(out.pred_mask, (out.pred_p_clean >= 0.5).float())
    assert len(out.stage_masks) == 1 and len(out.stage_p_clean) == 1
    assert 0 <= out.pred_img.min() and out.pred_img.max() <= 255


def test_vcnet_configs_build():
    from conftest import REPO
    from mmengine import Config
    for name in ('vcnet_places_256_separate', 'vcnet_places_256_joint',
                 'vcnet_ffhq_256_separate', 'vcnet_imagenet_256_joint'):
        cfg = Config.fromfile(f'{REPO}/configs/vcnet/{name}.py')
        for k in ('loss_semantic', 'loss_mrf'):  # no VGG file in tests
            cfg.model[k].pop('pretrained')
            cfg.model[k]['allow_random_init'] = True
        model = MODELS.build(cfg.model)
        n = sum(p.numel() for p in model.mpn.parameters())
        assert n > 1e6, name


def test_semantic_and_mrf_losses_share_one_vgg(tmp_path):
    model = MODELS.build(tiny_vcnet_cfg())
    assert model.loss_mrf.vgg is model.loss_semantic.vgg
    # different weights files: two extractors
    weights = str(tmp_path / 'vgg_part.pth')
    torch.save(
        {
            'features.0.weight': torch.randn(64, 3, 3, 3),
            'features.0.bias': torch.zeros(64)
        }, weights)
    other = MODELS.build(
        tiny_vcnet_cfg(
            loss_mrf=dict(
                type='IDMRFLoss', loss_weight=1e-3, pretrained=weights)))
    assert other.loss_mrf.vgg is not other.loss_semantic.vgg
