# Copyright (c) hcl_mm contributors. All rights reserved.
"""A full-resolution correction of the hierarchy's finest P(clean).

The finest stage of the hierarchy decides each pixel from its embedding
alone; on a small encoder the finest feature is mostly upsampled stride-4
context, so thin structures (text strokes, the gaps between letters) come
out as blobs: the right place, edges one or two pixels off, which costs a
2-3 px stroke most of its IoU. This module looks at the image, the finest
feature and the finest stage's confidence together over a window of some
thirty pixels and re-decides its pixels from the confidence's logit and a
per-pixel correction, trained with a per-pixel loss against the ground
truth: the supervised boundary refinement of segmentation heads
(PointRend, CascadePSP) applied after the unsupervised clustering.

Like the hierarchy's own refinement it re-decides only where the decision
is in doubt: within ``band`` pixels of the current mask's edges
(unrestricted, a refiner trained on an encoder that misses much of the
pasted content learns to erase its detections there). The clustering's
confidence is nearly certain (its logit reaches +-10 at the temperature
0.1), so inside the band it enters as a vote clamped to ``+-max_logit``,
not as a veto the correction would have to outgrow. With ``thin_radius``
the band narrows to the mask's thin parts (strokes, glyphs): where the
clustering found a thick region (pasted photo content, large fills) its
edges stay the clustering's, which a refiner trained on overlays would
otherwise erode. The output
convolution starts at zero, so the refiner can be added to trained
weights without changing their masks until it trains.
"""
from typing import Optional, Sequence

import torch
import torch.nn as nn
import torch.nn.functional as F
from mmengine.model import BaseModule

from hcl_mm.registry import MODELS
from ..layers.conv_act import build_activation
from ..layers.guided_filter import box_mean
from ..layers.morphology import dilate, erode


@MODELS.register_module()
class BoundaryRefiner(BaseModule):
    """Refined logits of the finest P(clean): inside the band
    ``clamp(logit(p_clean), +-max_logit) + f(img, feat, p_clean)``, outside
    it ``logit(p_clean)`` unchanged.

    ``f`` reads the image, the clamped logit and (with ``feat_channels``)
    the finest encoder feature through a 3x3 stem and one residual 3x3
    convolution per dilation
    (receptive field ``3 + 2 * sum(dilations)`` px), then a 1x1 output
    convolution initialised to zero; the band is the pixels within
    ``band`` pixels of an edge of the mask ``p_clean < 0.5``. At
    initialisation the mask is unchanged (P(clean) only clamped in the
    band).

    Args:
        feat_channels (int): width of the finest encoder feature; 0: the
            refiner reads the image and P(clean) only (the feature is
            ignored, and may be None).
        channels (int): hidden width. Defaults to 16.
        dilations (Sequence[int]): one residual block each. Defaults to
            ``(1, 2, 4, 8)``.
        act (str): activation. Defaults to ``'gelu'``.
        band (int, optional): half-width in pixels of the band around the
            input mask's edges where the refiner may change the decision
            (and where its loss is taken); None: every pixel. Defaults
            to 3.
        detach_feat (bool): stop the per-pixel loss's gradient at the
            encoder feature (only the refiner learns from it). Defaults to
            True.
        loss_weight (float): weight of the per-pixel BCE. Defaults to 1.
        dice_weight (float): weight of a soft Dice loss on the corrupted
            class added to it (an IoU-shaped term). Defaults to 0.
        max_logit (float): the clamp of the input's logit inside the band
            (and its scale as the stem's input). Defaults to 2.
        stats_radius (int, optional): also give the stem each pixel's
            colour against the mean colours of the input mask's corrupted
            and clean pixels in the ``2 r + 1`` window around it
            (:meth:`colour_stats`: which side of the edge its colour
            belongs to, what a guided filter reads). None: not used.
        eps (float): P(clean) is clamped to ``[eps, 1 - eps]`` before the
            logit. Defaults to 1e-4.
        thin_radius (int, optional): keep only the band within ``band``
            pixels of the mask's thin parts: its pixels that an opening
            (erosion then dilation) with a ``2 r + 1`` square removes.
            Needs ``band``. None (default): the whole band.
        init_cfg (dict, optional): MMEngine init config; the output
            convolution is zeroed after it.
    """

    def __init__(self,
                 feat_channels: int,
                 channels: int = 16,
                 dilations: Sequence[int] = (1, 2, 4, 8),
                 act: str = 'gelu',
                 band: Optional[int] = 3,
                 detach_feat: bool = True,
                 loss_weight: float = 1.,
                 dice_weight: float = 0.,
                 max_logit: float = 2.,
                 stats_radius: Optional[int] = None,
                 eps: float = 1e-4,
                 thin_radius: Optional[int] = None,
                 init_cfg: Optional[dict] = None) -> None:
        super().__init__(init_cfg=init_cfg)
        if feat_channels < 0:
            raise ValueError(
                f'feat_channels must be >= 0, got {feat_channels}')
        if band is not None and band < 1:
            raise ValueError(f'band must be >= 1 or None, got {band}')
        if thin_radius is not None and (band is None or thin_radius < 1):
            raise ValueError(f'thin_radius must be >= 1 and needs a band, '
                             f'got thin_radius={thin_radius}, band={band}')
        self.thin_radius = thin_radius
        self.band = band
        self.feat_channels = feat_channels
        self.detach_feat = detach_feat
        self.loss_weight = loss_weight
        self.dice_weight = dice_weight
        self.max_logit = max_logit
        self.eps = eps
        self.stats_radius = stats_radius
        stats = 0 if stats_radius is None else 2 * 3 + 2
        self.stem = nn.Sequential(
            nn.Conv2d(3 + 1 + feat_channels + stats, channels, 3, padding=1),
            build_activation(act))
        self.blocks = nn.ModuleList(
            nn.Sequential(
                nn.Conv2d(channels, channels, 3, padding=d, dilation=d),
                build_activation(act)) for d in dilations)
        self.out = nn.Conv2d(channels, 1, 1)
        self.zero_output()

    def zero_output(self) -> None:
        """Zero the output convolution: the refiner returns its input."""
        nn.init.zeros_(self.out.weight)
        nn.init.zeros_(self.out.bias)

    def init_weights(self) -> None:
        """MMEngine's init, then the output convolution back to zero."""
        super().init_weights()
        self.zero_output()

    def edge_band(self, p_clean: torch.Tensor) -> torch.Tensor:
        """Float ``(B, 1, h, w)``: 1 within ``band`` pixels of an edge of
        the mask ``p_clean < 0.5`` (on either side), 0 elsewhere; all ones
        with ``band=None``. With ``thin_radius`` only where that is also
        within ``band`` pixels of the mask's thin parts."""
        if self.band is None:
            return torch.ones_like(p_clean)
        hole = (p_clean < 0.5).to(p_clean.dtype)
        band = dilate(hole, self.band) - erode(hole, self.band)
        if self.thin_radius is not None:
            r = self.thin_radius
            thin = hole - dilate(erode(hole, r), r)  # removed by opening
            band = band * dilate(thin, self.band)
        return band

    def colour_stats(self, img: torch.Tensor,
                     p_clean: torch.Tensor) -> torch.Tensor:
        """``(B, 8, h, w)``: per pixel, the mean colour of the input
        mask's corrupted pixels in the ``2 r + 1`` window minus the pixel's
        colour, the same for its clean pixels, and the two distances (RMS
        over the channels; a side absent from the window counts as far)."""
        r = self.stats_radius
        hole = (p_clean < 0.5).to(img.dtype)
        out = []
        for side in (hole, 1 - hole):
            mass = box_mean(side, r)
            mean = box_mean(img * side, r) / mass.clamp(min=1e-3)
            diff = torch.where(mass > 0, mean - img, torch.full_like(img, 2.))
            out += [diff, diff.pow(2).mean(1, keepdim=True).sqrt()]
        return torch.cat([out[0], out[2], out[1], out[3]], 1)

    def forward(self, img: torch.Tensor, feat: Optional[torch.Tensor],
                p_clean: torch.Tensor) -> torch.Tensor:
        """Refined logits of P(clean).

        Args:
            img (torch.Tensor): ``(B, 3, H, W)`` input in [-1, 1]; resized
                (area) to P(clean)'s size if it differs.
            feat (torch.Tensor, optional): ``(B, C, h, w)`` finest encoder
                feature (not read with ``feat_channels=0``).
            p_clean (torch.Tensor): ``(B, 1, h, w)`` the finest stage's
                P(clean).

        Returns:
            torch.Tensor: ``(B, 1, h, w)`` logits of P(clean).
        """
        size = p_clean.shape[-2:]
        ins = []
        if self.feat_channels:
            if feat.shape[-2:] != size:
                raise ValueError(
                    f'BoundaryRefiner needs P(clean) at the feature size, '
                    f'got {tuple(size)} and {tuple(feat.shape[-2:])}')
            ins.append(feat.detach() if self.detach_feat else feat)
        dtype = ins[0].dtype if ins else img.dtype
        if img.shape[-2:] != size:
            img = F.interpolate(img, size=size, mode='area')
        logit = torch.logit(p_clean.float(), eps=self.eps).to(dtype)
        vote = logit.clamp(-self.max_logit, self.max_logit)
        img = img.to(dtype)
        ins = [img, vote / self.max_logit] + ins
        if self.stats_radius is not None:
            ins.append(self.colour_stats(img, p_clean.to(dtype)))
        x = self.stem(torch.cat(ins, 1))
        for block in self.blocks:
            x = x + block(x)
        band = self.edge_band(p_clean) > 0
        return torch.where(band, vote + self.out(x), logit)

    def loss(self,
             logits: torch.Tensor,
             gt_clean: torch.Tensor,
             region: Optional[torch.Tensor] = None) -> torch.Tensor:
        """Weighted per-pixel BCE (plus soft Dice on the corrupted class)
        over ``region``.

        Args:
            logits (torch.Tensor): :meth:`forward`'s output.
            gt_clean (torch.Tensor): same shape, 1 = uncorrupted.
            region (torch.Tensor, optional): same shape, 1 where the loss
                is taken (:meth:`edge_band` of the input); None: every
                pixel.
        """
        logits, y = logits.float(), gt_clean.float()
        w = torch.ones_like(y) if region is None else region.float()
        bce = F.binary_cross_entropy_with_logits(logits, y, reduction='none')
        loss = self.loss_weight * (bce * w).sum() / w.sum().clamp(min=1)
        if self.dice_weight:
            p = (1 - logits.sigmoid()) * w  # P(corrupted)
            t = (1 - y) * w
            inter = (p * t).flatten(1).sum(1)
            total = (p + t).flatten(1).sum(1)
            dice = 1 - (2 * inter + 1) / (total + 1)
            loss = loss + self.dice_weight * dice.mean()
        return loss
