# Copyright (c) hcl_mm contributors. All rights reserved.
from typing import Optional, Sequence

import torch
import torch.nn as nn
import torch.nn.functional as F
from mmengine.model import BaseModule
from torch.nn.utils.parametrizations import spectral_norm

from hcl_mm.registry import MODELS
from ...discriminators.patch_critic import SNConvAct


def _trunk(in_channels: int, channels: Sequence[int]) -> nn.Sequential:
    ins = [in_channels, *channels[:-1]]
    return nn.Sequential(
        *[SNConvAct(i, o, 5, stride=2) for i, o in zip(ins, channels)])


@MODELS.register_module()
class VCNetGlobalCritic(BaseModule):
    """Global WGAN critic of VCNet: five spectral-norm 5x5 stride-2 convs
    (LeakyReLU 0.2) and a spectral-norm 8x8 conv to one score (for 256
    inputs; other sizes average the score map).

    Args:
        in_channels (int): 3.
        channels (Sequence[int]): (64, 128, 128, 256, 512).
    """

    def __init__(self,
                 in_channels: int = 3,
                 channels: Sequence[int] = (64, 128, 128, 256, 512),
                 init_cfg: Optional[dict] = None) -> None:
        super().__init__(init_cfg=init_cfg)
        self.trunk = _trunk(in_channels, channels)
        self.score = spectral_norm(nn.Conv2d(channels[-1], 1, 8))

    def forward(self,
                img: torch.Tensor,
                mask: Optional[torch.Tensor] = None) -> torch.Tensor:
        """``(B, 3, H, W)`` -> ``(B,)`` (``mask`` unused)."""
        x = self.trunk(img)
        if min(x.shape[-2:]) < 8:
            x = F.pad(x,
                      (0, max(0, 8 - x.shape[-1]), 0, max(0, 8 - x.shape[-2])))
        return self.score(x).flatten(1).mean(1)


@MODELS.register_module()
class VCNetPatchCritic(BaseModule):
    """Patch WGAN critic of VCNet: the global critic's trunk, channel-mean
    scores per patch, averaged over the corrupted region (the ground-truth
    hole downsampled by as many 2x max-pools as the trunk has layers).

    Args:
        in_channels (int): 3.
        channels (Sequence[int]): (64, 128, 128, 256, 512).
    """

    def __init__(self,
                 in_channels: int = 3,
                 channels: Sequence[int] = (64, 128, 128, 256, 512),
                 init_cfg: Optional[dict] = None) -> None:
        super().__init__(init_cfg=init_cfg)
        self.trunk = _trunk(in_channels, channels)
        self.num_pools = len(channels)

    def forward(self,
                img: torch.Tensor,
                mask: Optional[torch.Tensor] = None) -> torch.Tensor:
        """``mask`` ``(B, 1, H, W)``, 1 = valid: the hole (``1 - mask``)
        weights the patches; without it all patches count equally."""
        scores = self.trunk(img).mean(1, keepdim=True)
        if mask is None:
            return scores.flatten(1).mean(1)
        hole = 1 - mask.to(scores.dtype)
        for _ in range(self.num_pools):
            hole = F.max_pool2d(hole, 2, ceil_mode=True)
        hole = F.interpolate(hole, size=scores.shape[-2:], mode='nearest')
        total = hole.flatten(1).sum(1)
        weighted = (scores * hole).flatten(1).sum(1) / total.clamp_min(1e-6)
        # no hole at all: fall back to the plain mean
        return torch.where(total > 0, weighted, scores.flatten(1).mean(1))
