# Copyright (c) hcl_mm contributors. All rights reserved.
from typing import List

import torch
import torch.nn as nn
from mmengine.model import BaseModule

from hcl_mm.registry import MODELS
from .blocks import CAB, SAM, Decoder, Encoder, ORSNet, conv


@MODELS.register_module()
class MPRNet(BaseModule):
    """Multi-stage progressive restoration (Zamir et al., CVPR 2021).

    Corrupted image in, restored image out, no mask: the blind-restoration
    baseline of the HCL paper (Table 3). Three stages:

    1. the image cut into four quarters; each through a shallow conv + CAB
       and a shared U-Net encoder; the features of the quarters joined into
       two halves for the decoder; a supervised attention module (SAM)
       gives the stage's image and the features passed on;
    2. the two halves, their shallow features concatenated with stage 1's
       SAM features, a U-Net whose encoder adds stage 1's encoder and
       decoder features (cross-stage feature fusion), a second SAM;
    3. the whole image at full resolution through the original-resolution
       subnetwork (ORSNet), fed stage 2's features; a conv tail.

    Every stage predicts a residual added to the input.

    Args:
        in_channels (int): image channels. Defaults to 3.
        channels (int): C, the width of the first U-Net level (the paper
            uses 96 for deblurring, 80 for deraining and denoising).
        unet_extra (int): width added per U-Net level (48 in the paper).
        orsnet_extra (int): width added for stage 3 (32 in the paper).
        num_cab (int): CABs per ORSNet block (8 in the paper).
        reduction (int): channel-attention reduction (4).
        init_cfg (dict, optional): MMEngine init config.
    """

    def __init__(self,
                 in_channels: int = 3,
                 channels: int = 80,
                 unet_extra: int = 48,
                 orsnet_extra: int = 32,
                 num_cab: int = 8,
                 reduction: int = 4,
                 init_cfg=None) -> None:
        super().__init__(init_cfg=init_cfg)
        c, s, o = channels, unet_extra, orsnet_extra
        self.shallow = nn.ModuleList(
            nn.Sequential(conv(in_channels, c), CAB(c, reduction))
            for _ in range(3))
        self.enc1 = Encoder(c, s, reduction)
        self.dec1 = Decoder(c, s, reduction)
        self.enc2 = Encoder(c, s, reduction, csff=True)
        self.dec2 = Decoder(c, s, reduction)
        self.sam12 = SAM(c, in_channels)
        self.sam23 = SAM(c, in_channels)
        self.concat12 = conv(2 * c, c)
        self.concat23 = conv(2 * c, c + o)
        self.orsnet = ORSNet(c, o, s, num_cab, reduction)
        self.tail = conv(c + o, in_channels)

    #: input sides must be multiples of this (halves, then two U-Net levels)
    size_divisor = 8

    def forward(self, x: torch.Tensor) -> List[torch.Tensor]:
        """``(B, C, H, W)`` -> the restored images of stages 3, 2, 1 (the
        first is the output)."""
        h, w = x.shape[-2:]
        if h % self.size_divisor or w % self.size_divisor:
            raise ValueError(f'MPRNet needs sides that are multiples of '
                             f'{self.size_divisor}, got {h}x{w}')
        halves = [x[..., :h // 2, :], x[..., h // 2:, :]]
        # stage 1: four quarters, decoded as two halves
        feat1, res1, sam1, img1 = [], [], [], []
        for half in halves:
            quarters = [
                self.enc1(self.shallow[0](q))
                for q in (half[..., :w // 2], half[..., w // 2:])
            ]
            f = [torch.cat(pair, 3) for pair in zip(*quarters)]
            r = self.dec1(f)
            feats, img = self.sam12(r[0], half)
            feat1.append(f)
            res1.append(r)
            sam1.append(feats)
            img1.append(img)
        stage1 = torch.cat(img1, 2)
        # stage 2: two halves with cross-stage fusion
        feat2 = []
        for i, half in enumerate(halves):
            x2 = self.concat12(torch.cat([self.shallow[1](half), sam1[i]], 1))
            feat2.append(self.enc2(x2, feat1[i], res1[i]))
        feat2 = [torch.cat(pair, 2) for pair in zip(*feat2)]
        res2 = self.dec2(feat2)
        sam2, stage2 = self.sam23(res2[0], x)
        # stage 3: full resolution
        x3 = self.concat23(torch.cat([self.shallow[2](x), sam2], 1))
        x3 = self.orsnet(x3, feat2, res2)
        stage3 = self.tail(x3) + x
        return [stage3, stage2, stage1]
