# Copyright (c) hcl_mm contributors. All rights reserved.
"""Draw README's picture: the shipped examples through the shipped model.

One row per example in ``hcl_mm/data/examples``: input | ground-truth mask
| detected mask (white = corrupted, before the model's dilation) |
restored, with the example's corrupted-class IoU in its file name order.
Runs ``BlindRestorer`` exactly as ``tools/infer.py`` does (default
inpainter, dilation and precision)::

    python tools/misc/make_readme_figure.py docs/images/examples.jpg
"""
import argparse
import glob
import os.path as osp
import sys

import cv2
import numpy as np

REPO = osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__))))
sys.path.insert(0, REPO)
from hcl_mm.apis import BlindRestorer, corrupted_from_conf  # noqa: E402
from hcl_mm.utils import write_image_atomic  # noqa: E402

GAP = 6


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('out', help='output PNG')
    parser.add_argument(
        '--examples', default=osp.join(REPO, 'hcl_mm', 'data', 'examples'))
    parser.add_argument('--model', default='hcl_tiny_demo')
    args = parser.parse_args(argv)
    restorer = BlindRestorer(args.model)
    rows, ious = [], []
    for path in sorted(glob.glob(osp.join(args.examples, '*.png'))):
        name = osp.basename(path)
        img = cv2.imread(path)
        gt = cv2.imread(osp.join(args.examples, 'gt_masks', name), 0) > 127
        pred, = restorer.restore([path])
        det = corrupted_from_conf(pred['p_clean'])  # before the growth
        union = (det | gt).sum()
        ious.append((name[:-4], (det & gt).sum() / union if union else 1.))
        tiles = [
            img,
            np.repeat(gt[..., None].astype(np.uint8) * 255, 3, 2),
            np.repeat(det[..., None].astype(np.uint8) * 255, 3, 2),
            pred['restored'][..., ::-1]
        ]
        gap = np.full((img.shape[0], GAP, 3), 255, np.uint8)
        row = [tiles[0]]
        for t in tiles[1:]:
            row += [gap, t]
        rows.append(np.concatenate(row, 1))
    width = rows[0].shape[1]
    sep = np.full((GAP, width, 3), 255, np.uint8)
    figure = [rows[0]]
    for r in rows[1:]:
        figure += [sep, r]
    write_image_atomic(args.out, np.concatenate(figure, 0))
    print(f'wrote {args.out}: rows ' + ', '.join(f'{n} (IoU {v:.3f})'
                                                 for n, v in ious))


if __name__ == '__main__':
    main()
