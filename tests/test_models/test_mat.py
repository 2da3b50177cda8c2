# Copyright (c) hcl_mm contributors. All rights reserved.
"""MAT (the paper's Table 2 inpainter): mask-aware attention, the two-stage
generator, style noise, the critic, R1, and training."""
import pytest
import torch
from helpers import corrupted_batch
from mmengine.optim import OptimWrapper, OptimWrapperDict

from hcl_mm.models import (AdjustedTransformerBlock, MATCritic, MATGenerator,
                           R1Penalty)
from hcl_mm.registry import MODELS

# 64 x 64 inputs: windows 2 at strides 8/16/32, three halvings in stage 2
TINY_GEN = dict(
    type='MATGenerator',
    embed_dims=16,
    depths=(1, 2, 1, 2, 1),
    num_heads=2,
    window_sizes=(2, 2, 2, 2, 2),
    style_dims=16,
    noise_dims=16,
    mapping_layers=2,
    stage2_channels=(8, 16, 16, 16))


def tiny_mat_cfg(**kwargs) -> dict:
    cfg = dict(
        type='MATInpaintor',
        generator=TINY_GEN,
        critic=dict(
            type='MATCritic', in_size=64, channels=(8, 16, 16, 16, 16)),
        loss_gan=dict(type='mmagic.GANLoss', gan_type='vanilla'),
        loss_gp=dict(type='R1Penalty', loss_weight=5.),
        loss_rec=dict(type='mmagic.L1Loss', loss_weight=1.))
    cfg.update(kwargs)
    return cfg


def test_contextual_attention_ignores_invalid_tokens_and_updates_mask():
    torch.manual_seed(0)
    block = AdjustedTransformerBlock(8, 2, window_size=4).eval()
    x = torch.randn(1, 8, 8, 8)
    mask = torch.zeros(1, 8, 8, 1)
    mask[0, 1, 1] = 1  # one valid token in the top-left window
    y, new_mask = block(x, mask)
    # a window with one valid token becomes valid, the others stay invalid
    assert new_mask[0, :4, :4].eq(1).all()
    assert new_mask.sum() == 16
    # the valid token's output does not depend on the invalid tokens
    x2 = x.clone()
    x2[0, 2:4, 2:4] += 5.
    y2, _ = block(x2, mask)
    assert torch.allclose(y[0, 1, 1], y2[0, 1, 1], atol=1e-5)
    # without the mask it would
    y3, _ = block(x2, torch.ones_like(mask))
    y4, _ = block(x, torch.ones_like(mask))
    assert not torch.allclose(y3[0, 1, 1], y4[0, 1, 1], atol=1e-3)


def test_generator_ignores_hole_content_and_checks_sizes():
    torch.manual_seed(0)
    gen = MODELS.build(TINY_GEN).eval()
    assert gen.size_divisor == 64
    img = torch.rand(2, 3, 64, 128) * 2 - 1
    mask = torch.ones(2, 1, 64, 128)
    mask[..., 16:48, 20:90] = 0
    z = torch.randn(2, 16)
    torch.manual_seed(1)
    fine, coarse = gen(img, mask, z)
    assert fine.shape == coarse.shape == (2, 3, 64, 128)
    other = torch.where(mask.bool(), img, torch.rand_like(img))
    torch.manual_seed(1)  # the same noise injections
    fine2, coarse2 = gen(other, mask, z)
    assert torch.allclose(fine, fine2, atol=1e-5)
    assert torch.allclose(coarse, coarse2, atol=1e-5)
    with pytest.raises(ValueError, match='multiples of 64'):
        gen(img[..., :48], mask[..., :48])
    with pytest.raises(ValueError, match='five body stages'):
        MATGenerator(depths=(1, 1, 1))


def test_style_noise_changes_the_fill_and_inference_is_seeded():
    torch.manual_seed(0)
    model = MODELS.build(tiny_mat_cfg()).eval()
    img = torch.rand(1, 3, 64, 64) * 2 - 1
    mask = torch.ones(1, 1, 64, 64)
    mask[..., 10:40, 10:50] = 0
    state = torch.get_rng_state()
    a = model.inpaint(img, mask)
    b = model.inpaint(img, mask)
    assert torch.equal(a, b)  # same input, same fill
    assert torch.equal(torch.get_rng_state(), state)  # caller's stream kept
    c, _ = model.sample(img, mask, seed=1)
    assert not torch.allclose(a, c, atol=1e-4)  # another style
    with pytest.raises(NotImplementedError, match='DetectThenInpaint'):
        model.detect(img)


def test_critic_scores_image_and_mask():
    critic = MATCritic(in_size=32, channels=(8, 16, 16, 16))
    img, mask = torch.randn(2, 3, 32, 32), torch.ones(2, 1, 32, 32)
    assert critic(img, mask).shape == (2, 1)
    assert not torch.allclose(critic(img, mask), critic(img, 1 - mask))
    with pytest.raises(ValueError, match='32x32'):
        critic(torch.randn(2, 3, 64, 64), torch.ones(2, 1, 64, 64))
    with pytest.raises(ValueError, match='needs 4 widths'):
        MATCritic(in_size=32, channels=(8, 16))


def test_r1_penalty_known_value():
    w = torch.randn(1, 3, 4, 4)
    real = torch.randn(2, 3, 4, 4)
    critic = lambda x: (x * w).flatten(1).sum(1, keepdim=True)  # noqa: E731
    # gradient of a linear critic is w for every image
    expected = 5. * w.pow(2).sum()
    got = R1Penalty(loss_weight=5.)(critic, real, real + 1)
    assert torch.allclose(got, expected, rtol=1e-5)


def _optim(model, lr=2e-3):
    return OptimWrapperDict(
        **{
            name:
            OptimWrapper(
                torch.optim.Adam(
                    getattr(model, name).parameters(), lr, betas=(0., 0.99)))
            for name in ('generator', 'critic')
        })


def test_training_lowers_the_reconstruction_loss():
    torch.manual_seed(0)
    model = MODELS.build(tiny_mat_cfg()).train()
    ow = _optim(model)
    batch = corrupted_batch((64, 64), batch=2)
    logs = [model.train_step(batch, ow) for _ in range(12)]
    for key in ('loss_critic', 'loss_critic_gp', 'loss_adv_critic', 'loss_rec',
                'loss_rec_stage1', 'loss_generator'):
        assert key in logs[0]
    first = sum(log['loss_rec'] for log in logs[:3]) / 3
    last = sum(log['loss_rec'] for log in logs[-3:]) / 3
    assert last < 0.8 * first, (first, last)
    # validation fills the samples' ground-truth holes, composited
    model.test_cfg['composite'] = True
    out = model.eval().val_step(batch)[0]
    gt_mask = batch['data_samples'][0].mask.float()
    assert torch.equal(out.output.pred_mask.cpu(), (gt_mask > 0).float())
    assert out.output.pred_img.shape == (3, 64, 64)


def test_ground_truth_row_of_table_two():
    """DetectThenInpaint without a detector: MAT on the samples' masks."""
    torch.manual_seed(0)
    model = MODELS.build(
        dict(
            type='DetectThenInpaint',
            detector=None,
            inpainter=tiny_mat_cfg(
                critic=None, loss_gan=None, loss_gp=None,
                loss_rec=None))).eval()
    batch = corrupted_batch((64, 64), batch=1)
    out = model.val_step(batch)[0].output
    gt_mask = (batch['data_samples'][0].mask > 0).float()
    assert torch.equal(out.pred_mask.cpu(), gt_mask)
    # composited: the known pixels are the input's
    inputs = model.data_preprocessor(batch)['inputs']
    restored = model.predict_outputs(
        inputs,
        model.data_preprocessor(batch)['data_samples'])['restored']
    keep = gt_mask.bool().expand(3, -1, -1)
    assert torch.equal(restored[0][keep], inputs[0][keep])
    with pytest.raises(ValueError, match='ground-truth masks only'):
        model.blind_inpaint(inputs)
