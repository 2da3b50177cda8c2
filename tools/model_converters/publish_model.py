# Copyright (c) hcl_mm contributors. All rights reserved.
"""Strip a training checkpoint down to what inference loads.

Keeps ``state_dict`` minus the training-only parts (critics; optimiser,
scheduler and message-hub states are dropped with the rest of the file) and
``meta`` (config, seed, iteration), optionally in half precision, written
atomically. Prints the size and the SHA-256 (first 8 hex digits, the
OpenMMLab naming convention)::

    python tools/model_converters/publish_model.py \
        work_dirs/hcl_tiny_demo/iter_2500.pth \
        hcl_mm/data/checkpoints/hcl_tiny_demo.pth [--fp16] [--drop PREFIX]

``--drop`` leaves out parts the inference config no longer builds (an
unused backbone stage of an older training config).
"""
import argparse
import hashlib
import io
import os.path as osp
import sys
from typing import Sequence

import torch

sys.path.insert(0,
                osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__)))))

from hcl_mm.utils.io import write_bytes_atomic  # noqa: E402

TRAINING_ONLY_PREFIXES = ('critic.', 'global_critic.', 'patch_critic.')


def publish(src: str,
            dst: str,
            fp16: bool = False,
            drop: Sequence[str] = ()) -> str:
    """Write the inference checkpoint; returns its SHA-256 hex digest.

    Args:
        src (str): training checkpoint.
        dst (str): output file (never ``src``).
        fp16 (bool): floating tensors in half precision.
        drop (Sequence[str]): more key prefixes to leave out (parts the
            inference config no longer builds, e.g. an unused backbone
            stage); each must match at least one key.
    """
    if osp.abspath(src) == osp.abspath(dst):
        raise ValueError(f'refusing to overwrite the source {src}')
    import hcl_mm.engine  # noqa: F401  (allow-lists MMEngine's types)
    ckpt = torch.load(src, map_location='cpu', weights_only=True)
    state = ckpt.get('state_dict', ckpt)
    for prefix in drop:
        if not any(k.startswith(prefix) for k in state):
            raise KeyError(f'--drop {prefix!r}: no key of {src} starts '
                           'with it')
    skip = TRAINING_ONLY_PREFIXES + tuple(drop)
    kept = {
        k: (v.half() if fp16 and v.is_floating_point() else v)
        for k, v in state.items() if not k.startswith(skip)
    }
    meta = {
        k: v
        for k, v in ckpt.get('meta', {}).items()
        if k in ('cfg', 'seed', 'iter', 'epoch', 'mmengine_version', 'time')
    }
    buf = io.BytesIO()
    torch.save(dict(meta=meta, state_dict=kept), buf)
    data = buf.getvalue()
    write_bytes_atomic(dst, data)
    return hashlib.sha256(data).hexdigest()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('src', help='training checkpoint')
    parser.add_argument('dst', help='output file')
    parser.add_argument(
        '--fp16',
        action='store_true',
        help='store floating tensors in half precision')
    parser.add_argument(
        '--drop',
        nargs='+',
        default=[],
        metavar='PREFIX',
        help='also leave out the keys under these prefixes (parts the '
        'config no longer builds)')
    args = parser.parse_args()
    try:
        digest = publish(args.src, args.dst, args.fp16, args.drop)
    except (KeyError, ValueError) as e:
        raise SystemExit(f'publish_model: {e.args[0]}')
    size = osp.getsize(args.dst) / 2**20
    print(f'{args.dst}: {size:.2f} MB, sha256 {digest[:8]}')


if __name__ == '__main__':
    main()
