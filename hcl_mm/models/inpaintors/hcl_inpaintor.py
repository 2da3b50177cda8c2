# Copyright (c) hcl_mm contributors. All rights reserved.
import math
from typing import Dict, List, Optional, Union

import torch
import torch.nn as nn
from mmengine.optim import OptimWrapperDict

from hcl_mm.registry import MODELS, build_module
from ..heads.hierarchical_contrastive_head import input_size_p_clean
from ..layers.morphology import dilate, erode
from ..layers.resize import resize_nearest as _resize_mask
from ..losses.vgg19_features import share_vgg
from .base_blind_inpaintor import BaseBlindInpaintor

_GENERATOR = ('encoder', 'mask_detector', 'decoder')
_DETECTOR = ('encoder', 'mask_detector')
TRAIN_PARTS = ('all', 'detector', 'restorer', 'boundary')
TRAINING_ONLY = ('critic', 'loss_rec', 'loss_rec_refined', 'loss_perceptual',
                 'loss_perceptual_refined', 'loss_gan', 'loss_gp',
                 'loss_feature_matching')


def inference_model_cfg(model_cfg: dict) -> dict:
    """A copy of an ``HCLInpaintor`` (or ``VCNetInpaintor``) config without
    the parts only training uses: critics, losses and their VGG19 weights
    (every ``loss_*`` / ``*critic`` / ``critic*`` entry; ``TRAINING_ONLY``
    lists HCL's)."""
    model_cfg = type(model_cfg)(model_cfg)
    for key in list(model_cfg):
        if key.startswith('loss_') or 'critic' in key:
            model_cfg[key] = None
    return model_cfg


def _unwrap(module: nn.Module) -> nn.Module:
    """The module inside a (separate) DDP wrapper."""
    return getattr(module, 'module', module)


@MODELS.register_module()
class HCLInpaintor(BaseBlindInpaintor):
    """HCL blind inpainting: detect the corrupted pixels, then restore.

    ``encoder`` -> ``mask_detector`` (masks at every encoder scale) ->
    ``decoder`` (mask-guided first stage, ``coarse``) -> ``refiner``
    (on the detached first stage and the full-resolution mask, ``refined``,
    the output). A ``critic`` trains the refiner adversarially (WGAN-GP).

    Training, one iteration (``train_step``):

    1. forward of the whole generator;
    2. one critic step on ``refined.detach()`` vs the ground truth;
    3. generator step: ``optim_wrapper['generator']`` (encoder, mask
       detector, decoder; contrastive + classifier + L1 + perceptual on the
       first stage) and ``optim_wrapper['refiner']`` (L1 + perceptual +
       adversarial on the refined image).

    Phase 1 (``train_cfg.phase=1``) feeds the ground-truth masks to the
    decoder and refiner; phase 2 the predicted ones. All steps go through
    ``optim_context``/``update_params``, so AMP and gradient accumulation
    work. Predicted masks use 1 = uncorrupted.

    ``train_cfg.parts`` splits training into halves (the CPU-scale recipe,
    docs/training_recipe.md): ``'detector'`` runs and updates only encoder
    and mask detector (contrastive + classifier losses; no decoder,
    refiner, critic or VGG: several times faster), ``'restorer'`` keeps the
    detector frozen (no grad, eval mode) and trains decoder, refiner and
    critic, ``'all'`` (the default, as released) trains everything.
    ``'boundary'`` keeps encoder and mask detector frozen and trains only
    the mask detector's boundary refiner (:class:`BoundaryRefiner`) on the
    frozen detector's test-time P(clean); with
    ``train_cfg.boundary_windows=(window, per_sample)`` the refiner learns
    on that many random square windows per photo of the whole-photo
    detection (more photos per refiner batch, each detected whole).
    ``train_cfg.hole_growth=(lo, hi)`` (phase 1, not in the release)
    changes each ground-truth hole the decoder and refiner fill by a
    random ``lo..hi`` pixels per sample (square structuring element; below
    0 the hole shrinks, leaving corrupted pixels outside it for the
    full-image losses to clean; an int ``R`` means ``(0, R)``): the masks
    a detector gives are off by a pixel or two either way, and the
    restored pixels are pasted into the detection grown by
    :func:`hcl_mm.apis.default_dilate`.

    Args:
        encoder (dict): backbone returning features fine to coarse.
        mask_detector (dict): ``HierarchicalContrastiveHead`` or any module
            with the same interface (``forward(img, feats, gt_mask)`` ->
            dict with ``masks``/``confs``, and ``loss(out, gt_mask)``).
        decoder (dict): the mask-guided decoder.
        refiner (dict): the refinement U-Net.
        critic (dict, optional): the critic; without it no adversarial loss.
        loss_rec (dict, optional): L1 on the first stage.
        loss_rec_refined (dict, optional): L1 on the refined image.
        loss_perceptual (dict, optional): perceptual loss, first stage.
        loss_perceptual_refined (dict, optional): ... refined image (shares
            the first one's VGG19).
        loss_gan (dict, optional): WGAN loss (``mmagic.GANLoss``).
        loss_gp (dict, optional): gradient penalty of the critic.
        loss_feature_matching (dict, optional): a weight-free perceptual
            term on the refined image through the critic's features
            (:class:`CriticFeatureMatchingLoss`); not in the release.
        train_cfg (dict, optional): ``phase`` (1 or 2), ``parts`` (one of
            ``TRAIN_PARTS``), ``boundary_windows`` (with
            ``parts='boundary'``) and ``hole_growth`` (phase 1; see above).
        test_cfg (dict, optional): ``composite`` (paste the refined image
            only into the predicted corrupted region; off, as released) and
            ``precision`` of decoder + refiner at inference (see
            :class:`BaseBlindInpaintor`).
        data_preprocessor (dict, optional): defaults to
            ``HCLDataPreprocessor``.
    """

    def __init__(self,
                 encoder: dict,
                 mask_detector: dict,
                 decoder: dict,
                 refiner: dict,
                 critic: Optional[dict] = None,
                 loss_rec: Optional[dict] = None,
                 loss_rec_refined: Optional[dict] = None,
                 loss_perceptual: Optional[dict] = None,
                 loss_perceptual_refined: Optional[dict] = None,
                 loss_gan: Optional[dict] = None,
                 loss_gp: Optional[dict] = None,
                 loss_feature_matching: Optional[dict] = None,
                 train_cfg: Optional[dict] = None,
                 test_cfg: Optional[dict] = None,
                 data_preprocessor: Optional[dict] = None,
                 init_cfg: Optional[dict] = None) -> None:
        super().__init__(data_preprocessor, test_cfg, init_cfg)
        build = lambda cfg: build_module(cfg or None)  # noqa: E731
        self.encoder = build_module(encoder)
        self.mask_detector = build_module(mask_detector)
        self.decoder = build_module(decoder)
        self.refiner = build_module(refiner)
        self.critic = build(critic)
        self.loss_rec = build(loss_rec)
        self.loss_rec_refined = build(loss_rec_refined)
        self.loss_perceptual = build(loss_perceptual)
        self.loss_perceptual_refined = build(
            share_vgg(loss_perceptual_refined, self.loss_perceptual))
        self.loss_gan = build(loss_gan)
        self.loss_gp = build(loss_gp)
        self.loss_feature_matching = build(loss_feature_matching)
        if self.loss_feature_matching is not None and self.critic is None:
            raise ValueError('loss_feature_matching needs a critic')
        self.train_cfg = {'phase': 1, 'parts': 'all', **(train_cfg or {})}
        if self.train_cfg['phase'] not in (1, 2):
            raise ValueError(f"train_cfg.phase must be 1 or 2, got "
                             f"{self.train_cfg['phase']}")
        if self.train_cfg['parts'] not in TRAIN_PARTS:
            raise ValueError(f"train_cfg.parts must be one of {TRAIN_PARTS}, "
                             f"got {self.train_cfg['parts']!r}")
        windows = self.train_cfg.get('boundary_windows')
        if windows is not None and (self.train_cfg['parts'] != 'boundary'
                                    or len(windows) != 2):
            raise ValueError(
                "train_cfg.boundary_windows is (window, per_sample) and "
                f"needs parts='boundary', got {windows!r} with parts="
                f"{self.train_cfg['parts']!r}")
        growth = self.train_cfg.get('hole_growth', 0)
        if isinstance(growth, int) and growth >= 0:
            growth = (0, growth)
        if (not isinstance(growth, (tuple, list)) or len(growth) != 2
                or not all(isinstance(g, int) for g in growth)
                or growth[0] > growth[1]):
            raise ValueError(
                'train_cfg.hole_growth is pixels, R >= 0 or (lo, hi) with '
                f'lo <= hi, got {growth!r}')
        self.train_cfg['hole_growth'] = tuple(growth)
        if any(growth) and self.train_cfg['phase'] != 1:
            raise ValueError('train_cfg.hole_growth grows the ground-truth '
                             'holes of phase 1, got phase '
                             f"{self.train_cfg['phase']}")

    # ------------------------------------------------------------ forward
    def generate(self,
                 img: torch.Tensor,
                 gt_mask: Optional[torch.Tensor] = None,
                 use_gt_mask: bool = False,
                 frozen_detector: bool = False) -> Dict[str, object]:
        """Run detector, decoder and refiner on images in [-1, 1].

        Args:
            img (torch.Tensor): ``(B, 3, H, W)`` corrupted images.
            gt_mask (torch.Tensor, optional): ground truth (training): it
                orients the clusters and, with ``use_gt_mask``, replaces the
                predicted masks for decoder and refiner (phase 1).
            use_gt_mask (bool): phase-1 behaviour.
            frozen_detector (bool): run encoder and mask detector without
                grad, as at test time (``parts='restorer'``).

        Returns:
            dict: ``det`` (detector output), ``mask`` (full-resolution mask
            used by the refiner), ``coarse`` and ``refined`` images.
        """
        if frozen_detector:
            with torch.no_grad():
                feats = self.encoder(img)
                # phase 1 needs no detection; phase 2 detects as at test time
                det = {} if use_gt_mask else self.mask_detector(img, feats)
        else:
            feats = self.encoder(img)
            det = self.mask_detector(img, feats, gt_mask)
        if use_gt_mask:
            full = gt_mask
            if self.training:
                full = self._grown_holes(full)
            coarse, refined = self._restore(feats, full)
        else:
            full = _resize_mask(det['masks'][0], img.shape[-2:])
            coarse, refined = self._restore(feats, full, det['masks'])
        return dict(det=det, mask=full, coarse=coarse, refined=refined)

    def _grown_holes(self, clean_mask: torch.Tensor) -> torch.Tensor:
        """``clean_mask`` (1 = clean) with each sample's hole grown by a
        random ``train_cfg.hole_growth`` pixels (shrunk below 0; the torch
        generator)."""
        lo, hi = self.train_cfg['hole_growth']
        if lo == hi == 0:
            return clean_mask
        radii = torch.randint(lo, hi + 1, (clean_mask.shape[0], )).tolist()
        masks = []
        for m, r in zip(clean_mask[:, None], radii):
            # eroding the clean pixels grows the hole; dilating shrinks it
            masks.append(erode(m, r) if r >= 0 else dilate(m, -r))
        return torch.cat(masks)

    def _restore(self,
                 feats: List[torch.Tensor],
                 clean_mask: torch.Tensor,
                 masks: Optional[List[torch.Tensor]] = None):
        """Decoder and refiner under ``clean_mask`` (full resolution;
        ``masks`` per encoder scale, else resized from it), in the
        inference precision outside training."""
        if masks is None:
            masks = [_resize_mask(clean_mask, f.shape[-2:]) for f in feats]
        dtype = self.restoration_dtype()
        if dtype != feats[0].dtype and not self.training:
            # prepare_inference put decoder and refiner in bf16; the cast
            # copies anyway, so it also lays the features out NHWC (the
            # transformer layers' NCHW -> token permutes become views)
            nhwc = torch.channels_last
            feats = [f.to(dtype=dtype, memory_format=nhwc) for f in feats]
            masks = [m.to(dtype) for m in masks]
            clean_mask = clean_mask.to(dtype)
        with self.restoration_autocast():
            coarse = self.decoder(feats, masks)
            refined = self.refiner(coarse.detach(), clean_mask)
        return coarse, refined

    # ------------------------------------------------- blind inpaintor API
    @property
    def size_divisor(self) -> int:
        """Least common multiple of the encoder's and refiner's."""
        enc = getattr(self.encoder, 'size_divisor', 1)
        ref = getattr(self.refiner, 'size_divisor', 1)
        return enc * ref // math.gcd(enc, ref)

    def restoration_modules(self) -> List[nn.Module]:
        return [self.decoder, self.refiner]

    @torch.no_grad()
    def detect(self, img: torch.Tensor) -> torch.Tensor:
        """Detection alone (encoder + mask detector, fp32): soft P(clean)
        ``(B, 1, H, W)`` at input size; decoder and refiner are not run."""
        return input_size_p_clean(
            self.mask_detector(img, self.encoder(img)), img.shape[-2:])

    @torch.no_grad()
    def inpaint(self, img: torch.Tensor,
                clean_mask: torch.Tensor) -> torch.Tensor:
        """Encoder, decoder and refiner under a given mask (1 = clean);
        the mask detector is not run."""
        coarse, refined = self._restore(
            self.encoder(img), clean_mask.to(img.dtype))
        return refined.float()

    @torch.no_grad()
    def blind_inpaint(self, img: torch.Tensor) -> Dict[str, object]:
        """One pass: ``p_clean``, ``clean_mask`` (the finest stage's mask
        at input size), ``restored`` (refined), ``coarse`` (first stage)
        and ``stage_masks`` / ``stage_p_clean`` (the paper's S1, S2, S3,
        coarse to fine, at their own resolution)."""
        out = self.generate(img)
        det = out['det']
        return dict(
            p_clean=input_size_p_clean(det, img.shape[-2:]),
            clean_mask=out['mask'],
            restored=out['refined'].float(),
            coarse=out['coarse'].float(),
            stage_masks=list(reversed(det['masks'])),
            stage_p_clean=list(reversed(det['confs'])))

    def loss(self, inputs: torch.Tensor,
             data_samples: Optional[List]) -> Dict[str, torch.Tensor]:
        """The generator and refiner losses (no optimisation; see
        :meth:`train_step`)."""
        gt_img, gt_mask = self.data_preprocessor.stack_targets(data_samples)
        out = self.generate(inputs, gt_mask, self.train_cfg['phase'] == 1)
        gen, ref = self._generator_losses(out, gt_img, gt_mask)
        return {**gen, **ref}

    # ------------------------------------------------------------- train
    def train(self, mode: bool = True) -> 'HCLInpaintor':
        """Train mode, keeping a frozen detector (``parts='restorer'``) in
        eval mode."""
        super().train(mode)
        if mode and self.train_cfg['parts'] in ('restorer', 'boundary'):
            for name in _DETECTOR:
                getattr(self, name).eval()
        return self

    def train_step(self, data: Union[dict, tuple, list],
                   optim_wrapper: OptimWrapperDict) -> Dict[str, torch.Tensor]:
        data = self.data_preprocessor(data, True)
        img, samples = data['inputs'], data['data_samples']
        gt_img, gt_mask = self.data_preprocessor.stack_targets(samples)
        if self.train_cfg['parts'] == 'detector':
            return self._detector_step(img, gt_mask,
                                       optim_wrapper['generator'])
        if self.train_cfg['parts'] == 'boundary':
            return self._boundary_step(img, gt_mask,
                                       optim_wrapper['generator'])
        frozen = self.train_cfg['parts'] == 'restorer'
        gen_ow, ref_ow = optim_wrapper['generator'], optim_wrapper['refiner']
        generator = [getattr(self, name) for name in _GENERATOR]
        with self._optim_contexts(gen_ow, generator), \
                self._optim_contexts(ref_ow, [self.refiner]):
            out = self.generate(
                img,
                gt_mask,
                self.train_cfg['phase'] == 1,
                frozen_detector=frozen)
        log_vars = {}
        if self.critic is not None:
            log_vars.update(
                self._critic_step(self._critics(), out['refined'], gt_img,
                                  optim_wrapper['critic']))
        with self._optim_contexts(gen_ow, generator), \
                self._optim_contexts(ref_ow, [self.refiner]):
            gen_losses, ref_losses = self._generator_losses(
                out, gt_img, gt_mask, with_detector=not frozen)
        gen_loss, gen_log = self.parse_losses(gen_losses)
        ref_loss, ref_log = self.parse_losses(ref_losses)
        gen_ow.update_params(gen_loss)
        ref_ow.update_params(ref_loss)
        gen_log.pop('loss')
        ref_log.pop('loss')
        log_vars.update(gen_log)
        log_vars.update(ref_log)
        log_vars.update({
            k: v.mean()
            for k, v in gen_losses.items() if 'loss' not in k
        })
        return {k: v.detach() for k, v in log_vars.items()}

    def _detector_step(self, img: torch.Tensor, gt_mask: torch.Tensor,
                       gen_ow) -> Dict[str, torch.Tensor]:
        """One detection-only step: encoder + mask detector, their losses
        (``parts='detector'``); decoder, refiner and critic are not run."""
        detector = _unwrap(self.mask_detector)
        with self._optim_contexts(gen_ow,
                                  [getattr(self, n) for n in _DETECTOR]):
            feats = self.encoder(img)
            det = self.mask_detector(img, feats, gt_mask)
            losses = detector.loss(det, gt_mask)
        loss, log_vars = self.parse_losses(losses)
        gen_ow.update_params(loss)
        log_vars.pop('loss')
        log_vars.update({
            k: v.mean()
            for k, v in losses.items() if 'loss' not in k
        })
        return {k: v.detach() for k, v in log_vars.items()}

    def _boundary_step(self, img: torch.Tensor, gt_mask: torch.Tensor,
                       gen_ow) -> Dict[str, torch.Tensor]:
        """One step of the boundary refiner alone (``parts='boundary'``):
        encoder and mask detector run as at test time (no grad, no ground
        truth orienting the clusters), the refiner learns its per-pixel
        loss; nothing else is run or updated."""
        head = _unwrap(self.mask_detector)
        if getattr(head, 'boundary_refiner', None) is None:
            raise ValueError("train_cfg.parts='boundary' needs a mask "
                             'detector with a boundary_refiner')
        with torch.no_grad():
            feats = self.encoder(img)
        with self._optim_contexts(gen_ow, [self.mask_detector]):
            # eval mode, no ground truth: the test-time path, in which the
            # clustering runs without grad and only the refiner learns
            windows = self.train_cfg.get('boundary_windows')
            kwargs = {} if windows is None else dict(
                boundary_windows=tuple(windows))
            det = self.mask_detector(img, feats, **kwargs)
            losses = head.boundary_loss(det, gt_mask)
        loss, log_vars = self.parse_losses(losses)
        gen_ow.update_params(loss)
        log_vars.pop('loss')
        return {k: v.detach() for k, v in log_vars.items()}

    def _critics(self) -> dict:
        """The critic for :meth:`_critic_step` (scores images alone)."""
        return {'critic': (self.critic, self.critic)}

    def _generator_losses(self,
                          out: dict,
                          gt_img: torch.Tensor,
                          gt_mask: torch.Tensor,
                          with_detector: bool = True):
        """Losses of the generator (detector + decoder) and of the refiner
        (without the detector's with ``with_detector=False``)."""
        gen = dict(_unwrap(self.mask_detector).loss(
            out['det'], gt_mask)) if with_detector else {}
        coarse, refined = out['coarse'], out['refined']
        if self.loss_rec is not None:
            gen['loss_rec'] = self.loss_rec(coarse, gt_img)
        if self.loss_perceptual is not None:
            gen['loss_perceptual'] = self.loss_perceptual(coarse, gt_img)
        ref = {}
        if self.loss_rec_refined is not None:
            ref['loss_rec_refined'] = self.loss_rec_refined(refined, gt_img)
        if self.loss_perceptual_refined is not None:
            ref['loss_perceptual_refined'] = self.loss_perceptual_refined(
                refined, gt_img)
        if self.critic is not None and self.loss_gan is not None:
            ref.update(self._adversarial_losses(self._critics(), refined))
        if self.loss_feature_matching is not None:
            critic = _unwrap(self.critic)
            critic.requires_grad_(False)
            with torch.no_grad():
                real = critic.features(gt_img)
            ref['loss_feature_matching'] = self.loss_feature_matching(
                critic.features(refined), real)
            critic.requires_grad_(True)
        return gen, ref
