# Copyright (c) hcl_mm contributors. All rights reserved.
"""Train a model from a config (MMEngine Runner).

Examples::

    python tools/train.py configs/hcl/hcl_places_512.py
    python tools/train.py CONFIG --resume            # latest checkpoint
    python tools/train.py CONFIG --resume work_dirs/x/iter_4000.pth
    tools/dist_train.sh CONFIG 8                     # NCCL, or gloo on CPU
"""
import argparse
import os
import os.path as osp
import sys

from mmengine.config import Config, DictAction
from mmengine.registry import RUNNERS
from mmengine.runner import Runner

sys.path.insert(0, osp.dirname(osp.dirname(osp.abspath(__file__))))

from hcl_mm.utils import register_checkpoint_safe_globals  # noqa: E402
from hcl_mm.utils import setup_cpu_distributed, teardown_distributed


def parse_args(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description='Train a model')
    parser.add_argument('config', help='train config file path')
    parser.add_argument('--work-dir', help='the dir to save logs and models')
    parser.add_argument(
        '--resume',
        nargs='?',
        type=str,
        const='auto',
        help='resume from the given checkpoint, or from the latest checkpoint '
        'of the work dir when no path is given')
    parser.add_argument(
        '--amp', action='store_true', help='enable automatic mixed precision')
    parser.add_argument(
        '--auto-scale-lr',
        action='store_true',
        help='scale the learning rate with the total batch size '
        '(needs auto_scale_lr.base_batch_size in the config)')
    parser.add_argument(
        '--cfg-options',
        nargs='+',
        action=DictAction,
        help='override config entries, key=value (xxx=yyy format)')
    parser.add_argument(
        '--launcher',
        choices=['none', 'pytorch', 'slurm', 'mpi'],
        default='none',
        help='job launcher')
    parser.add_argument('--local_rank', '--local-rank', type=int, default=0)
    args = parser.parse_args(argv)
    if 'LOCAL_RANK' not in os.environ:
        os.environ['LOCAL_RANK'] = str(args.local_rank)
    return args


def build_cfg(args: argparse.Namespace) -> Config:
    """Load the config and apply the command-line options."""
    cfg = Config.fromfile(args.config)
    cfg.launcher = args.launcher
    if args.cfg_options is not None:
        cfg.merge_from_dict(args.cfg_options)
    if args.work_dir is not None:
        cfg.work_dir = args.work_dir
    elif cfg.get('work_dir', None) is None:
        cfg.work_dir = osp.join('./work_dirs',
                                osp.splitext(osp.basename(args.config))[0])
    if args.amp:
        _enable_amp(cfg)
    if args.auto_scale_lr:
        if 'auto_scale_lr' not in cfg or \
                'base_batch_size' not in cfg.auto_scale_lr:
            raise KeyError('--auto-scale-lr needs auto_scale_lr.'
                           'base_batch_size in the config')
        cfg.auto_scale_lr.enable = True
    if args.resume == 'auto':
        cfg.resume = True
        cfg.load_from = None
    elif args.resume is not None:
        cfg.resume = True
        cfg.load_from = args.resume
    return cfg


def _enable_amp(cfg: Config) -> None:
    """Switch every optimizer wrapper of the config to mixed precision.

    With CUDA: MMEngine's ``AmpOptimWrapper`` (fp16, dynamic loss scale).
    Without: hcl_mm's ``AutocastOptimWrapper`` (bf16 autocast on the CPU).
    """
    import torch
    cuda = torch.cuda.is_available()
    optim_wrapper = cfg.optim_wrapper
    wrappers = ([optim_wrapper] if 'optimizer' in optim_wrapper else
                [v for v in optim_wrapper.values() if isinstance(v, dict)])
    for wrapper in wrappers:
        if wrapper.get('type', 'OptimWrapper') in ('AmpOptimWrapper',
                                                   'AutocastOptimWrapper'):
            continue
        if cuda:
            wrapper['type'] = 'AmpOptimWrapper'
            wrapper.setdefault('loss_scale', 'dynamic')
        else:
            wrapper['type'] = 'hcl_mm.AutocastOptimWrapper'
            wrapper.setdefault('dtype', 'bfloat16')


def main(argv=None) -> None:
    args = parse_args(argv)
    cfg = build_cfg(args)
    register_checkpoint_safe_globals()
    setup_cpu_distributed(cfg, args.launcher)
    try:
        # hcl_mm's configs select HCLRunner (late-bound '${name}' entries)
        runner = (
            RUNNERS.build(cfg)
            if 'runner_type' in cfg else Runner.from_cfg(cfg))
        runner.train()
    finally:
        teardown_distributed()


if __name__ == '__main__':
    main()
