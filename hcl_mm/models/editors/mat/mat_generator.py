# Copyright (c) hcl_mm contributors. All rights reserved.
import math
from typing import List, Optional, Sequence, Tuple

import torch
import torch.nn as nn
from mmengine.model import BaseModule

from hcl_mm.registry import MODELS
from ...layers.partial_conv import PartialConvAct
from ...layers.resize import resize_nearest
from .mask_aware_stage import MaskAwareStage
from .style_manipulation import StyleManipulation
from .stylegan_layers import quiet_gradfix, stylegan2


def _lrelu() -> nn.Module:
    return nn.LeakyReLU(0.2)


class StyleDecoder(nn.Module):
    """A StyleGAN2-style upsampling decoder with U-Net skips: per level a
    modulated 3x3 conv that doubles the resolution, the encoder feature of
    that resolution added, a second modulated conv and a to-RGB layer whose
    output is added to the upsampled RGB of the level below.

    Args:
        channels (Sequence[int]): widths from the coarsest input to the
            finest output level (``len - 1`` doublings).
        style_dims (int): style code width.
    """

    def __init__(self, channels: Sequence[int], style_dims: int) -> None:
        super().__init__()
        sg = stylegan2()
        self.to_rgb0 = sg.ModulatedToRGB(
            channels[0], style_dims, upsample=False)
        self.up, self.conv, self.to_rgb = (nn.ModuleList(), nn.ModuleList(),
                                           nn.ModuleList())
        for c_in, c_out in zip(channels[:-1], channels[1:]):
            self.up.append(
                sg.ModulatedStyleConv(
                    c_in, c_out, 3, style_dims, upsample=True))
            self.conv.append(
                sg.ModulatedStyleConv(c_out, c_out, 3, style_dims))
            self.to_rgb.append(sg.ModulatedToRGB(c_out, style_dims))

    def forward(self, x: torch.Tensor, skips: List[torch.Tensor],
                style: torch.Tensor) -> torch.Tensor:
        """Args:
            x: coarsest features.
            skips: encoder features, one per doubling, coarse to fine.
            style: ``(B, style_dims)``.

        Returns:
            torch.Tensor: the image ``(B, 3, H, W)`` at the finest level.
        """
        rgb = self.to_rgb0(x, style)
        for up, conv, to_rgb, skip in zip(self.up, self.conv, self.to_rgb,
                                          skips):
            x = up(x, style) + skip
            x = conv(x, style)
            rgb = to_rgb(x, style, skip=rgb)
        return rgb


@MODELS.register_module()
class MATGenerator(BaseModule):
    """MAT, the mask-aware transformer for large-hole inpainting (Li et al.,
    CVPR 2022), as two stages.

    Stage 1 (coarse): a convolutional head of partial convolutions on the
    masked image and its mask (one at full resolution, three halving it,
    to 1/8); a U-shaped transformer body of five :class:`MaskAwareStage`
    (adjusted transformer blocks with multi-head contextual attention and
    the dynamic mask update) at 1/8, 1/16, 1/32, 1/16, 1/8 of the input
    with skips between equal resolutions; a convolutional tail
    (:class:`StyleDecoder`) back to full resolution, modulated by the style
    manipulation module's code and fed the head's features as skips.

    Stage 2 (fine): a convolutional U-Net on the first stage composited
    into the known pixels (plus the mask): strided blurred convolutions
    down, style-modulated convolutions up (StyleGAN2's layers, from
    mmagic), its own style code read from its bottleneck.

    Args:
        embed_dims (int): width of the head, body and first-stage tail
            (180 in MAT).
        depths (Sequence[int]): blocks of the five body stages.
        num_heads (int): attention heads.
        window_sizes (Sequence[int]): attention windows of the five stages.
        mlp_ratio (float): MLP ratio of the blocks.
        style_dims (int): style code width.
        noise_dims (int): width of the noise ``z``.
        mapping_layers (int): depth of the noise mapping networks.
        stage2_channels (Sequence[int]): widths of the second stage from full
            resolution down (``len - 1`` halvings).
        init_cfg (dict, optional): MMEngine init config.
    """

    def __init__(self,
                 embed_dims: int = 180,
                 depths: Sequence[int] = (2, 3, 4, 3, 2),
                 num_heads: int = 6,
                 window_sizes: Sequence[int] = (8, 16, 16, 16, 8),
                 mlp_ratio: float = 2.,
                 style_dims: int = 512,
                 noise_dims: int = 512,
                 mapping_layers: int = 8,
                 stage2_channels: Sequence[int] = (64, 128, 256, 512, 512,
                                                   512),
                 init_cfg: Optional[dict] = None) -> None:
        super().__init__(init_cfg=init_cfg)
        if len(depths) != 5 or len(window_sizes) != 5:
            raise ValueError('MAT has five body stages: depths and '
                             f'window_sizes need 5 entries, got {depths} and '
                             f'{window_sizes}')
        c = embed_dims
        self.noise_dims = noise_dims
        self.window_sizes = tuple(window_sizes)
        self.num_down = len(stage2_channels) - 1
        # stage 1: head, body, tail
        self.head = nn.ModuleList([
            PartialConvAct(4, 3, out_channels=c, act=_lrelu()), *[
                PartialConvAct(c, 3, out_channels=c, stride=2, act=_lrelu())
                for _ in range(3)
            ]
        ])
        self.body = nn.ModuleList(
            MaskAwareStage(c, d, num_heads, ws, mlp_ratio)
            for d, ws in zip(depths, window_sizes))
        self.body_down = nn.ModuleList(
            PartialConvAct(c, 3, stride=2, act=_lrelu()) for _ in range(2))
        self.body_up = nn.ModuleList(
            nn.Sequential(
                nn.Upsample(scale_factor=2, mode='nearest'),
                nn.Conv2d(c, c, 3, padding=1), _lrelu()) for _ in range(2))
        self.style1 = StyleManipulation(c, style_dims, noise_dims,
                                        mapping_layers)
        self.tail = StyleDecoder([c] * 4, style_dims)
        # stage 2: conv encoder, style, modulated decoder
        sg = stylegan2()
        ch = list(stage2_channels)
        self.from_rgb = sg.ConvDownLayer(4, ch[0], 1)
        self.down = nn.ModuleList(
            nn.Sequential(
                sg.ConvDownLayer(c_in, c_out, 3, downsample=True),
                sg.ConvDownLayer(c_out, c_out, 3))
            for c_in, c_out in zip(ch[:-1], ch[1:]))
        self.style2 = StyleManipulation(ch[-1], style_dims, noise_dims,
                                        mapping_layers)
        self.dec = StyleDecoder(ch[::-1], style_dims)

    @property
    def size_divisor(self) -> int:
        """Input sides must be multiples of this: every body stage's map a
        multiple of its window, and the second stage's halvings exact."""
        strides = (8, 16, 32, 16, 8)
        return math.lcm(*(s * w for s, w in zip(strides, self.window_sizes)),
                        2**self.num_down)

    def stage1(self, img: torch.Tensor, mask: torch.Tensor,
               z: torch.Tensor) -> torch.Tensor:
        """The coarse image from the masked image and its mask."""
        x = torch.cat([img * mask, mask], 1)
        skips = []
        m = mask
        for conv in self.head:
            x, m = conv(x, m)
            skips.append(x)
        feats = []
        for i, stage in enumerate(self.body):
            if i in (1, 2):  # down to 1/16, 1/32
                x, m = self.body_down[i - 1](x, m)
            elif i in (3, 4):  # up to 1/16, 1/8 + the skip of that size
                skip_x, skip_m = feats[4 - i]
                x = self.body_up[i - 3](x) + skip_x
                m = torch.maximum(resize_nearest(m, skip_m.shape[2:]), skip_m)
            x, m = stage(x, m)
            feats.append((x, m))
        style = self.style1(x, z)
        return self.tail(x, skips[-2::-1], style)

    def stage2(self, img: torch.Tensor, mask: torch.Tensor,
               coarse: torch.Tensor, z: torch.Tensor) -> torch.Tensor:
        """The fine image from the coarse one composited into the known
        pixels."""
        x = img * mask + coarse * (1 - mask)
        x = self.from_rgb(torch.cat([x, mask], 1))
        skips = []
        for down in self.down:
            skips.append(x)
            x = down(x)
        style = self.style2(x, z)
        return self.dec(x, skips[::-1], style)

    def forward(
            self,
            img: torch.Tensor,
            mask: torch.Tensor,
            z: Optional[torch.Tensor] = None
    ) -> Tuple[torch.Tensor, torch.Tensor]:
        """Args:
            img: ``(B, 3, H, W)`` in [-1, 1] (hole content is ignored).
            mask: ``(B, 1, H, W)``, 1 = known.
            z: ``(B, noise_dims)`` style noise; drawn when None.

        Returns:
            tuple: the fine and the coarse image, every pixel predicted
            (composite outside).
        """
        h, w = img.shape[2:]
        d = self.size_divisor
        if h % d or w % d:
            raise ValueError(f'MATGenerator needs sides that are multiples '
                             f'of {d}, got {h}x{w} (pad first)')
        mask = mask.to(img.dtype)
        if z is None:  # one style noise for both stages
            z = torch.randn(img.shape[0], self.noise_dims, device=img.device)
        with quiet_gradfix():
            coarse = self.stage1(img, mask, z)
            fine = self.stage2(img, mask, coarse, z)
        return fine, coarse
