# Copyright (c) hcl_mm contributors. All rights reserved.
"""Export an HCL model to ONNX: the embedding network (encoder + projection
heads) and the restoration network (decoder + refiner given masks).

The clustering between them (2-means, quadtree, classifier) stays in torch
(:class:`hcl_mm.deployment.ONNXBlindRestorer`). With ``--verify`` the ONNX
path (onnxruntime) runs beside PyTorch on one image and the differences are
printed; ``--benchmark N`` times both::

    python tools/deployment/pytorch2onnx.py work_dirs/onnx \\
        [--config CONFIG --checkpoint CKPT] [--shape 256 256] \\
        [--verify] [--benchmark 10 --threads 2]

Defaults export the shipped ``hcl_tiny_demo``. Ends with a one-line summary
(``--verify``: exit status 1 when the restored images differ by more than
``--atol`` or the masks differ).
"""
import argparse
import os
import os.path as osp
import sys
import time

import numpy as np
import torch

REPO = osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__))))
sys.path.insert(0, REPO)
from hcl_mm.apis.model_zoo import MODEL_ZOO  # noqa: E402
from hcl_mm.deployment import ONNXBlindRestorer, export_onnx  # noqa: E402


def load_model(config: str, checkpoint: str):
    from mmengine import Config
    from mmengine.runner import load_checkpoint

    from hcl_mm.models import inference_model_cfg
    from hcl_mm.registry import MODELS
    from hcl_mm.utils import register_all_modules
    register_all_modules()
    model = MODELS.build(inference_model_cfg(Config.fromfile(config).model))
    if checkpoint:
        load_checkpoint(model, checkpoint, map_location='cpu', logger='silent')
    return model.eval()


def example_image(shape) -> torch.Tensor:
    """A shipped example photo at ``shape``, in [-1, 1]."""
    import cv2
    path = osp.join(REPO, 'hcl_mm', 'data', 'examples',
                    'graffiti_chenonceau.png')
    img = cv2.imread(path)[..., ::-1]
    img = cv2.resize(img, shape[::-1], interpolation=cv2.INTER_AREA)
    x = torch.from_numpy(np.ascontiguousarray(img)).permute(2, 0, 1)
    return x[None].float() / 127.5 - 1


def median_time(fn, n: int) -> float:
    fn()  # warm-up
    times = []
    for _ in range(n):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return float(np.median(times))


def main(argv=None) -> None:
    zoo_cfg, zoo_ckpt = MODEL_ZOO['hcl_tiny_demo']
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('out_dir', help='writes embed.onnx and restore.onnx')
    parser.add_argument('--config', default=osp.join(REPO, 'configs', zoo_cfg))
    parser.add_argument(
        '--checkpoint',
        default=osp.join(REPO, 'hcl_mm', 'data', zoo_ckpt),
        help="weights ('' for random init)")
    parser.add_argument('--shape', type=int, nargs=2, default=[256, 256])
    parser.add_argument('--opset', type=int, default=17)
    parser.add_argument('--verify', action='store_true')
    parser.add_argument('--atol', type=float, default=1e-4)
    parser.add_argument('--benchmark', type=int, default=0, metavar='N')
    parser.add_argument('--threads', type=int, default=None)
    args = parser.parse_args(argv)
    if args.threads:
        torch.set_num_threads(args.threads)
    model = load_model(args.config, args.checkpoint)
    divisor = model.size_divisor
    if args.shape[0] % divisor or args.shape[1] % divisor:
        sys.exit(f'error: --shape must be multiples of {divisor}')
    os.makedirs(args.out_dir, exist_ok=True)
    embed = osp.join(args.out_dir, 'embed.onnx')
    restore = osp.join(args.out_dir, 'restore.onnx')
    export_onnx(model, args.shape, embed, restore, args.opset)
    print(f'wrote {embed} ({osp.getsize(embed) / 2**20:.1f} MiB) and '
          f'{restore} ({osp.getsize(restore) / 2**20:.1f} MiB) for '
          f'{args.shape[0]}x{args.shape[1]}')
    if not (args.verify or args.benchmark):
        return
    runner = ONNXBlindRestorer(
        embed, restore, model.mask_detector, threads=args.threads)
    img = example_image(args.shape)
    ok = True
    if args.verify:
        with torch.no_grad():
            ref = model.blind_inpaint(img)
        out = runner(img)
        same = float((out['clean_mask'] == ref['clean_mask']).float().mean())
        d_p = float((out['p_clean'] - ref['p_clean']).abs().max())
        d_img = float((out['restored'] - ref['restored']).abs().max())
        ok = same == 1.0 and d_img <= args.atol
        print(f'parity: masks identical on {same:.2%} of pixels, p_clean '
              f'max diff {d_p:.2e}, restored max abs diff {d_img:.2e} '
              f'(atol {args.atol:g}, images in [-1, 1])')
    if args.benchmark:
        with torch.no_grad():
            t_torch = median_time(lambda: model.blind_inpaint(img),
                                  args.benchmark)
        t_onnx = median_time(lambda: runner(img), args.benchmark)
        print(f'speed ({args.threads or torch.get_num_threads()} threads, '
              f'median of {args.benchmark}): PyTorch fp32 {t_torch:.3f} s, '
              f'onnxruntime {t_onnx:.3f} s, '
              f'{t_torch / t_onnx:.2f}x')
    print(f'summary: ONNX export {"matches" if ok else "DIFFERS FROM"} '
          'PyTorch' if args.verify else 'summary: exported')
    if not ok:
        sys.exit(1)


if __name__ == '__main__':
    main()
