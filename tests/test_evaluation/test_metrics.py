# Copyright (c) hcl_mm contributors. All rights reserved.
import math

import pytest
import torch

from hcl_mm.evaluation import (CorruptionMaskMetric, RestorationMetric,
                               bins_of, build_lpips, image_scores, mask_scores)


def test_mask_scores_hand_computed():
    gt = torch.tensor([[1., 1., 0., 0.], [1., 1., 1., 0.]])
    conf = torch.tensor([[0.9, 0.5, 0.2, 0.6], [0.8, 0.7, 0.4, 0.1]])
    s = mask_scores(conf, gt)
    # strict (> 0.5) clean prediction: [1 0 0 1 / 1 1 0 0]
    assert s['acc'] == pytest.approx(5 / 8)
    # clean: tp 3, fp 1, fn 2 -> F1 = 6 / 9
    assert s['clean_f1'] == pytest.approx(6 / 9)
    # IoU uses >= 0.5: clean pred [1 1 0 1 / 1 1 0 0]: tp 4, fp 1, fn 1
    assert s['clean_iou'] == pytest.approx(4 / 6)
    # corrupted (strict): pred [0 1 1 0 / 0 0 1 1], gt [0 0 1 1 / 0 0 0 1]
    assert s['corrupted_f1'] == pytest.approx(2 * 2 / (2 * 2 + 2 + 1))
    # corrupted (< 0.5): pred [0 0 1 0 / 0 0 1 1]: tp 2, fp 1, fn 1
    assert s['corrupted_iou'] == pytest.approx(2 / 4)
    expect = -sum(
        math.log(p if g else 1 - p) for p, g in zip(conf.flatten().tolist(),
                                                    gt.flatten().tolist())) / 8
    assert s['bce'] == pytest.approx(expect, rel=1e-6)


def test_mask_scores_absent_class_and_shape_error():
    s = mask_scores(torch.full((4, 4), 0.9), torch.ones(4, 4))
    assert s['corrupted_iou'] == 1.0 and s['corrupted_f1'] == 1.0
    assert s['clean_iou'] == 1.0 and s['acc'] == 1.0
    with pytest.raises(ValueError, match='shape'):
        mask_scores(torch.ones(2, 2), torch.ones(3, 3))


def test_mask_scores_match_torchmetrics():
    tm = pytest.importorskip('torchmetrics.functional.classification')
    g = torch.Generator().manual_seed(0)
    conf = torch.rand(32, 32, generator=g)
    gt = (torch.rand(32, 32, generator=g) > 0.3).float()
    s = mask_scores(conf, gt)
    assert s['acc'] == pytest.approx(
        tm.binary_accuracy(conf, gt.long()).item())
    assert s['clean_f1'] == pytest.approx(
        tm.binary_f1_score(conf, gt.long()).item())


def test_image_scores_hand_computed_and_torchmetrics():
    gt = torch.zeros(3, 16, 16)
    pred = torch.full((3, 16, 16), 0.1)
    s = image_scores(pred, gt)
    assert s['psnr'] == pytest.approx(20.0)  # 10 log10(1 / 0.01)
    assert s['mae'] == pytest.approx(0.1)
    assert image_scores(gt, gt)['ssim'] == pytest.approx(1.0)
    tmi = pytest.importorskip('torchmetrics.functional.image')
    g = torch.Generator().manual_seed(0)
    a = torch.rand(3, 40, 48, generator=g)
    b = (a + 0.1 * torch.randn(3, 40, 48, generator=g)).clamp(0, 1)
    s = image_scores(b, a)
    assert s['ssim'] == pytest.approx(
        tmi.structural_similarity_index_measure(
            b[None], a[None], data_range=1.0).item(),
        abs=1e-5)
    assert s['psnr'] == pytest.approx(
        tmi.peak_signal_noise_ratio(b, a, data_range=1.0).item(), abs=1e-4)


def test_bins():
    bins = ((0.0, 0.2), (0.2, 0.4), (0.4, 0.6), (0.0, 0.3), (0.3, 0.6))
    assert bins_of(0.1, bins) == ['0-20', '0-30']
    assert bins_of(0.2, bins) == ['20-40', '0-30']
    assert bins_of(0.6, bins) == ['40-60', '30-60']
    assert bins_of(0.7, bins) == []


def sample(conf_value, hole, size=8):
    mask = torch.ones(1, size, size, dtype=torch.uint8)
    mask[:, :hole] = 0
    conf = mask.float().clone()
    conf[:, :hole] = conf_value
    gt_img = torch.full((3, size, size), 100, dtype=torch.uint8)
    pred = gt_img.float().clone()
    pred[:, :hole] = 110.
    return dict(
        mask=mask,
        gt_img=gt_img,
        img_path='x.png',
        output=dict(
            pred_img=pred,
            pred_p_clean=conf,
            stage_p_clean=[conf[:, ::2, ::2], conf]))


def test_metrics_aggregate_per_image_and_per_bin():
    m = CorruptionMaskMetric(bins=((0.0, 0.3), (0.3, 0.6)))
    m.process(None, [sample(0.0, 1), sample(0.9, 4)])  # ratios 1/8, 4/8
    res = m.compute_metrics(m.results)
    # image 1 perfectly detected, image 2 missed entirely
    assert res['S2_corrupted_iou'] == pytest.approx(0.5)
    assert res['0-30/S2_corrupted_iou'] == pytest.approx(1.0)
    assert res['30-60/S2_corrupted_iou'] == pytest.approx(0.0)
    assert res['30-60/S2_acc'] == pytest.approx(0.5)
    assert 'S1_acc' in res
    r = RestorationMetric(bins=((0.0, 0.3), (0.3, 0.6)))
    r.process(None, [sample(0.0, 1), sample(0.9, 4)])
    res = r.compute_metrics(r.results)
    mse1 = (10 / 255)**2 / 8
    assert res['0-30/psnr'] == pytest.approx(10 * math.log10(1 / mse1))
    assert res['30-60/mae'] == pytest.approx(10 / 255 / 2)


def test_lpips_from_local_alexnet(tmp_path):
    import torchvision
    with pytest.raises(FileNotFoundError, match='alexnet'):
        build_lpips(str(tmp_path / 'alexnet.pth'))
    torch.manual_seed(0)
    path = str(tmp_path / 'alexnet.pth')
    torch.save(torchvision.models.alexnet().state_dict(), path)
    model = build_lpips(path)
    x = torch.rand(1, 3, 64, 64) * 2 - 1
    assert model(x, x).item() == pytest.approx(0, abs=1e-6)
    assert model(x, -x).item() > 0
    assert torch.equal(model.net.slice1[0].weight,
                       torch.load(path)['features.0.weight'])


def test_frechet_distance_of_1d_gaussians():
    from hcl_mm.evaluation import frechet_distance
    a = torch.tensor([[0.], [2.]]).numpy()  # mean 1, var 2 (unbiased)
    b = torch.tensor([[3.], [5.], [7.]]).numpy()  # mean 5, var 4
    expect = (1 - 5)**2 + 2 + 4 - 2 * math.sqrt(2 * 4)
    assert frechet_distance(a, b) == pytest.approx(expect, rel=1e-6)
    x = torch.randn(50, 4).numpy()
    assert frechet_distance(x, x) == pytest.approx(0, abs=1e-6)


def test_fid_metric_needs_local_weights_and_aggregates(tmp_path):
    from hcl_mm.evaluation import FIDMetric
    with pytest.raises(FileNotFoundError, match='inception'):
        FIDMetric(inception_weights=str(tmp_path / 'inception.pth'))
    seen = []

    def extractor(images):
        assert images.dtype == torch.uint8
        seen.append(images.shape)
        return images.float().mean((2, 3))  # a 3-d feature per image

    m = FIDMetric(extractor=extractor)
    m.process(None, [sample(0.0, 1), sample(0.9, 4), sample(0.5, 2)])
    fid = m.compute_metrics(m.results)['fid']
    assert fid > 0 and seen == [(3, 3, 8, 8)] * 2


def test_image_scores_inside_a_region():
    from hcl_mm.evaluation.functional.image_scores import image_scores
    target = torch.zeros(3, 16, 16)
    pred = target.clone()
    region = torch.zeros(16, 16, dtype=torch.bool)
    region[4:8, 4:8] = True
    pred[:, region] = 0.1  # error only inside
    pred[:, 12:, 12:] = 0.0
    inside = image_scores(pred, target, region)
    whole = image_scores(pred, target)
    assert inside['psnr'] == pytest.approx(20.0)  # mse 0.01 inside
    assert inside['mae'] == pytest.approx(0.1)
    assert whole['psnr'] == pytest.approx(20 + 10 * math.log10(16))
    assert inside['ssim'] < whole['ssim']
    with pytest.raises(ValueError, match='empty'):
        image_scores(pred, target, torch.zeros(16, 16, dtype=torch.bool))
    with pytest.raises(ValueError, match='region'):
        image_scores(pred, target, torch.ones(8, 8, dtype=torch.bool))
