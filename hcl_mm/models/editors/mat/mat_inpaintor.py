# Copyright (c) hcl_mm contributors. All rights reserved.
from contextlib import contextmanager
from typing import Dict, Iterator, List, Optional, Tuple, Union

import torch
import torch.nn as nn
from mmengine.optim import OptimWrapperDict

from hcl_mm.registry import MODELS, build_module
from ...inpaintors.base_blind_inpaintor import BaseBlindInpaintor
from ...inpaintors.hcl_inpaintor import _unwrap


@contextmanager
def seeded_rng(seed: int, device: torch.device) -> Iterator[None]:
    """Run with the global generator(s) seeded, restoring them afterwards
    (the caller's random stream is untouched)."""
    devices = [device] if device.type == 'cuda' else []
    with torch.random.fork_rng(devices=devices):
        torch.manual_seed(seed)
        yield


@MODELS.register_module()
class MATInpaintor(BaseBlindInpaintor):
    """MAT as an hcl_mm inpainter: the non-blind half of the blind-inpaintor
    interface, for :class:`DetectThenInpaint` behind any detector (the HCL
    paper's Table 2, MAT-F) and trainable on the corruption datasets'
    ground-truth masks. Validation and ``tools/test.py`` of a MAT config
    fill the samples' ground-truth holes (:meth:`predict_outputs`).

    Training, one iteration: the generator fills the ground-truth holes of
    the clean image (hole content never reaches it); both stages are
    composited into the known pixels; each critic (``critic`` on the fine
    image, optional ``critic_stage1`` on the coarse one, both given the
    mask) takes one step with the non-saturating logistic loss and R1 on
    real images; then the generator: adversarial loss against every critic
    + perceptual loss (+ optional L1) on both stages.

    MAT's output depends on its style noise ``z`` (pluralistic
    completion). At inference ``z`` and the decoder's noise injections are
    drawn from ``test_cfg.seed`` (default 0) in a forked generator: the same
    image and mask always give the same fill, and the caller's random
    stream is untouched. :meth:`sample` gives other seeds' fills.

    Args:
        generator (dict): :class:`MATGenerator`.
        critic (dict, optional): :class:`MATCritic` for the fine image.
        critic_stage1 (dict, optional): a critic for the coarse image.
        loss_gan (dict, optional): ``mmagic.GANLoss`` (``'vanilla'``: the
            non-saturating logistic loss).
        loss_gp (dict, optional): the critics' penalty (:class:`R1Penalty`).
        loss_perceptual (dict, optional): on both stages.
        loss_rec (dict, optional): L1 on both stages (not in MAT; the CPU
            config uses it, having no pretrained perceptual network).
        data_preprocessor, test_cfg, init_cfg: see
            :class:`BaseBlindInpaintor`; ``test_cfg.seed`` as above.
    """

    def __init__(self,
                 generator: dict,
                 critic: Optional[dict] = None,
                 critic_stage1: Optional[dict] = None,
                 loss_gan: Optional[dict] = None,
                 loss_gp: Optional[dict] = None,
                 loss_perceptual: Optional[dict] = None,
                 loss_rec: Optional[dict] = None,
                 data_preprocessor: Optional[dict] = None,
                 test_cfg: Optional[dict] = None,
                 init_cfg: Optional[dict] = None) -> None:
        super().__init__(data_preprocessor, {
            'seed': 0,
            **(test_cfg or {})
        }, init_cfg)
        build = lambda cfg: build_module(cfg or None)  # noqa: E731
        self.generator = build_module(generator)
        self.critic = build(critic)
        self.critic_stage1 = build(critic_stage1)
        self.loss_gan = build(loss_gan)
        self.loss_gp = build(loss_gp)
        self.loss_perceptual = build(loss_perceptual)
        self.loss_rec = build(loss_rec)

    # ------------------------------------------------------- the interface
    @property
    def size_divisor(self) -> int:
        return _unwrap(self.generator).size_divisor

    def restoration_modules(self) -> List[nn.Module]:
        # none: StyleGAN2's layers (mmcv's upfirdn2d) need fp32 weights and
        # blur kernels, so reduced precision runs under autocast instead
        return []

    def detect(self, img: torch.Tensor) -> torch.Tensor:
        raise NotImplementedError(
            'MATInpaintor is a non-blind inpainter: it is told the hole. '
            'For blind restoration put it behind a detector: '
            "dict(type='DetectThenInpaint', detector=..., inpainter=<this "
            'config>)')

    def predict_outputs(self, inputs: torch.Tensor,
                        data_samples: Optional[List]) -> Dict[str, object]:
        """Non-blind: the samples' ground-truth masks are filled."""
        return self.given_mask_outputs(inputs, data_samples)

    @torch.no_grad()
    def sample(self, img: torch.Tensor, clean_mask: torch.Tensor,
               seed: int) -> Tuple[torch.Tensor, torch.Tensor]:
        """The fine and the coarse fill of ``img`` under ``clean_mask``
        (1 = known) with the style noise of ``seed``."""
        dtype = self.restoration_dtype()
        with seeded_rng(seed, img.device), self.restoration_autocast():
            fine, coarse = self.generator(img.to(dtype), clean_mask.to(dtype))
        return fine.float(), coarse.float()

    @torch.no_grad()
    def inpaint(self, img: torch.Tensor,
                clean_mask: torch.Tensor) -> torch.Tensor:
        """The fine fill with ``test_cfg.seed``'s noise (every pixel
        predicted; composite outside)."""
        return self.sample(img, clean_mask, self.test_cfg['seed'])[0]

    # ------------------------------------------------------------- train
    def _fills(self, gt: torch.Tensor,
               mask: torch.Tensor) -> Dict[str, torch.Tensor]:
        """Both stages of the generator on the clean image's known pixels,
        composited into them."""
        fine, coarse = self.generator(gt * mask, mask)
        return {
            'fine': self.composite(gt, fine, mask),
            'coarse': self.composite(gt, coarse, mask)
        }

    def _critics_of(self, mask: torch.Tensor, stage: str) -> dict:
        critic = self.critic if stage == 'fine' else self.critic_stage1
        name = 'critic' if stage == 'fine' else 'critic_stage1'
        if critic is None:
            return {}
        return {name: (critic, lambda x: critic(x, mask))}

    def _generator_losses(self, fills: Dict[str,
                                            torch.Tensor], gt: torch.Tensor,
                          mask: torch.Tensor) -> Dict[str, torch.Tensor]:
        losses = {}
        for stage, out in fills.items():
            suffix = '' if stage == 'fine' else '_stage1'
            if self.loss_rec is not None:
                losses[f'loss_rec{suffix}'] = self.loss_rec(out, gt)
            if self.loss_perceptual is not None:
                losses[f'loss_perceptual{suffix}'] = self.loss_perceptual(
                    out, gt)
            if self.loss_gan is not None:
                losses.update(
                    self._adversarial_losses(
                        self._critics_of(mask, stage), out))
        return losses

    def loss(self, inputs: torch.Tensor,
             data_samples: Optional[List]) -> Dict[str, torch.Tensor]:
        """The generator's losses on the ground-truth holes (no
        optimisation; see :meth:`train_step`)."""
        gt, mask = self.data_preprocessor.stack_targets(data_samples)
        return self._generator_losses(self._fills(gt, mask), gt, mask)

    def train_step(self, data: Union[dict, tuple, list],
                   optim_wrapper: OptimWrapperDict) -> Dict[str, torch.Tensor]:
        data = self.data_preprocessor(data, True)
        gt, mask = self.data_preprocessor.stack_targets(data['data_samples'])
        gen_ow = optim_wrapper['generator']
        with self._optim_contexts(gen_ow, [self.generator]):
            fills = self._fills(gt, mask)
        log_vars = {}
        if self.loss_gan is not None:
            for stage, out in fills.items():
                critics = self._critics_of(mask, stage)
                if critics:
                    name = next(iter(critics))
                    step = self._critic_step(critics, out, gt,
                                             optim_wrapper[name])
                    step[f'loss_{name}'] = step.pop('loss_critic')
                    log_vars.update(step)
        with self._optim_contexts(gen_ow, [self.generator]):
            losses = self._generator_losses(fills, gt, mask)
        loss, gen_log = self.parse_losses(losses)
        gen_ow.update_params(loss)
        gen_log['loss_generator'] = gen_log.pop('loss')
        log_vars.update(gen_log)
        return {k: v.detach() for k, v in log_vars.items()}
