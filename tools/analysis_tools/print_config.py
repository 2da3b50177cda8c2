# Copyright (c) hcl_mm contributors. All rights reserved.
"""Print the fully merged config, its '${name}' references resolved."""
import argparse
import os.path as osp
import sys

from mmengine.config import Config, DictAction

sys.path.insert(0,
                osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__)))))
from hcl_mm.utils import resolve_refs  # noqa: E402


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description='Print the full config')
    parser.add_argument('config', help='config file path')
    parser.add_argument(
        '--cfg-options',
        nargs='+',
        action=DictAction,
        help='override config entries, key=value')
    parser.add_argument(
        '--raw',
        action='store_true',
        help="keep the late-bound '${name}' references as written")
    args = parser.parse_args(argv)
    cfg = Config.fromfile(args.config)
    if args.cfg_options is not None:
        cfg.merge_from_dict(args.cfg_options)
    if not args.raw:
        resolve_refs(cfg)
    print(cfg.pretty_text)


if __name__ == '__main__':
    main()
