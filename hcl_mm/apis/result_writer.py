# Copyright (c) hcl_mm contributors. All rights reserved.
"""The images a restoration result is written as, for people.

Every image written for people draws white = corrupted (masks, soft maps,
grids); the arrays of the API keep ``p_clean`` (1 = clean) and
``corrupted`` (True = corrupted) by name.
"""
import os.path as osp
from typing import Collection, Dict, Optional

import numpy as np

from hcl_mm.utils import write_image_atomic

#: file suffixes of one result, in the order written
SUFFIXES = ('_mask.png', '_p_corrupted.png', '_restored.png')
GRID_SUFFIX = '_grid.png'


def result_grid(img: np.ndarray, pred: dict) -> np.ndarray:
    """``input | mask (white = corrupted) | restored``, RGB ``uint8``."""
    mask = np.repeat(pred['corrupted'].astype(np.uint8)[..., None] * 255, 3, 2)
    gap = np.full((img.shape[0], 4, 3), 255, np.uint8)
    return np.concatenate([img, gap, mask, gap, pred['restored']], 1)


def result_images(pred: dict,
                  img: Optional[np.ndarray] = None) -> Dict[str, np.ndarray]:
    """The files of one result as OpenCV-order arrays, by suffix.

    ``_mask.png`` (white = corrupted), ``_p_corrupted.png`` (soft
    P(corrupted), 0-255), ``_restored.png`` (one channel for a grey photo)
    and, given the input ``img`` (RGB), ``_grid.png``.
    """
    p_corrupted = np.clip((1 - pred['p_clean']) * 255, 0, 255)
    files = {
        '_mask.png':
        pred['corrupted'].astype(np.uint8) * 255,
        '_p_corrupted.png':
        p_corrupted.round().astype(np.uint8),
        # a grey photo comes back as a one-channel image
        '_restored.png': (pred['restored'][..., 0] if pred.get('grey') else
                          pred['restored'][..., ::-1]),
    }
    if img is not None:
        files[GRID_SUFFIX] = result_grid(img, pred)[..., ::-1]
    return files


def write_result(
    out_dir: str,
    name: str,
    pred: dict,
    img: Optional[np.ndarray] = None,
    protected: Collection[str] = ()) -> None:
    """Write :func:`result_images` as ``out_dir/name{suffix}``, each file
    atomically.

    Raises:
        OSError: a destination is one of ``protected`` (absolute paths: the
            inputs, never overwritten) or cannot be written.
    """
    for suffix, arr in result_images(pred, img).items():
        path = osp.join(out_dir, name + suffix)
        if osp.abspath(path) in protected:
            raise OSError(f'refusing to overwrite the input {path}')
        write_image_atomic(path, np.ascontiguousarray(arr))
