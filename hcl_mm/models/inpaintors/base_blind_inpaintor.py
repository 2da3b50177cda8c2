# Copyright (c) hcl_mm contributors. All rights reserved.
from abc import ABCMeta, abstractmethod
from contextlib import ExitStack
from typing import Callable, Dict, Iterable, List, Optional, Tuple, Union

import torch
import torch.nn as nn
from mmengine.model import BaseModel

from hcl_mm.utils.precision import autocast_to, resolve_precision
from .pack_outputs import pack_outputs

#: a critic for :meth:`BaseBlindInpaintor._critic_step`: the module (its
#: parameters train) and how it scores a batch of images
Critic = Tuple[nn.Module, Callable[[torch.Tensor], torch.Tensor]]


class BaseBlindInpaintor(BaseModel, metaclass=ABCMeta):
    """What every hcl_mm blind inpaintor is: find the corrupted pixels of a
    photo without being told, then restore them.

    Images are ``(B, 3, H, W)`` in [-1, 1] with sides multiples of
    :attr:`size_divisor`; masks are ``(B, 1, H, W)`` with 1 = clean.
    Subclasses implement

    * :meth:`detect`: ``img -> p_clean``, soft P(clean) at input size;
    * :meth:`inpaint`: ``(img, clean_mask) -> restored``, non-blind;
    * optionally :meth:`blind_inpaint` (both in one pass; the default
      thresholds :meth:`detect` at 0.5 and calls :meth:`inpaint`);
    * optionally :meth:`loss` / ``train_step`` (trainable models).

    and get the rest: ``forward`` mode dispatch, ``predict`` packed the way
    every hcl_mm metric and tool reads it, ``test_cfg.composite``,
    reduced-precision restoration (:meth:`prepare_inference`), and for
    training the optimiser contexts and a WGAN-GP critic step.
    ``BlindRestorer``, ``tools/infer.py`` and ``tools/test.py`` use nothing
    else, so any subclass works there.

    Args:
        data_preprocessor (dict, optional): defaults to
            ``HCLDataPreprocessor``.
        test_cfg (dict, optional): ``composite`` (keep input pixels outside
            the predicted hole; default False, as in the paper's numbers)
            and ``precision`` of the restoration half (``'fp32'`` default,
            ``'auto'``, ``'bf16'``, ``'fp16'``; detection always runs in
            fp32, so masks do not depend on it).
        init_cfg (dict, optional): initialisation.
    """

    def __init__(self,
                 data_preprocessor: Optional[dict] = None,
                 test_cfg: Optional[dict] = None,
                 init_cfg: Optional[dict] = None) -> None:
        super().__init__(
            data_preprocessor=data_preprocessor
            or dict(type='hcl_mm.HCLDataPreprocessor'),
            init_cfg=init_cfg)
        self.test_cfg = {
            'composite': False,
            'precision': 'fp32',
            **(test_cfg or {})
        }

    # ------------------------------------------------------- the interface
    @property
    def size_divisor(self) -> int:
        """Input sides must be multiples of this (pad first)."""
        return 1

    @abstractmethod
    def detect(self, img: torch.Tensor) -> torch.Tensor:
        """Soft P(clean) ``(B, 1, H, W)`` of ``img``, at input size."""

    @abstractmethod
    def inpaint(self, img: torch.Tensor,
                clean_mask: torch.Tensor) -> torch.Tensor:
        """Restore ``img`` under a given ``clean_mask`` (1 = clean): the
        non-blind half. Returns ``(B, 3, H, W)`` in [-1, 1], every pixel
        predicted (see :meth:`composite`)."""

    def blind_inpaint(self, img: torch.Tensor) -> Dict[str, object]:
        """Detect and restore in one pass.

        Returns:
            dict: ``p_clean`` ``(B, 1, H, W)``, ``clean_mask`` (the 0/1
            mask the restoration used) and ``restored``; models add
            ``coarse`` (a first-stage image), ``stage_masks`` and
            ``stage_p_clean`` (per stage, coarse to fine).
        """
        p_clean = self.detect(img)
        clean_mask = (p_clean >= 0.5).to(img.dtype)
        return dict(
            p_clean=p_clean,
            clean_mask=clean_mask,
            restored=self.inpaint(img, clean_mask))

    @staticmethod
    def composite(img: torch.Tensor, restored: torch.Tensor,
                  clean_mask: torch.Tensor) -> torch.Tensor:
        """Input pixels where ``clean_mask`` is 1, restored ones elsewhere."""
        return torch.where(clean_mask.bool(), img, restored.to(img.dtype))

    # ------------------------------------------------------------ precision
    def restoration_modules(self) -> List[nn.Module]:
        """The modules of the restoration half (reduced precision and
        ``channels_last`` apply to them only)."""
        return []

    def prepare_inference(self,
                          precision: str = 'auto',
                          channels_last: bool = True) -> None:
        """Set the restoration half up for fast inference (not for training
        afterwards: build a fresh model to train). Going back to ``'fp32'``
        keeps weights already rounded to bf16; reload the checkpoint for
        exact fp32.

        bf16 has fp32's range, so with bf16 the restoration modules run
        wholly in it (weights and activations: faster than autocast, which
        keeps norms and elementwise ops in fp32); fp16 (CUDA) runs under
        autocast with fp32 weights.

        Args:
            precision (str): see ``test_cfg.precision``; ``'auto'`` is
                bf16 on CPUs with native bf16, fp16 on CUDA, else fp32.
            channels_last (bool): NHWC weights for the restoration modules
                (oneDNN's fast convolutions). The detector keeps its layout
                and dtype.
        """
        dtype = resolve_precision(precision, self._device())
        self.test_cfg['precision'] = precision
        weights = torch.bfloat16 if dtype == torch.bfloat16 else torch.float32
        fmt = torch.channels_last if channels_last else torch.contiguous_format
        for module in self.restoration_modules():
            module.to(dtype=weights)
            # 4-D weights only (``Module.to(memory_format=)`` refuses the
            # 5-D weights of modulated convolutions, e.g. MAT's)
            for param in module.parameters():
                if param.dim() == 4:
                    param.data = param.data.contiguous(memory_format=fmt)

    def restoration_dtype(self) -> torch.dtype:
        """The dtype of the restoration modules' weights (what their inputs
        are cast to)."""
        for module in self.restoration_modules():
            param = next(module.parameters(), None)
            if param is not None:
                return param.dtype
        return torch.float32

    def restoration_autocast(self):
        """The autocast context of the restoration half at inference: a
        no-op in training, in fp32 and when the weights are already in the
        precision's dtype (:meth:`prepare_inference`)."""
        device = self._device()
        dtype = resolve_precision(self.test_cfg['precision'], device)
        if self.training or dtype is None or dtype == self.restoration_dtype():
            dtype = None
        return autocast_to(dtype, device)

    def _device(self) -> torch.device:
        param = next(self.parameters(), None)
        return param.device if param is not None else torch.device('cpu')

    # ------------------------------------------------------------ dispatch
    def forward(self,
                inputs: torch.Tensor,
                data_samples: Optional[List] = None,
                mode: str = 'tensor') -> Union[torch.Tensor, List, dict]:
        """``tensor``: restored images; ``predict``: data samples;
        ``loss``: :meth:`loss`."""
        if mode == 'tensor':
            return self.blind_inpaint(inputs)['restored']
        if mode == 'predict':
            return self.predict(inputs, data_samples)
        if mode == 'loss':
            return self.loss(inputs, data_samples)
        raise ValueError(f'invalid mode {mode!r}')

    def loss(self, inputs: torch.Tensor,
             data_samples: Optional[List]) -> Dict[str, torch.Tensor]:
        """The training losses; inference-only models raise."""
        raise NotImplementedError(
            f'{type(self).__name__} is inference-only: train its parts '
            'with their own configs')

    def forward_dummy(self, img: torch.Tensor) -> torch.Tensor:
        """Plain tensor forward, for FLOP counting."""
        return self.blind_inpaint(img)['restored']

    def predict_outputs(self, inputs: torch.Tensor,
                        data_samples: Optional[List]) -> Dict[str, object]:
        """What :meth:`predict` packs: :meth:`blind_inpaint` of the inputs.
        A non-blind model (e.g. :class:`MATInpaintor`, or
        :class:`DetectThenInpaint` without a detector) overrides it with
        :meth:`given_mask_outputs`, to be evaluated on the samples'
        ground-truth masks."""
        return self.blind_inpaint(inputs)

    def given_mask_outputs(self, inputs: torch.Tensor,
                           data_samples: Optional[List]) -> Dict[str, object]:
        """:meth:`inpaint` under the samples' ground-truth masks, packed like
        :meth:`blind_inpaint`'s output (``p_clean`` is the mask itself)."""
        if not data_samples:
            raise ValueError(f'{type(self).__name__} is non-blind: predict '
                             'needs data samples with the ground-truth mask')
        mask = self.data_preprocessor.stack_masks(data_samples)
        return dict(
            p_clean=mask, clean_mask=mask, restored=self.inpaint(inputs, mask))

    @torch.no_grad()
    def predict(self,
                inputs: torch.Tensor,
                data_samples: Optional[List] = None) -> List:
        """mmagic ``DataSample``s with ``output``: ``pred_img`` (restored,
        float RGB in [0, 255]), ``coarse_img``, ``pred_mask`` (0/1 at image
        size, 1 = clean), ``pred_p_clean`` (soft P(clean)) and
        ``stage_masks`` / ``stage_p_clean`` (per stage, coarse to fine, at
        their own resolution; see :func:`pack_outputs`)."""
        out = self.predict_outputs(inputs, data_samples)
        restored = out['restored'].float()
        if self.test_cfg['composite']:
            restored = self.composite(inputs, restored, out['clean_mask'])
        coarse = out.get('coarse')
        destruct = self.data_preprocessor.destruct
        return pack_outputs(
            data_samples,
            pred_img=destruct(restored),
            pred_mask=out['clean_mask'],
            pred_p_clean=out['p_clean'],
            coarse_img=None if coarse is None else destruct(coarse.float()),
            stage_masks=out.get('stage_masks'),
            stage_p_clean=out.get('stage_p_clean'))

    # ------------------------------------------------------------ training
    def _optim_contexts(self, optim_wrapper,
                        modules: Iterable[Optional[nn.Module]]) -> ExitStack:
        """``optim_wrapper.optim_context`` of every given module (DDP
        gradient sync during accumulation is per wrapped module)."""
        stack = ExitStack()
        for module in modules:
            if module is not None:
                stack.enter_context(optim_wrapper.optim_context(module))
        return stack

    def _critic_step(self, critics: Dict[str, Critic], fake: torch.Tensor,
                     real: torch.Tensor, critic_ow) -> Dict[str, torch.Tensor]:
        """One WGAN-GP step of every critic on ``fake`` (detached) against
        ``real``, with ``self.loss_gan`` and (if set) ``self.loss_gp``.

        Logs ``loss_{name}_fake/real/gp`` per critic, ``wasserstein_{name}``
        (mean real minus fake score) and their sum ``loss_critic``.
        """
        fake = fake.detach()
        losses, distances = {}, {}
        with self._optim_contexts(critic_ow, [m for m, _ in critics.values()]):
            for name, (module, score) in critics.items():
                module.requires_grad_(True)
                d_fake, d_real = score(fake), score(real)
                losses[f'loss_{name}_fake'] = self.loss_gan(
                    d_fake, False, is_disc=True)
                losses[f'loss_{name}_real'] = self.loss_gan(
                    d_real, True, is_disc=True)
                if getattr(self, 'loss_gp', None) is not None:
                    losses[f'loss_{name}_gp'] = self.loss_gp(score, real, fake)
                distances[f'wasserstein_{name}'] = (d_real.mean() -
                                                    d_fake.mean()).detach()
        loss, log = self.parse_losses(losses)
        critic_ow.update_params(loss)
        log['loss_critic'] = log.pop('loss')
        log.update(distances)
        return log

    def _adversarial_losses(self, critics: Dict[str, Critic],
                            fake: torch.Tensor) -> Dict[str, torch.Tensor]:
        """``loss_adv_{name}`` of the generator against every critic (the
        critics' parameters are frozen while scoring)."""
        losses = {}
        for name, (module, score) in critics.items():
            module.requires_grad_(False)
            losses[f'loss_adv_{name}'] = self.loss_gan(
                score(fake), True, is_disc=False)
            module.requires_grad_(True)
        return losses
