# Copyright (c) hcl_mm contributors. All rights reserved.
from typing import Optional

import torch
from mmengine.model import BaseModule

from hcl_mm.registry import MODELS, build_module
from ..heads.hierarchical_contrastive_head import input_size_p_clean


@MODELS.register_module()
class HCLMaskDetector(BaseModule):
    """HCL's detector alone: the encoder and the hierarchical contrastive
    head, for pairing with another inpainter (:class:`DetectThenInpaint`).

    The attribute names match :class:`HCLInpaintor`, so an HCL checkpoint
    loads into it directly (its decoder/refiner keys are ignored)::

        detector=dict(type='HCLMaskDetector', encoder=..., mask_detector=...,
                      init_cfg=dict(type='Pretrained', checkpoint='hcl.pth'))

    Args:
        encoder (dict): the :class:`HCLEncoder` config.
        mask_detector (dict): the head config.
    """

    def __init__(self,
                 encoder: dict,
                 mask_detector: dict,
                 init_cfg: Optional[dict] = None) -> None:
        super().__init__(init_cfg=init_cfg)
        self.encoder = build_module(encoder)
        self.mask_detector = build_module(mask_detector)

    @property
    def size_divisor(self) -> int:
        return getattr(self.encoder, 'size_divisor', 1)

    def detect(self, img: torch.Tensor) -> torch.Tensor:
        """Soft P(clean) ``(B, 1, H, W)`` of ``img`` in [-1, 1], at input
        size (as :meth:`HCLInpaintor.detect`)."""
        return input_size_p_clean(
            self.mask_detector(img, self.encoder(img)), img.shape[-2:])
