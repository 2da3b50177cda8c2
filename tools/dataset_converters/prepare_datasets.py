# Copyright (c) hcl_mm contributors. All rights reserved.
"""Lay out the paper's datasets the way hcl_mm's configs read them.

Nothing is copied or resized (the pipelines resize on the fly, as the
release does): the output is a tree of symbolic links into the official
download, with the release's splits (layouts and split rules:
docs/datasets.md)::

    python tools/dataset_converters/prepare_datasets.py places365 \
        SRC data/places
    python tools/dataset_converters/prepare_datasets.py imagenet \
        SRC data/imagenet
    python tools/dataset_converters/prepare_datasets.py ffhq SRC data/ffhq
    python tools/dataset_converters/prepare_datasets.py celebahq \
        SRC data/celeba-hq

Places-512 reads the same Places folders (``data/places512`` may link to
``data/places``). A missing folder or file stops with an error naming it;
an existing OUT is refused.
"""
import argparse
import os
import os.path as osp
import shutil
import sys
import tempfile
from typing import Callable, Dict, List

CELEBA_SPLITS = (('train', 1, 162771), ('val', 162771, 182638),
                 ('test', 182638, 202600))


def _need(path: str, what: str) -> str:
    if not osp.exists(path):
        raise FileNotFoundError(f'{what} not found: {path}')
    return osp.abspath(path)


def _link(target: str, name: str) -> None:
    os.makedirs(osp.dirname(name), exist_ok=True)
    os.symlink(target, name)


def places365(src: str, out: str) -> Dict[str, int]:
    for split, folder in (('train', 'data_large_standard'),
                          ('val', 'val_large'), ('test', 'test_large')):
        _link(
            _need(osp.join(src, folder), 'Places365 folder'),
            osp.join(out, split))
    return dict(train=1, val=1, test=1)


def imagenet(src: str, out: str) -> Dict[str, int]:
    for split, folder in (('train', 'train'), ('valid', 'val'), ('test',
                                                                 'test')):
        _link(
            _need(osp.join(src, folder), 'ImageNet folder'),
            osp.join(out, split))
    return dict(train=1, valid=1, test=1)


def ffhq(src: str, out: str) -> Dict[str, int]:
    root = _need(osp.join(src, 'images1024x1024'), 'FFHQ folder')
    counts = dict(train=0, test=0)
    for start in range(0, 70000, 1000):
        folder = _need(osp.join(root, f'{start:05d}'), 'FFHQ folder')
        split = 'train' if start < 60000 else 'test'
        _link(folder, osp.join(out, split, f'{start:05d}'))
        counts[split] += 1
    return counts


def celebahq(src: str, out: str) -> Dict[str, int]:
    images = _need(osp.join(src, 'CelebA-HQ-img'), 'CelebA-HQ folder')
    mapping = _need(
        osp.join(src, 'CelebA-HQ-to-CelebA-mapping.txt'),
        'CelebA-HQ mapping file')
    counts = {s: 0 for s, _, _ in CELEBA_SPLITS}
    with open(mapping) as f:
        rows = [line.split() for line in f if line.strip()]
    for row in rows[1:]:  # header: idx orig_idx orig_file
        idx, orig_file = row[0], row[2]
        celeba_id = int(osp.splitext(orig_file)[0])
        name = f'{idx}.jpg'
        path = _need(osp.join(images, name), 'CelebA-HQ image')
        for split, lo, hi in CELEBA_SPLITS:
            if lo <= celeba_id < hi:
                # named by the CelebA id, as the release renames them
                _link(path, osp.join(out, split, f'{celeba_id:06d}.jpg'))
                counts[split] += 1
    return counts


DATASETS: Dict[str, Callable[[str, str], Dict[str, int]]] = dict(
    places365=places365, imagenet=imagenet, ffhq=ffhq, celebahq=celebahq)


def prepare(name: str, src: str, out: str) -> Dict[str, int]:
    """Build ``out`` for dataset ``name`` from ``src``; the tree appears at
    once (a finished temporary folder is renamed)."""
    if name not in DATASETS:
        raise KeyError(f'unknown dataset {name!r}; one of {sorted(DATASETS)}')
    _need(src, f'{name} download')
    if osp.exists(out):
        raise FileExistsError(f'{out} exists; remove it first')
    parent = osp.dirname(osp.abspath(out))
    os.makedirs(parent, exist_ok=True)
    tmp = tempfile.mkdtemp(dir=parent, prefix=f'.{name}_')
    try:
        counts = DATASETS[name](src, tmp)
        os.replace(tmp, out)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return counts


def main(argv: List[str] = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('dataset', choices=sorted(DATASETS))
    parser.add_argument('src', help='the official download')
    parser.add_argument('out', help='output folder (must not exist)')
    args = parser.parse_args(argv)
    try:
        counts = prepare(args.dataset, args.src, args.out)
    except (FileNotFoundError, FileExistsError) as e:
        sys.exit(f'error: {e}')
    print(f'{args.out}: ' + ', '.join(f'{k} {v}'
                                      for k, v in counts.items()) + ' (links)')


if __name__ == '__main__':
    main()
