# Copyright (c) hcl_mm contributors. All rights reserved.
"""Blind restoration of a file, a folder or a glob of photos.

Writes per image ``<name>_mask.png`` (white = corrupted),
``<name>_p_corrupted.png`` (soft P(corrupted), 0-255, white = corrupted),
``<name>_restored.png`` and, with ``--grid``, ``<name>_grid.png`` (input |
mask | restored). Outputs are written
atomically, never over an input; unreadable files are skipped and reported;
the exit code is non-zero if any file failed. Without ``--config`` the
shipped demo model (``--model hcl_tiny_demo``) runs; any blind inpaintor
config works (HCL, VCNet, a DetectThenInpaint pairing)::

    python tools/infer.py hcl_mm/data/examples results/examples --grid
    python tools/infer.py photos/ results/ \
        --config configs/hcl/hcl_places_256.py \
        --checkpoint hcl_places_256.pth \
        --dilate 3 --feather 2 --grid
    python tools/infer.py photos/ results/ \
        --config configs/vcnet/vcnet_tiny_cpu.py --checkpoint vcnet.pth
"""
import argparse
import glob
import os
import os.path as osp
import sys

sys.path.insert(0, osp.dirname(osp.dirname(osp.abspath(__file__))))

from hcl_mm.datasets import list_images  # noqa: E402


def parse_args(argv=None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('input', help='image file, folder or glob')
    p.add_argument('output_dir')
    p.add_argument(
        '--model',
        default='hcl_tiny_demo',
        help='model-zoo name (config and weights shipped with '
        'hcl_mm); ignored with --config')
    p.add_argument('--config', help='a config instead of --model')
    p.add_argument(
        '--checkpoint',
        help='weights for --config (random '
        'without: a warning)')
    p.add_argument('--device', default=None)
    p.add_argument(
        '--threshold',
        type=float,
        default=0.5,
        help='corrupted where P(clean) < threshold')
    p.add_argument(
        '--dilate',
        type=int,
        default=None,
        help='grow the mask (px); default: the model\'s measured growth of '
        'detected masks (hcl_mm.apis.model_zoo.DILATE, docs/model_zoo.md), '
        'none for --mask or --config')
    p.add_argument(
        '--feather',
        type=float,
        default=0.,
        help='soft compositing edge outside the mask (sigma, px)')
    p.add_argument(
        '--min-area',
        type=int,
        default=0,
        help='drop corrupted blobs smaller than this (px)')
    p.add_argument(
        '--invert',
        action='store_true',
        help='restore the other region (bidirectional)')
    p.add_argument(
        '--mask',
        help='use this mask (white = corrupted) instead '
        'of detecting: non-blind inpainting')
    p.add_argument(
        '--inpainter',
        choices=['model', 'hybrid', 'telea', 'ns'],
        help='what fills the mask: the model\'s decoder + '
        'refiner, OpenCV (telea / ns), or hybrid (the model\'s '
        'and Telea\'s fills blended, see --hybrid-weight); '
        'default: the model zoo\'s measured choice for --model, '
        'else model')
    p.add_argument(
        '--hybrid-weight',
        type=float,
        help='the model\'s weight in the hybrid fill, 0-1 (default: '
        'the model zoo\'s measured weight for --model, else 0.5)')
    p.add_argument(
        '--precision',
        default='auto',
        choices=['auto', 'fp32', 'bf16', 'fp16'],
        help='of the restoration half (detection is always '
        'fp32): auto = bf16 on CPUs with native bf16, fp16 on '
        'CUDA, else fp32; --precision fp32 forces full precision')
    p.add_argument('--max-side', type=int, default=512)
    p.add_argument('--tile', type=int, default=512)
    p.add_argument(
        '--tile-batch',
        type=int,
        default=2,
        help='tiles restored per forward (large images)')
    p.add_argument('--grid', action='store_true')
    return p.parse_args(argv)


def collect(inp: str) -> list:
    if osp.isdir(inp):
        return list_images(inp, recursive=False)
    if any(c in inp for c in '*?['):
        return sorted(glob.glob(inp))
    return [inp]


def main(argv=None) -> int:
    args = parse_args(argv)
    files = collect(args.input)
    if not files:
        print(f'no image found at {args.input}', file=sys.stderr)
        return 2
    from hcl_mm.apis import BlindRestorer, read_rgb, write_result
    restorer = BlindRestorer(
        args.config or args.model,
        args.checkpoint,
        args.device,
        max_side=args.max_side,
        tile=args.tile,
        tile_batch=args.tile_batch,
        inpainter=args.inpainter,
        hybrid_weight=args.hybrid_weight,
        precision=args.precision)
    inputs = {osp.abspath(f) for f in files}
    os.makedirs(args.output_dir, exist_ok=True)
    done, failed = [], []
    try:
        from tqdm import tqdm
        it = tqdm(files, desc='restoring', unit='img')
    except ImportError:  # pragma: no cover
        it = files
    names = {}
    for path in it:
        name = osp.splitext(osp.basename(path))[0]
        names[name] = names.get(name, 0) + 1
        if names[name] > 1:  # same stem in a glob over several folders
            name = f'{name}_{names[name]}'
        try:
            pred = restorer.restore(
                path,
                threshold=args.threshold,
                dilate=args.dilate,
                feather=args.feather,
                min_area=args.min_area,
                invert=args.invert,
                mask=args.mask)[0]
            if 'error' in pred:
                raise OSError(pred['error'])
            img = read_rgb(path) if args.grid else None
            write_result(args.output_dir, name, pred, img, inputs)
            done.append(path)
        except (OSError, ValueError) as e:
            failed.append((path, str(e)))
    print(f'done: {len(done)} restored into {args.output_dir}; '
          f'skipped: {len(failed)}')
    for path, why in failed:
        print(f'  skipped {path}: {why}')
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
