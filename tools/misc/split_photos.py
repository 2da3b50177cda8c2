# Copyright (c) hcl_mm contributors. All rights reserved.
"""Split the shared photo collection into train/ and val/ by ``source_id``.

Photos cut from the same source picture (a full view and its tiles) land in
the same part, so validation never sees a training picture. Files are
symlinked (nothing copied, inputs untouched)::

    python tools/misc/split_photos.py data/photos data/photos_split
"""
import argparse
import csv
import hashlib
import os
import os.path as osp
from typing import Dict


def split_photos(photos: str,
                 out: str,
                 size: str = '256',
                 val_every: int = 5) -> Dict[str, int]:
    """Symlink the ``size`` px photos into ``out/{train,val}``.

    Args:
        photos (str): folder with ``manifest.csv`` (columns ``file``,
            ``size``, ``source_id``).
        out (str): output folder.
        size (str): the crop size to take ('256' or '512').
        val_every (int): a source goes to val when the SHA-1 of its id is
            divisible by this (1 in 5 by default).

    Returns:
        dict: number of photos per part.
    """
    manifest = osp.join(photos, 'manifest.csv')
    if not osp.isfile(manifest):
        raise FileNotFoundError(f'no manifest.csv in {photos}')
    counts = dict(train=0, val=0)
    with open(manifest, newline='') as f:
        for row in csv.DictReader(f):
            missing = {'file', 'size', 'source_id'} - set(row)
            if missing:
                raise KeyError(f'{manifest} lacks columns {sorted(missing)}')
            if row['size'] != size:
                continue
            h = int(hashlib.sha1(row['source_id'].encode()).hexdigest(), 16)
            part = 'val' if h % val_every == 0 else 'train'
            os.makedirs(osp.join(out, part), exist_ok=True)
            dst = osp.join(out, part, osp.basename(row['file']))
            if not osp.lexists(dst):
                os.symlink(osp.abspath(osp.join(photos, row['file'])), dst)
            counts[part] += 1
    return counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('photos', help='folder holding manifest.csv')
    parser.add_argument('out', help='output folder (train/ and val/)')
    parser.add_argument('--size', default='256', choices=['256', '512'])
    args = parser.parse_args()
    counts = split_photos(args.photos, args.out, args.size)
    print(f'{counts["train"]} train / {counts["val"]} val photos in '
          f'{args.out}')


if __name__ == '__main__':
    main()
