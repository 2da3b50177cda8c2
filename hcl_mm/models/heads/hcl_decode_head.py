# Copyright (c) hcl_mm contributors. All rights reserved.
"""HCL's hierarchical contrastive head as an MMSegmentation decode head."""
from typing import List, Sequence, Tuple

import torch
from mmseg.models.decode_heads.decode_head import BaseDecodeHead

from hcl_mm.registry import MODELS, build_module

CORRUPTED, CLEAN = 0, 1  # the classes of hcl_mm's mmseg data (packed masks)


@MODELS.register_module()
class HCLDecodeHead(BaseDecodeHead):
    """:class:`HierarchicalContrastiveHead` inside an mmseg segmentor.

    An ``EncoderDecoder`` with this decode head trains with mmseg's own
    tools: the three backbone outputs ``in_index`` (fine to coarse, each
    half the size of the previous) are the hierarchy's stages; training
    applies the contrastive loss and the cluster classifier's BCE with the
    ground truth (class 1 = clean, 0 = corrupted, as hcl_mm's
    ``mmseg.PackSegInputs`` data give); prediction returns two-class logits
    ``log(1 - p), log(p)`` of the soft P(clean), which mmseg resizes to the
    image and arg-maxes.

    Args:
        in_channels (Sequence[int]): widths of the used backbone outputs.
        in_index (Sequence[int]): which backbone outputs, fine to coarse.
        head (dict): the ``HierarchicalContrastiveHead`` config (its
            ``in_channels`` are set from ``in_channels``).
        **kwargs: the rest of ``BaseDecodeHead``'s arguments.
    """

    def __init__(self,
                 in_channels: Sequence[int],
                 in_index: Sequence[int] = (0, 1, 2),
                 head: dict = dict(type='HierarchicalContrastiveHead'),
                 **kwargs) -> None:
        kwargs.setdefault('channels', in_channels[0])
        kwargs.setdefault('num_classes', 2)
        kwargs.setdefault('out_channels', 2)
        kwargs.setdefault('init_cfg', None)
        # unused (the head has its own losses); built by the base class, so
        # named with its scope for configs whose default scope is not mmseg
        kwargs.setdefault('loss_decode', dict(type='mmseg.CrossEntropyLoss'))
        super().__init__(
            list(in_channels),
            in_index=list(in_index),
            input_transform='multiple_select',
            **kwargs)
        if self.num_classes != 2:
            raise ValueError('HCLDecodeHead separates corrupted from clean '
                             f'pixels: num_classes must be 2, got '
                             f'{self.num_classes}')
        self.head = build_module(dict(head, in_channels=tuple(in_channels)))
        del self.conv_seg  # logits come from the clustering, not a conv

    def forward(self, inputs: Tuple[torch.Tensor, ...]) -> torch.Tensor:
        """Backbone outputs -> ``(B, 2, h, w)`` logits at the finest used
        scale (classes: corrupted, clean)."""
        out = self.head(None, self._transform_inputs(inputs))
        return self._logits(out['confs'][0])

    @staticmethod
    def _logits(p_clean: torch.Tensor) -> torch.Tensor:
        p = p_clean.float().clamp(1e-6, 1 - 1e-6)
        return torch.cat([torch.log1p(-p), torch.log(p)], 1)

    def loss(self, inputs: Tuple[torch.Tensor, ...], batch_data_samples: List,
             train_cfg) -> dict:
        """The contrastive loss and the classifier's BCE; ``acc_seg`` of the
        training masks for the log."""
        feats = self._transform_inputs(inputs)
        gt = self._stack_batch_gt(batch_data_samples).float()  # (B,1,H,W)
        clean = (gt == CLEAN).float()
        out = self.head(None, feats, clean)
        losses = self.head.loss(out, clean)
        with torch.no_grad():
            mask = torch.nn.functional.interpolate(
                out['masks'][0], size=gt.shape[-2:], mode='nearest')
            valid = gt != self.ignore_index
            losses['acc_seg'] = ((mask == clean)
                                 & valid).sum() / valid.sum().clamp(min=1)
        return losses
