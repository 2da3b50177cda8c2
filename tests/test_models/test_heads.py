# Copyright (c) hcl_mm contributors. All rights reserved.
import math

import pytest
import torch
import torch.nn.functional as F

from hcl_mm.models import HierarchicalContrastiveHead
from hcl_mm.models.heads import (BoundaryRefiner, QuadtreeInheritance, erode,
                                 hard_mine, select_confident, soft_assignment,
                                 spherical_two_means)
from hcl_mm.models.layers import crop_windows, guided_filter


def two_clusters(n=200, d=16, seed=0):
    g = torch.Generator().manual_seed(seed)
    a, b = F.normalize(torch.randn(2, d, generator=g), dim=1)
    labels = torch.rand(n, generator=g) < 0.3
    x = torch.where(labels[:, None], b, a) + 0.1 * torch.randn(
        n, d, generator=g)
    return F.normalize(x, dim=1), labels, a, b


def test_two_means_separates_synthetic_clusters():
    torch.manual_seed(0)
    x, labels, a, b = two_clusters()
    c = spherical_two_means(x[None], num_iters=10, num_restarts=3)[0]
    cos = c @ torch.stack([a, b]).T
    assert (cos.max(1).values > 0.97).all()
    assert cos[0].argmax() != cos[1].argmax()
    z = soft_assignment(x[None], c[None], 0.1)[0]
    pred = z < 0.5 if cos[0, 0] > cos[0, 1] else z >= 0.5
    assert (pred == labels).float().mean() > 0.99


def test_two_means_fits_only_weighted_samples_and_empty_gives_zero():
    torch.manual_seed(0)
    x, labels, a, b = two_clusters()
    outlier = F.normalize(torch.randn(50, 16), dim=1)
    xx = torch.cat([x, outlier])[None].repeat(2, 1, 1)
    w = torch.zeros(2, 250, dtype=torch.bool)
    w[0, :200] = True  # image 0: fit the two clusters, ignore outliers
    c = spherical_two_means(xx, w, num_iters=10)
    assert ((c[0] @ torch.stack([a, b]).T).max(1).values > 0.97).all()
    assert c[1].abs().max() == 0  # image 1: nothing to fit
    assert torch.allclose(
        soft_assignment(xx[1:], c[1:], 0.1), torch.full((1, 250), 0.5))


def test_select_confident_by_rank():
    z = torch.linspace(0, 1, 101)[None]  # 51 values >= 0.5, 50 below
    valid, corrupt = select_confident(z, 0.9)
    assert valid.sum() == math.floor(0.9 * 51)
    assert corrupt.sum() == math.floor(0.9 * 50)
    assert valid[0, -1] and not valid[0, 50]  # the least confident dropped
    assert corrupt[0, 0] and not corrupt[0, 49]
    v1, c1 = select_confident(z, 1.0)
    assert torch.equal(v1, z >= 0.5) and torch.equal(c1, z < 0.5)


def test_select_confident_ranks_within_the_region_only():
    z = torch.linspace(0, 1, 101)[None]
    region = torch.zeros_like(z, dtype=torch.bool)
    region[0, 30:80] = True  # 30 values >= 0.5 (50..79), 20 below
    valid, corrupt = select_confident(z, 0.9, region)
    assert not ((valid | corrupt) & ~region).any()
    assert valid.sum() == 27 and corrupt.sum() == 18
    # the least confident of each cluster *within the region* stay out
    assert valid[0, 53] and valid[0, 79] and not valid[0, 52]
    assert corrupt[0, 30] and corrupt[0, 47] and not corrupt[0, 48]
    # a full region is the plain ranking
    full = torch.ones_like(region)
    for a, b in zip(select_confident(z, 0.9, full), select_confident(z, 0.9)):
        assert torch.equal(a, b)


def test_erode_removes_inner_boundary_not_image_border():
    m = torch.zeros(1, 9, 9, dtype=torch.bool)
    m[0, 2:7, 2:7] = True
    assert erode(m)[0].sum() == 9
    m = torch.zeros(1, 6, 6, dtype=torch.bool)
    m[0, :3] = True  # touches the top border
    e = erode(m)[0]
    assert e[:2].all() and not e[2:].any()


def test_hard_mine_takes_both_ends_of_boundary_and_rest():
    n = 1000
    sel = torch.zeros(n, dtype=torch.bool)
    sel[:600] = True
    conf = torch.rand(n)
    edge = torch.zeros(n, dtype=torch.bool)
    edge[:100] = True
    idx = hard_mine(sel, conf, edge, 256, 128)
    assert idx.numel() == 256 and idx.unique().numel() == 256
    assert sel[idx].all()
    assert edge[idx].sum() == 100  # all 100 < 128 boundary pixels
    rest = torch.arange(100, 600)
    rest_conf = conf[rest]
    assert rest[rest_conf.argmin()] in idx and rest[rest_conf.argmax()] in idx
    small = torch.zeros(n, dtype=torch.bool)
    small[:10] = True
    assert hard_mine(small, conf, edge, 256, 128).numel() == 10


def synthetic_projs(gt, dims=16, noise=0.05, seed=0):
    """Embeddings where clean pixels point to e0 and corrupted ones to e1;
    at coarser stages a pixel mixes its patch (blurred boundaries)."""
    g = torch.Generator().manual_seed(seed)
    e = torch.eye(dims)[:2]
    projs = []
    for s in range(3):
        frac = F.avg_pool2d(gt, 2**s) if s else gt
        x = frac * e[0].view(1, -1, 1, 1) + (1 - frac) * e[1].view(1, -1, 1, 1)
        x = x + noise * torch.randn(x.shape, generator=g)
        projs.append(F.normalize(x, dim=1))
    return projs


def make_gt(b=2, size=64):
    gt = torch.ones(b, 1, size, size)
    gt[0, :, 8:56, 6:58] = 0  # corrupted region larger than the clean one
    if b > 1:
        gt[1, :, 20:35, 40:62] = 0
    return gt


def test_hierarchy_masks_polarity_and_quadtree():
    torch.manual_seed(0)
    head = HierarchicalContrastiveHead(
        in_channels=(8, 16, 32),
        proj_channels=16,
        classifier=dict(type='ClusterClassifier', in_channels=16))
    gt = make_gt()
    out = head.cluster(synthetic_projs(gt), gt)
    fine = out[0].pred_mask.float()
    assert set(fine.unique().tolist()) <= {0.0, 1.0}
    assert (fine == gt[:, 0]).float().mean() > 0.99  # 1 = uncorrupted
    for s in (0, 1):
        coarse = F.interpolate(
            out[s + 1].pred_mask[:, None].float(),
            scale_factor=2,
            mode='nearest')[:, 0]
        changed = coarse != out[s].pred_mask.float()
        # finer stages re-label only pixels left uncertain
        assert not (changed & ~out[s].uncertain).any()
        assert out[s].uncertain.float().mean() < 0.5
        # inherited pixels keep their accumulated confidence
        inherited = ~out[s].uncertain
        up_conf = F.interpolate(
            out[s + 1].p_clean[:, None], scale_factor=2, mode='nearest')[:, 0]
        assert torch.equal(out[s].p_clean[inherited], up_conf[inherited])
    # thresholding the accumulated confidence reproduces the mask
    assert torch.equal(out[0].p_clean >= 0.5, out[0].pred_mask)
    assert out[2].uncertain.all()  # coarsest stage: everything


def test_orientation_by_classifier_at_test_time():
    torch.manual_seed(0)
    head = HierarchicalContrastiveHead(
        in_channels=(8, 16, 32),
        proj_channels=16,
        classifier=dict(type='ClusterClassifier', in_channels=16))
    cls = head.classifier.cls
    with torch.no_grad():  # logit = relu(c) . e0: high for the clean centre
        cls[0].weight.copy_(torch.eye(16))
        cls[0].bias.zero_()
        cls[2].weight.copy_(torch.eye(16)[:1])
        cls[2].bias.zero_()
    gt = make_gt()
    out = head.cluster(synthetic_projs(gt), None)
    assert (out[0].pred_mask.float() == gt[:, 0]).float().mean() > 0.99
    # without a classifier, "larger cluster = clean" fails on image 0
    head.classifier = None
    out = head.cluster(synthetic_projs(gt), None)
    acc = (out[0].pred_mask.float() == gt[:, 0]).float().mean((1, 2))
    assert acc[0] < 0.1 and acc[1] > 0.99


#: a toy head's widths and sample counts
TOY_HEAD = dict(
    in_channels=(8, 16, 32),
    proj_channels=16,
    num_queries=64,
    num_references=64,
    classifier=dict(type='ClusterClassifier', in_channels=16))


def test_head_forward_and_loss():
    torch.manual_seed(0)
    head = HierarchicalContrastiveHead(**TOY_HEAD)
    feats = [
        torch.randn(2, 8 * 2**k, 64 // 2**k, 64 // 2**k) for k in range(3)
    ]
    gt = make_gt()
    out = head(None, feats, gt)
    assert [tuple(m.shape) for m in out['masks']] == [(2, 1, 64, 64),
                                                      (2, 1, 32, 32),
                                                      (2, 1, 16, 16)]
    losses = head.loss(out, gt)
    assert losses['loss_contrastive'].requires_grad
    assert losses['loss_contrastive'] > 0 and losses['loss_cls'] > 0
    assert {'contrastive_s1', 'contrastive_s2',
            'contrastive_s3'} <= set(losses)
    # stage_weights (fine to coarse) weight the stages' sum; the same
    # queries are drawn under the same seed
    torch.manual_seed(1)
    plain = head.loss(out, gt)
    head.stage_weights = (3., 1., 0.5)
    torch.manual_seed(1)
    weighted = head.loss(out, gt)['loss_contrastive']
    head.stage_weights = (1., 1., 1.)
    s1, s2, s3 = (plain[f'contrastive_s{k}'] for k in (1, 2, 3))
    torch.testing.assert_close(plain['loss_contrastive'].detach(),
                               s1 + s2 + s3)
    torch.testing.assert_close(weighted.detach(), 3 * s3 + s2 + 0.5 * s1)
    with pytest.raises(ValueError, match='stage_weights'):
        HierarchicalContrastiveHead(
            in_channels=(8, 16, 32), stage_weights=(1., 1.))
    losses['loss_contrastive'].backward()
    assert head.proj_heads[0][0].weight.grad.abs().sum() > 0
    assert head.fuse[1][0].weight.grad.abs().sum() > 0


def smooth_feats(gt, noise=0.1):
    """Features whose first channels carry the corruption (clean pixels at
    +1, corrupted at -1): smooth clusters, so few uncertain pixels."""
    torch.manual_seed(0)
    feats = []
    for k in range(3):
        frac = F.avg_pool2d(gt, 2**k) if k else gt
        f = noise * torch.randn(2, 8 * 2**k, 64 // 2**k, 64 // 2**k)
        f[:, :4] += 2 * frac - 1
        feats.append(f)
    return feats


@pytest.mark.parametrize('rank_scope', ['uncertain', 'map'])
def test_inference_embeds_only_uncertain_pixels_same_result(rank_scope):
    torch.manual_seed(0)
    head = HierarchicalContrastiveHead(
        in_channels=(8, 16, 32),
        proj_channels=16,
        rank_scope=rank_scope,
        classifier=dict(type='ClusterClassifier', in_channels=16)).eval()
    gt = make_gt()
    feats = smooth_feats(gt)
    calls = []
    hook = head.proj_heads[0].register_forward_hook(
        lambda m, i, o: calls.append(i[0].shape[2:].numel()))
    torch.manual_seed(1)
    sparse = head(None, feats)
    assert 'projs' not in sparse
    sparse = sparse['stages']
    if rank_scope == 'uncertain':
        assert calls and calls[-1] < 0.5 * 64 * 64  # not every pixel
    else:  # the released rule ranks the whole map: every pixel embedded
        assert calls == [64 * 64]
    hook.remove()
    torch.manual_seed(1)
    full = head.cluster(head.embed(feats))
    for s in range(3):
        assert torch.equal(sparse[s].pred_mask, full[s].pred_mask)
        assert torch.allclose(sparse[s].p_clean, full[s].p_clean, atol=1e-5)
        assert torch.equal(sparse[s].uncertain, full[s].uncertain)


def test_rank_scope_changes_only_the_finer_stages():
    gt = make_gt()
    feats = smooth_feats(gt, noise=0.5)
    out = {}
    for scope in ('map', 'uncertain'):
        torch.manual_seed(0)
        head = HierarchicalContrastiveHead(
            in_channels=(8, 16, 32),
            proj_channels=16,
            rank_scope=scope,
            classifier=dict(type='ClusterClassifier', in_channels=16))
        out[scope] = head.cluster(None, gt, feats=feats)
    m, u = out['map'], out['uncertain']
    # the coarsest stage is the same rule either way
    assert torch.equal(m[2].valid, u[2].valid)
    assert torch.equal(m[2].corrupt, u[2].corrupt)
    assert torch.allclose(m[2].p_clean, u[2].p_clean, atol=1e-6)
    # finer stages settle confident pixels only inside their region
    for s in (0, 1):
        assert not (m[s].valid & ~m[s].uncertain).any()
    assert any(not torch.equal(m[s].valid, u[s].valid) for s in (0, 1))
    with pytest.raises(ValueError, match='rank_scope'):
        HierarchicalContrastiveHead(rank_scope='region')


@pytest.mark.parametrize('kw', [
    dict(num_stages=1, confident_ratios=(1.0, )),
    dict(fuse=False),
    dict(hard_mining=False),
])
def test_ablation_switches(kw):
    head = HierarchicalContrastiveHead(
        in_channels=(8, 16, 32),
        proj_channels=16,
        num_queries=32,
        num_references=32,
        classifier=dict(type='ClusterClassifier', in_channels=16),
        **kw)
    feats = [
        torch.randn(1, 8 * 2**k, 64 // 2**k, 64 // 2**k) for k in range(3)
    ]
    gt = make_gt(1)
    out = head(None, feats, gt)
    assert len(out['masks']) == 3
    assert torch.isfinite(head.loss(out, gt)['loss_contrastive'])
    if kw.get('num_stages') == 1:
        assert len(head.proj_heads) == 1 and len(out['stages']) == 1
    if kw.get('fuse') is False:
        assert len(head.fuse) == 0


def test_cluster_classifier_learns_which_centre_is_clean():
    from hcl_mm.models import ClusterClassifier
    torch.manual_seed(0)
    clf = ClusterClassifier(16)
    clean = F.normalize(torch.randn(16), dim=0)
    opt = torch.optim.Adam(clf.parameters(), lr=1e-2)
    for _ in range(100):
        dirty = F.normalize(torch.randn(8, 16), dim=1)
        centers = torch.stack(
            [clean.expand(8, 16) + 0.05 * torch.randn(8, 16), dirty], 1)
        loss = clf.loss(clf(centers))
        opt.zero_grad()
        loss.backward()
        opt.step()
    assert loss.item() < 0.1
    test = torch.stack(
        [F.normalize(torch.randn(4, 16), dim=1),
         clean.expand(4, 16)], 1)
    assert (clf(test).argmax(1) == 1).all()


def test_inherited_confidence_kept_when_another_image_is_all_uncertain():
    """Image 0's coarsest stage is a checkerboard (erosion leaves no
    confident pixel, so its next stage re-labels the whole map: the
    ungathered path), image 1 clean-cut: image 1's inherited pixels must
    keep their confidence."""
    torch.manual_seed(0)
    head = HierarchicalContrastiveHead(
        in_channels=(8, 16, 32),
        proj_channels=16,
        classifier=dict(type='ClusterClassifier', in_channels=16))
    gt = make_gt()
    projs = synthetic_projs(gt)
    h, w = projs[2].shape[-2:]
    checker = ((torch.arange(h)[:, None] + torch.arange(w)) % 2).float()
    e = torch.eye(16)[:2]
    projs[2][0] = checker * e[0].view(-1, 1, 1) + (1 - checker) * e[1].view(
        -1, 1, 1)
    out = head.cluster(projs, gt)
    assert out[1].uncertain[0].all()  # the case under test
    for s in (0, 1):
        inherited = ~out[s].uncertain[1]
        up = F.interpolate(
            out[s + 1].p_clean[1:2, None], scale_factor=2, mode='nearest')[0,
                                                                           0]
        assert inherited.any()
        assert torch.equal(out[s].p_clean[1][inherited], up[inherited])


@pytest.mark.parametrize('restarts', [1, 3])
def test_principal_init_is_deterministic_and_separates(restarts):
    x, labels, a, b = two_clusters(seed=1)
    outs = []
    for seed in (0, 1):  # the global random state must not matter
        torch.manual_seed(seed)
        outs.append(
            spherical_two_means(x[None], num_iters=10, num_restarts=restarts))
    assert torch.equal(outs[0], outs[1])
    cos = outs[0][0] @ torch.stack([a, b]).T
    assert (cos.max(1).values > 0.97).all()
    assert cos[0].argmax() != cos[1].argmax()


def test_principal_restarts_do_not_depend_on_the_batch():
    """An image's centres with restarts are the same alone and batched
    behind other images (restart draws per image, not per batch)."""
    g = torch.Generator().manual_seed(0)
    x = F.normalize(torch.randn(3, 300, 8, generator=g), dim=-1)  # ambiguous
    fit = torch.rand(3, 300, generator=g) < 0.6
    both = spherical_two_means(x, fit, num_iters=3, num_restarts=4)
    for i in range(3):
        alone = spherical_two_means(
            x[i:i + 1], fit[i:i + 1], num_iters=3, num_restarts=4)
        assert torch.allclose(alone[0], both[i], atol=1e-6)
    # the restarts matter here: one start alone lands elsewhere
    one = spherical_two_means(x, fit, num_iters=3, num_restarts=1)
    assert not torch.allclose(one, both, atol=1e-3)


def test_kmeans_restarts_per_stage(monkeypatch):
    """An int is every stage's; a sequence (fine to coarse) gives each
    stage its own; too short a sequence is refused."""
    import hcl_mm.models.heads.hierarchical_contrastive_head as module
    calls = []

    def recording(x, weight, temperature, iters, restarts, **kw):
        calls.append(restarts)
        return spherical_two_means(x, weight, temperature, iters, restarts,
                                   **kw)

    monkeypatch.setattr(module, 'spherical_two_means', recording)
    gt = make_gt()
    for restarts, expected in ((2, [2, 2, 2]), ((1, 1, 8), [8, 1, 1])):
        calls.clear()
        head = HierarchicalContrastiveHead(
            **TOY_HEAD, kmeans_restarts=restarts)
        head.cluster(synthetic_projs(gt), gt)
        assert calls == expected  # coarse to fine
    with pytest.raises(ValueError, match='kmeans_restarts'):
        HierarchicalContrastiveHead(**TOY_HEAD, kmeans_restarts=(1, 8))


def test_random_init_differs_between_seeds_principal_does_not():
    """The released random initialisation lands on different local optima
    for ambiguous data (what made a second run's mask differ)."""
    g = torch.Generator().manual_seed(0)
    x = F.normalize(torch.randn(1, 400, 8, generator=g), dim=-1)  # no clusters
    rand = []
    for seed in range(6):
        torch.manual_seed(seed)
        rand.append(spherical_two_means(x, num_iters=3, init='random'))
    assert any(not torch.allclose(rand[0], r) for r in rand[1:])
    det = [spherical_two_means(x, num_iters=3) for _ in range(3)]
    assert all(torch.equal(det[0], d) for d in det[1:])
    with pytest.raises(ValueError, match='init'):
        spherical_two_means(x, init='kmeans++')


def test_principal_split_handles_identical_samples():
    from hcl_mm.models.heads.spherical_kmeans import principal_split
    x = F.normalize(torch.ones(1, 10, 4), dim=-1)
    c = principal_split(x, torch.ones(1, 10, dtype=torch.bool))
    assert torch.allclose(c[0, 0], x[0, 0])
    assert torch.allclose(c[0, 1], x[0, 0])


def test_head_masks_identical_across_global_seeds():
    torch.manual_seed(0)
    head = HierarchicalContrastiveHead(
        in_channels=(8, 16, 32),
        proj_channels=16,
        classifier=dict(type='ClusterClassifier', in_channels=16)).eval()
    feats = [
        torch.randn(2, 8 * 2**k, 64 // 2**k, 64 // 2**k) for k in range(3)
    ]
    outs = []
    for seed in (1, 2):
        torch.manual_seed(seed)
        with torch.no_grad():
            outs.append(head(None, feats)['confs'][0])
    assert torch.equal(outs[0], outs[1])


def test_quadtree_inheritance_settles_children_of_confident_pixels():
    tree = QuadtreeInheritance()
    uncertain = tree.descend(1, 2, 2, 'cpu')
    assert uncertain.all()  # the first stage sees every pixel
    conf = torch.tensor([[[0.9, 0.2], [0.6, 0.4]]])
    valid = torch.tensor([[[True, False], [False, False]]])
    corrupt = torch.tensor([[[False, True], [False, False]]])
    p_clean, pred = tree.settle(uncertain, conf, valid, corrupt)
    assert torch.equal(pred, conf >= 0.5)
    uncertain = tree.descend(1, 4, 4, 'cpu')
    # the children of the two confident pixels are settled
    assert not uncertain[0, :2].any() and uncertain[0, 2:].all()
    fine_conf = torch.full((1, 4, 4), 0.3)
    p_clean, pred = tree.settle(uncertain, fine_conf,
                                torch.zeros_like(uncertain),
                                torch.zeros_like(uncertain))
    # inherited: the coarse confidence and label; re-labelled: the new one
    assert torch.allclose(p_clean[0, :2, :2], torch.tensor(0.9))
    assert torch.allclose(p_clean[0, :2, 2:], torch.tensor(0.2))
    assert torch.allclose(p_clean[0, 2:], torch.tensor(0.3))
    assert pred[0, :2, :2].all() and not pred[0, :2, 2:].any()
    assert not pred[0, 2:].any()
    # nothing settled below: the bottom half stays uncertain further down
    assert tree.descend(1, 8, 8, 'cpu')[0, 4:].all()


def thin_strokes(b=2, size=64, seed=0):
    """Images with 2-px dark vertical strokes on noise (``img``), their
    ground truth (1 = clean) and a blurred, shifted P(clean) like the
    finest stage's blobs around thin strokes (``p_clean``)."""
    g = torch.Generator().manual_seed(seed)
    gt = torch.ones(b, 1, size, size)
    for i in range(b):
        for x in torch.randint(4, size - 6, (4, ), generator=g).tolist():
            gt[i, :, 8:size - 8, x:x + 2] = 0
    img = 0.3 * torch.rand(b, 3, size, size, generator=g) + 0.2
    img = torch.where(gt.bool(), img, torch.full_like(img, -0.9))
    p_clean = 1 - F.max_pool2d(1 - gt, 5, 1, 2)  # 2 px too thick each side
    return img, gt, p_clean.clamp(0.05, 0.95)


def fit_refiner(refiner, img, feat, p_clean, gt, steps=80):
    """Train ``refiner`` on one batch with Adam; its losses per step."""
    opt = torch.optim.Adam(refiner.parameters(), lr=3e-3)
    losses = []
    for _ in range(steps):
        loss = refiner.loss(refiner(img, feat, p_clean), gt)
        opt.zero_grad()
        loss.backward()
        opt.step()
        losses.append(float(loss.detach()))
    return losses


def test_boundary_refiner_starts_as_identity_and_learns_thin_strokes():
    torch.manual_seed(0)
    refiner = BoundaryRefiner(feat_channels=4, channels=8, dilations=(1, 2))
    img, gt, p_clean = thin_strokes()
    feat = torch.randn(2, 4, 64, 64)
    # zero-initialised output: the mask is the input's, even after an
    # MMEngine init; inside the band P(clean) is clamped to the vote
    refiner.init_weights()
    logits = refiner(img, feat, p_clean)
    assert torch.equal(logits < 0, p_clean < 0.5)
    band = refiner.edge_band(p_clean).bool()
    prior = torch.logit(p_clean)
    torch.testing.assert_close(
        logits,
        torch.where(band, prior.clamp(-2, 2), prior),
        atol=1e-5,
        rtol=0)
    with pytest.raises(ValueError, match='feature size'):
        refiner(img, feat, p_clean[..., :32, :32])
    # the image at another size is area-resized to the feature's
    assert refiner(F.interpolate(img, scale_factor=2), feat,
                   p_clean).shape == (2, 1, 64, 64)

    def iou(logits):  # corrupted-class IoU of the hard mask
        found, hole = logits < 0, gt < 0.5
        return float((found & hole).sum() / (found | hole).sum())

    before = iou(torch.logit(p_clean))
    losses = fit_refiner(refiner, img, feat, p_clean, gt)
    assert losses[-1] < 0.5 * losses[0]
    with torch.no_grad():
        after = iou(refiner(img, feat, p_clean))
    assert before < 0.5 and after > 0.9, (before, after)


def test_boundary_refiner_dice_term():
    refiner = BoundaryRefiner(feat_channels=4, dice_weight=2.)
    gt = make_gt()
    perfect = (gt * 2 - 1) * 20.  # logits of P(clean), nearly certain
    bce = F.binary_cross_entropy_with_logits(perfect, gt)
    torch.testing.assert_close(
        refiner.loss(perfect, gt), bce, atol=1e-4, rtol=0)
    # all called clean: the corrupted class's smoothed Dice is 1 / (n + 1)
    # for n hole pixels, its loss 1 - that (times 2)
    wrong = torch.full_like(gt, 20.)
    plain = BoundaryRefiner(feat_channels=4).loss(wrong, gt)
    holes = (1 - gt).flatten(1).sum(1)
    torch.testing.assert_close(
        refiner.loss(wrong, gt) - plain,
        2 * (1 - 1 / (holes + 1)).mean(),
        atol=1e-4,
        rtol=0)


def toy_heads(**extra):
    """A toy head and the same head (same initialisation) with the
    options ``extra``, both in eval mode, with :func:`make_gt`, its
    :func:`smooth_feats` and a random image in [-1, 1]."""
    torch.manual_seed(0)
    plain = HierarchicalContrastiveHead(**TOY_HEAD).eval()
    torch.manual_seed(0)
    head = HierarchicalContrastiveHead(**TOY_HEAD, **extra).eval()
    gt = make_gt()
    feats = smooth_feats(gt)
    img = torch.rand(2, 3, 64, 64) * 2 - 1
    return plain, head, gt, feats, img


def test_head_boundary_refiner_replaces_only_the_finest_maps():
    plain, head, gt, feats, img = toy_heads(
        boundary_refiner=dict(
            type='BoundaryRefiner', feat_channels=8, channels=8))
    torch.nn.init.normal_(head.boundary_refiner.out.weight, std=1.)
    ref, out = plain(img, feats), head(img, feats)
    # the clustering and the coarser maps are untouched
    for a, b in zip(ref['stages'], out['stages']):
        assert torch.equal(a.pred_mask, b.pred_mask)
    for k in (1, 2):
        assert torch.equal(ref['masks'][k], out['masks'][k])
    logits = out['boundary_logits']
    torch.testing.assert_close(out['confs'][0], logits.sigmoid())
    assert torch.equal(out['masks'][0], (out['confs'][0] >= 0.5).float())
    assert not torch.equal(out['masks'][0], ref['masks'][0])
    # training: its per-pixel loss joins the head's losses
    head.train()
    losses = head.loss(head(img, feats, gt), gt)
    assert {'loss_contrastive', 'loss_cls', 'loss_boundary'} <= set(losses)
    losses['loss_boundary'].backward()
    assert head.boundary_refiner.stem[0].weight.grad.abs().sum() > 0
    assert head.proj_heads[0][0].weight.grad is None  # feature detached


def test_head_boundary_windows_refine_crops_of_the_whole_detection():
    plain, head, gt, feats, img = toy_heads(
        guided_filter=dict(radius=2, eps=1e-3),
        boundary_refiner=dict(
            type='BoundaryRefiner', feat_channels=8, channels=8))
    torch.nn.init.normal_(head.boundary_refiner.out.weight, std=1.)
    whole = head(img, feats)
    torch.manual_seed(1)
    out = head(img, feats, boundary_windows=(16, 3))
    boxes = out['boundary_windows']
    assert boxes.shape == (6, 3) and out['boundary_logits'].shape == (6, 1, 16,
                                                                      16)
    # the windows' input is the whole detection's (guided-filtered) input
    torch.testing.assert_close(
        out['boundary_input'], crop_windows(whole['boundary_input'], boxes,
                                            16))
    # the finest maps stay the input's: the refiner ran on crops only
    torch.testing.assert_close(out['confs'][0], whole['boundary_input'])
    # the loss is taken against the same windows of the ground truth
    loss = head.boundary_loss(out, gt)['loss_boundary']
    gt_w = crop_windows(gt, boxes, 16)
    band = head.boundary_refiner.edge_band(out['boundary_input'])
    torch.testing.assert_close(
        loss, head.boundary_refiner.loss(out['boundary_logits'], gt_w, band))
    with pytest.raises(ValueError, match='needs a boundary_refiner'):
        plain(img, feats, boundary_windows=(16, 1))


def test_boundary_refiner_changes_only_the_band_around_the_mask_edges():
    torch.manual_seed(0)
    refiner = BoundaryRefiner(feat_channels=4, channels=8, band=2)
    p_clean = torch.full((1, 1, 16, 16), 0.9)
    p_clean[..., 4:12, 4:12] = 0.1  # an 8 x 8 hole
    band = refiner.edge_band(p_clean)[0, 0]
    # hand values: grown by 2, rows and cols 2-13; shrunk by 2, 6-9
    expected = torch.zeros(16, 16)
    expected[2:14, 2:14] = 1
    expected[6:10, 6:10] = 0
    assert torch.equal(band, expected)
    assert torch.equal(
        BoundaryRefiner(feat_channels=4, band=None).edge_band(p_clean),
        torch.ones_like(p_clean))
    torch.nn.init.normal_(refiner.out.weight, std=1.)
    torch.nn.init.normal_(refiner.out.bias, std=1.)
    logits = refiner(
        torch.rand(1, 3, 16, 16), torch.randn(1, 4, 16, 16), p_clean)
    inside = band.bool()
    torch.testing.assert_close(logits[0, 0][~inside],
                               torch.logit(p_clean)[0, 0][~inside])
    vote = torch.logit(p_clean).clamp(-2, 2)[0, 0]
    assert (logits[0, 0][inside] - vote[inside]).abs().min() > 0
    # the loss over a region equals the loss over those pixels alone
    gt = (p_clean > 0.5).float()
    region = band[None, None]
    full = F.binary_cross_entropy_with_logits(logits[..., inside], gt[...,
                                                                      inside])
    torch.testing.assert_close(refiner.loss(logits, gt, region), full)
    with pytest.raises(ValueError, match='band'):
        BoundaryRefiner(feat_channels=4, band=0)


def test_boundary_refiner_thin_radius_keeps_only_thin_parts_band():
    refiner = BoundaryRefiner(feat_channels=0, band=2, thin_radius=3)
    p_clean = torch.full((1, 1, 32, 40), 0.9)
    p_clean[..., 4:20, 4:20] = 0.1  # a 16 x 16 block: thick
    p_clean[..., 26:28, 4:36] = 0.1  # a 2-px stroke: thin
    band = refiner.edge_band(p_clean)[0, 0]
    whole = BoundaryRefiner(feat_channels=0, band=2).edge_band(p_clean)[0, 0]
    # hand values: the stroke's band (rows 24-29, cols 2-37) stays whole,
    # the block's band (rows 2-21) goes, opening keeps the block
    assert torch.equal(band[22:, :], whole[22:, :])
    assert band[:22].sum() == 0 and whole[:22].sum() > 0
    # and the refiner leaves the block's edges at the input's logit
    torch.nn.init.normal_(refiner.out.weight, std=1.)
    logits = refiner(torch.rand(1, 3, 32, 40), None, p_clean)
    torch.testing.assert_close(logits[0, 0, :22],
                               torch.logit(p_clean)[0, 0, :22])
    assert (logits[0, 0, 26:28] -
            torch.logit(p_clean)[0, 0, 26:28]).abs().max() > 0
    for bad in (dict(band=None, thin_radius=3), dict(thin_radius=0)):
        with pytest.raises(ValueError, match='thin_radius'):
            BoundaryRefiner(feat_channels=0, **bad)


def test_boundary_refiner_without_feature_learns_from_image_alone():
    torch.manual_seed(0)
    refiner = BoundaryRefiner(feat_channels=0, channels=8, dilations=(1, 2))
    assert refiner.stem[0].in_channels == 3 + 1  # image and the vote
    img, gt, p_clean = thin_strokes()
    # the feature is not read: None or any tensor give the same logits
    logits = refiner(img, None, p_clean)
    torch.testing.assert_close(
        logits, refiner(img, torch.randn(2, 5, 16, 16), p_clean))
    assert torch.equal(logits < 0, p_clean < 0.5)
    losses = fit_refiner(refiner, img, None, p_clean, gt)
    assert losses[-1] < 0.5 * losses[0]
    # the strokes are read from the image: with another image the same
    # P(clean) gives other logits
    trained = refiner(img, None, p_clean)
    assert not torch.allclose(trained, refiner(img.flip(-1), None, p_clean))
    with pytest.raises(ValueError, match='feat_channels'):
        BoundaryRefiner(feat_channels=-1)


def test_boundary_refiner_colour_stats_read_each_side_of_the_edge():
    refiner = BoundaryRefiner(feat_channels=4, stats_radius=1)
    img = torch.zeros(1, 3, 8, 8)
    img[..., :, 4:] = 1.  # right half white
    img[..., 0, 3] = 0.5  # one grey pixel left of the edge
    p_clean = torch.ones(1, 1, 8, 8)
    p_clean[..., :, 4:] = 0.  # the mask calls the white half corrupted
    st = refiner.colour_stats(img, p_clean)[0]
    assert st.shape == (8, 8, 8)
    # at (4, 3), left of the edge: corrupted neighbours white (+1 away),
    # clean ones black (its own colour)
    torch.testing.assert_close(st[:, 4, 3],
                               torch.tensor([1., 1., 1., 0., 0., 0., 1., 0.]))
    # at (1, 3): its clean window holds the grey pixel: (0.5 + 0 * 5) / 6
    torch.testing.assert_close(st[3:6, 1, 3], torch.full((3, ), 0.5 / 6))
    # far from the edge the corrupted side is absent: "far" (2 per channel)
    torch.testing.assert_close(st[:3, 4, 0], torch.full((3, ), 2.))
    torch.testing.assert_close(st[6, 4, 0], torch.tensor(2.))
    refiner = BoundaryRefiner(feat_channels=4, channels=8, stats_radius=1)
    assert refiner.stem[0].in_channels == 3 + 1 + 4 + 8
    assert refiner(img, torch.randn(1, 4, 8, 8), p_clean).shape == (1, 1, 8, 8)


def test_head_guided_filter_filters_only_the_finest_p_clean():
    plain, head, _, feats, img = toy_heads(
        guided_filter=dict(radius=2, eps=1e-3))
    ref, out = plain(img, feats), head(img, feats)
    expected = guided_filter((img + 1) / 2, ref['confs'][0], 2,
                             1e-3).clamp(0, 1)
    torch.testing.assert_close(out['confs'][0], expected)
    assert torch.equal(out['masks'][0], (expected >= 0.5).float())
    for k in (1, 2):
        assert torch.equal(out['masks'][k], ref['masks'][k])
    with pytest.raises(ValueError, match='radius and eps'):
        HierarchicalContrastiveHead(**TOY_HEAD, guided_filter=dict(radius=2))


def test_head_refiner_re_decides_the_guided_filters_output():
    plain, head, gt, feats, img = toy_heads(
        guided_filter=dict(radius=2, eps=1e-3),
        boundary_refiner=dict(
            type='BoundaryRefiner', feat_channels=8, channels=8))
    ref = plain(img, feats)
    filtered = guided_filter((img + 1) / 2, ref['confs'][0], 2,
                             1e-3).clamp(0, 1)
    out = head(img, feats)  # output conv at zero: the band only clamped
    torch.testing.assert_close(out['boundary_input'], filtered)
    torch.testing.assert_close(out['boundary_logits'],
                               head.boundary_refiner(img, feats[0], filtered))
    assert torch.equal(out['masks'][0], (filtered >= 0.5).float())
    # its loss is taken in the band around the filtered mask's edges
    head.train()
    det = head(img, feats, gt)
    band = head.boundary_refiner.edge_band(det['boundary_input'])
    torch.testing.assert_close(
        head.boundary_loss(det, gt)['loss_boundary'],
        head.boundary_refiner.loss(det['boundary_logits'], gt, band))
