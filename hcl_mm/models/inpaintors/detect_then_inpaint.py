# Copyright (c) hcl_mm contributors. All rights reserved.
import logging
import math
from typing import Dict, List, Optional

import torch
from mmengine.logging import print_log

from hcl_mm.registry import MODELS, build_module
from ..layers.morphology import erode
from .base_blind_inpaintor import BaseBlindInpaintor
from .mmagic_inpainter import is_mmagic_inpainter, mmagic_inpaint

#: what mmagic's inpainters need of input sides unless told otherwise
MMAGIC_SIZE_DIVISOR = 8


@MODELS.register_module()
class DetectThenInpaint(BaseBlindInpaintor):
    """Blind restoration from any mask detector and any inpainter.

    The paper's Table 2 setting: one inpainter over the masks of different
    detectors. Inference only: each part is trained with its own config and
    loaded through its ``init_cfg`` (``type='Pretrained'``).

    Detectors implement ``detect(img) -> p_clean`` at image size:
    :class:`HCLMaskDetector`, :class:`MMSegMaskDetector` (any mmseg
    segmentor), :class:`VCNetMPN`. Inpainters: any
    :class:`BaseBlindInpaintor` (its non-blind :meth:`inpaint`, e.g.
    HCL's decoder and refiner) or an mmagic inpaintor (DeepFillv2,
    AOT-GAN, PConv, GL; see :func:`mmagic_inpainter_cfg`).

    Without a detector (``detector=None``) it is the table's first row,
    the inpainter on the ground-truth masks: evaluation
    (``tools/test.py``) fills the data samples' masks, and
    :meth:`detect` / :meth:`blind_inpaint` refuse to run.

    Args:
        detector (dict, optional): the mask detector; None for the
            ground-truth masks.
        inpainter (dict): the non-blind inpainter.
        threshold (float): P(clean) below it is a hole. Defaults to 0.5.
        dilate (int): grow the hole by this many pixels before inpainting.
        composite (bool): keep input pixels outside the hole. Defaults to
            True.
        size_divisor (int, optional): what input sides must be multiples
            of; defaults to the least common multiple of the detector's
            and the inpainter's (8 for mmagic's; PConv needs 256).
        data_preprocessor (dict): defaults to ``HCLDataPreprocessor``.
        test_cfg (dict, optional): see :class:`BaseBlindInpaintor`.
    """

    def __init__(self,
                 detector: Optional[dict],
                 inpainter: dict,
                 threshold: float = 0.5,
                 dilate: int = 0,
                 composite: bool = True,
                 size_divisor: Optional[int] = None,
                 data_preprocessor: Optional[dict] = None,
                 test_cfg: Optional[dict] = None,
                 init_cfg: Optional[dict] = None) -> None:
        super().__init__(data_preprocessor, test_cfg, init_cfg)
        self.detector = build_module(detector) if detector else None
        self.inpainter = build_module(inpainter)
        if self.detector is not None and not hasattr(self.detector, 'detect'):
            raise TypeError(f'{type(self.detector).__name__} is not a mask '
                            'detector (no detect(img) -> p_clean)')
        if not (is_mmagic_inpainter(self.inpainter)
                or isinstance(self.inpainter, BaseBlindInpaintor)):
            raise TypeError(f'{type(self.inpainter).__name__} is neither an '
                            'mmagic inpaintor nor an hcl_mm inpaintor')
        self.threshold = threshold
        self.dilate = dilate
        self.with_composite = composite
        if size_divisor is None:
            a = getattr(self.detector, 'size_divisor', 1)
            b = (
                MMAGIC_SIZE_DIVISOR if is_mmagic_inpainter(self.inpainter) else
                self.inpainter.size_divisor)
            size_divisor = a * b // math.gcd(a, b)
        self._size_divisor = size_divisor

    @property
    def size_divisor(self) -> int:
        return self._size_divisor

    def restoration_modules(self) -> List[torch.nn.Module]:
        # mmagic's inpainters keep fp32 weights (they build fp32 tensors
        # inside) and run under autocast
        if isinstance(self.inpainter, BaseBlindInpaintor):
            return self.inpainter.restoration_modules()
        return []

    def prepare_inference(self,
                          precision: str = 'auto',
                          channels_last: bool = True) -> None:
        super().prepare_inference(precision, channels_last)
        if isinstance(self.inpainter, BaseBlindInpaintor):
            self.inpainter.test_cfg['precision'] = precision

    @torch.no_grad()
    def detect(self, img: torch.Tensor) -> torch.Tensor:
        if self.detector is None:
            raise ValueError('DetectThenInpaint without a detector fills '
                             'ground-truth masks only (evaluation on data '
                             'samples with masks); give it a detector for '
                             'blind restoration')
        return self.detector.detect(img).float()

    def predict_outputs(self, inputs: torch.Tensor,
                        data_samples: Optional[List]) -> Dict[str, object]:
        """Blind, or on the samples' ground-truth masks without a
        detector."""
        if self.detector is not None:
            return self.blind_inpaint(inputs)
        return self.given_mask_outputs(inputs, data_samples)

    def clean_mask(self, p_clean: torch.Tensor) -> torch.Tensor:
        """P(clean) -> 0/1 mask: threshold, then the hole grown by
        ``dilate`` pixels."""
        mask = (p_clean >= self.threshold).float()
        if self.dilate > 0:
            mask = erode(mask, self.dilate)  # the clean area shrinks
        return mask

    @torch.no_grad()
    def inpaint(self, img: torch.Tensor,
                clean_mask: torch.Tensor) -> torch.Tensor:
        """The inpainter under ``clean_mask``; non-finite values (e.g.
        DeepFill v2 when no clean patch is left at its coarse scale) become
        mid-grey with a warning; composited when ``composite``."""
        clean_mask = clean_mask.to(img.dtype)
        if is_mmagic_inpainter(self.inpainter):
            with self.restoration_autocast():
                restored = mmagic_inpaint(self.inpainter, img, clean_mask)
            restored = restored.float()
        else:
            restored = self.inpainter.inpaint(img, clean_mask)
        if not torch.isfinite(restored).all():
            print_log(
                f'{type(self.inpainter).__name__} returned non-finite '
                'values (the mask leaves too little clean context); '
                'they are replaced by mid-grey',
                logger='current',
                level=logging.WARNING)
            restored = torch.nan_to_num(
                restored, nan=0., posinf=1., neginf=-1.)
        restored = restored.clamp(-1, 1)
        if self.with_composite:
            restored = self.composite(img, restored, clean_mask)
        return restored

    @torch.no_grad()
    def blind_inpaint(self, img: torch.Tensor) -> Dict[str, object]:
        """``p_clean``, ``clean_mask`` (after threshold and dilation) and
        ``restored``."""
        p_clean = self.detect(img)
        clean_mask = self.clean_mask(p_clean)
        return dict(
            p_clean=p_clean,
            clean_mask=clean_mask,
            restored=self.inpaint(img, clean_mask))
