# Copyright (c) hcl_mm contributors. All rights reserved.
"""Test (evaluate) a checkpoint with the config's test loop.

Examples::

    python tools/test.py CONFIG CHECKPOINT
    tools/dist_test.sh CONFIG CHECKPOINT 8
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
from hcl_mm.utils import write_bytes_atomic  # noqa: E402
from hcl_mm.utils import setup_cpu_distributed, teardown_distributed


def parse_args(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description='Test a checkpoint')
    parser.add_argument('config', help='test config file path')
    parser.add_argument('checkpoint', help='checkpoint file')
    parser.add_argument('--work-dir', help='the dir to save logs and metrics')
    parser.add_argument('--out', help='dump the metrics to this JSON file')
    parser.add_argument(
        '--show-dir',
        help='write a grid per image (input, GT mask, predicted masks '
        'coarse to fine, output, GT) to this folder (relative paths go '
        'under the work dir)')
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


def _dump_json(obj: dict, path: str) -> None:
    """Write JSON atomically (a temporary file renamed into place)."""
    import json
    write_bytes_atomic(path, json.dumps(obj, indent=2).encode())


def main(argv=None) -> dict:
    args = parse_args(argv)
    cfg = Config.fromfile(args.config)
    cfg.launcher = args.launcher
    if args.cfg_options is not None:
        cfg.merge_from_dict(args.cfg_options)
    if args.work_dir is not None:
        cfg.work_dir = args.work_dir
    elif cfg.get('work_dir', None) is None:
        cfg.work_dir = osp.join('./work_dirs',
                                osp.splitext(osp.basename(args.config))[0])
    if not osp.isfile(args.checkpoint):
        raise FileNotFoundError(f'checkpoint not found: {args.checkpoint}')
    cfg.load_from = args.checkpoint
    if args.show_dir:
        cfg.custom_hooks = list(cfg.get('custom_hooks', None) or []) + [
            dict(
                type='hcl_mm.CorruptionVisualizationHook',
                out_dir=args.show_dir)
        ]
    register_checkpoint_safe_globals()
    setup_cpu_distributed(cfg, args.launcher)
    try:
        # hcl_mm's configs select HCLRunner (late-bound '${name}' entries)
        runner = (
            RUNNERS.build(cfg)
            if 'runner_type' in cfg else Runner.from_cfg(cfg))
        metrics = runner.test()
        if args.out and runner.rank == 0:
            _dump_json({k: float(v) for k, v in metrics.items()}, args.out)
        return metrics
    finally:
        teardown_distributed()


if __name__ == '__main__':
    main()
