# Copyright (c) hcl_mm contributors. All rights reserved.
from .conv_act import ConvAct, build_activation
from .detail_residual import DetailResidual
from .gated_conv import GatedConv, GatedResBlock
from .guided_filter import box_mean, guided_filter
from .morphology import dilate, erode
from .noise_residual import NoiseResidual
from .partial_conv import PartialConvAct
from .probabilistic_context_norm import ProbabilisticContextNorm
from .resample import ConvDown, ConvUp
from .resize import resize_nearest
from .swin_block import Mlp, SwinBlock
from .transformer_layer import TransformerLayer
from .window_attention import (WindowAttention, relative_position_index,
                               shifted_window_attention, shifted_window_mask,
                               window_partition, window_reverse)
from .windows import crop_windows, random_windows

__all__ = [
    'ConvAct', 'build_activation', 'DetailResidual', 'GatedConv',
    'GatedResBlock', 'box_mean', 'guided_filter', 'NoiseResidual',
    'PartialConvAct', 'ProbabilisticContextNorm', 'ConvDown', 'ConvUp',
    'resize_nearest', 'Mlp', 'SwinBlock', 'TransformerLayer',
    'WindowAttention', 'relative_position_index', 'shifted_window_attention',
    'shifted_window_mask', 'window_partition', 'window_reverse',
    'crop_windows', 'random_windows', 'dilate', 'erode'
]
