# Copyright (c) hcl_mm contributors. All rights reserved.
import warnings
from typing import Any, List, Optional, Sequence

from mmengine.dataset import BaseDataset
from mmengine.registry import DefaultScope

from hcl_mm.registry import DATASETS
from .image_list import IMG_EXTENSIONS, list_images
from .transforms.loading import UnreadableImageError
from .transforms.seeding import SEED_KEY, sample_seed


@DATASETS.register_module()
class ImageFolderDataset(BaseDataset):
    """Clean images of a folder, corrupted on the fly by the pipeline.

    Classes follow hcl_mm's mask polarity: label 0 = corrupted, 1 = clean.

    Every sample carries ``sample_seed``: with ``seed=None`` (training) it
    is drawn from NumPy's global generator, which MMEngine seeds per worker
    and rank; with an integer ``seed`` it depends only on ``(seed, index)``
    so a test split is reproducible bit for bit.

    Args:
        data_root (str): the image folder.
        ann_file (str, optional): a text file listing images relative to
            ``data_root`` (relative paths of the list itself are resolved
            against ``data_root``). None lists the folder.
        recursive (bool): descend into sub-folders. Defaults to True.
        extensions (sequence): accepted suffixes.
        seed (int, optional): dataset seed, see above.
        skip_invalid (bool): skip unreadable images with a warning (the next
            index is used) instead of raising. Defaults to False.
        **kwargs: see :class:`mmengine.dataset.BaseDataset` (``pipeline``,
            ``test_mode``, ``indices``, ``max_refetch``...).
    """

    METAINFO = dict(
        classes=('corrupted', 'clean'), palette=[[255, 0, 0], [0, 0, 0]])

    def __init__(self,
                 data_root: str,
                 ann_file: Optional[str] = None,
                 recursive: bool = True,
                 extensions: Sequence[str] = IMG_EXTENSIONS,
                 seed: Optional[int] = None,
                 skip_invalid: bool = False,
                 **kwargs) -> None:
        self.recursive = recursive
        self.extensions = tuple(extensions)
        self.seed = seed
        self.skip_invalid = skip_invalid
        self.skipped: List[str] = []
        # Pipelines resolve in hcl_mm's scope when none is set (a dataset
        # instantiated directly rather than through a Runner or registry).
        scope = None if DefaultScope.get_current_instance() else 'hcl_mm'
        with DefaultScope.overwrite_default_scope(scope):
            super().__init__(
                ann_file=ann_file or '', data_root=data_root, **kwargs)

    def load_data_list(self) -> List[dict]:
        """List the images (``img_path`` and ``sample_idx`` per item)."""
        ann_file = self.ann_file or None
        paths = list_images(self.data_root, ann_file, self.recursive,
                            self.extensions)
        return [dict(img_path=p, sample_idx=i) for i, p in enumerate(paths)]

    def prepare_data(self, idx: int) -> Any:
        """Run the pipeline on item ``idx`` with its ``sample_seed``."""
        info = self.get_data_info(idx)
        info[SEED_KEY] = sample_seed(self.seed, idx)
        return self.pipeline(info)

    def __getitem__(self, idx: int) -> Any:
        """Get item ``idx``; unreadable images raise or are skipped.

        Raises:
            UnreadableImageError: an unreadable image without
                ``skip_invalid`` (the message names the file).
            RuntimeError: another pipeline error, with the file named.
        """
        if not self._fully_initialized:
            self.full_init()
        n = len(self)
        for attempt in range(min(self.max_refetch + 1, n)):
            i = (idx + attempt) % n
            try:
                data = self.prepare_data(i)
            except UnreadableImageError as e:
                if not self.skip_invalid:
                    raise
                path = self.get_data_info(i)['img_path']
                if path not in self.skipped:
                    self.skipped.append(path)
                    warnings.warn(f'skipping unreadable image: {e}')
                continue
            except Exception as e:
                path = self.get_data_info(i)['img_path']
                raise RuntimeError(f'failed to prepare sample {i} '
                                   f'({path}): {e}') from e
            if data is not None:
                return data
        raise RuntimeError(
            f'no readable image found from index {idx} after '
            f'{min(self.max_refetch + 1, n)} attempts in {self.data_root}')

    def __repr__(self) -> str:
        return (f'{self.__class__.__name__}(data_root={self.data_root!r}, '
                f'num_images={len(self) if self._fully_initialized else "?"},'
                f' seed={self.seed})')
