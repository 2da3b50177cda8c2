# Copyright (c) hcl_mm contributors. All rights reserved.
from typing import Dict, Optional, Sequence

import torch
import torch.nn.functional as F
from mmengine.model import BaseModule

from hcl_mm.registry import MODELS


@MODELS.register_module()
class MMSegMaskDetector(BaseModule):
    """Any MMSegmentation segmentor as HCL's mask detector (paper Table 2).

    The segmentor (built in the ``mmseg`` scope, e.g. Segmenter) classifies
    every pixel as corrupted (class ``corrupted_index``) or clean; its
    logits are upsampled to the image, and the clean probability gives the
    masks of every decoder scale (1 = uncorrupted), the same interface as
    :class:`HierarchicalContrastiveHead`. The segmentor's own data
    preprocessor is bypassed (it runs as a sub-module): images arrive in
    [-1, 1] and are renormalised with ``mean``/``std`` (0-255 scale) here.
    Trained with class-weighted cross-entropy on the full-resolution logits.

    Args:
        segmentor (dict): the MMSeg model config (``EncoderDecoder``...).
        corrupted_index (int): class index of corrupted pixels. Defaults to
            0 (the foundation's Segmenter baseline: 0 corrupted, 1 clean).
        class_weight (Sequence[float], optional): CE class weights.
        loss_weight (float): weight of the mask loss. Defaults to 1.
        mean (Sequence[float]): segmentor input mean (0-255).
        std (Sequence[float]): segmentor input std (0-255).
    """

    def __init__(self,
                 segmentor: dict,
                 corrupted_index: int = 0,
                 class_weight: Optional[Sequence[float]] = (2.0, 1.0),
                 loss_weight: float = 1.0,
                 mean: Sequence[float] = (127.5, 127.5, 127.5),
                 std: Sequence[float] = (127.5, 127.5, 127.5),
                 init_cfg=None) -> None:
        super().__init__(init_cfg=init_cfg)
        segmentor = dict(segmentor)
        segmentor.setdefault('_scope_', 'mmseg')
        self.segmentor = MODELS.build(segmentor)
        self.corrupted_index = corrupted_index
        self.loss_weight = loss_weight
        self.register_buffer(
            'mean', torch.tensor(mean).view(1, -1, 1, 1), persistent=False)
        self.register_buffer(
            'std', torch.tensor(std).view(1, -1, 1, 1), persistent=False)
        self.register_buffer(
            'class_weight',
            torch.tensor(class_weight, dtype=torch.float)
            if class_weight is not None else None,
            persistent=False)

    def forward(self,
                img: torch.Tensor,
                feats: Sequence[torch.Tensor],
                gt_mask: Optional[torch.Tensor] = None) -> Dict[str, list]:
        """Segment ``img`` (``(B, 3, H, W)`` in [-1, 1]).

        Returns:
            dict: ``logits`` at image size, ``masks`` and ``confs`` at the
            resolution of every ``feats`` entry (fine to coarse).
        """
        logits, clean = self._segment(img)
        confs = [
            F.adaptive_avg_pool2d(clean, f.shape[-2:]).detach() for f in feats
        ]
        masks = [(c >= 0.5).float() for c in confs]
        return dict(logits=logits, masks=masks, confs=confs)

    def _segment(self, img: torch.Tensor):
        """Logits at image size and the soft P(clean) ``(B, 1, H, W)``."""
        x = ((img + 1) * 127.5 - self.mean) / self.std
        logits = self.segmentor(x, mode='tensor')
        logits = F.interpolate(
            logits, size=img.shape[-2:], mode='bilinear', align_corners=False)
        clean = 1 - logits.softmax(
            1)[:, self.corrupted_index:self.corrupted_index + 1]
        return logits, clean

    #: input sides must be multiples of this (ViT patches, FPN strides)
    size_divisor = 32

    def detect(self, img: torch.Tensor) -> torch.Tensor:
        """Soft P(clean) ``(B, 1, H, W)`` of ``img`` in [-1, 1] (the mask
        detector protocol of :class:`DetectThenInpaint`)."""
        return self._segment(img)[1]

    def loss(self, out: Dict[str, list],
             gt_mask: torch.Tensor) -> Dict[str, torch.Tensor]:
        """Class-weighted CE against the ground truth (1 = uncorrupted)."""
        clean = gt_mask[:, 0] > 0.5
        target = torch.full_like(clean, self.corrupted_index, dtype=torch.long)
        target[clean] = 1 - self.corrupted_index
        loss = F.cross_entropy(
            out['logits'].float(), target, weight=self.class_weight)
        return dict(loss_mask=self.loss_weight * loss)
