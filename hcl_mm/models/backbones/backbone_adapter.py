# Copyright (c) hcl_mm contributors. All rights reserved.
"""Any OpenMMLab backbone in HCL's encoder slot."""
from typing import Optional, Sequence, Tuple

import torch
import torch.nn as nn
import torch.nn.functional as F
from mmengine.model import BaseModule

from hcl_mm.registry import MODELS
from ..layers.conv_act import ConvAct
from ..layers.detail_residual import DetailResidual
from ..layers.noise_residual import NoiseResidual


@MODELS.register_module()
class BackboneAdapter(BaseModule):
    """Turn a multi-scale backbone (strides 4-32) into an HCL encoder.

    The encoder contract (what the contrastive head, the quadtree and the
    mask-guided decoder need; :class:`HCLEncoder` meets it natively):

    * ``forward(img)`` returns three features, fine to coarse, at strides
      1, 2 and 4 of the input (2x between stages: the quadtree's
      parent/child relation), with widths ``out_channels = (C, 2C, 4C)``;
    * ``out_channels`` and ``size_divisor`` attributes.

    The adapter takes the backbone outputs ``in_indices`` (strides 4, 8, 16
    for ResNet, MiT, Swin, ConvNeXt: three scales, 2x apart, like HCL's),
    maps each to its width with a 1x1 conv and upsamples it x4 (bilinear)
    to strides 1, 2, 4. A shallow convolutional stem on the image (3x3
    convs at strides 1, 2, 4) is added to each scale, so the decoder's skip
    connections keep pixel-level detail a stride-4 backbone does not have.

    Args:
        backbone (dict): the backbone config, e.g.
            ``dict(type='mmseg.ResNetV1c', depth=18, out_indices=(0, 1, 2))``
            (pretrained weights: its ``init_cfg`` with a local file).
        in_channels (Sequence[int]): widths of the used backbone outputs.
        embed_dims (int): C. Defaults to 64.
        in_indices (Sequence[int]): which backbone outputs, fine to coarse.
            Defaults to the first three.
        backbone_stride (int): stride of the finest used output.
            Defaults to 4.
        stem (bool): add the convolutional stem. Defaults to True.
        stem_depth (int): 3x3 convolutions per stem scale (the first one
            strided): a wider full-resolution view. Depth 3 on MiT-B0 did
            not detect text better at equal CPU minutes
            (docs/benchmarks.md). Defaults to 1.
        noise_residual (bool): add a full-resolution branch on the image's
            fixed SRM noise residuals (:class:`NoiseResidual`: a 3x3 conv,
            then a zero-initialised 1x1 conv) to the stem's first scale,
            whence it reaches the coarser ones: a forensic cue for pasted
            content. Zero-initialised, so weights trained without it load
            (the branch's keys missing) and give the same features until it
            trains. Needs ``stem``. Defaults to False.
        detail_residual (bool): end the finest scale with a
            :class:`DetailResidual` on the fused feature and the image (two
            3x3 convs, a 5x5 view; zero-initialised like ``noise_residual``,
            so a fine-tune from weights without it starts unchanged): the
            edges of thin strokes. Only the finest feature changes.
            Defaults to False.
        size_divisor (int): input sides must be multiples of this (window
            attention at stride 4 needs 32; the backbone may need more).
        init_cfg (dict, optional): MMEngine init config of the adapter.
    """

    def __init__(self,
                 backbone: dict,
                 in_channels: Sequence[int],
                 embed_dims: int = 64,
                 in_indices: Sequence[int] = (0, 1, 2),
                 backbone_stride: int = 4,
                 stem: bool = True,
                 stem_depth: int = 1,
                 noise_residual: bool = False,
                 detail_residual: bool = False,
                 size_divisor: int = 32,
                 init_cfg: Optional[dict] = None) -> None:
        super().__init__(init_cfg=init_cfg)
        if len(in_channels) != 3 or len(in_indices) != 3:
            raise ValueError('BackboneAdapter needs three backbone outputs '
                             f'(in_indices {in_indices}, in_channels '
                             f'{in_channels})')
        self.backbone = MODELS.build(backbone)
        self.in_indices = tuple(in_indices)
        self.scale = backbone_stride
        self.size_divisor = size_divisor
        widths = [embed_dims * m for m in (1, 2, 4)]
        self.out_channels = tuple(widths)
        self.lateral = nn.ModuleList(
            nn.Conv2d(c, w, 1) for c, w in zip(in_channels, widths))
        if stem_depth < 1:
            raise ValueError(f'stem_depth must be >= 1, got {stem_depth}')
        self.stem = None
        if stem:
            # strides 1, 2, 4: image -> C, C -> 2C, 2C -> 4C
            ins, strides = (3, widths[0], widths[1]), (1, 2, 2)
            self.stem = nn.ModuleList(
                self._stem_scale(c, w, s, stem_depth)
                for c, w, s in zip(ins, widths, strides))
        self.noise_branch = None
        if noise_residual:
            if not stem:
                raise ValueError('noise_residual needs the stem (stem=True)')
            srm = NoiseResidual(3)
            self.noise_branch = nn.Sequential(
                srm, ConvAct(srm.out_channels, widths[0], 3),
                nn.Conv2d(widths[0], widths[0], 1))
            self._zero_noise_branch_output()
        self.detail = DetailResidual(widths[0]) if detail_residual else None

    @staticmethod
    def _stem_scale(in_channels: int, width: int, stride: int,
                    depth: int) -> nn.Module:
        """One stem scale: a (strided) 3x3 conv, then ``depth - 1`` more
        (a single :class:`ConvAct` at depth 1, the checkpoints' layout)."""
        first = ConvAct(in_channels, width, 3, stride=stride)
        if depth == 1:
            return first
        return nn.Sequential(
            first, *(ConvAct(width, width, 3) for _ in range(depth - 1)))

    def _zero_noise_branch_output(self) -> None:
        """Zero the noise branch's last conv: a branch added to trained
        weights starts as a no-op."""
        if self.noise_branch is not None:
            nn.init.zeros_(self.noise_branch[-1].weight)
            nn.init.zeros_(self.noise_branch[-1].bias)

    def init_weights(self) -> None:
        """MMEngine's init (an ``init_cfg`` may re-initialise every conv),
        then the zero-initialised outputs back to zero."""
        super().init_weights()
        self._zero_noise_branch_output()
        if self.detail is not None:
            self.detail.zero_output()

    def forward(self, x: torch.Tensor) -> Tuple[torch.Tensor, ...]:
        """``(B, 3, H, W)`` -> features at strides 1, 2, 4, fine to coarse."""
        h, w = x.shape[-2:]
        if h % self.size_divisor or w % self.size_divisor:
            raise ValueError(
                f'BackboneAdapter needs sides that are multiples of '
                f'{self.size_divisor}, got {h}x{w}; pad the input first')
        outs = self.backbone(x)
        first = outs[self.in_indices[0]].shape[-2]
        if first * self.scale != h:
            raise ValueError(
                f'backbone output {self.in_indices[0]} is {first} px high '
                f'for a {h} px input, not stride {self.scale} '
                '(set backbone_stride / in_indices)')
        feats = []
        for k, (i, lateral) in enumerate(zip(self.in_indices, self.lateral)):
            size = (h // 2**k, w // 2**k)
            f = F.interpolate(
                lateral(outs[i]),
                size=size,
                mode='bilinear',
                align_corners=False)
            feats.append(f)
        if self.stem is not None:
            s = x
            for k, conv in enumerate(self.stem):
                s = conv(s)
                if k == 0 and self.noise_branch is not None:
                    s = s + self.noise_branch(x)
                feats[k] = feats[k] + s
        if self.detail is not None:
            feats[0] = self.detail(feats[0], x)
        return tuple(feats)
