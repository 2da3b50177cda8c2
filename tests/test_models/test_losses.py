# Copyright (c) hcl_mm contributors. All rights reserved.
import math

import pytest
import torch
import torch.nn.functional as F

from hcl_mm.models import (PatchCritic, PixelContrastiveLoss,
                           VGGPerceptualLoss, WGANGradientPenalty,
                           pixel_contrastive_loss, vgg19_layer_names)


def test_contrastive_loss_hand_computed():
    tau = 0.5
    q = torch.tensor([[[1., 0.], [0., 1.]]])
    lab = torch.tensor([[1, 0]])
    ok = torch.ones(1, 2, dtype=torch.bool)
    # each query: positive = itself (s=1), negative = the other (s=0)
    loss = pixel_contrastive_loss(q, lab, ok, temperature=tau)
    assert math.isclose(loss.item(), math.log(1 + math.exp(-2)), rel_tol=1e-6)
    # + a corrupted reference equal to q1: q1 gets negatives {0, 1},
    # q2 positives {1, 0}; both rows give log(2 + e^-2)
    r = torch.tensor([[[1., 0.]]])
    loss = pixel_contrastive_loss(q, lab, ok, r, torch.tensor([[0]]),
                                  torch.ones(1, 1, dtype=torch.bool), tau)
    assert math.isclose(loss.item(), math.log(2 + math.exp(-2)), rel_tol=1e-6)
    # padding rows/columns are ignored; the weight scales
    qp = torch.cat([q, torch.randn(1, 3, 2)], 1)
    okp = torch.tensor([[True, True, False, False, False]])
    labp = torch.tensor([[1, 0, 0, 1, 1]])
    mod = PixelContrastiveLoss(temperature=tau, loss_weight=0.1)
    assert math.isclose(
        mod(qp, labp, okp).item(),
        0.1 * math.log(1 + math.exp(-2)),
        rel_tol=1e-6)


def test_contrastive_loss_rows_without_negatives_count_zero():
    q = F.normalize(torch.randn(1, 4, 8), dim=-1)
    lab = torch.ones(1, 4, dtype=torch.long)
    assert pixel_contrastive_loss(q, lab, torch.ones(1, 4, dtype=bool)) == 0


def test_contrastive_loss_decreases_as_embeddings_separate():
    torch.manual_seed(0)
    lab = (torch.arange(64) % 2)[None]
    base = F.normalize(torch.randn(1, 64, 16), dim=-1)
    target = torch.zeros(1, 64, 16)
    target[..., 0] = lab * 2 - 1.
    values = []
    for t in (0.0, 0.3, 0.6, 0.9):
        emb = F.normalize((1 - t) * base + t * target, dim=-1)
        values.append(
            pixel_contrastive_loss(emb, lab, torch.ones(1, 64,
                                                        dtype=bool)).item())
    assert values == sorted(values, reverse=True) and values[-1] < 0.1


def test_contrastive_loss_optimises():
    torch.manual_seed(0)
    emb = torch.randn(2, 32, 8, requires_grad=True)
    lab = torch.randint(0, 2, (2, 32))
    opt = torch.optim.Adam([emb], lr=0.05)
    first = None
    for _ in range(50):
        loss = pixel_contrastive_loss(
            F.normalize(emb, dim=-1), lab, torch.ones(2, 32, dtype=bool))
        first = first if first is not None else loss.item()
        opt.zero_grad()
        loss.backward()
        opt.step()
    assert loss.item() < 0.2 * first


def test_vgg_layer_names_match_torchvision_indices():
    names = vgg19_layer_names()
    assert [
        names.index(n)
        for n in ('relu1_2', 'relu2_2', 'relu3_2', 'relu4_2', 'relu5_2')
    ] == [3, 8, 13, 22, 31]


def test_perceptual_loss_needs_weights(tmp_path):
    with pytest.raises(ValueError, match='pretrained'):
        VGGPerceptualLoss()
    missing = str(tmp_path / 'vgg19.pth')
    with pytest.raises(FileNotFoundError, match='vgg19.pth'):
        VGGPerceptualLoss(pretrained=missing)


def test_perceptual_loss_from_local_file_and_not_in_state_dict(tmp_path):
    torch.manual_seed(0)
    a = VGGPerceptualLoss(dict(relu1_2=1., relu2_2=1.), allow_random_init=True)
    path = str(tmp_path / 'vgg.pth')
    torch.save(
        {
            f'features.{i}.{k}': getattr(a.vgg, f'{k}{i}')
            for i in a.vgg._convs
            for k in ('weight', 'bias')
        }, path)
    b = VGGPerceptualLoss(dict(relu1_2=1., relu2_2=1.), pretrained=path)
    x, y = torch.rand(2, 1, 3, 32, 32) * 2 - 1
    assert torch.allclose(a(x, y), b(x, y))
    assert a(y, y) == 0 and a(x, y) > 0
    assert len(b.state_dict()) == 0  # frozen VGG never enters checkpoints


def test_gradient_penalty_of_linear_critic():

    class Linear(torch.nn.Module):

        def forward(self, x):  # gradient norm 2 per sample
            return 2 * x[:, 0, 0, 0]

    gp = WGANGradientPenalty(loss_weight=10.)
    real, fake = torch.rand(2, 3, 3, 8, 8)
    assert math.isclose(gp(Linear(), real, fake).item(), 10., rel_tol=1e-4)
    critic = PatchCritic(channels=(4, 4, 4, 4, 4))
    assert gp(critic, real, fake).item() >= 0


def test_gradient_penalty_differentiates_the_sum_of_a_score_map():
    from hcl_mm.models.losses import wgan_gradient_penalty as gradient_penalty

    class Conv1x1(torch.nn.Module):
        """A linear critic with a score map: D(x)[h, w] = w . x[:, h, w];
        the gradient of the map's sum is w at every pixel."""

        def __init__(self, w, mean=False):
            super().__init__()
            self.w, self.mean = w, mean

        def forward(self, x):
            scores = (x * self.w[None, :, None, None]).sum(1, keepdim=True)
            return scores.flatten(1).mean(1) if self.mean else scores

    w = torch.tensor([0.1, 0.2, 0.2])  # ||w|| = 0.3
    real, fake = torch.rand(2, 4, 3, 8, 8)
    # map (the release): per-sample norm sqrt(64) * 0.3 = 2.4 -> (2.4-1)^2
    assert math.isclose(
        gradient_penalty(Conv1x1(w), real, fake).item(), 1.4**2, rel_tol=1e-5)
    # per-image mean: the gradient shrinks by h * w = 64 -> (0.3/8 - 1)^2
    assert math.isclose(
        gradient_penalty(Conv1x1(w, mean=True), real, fake).item(),
        (0.3 / 8 - 1)**2,
        rel_tol=1e-5)
    # one interpolation coefficient per batch (the release) vs per sample
    seen = []

    def record(x):
        seen.append(x.detach())
        return Conv1x1(w)(x)

    torch.manual_seed(0)
    gradient_penalty(record, real, fake, per_sample=False)
    a = (seen[0] - fake) / (real - fake)
    assert torch.allclose(a, a.flatten()[0].expand_as(a), atol=1e-4)
    torch.manual_seed(0)
    gradient_penalty(record, real, fake, per_sample=True)
    a = ((seen[1] - fake) / (real - fake)).flatten(1)
    assert not torch.allclose(a[0], a[1])
    with pytest.raises(ValueError, match='interpolation'):
        WGANGradientPenalty(interpolation='pixel')


def test_patch_critic_outputs():
    x = torch.rand(2, 3, 64, 64)
    torch.manual_seed(0)
    as_map = PatchCritic(channels=(4, 4, 4, 4, 8))
    torch.manual_seed(0)
    as_mean = PatchCritic(channels=(4, 4, 4, 4, 8), output='mean')
    scores = as_map(x)
    assert scores.shape == (2, 8, 2, 2)
    assert torch.allclose(as_mean(x), scores.flatten(1).mean(1))
    with pytest.raises(ValueError, match='output'):
        PatchCritic(output='sum')


def test_focal_frequency_loss_hand_value_and_focus():
    from hcl_mm.models.losses import FocalFrequencyLoss, focal_frequency_loss
    target = torch.zeros(1, 1, 2, 2)
    pred = torch.zeros(1, 1, 2, 2)
    pred[..., 0, 0] = 1
    # a delta: every orthonormal frequency is 1/2, distance 1/4, weight 1
    assert torch.isclose(
        focal_frequency_loss(pred, target), torch.tensor(0.25))
    assert focal_frequency_loss(target, target) == 0
    img = torch.rand(2, 3, 16, 16)
    # the focus: a frequency with half the error counts for a quarter, so
    # the loss is below the unweighted spectral distance
    noisy = img + 0.1 * torch.randn_like(img)
    plain = focal_frequency_loss(noisy, img, alpha=0.)
    assert focal_frequency_loss(noisy, img) < plain
    loss = FocalFrequencyLoss(loss_weight=2.)
    assert torch.isclose(
        loss(noisy, img), 2 * focal_frequency_loss(noisy, img))
    x = torch.zeros(1, 3, 16, 16, requires_grad=True)
    opt = torch.optim.Adam([x], lr=0.05)
    first = None
    for _ in range(50):
        value = loss(x, img[:1])
        first = value.item() if first is None else first
        opt.zero_grad()
        value.backward()
        opt.step()
    assert value.item() < 0.2 * first


def test_ms_ssim_loss():
    from hcl_mm.models.losses import MSSSIMLoss
    loss = MSSSIMLoss()
    img = torch.rand(2, 3, 128, 128) * 2 - 1
    assert loss(img, img).abs() < 1e-5
    noisy = (img + 0.3 * torch.randn_like(img)).clamp(-1, 1)
    blurred = torch.nn.functional.avg_pool2d(img, 5, 1, 2)
    assert 0 < loss(noisy, img) <= 1 and 0 < loss(blurred, img) <= 1
    x = noisy.clone().requires_grad_(True)
    loss(x, img).backward()
    assert torch.isfinite(x.grad).all() and x.grad.abs().sum() > 0
