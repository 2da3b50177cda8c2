# Copyright (c) hcl_mm contributors. All rights reserved.
import os.path as osp
import re
from typing import List

from hcl_mm.registry import DATASETS
from .image_folder_dataset import ImageFolderDataset
from .image_list import list_images


@DATASETS.register_module()
class RaindropDataset(ImageFolderDataset):
    """Raindrop removal pairs in the Raindrop layout (Qian et al., CVPR
    2018, "Attentive GAN").

    Layout::

        data_root/<split>/data/<k>_rain.png   image with raindrops (input)
        data_root/<split>/gt/<k>_clean.png    the same scene without them

    There is no mask file: add ``MaskFromDifference`` after loading both
    images (the raindrop mask is where they differ by more than a
    threshold, 30 of 255 as in the dataset's paper).

    Args:
        data_root (str): the Raindrop root.
        split (str): ``'train'``, ``'test_a'`` or ``'test_b'``.
        **kwargs: see :class:`ImageFolderDataset`.
    """

    _RAIN = re.compile(r'^(.+)_rain$')

    def __init__(self, data_root: str, split: str = 'train', **kwargs) -> None:
        self.split = split
        super().__init__(data_root=data_root, **kwargs)

    def load_data_list(self) -> List[dict]:
        """Pairs ``data/<k>_rain.*`` with ``gt/<k>_clean.*``."""
        base = osp.join(self.data_root, self.split)
        data, gt_dir = osp.join(base, 'data'), osp.join(base, 'gt')
        for d in (data, gt_dir):
            if not osp.isdir(d):
                raise FileNotFoundError(
                    f'Raindrop layout: folder {d} is missing')
        items = []
        for i, path in enumerate(list_images(data, recursive=False)):
            stem, ext = osp.splitext(osp.basename(path))
            match = self._RAIN.match(stem)
            if match is None:
                raise ValueError(
                    f'Raindrop layout: {path} is not named <k>_rain{ext}')
            gt = osp.join(gt_dir, f'{match.group(1)}_clean{ext}')
            if not osp.isfile(gt):
                raise FileNotFoundError(
                    f'Raindrop layout: {gt} (paired with {path}) is missing')
            items.append(dict(img_path=path, gt_path=gt, sample_idx=i))
        if not items:
            raise FileNotFoundError(f'Raindrop layout: no images in {data}')
        return items
