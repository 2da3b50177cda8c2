# Copyright (c) hcl_mm contributors. All rights reserved.
"""Draw simple RGBA logos (rings, bars, stars, badges) for LogoOverlay.

The shipped set under ``hcl_mm/data/logos`` was made with this script
(seed 0); they are drawn from scratch, so they carry no third-party
licence::

    python tools/misc/make_logos.py hcl_mm/data/logos --num 8
"""
import argparse
import os
import os.path as osp
import sys

import cv2
import numpy as np

sys.path.insert(0,
                osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__)))))
from hcl_mm.utils import write_image_atomic  # noqa: E402


def draw_logo(i: int, rng: np.random.Generator, size: int = 96) -> np.ndarray:
    """One ``(size, size, 4)`` BGRA logo; the shape cycles with ``i``."""
    logo = np.zeros((size, size, 4), np.uint8)
    color = tuple(int(c) for c in rng.integers(0, 256, 3)) + (255, )
    c, r = size // 2, int(size * 0.375)
    kind = i % 4
    if kind == 0:
        cv2.circle(logo, (c, c), r, color, max(2, size // 10))
    elif kind == 1:
        cv2.rectangle(logo, (size // 10, size // 3),
                      (size - size // 10, 2 * size // 3), color, -1)
    elif kind == 2:
        angles = np.linspace(0, 2 * np.pi, 11)[:-1] - np.pi / 2
        radii = np.where(np.arange(10) % 2 == 0, r * 1.2, r * 0.5)
        pts = np.stack(
            [c + radii * np.cos(angles), c + radii * np.sin(angles)], 1)
        cv2.fillPoly(logo, [pts.round().astype(np.int32)], color)
    else:
        cv2.rectangle(logo, (4, size // 4), (size - 4, 3 * size // 4), color,
                      -1)
        cv2.putText(logo, 'LOGO', (8, size // 2 + size // 10),
                    cv2.FONT_HERSHEY_SIMPLEX, size / 110, (255, 255, 255, 255),
                    2)
    return logo


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('out', help='output folder')
    parser.add_argument('--num', type=int, default=8)
    parser.add_argument('--size', type=int, default=96)
    parser.add_argument('--seed', type=int, default=0)
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)
    rng = np.random.default_rng(args.seed)
    for i in range(args.num):
        write_image_atomic(
            osp.join(args.out, f'logo{i}.png'), draw_logo(i, rng, args.size))
    print(f'{args.num} logos in {args.out}')


if __name__ == '__main__':
    main()
