# Copyright (c) hcl_mm contributors. All rights reserved.
"""How to blend the model's fill with OpenCV Telea's (the ``'hybrid'``
inpainter, issue 11 item 6): a sweep of blend rules on ground-truth masks.

Fills every hole of the first ``--num`` images per frozen validation split
once with the model and once with Telea, then scores each rule
``alpha * model + (1 - alpha) * telea`` without running the model again:
constant weights, and the distance ramp of
:func:`hcl_mm.apis.classical_inpaint.hybrid_alpha` (weight 0 up to
``near`` px from the clean region, reaching ``top`` over ``ramp`` px).
PSNR over the region's pixels (per image, then mean), wide holes (pasted
content, constant colour, noise) and thin strokes (graffiti, text, logos)
apart; the best 15 rules by their worse margin over Telea::

    python benchmarks/bench_hybrid_weight.py --checkpoint CKPT --num 40

Choose on these images, confirm on others
(``bench_restoration.py --start 40``).
"""
import argparse
import itertools
import os.path as osp
import sys

import numpy as np

sys.path.insert(0, osp.dirname(osp.abspath(__file__)))
from bench_generalization import load_inpaintor, model_args  # noqa: E402
from bench_restoration import WIDE, samples  # noqa: E402


def region_psnr(pred: np.ndarray, gt: np.ndarray, hole: np.ndarray) -> float:
    d = (pred.astype(np.float32) - gt.astype(np.float32))[hole] / 255
    return float(10 * np.log10(1 / max(float((d**2).mean()), 1e-10)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    model_args(parser)
    parser.add_argument('--num', type=int, default=40)
    args = parser.parse_args()
    import torch

    from hcl_mm.apis import cv2_inpaint
    from hcl_mm.apis.classical_inpaint import hybrid_alpha
    from hcl_mm.utils import register_all_modules
    register_all_modules()
    model = load_inpaintor(args.config, args.checkpoint)
    fills = []
    for name, img, gt, hole in samples(args.splits, args.num):
        x = torch.from_numpy(img).permute(2, 0, 1)[None].float() / 127.5 - 1
        with torch.no_grad():
            out = model.inpaint(x, torch.from_numpy(~hole).float()[None, None])
        learned = ((out[0] + 1) * 127.5).clamp(0, 255).round().byte()
        fills.append((name, gt, hole, learned.permute(1, 2, 0).numpy(),
                      cv2_inpaint(img, hole, 'telea')))

    def score(alpha_of):
        groups = {True: [], False: []}
        for name, gt, hole, learned, telea in fills:
            a = alpha_of(hole)[..., None]
            out = np.clip(np.round(a * learned + (1 - a) * telea), 0, 255)
            groups[name in WIDE].append(region_psnr(out, gt, hole))
        return float(np.mean(groups[True])), float(np.mean(groups[False]))

    rules = {
        'model': lambda h: np.ones(h.shape, np.float32),
        'telea': lambda h: np.zeros(h.shape, np.float32),
    }
    for w in (0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9):
        rules[f'constant {w}'] = lambda h, w=w: hybrid_alpha(h, w)
    for near, ramp, top in itertools.product((0, 1, 2, 3, 4), (2, 6, 10, 16),
                                             (0.5, 0.6, 0.7, 0.8, 1.0)):
        rules[f'near {near} ramp {ramp} top {top}'] = \
            lambda h, n=near, r=ramp, t=top: hybrid_alpha(h, t, n, r)
    res = {name: score(rule) for name, rule in rules.items()}
    tw, tt = res['telea']
    print(f'{args.checkpoint}: first {args.num} images per split of '
          f'{args.splits}; PSNR over the region (dB), wide / strokes')
    print('| rule | wide | strokes |')
    print('|---|---|---|')
    for name in ['model', 'telea', 'near 2 ramp 6 top 1.0'] + sorted(
            res, key=lambda n: -min(res[n][0] - tw, res[n][1] - tt))[:15]:
        print(f'| {name} | {res[name][0]:.2f} | {res[name][1]:.2f} |')
    best = max(res, key=lambda n: min(res[n][0] - tw, res[n][1] - tt))
    print(f'summary: best {best} ({res[best][0]:.2f} / {res[best][1]:.2f} '
          f'dB; Telea {tw:.2f} / {tt:.2f}, model {res["model"][0]:.2f} / '
          f'{res["model"][1]:.2f})')


if __name__ == '__main__':
    main()
