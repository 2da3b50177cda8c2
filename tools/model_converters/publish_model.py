# Copyright (c) hcl_mm contributors. All rights reserved.
"""Strip a training checkpoint down to what inference loads.

Keeps ``state_dict`` minus the training-only parts (critics; optimiser,
scheduler and message-hub states are dropped with the rest of the file) and
``meta`` (config, seed, iteration), optionally in half precision, written
atomically. Prints the size and the SHA-256 (first 8 hex digits, the
OpenMMLab naming convention)::

    python tools/model_converters/publish_model.py \
        work_dirs/hcl_tiny_demo/iter_2500.pth \
        hcl_mm/data/checkpoints/hcl_tiny_demo.pth
"""
import argparse
import hashlib
import io
import os.path as osp
import sys

import torch

sys.path.insert(0,
                osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__)))))

from hcl_mm.utils.io import write_bytes_atomic  # noqa: E402

TRAINING_ONLY_PREFIXES = ('critic.', 'global_critic.', 'patch_critic.')


def publish(src: str, dst: str, fp16: bool = False) -> str:
    """Write the inference checkpoint; returns its SHA-256 hex digest."""
    if osp.abspath(src) == osp.abspath(dst):
        raise ValueError(f'refusing to overwrite the source {src}')
    import hcl_mm.engine  # noqa: F401  (allow-lists MMEngine's types)
    ckpt = torch.load(src, map_location='cpu', weights_only=True)
    state = ckpt.get('state_dict', ckpt)
    kept = {
        k: (v.half() if fp16 and v.is_floating_point() else v)
        for k, v in state.items() if not k.startswith(TRAINING_ONLY_PREFIXES)
    }
    meta = {
        k: v
        for k, v in ckpt.get('meta', {}).items()
        if k in ('cfg', 'seed', 'iter', 'epoch', 'mmengine_version', 'time')
    }
    buf = io.BytesIO()
    torch.save(dict(meta=meta, state_dict=kept), buf)
    write_bytes_atomic(dst, buf.getvalue())
    with open(dst, 'rb') as f:
        return hashlib.sha256(f.read()).hexdigest()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('src', help='training checkpoint')
    parser.add_argument('dst', help='output file')
    parser.add_argument(
        '--fp16',
        action='store_true',
        help='store floating tensors in half precision')
    args = parser.parse_args()
    digest = publish(args.src, args.dst, args.fp16)
    size = osp.getsize(args.dst) / 2**20
    print(f'{args.dst}: {size:.2f} MB, sha256 {digest[:8]}')


if __name__ == '__main__':
    main()
