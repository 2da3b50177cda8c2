# Copyright (c) hcl_mm contributors. All rights reserved.
"""Latency, peak memory and FLOPs of the full HCL model (C = 64).

Runs detection + first stage + refinement (``HCLInpaintor.generate``) on one
random image per size, each size in a fresh process so peak RSS is per size,
and prints a table next to the machine's measured fp32 matmul peak::

    python benchmarks/bench_inference.py --sizes 256 512 --threads 2
    python benchmarks/bench_inference.py --device cuda --sizes 256 512

Both memory formats are timed: ``channels_last`` (NHWC activations: the
convolutions run faster under oneDNN and the transformer layers' NCHW ->
token permutes become free) and PyTorch's default contiguous NCHW.
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
CONFIGS = {256: 'configs/hcl/hcl_places_256.py',
           512: 'configs/hcl/hcl_places_512.py'}


def build_model(size: int, device: str):
    from mmengine import Config

    from hcl_mm.models import inference_model_cfg
    from hcl_mm.registry import MODELS
    from hcl_mm.utils import register_all_modules
    register_all_modules()
    cfg = Config.fromfile(osp.join(REPO, CONFIGS[size]))
    # inference needs neither the critic nor the losses (and their VGG19)
    cfg.model = inference_model_cfg(cfg.model)
    return MODELS.build(cfg.model).to(device).eval()


def matmul_gflops(device: str, n: int = 2048, repeats: int = 10) -> float:
    import torch
    a = torch.randn(n, n, device=device)
    b = torch.randn(n, n, device=device)
    for _ in range(2):
        a @ b
    sync(device)
    t = time.perf_counter()
    for _ in range(repeats):
        a @ b
    sync(device)
    return 2 * n**3 * repeats / (time.perf_counter() - t) / 1e9


def sync(device: str) -> None:
    import torch
    if device.startswith('cuda'):
        torch.cuda.synchronize()


def count_flops(model, x) -> float:
    import torch
    from torch.utils.flop_counter import FlopCounterMode
    with torch.no_grad(), FlopCounterMode(display=False) as counter:
        model.generate(x)
    return counter.get_total_flops()


def measure(size: int, device: str, repeats: int, threads: int, flops: bool,
            memory_format: str) -> dict:
    import torch
    torch.set_num_threads(threads)
    torch.manual_seed(0)
    model = build_model(size, device)
    x = torch.rand(1, 3, size, size, device=device) * 2 - 1
    if memory_format == 'channels_last':
        model = model.to(memory_format=torch.channels_last)
        x = x.contiguous(memory_format=torch.channels_last)
    if device.startswith('cuda'):
        torch.cuda.reset_peak_memory_stats()
    with torch.no_grad():
        model.generate(x)  # warm-up (caches, allocator)
        sync(device)
        times = []
        for _ in range(repeats):
            t = time.perf_counter()
            model.generate(x)
            sync(device)
            times.append(time.perf_counter() - t)
    result = dict(
        size=size,
        device=device,
        memory_format=memory_format,
        threads=threads,
        latency_s=sorted(times)[len(times) // 2],
        latency_min_s=min(times),
        peak_rss_gib=resource.getrusage(resource.RUSAGE_SELF).ru_maxrss /
        2**20,
        params_m=sum(p.numel() for p in model.parameters()) / 1e6)
    if device.startswith('cuda'):
        result['peak_gpu_gib'] = torch.cuda.max_memory_allocated() / 2**30
    if flops:
        result['gflops'] = count_flops(model, x) / 1e9
        result['achieved_gflops_per_s'] = result['gflops'] / result[
            'latency_s']
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--sizes', type=int, nargs='+', default=[256, 512])
    parser.add_argument('--device', default='cpu')
    parser.add_argument('--threads', type=int, default=2)
    parser.add_argument('--repeats', type=int, default=3)
    parser.add_argument('--no-flops', action='store_true')
    parser.add_argument(
        '--memory-formats',
        nargs='+',
        default=['channels_last', 'contiguous'],
        choices=['channels_last', 'contiguous'])
    parser.add_argument('--worker', type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        print(json.dumps(measure(args.worker, args.device, args.repeats,
                                 args.threads, not args.no_flops,
                                 args.memory_formats[0])))
        return
    import torch
    torch.set_num_threads(args.threads)
    peak = matmul_gflops(args.device)
    print(f'device {args.device}, threads {args.threads}, torch '
          f'{torch.__version__}; fp32 2048x2048 matmul: {peak:.0f} GFLOP/s')
    print('| size | memory format | latency (s, median) | min (s) | '
          'peak RSS (GiB) | GFLOPs | achieved GFLOP/s | % of matmul peak |')
    print('|---|---|---|---|---|---|---|---|')
    for size, fmt in [(s, f) for s in args.sizes for f in args.memory_formats]:
        cmd = [sys.executable, __file__, '--worker', str(size), '--device',
               args.device, '--threads', str(args.threads), '--repeats',
               str(args.repeats), '--memory-formats', fmt
               ] + (['--no-flops'] if args.no_flops else [])
        env = {**os.environ, 'OMP_NUM_THREADS': str(args.threads)}
        out = subprocess.run(cmd, capture_output=True, text=True, env=env,
                             cwd=REPO)
        if out.returncode:
            print(out.stderr[-2000:], file=sys.stderr)
            raise SystemExit(f'size {size} failed')
        r = json.loads(out.stdout.strip().splitlines()[-1])
        gf = r.get('gflops', float('nan'))
        ach = r.get('achieved_gflops_per_s', float('nan'))
        mem = r['peak_rss_gib']
        if 'peak_gpu_gib' in r:
            mem = f"{mem:.2f} (GPU {r['peak_gpu_gib']:.2f})"
        else:
            mem = f'{mem:.2f}'
        print(f"| {size} | {fmt} | {r['latency_s']:.2f} | "
              f"{r['latency_min_s']:.2f} "
              f'| {mem} | {gf:.0f} | {ach:.0f} | {100 * ach / peak:.0f}% |')


if __name__ == '__main__':
    main()
