# Copyright (c) hcl_mm contributors. All rights reserved.
from .class_balanced_bce_loss import (AdaptiveClassBalancedBCELoss,
                                      adaptive_class_balanced_bce)
from .edge_loss import EdgeLoss
from .feature_matching_loss import CriticFeatureMatchingLoss
from .focal_frequency_loss import FocalFrequencyLoss, focal_frequency_loss
from .gradient_penalty import WGANGradientPenalty, wgan_gradient_penalty
from .id_mrf_loss import IDMRFLoss, id_mrf
from .ms_ssim_loss import MSSSIMLoss
from .perceptual_loss import VGGPerceptualLoss
from .pixel_contrastive_loss import (PixelContrastiveLoss,
                                     pixel_contrastive_loss)
from .r1_penalty import R1Penalty
from .vgg19_features import FrozenVGG19, vgg19_layer_names

__all__ = [
    'AdaptiveClassBalancedBCELoss', 'adaptive_class_balanced_bce',
    'CriticFeatureMatchingLoss', 'EdgeLoss', 'FocalFrequencyLoss',
    'focal_frequency_loss', 'IDMRFLoss', 'id_mrf', 'MSSSIMLoss',
    'WGANGradientPenalty', 'wgan_gradient_penalty', 'VGGPerceptualLoss',
    'PixelContrastiveLoss', 'pixel_contrastive_loss', 'R1Penalty',
    'FrozenVGG19', 'vgg19_layer_names'
]
