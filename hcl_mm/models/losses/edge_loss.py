# Copyright (c) hcl_mm contributors. All rights reserved.
import torch
import torch.nn as nn
import torch.nn.functional as F

from hcl_mm.registry import MODELS

# the 5-tap binomial-like kernel of MPRNet's Laplacian
_TAPS = (0.05, 0.25, 0.4, 0.25, 0.05)


@MODELS.register_module()
class EdgeLoss(nn.Module):
    """Charbonnier distance between the Laplacians of two images (MPRNet,
    Zamir et al., CVPR 2021, Eq. 3).

    The Laplacian is one level of a Laplacian pyramid: the image minus its
    5x5 Gaussian blur, decimated by 2 and re-expanded (zeros between the
    samples, x4, blurred again); replicate padding.

    Args:
        eps (float): Charbonnier's epsilon, ``sqrt(d^2 + eps^2)``. Defaults
            to 1e-3 (the paper's).
        loss_weight (float): the paper weighs it 0.05 against the
            Charbonnier loss of the images.
    """

    def __init__(self, eps: float = 1e-3, loss_weight: float = 1.0) -> None:
        super().__init__()
        self.eps = eps
        self.loss_weight = loss_weight
        k = torch.tensor(_TAPS)
        self.register_buffer(
            'kernel', torch.outer(k, k)[None, None], persistent=False)

    def _blur(self, x: torch.Tensor) -> torch.Tensor:
        c = x.shape[1]
        x = F.pad(x, (2, 2, 2, 2), mode='replicate')
        return F.conv2d(
            x, self.kernel.to(x.dtype).expand(c, 1, 5, 5), groups=c)

    def laplacian(self, x: torch.Tensor) -> torch.Tensor:
        """``x`` minus its blurred, decimated and re-expanded self."""
        blurred = self._blur(x)
        expanded = torch.zeros_like(blurred)
        expanded[..., ::2, ::2] = blurred[..., ::2, ::2] * 4
        return x - self._blur(expanded)

    def forward(self, pred: torch.Tensor,
                target: torch.Tensor) -> torch.Tensor:
        d = self.laplacian(pred) - self.laplacian(target)
        return self.loss_weight * torch.sqrt(d * d + self.eps**2).mean()
