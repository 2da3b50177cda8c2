# Copyright (c) hcl_mm contributors. All rights reserved.
"""FLOPs and parameters of a model config at an input size.

Counts with ``torch.utils.flop_counter`` (convolutions, matmuls and fused
``scaled_dot_product_attention`` included) over the model's plain tensor
forward (``forward_dummy`` when it has one, else ``mode='tensor'``)::

    python tools/analysis_tools/get_flops.py configs/hcl/hcl_places_512.py \
        --shape 512 512
"""
import argparse
import os.path as osp
import sys

import torch
from mmengine.config import Config, DictAction

sys.path.insert(0,
                osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__)))))

from hcl_mm.models import inference_model_cfg  # noqa: E402
from hcl_mm.registry import MODELS  # noqa: E402
from hcl_mm.utils import register_all_modules  # noqa: E402


def count(cfg: Config, shape) -> dict:
    """Parameters (by top-level part) and FLOPs of one forward."""
    from torch.utils.flop_counter import FlopCounterMode
    model_cfg = cfg.model
    if model_cfg.get('type', '').endswith('HCLInpaintor'):
        model_cfg = inference_model_cfg(model_cfg)  # inference graph only
    model = MODELS.build(model_cfg).eval()
    x = torch.rand(1, 3, *shape) * 2 - 1
    fwd = getattr(model, 'forward_dummy',
                  None) or (lambda t: model(t, mode='tensor'))
    with torch.no_grad(), FlopCounterMode(display=False) as counter:
        fwd(x)
    parts = {
        name: sum(p.numel() for p in m.parameters())
        for name, m in model.named_children()
        if any(True for _ in m.parameters())
    }
    return dict(flops=counter.get_total_flops(), params=parts)


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('config')
    parser.add_argument(
        '--shape', type=int, nargs=2, default=[256, 256], metavar=('H', 'W'))
    parser.add_argument('--cfg-options', nargs='+', action=DictAction)
    args = parser.parse_args(argv)
    register_all_modules()
    cfg = Config.fromfile(args.config)
    if args.cfg_options:
        cfg.merge_from_dict(args.cfg_options)
    res = count(cfg, args.shape)
    total = sum(res['params'].values())
    print(f'input 1x3x{args.shape[0]}x{args.shape[1]}: '
          f'{res["flops"] / 1e9:.1f} GFLOPs (multiply-add = 2 FLOPs)')
    for name, n in res['params'].items():
        print(f'  {name}: {n:,} parameters')
    print(f'  total: {total:,} parameters')


if __name__ == '__main__':
    main()
