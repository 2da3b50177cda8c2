# Copyright (c) hcl_mm contributors. All rights reserved.
from typing import Dict, List, Optional

import torch

from hcl_mm.registry import MODELS, build_module
from ...inpaintors.base_blind_inpaintor import BaseBlindInpaintor


@MODELS.register_module()
class MPRNetRestorer(BaseBlindInpaintor):
    """MPRNet trained blind: corrupted image in, clean image out (the HCL
    paper's Table 3 baseline), behind hcl_mm's blind-inpaintor interface.

    Loss (the MPRNet paper, Eq. 2): over the three stages' outputs,
    Charbonnier(out, gt) + 0.05 * EdgeLoss(out, gt), on images in [-1, 1].
    MPRNet predicts no mask; :meth:`detect` derives one from how much the
    network changed each pixel: ``p_clean = 2 ** (-|out - img| / tau)``
    (channel mean), so a pixel changed by ``tau`` is at 0.5 and counts as
    corrupted beyond it. :meth:`inpaint` ignores the given mask (MPRNet
    restores every pixel; compositing is the caller's).

    Args:
        net (dict): the :class:`MPRNet` config.
        loss_rec (dict): per-stage reconstruction loss (Charbonnier).
        loss_edge (dict): per-stage edge loss.
        diff_tau (float): the change (in [-1, 1] units) at which a pixel
            counts as corrupted. Defaults to 0.1 (about 13/255).
        data_preprocessor, test_cfg, init_cfg: see
            :class:`BaseBlindInpaintor`.
    """

    def __init__(self,
                 net: dict,
                 loss_rec: dict = dict(
                     type='mmagic.CharbonnierLoss', eps=1e-6),
                 loss_edge: dict = dict(type='EdgeLoss', loss_weight=0.05),
                 diff_tau: float = 0.1,
                 data_preprocessor: Optional[dict] = None,
                 test_cfg: Optional[dict] = None,
                 init_cfg: Optional[dict] = None) -> None:
        super().__init__(data_preprocessor, test_cfg, init_cfg)
        self.net = build_module(net)
        self.loss_rec = build_module(loss_rec) if loss_rec else None
        self.loss_edge = build_module(loss_edge) if loss_edge else None
        self.diff_tau = diff_tau

    @property
    def size_divisor(self) -> int:
        return self.net.size_divisor

    def _p_clean(self, img: torch.Tensor,
                 restored: torch.Tensor) -> torch.Tensor:
        diff = (restored.float() - img.float()).abs().mean(1, keepdim=True)
        return torch.exp2(-diff / self.diff_tau)

    @torch.no_grad()
    def detect(self, img: torch.Tensor) -> torch.Tensor:
        return self._p_clean(img, self.net(img)[0])

    @torch.no_grad()
    def inpaint(self, img: torch.Tensor,
                clean_mask: torch.Tensor) -> torch.Tensor:
        return self.net(img)[0].float()

    @torch.no_grad()
    def blind_inpaint(self, img: torch.Tensor) -> Dict[str, object]:
        """One pass: ``restored`` (stage 3), ``coarse`` (stage 1) and the
        mask derived from the change."""
        outs = self.net(img)
        p_clean = self._p_clean(img, outs[0])
        return dict(
            p_clean=p_clean,
            clean_mask=(p_clean >= 0.5).to(img.dtype),
            restored=outs[0].float(),
            coarse=outs[2].float())

    def loss(self, inputs: torch.Tensor,
             data_samples: Optional[List]) -> Dict[str, torch.Tensor]:
        """Charbonnier + edge loss of every stage against ``gt_img``."""
        gt, _ = self.data_preprocessor.stack_targets(data_samples)
        losses = {}
        for k, out in zip((3, 2, 1), self.net(inputs)):
            if self.loss_rec is not None:
                losses[f'loss_rec_s{k}'] = self.loss_rec(out, gt)
            if self.loss_edge is not None:
                losses[f'loss_edge_s{k}'] = self.loss_edge(out, gt)
        return losses
