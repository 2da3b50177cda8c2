# Copyright (c) hcl_mm contributors. All rights reserved.
from typing import Dict, List, Optional, Union

import torch
from mmengine.optim import OptimWrapperDict

from hcl_mm.registry import MODELS, build_module
from ...inpaintors.base_blind_inpaintor import BaseBlindInpaintor
from ...losses.vgg19_features import share_vgg

_CRITICS = ('global_critic', 'patch_critic')


@MODELS.register_module()
class VCNetInpaintor(BaseBlindInpaintor):
    """VCNet (Wang et al., ECCV 2020), the paper's blind-inpainting baseline.

    The mask prediction network (:class:`VCNetMPN`) predicts P(valid); the
    robust inpainting network (:class:`VCNetRIN`) restores the corrupted
    image under that soft mask, reading the detached MPN bottleneck. Two
    stages (``train_cfg.stage``):

    * ``'separate'``: the RIN gets the ground-truth mask; the MPN learns from
      the class-balanced BCE alone (the two losses touch disjoint
      parameters, so one Adam over both equals two);
    * ``'joint'``: the RIN gets the predicted mask (gradients reach the MPN
      through it) and the MPN loss is weighted by ``joint_mask_weight`` (2).

    RIN losses: ``1.4 L1 + 1e-4 semantic (VGG19 relu3_2 L1) + 1e-3 ID-MRF +
    1e-3 (global + patch WGAN)``; both critics use WGAN-GP (lambda 10).
    Predictions use the same ``DataSample`` fields as
    :class:`HCLInpaintor`, so every hcl_mm metric and tool works unchanged.

    Args:
        mpn (dict): mask prediction network.
        rin (dict): robust inpainting network.
        global_critic (dict, optional): whole-image critic.
        patch_critic (dict, optional): hole-weighted patch critic.
        loss_mask (dict): MPN loss.
        loss_rec (dict): RIN L1.
        loss_semantic (dict, optional): semantic consistency.
        loss_mrf (dict, optional): ID-MRF.
        loss_gan (dict, optional): WGAN loss (mmagic ``GANLoss``).
        loss_gp (dict, optional): gradient penalty.
        train_cfg (dict): ``stage`` and ``joint_mask_weight``.
        test_cfg (dict): ``composite`` (paste the output into the predicted
            hole only; off by default, as in the paper's numbers) and
            ``precision`` of the RIN at inference.
        data_preprocessor (dict): defaults to ``HCLDataPreprocessor``.
    """

    def __init__(self,
                 mpn: dict,
                 rin: dict,
                 global_critic: Optional[dict] = None,
                 patch_critic: Optional[dict] = None,
                 loss_mask: dict = dict(type='AdaptiveClassBalancedBCELoss'),
                 loss_rec: dict = dict(type='mmagic.L1Loss', loss_weight=1.4),
                 loss_semantic: Optional[dict] = None,
                 loss_mrf: Optional[dict] = None,
                 loss_gan: Optional[dict] = None,
                 loss_gp: Optional[dict] = None,
                 train_cfg: Optional[dict] = None,
                 test_cfg: Optional[dict] = None,
                 data_preprocessor: Optional[dict] = None,
                 init_cfg: Optional[dict] = None) -> None:
        super().__init__(data_preprocessor, test_cfg, init_cfg)
        build = lambda cfg: build_module(cfg or None)  # noqa: E731
        self.mpn = build(mpn)
        self.rin = build(rin)
        self.global_critic = build(global_critic)
        self.patch_critic = build(patch_critic)
        self.loss_mask = build(loss_mask)
        self.loss_rec = build(loss_rec)
        self.loss_semantic = build(loss_semantic)
        self.loss_mrf = build(share_vgg(loss_mrf, self.loss_semantic))
        self.loss_gan = build(loss_gan)
        self.loss_gp = build(loss_gp)
        self.train_cfg = {
            'stage': 'separate',
            'joint_mask_weight': 2.0,
            **(train_cfg or {})
        }
        if self.train_cfg['stage'] not in ('separate', 'joint'):
            raise ValueError("train_cfg.stage must be 'separate' or 'joint', "
                             f"got {self.train_cfg['stage']!r}")

    def _critics(self, gt_mask: torch.Tensor) -> dict:
        """The critics for :meth:`_critic_step`; both read the hole."""
        return {
            name.split('_')[0]: (critic, lambda x, c=critic: c(x, gt_mask))
            for name in _CRITICS if (critic := getattr(self, name)) is not None
        }

    def generate(self,
                 img: torch.Tensor,
                 gt_mask: Optional[torch.Tensor] = None,
                 use_gt_mask: bool = False) -> Dict[str, torch.Tensor]:
        """Detect and restore images in [-1, 1].

        Returns:
            dict: ``conf`` (P(valid)), ``mask`` (the mask given to the RIN)
            and ``restored``.
        """
        det = self.mpn(img)
        mask = gt_mask.to(img.dtype) if use_gt_mask else det['conf']
        restored = self.rin(img, mask, det['bottleneck'])
        return dict(conf=det['conf'], mask=mask, restored=restored)

    def _rin(self, img: torch.Tensor, mask: torch.Tensor,
             bottleneck: torch.Tensor) -> torch.Tensor:
        """The RIN at inference, in the restoration precision."""
        dtype = self.restoration_dtype()
        img, mask, bottleneck = (t.to(dtype) for t in (img, mask, bottleneck))
        with self.restoration_autocast():
            return self.rin(img, mask, bottleneck).float()

    # ------------------------------------------------- blind inpaintor API
    @property
    def size_divisor(self) -> int:
        return self.mpn.size_divisor

    def restoration_modules(self) -> List[torch.nn.Module]:
        return [self.rin]

    @torch.no_grad()
    def detect(self, img: torch.Tensor) -> torch.Tensor:
        """The MPN's P(clean) ``(B, 1, H, W)``."""
        return self.mpn(img)['conf'].float()

    @torch.no_grad()
    def inpaint(self, img: torch.Tensor,
                clean_mask: torch.Tensor) -> torch.Tensor:
        """The RIN under a given mask (the MPN still runs: the RIN reads
        its bottleneck)."""
        det = self.mpn(img)
        return self._rin(img, clean_mask.to(img.dtype), det['bottleneck'])

    @torch.no_grad()
    def blind_inpaint(self, img: torch.Tensor) -> Dict[str, object]:
        """The RIN restores under the MPN's soft mask (as VCNet does);
        ``clean_mask`` is that mask at 0.5."""
        det = self.mpn(img)
        p_clean = det['conf'].float()
        return dict(
            p_clean=p_clean,
            clean_mask=(p_clean >= 0.5).float(),
            restored=self._rin(img, det['conf'], det['bottleneck']))

    def loss(self, inputs: torch.Tensor,
             data_samples: Optional[List]) -> Dict[str, torch.Tensor]:
        gt_img, gt_mask = self.data_preprocessor.stack_targets(data_samples)
        out = self.generate(inputs, gt_mask,
                            self.train_cfg['stage'] == 'separate')
        return self._generator_losses(out, gt_img, gt_mask)

    # ------------------------------------------------------------- train
    def train_step(self, data: Union[dict, tuple, list],
                   optim_wrapper: OptimWrapperDict) -> Dict[str, torch.Tensor]:
        data = self.data_preprocessor(data, True)
        img, samples = data['inputs'], data['data_samples']
        gt_img, gt_mask = self.data_preprocessor.stack_targets(samples)
        gen_ow = optim_wrapper['generator']
        generator = [self.mpn, self.rin]
        with self._optim_contexts(gen_ow, generator):
            out = self.generate(img, gt_mask,
                                self.train_cfg['stage'] == 'separate')
        log_vars = {}
        critics = self._critics(gt_mask)
        if critics and 'critic' in optim_wrapper.keys():
            log_vars.update(
                self._critic_step(critics, out['restored'], gt_img,
                                  optim_wrapper['critic']))
        with self._optim_contexts(gen_ow, generator):
            losses = self._generator_losses(out, gt_img, gt_mask)
        loss, log = self.parse_losses(losses)
        gen_ow.update_params(loss)
        log_vars.update(log)
        return {k: v.detach() for k, v in log_vars.items()}

    def _generator_losses(self, out: dict, gt_img: torch.Tensor,
                          gt_mask: torch.Tensor) -> Dict[str, torch.Tensor]:
        restored = out['restored']
        weight = (1. if self.train_cfg['stage'] == 'separate' else
                  self.train_cfg['joint_mask_weight'])
        losses = dict(loss_mask=weight * self.loss_mask(out['conf'], gt_mask))
        losses['loss_rec'] = self.loss_rec(restored, gt_img)
        if self.loss_semantic is not None:
            losses['loss_semantic'] = self.loss_semantic(restored, gt_img)
        if self.loss_mrf is not None:
            losses['loss_mrf'] = self.loss_mrf(restored, gt_img)
        if self.loss_gan is not None:
            losses.update(
                self._adversarial_losses(self._critics(gt_mask), restored))
        return losses
