# Copyright (c) hcl_mm contributors. All rights reserved.
"""Prepare the NVIDIA irregular masks the way the HCL release trains on them.

Input: the NVIDIA irregular mask *test* set (Liu et al., ECCV 2018), 12,000
PNG files ``00000.png`` ... ``11999.png`` (white = hole) in six area bins of
2,000 consecutive files: (1 %, 10 %], (10 %, 20 %], ..., (50 %, 60 %].

Per bin, a seeded random 400 masks become test masks and the other 1,600
training masks (the release draws them unseeded, so its exact split cannot
be reproduced: released_implementation.md §6, quirk 10); each mask is
binarised at half range and saved in its 8 flips/rotations::

    OUT/train/{0..5}/NNNNN_{r}{f}.png   12,800 per bin, white = hole
    OUT/test/{0..5}/NNNNN_{r}{f}.png     3,200 per bin
    OUT/test_bins/{0-0.2,0.2-0.4,0.4-0.6,0-0.3,0.3-0.6}/  links to the bins
                                         the paper's tables group

    python tools/dataset_converters/nvidia_masks.py \\
        data/downloads/testing_mask_dataset data/nvidia_masks

The configs read ``mask_root = 'data/nvidia_masks/train'`` and
``val_mask_root = 'data/nvidia_masks/test'``
(``FileMask(hole_is_white=True)``);
``tools/make_test_split.py --mask-dir data/nvidia_masks/test_bins/0-0.2
--bins 0-0.2`` freezes a test split of one of the paper's ratio bins.
"""
import argparse
import os
import os.path as osp
import shutil
import sys
import tempfile
from typing import Dict, List

import cv2
import numpy as np

NUM_BINS = 6
# the paper's ratio bins as unions of the 10 % area bins
UNIONS = {
    '0-0.2': (0, 1),
    '0.2-0.4': (2, 3),
    '0.4-0.6': (4, 5),
    '0-0.3': (0, 1, 2),
    '0.3-0.6': (3, 4, 5),
}


def variants(mask: np.ndarray) -> Dict[str, np.ndarray]:
    """The 8 flips/rotations of a mask: ``r{0..3}`` quarter turns, ``f``
    with a horizontal flip first (``n`` without)."""
    out = {}
    for flip in (False, True):
        m = mask[:, ::-1] if flip else mask
        for r in range(4):
            out[f'r{r}{"f" if flip else "n"}'] = np.ascontiguousarray(
                np.rot90(m, r))
    return out


def prepare(src: str,
            out: str,
            seed: int = 0,
            per_bin: int = 2000,
            test_per_bin: int = 400,
            augment: bool = True) -> Dict[str, int]:
    """Split, binarise and augment the masks into ``out``.

    Args:
        src (str): folder with ``NUM_BINS * per_bin`` files ``00000.png``...
        out (str): output folder; must not exist (the result appears at
            once, by renaming a finished temporary folder).
        seed (int): the test pick's seed.
        per_bin (int): masks per area bin (2000 in the NVIDIA set).
        test_per_bin (int): test masks per bin (400 as released).
        augment (bool): write the 8 flips/rotations (as released) or only
            the mask itself.

    Returns:
        dict: files written per split.

    Raises:
        FileNotFoundError: ``src`` or one of the expected files is missing
            (the message names the first few).
        FileExistsError: ``out`` exists.
    """
    if not osp.isdir(src):
        raise FileNotFoundError(f'mask folder not found: {src}')
    if osp.exists(out):
        raise FileExistsError(f'{out} exists; remove it or choose another '
                              'output folder')
    names = [f'{i:05d}.png' for i in range(NUM_BINS * per_bin)]
    missing = [n for n in names if not osp.isfile(osp.join(src, n))]
    if missing:
        raise FileNotFoundError(
            f'{len(missing)} of the {len(names)} NVIDIA mask files are '
            f'missing from {src}, e.g. {missing[:3]} (expected '
            '00000.png ... in six area bins of consecutive files)')
    if not 0 < test_per_bin < per_bin:
        raise ValueError(f'test_per_bin must be in (0, {per_bin})')
    rng = np.random.default_rng(seed)
    parent = osp.dirname(osp.abspath(out))
    os.makedirs(parent, exist_ok=True)
    tmp = tempfile.mkdtemp(dir=parent, prefix='.nvidia_masks_')
    counts = dict(train=0, test=0)
    try:
        for b in range(NUM_BINS):
            ids = np.arange(b * per_bin, (b + 1) * per_bin)
            test = set(rng.choice(ids, test_per_bin, replace=False).tolist())
            for split in counts:
                os.makedirs(osp.join(tmp, split, str(b)))
            for i in ids:
                path = osp.join(src, names[i])
                img = cv2.imread(path, cv2.IMREAD_GRAYSCALE)
                if img is None:
                    raise OSError(f'cannot read mask {path}')
                mask = np.where(img >= 128, 255, 0).astype(np.uint8)
                split = 'test' if int(i) in test else 'train'
                todo = variants(mask) if augment else {'r0n': mask}
                for name, m in todo.items():
                    cv2.imwrite(
                        osp.join(tmp, split, str(b), f'{i:05d}_{name}.png'), m)
                    counts[split] += 1
        for union, bins in UNIONS.items():
            folder = osp.join(tmp, 'test_bins', union)
            os.makedirs(folder)
            for b in bins:
                os.symlink(
                    osp.join('..', '..', 'test', str(b)),
                    osp.join(folder, str(b)))
        os.replace(tmp, out)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return counts


def main(argv: List[str] = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('src', help='the 12,000 NVIDIA test-set masks')
    parser.add_argument('out', help='output folder (must not exist)')
    parser.add_argument('--seed', type=int, default=0)
    parser.add_argument('--per-bin', type=int, default=2000)
    parser.add_argument('--test-per-bin', type=int, default=400)
    parser.add_argument(
        '--no-augment',
        action='store_true',
        help='one file per mask instead of its 8 flips/rotations')
    args = parser.parse_args(argv)
    try:
        counts = prepare(args.src, args.out, args.seed, args.per_bin,
                         args.test_per_bin, not args.no_augment)
    except (FileNotFoundError, FileExistsError, ValueError) as e:
        sys.exit(f'error: {e}')
    print(f'{counts["train"]} training and {counts["test"]} test masks in '
          f'{args.out} (seed {args.seed})')


if __name__ == '__main__':
    main()
