# Copyright (c) hcl_mm contributors. All rights reserved.
"""Print the fully merged config."""
import argparse

from mmengine.config import Config, DictAction


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description='Print the full config')
    parser.add_argument('config', help='config file path')
    parser.add_argument(
        '--cfg-options',
        nargs='+',
        action=DictAction,
        help='override config entries, key=value')
    args = parser.parse_args(argv)
    cfg = Config.fromfile(args.config)
    if args.cfg_options is not None:
        cfg.merge_from_dict(args.cfg_options)
    print(cfg.pretty_text)


if __name__ == '__main__':
    main()
