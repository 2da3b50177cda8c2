# Copyright (c) hcl_mm contributors. All rights reserved.
"""Latency, peak memory and FLOPs of the full HCL model (C = 64).

Runs detection + first stage + refinement (``HCLInpaintor.blind_inpaint``,
fp32) on one random image per size, each size in a fresh process so peak RSS
is per size,
and prints a table next to the machine's measured fp32 matmul peak::

    python benchmarks/bench_inference.py --sizes 256 512 --threads 2
    python benchmarks/bench_inference.py --device cuda --sizes 256 512

Both memory formats are timed: ``channels_last`` (NHWC activations: the
convolutions run faster under oneDNN and the transformer layers' NCHW ->
token permutes become free) and PyTorch's default contiguous NCHW.

``--compare-precision`` times, in one process per size and alternating
run by run, the fp32 contiguous path against the default inference path
(``prepare_inference('auto')``: decoder + refiner in bf16 on CPUs with
native bf16 / fp16 on CUDA, NHWC weights; detection in fp32) on a shipped
example photo, and ends with one line::

    python benchmarks/bench_inference.py --compare-precision --threads 2
    speedup X.XXx at 256, Y.YYx at 512, mean abs diff in region Z/255,
    masks identical: True
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
CONFIGS = {
    256: 'configs/hcl/hcl_places_256.py',
    512: 'configs/hcl/hcl_places_512.py'
}


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
        model.blind_inpaint(x)
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
        model.blind_inpaint(x)  # warm-up (caches, allocator)
        sync(device)
        times = []
        for _ in range(repeats):
            t = time.perf_counter()
            model.blind_inpaint(x)
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
        result[
            'achieved_gflops_per_s'] = result['gflops'] / result['latency_s']
    return result


def example_image(size: int, device: str):
    """A shipped example photo (corrupted), centre-cropped and resized to
    ``size``, in [-1, 1]."""
    import numpy as np
    import torch
    import torch.nn.functional as F

    from hcl_mm.apis import read_rgb
    path = osp.join(REPO, 'hcl_mm', 'data', 'examples',
                    'graffiti_chenonceau.png')
    img = torch.from_numpy(np.array(read_rgb(path))).permute(2, 0, 1)
    img = img[None].float().div(127.5).sub(1)
    side = min(img.shape[-2:])
    img = img[..., :side, :side]
    return F.interpolate(
        img,
        size=(size, size),
        mode='bilinear',
        align_corners=False,
        antialias=True).to(device)


def compare_precision(size: int, device: str, repeats: int,
                      threads: int) -> dict:
    """fp32 contiguous vs the default inference path, same weights, same
    image, alternating repeats."""
    import torch

    from hcl_mm.utils import resolve_precision
    torch.set_num_threads(threads)
    torch.manual_seed(0)
    model = build_model(size, device)
    x = example_image(size, device)
    paths = {'fp32': ('fp32', False), 'default': ('auto', True)}
    outs, times = {}, {k: [] for k in paths}
    with torch.no_grad():
        for r in range(repeats + 1):  # the first round warms up
            for name, (precision, channels_last) in paths.items():
                model.prepare_inference(precision, channels_last)
                sync(device)
                t = time.perf_counter()
                out = model.blind_inpaint(x)
                sync(device)
                if r:
                    times[name].append(time.perf_counter() - t)
                else:
                    # compared from the first round only: later fp32 rounds
                    # run on weights already rounded to bf16 once
                    outs[name] = out
    a, b = outs['fp32'], outs['default']
    hole = (a['clean_mask'] < 0.5).expand_as(a['restored'])
    diff = (a['restored'] - b['restored']).abs() * 127.5
    med = {k: sorted(v)[len(v) // 2] for k, v in times.items()}
    return dict(
        size=size,
        fp32_s=med['fp32'],
        default_s=med['default'],
        speedup=med['fp32'] / med['default'],
        hole_fraction=hole[:, 0].float().mean().item(),
        diff_region=(diff[hole].mean() if hole.any() else diff.mean()).item(),
        diff_max=diff.max().item(),
        masks_identical=bool(
            torch.equal(a['clean_mask'], b['clean_mask'])
            and torch.equal(a['p_clean'], b['p_clean'])),
        dtype=str(resolve_precision('auto', device) or torch.float32))


def run_worker(args, size: int, *extra) -> dict:
    """Run this script's worker for one size in a fresh process (peak RSS
    per size) and return its JSON result."""
    cmd = [
        sys.executable, __file__, '--worker',
        str(size), '--device', args.device, '--threads',
        str(args.threads), '--repeats',
        str(args.repeats)
    ] + list(extra)
    env = {**os.environ, 'OMP_NUM_THREADS': str(args.threads)}
    out = subprocess.run(
        cmd, capture_output=True, text=True, env=env, cwd=REPO)
    if out.returncode:
        print(out.stderr[-2000:], file=sys.stderr)
        raise SystemExit(f'size {size} failed')
    return json.loads(out.stdout.strip().splitlines()[-1])


def main_compare(args) -> None:
    import torch
    print(f'device {args.device}, threads {args.threads}, torch '
          f'{torch.__version__}; full HCL (C = 64), random weights seeded '
          '0, a shipped example photo, median of '
          f'{args.repeats} alternating runs')
    print('| size | fp32 contiguous (s) | default path (s) | restoration '
          'dtype | speedup | predicted hole | mean abs diff in region '
          '(/255) | max abs diff (/255) | masks identical |')
    print('|---|---|---|---|---|---|---|---|---|')
    rows = [
        run_worker(args, size, '--compare-precision') for size in args.sizes
    ]
    for r in rows:
        print(f"| {r['size']} | {r['fp32_s']:.2f} | {r['default_s']:.2f} | "
              f"{r['dtype']} | {r['speedup']:.2f}x | "
              f"{100 * r['hole_fraction']:.1f} % | {r['diff_region']:.3f} "
              f"| {r['diff_max']:.2f} | {r['masks_identical']} |")
    speed = ', '.join(f"{r['speedup']:.2f}x at {r['size']}" for r in rows)
    diff = max(r['diff_region'] for r in rows)
    same = all(r['masks_identical'] for r in rows)
    print(f'speedup {speed}, mean abs diff in region {diff:.3f}/255, '
          f'masks identical: {same}')


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
    parser.add_argument(
        '--compare-precision',
        action='store_true',
        help='fp32 contiguous vs the default inference path')
    parser.add_argument('--worker', type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker and args.compare_precision:
        print(
            json.dumps(
                compare_precision(args.worker, args.device, args.repeats,
                                  args.threads)))
        return
    if args.compare_precision:
        main_compare(args)
        return
    if args.worker:
        print(
            json.dumps(
                measure(args.worker, args.device, args.repeats, args.threads,
                        not args.no_flops, args.memory_formats[0])))
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
        r = run_worker(args, size, '--memory-formats', fmt,
                       *(['--no-flops'] if args.no_flops else []))
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
