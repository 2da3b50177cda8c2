# Copyright (c) hcl_mm contributors. All rights reserved.
from contextlib import ExitStack
from typing import Dict, List, Optional, Union

import torch
from mmengine.model import BaseModel
from mmengine.optim import OptimWrapperDict

from hcl_mm.registry import MODELS, build_module
from ...inpaintors.pack_outputs import pack_outputs
from ...losses.vgg19_features import share_vgg

_GENERATOR = ('mpn', 'rin')
_CRITICS = ('global_critic', 'patch_critic')


@MODELS.register_module()
class VCNetInpaintor(BaseModel):
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
            hole only; off by default, as in the paper's numbers).
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
        super().__init__(
            data_preprocessor=data_preprocessor
            or dict(type='hcl_mm.HCLDataPreprocessor'),
            init_cfg=init_cfg)
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
        self.train_cfg = {'stage': 'separate', 'joint_mask_weight': 2.0,
                          **(train_cfg or {})}
        if self.train_cfg['stage'] not in ('separate', 'joint'):
            raise ValueError("train_cfg.stage must be 'separate' or 'joint', "
                             f"got {self.train_cfg['stage']!r}")
        self.test_cfg = {'composite': False, **(test_cfg or {})}

    @property
    def critics(self) -> List[torch.nn.Module]:
        return [c for c in (self.global_critic, self.patch_critic) if c]

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

    def forward(self,
                inputs: torch.Tensor,
                data_samples: Optional[List] = None,
                mode: str = 'tensor') -> Union[torch.Tensor, List, dict]:
        if mode == 'tensor':
            return self.generate(inputs)['restored']
        if mode == 'predict':
            return self.predict(inputs, data_samples)
        if mode == 'loss':
            gt_img, gt_mask = self.data_preprocessor.stack_targets(
                data_samples)
            out = self.generate(inputs, gt_mask,
                                self.train_cfg['stage'] == 'separate')
            return self._generator_losses(out, gt_img, gt_mask)
        raise ValueError(f'invalid mode {mode!r}')

    # ------------------------------------------------------------- train
    def train_step(self, data: Union[dict, tuple, list],
                   optim_wrapper: OptimWrapperDict) -> Dict[str, torch.Tensor]:
        data = self.data_preprocessor(data, True)
        img, samples = data['inputs'], data['data_samples']
        gt_img, gt_mask = self.data_preprocessor.stack_targets(samples)
        gen_ow = optim_wrapper['generator']
        with self._optim_contexts(gen_ow, _GENERATOR):
            out = self.generate(img, gt_mask,
                                self.train_cfg['stage'] == 'separate')
        log_vars = {}
        if self.critics and 'critic' in optim_wrapper.keys():
            log_vars.update(
                self._critic_step(out['restored'], gt_img, gt_mask,
                                  optim_wrapper['critic']))
        with self._optim_contexts(gen_ow, _GENERATOR):
            losses = self._generator_losses(out, gt_img, gt_mask)
        loss, log = self.parse_losses(losses)
        gen_ow.update_params(loss)
        log_vars.update(log)
        return {k: v.detach() for k, v in log_vars.items()}

    def _optim_contexts(self, optim_wrapper, names) -> ExitStack:
        """``optim_wrapper.optim_context`` of every named sub-module (DDP
        gradient sync during accumulation is per wrapped module)."""
        stack = ExitStack()
        for name in names:
            module = getattr(self, name)
            if module is not None:
                stack.enter_context(optim_wrapper.optim_context(module))
        return stack

    def _critic_step(self, fake, real, gt_mask, critic_ow):
        fake = fake.detach()
        losses = {}
        with self._optim_contexts(critic_ow, _CRITICS):
            for name in _CRITICS:
                critic = getattr(self, name)
                if critic is None:
                    continue
                critic.requires_grad_(True)
                d = lambda x, c=critic: c(x, gt_mask)  # noqa: E731
                tag = name.split('_')[0]
                losses[f'loss_{tag}_fake'] = self.loss_gan(
                    d(fake), False, is_disc=True)
                losses[f'loss_{tag}_real'] = self.loss_gan(
                    d(real), True, is_disc=True)
                if self.loss_gp is not None:
                    losses[f'loss_{tag}_gp'] = self.loss_gp(d, real, fake)
        loss, log = self.parse_losses(losses)
        critic_ow.update_params(loss)
        log['loss_critic'] = log.pop('loss')
        return log

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
            for name in _CRITICS:
                critic = getattr(self, name)
                if critic is None:
                    continue
                critic.requires_grad_(False)
                losses[f'loss_adv_{name.split("_")[0]}'] = self.loss_gan(
                    critic(restored, gt_mask), True, is_disc=False)
                critic.requires_grad_(True)
        return losses

    # ----------------------------------------------------------- predict
    @torch.no_grad()
    def predict(self, inputs: torch.Tensor,
                data_samples: Optional[List] = None) -> List:
        """mmagic ``DataSample``s with ``output``: ``pred_img`` (float RGB
        in [0, 255]), ``coarse_img`` (the same: VCNet has one output),
        ``pred_mask`` (0/1, 1 = valid), ``pred_conf`` (P(valid)) and
        one-element ``stage_masks``/``stage_confs``."""
        out = self.generate(inputs)
        conf = out['conf'].float()
        mask = (conf >= 0.5).float()
        restored = out['restored']
        if self.test_cfg['composite']:
            restored = inputs * mask + restored * (1 - mask)
        return pack_outputs(data_samples,
                            self.data_preprocessor.destruct(restored), mask,
                            conf)

    def forward_dummy(self, img: torch.Tensor) -> torch.Tensor:
        """Plain tensor forward, for FLOP counting."""
        return self.generate(img)['restored']
