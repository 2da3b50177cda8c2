# Copyright (c) hcl_mm contributors. All rights reserved.
import os.path as osp
from typing import List, Optional, Sequence

import numpy as np
import torch
import torch.nn.functional as F
from mmengine.hooks import Hook

from hcl_mm.registry import HOOKS
from hcl_mm.utils.io import write_image_atomic


def _rgb(img: torch.Tensor) -> np.ndarray:
    """``(3, H, W)`` in [0, 255] -> ``uint8 (H, W, 3)`` RGB."""
    return img.detach().float().clamp(0, 255).round().byte().permute(
        1, 2, 0).cpu().numpy()


def _mask(mask: torch.Tensor, size) -> np.ndarray:
    """A 0/1 (or soft) mask (1 = clean) at ``size`` as a grey RGB tile
    drawn for people: white = corrupted."""
    m = mask.detach().float().view(1, 1, *mask.shape[-2:])
    m = F.interpolate(m, size=size, mode='nearest')[0, 0]
    tile = ((1 - m.clamp(0, 1)) * 255).round().byte().cpu().numpy()
    return np.repeat(tile[..., None], 3, axis=2)


def comparison_grid(sample, inputs: torch.Tensor) -> np.ndarray:
    """input | GT mask | predicted masks S1..S3 | output | GT, RGB uint8;
    masks drawn white = corrupted."""
    out = sample.output
    size = inputs.shape[-2:]
    tiles: List[np.ndarray] = [_rgb(inputs)]
    if 'mask' in sample:
        tiles.append(_mask(sample.mask, size))
    masks = out.get('stage_masks') or [out.pred_mask]
    tiles += [_mask(m, size) for m in masks]
    tiles.append(_rgb(out.pred_img))
    if 'gt_img' in sample:
        tiles.append(_rgb(sample.gt_img))
    gap = np.full((size[0], 4, 3), 255, np.uint8)
    row = []
    for t in tiles:
        row += [t, gap]
    return np.concatenate(row[:-1], axis=1)


@HOOKS.register_module()
class CorruptionVisualizationHook(Hook):
    """Write a side-by-side grid per test (or val) image.

    ``input | GT mask | predicted masks coarse to fine | output | GT``
    (masks white = corrupted, as every image hcl_mm draws for people), one
    PNG per image named after its input, written atomically to
    ``out_dir`` (relative paths go under the work dir) and handed to the
    runner's visualizer (``add_image``), so every configured
    ``vis_backends`` entry (local, TensorBoard, W&B) receives the grids.
    ``tools/test.py --show-dir DIR`` adds this hook.

    Args:
        out_dir (str): output folder.
        interval (int): visualise every ``interval``-th batch. Defaults to 1.
        on_val (bool): also during validation. Defaults to False.
    """

    def __init__(self,
                 out_dir: str,
                 interval: int = 1,
                 on_val: bool = False) -> None:
        self.out_dir = out_dir
        self.interval = interval
        self.on_val = on_val

    def _write(self, runner, batch_idx: int, data_batch: dict,
               outputs: Optional[Sequence]) -> None:
        if not outputs or batch_idx % self.interval:
            return
        root = self.out_dir if osp.isabs(self.out_dir) else osp.join(
            runner.work_dir, self.out_dir)
        # the training iteration (validation during training), else 0; not
        # runner.iter, which builds the train loop (and its data) on access
        hub = getattr(runner, 'message_hub', None)
        step = hub.get_info('iter', 0) if hub is not None else 0
        for i, (sample,
                inputs) in enumerate(zip(outputs, data_batch['inputs'])):
            name = osp.splitext(
                osp.basename(
                    sample.metainfo.get('img_path', f'{batch_idx}_{i}')))[0]
            split_bin = sample.metainfo.get('split_bin')
            if split_bin:
                name = f'{split_bin}_{name}'
            grid = comparison_grid(sample, inputs.float())
            write_image_atomic(
                osp.join(root, f'{name}.png'), grid[..., ::-1].copy())
            # and to the runner's visualizer, so its backends (local,
            # TensorBoard, W&B: the config's `vis_backends`) get the grids
            visualizer = getattr(runner, 'visualizer', None)
            if visualizer is not None:
                visualizer.add_image(name, grid, step=step)

    def after_test_iter(self,
                        runner,
                        batch_idx,
                        data_batch=None,
                        outputs=None) -> None:
        self._write(runner, batch_idx, data_batch, outputs)

    def after_val_iter(self,
                       runner,
                       batch_idx,
                       data_batch=None,
                       outputs=None) -> None:
        if self.on_val:
            self._write(runner, batch_idx, data_batch, outputs)
