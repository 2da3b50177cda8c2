# Copyright (c) hcl_mm contributors. All rights reserved.
from typing import Dict, Optional

import torch
import torch.nn as nn

from hcl_mm.registry import MODELS
from .vgg19_features import FrozenVGG19, vgg19_layer_names


@MODELS.register_module()
class VGGPerceptualLoss(nn.Module):
    """``sum_l w_l * mean|phi_l(x) - phi_l(y)|`` on VGG19 (paper Eq. 11).

    Images are in [-1, 1]; they are mapped to [0, 1] and ImageNet-normalised
    inside. The element mean realises the 1/(CHW) factor and averages over
    the batch (as released).

    Args:
        layer_weights (dict): layer name (e.g. 'relu2_2') -> weight.
        loss_weight (float): lambda of the loss. Defaults to 1.
        pretrained (str, optional): local VGG19 weights (see
            :class:`FrozenVGG19`).
        allow_random_init (bool): random VGG19 when ``pretrained`` is None
            (tests and smoke runs only). Defaults to False.
        vgg (FrozenVGG19, optional): an extractor to share with another loss
            instead of building one.
    """

    def __init__(self,
                 layer_weights: Dict[str,
                                     float] = dict(relu2_2=1., relu3_2=1.),
                 loss_weight: float = 1.,
                 pretrained: Optional[str] = None,
                 allow_random_init: bool = False,
                 vgg: Optional[FrozenVGG19] = None) -> None:
        super().__init__()
        self.layer_weights = dict(layer_weights)
        self.loss_weight = loss_weight
        self.pretrained = pretrained
        names = vgg19_layer_names()
        unknown = set(self.layer_weights) - set(names)
        if unknown:
            raise ValueError(f'unknown VGG19 layers {sorted(unknown)}')
        # the extractor runs to relu5_2 (what a shared one must serve) or
        # deeper if asked (MAT's relu5_4)
        last = max([*self.layer_weights, 'relu5_2'], key=names.index)
        self.vgg = vgg if vgg is not None else FrozenVGG19(
            pretrained, allow_random_init, last_layer=last)

    def forward(self, pred: torch.Tensor,
                target: torch.Tensor) -> torch.Tensor:
        layers = list(self.layer_weights)
        fp = self.vgg(pred, layers)
        with torch.no_grad():
            ft = self.vgg(target.detach(), layers)
        loss = sum(w * (fp[k] - ft[k]).abs().mean()
                   for k, w in self.layer_weights.items())
        return self.loss_weight * loss
