# Copyright (c) hcl_mm contributors. All rights reserved.
from typing import Dict, Optional

import torch
import torch.nn as nn
import torch.nn.functional as F

from hcl_mm.registry import MODELS
from .vgg19_features import FrozenVGG19


def id_mrf(gen: torch.Tensor,
           tgt: torch.Tensor,
           bias: float = 1.0,
           sigma: float = 0.5,
           eps: float = 1e-5) -> torch.Tensor:
    """Implicit-diversity MRF term of one feature layer (1x1 patches).

    Both maps are centred by the target's per-location channel mean and
    L2-normalised over channels. With cosine distances
    ``d_ij = (1 - cos(t_j, g_i)) / 2`` between target patch ``j`` and
    generated location ``i``, relative distances
    ``d~_ij = d_ij / (min_j d_ij + eps)``, contextual similarities
    ``cs_ij = softmax_j((bias - d~_ij) / sigma)``; the term is
    ``-log(mean_j max_i cs_ij)`` per image, averaged over the batch.

    Args:
        gen (torch.Tensor): ``(B, C, H, W)`` features of the output.
        tgt (torch.Tensor): same shape, of the ground truth.
    """
    mean = tgt.mean(1, keepdim=True)
    g = F.normalize((gen - mean).flatten(2).float(), dim=1)
    t = F.normalize((tgt - mean).flatten(2).float(), dim=1)
    dist = (1 - torch.einsum('bcj,bci->bji', t, g)) / 2  # B, Nt, Ng
    rel = dist / (dist.min(1, keepdim=True).values + eps)
    cs = torch.softmax((bias - rel) / sigma, dim=1)
    score = cs.max(2).values.mean(1)
    return -torch.log(score.clamp_min(1e-12)).mean()


@MODELS.register_module()
class IDMRFLoss(nn.Module):
    """ID-MRF loss (Wang et al., NeurIPS 2018) on VGG19, as VCNet uses it.

    Style term on relu3_2 and relu4_2, content term on relu4_2; images in
    [-1, 1]. The VGG19 weights come from a local file (see
    :class:`FrozenVGG19`); nothing is downloaded.

    Args:
        style_layers (dict): layer -> weight. Defaults to relu3_2 and
            relu4_2, 1 each.
        content_layers (dict): layer -> weight. Defaults to relu4_2: 1.
        style_weight (float): lambda of the style sum. Defaults to 1.
        content_weight (float): lambda of the content sum. Defaults to 1.
        loss_weight (float): overall weight. Defaults to 1.
        pretrained (str, optional): local VGG19 weights.
        allow_random_init (bool): random VGG19 without weights (tests).
        vgg (FrozenVGG19, optional): a shared extractor.
    """

    def __init__(self,
                 style_layers: Dict[str, float] = dict(relu3_2=1., relu4_2=1.),
                 content_layers: Dict[str, float] = dict(relu4_2=1.),
                 style_weight: float = 1.,
                 content_weight: float = 1.,
                 loss_weight: float = 1.,
                 pretrained: Optional[str] = None,
                 allow_random_init: bool = False,
                 vgg: Optional[FrozenVGG19] = None) -> None:
        super().__init__()
        self.style_layers = dict(style_layers)
        self.content_layers = dict(content_layers)
        self.style_weight = style_weight
        self.content_weight = content_weight
        self.loss_weight = loss_weight
        self.pretrained = pretrained
        self.vgg = vgg if vgg is not None else FrozenVGG19(
            pretrained, allow_random_init, last_layer='relu4_2')

    def forward(self, pred: torch.Tensor,
                target: torch.Tensor) -> torch.Tensor:
        layers = sorted(set(self.style_layers) | set(self.content_layers))
        fp = self.vgg(pred, layers)
        with torch.no_grad():
            ft = self.vgg(target.detach(), layers)
        style = sum(w * id_mrf(fp[k], ft[k])
                    for k, w in self.style_layers.items())
        content = sum(w * id_mrf(fp[k], ft[k])
                      for k, w in self.content_layers.items())
        return self.loss_weight * (
            self.style_weight * style + self.content_weight * content)
