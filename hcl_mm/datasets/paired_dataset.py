# Copyright (c) hcl_mm contributors. All rights reserved.
"""Datasets of pre-made (corrupted, clean, mask) triplets."""
import csv
import os
import os.path as osp
from typing import List

from hcl_mm.registry import DATASETS
from .image_folder_dataset import ImageFolderDataset
from .image_list import list_images


@DATASETS.register_module()
class Logo30KDataset(ImageFolderDataset):
    """Watermark removal pairs in the LOGO-30K layout (SplitNet's 27kpng).

    Layout::

        data_root/
          natural/<id>.jpg                  clean images
          <split>_images/image/<id>-<k>.png watermarked images
          <split>_images/mask/<id>-<k>.png  watermark masks (white = mark)
          <split>_images/wm/<id>-<k>.png    the watermarks (optional)

    Items hold ``img_path`` (watermarked), ``gt_path`` (clean), ``mask_path``
    and ``wm_path``. Use ``LoadImage``, ``LoadImage(key='gt_path',
    out_key='gt_img')`` and ``LoadMask(hole_is_white=True)`` in the pipeline.

    Args:
        data_root (str): the LOGO-30K root.
        split (str): ``'train'`` or ``'val'``. Defaults to 'train'.
        **kwargs: see :class:`ImageFolderDataset`.
    """

    def __init__(self, data_root: str, split: str = 'train', **kwargs) -> None:
        self.split = split
        super().__init__(data_root=data_root, **kwargs)

    def load_data_list(self) -> List[dict]:
        """Pair every watermarked image with its mask and clean image."""
        split_dir = osp.join(self.data_root, f'{self.split}_images')
        for sub in ('image', 'mask'):
            if not osp.isdir(osp.join(split_dir, sub)):
                raise FileNotFoundError(
                    f'LOGO-30K layout: folder {osp.join(split_dir, sub)} '
                    'is missing')
        natural = osp.join(self.data_root, 'natural')
        if not osp.isdir(natural):
            raise FileNotFoundError(
                f'LOGO-30K layout: folder {natural} is missing')
        items = []
        for i, path in enumerate(
                list_images(osp.join(split_dir, 'image'), recursive=False)):
            name = osp.basename(path)
            stem = osp.splitext(name)[0]
            gt = osp.join(natural, stem.split('-')[0] + '.jpg')
            mask = osp.join(split_dir, 'mask', name)
            for need in (gt, mask):
                if not osp.isfile(need):
                    raise FileNotFoundError(
                        f'LOGO-30K layout: {need} (paired with {path}) '
                        'is missing')
            items.append(
                dict(
                    img_path=path,
                    gt_path=gt,
                    mask_path=mask,
                    wm_path=osp.join(split_dir, 'wm', name),
                    sample_idx=i))
        return items


@DATASETS.register_module()
class CorruptionSplitDataset(ImageFolderDataset):
    """A frozen test split written by ``tools/make_test_split.py``.

    Reads ``data_root/index.csv`` (columns ``name, corrupted, gt, mask``
    plus metadata, paths relative to the index's folder) or, when
    ``data_root`` holds no index, every ``data_root/<bin>/index.csv`` (the
    tool writes one folder per hole-ratio bin), so one run evaluates all
    bins; items then carry ``split_bin``. Masks are stored in hcl_mm's
    polarity (white = clean): load them with
    ``LoadMask(hole_is_white=False)``.
    """

    def _indexes(self) -> List[str]:
        index = osp.join(self.data_root, 'index.csv')
        if osp.isfile(index):
            return [index]
        if osp.isdir(self.data_root):
            found = sorted(
                osp.join(self.data_root, d, 'index.csv')
                for d in os.listdir(self.data_root)
                if osp.isfile(osp.join(self.data_root, d, 'index.csv')))
            if found:
                return found
        raise FileNotFoundError(
            f'frozen split index not found: {index} (nor */index.csv below '
            'it); make one with tools/make_test_split.py')

    def load_data_list(self) -> List[dict]:
        """Read the split's index (or the indexes of all its bins)."""
        items = []
        for index in self._indexes():
            root = osp.dirname(index)
            with open(index, newline='', encoding='utf-8') as f:
                for row in csv.DictReader(f):
                    try:
                        item = dict(
                            img_path=osp.join(root, row['corrupted']),
                            gt_path=osp.join(root, row['gt']),
                            mask_path=osp.join(root, row['mask']),
                            sample_idx=len(items))
                    except KeyError as e:
                        raise KeyError(
                            f'{index}: column {e} is missing') from e
                    if root != self.data_root.rstrip('/'):
                        item['split_bin'] = osp.basename(root)
                    item.update({
                        k: v
                        for k, v in row.items()
                        if k not in ('corrupted', 'gt', 'mask')
                    })
                    items.append(item)
        if not items:
            raise ValueError(f'frozen split {self.data_root} lists no sample')
        return items
