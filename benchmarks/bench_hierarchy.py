# Copyright (c) hcl_mm contributors. All rights reserved.
"""Efficiency of the hierarchy: 3-stage quadtree vs single-stage clustering.

With the same trained weights, detects the corrupted pixels of frozen-split
images at 512x512 three times: the three-stage hierarchy (K-means on all
pixels only at the coarsest scale, then on the uncertain pixels) with its
finer stages ranking their confident pixels among the uncertain ones only
(``rank_scope='uncertain'``: only those are embedded) and over the whole
map (``'map'``, as released: every pixel embedded and assigned), and
single-stage clustering of every pixel at the finest scale (the head with
``num_stages=1``; its projection head and fusion are the same weights).
Prints detection time (projection + clustering; the shared encoder timed
apart) and corrupted-class IoU, ending with a one-line summary::

    python benchmarks/bench_hierarchy.py \
        --checkpoint work_dirs/bench_generalization/hcl/iter_2000.pth \
        --split work_dirs/bench_generalization/splits/seen
"""
import argparse
import os.path as osp
import time

import numpy as np
import torch
import torch.nn.functional as F

REPO = osp.dirname(osp.dirname(osp.abspath(__file__)))


def load_model(config: str, checkpoint: str):
    from mmengine import Config
    from mmengine.runner import load_checkpoint

    from hcl_mm.models import inference_model_cfg
    from hcl_mm.registry import MODELS
    cfg = Config.fromfile(config)
    cfg.model = inference_model_cfg(cfg.model)
    model = MODELS.build(cfg.model).eval()
    if checkpoint:
        load_checkpoint(model, checkpoint, map_location='cpu', logger='silent')
    heads = {}
    for name, kw in (('3-stage, rank among uncertain',
                      dict(rank_scope='uncertain')),
                     ('3-stage, rank whole map (released)',
                      dict(rank_scope='map')),
                     ('single stage',
                      dict(num_stages=1, confident_ratios=(1.0, )))):
        heads[name] = MODELS.build(dict(cfg.model.mask_detector, **kw)).eval()
        missing = heads[name].load_state_dict(
            model.mask_detector.state_dict(), strict=False).missing_keys
        assert not missing, missing  # a subset of the same weights
    return model, heads


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument(
        '--config', default=osp.join(REPO, 'configs/hcl/hcl_tiny_cpu.py'))
    parser.add_argument(
        '--checkpoint',
        help='trained weights (random init '
        'without: timings only, IoU meaningless)')
    parser.add_argument(
        '--split',
        required=True,
        help='a frozen split (tools/make_test_split.py)')
    parser.add_argument('--size', type=int, default=512)
    parser.add_argument('--num', type=int, default=20)
    parser.add_argument('--threads', type=int, default=2)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    from hcl_mm.datasets import CorruptionSplitDataset
    from hcl_mm.evaluation import mask_scores
    from hcl_mm.utils import register_all_modules
    register_all_modules()
    model, heads = load_model(args.config, args.checkpoint)
    ds = CorruptionSplitDataset(
        data_root=args.split,
        pipeline=[
            dict(type='LoadImage'),
            dict(type='LoadImage', key='gt_path', out_key='gt_img'),
            dict(type='LoadMask', hole_is_white=False),
            dict(type='PackCorruptionInputs')
        ])
    rows = {name: [] for name in heads}
    enc_times = []
    n = min(args.num, len(ds))
    with torch.no_grad():
        for i in range(n):
            item = ds[i]
            img = model.data_preprocessor.normalize(
                item['inputs'][None].float())
            img = F.interpolate(
                img,
                size=(args.size, args.size),
                mode='bilinear',
                align_corners=False)
            gt = F.interpolate(
                item['data_samples'].mask[None].float(),
                size=(args.size, args.size),
                mode='nearest')[0, 0]
            t = time.perf_counter()
            feats = model.encoder(img)
            enc_times.append(time.perf_counter() - t)
            for name, head in heads.items():
                torch.manual_seed(i)
                t = time.perf_counter()
                out = head(img, feats)
                dt = time.perf_counter() - t
                conf = F.interpolate(
                    out['confs'][0].float(), size=gt.shape, mode='nearest')[0,
                                                                            0]
                s = mask_scores(conf, gt)
                rows[name].append((dt, s['corrupted_iou'], s['clean_iou']))
    print(f'{n} images of {args.split} at {args.size}x{args.size}, '
          f'{args.threads} threads; encoder (shared) '
          f'{np.median(enc_times):.3f} s/image; checkpoint '
          f'{args.checkpoint or "none (random init)"}')
    print('| detector | detection time (s, median) | corrupted IoU | '
          'clean IoU |')
    print('|---|---|---|---|')
    res = {}
    for name, vals in rows.items():
        v = np.array(vals)
        res[name] = (np.median(v[:, 0]), v[:, 1].mean(), v[:, 2].mean())
        print(f'| {name} | {res[name][0]:.3f} | {res[name][1]:.3f} | '
              f'{res[name][2]:.3f} |')
    h, m, s = res.values()
    print(f'summary: hierarchy {s[0] / h[0]:.1f}x faster than single-stage '
          f'clustering (target 3x), corrupted IoU {h[1]:.3f} vs {s[1]:.3f}; '
          f'released whole-map ranking {m[0] / h[0]:.1f}x the time of '
          f'ranking among uncertain pixels, corrupted IoU {m[1]:.3f} vs '
          f'{h[1]:.3f}')


if __name__ == '__main__':
    main()
