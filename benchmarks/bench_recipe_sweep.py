# Copyright (c) hcl_mm contributors. All rights reserved.
"""CPU-scale recipe sweep: which detector setting learns fastest per
CPU-minute (issue 11).

Every variant trains the detection-only recipe
(``configs/hcl/cpu_recipe/hcl_tiny_mix_detector.py``) from scratch for the
same wall budget, one after the other on the same machine, writing a
checkpoint every ``--save-every`` training minutes (``TimeBudgetHook``).
Each checkpoint is scored, detection only, on the first ``--num`` images
of every frozen validation split (``bench_generalization.py``'s: the
validation photos, 256 px, hole ratio 0.1-0.5, seed 3407). Prints one row
per (variant, minute), the learning-curve plot's path and a summary line::

    python benchmarks/bench_recipe_sweep.py --photos PHOTOS --minutes 6 \\
        --save-every 2 --variants base lr2e-3 tau0.2 c24 crop96x8
"""
import argparse
import glob
import json
import os
import os.path as osp
import re
import subprocess
import sys
import time

import numpy as np

REPO = osp.dirname(osp.dirname(osp.abspath(__file__)))
sys.path.insert(0, osp.dirname(osp.abspath(__file__)))
sys.path.insert(0, osp.join(REPO, 'tools', 'misc'))
from bench_generalization import evaluate_detector  # noqa: E402
from bench_generalization import PATTERNS, make_splits
from split_photos import split_photos  # noqa: E402

CONFIG = osp.join(REPO, 'configs/hcl/cpu_recipe/hcl_tiny_mix_detector.py')
_D = 'model.mask_detector.'
# name -> --cfg-options of the variant (the base recipe: C = 16, depths
# 2/2/2, 128 crops, batch 4, Adam 1e-3, tau 0.1)
VARIANTS = {
    'base': [],
    'lr2e-3': ['optim_wrapper.generator.optimizer.lr=2e-3'],
    'lr5e-4': ['optim_wrapper.generator.optimizer.lr=5e-4'],
    'tau0.2':
    [f'{_D}temperature=0.2', f'{_D}loss_contrastive.temperature=0.2'],
    'c24': ['model.encoder.embed_dims=24', f'{_D}in_channels=(24,48,96)'],
    'deep': ['model.encoder.depths=(2,4,2)'],
    'crop96x8':
    ['train_dataloader.batch_size=8', 'train_pipeline.2.crop_size=(96,96)'],
    'batch2': ['train_dataloader.batch_size=2'],
    # bf16 autocast on the CPU (1.55x faster steps measured)
    'bf16': ['optim_wrapper.generator.type=hcl_mm.AutocastOptimWrapper'],
}
# name -> a config whose model.encoder replaces HCLEncoder (issue 14: the
# same recipe and budget with an OpenMMLab backbone in the encoder slot)
ENCODERS = {
    name: osp.join(REPO, 'configs', 'hcl', 'backbones',
                   f'hcl_tiny_{name}_cpu.py')
    for name in ('resnet18', 'mit-b0', 'swin-t')
}
VARIANTS.update({name: [] for name in ENCODERS})


def config_basename(name: str) -> str:
    """The file name of a variant's config in its run folder (where
    ``tools/train.py`` also dumps the full config)."""
    return f'recipe_{name}.py' if name in ENCODERS else osp.basename(CONFIG)


def variant_config(name: str, run_dir: str) -> str:
    """The config a variant trains: the recipe, or for an encoder variant
    a child of it with that config's encoder (written into ``run_dir``)."""
    if name not in ENCODERS:
        return CONFIG
    from mmengine import Config
    encoder = Config.fromfile(ENCODERS[name]).model.encoder.to_dict()
    path = osp.join(run_dir, config_basename(name))
    with open(path, 'w') as f:
        f.write(f'_base_ = [{CONFIG!r}]\n'
                f'model = dict(encoder=dict(_delete_=True, **{encoder!r}))\n')
    return path


def curve_points(work):
    """(minute, checkpoint) of one run, in time order."""
    pts = []
    for path in glob.glob(osp.join(work, 'minute_*.pth')):
        pts.append((float(re.search(r'minute_([\d.]+)\.pth', path)[1]), path))
    return sorted(pts)


def iterations(work):
    """Iterations done by a run, from its last scalars.json line."""
    logs = sorted(glob.glob(osp.join(work, '*', 'vis_data', 'scalars.json')))
    if not logs:
        return 0
    last = 0
    with open(logs[-1]) as f:
        for line in f:
            last = max(last, json.loads(line).get('iter', 0))
    return last


def plot(results, out, threads=2):
    import matplotlib
    matplotlib.use('Agg')
    import matplotlib.pyplot as plt
    fig, axes = plt.subplots(1, 2, figsize=(10, 4), dpi=100)
    for name, pts in results.items():
        mins = [p['minute'] for p in pts]
        axes[0].plot(mins, [p['mean'] for p in pts], 'o-', label=name)
        axes[1].plot(mins, [p['image content'] for p in pts], 'o-', label=name)
    for ax, title in zip(
            axes, ('mean over the six patterns', 'pasted photo content')):
        ax.set_xlabel('training minutes' +
                      (f' ({threads} thread(s) per run)' if threads else ''))
        ax.set_ylabel('corrupted-class IoU')
        ax.set_title(title)
        ax.grid(alpha=0.3)
    axes[0].legend(fontsize=8)
    fig.tight_layout()
    os.makedirs(osp.dirname(out), exist_ok=True)
    fig.savefig(out)
    plt.close(fig)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument(
        '--photos', required=True, help='photo collection with manifest.csv')
    parser.add_argument('--minutes', type=float, default=6)
    parser.add_argument('--save-every', type=float, default=2)
    parser.add_argument(
        '--variants', nargs='+', default=['base'], choices=sorted(VARIANTS))
    parser.add_argument(
        '--num',
        type=int,
        default=30,
        help='images scored per pattern and point')
    parser.add_argument('--threads', type=int, default=2)
    parser.add_argument(
        '--work-dir',
        default=osp.join(REPO, 'work_dirs', 'bench_recipe_sweep'))
    parser.add_argument(
        '--splits-dir',
        default=osp.join(REPO, 'work_dirs', 'bench_generalization'))
    parser.add_argument(
        '--plot', default=osp.join(REPO, 'docs', 'images', 'recipe_sweep.png'))
    parser.add_argument(
        '--reuse',
        action='store_true',
        help='re-score runs whose final checkpoint exists')
    parser.add_argument(
        '--runs',
        nargs='+',
        metavar='NAME=DIR',
        help='score the minute_*.pth of existing runs '
        '(e.g. the shipped model\'s) instead of training')
    args = parser.parse_args()
    import torch
    torch.set_num_threads(args.threads)
    from hcl_mm.utils import register_all_modules
    register_all_modules()
    work = osp.abspath(args.work_dir)
    data = osp.join(work, 'photos')
    split_photos(args.photos, data)
    splits = make_splits(osp.abspath(args.splits_dir), osp.join(data, 'val'))
    results, rows = {}, []
    runs = dict(r.split('=', 1) for r in args.runs) if args.runs else {
        name: osp.join(work, name)
        for name in args.variants
    }
    for name, run_dir in runs.items():
        final = osp.join(run_dir, f'minute_{args.minutes:06.1f}.pth')
        if not args.runs and not (args.reuse and osp.isfile(final)):
            opts = [
                f'data_root={data}/train',
                f'content_root={data}/train',
                f'custom_hooks.0.minutes={args.minutes}',
                f'custom_hooks.0.save_every={args.save_every}',
                'default_hooks.checkpoint.interval=100000',
            ] + VARIANTS[name]
            os.makedirs(run_dir, exist_ok=True)
            env = dict(os.environ, OMP_NUM_THREADS=str(args.threads))
            config = variant_config(name, run_dir)
            with open(osp.join(work, f'train_{name}.log'), 'w') as log:
                proc = subprocess.run(
                    [
                        sys.executable, 'tools/train.py', config, '--work-dir',
                        run_dir, '--cfg-options'
                    ] + opts,
                    cwd=REPO,
                    stdout=log,
                    stderr=subprocess.STDOUT,
                    env=env)
            if proc.returncode:
                raise SystemExit(f'{name}: training failed, see '
                                 f'{work}/train_{name}.log')
        pts = []
        cfg = osp.join(run_dir, config_basename(name))
        for minute, ckpt in curve_points(run_dir):
            t = time.time()
            point = dict(minute=minute)
            for pattern, split in splits.items():
                scores = evaluate_detector(cfg, ckpt, split, args.num)
                point[pattern.replace('seen: ', '')] = float(
                    np.mean([s['corrupted_iou'] for s in scores]))
            point['mean'] = float(
                np.mean([v for k, v in point.items() if k != 'minute']))
            pts.append(point)
            rows.append(
                dict(
                    variant=name,
                    iters=iterations(run_dir),
                    score_s=time.time() - t,
                    **point))
        results[name] = pts
    os.makedirs(work, exist_ok=True)
    with open(osp.join(work, 'results.json'), 'w') as f:
        json.dump(rows, f, indent=2)
    names = [p.replace('seen: ', '') for p in PATTERNS]
    print(f'{args.minutes} training minutes per variant, {args.threads} '
          f'threads; corrupted IoU on the first {args.num} validation '
          'images of each pattern' if not args.runs else
          f'runs {args.runs}; corrupted IoU on the first {args.num} '
          'validation images of each pattern')
    print('| variant | minute | ' + ' | '.join(names) + ' | mean |')
    print('|---' * (len(names) + 3) + '|')
    for r in rows:
        print(f"| {r['variant']} | {r['minute']:.1f} | " +
              ' | '.join(f'{r[n]:.3f}'
                         for n in names) + f" | {r['mean']:.3f} |")
    plot(results, args.plot, None if args.runs else args.threads)
    print(f'plot: {args.plot}')
    best = max(results, key=lambda n: results[n][-1]['mean'])
    print(f'summary: fastest learner {best} (mean corrupted IoU '
          f"{results[best][-1]['mean']:.3f} after {args.minutes} min; " +
          ', '.join(f"{n} {p[-1]['mean']:.3f}"
                    for n, p in results.items()) + ')')


if __name__ == '__main__':
    main()
