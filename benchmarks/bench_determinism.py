# Copyright (c) hcl_mm contributors. All rights reserved.
"""Same photo, same model: how much does the mask change between runs?

Runs the detector of a checkpoint on the first ``--num`` images of frozen
validation splits several times with different global seeds, once with
the released random 2-means initialisation (``kmeans_init='random'``) and
once with the deterministic one (``'principal'``, the default). Prints,
per split and initialisation, the mean and worst share of pixels whose
label changes between two seeds, and the corrupted-class IoU (mean over
seeds); ends with a summary line::

    python benchmarks/bench_determinism.py \
        --splits work_dirs/bench_generalization/splits
"""
import argparse
import itertools
import os.path as osp
import sys

import numpy as np

REPO = osp.dirname(osp.dirname(osp.abspath(__file__)))
sys.path.insert(0, osp.dirname(osp.abspath(__file__)))
from bench_generalization import SPLIT_PIPELINE  # noqa: E402
from bench_generalization import PATTERNS, load_inpaintor, model_args


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    model_args(parser)
    parser.add_argument('--num', type=int, default=40)
    parser.add_argument('--seeds', type=int, default=4)
    parser.add_argument(
        '--patterns',
        nargs='+',
        default=['seen', 'text', 'graffiti'],
        help='split folders (seen = pasted image content)')
    args = parser.parse_args()
    import torch

    from hcl_mm.datasets import CorruptionSplitDataset
    from hcl_mm.evaluation import mask_scores
    from hcl_mm.utils import register_all_modules
    register_all_modules()
    model = load_inpaintor(args.config, args.checkpoint)
    pipeline = SPLIT_PIPELINE
    known = {p.split(':')[0].replace(' ', '_') for p in PATTERNS}
    print('| split | 2-means init | mean changed pixels | worst image | '
          'corrupted IoU |')
    print('|---|---|---|---|---|')
    summary = {}
    for pattern in args.patterns:
        if pattern not in known:
            raise SystemExit(f'unknown split {pattern}; known: {known}')
        ds = CorruptionSplitDataset(
            data_root=osp.join(args.splits, pattern), pipeline=pipeline)
        items = [ds[i] for i in range(min(args.num, len(ds)))]
        for init in ('random', 'principal'):
            model.mask_detector.kmeans_init = init
            masks, ious = [], []
            for seed in range(args.seeds):
                torch.manual_seed(seed)
                per = []
                for item in items:
                    data = model.data_preprocessor(
                        dict(
                            inputs=[item['inputs']],
                            data_samples=[item['data_samples']]), False)
                    conf = model.detect(data['inputs'])[0, 0]
                    per.append((conf >= 0.5).numpy())
                    ious.append(
                        mask_scores(conf, data['data_samples']
                                    [0].mask[0].float())['corrupted_iou'])
                masks.append(per)
            changed = [
                np.mean(a != b)
                for s, t in itertools.combinations(range(args.seeds), 2)
                for a, b in zip(masks[s], masks[t])
            ]
            mean_changed, worst = float(np.mean(changed)), float(
                np.max(changed))
            summary[(pattern, init)] = (mean_changed, worst,
                                        float(np.mean(ious)))
            print(f'| {pattern} | {init} | {100 * mean_changed:.2f} % | '
                  f'{100 * worst:.2f} % | {np.mean(ious):.3f} |')
    worst_random = max(v[1] for (p, i), v in summary.items() if i == 'random')
    worst_det = max(v[1] for (p, i), v in summary.items() if i == 'principal')
    print(f'summary: worst share of pixels changed between two seeds '
          f'{100 * worst_random:.2f} % (random init) -> '
          f'{100 * worst_det:.2f} % (principal init); IoU ' +
          ', '.join(f'{p} {summary[(p, "random")][2]:.3f} -> '
                    f'{summary[(p, "principal")][2]:.3f}'
                    for p in args.patterns))


if __name__ == '__main__':
    main()
