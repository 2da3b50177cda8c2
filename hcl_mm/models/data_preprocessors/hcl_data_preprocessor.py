# Copyright (c) hcl_mm contributors. All rights reserved.
from typing import List, Sequence, Tuple

import torch
from mmengine.model import ImgDataPreprocessor

from hcl_mm.registry import MODELS


@MODELS.register_module()
class HCLDataPreprocessor(ImgDataPreprocessor):
    """Images to [-1, 1]; ground truth stacked on demand.

    ``inputs`` (the corrupted images) are cast, stacked and normalised with
    ``mean = std = 127.5`` by MMEngine's ``ImgDataPreprocessor``. The data
    samples are left untouched (``gt_img`` stays uint8 in [0, 255] for the
    metrics); :meth:`stack_targets` gives the model the normalised ground
    truth and the float mask, and :meth:`destruct` maps outputs back to
    [0, 255].

    Args:
        mean (Sequence[float]): per-channel mean. Defaults to 127.5.
        std (Sequence[float]): per-channel std. Defaults to 127.5.
        **kwargs: see ``ImgDataPreprocessor`` (``pad_size_divisor``...).
    """

    def __init__(self,
                 mean: Sequence[float] = (127.5, 127.5, 127.5),
                 std: Sequence[float] = (127.5, 127.5, 127.5),
                 **kwargs) -> None:
        super().__init__(mean=mean, std=std, **kwargs)

    def normalize(self, img: torch.Tensor) -> torch.Tensor:
        """``[0, 255]`` -> ``[-1, 1]``."""
        return (img.float() - self.mean) / self.std

    def destruct(self, img: torch.Tensor) -> torch.Tensor:
        """``[-1, 1]`` -> ``[0, 255]`` (float, clamped)."""
        return (img.float() * self.std + self.mean).clamp(0, 255)

    def stack_masks(self, data_samples: List) -> torch.Tensor:
        """The samples' ground-truth ``mask`` as a float ``(B, 1, H, W)``
        (1 = clean): what a non-blind model is told at evaluation.

        Raises:
            KeyError: a sample lacks ``mask``, naming its image.
        """
        masks = []
        for ds in data_samples:
            if 'mask' not in ds:
                path = ds.metainfo.get('img_path', '?')
                raise KeyError(f'data sample of {path} has no \'mask\'; a '
                               'non-blind inpainter needs the ground-truth '
                               'mask (PackCorruptionInputs after '
                               'CorruptImage, or LoadMask)')
            masks.append(ds.mask)
        return (torch.stack(masks).to(self.device) > 0).float()

    def stack_targets(self,
                      data_samples: List) -> Tuple[torch.Tensor, torch.Tensor]:
        """Normalised ``gt_img`` ``(B, 3, H, W)`` and float ``mask``.

        Raises:
            KeyError: a sample lacks ``gt_img`` or ``mask``, naming it.
        """
        gts, masks = [], []
        for ds in data_samples:
            for key in ('gt_img', 'mask'):
                if key not in ds:
                    path = ds.metainfo.get('img_path', '?')
                    raise KeyError(f'data sample of {path} has no {key!r}; '
                                   'training needs PackCorruptionInputs '
                                   'after CorruptImage')
            gts.append(ds.gt_img)
            masks.append(ds.mask)
        gt = self.normalize(torch.stack(gts).to(self.device))
        mask = (torch.stack(masks).to(self.device) > 0).float()
        return gt, mask
