# Copyright (c) hcl_mm contributors. All rights reserved.
"""The paper's Table 3 protocol: blind restoration of frozen test splits by
several models, PSNR / SSIM (and LPIPS with local AlexNet weights) per
hole-ratio bin, per image then averaged.

Each model is a config and a checkpoint; every model is evaluated by
``tools/test.py`` on the same frozen split (``tools/make_test_split.py``,
one folder per bin), with hcl_mm's metrics, output not composited (as the
release evaluates). Prints one Markdown row per model and a summary::

    python benchmarks/reproduce_table3.py data/test_splits/places256 \\
        hcl=configs/hcl/hcl_places_256_phase2.py:HCL_CKPT \\
        vcnet=configs/vcnet/vcnet_places_256_joint.py:VCNET_CKPT \\
        mprnet=configs/mprnet/mprnet_places_256.py:MPRNET_CKPT

(GPU: the same command; ``tools/test.py`` uses CUDA when present.)
"""
import argparse
import json
import os
import os.path as osp
import subprocess
import sys
from typing import Dict, Tuple

REPO = osp.dirname(osp.dirname(osp.abspath(__file__)))

CHILD = """_base_ = [{config!r}]
test_dataloader = dict(
    batch_size=1,
    num_workers={workers},
    persistent_workers=False,
    sampler=dict(type='DefaultSampler', shuffle=False),
    dataset=dict(
        _delete_=True,
        type='hcl_mm.CorruptionSplitDataset',
        data_root={split!r},
        test_mode=True,
        pipeline=[
            dict(type='hcl_mm.LoadImage'),
            dict(type='hcl_mm.LoadImage', key='gt_path', out_key='gt_img'),
            dict(type='hcl_mm.LoadMask', hole_is_white=False),
            dict(type='hcl_mm.PackCorruptionInputs'),
        ]))
test_evaluator = [
    dict(type='hcl_mm.CorruptionMaskMetric'),
    dict(type='hcl_mm.RestorationMetric'{lpips}),
]
test_cfg = dict(type='TestLoop')
"""


def parse_spec(spec: str) -> Tuple[str, str, str]:
    """``NAME=CONFIG:CHECKPOINT`` -> its three parts (files checked)."""
    name, _, rest = spec.partition('=')
    config, _, ckpt = rest.rpartition(':')
    if not (name and config and ckpt):
        raise SystemExit(f'expected NAME=CONFIG:CHECKPOINT, got {spec!r}')
    for path in (config, ckpt):
        if not osp.isfile(path):
            raise SystemExit(f'{name}: no such file {path}')
    return name, config, ckpt


def evaluate(name: str, config: str, checkpoint: str, split: str, work: str,
             workers: int, lpips: str) -> Dict[str, float]:
    """Run ``tools/test.py`` on ``split``; its metrics as a dict."""
    os.makedirs(work, exist_ok=True)
    child = osp.join(work, f'{name}_table3.py')
    with open(child, 'w') as f:
        f.write(
            CHILD.format(
                config=osp.abspath(config),
                split=osp.abspath(split),
                workers=workers,
                lpips=f', lpips_alexnet={lpips!r}' if lpips else ''))
    out = osp.join(work, f'{name}_metrics.json')
    proc = subprocess.run([
        sys.executable, 'tools/test.py', child, checkpoint, '--work-dir',
        osp.join(work, name), '--out', out
    ],
                          cwd=REPO,
                          capture_output=True,
                          text=True)
    if proc.returncode:
        raise SystemExit(f'{name}: tools/test.py failed:\n'
                         f'{(proc.stdout + proc.stderr)[-3000:]}')
    with open(out) as f:
        return json.load(f)


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('split', help='frozen split root (bin folders)')
    parser.add_argument('models', nargs='+', metavar='NAME=CONFIG:CHECKPOINT')
    parser.add_argument(
        '--work-dir', default=osp.join(REPO, 'work_dirs', 'reproduce_table3'))
    parser.add_argument('--workers', type=int, default=2)
    parser.add_argument(
        '--lpips-alexnet',
        default='',
        help='local alexnet-owt-7be5be79.pth: adds LPIPS')
    args = parser.parse_args(argv)
    bins = sorted(
        d for d in os.listdir(args.split)
        if osp.isdir(osp.join(args.split, d)))
    if not bins:
        raise SystemExit(f'no bin folders in {args.split} '
                         '(tools/make_test_split.py writes them)')
    results = {}
    for spec in args.models:
        name, config, ckpt = parse_spec(spec)
        results[name] = evaluate(name, config, ckpt, args.split, args.work_dir,
                                 args.workers, args.lpips_alexnet)
    keys = ['psnr', 'ssim'] + (['lpips'] if args.lpips_alexnet else [])
    # the metric's ratio bins (by each image's ground-truth hole fraction,
    # the paper's 0-20/20-40/40-60 and 0-30/30-60 %), in its order
    first = next(iter(results.values()))
    bins = list(
        dict.fromkeys(
            k.split('/')[1] for k in first
            if k.startswith('image/') and k.count('/') == 2))
    print(f'{args.split}: hole ratio bins (%) ' + ', '.join(bins) +
          ' (PSNR dB / SSIM' + (' / LPIPS' if args.lpips_alexnet else '') +
          '; per image, then mean; output not composited)')
    print('| model | ' + ' | '.join(bins) + ' | all |')
    print('|---' * (len(bins) + 2) + '|')
    for name, m in results.items():
        cells = []
        for b in bins + ['']:  # '' = all images
            prefix = f'image/{b}/' if b else 'image/'
            cells.append(' / '.join(f'{m[prefix + k]:.3f}' if k !=
                                    'psnr' else f'{m[prefix + k]:.2f}'
                                    for k in keys if prefix + k in m))
        print(f'| {name} | ' + ' | '.join(cells) + ' |')
    best = max(results, key=lambda n: results[n].get('image/psnr', 0))
    print('summary: ' +
          ', '.join(f'{n} {m.get("image/psnr", float("nan")):.2f} dB'
                    for n, m in results.items()) + f'; best PSNR {best}')


if __name__ == '__main__':
    main()
