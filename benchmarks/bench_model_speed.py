# Copyright (c) hcl_mm contributors. All rights reserved.
"""Seconds per photo of blind restoration as a user runs it (``BlindRestorer``
with its default inpainter and precision), for one or more models side by
side.

``--precisions fp32 auto`` times the restoration half at each precision
(``auto``: bf16 on a CPU with native bf16, else fp32), in the same
alternation.

Every model restores each shipped example (``hcl_mm/data/examples``, 256²)
after one warm-up pass; the models alternate photo by photo and round by
round, so a ratio between them holds on a machine whose speed drifts.
Prints the median and the range per model and inpainter::

    python benchmarks/bench_model_speed.py --threads 2 --repeats 3 \\
        --models hcl_tiny_demo CONFIG=CHECKPOINT [--inpainters hybrid telea]

A model is a model-zoo name or ``CONFIG=CHECKPOINT``; ``--inpainters``
defaults to each model's own default.
"""
import argparse
import glob
import os.path as osp
import sys
import time
from typing import Dict, List

import numpy as np

REPO = osp.dirname(osp.dirname(osp.abspath(__file__)))
sys.path.insert(0, REPO)
EXAMPLES = osp.join(REPO, 'hcl_mm', 'data', 'examples')


def build(model: str, inpainter=None, precision: str = 'auto'):
    """A ``BlindRestorer`` for a zoo name or ``CONFIG=CHECKPOINT``."""
    from hcl_mm.apis import BlindRestorer
    if '=' in model:
        config, weights = model.split('=', 1)
        return BlindRestorer(
            config,
            weights=weights,
            device='cpu',
            inpainter=inpainter,
            precision=precision)
    return BlindRestorer(
        model, device='cpu', inpainter=inpainter, precision=precision)


def resolved_precision(precision: str) -> str:
    """What ``precision`` means on this machine's CPU (``'auto'`` ->
    ``'bf16'`` or ``'fp32'``)."""
    import torch

    from hcl_mm.utils import resolve_precision
    dtype = resolve_precision(precision, torch.device('cpu'))
    return {torch.bfloat16: 'bf16', torch.float16: 'fp16'}.get(dtype, 'fp32')


def time_models(restorers: Dict[str, object], photos: List[str],
                repeats: int) -> Dict[str, List[float]]:
    """Seconds per photo per restorer, alternating restorers photo by
    photo (after one warm-up pass each)."""
    for r in restorers.values():
        r.restore(photos[0])
    times = {name: [] for name in restorers}
    for _ in range(repeats):
        for photo in photos:
            for name, r in restorers.items():
                t = time.perf_counter()
                r.restore(photo)
                times[name].append(time.perf_counter() - t)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--models', nargs='+', default=['hcl_tiny_demo'])
    parser.add_argument(
        '--inpainters',
        nargs='+',
        default=[None],
        help='model, telea, ns, hybrid (default: each model\'s own)')
    parser.add_argument(
        '--precisions',
        nargs='+',
        default=['auto'],
        choices=['auto', 'fp32', 'bf16'],
        help='of the restoration half (default: auto)')
    parser.add_argument('--threads', type=int, default=2)
    parser.add_argument('--repeats', type=int, default=3)
    args = parser.parse_args()
    import torch
    torch.set_num_threads(args.threads)
    photos = sorted(glob.glob(osp.join(EXAMPLES, '*.png')))
    if not photos:
        raise FileNotFoundError(f'no example photos in {EXAMPLES}')
    # resolved first, so that auto is timed once where it means fp32
    precisions = dict.fromkeys(map(resolved_precision, args.precisions))
    restorers = {}
    for model in args.models:
        for inpainter in args.inpainters:
            for precision in precisions:
                r = build(model, inpainter, precision)
                restorers[(model, r.inpainter, precision)] = r
    times = time_models(restorers, photos, args.repeats)
    print(f'{len(photos)} photos x {args.repeats} rounds, '
          f'{args.threads} threads, seconds per photo:')
    print('| model | inpainter | precision | median | min - max |')
    print('|---|---|---|---|---|')
    for (model, inpainter, precision), ts in times.items():
        print(f'| {model} | {inpainter} | {precision} | '
              f'{np.median(ts):.3f} | {min(ts):.3f} - {max(ts):.3f} |')


if __name__ == '__main__':
    main()
