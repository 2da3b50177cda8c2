# Copyright (c) hcl_mm contributors. All rights reserved.
"""Which inpainter fills a mask best: the model's decoder + refiner,
OpenCV's classical inpainting or their blend (issue 11, item 6).

Every method gets the same validation images and the same ground-truth
masks (the frozen splits of ``bench_generalization.py``: the validation
photos, 256 px, hole ratio 0.1-0.5, seed 3407), so only the filling is
compared. PSNR / SSIM / MAE are measured inside the corrupted region only
(per image, then mean), per pattern and per hole-ratio bin. Ends with a
summary line naming the best method on wide holes (pasted content,
constant colour, noise) and on thin strokes (graffiti, text, logos).
``hybrid:W`` blends the model's fill (weight W) with Telea's; ``--start``
skips the images a choice was tuned on::

    python benchmarks/bench_restoration.py --checkpoint CKPT \\
        --config configs/hcl/hcl_tiny_demo.py \
        --splits work_dirs/bench_generalization/splits

With ``--blind`` the masks are the model's own detections instead (what a
user gets from ``tools/infer.py``), grown by each ``--dilate`` value, and
the scores are taken inside the ground-truth region and over the whole
image (false detections cost there).
"""
import argparse
import os.path as osp
import sys
import time
from typing import Optional, Tuple

import numpy as np

REPO = osp.dirname(osp.dirname(osp.abspath(__file__)))
sys.path.insert(0, osp.dirname(osp.abspath(__file__)))
from bench_generalization import load_inpaintor  # noqa: E402
from bench_generalization import PATTERNS, model_args

WIDE = ('image content', 'constant colour', 'noise')
BINS = ((0.1, 0.2), (0.2, 0.3), (0.3, 0.5))


def samples(splits, num=None, start=0):
    """Every (pattern, RGB corrupted image, RGB clean image, bool hole) of
    the frozen splits, ``num`` per pattern (default all) from index
    ``start``."""
    from hcl_mm.datasets import CorruptionSplitDataset
    pipeline = [
        dict(type='LoadImage'),
        dict(type='LoadImage', key='gt_path', out_key='gt_img'),
        dict(type='LoadMask', hole_is_white=False),
    ]
    for pattern in PATTERNS:
        name = pattern.replace('seen: ', '')
        split = osp.join(splits, pattern.split(':')[0].replace(' ', '_'))
        ds = CorruptionSplitDataset(data_root=split, pipeline=pipeline)
        stop = len(ds) if num is None else min(start + num, len(ds))
        for i in range(start, stop):
            item = ds[i]
            hole = item['mask'] == 0
            if hole.any():
                yield (name, np.ascontiguousarray(item['img'][..., ::-1]),
                       np.ascontiguousarray(item['gt_img'][..., ::-1]), hole)


def hybrid_default(config: str, checkpoint: str) -> float:
    """The CLI's ``hybrid`` weight for these files: the model zoo's measured
    one when they are a zoo model's config and weights, else the default."""
    from hcl_mm.apis.classical_inpaint import DEFAULT_HYBRID_WEIGHT
    from hcl_mm.apis.model_zoo import (MODEL_ZOO, default_hybrid_weight,
                                       resolve_model)
    files = (osp.realpath(config), osp.realpath(checkpoint))
    for name in MODEL_ZOO:
        if tuple(map(osp.realpath, resolve_model(name))) == files:
            return default_hybrid_weight(name)
    return DEFAULT_HYBRID_WEIGHT


def parse_method(method: str,
                 default_weight: float) -> Tuple[str, Optional[float]]:
    """``'hybrid:W'`` -> ``('hybrid', W)``, ``'hybrid'`` -> ``('hybrid',
    default_weight)``, any other name -> ``(name, None)``."""
    inpainter, _, weight = method.partition(':')
    if inpainter != 'hybrid':
        return inpainter, None
    return inpainter, float(weight) if weight else default_weight


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    model_args(parser)
    parser.add_argument(
        '--methods',
        nargs='+',
        default=['model', 'hybrid', 'telea', 'ns'],
        help="model, hybrid (the CLI's: the zoo's measured weight for a zoo "
        "model's files, else 0.5), hybrid:W (the model's weight W), "
        'telea, ns')
    parser.add_argument(
        '--num',
        type=int,
        default=None,
        help='images per pattern (default: all)')
    parser.add_argument(
        '--start',
        type=int,
        default=0,
        help='first image index per pattern (e.g. past those a choice was '
        'tuned on)')
    parser.add_argument(
        '--blind',
        action='store_true',
        help='fill the detected masks (BlindRestorer)')
    parser.add_argument(
        '--dilate',
        type=int,
        nargs='+',
        default=[0],
        help='with --blind: mask growth(s) in pixels')
    args = parser.parse_args()
    import torch

    from hcl_mm.apis import cv2_inpaint
    from hcl_mm.apis.classical_inpaint import hybrid_fill
    from hcl_mm.evaluation.functional.image_scores import image_scores
    from hcl_mm.utils import register_all_modules
    register_all_modules()
    default_weight = hybrid_default(args.config, args.checkpoint)
    if args.blind:
        return blind(args, default_weight)
    model = None
    if any(m == 'model' or m.startswith('hybrid') for m in args.methods):
        model = load_inpaintor(args.config, args.checkpoint)
    rows, t0 = [], time.time()
    for name, img, gt, hole in samples(args.splits, args.num, args.start):
        learned = None
        if model is not None:
            x = torch.from_numpy(img).permute(2, 0,
                                              1)[None].float() / 127.5 - 1
            m = torch.from_numpy(~hole).float()[None, None]
            restored = model.inpaint(x, m)  # non-blind: the given mask
            learned = ((restored[0] + 1) * 127.5).clamp(
                0, 255).round().byte().permute(1, 2, 0).numpy()
        outs = {}
        for method in args.methods:
            inpainter, weight = parse_method(method, default_weight)
            if inpainter == 'model':
                outs[method] = learned
            elif inpainter == 'hybrid':
                outs[method] = hybrid_fill(img, learned, hole, weight)
            else:
                outs[method] = cv2_inpaint(img, hole, inpainter)
        region = torch.from_numpy(hole)
        target = torch.from_numpy(np.ascontiguousarray(gt)).permute(
            2, 0, 1).float() / 255
        for method, pred in outs.items():
            pred = torch.from_numpy(np.ascontiguousarray(pred)).permute(
                2, 0, 1).float() / 255
            rows.append(
                dict(
                    pattern=name,
                    method=method,
                    ratio=float(hole.mean()),
                    **image_scores(pred, target, region)))
    print(f'{args.checkpoint}: ground-truth masks of {args.splits}, scores '
          f'inside the region ({time.time() - t0:.0f} s)')
    print('| pattern | hole ratio | n | ' +
          ' | '.join(f'{m} PSNR / SSIM' for m in args.methods) + ' |')
    print('|---|---|---|' + '---|' * len(args.methods))

    def mean(sel, method, key):
        v = [r[key] for r in sel if r['method'] == method]
        return float(np.mean(v)) if v else float('nan')

    for pattern in PATTERNS:
        name = pattern.replace('seen: ', '')
        for lo, hi in BINS + ((0.0, 1.0), ):
            sel = [
                r for r in rows
                if r['pattern'] == name and lo <= r['ratio'] < hi
            ]
            if not sel:
                continue
            label = 'all' if (lo, hi) == (0.0, 1.0) else f'{lo}-{hi}'
            print(f'| {name} | {label} | {len(sel) // len(args.methods)} | ' +
                  ' | '.join(f'{mean(sel, m, "psnr"):.2f} / '
                             f'{mean(sel, m, "ssim"):.3f}'
                             for m in args.methods) + ' |')
    summary = []
    for group, pats in (('wide holes', WIDE),
                        ('thin strokes',
                         tuple(
                             p.replace('seen: ', '') for p in PATTERNS
                             if p.replace('seen: ', '') not in WIDE))):
        sel = [r for r in rows if r['pattern'] in pats]
        psnrs = {m: mean(sel, m, 'psnr') for m in args.methods}
        best = max(psnrs, key=psnrs.get)
        summary.append(f'{group}: best {best} (' +
                       ', '.join(f'{m} {v:.2f} dB'
                                 for m, v in psnrs.items()) + ')')
    print('summary: ' + '; '.join(summary))


def blind(args, default_weight: float) -> None:
    """Detected masks (grown by each ``--dilate``) filled by each method."""
    import torch

    from hcl_mm.apis import BlindRestorer
    from hcl_mm.evaluation.functional.image_scores import image_scores
    restorers = {}
    for m in args.methods:
        inpainter, weight = parse_method(m, default_weight)
        restorers[m] = BlindRestorer(
            args.config,
            args.checkpoint,
            device='cpu',
            inpainter=inpainter,
            hybrid_weight=weight)
    rows, t0 = [], time.time()
    for name, img, gt, hole_np in samples(args.splits, args.num, args.start):
        hole = torch.from_numpy(hole_np)
        target = torch.from_numpy(gt).permute(2, 0, 1).float() / 255
        for method, restorer in restorers.items():
            for d in args.dilate:
                pred = restorer.restore(img, dilate=d)[0]['restored']
                pred = torch.from_numpy(pred).permute(2, 0, 1).float() / 255
                rows.append(
                    dict(
                        pattern=name,
                        method=f'{method} d{d}',
                        region=image_scores(pred, target, hole)['psnr'],
                        whole=image_scores(pred, target)['psnr'],
                        input_region=image_scores(
                            torch.from_numpy(img).permute(2, 0, 1).float() /
                            255, target, hole)['psnr']))
    methods = [f'{m} d{d}' for m in args.methods for d in args.dilate]
    print(f'{args.checkpoint}: blind restoration (detected masks) of '
          f'{args.splits}; PSNR inside the ground-truth region / whole '
          f'image ({time.time() - t0:.0f} s)')
    print('| pattern | input | ' + ' | '.join(methods) + ' |')
    print('|---|---|' + '---|' * len(methods))
    for pattern in PATTERNS:
        name = pattern.replace('seen: ', '')
        sel = [r for r in rows if r['pattern'] == name]
        inp = np.mean([r['input_region'] for r in sel])
        cells = []
        for m in methods:
            s = [r for r in sel if r['method'] == m]
            cells.append(f"{np.mean([r['region'] for r in s]):.2f} / "
                         f"{np.mean([r['whole'] for r in s]):.2f}")
        print(f'| {name} | {inp:.2f} | ' + ' | '.join(cells) + ' |')
    means = {
        m: float(np.mean([r['region'] for r in rows if r['method'] == m]))
        for m in methods
    }
    best = max(means, key=means.get)
    print(f'summary: blind, best {best} (mean PSNR in region: ' +
          ', '.join(f'{m} {v:.2f} dB' for m, v in means.items()) + ')')


if __name__ == '__main__':
    main()
