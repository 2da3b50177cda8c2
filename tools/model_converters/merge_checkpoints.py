# Copyright (c) hcl_mm contributors. All rights reserved.
"""Take some parts of a model from one checkpoint, the rest from another.

The CPU recipe trains the detector (step 1) and the restorer (step 2) in
separate runs. A restorer trained on an earlier detector can be carried over
to a newer one and trained on from there: the newer detector's checkpoint
with the restorer's parts (``--parts decoder refiner critic``) taken from the
earlier step 2::

    python tools/model_converters/merge_checkpoints.py \
        work_dirs/det/minute_0100.0.pth work_dirs/rest/minute_0060.0.pth \
        work_dirs/merged.pth --parts decoder refiner critic

Keys are model parameter names (``decoder.``, ``refiner.`` ...); a part
must exist in both checkpoints with the same shapes. Only ``state_dict`` and
``meta`` (of the base) are written (no optimizer: start a new run from it
with ``load_from``), atomically; the inputs are never overwritten.
"""
import argparse
import io
import os.path as osp
import sys
from typing import Dict, Sequence

import torch

sys.path.insert(0,
                osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__)))))


def merge(base: str, other: str, dst: str, parts: Sequence[str]) -> Dict:
    """Write ``base`` with the ``parts`` (module names) of ``other``.

    Returns:
        dict: the number of tensors taken per part.

    Raises:
        ValueError: ``dst`` is one of the inputs, no part is given, or a
            part is missing from either checkpoint or differs in its keys
            or shapes (the message names the part and the checkpoint).
    """
    import hcl_mm.engine  # noqa: F401  (allow-lists MMEngine's types)
    from hcl_mm.utils import write_bytes_atomic
    if osp.abspath(dst) in (osp.abspath(base), osp.abspath(other)):
        raise ValueError(f'refusing to overwrite an input: {dst}')
    if not parts:
        raise ValueError('name at least one part to take (--parts)')
    base_ckpt, other_ckpt = (
        torch.load(p, map_location='cpu', weights_only=True)
        for p in (base, other))
    state = dict(base_ckpt.get('state_dict', base_ckpt))
    donor = other_ckpt.get('state_dict', other_ckpt)
    taken = {}
    for part in parts:
        prefix = part.rstrip('.') + '.'
        mine = {k: v for k, v in state.items() if k.startswith(prefix)}
        theirs = {k: v for k, v in donor.items() if k.startswith(prefix)}
        if not theirs:
            raise ValueError(f'{other} has no part {part!r}')
        if mine.keys() != theirs.keys():
            raise ValueError(
                f'part {part!r} has different parameters in {base} and '
                f'{other}: {sorted(mine.keys() ^ theirs.keys())[:5]}')
        for k, v in theirs.items():
            if v.shape != mine[k].shape:
                raise ValueError(f'{k}: shape {tuple(v.shape)} in {other}, '
                                 f'{tuple(mine[k].shape)} in {base}')
            state[k] = v
        taken[part] = len(theirs)
    buf = io.BytesIO()
    torch.save(dict(meta=base_ckpt.get('meta', {}), state_dict=state), buf)
    write_bytes_atomic(dst, buf.getvalue())
    return taken


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('base', help='checkpoint giving every other part')
    parser.add_argument('other', help='checkpoint giving --parts')
    parser.add_argument('dst', help='output file')
    parser.add_argument(
        '--parts',
        nargs='+',
        required=True,
        help='module names taken from OTHER, e.g. decoder refiner critic')
    args = parser.parse_args()
    taken = merge(args.base, args.other, args.dst, args.parts)
    print(f'{args.dst}: ' + ', '.join(f'{p} ({n} tensors) from {args.other}'
                                      for p, n in taken.items()))


if __name__ == '__main__':
    main()
