# Copyright (c) hcl_mm contributors. All rights reserved.
"""Training throughput and peak memory of the full HCL configs (batch 1).

Builds model and optimiser wrappers from a config (random VGG19 for the
perceptual losses, which costs the same as the real one), runs
``train_step`` on a synthetic corrupted batch and reports seconds per
iteration and peak memory, each config in a fresh process::

    python benchmarks/bench_train.py --iters 3
    python benchmarks/bench_train.py --device cuda --iters 20
"""
import argparse
import json
import os
import os.path as osp
import resource
import subprocess
import sys
import time

REPO = osp.dirname(osp.dirname(osp.abspath(__file__)))
CONFIGS = {'hcl_places_256': 256, 'hcl_places_512': 512}


def measure(name: str, device: str, iters: int, threads: int) -> dict:
    import torch
    from mmengine import Config
    from mmengine.optim import build_optim_wrapper

    from hcl_mm.registry import MODELS
    from hcl_mm.utils import register_all_modules
    sys.path.insert(0, osp.join(REPO, 'tests'))
    from helpers import corrupted_batch
    torch.set_num_threads(threads)
    register_all_modules()
    cfg = Config.fromfile(osp.join(REPO, 'configs', 'hcl', name + '.py'))
    for k in ('loss_perceptual', 'loss_perceptual_refined'):
        cfg.model[k].update(pretrained=None, allow_random_init=True)
    torch.manual_seed(0)
    model = MODELS.build(cfg.model).to(device)
    ow = build_optim_wrapper(model, cfg.optim_wrapper)
    size = CONFIGS[name]
    batch = corrupted_batch((size, size), batch=1)
    if device.startswith('cuda'):
        torch.cuda.reset_peak_memory_stats()
    model.train_step(batch, ow)  # warm-up
    times = []
    for _ in range(iters):
        t = time.perf_counter()
        model.train_step(batch, ow)
        if device.startswith('cuda'):
            torch.cuda.synchronize()
        times.append(time.perf_counter() - t)
    res = dict(
        config=name,
        s_per_iter=sorted(times)[len(times) // 2],
        peak_rss_gib=resource.getrusage(resource.RUSAGE_SELF).ru_maxrss /
        2**20)
    if device.startswith('cuda'):
        res['peak_gpu_gib'] = torch.cuda.max_memory_allocated() / 2**30
    return res


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--configs', nargs='+', default=list(CONFIGS))
    parser.add_argument('--device', default='cpu')
    parser.add_argument('--iters', type=int, default=3)
    parser.add_argument('--threads', type=int, default=2)
    parser.add_argument('--worker', help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        print(
            json.dumps(
                measure(args.worker, args.device, args.iters, args.threads)))
        return
    print(f'device {args.device}, threads {args.threads}, batch 1, '
          f'median of {args.iters} iterations after one warm-up')
    print('| config | s / iteration | iterations / s | peak memory (GiB) |')
    print('|---|---|---|---|')
    rows = []
    for name in args.configs:
        out = subprocess.run([
            sys.executable, __file__, '--worker', name, '--device',
            args.device, '--iters',
            str(args.iters), '--threads',
            str(args.threads)
        ],
                             capture_output=True,
                             text=True,
                             cwd=REPO,
                             env={
                                 **os.environ, 'OMP_NUM_THREADS':
                                 str(args.threads)
                             })
        if out.returncode:
            print(out.stderr[-2000:], file=sys.stderr)
            raise SystemExit(f'{name} failed')
        r = json.loads(out.stdout.strip().splitlines()[-1])
        rows.append(r)
        mem = f"{r['peak_rss_gib']:.2f} RSS"
        if 'peak_gpu_gib' in r:
            mem += f", {r['peak_gpu_gib']:.2f} GPU"
        print(f"| {name} | {r['s_per_iter']:.2f} | "
              f"{1 / r['s_per_iter']:.3f} | {mem} |")
    print('summary: ' + ', '.join(f"{r['config']} {r['s_per_iter']:.1f} s/it"
                                  for r in rows))


if __name__ == '__main__':
    main()
