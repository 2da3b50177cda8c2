# Copyright (c) hcl_mm contributors. All rights reserved.
"""Freeze a corruption test split to disk, one folder per hole-ratio bin.

For every image and bin the script writes the clean image, the mask (white =
clean, hcl_mm's polarity), the corrupted image and an ``index.csv`` with the
metadata (source file, seed, mask generator, content, hole ratio), read back
by ``CorruptionSplitDataset``. Every draw comes from a seed derived from
``--seed`` and the image index, so the split is reproducible bit for bit.

Example::

    python tools/make_test_split.py data/places/test out/places_test \\
        --bins 0-0.2 0.2-0.4 0.4-0.6 --size 256 --noise-root data/imagenet \\
        --num 3000

``--content-options`` passes keyword arguments to the content, e.g. black
or white text only: ``--content text --content-options achromatic_prob=1``.
"""
import argparse
import csv
import os
import os.path as osp
import sys

from mmengine.config import DictAction

sys.path.insert(0, osp.dirname(osp.dirname(osp.abspath(__file__))))

from hcl_mm.datasets import ImageFolderDataset  # noqa: E402
from hcl_mm.utils import register_all_modules  # noqa: E402
from hcl_mm.utils import write_image_atomic

CONTENTS = {
    'image': lambda a: dict(type='ImageContent', data_root=a.noise_root),
    'constant': lambda a: dict(type='ConstantColor'),
    'noise': lambda a: dict(type='RandomNoise'),
    'graffiti': lambda a: dict(type='GraffitiOverlay'),
    'text': lambda a: dict(type='TextOverlay'),
    'logo': lambda a: dict(type='LogoOverlay', data_root=a.logo_root),
}
MASKS = {
    'irregular': dict(type='IrregularMask'),
    'freeform': dict(type='FreeFormMask'),
    'bbox': dict(type='BBoxMask'),
}


def parse_bin(text: str):
    lo, hi = (float(v) for v in text.split('-'))
    return lo, hi


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('src', help='folder of clean test images')
    parser.add_argument('out', help='output folder (must not exist)')
    parser.add_argument(
        '--bins',
        nargs='+',
        default=['0-0.2', '0.2-0.4', '0.4-0.6'],
        help='hole-ratio bins, lo-hi')
    parser.add_argument(
        '--size',
        type=int,
        default=256,
        help='short-side resize then centre crop')
    parser.add_argument(
        '--num',
        type=int,
        default=None,
        help='first N images of the sorted list')
    parser.add_argument('--content', choices=sorted(CONTENTS), default='image')
    parser.add_argument(
        '--content-options',
        nargs='+',
        action=DictAction,
        default={},
        help='KEY=VALUE arguments of the content (e.g. achromatic_prob=1 '
        'for --content text)')
    parser.add_argument('--mask', choices=sorted(MASKS), default='irregular')
    parser.add_argument(
        '--mask-dir',
        default=None,
        help='use mask files from this folder instead')
    parser.add_argument(
        '--noise-root', default=None, help='content images (--content image)')
    parser.add_argument(
        '--logo-root', default=None, help='RGBA logos (--content logo)')
    parser.add_argument('--seed', type=int, default=3407)
    parser.add_argument('--smooth-radius', type=float, default=3.0)
    parser.add_argument(
        '--reference-side',
        type=int,
        default=None,
        help='draw holes, strokes and glyphs at the scale of a photo with '
        'this short side (CorruptImage reference_side; e.g. 128 on --size '
        '256 halves them)')
    args = parser.parse_args(argv)
    if args.content == 'image' and args.noise_root is None:
        args.noise_root = args.src
    if args.content == 'logo' and args.logo_root is None:
        parser.error('--content logo needs --logo-root')
    return args


def build_pipeline(args, ratio_range):
    content = CONTENTS[args.content](args)
    if args.content in ('graffiti', 'text', 'logo'):
        content['ratio_range'] = ratio_range
    content.update(args.content_options)
    if args.mask_dir:
        mask = dict(
            type='FileMask', path=args.mask_dir, ratio_range=ratio_range)
    else:
        mask = dict(MASKS[args.mask], ratio_range=ratio_range)
    return [
        dict(type='LoadImage'),
        dict(type='ResizeShortSide', size=args.size),
        dict(type='RandomCrop', crop_size=args.size, center=True),
        dict(
            type='CorruptImage',
            masks=mask,
            contents=content,
            smooth_radius=args.smooth_radius,
            reference_side=args.reference_side),
    ]


def main(argv=None) -> None:
    args = parse_args(argv)
    register_all_modules()
    if osp.exists(args.out):
        raise FileExistsError(f'{args.out} exists; choose a new folder')
    for bin_text in args.bins:
        ratio_range = parse_bin(bin_text)
        dataset = ImageFolderDataset(
            data_root=args.src,
            seed=args.seed,
            test_mode=True,
            pipeline=build_pipeline(args, ratio_range),
            indices=args.num)
        bin_dir = osp.join(args.out, bin_text)
        for sub in ('gt', 'mask', 'corrupted'):
            os.makedirs(osp.join(bin_dir, sub))
        rows = []
        for i in range(len(dataset)):
            r = dataset[i]
            name = f'{i:06d}.png'
            write_image_atomic(osp.join(bin_dir, 'gt', name), r['gt_img'])
            write_image_atomic(
                osp.join(bin_dir, 'mask', name), r['mask'] * 255)
            write_image_atomic(osp.join(bin_dir, 'corrupted', name), r['img'])
            rows.append(
                dict(
                    name=name,
                    corrupted=f'corrupted/{name}',
                    gt=f'gt/{name}',
                    mask=f'mask/{name}',
                    source=osp.relpath(r['img_path'], args.src),
                    sample_seed=r['sample_seed'],
                    mask_generator=r['corruption']['mask'],
                    content=r['corruption']['content'],
                    hole_ratio=f"{r['corruption']['hole_ratio']:.6f}"))
        with open(osp.join(bin_dir, 'index.csv'), 'w', newline='') as f:
            writer = csv.DictWriter(f, fieldnames=list(rows[0]))
            writer.writeheader()
            writer.writerows(rows)
        ratios = [float(r['hole_ratio']) for r in rows]
        print(f'{bin_dir}: {len(rows)} samples, hole ratio '
              f'{min(ratios):.3f}-{max(ratios):.3f}')


if __name__ == '__main__':
    main()
