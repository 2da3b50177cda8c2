# Copyright (c) hcl_mm contributors. All rights reserved.
import os.path as osp
from typing import List

from hcl_mm.registry import DATASETS
from .image_folder_dataset import ImageFolderDataset
from .image_list import list_images


@DATASETS.register_module()
class ISTDDataset(ImageFolderDataset):
    """Shadow removal triplets in the ISTD layout (Wang et al., CVPR 2018).

    Layout::

        data_root/<split>/<split>_A/<name>.png   shadow image (the input)
        data_root/<split>/<split>_B/<name>.png   shadow mask (white = shadow)
        data_root/<split>/<split>_C/<name>.png   shadow-free image (target)

    Items hold ``img_path``, ``mask_path`` and ``gt_path``; load them with
    ``LoadImage``, ``LoadImage(key='gt_path', out_key='gt_img')`` and
    ``LoadMask(hole_is_white=True)`` (the shadow is the "corrupted" region,
    so hcl_mm's mask is 1 outside it).

    Args:
        data_root (str): the ISTD root.
        split (str): ``'train'`` or ``'test'``. Defaults to 'train'.
        **kwargs: see :class:`ImageFolderDataset`.
    """

    def __init__(self, data_root: str, split: str = 'train', **kwargs) -> None:
        self.split = split
        super().__init__(data_root=data_root, **kwargs)

    def load_data_list(self) -> List[dict]:
        """Triplets by file name; every shadow image needs its mask and
        shadow-free image."""
        base = osp.join(self.data_root, self.split)
        dirs = {k: osp.join(base, f'{self.split}_{k}') for k in 'ABC'}
        for d in dirs.values():
            if not osp.isdir(d):
                raise FileNotFoundError(f'ISTD layout: folder {d} is missing')
        items = []
        for i, path in enumerate(list_images(dirs['A'], recursive=False)):
            name = osp.basename(path)
            mask, gt = osp.join(dirs['B'], name), osp.join(dirs['C'], name)
            for need in (mask, gt):
                if not osp.isfile(need):
                    raise FileNotFoundError(
                        f'ISTD layout: {need} (paired with {path}) is '
                        'missing')
            items.append(
                dict(img_path=path, mask_path=mask, gt_path=gt, sample_idx=i))
        if not items:
            raise FileNotFoundError(f'ISTD layout: no images in {dirs["A"]}')
        return items
