# Copyright (c) hcl_mm contributors. All rights reserved.
from .gradient_penalty import WGANGradientPenalty
from .perceptual_loss import VGGPerceptualLoss
from .pixel_contrastive_loss import PixelContrastiveLoss, pixel_contrastive_loss
from .vgg19_features import FrozenVGG19, vgg19_layer_names

__all__ = [
    'WGANGradientPenalty', 'VGGPerceptualLoss', 'PixelContrastiveLoss',
    'pixel_contrastive_loss', 'FrozenVGG19', 'vgg19_layer_names'
]
