# Copyright (c) hcl_mm contributors. All rights reserved.
"""The two networks of HCL as exportable modules.

Clustering (2-means, quadtree, classifier) is data-dependent control flow
and stays outside the graphs; everything with weights is inside:

* :class:`EmbeddingNet`: image -> the encoder's three features and the
  three stages' unit-norm pixel embeddings (every pixel);
* :class:`RestorationNet`: the three features, the per-scale clean masks and
  the full-resolution clean mask -> the restored image (decoder + refiner).
"""
from typing import Sequence, Tuple

import torch
import torch.nn as nn

NUM_SCALES = 3


class EmbeddingNet(nn.Module):
    """Encoder and projection heads of an ``HCLInpaintor``."""

    def __init__(self, model: nn.Module) -> None:
        super().__init__()
        self.encoder = model.encoder
        self.head = model.mask_detector

    def forward(self, img: torch.Tensor) -> Tuple[torch.Tensor, ...]:
        """``(B, 3, H, W)`` in [-1, 1] -> 3 features then 3 embeddings,
        fine to coarse."""
        feats = self.encoder(img)
        return (*feats, *self.head.embed(feats))


class RestorationNet(nn.Module):
    """Decoder and refiner of an ``HCLInpaintor`` under given masks."""

    def __init__(self, model: nn.Module) -> None:
        super().__init__()
        self.decoder = model.decoder
        self.refiner = model.refiner

    def forward(self, f0: torch.Tensor, f1: torch.Tensor, f2: torch.Tensor,
                m0: torch.Tensor, m1: torch.Tensor, m2: torch.Tensor,
                clean_mask: torch.Tensor) -> torch.Tensor:
        """Features and masks (1 = clean) fine to coarse, the mask at image
        size -> the restored image in [-1, 1]."""
        coarse = self.decoder([f0, f1, f2], [m0, m1, m2])
        return self.refiner(coarse, clean_mask)


EMBED_INPUTS = ['img']
EMBED_OUTPUTS = [f'feat{k}' for k in range(NUM_SCALES)
                 ] + [f'proj{k}' for k in range(NUM_SCALES)]
RESTORE_INPUTS = [f'feat{k}' for k in range(NUM_SCALES)
                  ] + [f'mask{k}' for k in range(NUM_SCALES)] + ['clean_mask']
RESTORE_OUTPUTS = ['restored']


def export_onnx(model: nn.Module,
                shape: Sequence[int],
                embed_path: str,
                restore_path: str,
                opset: int = 17) -> None:
    """Export both graphs of ``model`` for ``(H, W) = shape``, batch 1.

    The graphs are traced at that size (window attention's shifted masks
    depend on it); export once per deployment size.
    """
    model = model.eval().float()
    h, w = shape
    img = torch.zeros(1, 3, h, w)
    embed = EmbeddingNet(model).eval()
    with torch.no_grad():
        outs = embed(img)
    torch.onnx.export(
        embed, (img, ),
        embed_path,
        dynamo=False,
        opset_version=opset,
        input_names=EMBED_INPUTS,
        output_names=EMBED_OUTPUTS)
    feats = outs[:NUM_SCALES]
    masks = tuple(torch.ones(1, 1, *f.shape[-2:]) for f in feats)
    torch.onnx.export(
        RestorationNet(model).eval(), (*feats, *masks, torch.ones(1, 1, h, w)),
        restore_path,
        dynamo=False,
        opset_version=opset,
        input_names=RESTORE_INPUTS,
        output_names=RESTORE_OUTPUTS)
