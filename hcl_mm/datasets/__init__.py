# Copyright (c) hcl_mm contributors. All rights reserved.
import mmcv.transforms  # noqa: F401  (registers mmcv's transforms)

from .image_folder_dataset import ImageFolderDataset
from .image_list import IMG_EXTENSIONS, list_images
from .paired_dataset import CorruptionSplitDataset, Logo30KDataset
from .raindrop_dataset import RaindropDataset
from .shadow_dataset import ISTDDataset
from .transforms import *  # noqa: F401,F403

__all__ = [
    'ImageFolderDataset', 'Logo30KDataset', 'ISTDDataset', 'RaindropDataset',
    'CorruptionSplitDataset', 'IMG_EXTENSIONS', 'list_images'
]
