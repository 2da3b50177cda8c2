# Copyright (c) hcl_mm contributors. All rights reserved.
"""Score the shipped demo model on frozen validation splits, per pattern.

The numbers of the model card (docs/model_zoo.md). The splits are those of
``bench_generalization.py`` (validation photos of the shared collection,
256 px, hole ratio 0.1-0.5, seed 3407); run it once first, or pass
``--splits``. Ends with a one-line summary::

    python benchmarks/bench_demo_model.py \
        --checkpoint checkpoints/hcl_tiny_demo.pth \
        --splits work_dirs/bench_generalization/splits [--detection-only]

A second table splits the corrupted IoU by hole ratio (0.1-0.2, 0.2-0.3,
0.3-0.5 of the image).
"""
import argparse
import os.path as osp
import sys
import time
from typing import List, Tuple

import numpy as np

REPO = osp.dirname(osp.dirname(osp.abspath(__file__)))
sys.path.insert(0, osp.dirname(osp.abspath(__file__)))
from bench_generalization import evaluate_detector  # noqa: E402
from bench_generalization import PATTERNS, evaluate_inpaintor
from bench_restoration import BINS  # the restoration table's bins


def iou_by_hole_ratio(scores: List[dict]) -> List[Tuple[float, int]]:
    """Mean corrupted IoU and image count per :data:`BINS` bin (images
    by their ``hole_ratio``; the last bin includes its upper end)."""
    cells = []
    for i, (lo, hi) in enumerate(BINS):
        last = i == len(BINS) - 1
        ious = [
            s['corrupted_iou'] for s in scores
            if lo <= s['hole_ratio'] < hi or (last and s['hole_ratio'] == hi)
        ]
        cells.append(
            (float(np.mean(ious)) if ious else float('nan'), len(ious)))
    return cells


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument(
        '--config', default=osp.join(REPO, 'configs/hcl/hcl_tiny_demo.py'))
    parser.add_argument(
        '--checkpoint',
        default=osp.join(REPO, 'hcl_mm', 'data', 'checkpoints',
                         'hcl_tiny_demo.pth'))
    parser.add_argument(
        '--splits',
        default=osp.join(REPO, 'work_dirs', 'bench_generalization', 'splits'))
    parser.add_argument(
        '--detection-only',
        action='store_true',
        help='run encoder + head only (same mask scores, '
        'no decoder/refiner: several times faster)')
    parser.add_argument(
        '--num',
        type=int,
        default=None,
        help='with --detection-only: images per pattern')
    parser.add_argument(
        '--extra-splits',
        nargs='+',
        default=[],
        metavar='NAME=FOLDER',
        help='more frozen splits scored as rows of their own (e.g. '
        'tools/make_test_split.py --content text --content-options '
        'achromatic_prob=1)')
    args = parser.parse_args()
    splits = [(pattern.replace('seen: ', ''),
               osp.join(args.splits,
                        pattern.split(':')[0].replace(' ', '_')))
              for pattern in PATTERNS]
    for extra in args.extra_splits:
        name, sep, folder = extra.partition('=')
        if not sep or not name or not folder:
            parser.error(f'--extra-splits wants NAME=FOLDER, got {extra!r}')
        splits.append((name, folder))
    from hcl_mm.utils import register_all_modules
    register_all_modules()
    rows, by_bin = [], {}
    t = time.time()
    for name, split in splits:
        if not osp.isdir(split):
            raise FileNotFoundError(
                f'no split {split}: run benchmarks/bench_generalization.py '
                'first or pass --splits')
        if args.detection_only:
            scores = evaluate_detector(args.config, args.checkpoint, split,
                                       args.num)
        else:
            scores = evaluate_inpaintor(args.config, args.checkpoint, split)
        by_bin[name] = iou_by_hole_ratio(scores)
        rows.append((name, len(scores), *[
            float(np.mean([s[k] for s in scores]))
            for k in ('corrupted_iou', 'corrupted_f1', 'clean_iou', 'acc')
        ]))
    print(f'{args.checkpoint} on {args.splits} ({time.time() - t:.0f} s)')
    print('| pattern | n | corrupted IoU | corrupted F1 | clean IoU | acc |')
    print('|---|---|---|---|---|---|')
    for r in rows:
        print(f'| {r[0]} | {r[1]} | ' + ' | '.join(f'{v:.3f}'
                                                   for v in r[2:]) + ' |')
    print('\ncorrupted IoU by hole ratio (n):')
    print('| pattern | ' + ' | '.join(f'{lo}-{hi}' for lo, hi in BINS) + ' |')
    print('|---|' + '---|' * len(BINS))
    for name, cells in by_bin.items():
        print(f'| {name} | ' + ' | '.join(f'{iou:.3f} ({n})' if n else '-'
                                          for iou, n in cells) + ' |')
    trained = [
        r for r in rows
        if r[0] in ('image content', 'graffiti', 'text', 'logo')
    ]
    print('summary: demo model corrupted IoU ' + ', '.join(f'{r[0]} {r[2]:.3f}'
                                                           for r in trained) +
          ' (trained patterns)')


if __name__ == '__main__':
    main()
