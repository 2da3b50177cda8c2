# Copyright (c) hcl_mm contributors. All rights reserved.
import logging
from typing import Dict, List, Optional, Union

import torch
import torch.nn.functional as F
from mmengine.logging import print_log
from mmengine.model import BaseModel

from hcl_mm.registry import MODELS, build_module
from .mmagic_inpainter import is_mmagic_inpainter, mmagic_inpaint
from .pack_outputs import pack_outputs


@MODELS.register_module()
class DetectThenInpaint(BaseModel):
    """Blind restoration from any mask detector and any inpainter.

    The paper's Table 2 setting: one inpainter over the masks of different
    detectors. Inference only: each part is trained with its own config and
    loaded through its ``init_cfg`` (``type='Pretrained'``).

    Detectors implement ``predict_conf(img) -> P(clean)`` at image size:
    :class:`HCLMaskDetector`, :class:`MMSegMaskDetector` (any mmseg
    segmentor), :class:`VCNetMPN`. Inpainters: :class:`HCLInpaintor` (its
    decoder and refiner under the given mask) or an mmagic inpaintor
    (DeepFillv2, AOT-GAN, PConv, GL; see :func:`mmagic_inpainter_cfg`).

    Args:
        detector (dict): the mask detector.
        inpainter (dict): the non-blind inpainter.
        threshold (float): P(clean) below it is a hole. Defaults to 0.5.
        dilate (int): grow the hole by this many pixels before inpainting.
        composite (bool): keep input pixels outside the hole. Defaults to
            True.
        data_preprocessor (dict): defaults to ``HCLDataPreprocessor``.
    """

    def __init__(self,
                 detector: dict,
                 inpainter: dict,
                 threshold: float = 0.5,
                 dilate: int = 0,
                 composite: bool = True,
                 data_preprocessor: Optional[dict] = None,
                 init_cfg: Optional[dict] = None) -> None:
        super().__init__(
            data_preprocessor=data_preprocessor
            or dict(type='hcl_mm.HCLDataPreprocessor'),
            init_cfg=init_cfg)
        self.detector = build_module(detector)
        self.inpainter = build_module(inpainter)
        if not hasattr(self.detector, 'predict_conf'):
            raise TypeError(f'{type(self.detector).__name__} is not a mask '
                            'detector (no predict_conf)')
        if not (is_mmagic_inpainter(self.inpainter)
                or hasattr(self.inpainter, 'generate')):
            raise TypeError(f'{type(self.inpainter).__name__} is neither an '
                            'mmagic inpaintor nor an hcl_mm inpaintor')
        self.threshold = threshold
        self.dilate = dilate
        self.composite = composite

    def generate(self, img: torch.Tensor) -> Dict[str, torch.Tensor]:
        """``img`` in [-1, 1] -> ``conf``, ``mask`` (1 = clean, after
        threshold and dilation) and ``restored``."""
        conf = self.detector.predict_conf(img).float()
        mask = (conf >= self.threshold).to(img.dtype)
        if self.dilate > 0:
            k = 2 * self.dilate + 1
            mask = 1 - F.max_pool2d(1 - mask, k, stride=1,
                                    padding=self.dilate)
        if is_mmagic_inpainter(self.inpainter):
            restored = mmagic_inpaint(self.inpainter, img, mask)
        else:
            restored = self.inpainter.generate(img, mask, True)['refined']
        if not torch.isfinite(restored).all():
            # e.g. DeepFill v2's contextual attention when no clean patch
            # is left at its coarse scale: fill with mid-grey, say so
            print_log(f'{type(self.inpainter).__name__} returned non-finite '
                      'values (the mask leaves too little clean context); '
                      'they are replaced by mid-grey', logger='current',
                      level=logging.WARNING)
            restored = torch.nan_to_num(restored, nan=0., posinf=1.,
                                        neginf=-1.)
        restored = restored.clamp(-1, 1)
        if self.composite:
            restored = torch.where(mask.bool(), img, restored)
        return dict(conf=conf, mask=mask, restored=restored)

    def forward(self,
                inputs: torch.Tensor,
                data_samples: Optional[List] = None,
                mode: str = 'tensor') -> Union[torch.Tensor, List]:
        if mode == 'tensor':
            return self.generate(inputs)['restored']
        if mode == 'predict':
            return self.predict(inputs, data_samples)
        raise ValueError(
            f'DetectThenInpaint is inference-only (mode {mode!r}): train the '
            'detector and the inpainter with their own configs')

    @torch.no_grad()
    def predict(self, inputs: torch.Tensor,
                data_samples: Optional[List] = None) -> List:
        """The fields of :meth:`HCLInpaintor.predict` (one stage)."""
        out = self.generate(inputs)
        return pack_outputs(data_samples,
                            self.data_preprocessor.destruct(out['restored']),
                            out['mask'], out['conf'])
