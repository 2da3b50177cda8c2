# Copyright (c) hcl_mm contributors. All rights reserved.
from typing import Dict

import numpy as np
import torch
import torch.nn as nn

from hcl_mm.models.heads.hierarchical_contrastive_head import \
    input_size_p_clean
from hcl_mm.models.layers.resize import resize_nearest
from .onnx_modules import (EMBED_OUTPUTS, NUM_SCALES, RESTORE_INPUTS,
                           RESTORE_OUTPUTS)


class ONNXBlindRestorer:
    """Blind restoration with the two ONNX graphs of
    :func:`~hcl_mm.deployment.export_onnx` on onnxruntime, and the
    hierarchy's clustering (2-means, quadtree, classifier) and the head's
    boundary refiner and guided filter, if any, in torch.

    Args:
        embed_path (str): the embedding graph (``embed.onnx``).
        restore_path (str): the restoration graph (``restore.onnx``).
        head (nn.Module): the model's ``HierarchicalContrastiveHead``; only
            its clustering, classifier, boundary refiner and guided filter
            run (the projection heads are in the graph).
        providers (list, optional): onnxruntime execution providers.
            Defaults to the CPU provider.
        threads (int, optional): onnxruntime intra-op threads.
    """

    def __init__(self,
                 embed_path: str,
                 restore_path: str,
                 head: nn.Module,
                 providers=None,
                 threads: int = None) -> None:
        try:
            import onnxruntime as ort
        except ImportError as e:  # pragma: no cover - in the lock
            raise ImportError('ONNXBlindRestorer needs onnxruntime '
                              '(requirements/lock-cpu-py311.txt)') from e
        opts = ort.SessionOptions()
        if threads:
            opts.intra_op_num_threads = threads
            opts.inter_op_num_threads = 1
        providers = providers or ['CPUExecutionProvider']
        self.embed = ort.InferenceSession(
            embed_path, opts, providers=providers)
        self.restore = ort.InferenceSession(
            restore_path, opts, providers=providers)
        self.head = head.eval()
        self.size = tuple(self.embed.get_inputs()[0].shape[-2:])

    @torch.no_grad()
    def __call__(self, img: torch.Tensor) -> Dict[str, torch.Tensor]:
        """``(1, 3, H, W)`` in [-1, 1] at the exported size -> ``p_clean``,
        ``clean_mask`` (input size) and ``restored`` (in [-1, 1])."""
        if tuple(img.shape[-2:]) != self.size or img.shape[0] != 1:
            raise ValueError(f'the graphs were exported for one {self.size} '
                             f'image, got {tuple(img.shape)}')
        outs = dict(
            zip(EMBED_OUTPUTS,
                self.embed.run(None, {'img': img.float().numpy()})))
        feats = [torch.from_numpy(outs[f'feat{k}']) for k in range(3)]
        projs = [
            torch.from_numpy(outs[f'proj{k}'])
            for k in range(len(self.head.proj_heads))
        ]
        stages = self.head.cluster(projs)
        masks, confs = self.head.stage_maps(stages,
                                            [f.shape[-2:] for f in feats])
        det = dict(stages=stages, masks=masks, confs=confs)
        self.head.post_process(img.float(), feats, det)
        masks, confs = det['masks'], det['confs']  # finest post-processed
        clean = resize_nearest(masks[0], img.shape[-2:])
        inputs = [*feats, *masks[:NUM_SCALES], clean]
        restored, = self.restore.run(
            RESTORE_OUTPUTS, {
                name: np.ascontiguousarray(t.float().numpy())
                for name, t in zip(RESTORE_INPUTS, inputs)
            })
        return dict(
            p_clean=input_size_p_clean(dict(confs=confs), img.shape[-2:]),
            clean_mask=clean,
            restored=torch.from_numpy(restored))
