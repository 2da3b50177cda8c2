# Copyright (c) hcl_mm contributors. All rights reserved.
"""Write grids of (clean, mask, corrupted) samples of a config's dataset.

Example::

    python tools/analysis_tools/browse_dataset.py CONFIG --output-dir vis \\
        --num 16 --split train
"""
import argparse
import os
import os.path as osp
import sys

import cv2
import numpy as np
from mmengine.config import Config, DictAction
from mmengine.registry import init_default_scope

sys.path.insert(0,
                osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__)))))

from hcl_mm.registry import DATASETS  # noqa: E402
from hcl_mm.utils import register_all_modules, resolve_refs  # noqa: E402


def sample_row(results: dict) -> np.ndarray:
    """Concatenate clean | mask | corrupted of one raw sample (BGR)."""
    mask = results['mask'] if 'mask' in results else results['gt_seg_map']
    mask = np.repeat((mask * 255).astype(np.uint8)[..., None], 3, axis=2)
    return np.concatenate([results['gt_img'], mask, results['img']], 1)


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('config', help='config file path')
    parser.add_argument('--output-dir', default='browse_dataset')
    parser.add_argument(
        '--split', choices=['train', 'val', 'test'], default='train')
    parser.add_argument('--num', type=int, default=8)
    parser.add_argument(
        '--per-grid',
        type=int,
        default=4,
        help='samples (rows) per grid image')
    parser.add_argument('--cfg-options', nargs='+', action=DictAction)
    args = parser.parse_args(argv)

    cfg = Config.fromfile(args.config)
    if args.cfg_options is not None:
        cfg.merge_from_dict(args.cfg_options)
    resolve_refs(cfg)  # the late-bound roots and corruption
    register_all_modules(init_default_scope=False)
    init_default_scope(cfg.get('default_scope', 'hcl_mm'))
    dataset_cfg = cfg[f'{args.split}_dataloader'].dataset.copy()
    # Keep the raw arrays: drop the packing step.
    dataset_cfg.pipeline = [
        t for t in dataset_cfg.pipeline if 'Pack' not in t['type']
    ]
    dataset = DATASETS.build(dataset_cfg)
    os.makedirs(args.output_dir, exist_ok=True)
    rows, written = [], []
    for i in range(min(args.num, len(dataset))):
        rows.append(sample_row(dataset[i]))
        if len(rows) == args.per_grid or i == min(args.num, len(dataset)) - 1:
            path = osp.join(args.output_dir,
                            f'{args.split}_{len(written):03d}.png')
            width = max(r.shape[1] for r in rows)
            rows = [
                np.pad(r, ((0, 0), (0, width - r.shape[1]), (0, 0)))
                for r in rows
            ]
            tmp = path + '.tmp.png'
            cv2.imwrite(tmp, np.concatenate(rows, 0))
            os.replace(tmp, path)
            written.append(path)
            rows = []
    print('\n'.join(written))


if __name__ == '__main__':
    main()
