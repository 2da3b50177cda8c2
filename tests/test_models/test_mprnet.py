# Copyright (c) hcl_mm contributors. All rights reserved.
"""MPRNet (the paper's Table 3 blind-restoration baseline): architecture and
its edge loss."""
import pytest
import torch

from hcl_mm.models import EdgeLoss, MPRNet
from hcl_mm.models.editors.mprnet.blocks import SAM

TINY = dict(channels=8, unet_extra=4, orsnet_extra=4, num_cab=1)


def test_three_stage_outputs_and_residual_form():
    torch.manual_seed(0)
    net = MPRNet(**TINY)
    x = torch.randn(2, 3, 32, 48)
    outs = net(x)
    assert [tuple(o.shape) for o in outs] == [(2, 3, 32, 48)] * 3
    # every stage predicts a residual: zero tail and SAM image convs give
    # the input back
    for m in (net.tail, net.sam12.to_img, net.sam23.to_img):
        torch.nn.init.zeros_(m.weight)
    for out in net(x):
        assert torch.allclose(out, x)
    with pytest.raises(ValueError, match='multiples of 8'):
        net(torch.randn(1, 3, 36, 48))


def test_stage_one_works_on_quarters():
    """A change in one quarter of the image leaves stage 1's output on the
    opposite quarter untouched (the quarters are encoded apart; the halves
    are decoded apart)."""
    torch.manual_seed(0)
    net = MPRNet(**TINY).eval()
    x = torch.randn(1, 3, 32, 32)
    y = x.clone()
    y[..., :16, :16] += 1  # top-left quarter
    with torch.no_grad():
        a, b = net(x)[2], net(y)[2]
    assert torch.equal(a[..., 16:, :], b[..., 16:, :])  # bottom half
    assert not torch.equal(a[..., :16, :], b[..., :16, :])


def test_sam_gates_features_with_its_image():
    sam = SAM(4)
    x, img = torch.randn(1, 4, 8, 8), torch.randn(1, 3, 8, 8)
    feats, restored = sam(x, img)
    assert feats.shape == x.shape and restored.shape == img.shape
    torch.nn.init.zeros_(sam.to_img.weight)
    assert torch.equal(sam(x, img)[1], img)


def test_parameter_count_of_the_papers_widths():
    # C = 80, +48 per U-Net level, +32 for ORSNet, 8 CABs per ORB
    n = sum(p.numel() for p in MPRNet().parameters())
    assert 15.5e6 < n < 16e6


def test_edge_loss_sees_edges_not_offsets():
    torch.manual_seed(0)
    loss = EdgeLoss(eps=1e-3)
    x = torch.rand(2, 3, 32, 32)
    same = loss(x, x)
    assert same == pytest.approx(1e-3, rel=1e-4)  # sqrt(0 + eps^2)
    shifted = loss(x, x + 0.2)  # a constant has no Laplacian
    noisy = loss(x, x + 0.2 * torch.randn_like(x))
    assert shifted < 0.02 < noisy
    # the Laplacian of a constant image is zero in the interior
    lap = loss.laplacian(torch.full((1, 1, 16, 16), 0.7))
    assert lap[..., 4:-4, 4:-4].abs().max() < 1e-6


def test_training_steps_reduce_the_loss():
    torch.manual_seed(0)
    net = MPRNet(**TINY)
    edge = EdgeLoss(loss_weight=0.05)
    clean = torch.rand(2, 3, 32, 32)
    corrupted = clean.clone()
    corrupted[..., 8:20, 8:20] = 1.0  # a white patch
    opt = torch.optim.Adam(net.parameters(), lr=2e-3)

    def total():
        outs = net(corrupted)
        return sum(
            torch.sqrt((o - clean)**2 + 1e-6).mean() + edge(o, clean)
            for o in outs)

    with torch.no_grad():
        first = float(total())
    for _ in range(30):
        opt.zero_grad()
        loss = total()
        loss.backward()
        opt.step()
    with torch.no_grad():
        assert float(total()) < 0.7 * first
