# Copyright (c) hcl_mm contributors. All rights reserved.
"""HCLEncoder vs OpenMMLab backbones in the encoder slot: parameters, FLOPs
and CPU latency of blind restoration at one size.

The tiny CPU model (configs/hcl/hcl_tiny_cpu.py) and its backbone variants
(configs/hcl/backbones/), random init, in one process, the variants
alternating for ``--repeats`` rounds; prints a Markdown table and a
one-line summary::

    python benchmarks/bench_backbones.py --size 256 --threads 2 --repeats 5
"""
import argparse
import glob
import os.path as osp
import sys
import time

import numpy as np
import torch

REPO = osp.dirname(osp.dirname(osp.abspath(__file__)))
sys.path.insert(0, osp.join(REPO, 'tools', 'analysis_tools'))
from get_flops import count  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--size', type=int, default=256)
    parser.add_argument('--threads', type=int, default=2)
    parser.add_argument('--repeats', type=int, default=5)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    from mmengine import Config

    from hcl_mm.models import inference_model_cfg
    from hcl_mm.registry import MODELS
    from hcl_mm.utils import register_all_modules
    register_all_modules()
    configs = {'HCLEncoder': osp.join(REPO, 'configs/hcl/hcl_tiny_cpu.py')}
    for path in sorted(
            glob.glob(osp.join(REPO, 'configs/hcl/backbones/*.py'))):
        configs[osp.basename(path)[9:-7]] = path  # hcl_tiny_X_cpu.py
    rows, models = {}, {}
    for name, path in configs.items():
        cfg = Config.fromfile(path)
        res = count(cfg, (args.size, args.size))
        model = MODELS.build(inference_model_cfg(cfg.model))
        model.eval()
        models[name] = model
        rows[name] = dict(
            encoder=res['params']['encoder'],
            total=sum(res['params'].values()),
            gflops=res['flops'] / 1e9,
            times=[])
    x = torch.rand(1, 3, args.size, args.size) * 2 - 1
    with torch.no_grad():
        for model in models.values():  # warm-up
            model.blind_inpaint(x)
        for _ in range(args.repeats):
            for name, model in models.items():
                t = time.perf_counter()
                model.blind_inpaint(x)
                rows[name]['times'].append(time.perf_counter() - t)
    print(f'{args.size}x{args.size}, {args.threads} threads, median of '
          f'{args.repeats} alternating rounds, random init, fp32')
    print('| encoder | encoder params (M) | model params (M) | GFLOPs | '
          'blind restoration (s) |')
    print('|---|---|---|---|---|')
    for name, r in rows.items():
        print(f'| {name} | {r["encoder"] / 1e6:.2f} | {r["total"] / 1e6:.2f} '
              f'| {r["gflops"]:.1f} | {np.median(r["times"]):.3f} |')
    base = np.median(rows['HCLEncoder']['times'])
    print('summary: ' + ', '.join(f'{name} {np.median(r["times"]) / base:.2f}x'
                                  for name, r in rows.items()) +
          ' the time of HCLEncoder')


if __name__ == '__main__':
    main()
